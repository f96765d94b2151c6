<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <location filename="../actions.py" line="21"/>
        <source>&amp;New project</source>
        <translation>新建项目(&amp;N)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="22"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="23"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="24"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="25"/>
        <source>&amp;Close project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="27"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="28"/>
        <source>Python code (.py)…</source>
        <translation>Python 代码 (.py)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="29"/>
        <source>ONNX (.onnx)…</source>
        <translation>ONNX (.onnx)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="30"/>
        <source>TorchScript (.pt)…</source>
        <translation>TorchScript (.pt)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="31"/>
        <source>Graph picture (.png)…</source>
        <translation>计算图图片 (.png)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="32"/>
        <source>Graph drawing (.svg)…</source>
        <translation>计算图矢量图 (.svg)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="33"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="34"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="35"/>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="36"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="37"/>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="38"/>
        <source>D&amp;uplicate</source>
        <translation>创建副本(&amp;U)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="39"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="40"/>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="41"/>
        <source>&amp;Quick add layer…</source>
        <translation>快速添加层(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="42"/>
        <source>Auto-&amp;layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="43"/>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="44"/>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="45"/>
        <source>&amp;Fit to view</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="46"/>
        <source>&amp;Snap to grid</source>
        <translation>对齐网格(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="47"/>
        <source>Show &amp;code</source>
        <translation>显示代码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="48"/>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="49"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="50"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="51"/>
        <source>&amp;Layer reference</source>
        <translation>层参考手册(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="52"/>
        <source>&amp;About NetStudio</source>
        <translation>关于 NetStudio(&amp;A)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="162"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="163"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="164"/>
        <source>Open &amp;sample</source>
        <translation>打开示例(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="165"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="166"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="167"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="168"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="169"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="170"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>AutoencoderView</name>
    <message>
        <location filename="../training/plots/autoencoder.py" line="46"/>
        <source>Reconstructions</source>
        <translation>重建结果</translation>
    </message>
    <message>
        <location filename="../training/plots/autoencoder.py" line="50"/>
        <source>Inputs and their reconstructions appear after the first snapshot.</source>
        <translation>第一次快照之后，这里会显示输入及其重建结果。</translation>
    </message>
    <message>
        <location filename="../training/plots/autoencoder.py" line="52"/>
        <source>Odd rows: validation inputs; even rows: what the autoencoder gives back (step %1)</source>
        <translation>奇数行：验证集输入；偶数行：自编码器还原的结果（第 %1 步）</translation>
    </message>
</context>
<context>
    <name>BoundaryView</name>
    <message>
        <location filename="../training/plots/boundary.py" line="51"/>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <location filename="../training/plots/boundary.py" line="55"/>
        <source>For 2-D point datasets: the class the model picks at every point of the plane (pale where it is unsure), with the training points.</source>
        <translation>用于二维点数据集：模型在平面上每一点选择的类别（不确定处颜色较浅），并叠加训练点。</translation>
    </message>
    <message>
        <location filename="../training/plots/boundary.py" line="58"/>
        <source>Class regions at step %1; points are the training data</source>
        <translation>第 %1 步的类别区域；点为训练数据</translation>
    </message>
</context>
<context>
    <name>ClassificationView</name>
    <message>
        <location filename="../training/plots/classification.py" line="56"/>
        <source>Confusion</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="61"/>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="62"/>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="64"/>
        <source>The confusion matrix appears after the first epoch.</source>
        <translation>第一轮（epoch）结束后显示混淆矩阵。</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="67"/>
        <source>Validation after epoch %1: %2 correct (the diagonal)</source>
        <translation>第 %1 轮后的验证结果：%2 正确（对角线）</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="70"/>
        <source>The most confidently wrong validation examples appear here.</source>
        <translation>这里显示模型最有把握却判断错误的验证样本。</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="72"/>
        <source>Most confidently wrong: true → predicted (confidence)</source>
        <translation>最有把握的错误：真实 → 预测（置信度）</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>Unknown layer type &apos;%1&apos;.</source>
        <translation type="vanished">未知的层类型“%1”。</translation>
    </message>
    <message>
        <location filename="../document.py" line="160"/>
        <source>Training — the graph is read-only. Stop training to edit it.</source>
        <translation>训练中——计算图为只读。停止训练后才能编辑。</translation>
    </message>
    <message>
        <location filename="../document.py" line="190"/>
        <source>A layer cannot be connected to itself.</source>
        <translation>一个层不能连接到它自己。</translation>
    </message>
    <message>
        <location filename="../document.py" line="192"/>
        <source>Connecting %1 to %2 would make a loop; the data must flow one way.</source>
        <translation>把 %1 连接到 %2 会形成环路；数据只能单向流动。</translation>
    </message>
    <message>
        <location filename="../document.py" line="244"/>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
</context>
<context>
    <name>EditOps</name>
    <message>
        <location filename="../edit_ops.py" line="67"/>
        <source>The clipboard holds no NetStudio layers.</source>
        <translation>剪贴板中没有 NetStudio 层。</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="149"/>
        <source>Export Python code</source>
        <translation>导出 Python 代码</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="149"/>
        <source>Python file (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="150"/>
        <source>Export ONNX</source>
        <translation>导出 ONNX</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="150"/>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="151"/>
        <source>Export TorchScript</source>
        <translation>导出 TorchScript</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="151"/>
        <source>TorchScript file (*.pt)</source>
        <translation>TorchScript 文件 (*.pt)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="159"/>
        <location filename="../edit_ops.py" line="168"/>
        <location filename="../edit_ops.py" line="171"/>
        <location filename="../edit_ops.py" line="189"/>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="160"/>
        <source>The graph has %1 error(s); fix them first. The first one: %2</source>
        <translation>计算图有 %1 个错误，请先修正。第一个错误：%2</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="173"/>
        <location filename="../edit_ops.py" line="191"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="182"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="182"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="183"/>
        <source>Export graph picture</source>
        <translation>导出计算图图片</translation>
    </message>
</context>
<context>
    <name>FeatureMapsView</name>
    <message>
        <location filename="../training/plots/feature_maps.py" line="56"/>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <location filename="../training/plots/feature_maps.py" line="59"/>
        <source>validation sample</source>
        <translation>验证样本</translation>
    </message>
    <message>
        <location filename="../training/plots/feature_maps.py" line="64"/>
        <source>Click a layer on the canvas to see what it computes for a validation sample.</source>
        <translation>在画布上点击一个层，查看它对一个验证样本的计算结果。</translation>
    </message>
    <message>
        <location filename="../training/plots/feature_maps.py" line="66"/>
        <source>%1: waiting for the next snapshot…</source>
        <translation>%1：等待下一次快照…</translation>
    </message>
    <message>
        <location filename="../training/plots/feature_maps.py" line="70"/>
        <source>%1 output %2 at step %3: mean %4, %5% zero</source>
        <translation>%1 的输出 %2（第 %3 步）：均值 %4，%5% 为零</translation>
    </message>
</context>
<context>
    <name>FiltersView</name>
    <message>
        <location filename="../training/plots/filters.py" line="69"/>
        <source>Filters</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <location filename="../training/plots/filters.py" line="72"/>
        <source>The graph has no convolution layer, or training has not sent its weights yet.</source>
        <translation>计算图中没有卷积层，或者训练尚未发送权重。</translation>
    </message>
    <message>
        <location filename="../training/plots/filters.py" line="73"/>
        <source>Click a filter to enlarge it.</source>
        <translation>点击一个卷积核可放大查看。</translation>
    </message>
    <message>
        <location filename="../training/plots/filters.py" line="138"/>
        <source>%1 filters, weights %2; grey = 0, light = positive, dark = negative</source>
        <translation>%1 的卷积核，权重 %2；灰色 = 0，浅色 = 正，深色 = 负</translation>
    </message>
    <message>
        <location filename="../training/plots/filters.py" line="168"/>
        <source>%1 filter %2: %3 input channel(s), values %4 … %5</source>
        <translation>%1 的第 %2 个卷积核：%3 个输入通道，取值 %4 … %5</translation>
    </message>
</context>
<context>
    <name>GanView</name>
    <message>
        <location filename="../training/plots/gan.py" line="58"/>
        <source>GAN</source>
        <translation>GAN</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="62"/>
        <source>Losses</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="63"/>
        <source>Discriminator outputs</source>
        <translation>判别器输出</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="64"/>
        <source>D on real</source>
        <translation>D（真实）</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="64"/>
        <source>D on fake</source>
        <translation>D（生成）</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="65"/>
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="73"/>
        <source>Samples from a fixed noise batch appear after the first snapshot.</source>
        <translation>第一次快照之后，这里会显示由固定噪声生成的样本。</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="75"/>
        <source>%1 samples from the same noise, step %2</source>
        <translation>由同一噪声生成的 %1 个样本，第 %2 步</translation>
    </message>
</context>
<context>
    <name>GraphScene</name>
    <message>
        <location filename="../editor/scene.py" line="380"/>
        <source>Unknown layer type &apos;%1&apos;.</source>
        <translation>未知的层类型“%1”。</translation>
    </message>
</context>
<context>
    <name>GraphView</name>
    <message>
        <location filename="../editor/view.py" line="195"/>
        <source>Drag a layer here from the Layers panel, double-click one there, or press Tab to search.
Start with an Input; each double-click adds the next layer after the selected one.</source>
        <translation>从“层”面板把一个层拖到这里，或在面板中双击它，或按 Tab 键搜索。
先添加一个 Input；之后每次双击都会把下一个层接在选中的层后面。</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../inspector.py" line="64"/>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="99"/>
        <source>Select a layer to edit its parameters.</source>
        <translation>选择一个层以编辑它的参数。</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="115"/>
        <source>%1 (inferred)</source>
        <translation>%1（自动推断）</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="116"/>
        <source>inferred from the input</source>
        <translation>由输入自动推断</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="120"/>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="157"/>
        <source>This layer has no parameters.</source>
        <translation>这个层没有参数。</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="183"/>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="183"/>
        <source>Shapes</source>
        <translation>形状</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="183"/>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="184"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>LayerReference</name>
    <message>
        <location filename="../reference.py" line="42"/>
        <source>Layer reference</source>
        <translation>层参考手册</translation>
    </message>
</context>
<context>
    <name>LossView</name>
    <message>
        <location filename="../training/plots/loss.py" line="150"/>
        <location filename="../training/plots/loss.py" line="157"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="153"/>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="154"/>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="155"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="158"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="159"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="161"/>
        <source>training (per step)</source>
        <translation>训练（每步）</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="162"/>
        <source>training (smoothed)</source>
        <translation>训练（平滑）</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="163"/>
        <source>validation (per epoch)</source>
        <translation>验证（每轮）</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="166"/>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="167"/>
        <source>Validation %1</source>
        <translation>验证 %1</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="267"/>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="268"/>
        <source>loss %1</source>
        <translation>损失 %1</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="269"/>
        <source>smoothed %1</source>
        <translation>平滑 %1</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="272"/>
        <source>lr %1</source>
        <translation>学习率 %1</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="309"/>
        <source>Export the loss plots</source>
        <translation>导出损失曲线图</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="314"/>
        <source>Export the loss values</source>
        <translation>导出损失数值</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cannot open the project</source>
        <translation type="vanished">无法打开项目</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation type="vanished">保存项目</translation>
    </message>
    <message>
        <source>NetStudio project (*.nsproj *.json)</source>
        <translation type="vanished">NetStudio 项目 (*.nsproj *.json)</translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation type="vanished">无法保存项目</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="vanished">已保存 %1</translation>
    </message>
    <message>
        <source>Cannot restore the unsaved work</source>
        <translation type="vanished">无法恢复未保存的工作</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="vanished">未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to &quot;%1&quot; before closing it?</source>
        <translation type="vanished">关闭前是否保存对“%1”的更改？</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation type="vanished">恢复未保存的工作？</translation>
    </message>
    <message>
        <source>NetStudio closed unexpectedly while &quot;%1&quot; had unsaved changes (autosaved %2). Restore them?</source>
        <translation type="vanished">NetStudio 意外关闭时，“%1”有未保存的更改（自动保存于 %2）。要恢复吗？</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="vanished">打开项目</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="294"/>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="294"/>
        <source>Inspector</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="295"/>
        <source>Summary</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="295"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="298"/>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="321"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="333"/>
        <source>%1 layers · %2 parameters</source>
        <translation>%1 个层 · %2 个参数</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="336"/>
        <source>errors: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="376"/>
        <source>About NetStudio</source>
        <translation>关于 NetStudio</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="377"/>
        <source>NetStudio %1: design neural networks as graphs, train them with PyTorch and export plain PyTorch code.</source>
        <translation>NetStudio %1：用计算图设计神经网络，用 PyTorch 训练，并导出纯 PyTorch 代码。</translation>
    </message>
</context>
<context>
    <name>NodeItem</name>
    <message>
        <location filename="../editor/node_item.py" line="230"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../editor/node_item.py" line="232"/>
        <source>waiting for input</source>
        <translation>等待输入</translation>
    </message>
    <message>
        <location filename="../editor/node_item.py" line="239"/>
        <source>%1 params</source>
        <translation>%1 个参数</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <location filename="../palette.py" line="74"/>
        <source>Search layers (e.g. conv, pool, norm)</source>
        <translation>搜索层（例如 conv、pool、norm）</translation>
    </message>
</context>
<context>
    <name>ProjectFilesMixin</name>
    <message>
        <location filename="../window_files.py" line="54"/>
        <location filename="../window_files.py" line="59"/>
        <location filename="../window_files.py" line="70"/>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="96"/>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="96"/>
        <location filename="../window_files.py" line="172"/>
        <source>NetStudio project (*.nsproj *.json)</source>
        <translation>NetStudio 项目 (*.nsproj *.json)</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="103"/>
        <source>Cannot save the project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="106"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="125"/>
        <source>A damaged recovery file was set aside: %1</source>
        <translation>一个损坏的恢复文件已被移到一旁：%1</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="145"/>
        <source> (set aside as %1)</source>
        <translation>（已另存为 %1）</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="146"/>
        <source>Cannot restore the unsaved work</source>
        <translation>无法恢复未保存的工作</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="157"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="158"/>
        <source>Save the changes to &quot;%1&quot; before closing it?</source>
        <translation>关闭前是否保存对“%1”的更改？</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="164"/>
        <source>Restore unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="165"/>
        <source>NetStudio closed unexpectedly while &quot;%1&quot; had unsaved changes (autosaved %2). Restore them?</source>
        <translation>NetStudio 意外关闭时，“%1”有未保存的更改（自动保存于 %2）。要恢复吗？</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="172"/>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
</context>
<context>
    <name>QuickAddPopup</name>
    <message>
        <location filename="../editor/quick_add.py" line="24"/>
        <source>Search layers…</source>
        <translation>搜索层…</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <location filename="../summary_dock.py" line="178"/>
        <source>id</source>
        <translation>标识</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="178"/>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="178"/>
        <source>output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="179"/>
        <source>params</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="239"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="212"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="227"/>
        <source>Total parameters: %1</source>
        <translation>参数总数：%1</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="249"/>
        <source>No problems: the graph compiles.</source>
        <translation>没有问题：计算图可以编译。</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="251"/>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
</context>
<context>
    <name>TestResultsView</name>
    <message>
        <location filename="../training/plots/evaluation.py" line="57"/>
        <source>Test results</source>
        <translation>测试结果</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="60"/>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="60"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="61"/>
        <source>Evaluate the last checkpoint</source>
        <translation>评估最近的检查点</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="62"/>
        <source>Accuracy per class</source>
        <translation>各类别准确率</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="64"/>
        <source>Results on the test split appear when training finishes (or evaluate the last checkpoint after stopping).</source>
        <translation>训练结束后显示测试集上的结果（也可以在停止后评估最近的检查点）。</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="86"/>
        <source>after step %1</source>
        <translation>第 %1 步之后</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="87"/>
        <source>Results on the %1 split %2</source>
        <translation>%1 集上的结果 %2</translation>
    </message>
</context>
<context>
    <name>TextView</name>
    <message>
        <location filename="../training/plots/text.py" line="34"/>
        <source>Generated text</source>
        <translation>生成的文本</translation>
    </message>
    <message>
        <location filename="../training/plots/text.py" line="37"/>
        <source>Text the model writes one character at a time (newest first).</source>
        <translation>模型逐字符写出的文本（最新的在最上面）。</translation>
    </message>
    <message>
        <location filename="../training/plots/text.py" line="52"/>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <location filename="../training/chrome.py" line="17"/>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="18"/>
        <source>&amp;Continue from checkpoint</source>
        <translation>从检查点继续(&amp;C)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="20"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="21"/>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="22"/>
        <source>Step one &amp;batch</source>
        <translation>单步执行一个批次(&amp;B)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="23"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="26"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="27"/>
        <source>Live views</source>
        <translation>实时视图</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="28"/>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="29"/>
        <source>Canvas indicators</source>
        <translation>画布指示器</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="30"/>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="31"/>
        <source>weight spread</source>
        <translation>权重分布宽度</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="32"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <location filename="../training/controller.py" line="171"/>
        <source>Cannot continue from the checkpoint: %1</source>
        <translation>无法从检查点继续训练：%1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="226"/>
        <source>Preparing the data and the model…</source>
        <translation>正在准备数据和模型…</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="262"/>
        <source>Stopping after this batch and saving a checkpoint…</source>
        <translation>将在本批次结束后停止并保存检查点…</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="284"/>
        <source>Training is running</source>
        <translation>训练正在进行</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="285"/>
        <source>Stop training and close? A checkpoint is saved, so you can continue later.</source>
        <translation>停止训练并关闭吗？检查点会被保存，之后可以继续训练。</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="308"/>
        <source>Training on %1: %2 parameters; %3</source>
        <translation>在 %1 上训练：%2 个参数；%3</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="325"/>
        <source>epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="326"/>
        <source>train loss %1</source>
        <translation>训练损失 %1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="328"/>
        <source>val loss %1</source>
        <translation>验证损失 %1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="330"/>
        <source>val accuracy %1</source>
        <translation>验证准确率 %1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="352"/>
        <source>Paused at step %1</source>
        <translation>已在第 %1 步暂停</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="355"/>
        <source>Training resumed</source>
        <translation>训练已恢复</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="367"/>
        <source>(%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="403"/>
        <source>Evaluating %1 on the test split…</source>
        <translation>正在测试集上评估 %1…</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="425"/>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="436"/>
        <source>Training — the graph is read-only. Stop training to edit it.</source>
        <translation>训练中——计算图为只读。停止训练后才能编辑。</translation>
    </message>
</context>
<context>
    <name>TrainingControls</name>
    <message>
        <location filename="../training/controls.py" line="74"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="75"/>
        <source>Train from scratch with the current graph and settings</source>
        <translation>用当前的计算图和设置从头开始训练</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="76"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="77"/>
        <source>Continue from the last checkpoint (the graph must still fit it)</source>
        <translation>从最近的检查点继续（计算图必须仍与之匹配）</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="78"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="79"/>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="80"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="81"/>
        <source>Step one batch</source>
        <translation>单步执行一个批次</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="108"/>
        <source>epoch %1/%2 · step %3/%4 · %5 samples/s · ETA %6</source>
        <translation>第 %1/%2 轮 · 第 %3/%4 步 · %5 样本/秒 · 预计剩余 %6</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../training/panel.py" line="140"/>
        <location filename="../training/panel.py" line="144"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="141"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="142"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="144"/>
        <source>Model graph</source>
        <translation>模型计算图</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="145"/>
        <source>Generator</source>
        <translation>生成器</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="145"/>
        <source>Discriminator</source>
        <translation>判别器</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="146"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="146"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="146"/>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="147"/>
        <source>Test share</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="147"/>
        <source>Random rotation</source>
        <translation>随机旋转</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="148"/>
        <source>Random crop padding</source>
        <translation>随机裁剪填充</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="148"/>
        <source>Horizontal flips</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="149"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="149"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="150"/>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="150"/>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="151"/>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="151"/>
        <source>Step every (epochs)</source>
        <translation>每隔多少轮调整</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="152"/>
        <source>LR factor</source>
        <translation>学习率倍数</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="152"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="152"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="153"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="153"/>
        <source>Live views every</source>
        <translation>实时视图刷新间隔</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="161"/>
        <location filename="../training/panel.py" line="162"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="163"/>
        <source>epoch ends only</source>
        <translation>仅在每轮结束时</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="164"/>
        <source>Show samples</source>
        <translation>显示样本</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="165"/>
        <source>Seconds between live pictures (filters, samples, feature maps).</source>
        <translation>实时图像（卷积核、样本、特征图）之间的秒数。</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="290"/>
        <source>task.%1 is &quot;%2&quot; but the project has no graph of that name (it has: %3)</source>
        <translation>task.%1 是“%2”，但项目中没有这个名字的计算图（现有：%3）</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="298"/>
        <source>Set the model graph</source>
        <translation>设置模型计算图</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="301"/>
        <source>Set the generator graph</source>
        <translation>设置生成器计算图</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="303"/>
        <source>Set the discriminator graph</source>
        <translation>设置判别器计算图</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="305"/>
        <source>Set the loss</source>
        <translation>设置损失函数</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="310"/>
        <source>Set random rotation</source>
        <translation>设置随机旋转</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="312"/>
        <source>Set random crop</source>
        <translation>设置随机裁剪</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="314"/>
        <source>Set horizontal flips</source>
        <translation>设置水平翻转</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="317"/>
        <source>Set the learning rate</source>
        <translation>设置学习率</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="319"/>
        <source>Set the momentum</source>
        <translation>设置动量</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="321"/>
        <source>Set the weight decay</source>
        <translation>设置权重衰减</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="324"/>
        <source>Set the schedule step</source>
        <translation>设置调度步长</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="326"/>
        <source>Set the schedule factor</source>
        <translation>设置调度倍数</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="328"/>
        <source>Set epochs</source>
        <translation>设置轮数</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="330"/>
        <source>Set the batch size</source>
        <translation>设置批大小</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="333"/>
        <source>Set the device</source>
        <translation>设置设备</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="335"/>
        <source>Set the live view interval</source>
        <translation>设置实时视图间隔</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="360"/>
        <source>Set the task</source>
        <translation>设置任务</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="370"/>
        <source>Set the dataset</source>
        <translation>设置数据集</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="374"/>
        <source>Set the split</source>
        <translation>设置数据划分</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="386"/>
        <source>Set the optimizer</source>
        <translation>设置优化器</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="396"/>
        <source>Set the LR schedule</source>
        <translation>设置学习率调度</translation>
    </message>
</context>
<context>
    <name>TryItView</name>
    <message>
        <location filename="../training/plots/try_it.py" line="153"/>
        <source>Try it</source>
        <translation>试一试</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="156"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="158"/>
        <source>After training an image classifier, draw a digit here with the mouse or drop an image file on the pad to see what the model predicts.</source>
        <translation>训练好图像分类模型后，在这里用鼠标写一个数字，或把图片文件拖到画板上，看看模型的预测。</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="161"/>
        <source>Draw with the mouse (white on black) or drop an image file on the pad.</source>
        <translation>用鼠标绘制（黑底白字），或把图片文件拖到画板上。</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="224"/>
        <source>Prediction: %1 (%2)</source>
        <translation>预测：%1（%2）</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../welcome.py" line="124"/>
        <source>Design neural networks as graphs, see every tensor shape, train and export PyTorch code.</source>
        <translation>用计算图设计神经网络，看清每个张量的形状，训练并导出 PyTorch 代码。</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="126"/>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="127"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="128"/>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="129"/>
        <source>Sample projects</source>
        <translation>示例项目</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="140"/>
        <source>No recent projects yet.</source>
        <translation>还没有最近的项目。</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../launch.py" line="32"/>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../launch.py" line="32"/>
        <source>Cannot restore the unsaved work</source>
        <translation>无法恢复未保存的工作</translation>
    </message>
    <message>
        <location filename="../launch.py" line="45"/>
        <source>Internal error: %1 (details on the console); your work is autosaved.</source>
        <translation>内部错误：%1（详情见控制台）；你的工作已自动保存。</translation>
    </message>
</context>
</TS>
