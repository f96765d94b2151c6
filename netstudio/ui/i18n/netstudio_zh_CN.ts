<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Accessibility</name>
    <message>
        <location filename="../accessibility.py" line="24" />
        <source>Every layer type by category; Enter adds the highlighted one after the selected layer.</source>
        <translation>按类别列出所有层类型；按 Enter 把高亮的层添加到所选层之后。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="26" />
        <source>The selected layer's parameters, its explanation and formulas.</source>
        <translation>所选层的参数、说明和公式。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="27" />
        <source>Each layer's output shape and parameter count, and the graph's problems.</source>
        <translation>每一层的输出形状和参数量，以及计算图中的问题。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="29" />
        <source>The PyTorch code of the graph, read-only.</source>
        <translation>计算图对应的 PyTorch 代码（只读）。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="30" />
        <source>Task, data and training settings, and the Train and Stop buttons.</source>
        <translation>任务、数据和训练设置，以及“训练”和“停止”按钮。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="32" />
        <source>Live plots of the training run: loss, accuracy and the task's views.</source>
        <translation>训练过程的实时图表：损失、准确率和任务相关的视图。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="34" />
        <source>Earlier training runs, to compare and reopen.</source>
        <translation>以前的训练运行，可用于比较和重新打开。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="35" />
        <source>Lessons: pick one, follow its steps; each check turns green when done.</source>
        <translation>课程：选择一门课并按步骤进行；每项检查完成后会变绿。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="38" />
        <source>Graph canvas</source>
        <translation>计算图画布</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="39" />
        <source>Arrow keys select the nearest layer in that direction; Tab adds a layer after the selected one; P steps through its ports; Ctrl+E connects it; Enter or F2 edits its parameters; Delete removes it.</source>
        <translation>方向键选中该方向上最近的层；Tab 在所选层之后添加一层；P 依次切换它的端口；Ctrl+E 连接它；Enter 或 F2 编辑它的参数；Delete 删除它。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="96" />
        <source>choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="123" />
        <source>Search layers</source>
        <translation>搜索层</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="124" />
        <source>Layer types</source>
        <translation>层类型</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="125" />
        <source>Enter adds the highlighted layer after the selected one; drag one onto the canvas to place it.</source>
        <translation>按 Enter 把高亮的层添加到所选层之后；也可以把它拖到画布上放置。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="127" />
        <source>Layer summary</source>
        <translation>层概览</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="128" />
        <source>One row per layer: id, type, output shape, parameters.</source>
        <translation>每层一行：标识、类型、输出形状、参数量。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="129" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="130" />
        <source>Shape errors and warnings; Enter shows the layer.</source>
        <translation>形状错误和警告；按 Enter 定位到该层。</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="131" />
        <source>Generated PyTorch code</source>
        <translation>生成的 PyTorch 代码</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="132" />
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="136" />
        <source>Training runs</source>
        <translation>训练运行</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation type="vanished">课程</translation>
    </message>
    <message>
        <location filename="../accessibility.py" line="140" />
        <source>Dataset preview</source>
        <translation>数据集预览</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <location filename="../actions.py" line="21" />
        <source>&amp;New project</source>
        <translation>新建项目(&amp;N)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="22" />
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="23" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="24" />
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="25" />
        <source>&amp;Close project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="26" />
        <source>Project p&amp;roperties…</source>
        <translation>项目属性(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="28" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="29" />
        <source>Python code (.py)…</source>
        <translation>Python 代码 (.py)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="30" />
        <source>ONNX (.onnx)…</source>
        <translation>ONNX (.onnx)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="31" />
        <source>TorchScript (.pt)…</source>
        <translation>TorchScript (.pt)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="32" />
        <source>Graph picture (.png)…</source>
        <translation>计算图图片 (.png)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="33" />
        <source>Graph drawing (.svg)…</source>
        <translation>计算图矢量图 (.svg)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="34" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="35" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="36" />
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="37" />
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="38" />
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="39" />
        <source>D&amp;uplicate</source>
        <translation>创建副本(&amp;U)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="40" />
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="41" />
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="42" />
        <source>&amp;Quick add layer…</source>
        <translation>快速添加层(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="43" />
        <source>Auto-&amp;layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="44" />
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="45" />
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="46" />
        <source>&amp;Fit to view</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="47" />
        <source>&amp;Snap to grid</source>
        <translation>对齐网格(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="48" />
        <source>Show &amp;code</source>
        <translation>显示代码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="49" />
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="50" />
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="51" />
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="52" />
        <source>&amp;Layer reference</source>
        <translation>层参考手册(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="53" />
        <source>&amp;About NetStudio</source>
        <translation>关于 NetStudio(&amp;A)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="164" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="165" />
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="166" />
        <source>Open &amp;sample</source>
        <translation>打开示例(&amp;S)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="167" />
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="168" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="169" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="170" />
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="171" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="172" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>AdvancedSection</name>
    <message>
        <location filename="../training/advanced_section.py" line="113" />
        <source>Advanced training settings</source>
        <translation>高级训练设置</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="114" />
        <source>Settings most runs leave at the engine's defaults</source>
        <translation>大多数训练保持引擎默认值的设置</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="115" />
        <source>Optimizer details</source>
        <translation>优化器细节</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="115" />
        <source>Regularisation</source>
        <translation>正则化</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="116" />
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="116" />
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="118" />
        <source>Stop when progress stalls</source>
        <translation>进展停滞时停止</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="119" />
        <source>End training when the watched validation metric has not improved for this many epochs.</source>
        <translation>当所监视的验证指标连续这么多轮没有改善时结束训练。</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="121" />
        <source>Live views while training</source>
        <translation>训练时显示实时视图</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="124" />
        <source>epoch ends only</source>
        <translation>仅在每轮结束时</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="150" />
        <source>Turn early stopping on</source>
        <translation>开启早停</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="150" />
        <source>Turn early stopping off</source>
        <translation>关闭早停</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="154" />
        <source>Turn live views on</source>
        <translation>开启实时视图</translation>
    </message>
    <message>
        <location filename="../training/advanced_section.py" line="154" />
        <source>Turn live views off</source>
        <translation>关闭实时视图</translation>
    </message>
</context>
<context>
    <name>AutoencoderView</name>
    <message>
        <location filename="../training/plots/autoencoder.py" line="46" />
        <location filename="../training/view_names.py" line="16" />
        <source>Reconstructions</source>
        <translation>重建结果</translation>
    </message>
    <message>
        <location filename="../training/plots/autoencoder.py" line="50" />
        <source>Inputs and their reconstructions appear after the first snapshot.</source>
        <translation>第一次快照之后，这里会显示输入及其重建结果。</translation>
    </message>
    <message>
        <location filename="../training/plots/autoencoder.py" line="52" />
        <source>Odd rows: validation inputs; even rows: what the autoencoder gives back (step %1)</source>
        <translation>奇数行：验证集输入；偶数行：自编码器还原的结果（第 %1 步）</translation>
    </message>
</context>
<context>
    <name>BlockController</name>
    <message>
        <location filename="../blocks/controller.py" line="77" />
        <source>Make &amp;block…</source>
        <translation>创建模块(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="77" />
        <source>U&amp;nmake block</source>
        <translation>拆散模块(&amp;N)</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="78" />
        <source>Op&amp;en block</source>
        <translation>打开模块(&amp;E)</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="78" />
        <source>Rena&amp;me block…</source>
        <translation>重命名模块(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="79" />
        <source>Save to &amp;My blocks</source>
        <translation>保存到“我的模块”(&amp;M)</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="82" />
        <source>Put the block's layers back in its place (unfold in place)</source>
        <translation>把模块中的层放回原处（原地展开）</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="167" />
        <source>Make block</source>
        <translation>创建模块</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="168" />
        <source>Name of the new block (letters, digits and _):</source>
        <translation>新模块的名称（字母、数字和 _）：</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="178" />
        <source>Select the layers to put into a block first.</source>
        <translation>请先选择要放进模块的层。</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="195" />
        <source>Made block %1 from %2 layers</source>
        <translation>已用 %2 个层创建模块 %1</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="205" />
        <source>Select one block to unmake.</source>
        <translation>请选择一个要拆散的模块。</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="219" />
        <source>Rename block</source>
        <translation>重命名模块</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="220" />
        <source>New name of block %1 (letters, digits and _):</source>
        <translation>模块 %1 的新名称（字母、数字和 _）：</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="232" />
        <source>Select one block to rename.</source>
        <translation>请选择一个要重命名的模块。</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="245" />
        <source>Renamed block %1 to %2</source>
        <translation>已将模块 %1 重命名为 %2</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="259" />
        <source>This node names no block of this project.</source>
        <translation>这个节点引用的模块不在本项目中。</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="277" />
        <source>Inside block %1: edits here change every use of it</source>
        <translation>模块 %1 内部：这里的修改会影响它的每一处使用</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="306" />
        <source>block output</source>
        <translation>模块输出</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="307" />
        <source>block output %1</source>
        <translation>模块输出 %1</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="346" />
        <source>Make block…</source>
        <translation>创建模块…</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="348" />
        <source>Open block</source>
        <translation>打开模块</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="349" />
        <source>Unfold in place</source>
        <translation>原地展开</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="351" />
        <source>Rename block…</source>
        <translation>重命名模块…</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="353" />
        <source>Save to My blocks</source>
        <translation>保存到“我的模块”</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="369" />
        <source>Select one block to save to My blocks.</source>
        <translation>请选择一个要保存到“我的模块”的模块。</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="377" />
        <source>Cannot save the block in %1: %2</source>
        <translation>无法把模块保存到 %1：%2</translation>
    </message>
    <message>
        <location filename="../blocks/controller.py" line="381" />
        <source>Saved block %1 to My blocks (%2)</source>
        <translation>已把模块 %1 保存到“我的模块”（%2）</translation>
    </message>
</context>
<context>
    <name>BlockNodeItem</name>
    <message>
        <location filename="../editor/block_item.py" line="46" />
        <source>(no block)</source>
        <translation>（无模块）</translation>
    </message>
    <message>
        <location filename="../editor/block_item.py" line="58" />
        <source>Block %1: %2 layers. Double-click to open it.</source>
        <translation>模块 %1：%2 层。双击可打开。</translation>
    </message>
</context>
<context>
    <name>Blocks</name>
    <message>
        <location filename="../blocks/insert.py" line="49" />
        <source>This project has no block %1.</source>
        <translation>本项目中没有模块 %1。</translation>
    </message>
    <message>
        <location filename="../blocks/insert.py" line="62" />
        <source>This project already has a different block named %1; the one from My blocks was added as %2.</source>
        <translation>本项目中已经有一个不同的模块叫 %1；来自“我的模块”的那个已作为 %2 添加。</translation>
    </message>
    <message>
        <location filename="../blocks/insert.py" line="80" />
        <source>(block)</source>
        <translation>（模块）</translation>
    </message>
    <message>
        <location filename="../blocks/insert.py" line="81" />
        <source>A block of this project</source>
        <translation>本项目中的模块</translation>
    </message>
    <message>
        <location filename="../blocks/insert.py" line="84" />
        <source>(My blocks)</source>
        <translation>（我的模块）</translation>
    </message>
</context>
<context>
    <name>BoundaryView</name>
    <message>
        <location filename="../training/plots/boundary.py" line="52" />
        <location filename="../training/view_names.py" line="17" />
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <location filename="../training/plots/boundary.py" line="56" />
        <source>For 2-D point datasets: the class the model picks at every point of the plane (pale where it is unsure), with the training points.</source>
        <translation>用于二维点数据集：模型在平面上每一点选择的类别（不确定处颜色较浅），并叠加训练点。</translation>
    </message>
    <message>
        <location filename="../training/plots/boundary.py" line="59" />
        <source>Class regions at step %1; points are the training data</source>
        <translation>第 %1 步的类别区域；点为训练数据</translation>
    </message>
</context>
<context>
    <name>ClassificationView</name>
    <message>
        <location filename="../training/plots/classification.py" line="56" />
        <location filename="../training/view_names.py" line="18" />
        <source>Confusion</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="61" />
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="62" />
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="64" />
        <source>The confusion matrix appears after the first epoch.</source>
        <translation>第一轮（epoch）结束后显示混淆矩阵。</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="67" />
        <source>Validation after epoch %1: %2 correct (the diagonal)</source>
        <translation>第 %1 轮后的验证结果：%2 正确（对角线）</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="70" />
        <source>The most confidently wrong validation examples appear here.</source>
        <translation>这里显示模型最有把握却判断错误的验证样本。</translation>
    </message>
    <message>
        <location filename="../training/plots/classification.py" line="72" />
        <source>Most confidently wrong: true → predicted (confidence)</source>
        <translation>最有把握的错误：真实 → 预测（置信度）</translation>
    </message>
</context>
<context>
    <name>ConfusionHeatmap</name>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="130" />
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="131" />
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="133" />
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="134" />
        <source>Counts of samples by true class (rows) and predicted class (columns); the colour is the share of the row, so the diagonal is the recall of each class.</source>
        <translation>按真实类别（行）和预测类别（列）统计的样本数；颜色表示占该行的比例，因此对角线即各类别的召回率。</translation>
    </message>
</context>
<context>
    <name>DataAdvanced</name>
    <message>
        <location filename="../training/data_advanced.py" line="77" />
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="78" />
        <source>Random zoom, smallest</source>
        <translation>随机缩放，最小</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="78" />
        <source>Random zoom, largest</source>
        <translation>随机缩放，最大</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="79" />
        <source>Flip probability</source>
        <translation>翻转概率</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="79" />
        <source>Brightness jitter</source>
        <translation>亮度抖动</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="80" />
        <source>Contrast jitter</source>
        <translation>对比度抖动</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="81" />
        <source>Saturation jitter</source>
        <translation>饱和度抖动</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="81" />
        <source>Hue jitter</source>
        <translation>色调抖动</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="82" />
        <source>Mean per channel</source>
        <translation>各通道均值</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="82" />
        <source>Std per channel</source>
        <translation>各通道标准差</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="83" />
        <source>Data on the device</source>
        <translation>数据放在设备上</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="83" />
        <source>Memory budget</source>
        <translation>内存预算</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="87" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="88" />
        <source>for example 0.5, 0.5, 0.5</source>
        <translation>例如 0.5, 0.5, 0.5</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="89" />
        <source>for example 0.25, 0.25, 0.25</source>
        <translation>例如 0.25, 0.25, 0.25</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="90" />
        <source>Keep the dataset in GPU memory when it fits</source>
        <translation>显存放得下时把数据集保存在 GPU 显存中</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="91" />
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="92" />
        <source>automatic ({0}% of the memory)</source>
        <translation>自动（内存的 {0}%）</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="94" />
        <source>Image datasets that take more memory than this (as 32-bit numbers) are read from their cache file batch by batch instead of held in memory.</source>
        <translation>图像数据集（按 32 位数值计）占用的内存超过此值时，将从其缓存文件中逐批读取，而不是整个保存在内存中。</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="96" />
        <source>Each training image is scaled by a random factor in this range (1.0 and 1.0: off).</source>
        <translation>每张训练图像按此范围内的随机倍数缩放（1.0 和 1.0：关闭）。</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="152" />
        <source>Set the random zoom</source>
        <translation>设置随机缩放</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="156" />
        <source>Set the flip probability</source>
        <translation>设置翻转概率</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="160" />
        <source>Set the colour jitter</source>
        <translation>设置颜色抖动</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="166" />
        <source>Set the normalisation</source>
        <translation>设置归一化</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="169" />
        <source>Set data on the device</source>
        <translation>设置数据放在设备上</translation>
    </message>
    <message>
        <location filename="../training/data_advanced.py" line="173" />
        <source>Set the memory budget</source>
        <translation>设置内存预算</translation>
    </message>
</context>
<context>
    <name>DataSection</name>
    <message>
        <location filename="../training/data_section.py" line="89" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="89" />
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="90" />
        <source>Test share</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="90" />
        <source>Normalisation</source>
        <translation>归一化</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="91" />
        <source>Random rotation</source>
        <translation>随机旋转</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="91" />
        <source>Random crop padding</source>
        <translation>随机裁剪填充</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="92" />
        <source>Horizontal flips</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="95" />
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="96" />
        <source>choose a dataset</source>
        <translation>选择数据集</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="97" />
        <source>A built-in dataset, or csv / image_folder for your own files (drop a CSV file or a folder of class folders on this panel).</source>
        <translation>内置数据集，或用 csv / image_folder 加载你自己的文件（把 CSV 文件或按类别分好子文件夹的文件夹拖到此面板上）。</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="99" />
        <location filename="../training/data_section.py" line="100" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="101" />
        <source>Show samples</source>
        <translation>显示样本</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="102" />
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="103" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="104" />
        <source>custom mean and std</source>
        <translation>自定义均值和标准差</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="105" />
        <source>automatic: the dataset's usual mean and std (your own data: those of its training split); none: the values as stored; custom: type a mean and a std per channel under Advanced.</source>
        <translation>自动：使用该数据集常用的均值和标准差（你自己的数据：使用其训练集的统计值）；无：按存储的原始数值；自定义：在“高级”中为每个通道输入均值和标准差。</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="171" />
        <source>Set random rotation</source>
        <translation>设置随机旋转</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="173" />
        <source>Set random crop</source>
        <translation>设置随机裁剪</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="175" />
        <source>Set horizontal flips</source>
        <translation>设置水平翻转</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="187" />
        <source>Set the dataset</source>
        <translation>设置数据集</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="193" />
        <source>Set the split</source>
        <translation>设置数据划分</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="210" />
        <source>Set the normalisation</source>
        <translation>设置归一化</translation>
    </message>
    <message>
        <location filename="../training/data_section.py" line="268" />
        <source>Cannot read the samples: %1</source>
        <translation>无法读取样本：%1</translation>
    </message>
</context>
<context>
    <name>DataSource</name>
    <message>
        <location filename="../training/data_source.py" line="98" />
        <source>File or folder</source>
        <translation>文件或文件夹</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="98" />
        <source>Header</source>
        <translation>表头</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="99" />
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="99" />
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="100" />
        <source>Feature columns</source>
        <translation>特征列</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="100" />
        <source>Image size</source>
        <translation>图像尺寸</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="101" />
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="104" />
        <source>The first row names the columns</source>
        <translation>第一行是列名</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="105" />
        <source>Choose the file or folder</source>
        <translation>选择文件或文件夹</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="106" />
        <source>Choose, type or drop a path here</source>
        <translation>在此选择、输入或拖入路径</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="107" />
        <source>Grey (1 channel)</source>
        <translation>灰度（1 个通道）</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="108" />
        <source>RGB (3 channels)</source>
        <translation>RGB（3 个通道）</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="109" />
        <source>The columns the model learns from; the target column is left out.</source>
        <translation>模型用来学习的列；不包括目标列。</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="187" />
        <source>%1 × %2 pixels, from the Input node '%3'</source>
        <translation>%1 × %2 像素，取自 Input 节点“%3”</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="192" />
        <source>The Input node needs the shape [channels, height, width] (now %1)</source>
        <translation>Input 节点的形状需要是 [通道, 高, 宽]（当前为 %1）</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="217" />
        <source>Choose the folder of images (one sub-folder per class)</source>
        <translation>选择图像文件夹（每个类别一个子文件夹）</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="220" />
        <source>Choose the CSV file</source>
        <translation>选择 CSV 文件</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="221" />
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="241" />
        <source>%1 is neither a folder of images nor a CSV file.</source>
        <translation>%1 既不是图像文件夹，也不是 CSV 文件。</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="248" />
        <source>Use %1</source>
        <translation>使用 %1</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="270" />
        <source>Set the data path</source>
        <translation>设置数据路径</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="274" />
        <source>Set the header row</source>
        <translation>设置表头行</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="279" />
        <source>Set the delimiter</source>
        <translation>设置分隔符</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="289" />
        <source>Set the target column</source>
        <translation>设置目标列</translation>
    </message>
    <message>
        <location filename="../training/data_source.py" line="301" />
        <source>Set the feature columns</source>
        <translation>设置特征列</translation>
    </message>
</context>
<context>
    <name>DatasetPreview</name>
    <message>
        <location filename="../training/dataset_preview.py" line="111" />
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../training/dataset_preview.py" line="145" />
        <source>%1 (%2 samples in all)</source>
        <translation>%1（共 %2 个样本）</translation>
    </message>
    <message>
        <location filename="../training/dataset_preview.py" line="148" />
        <source>Targets from %1 to %2 (%3 samples in all)</source>
        <translation>目标值从 %1 到 %2（共 %3 个样本）</translation>
    </message>
    <message>
        <location filename="../training/dataset_preview.py" line="150" />
        <source>%1 samples in all</source>
        <translation>共 %1 个样本</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>Unknown layer type '%1'.</source>
        <translation type="vanished">未知的层类型“%1”。</translation>
    </message>
    <message>
        <location filename="../document.py" line="295" />
        <source>Training — the graph is read-only. Stop training to edit it.</source>
        <translation>训练中——计算图为只读。停止训练后才能编辑。</translation>
    </message>
    <message>
        <location filename="../document.py" line="329" />
        <source>A layer cannot be connected to itself.</source>
        <translation>一个层不能连接到它自己。</translation>
    </message>
    <message>
        <location filename="../document.py" line="331" />
        <source>Connecting %1 to %2 would make a loop; the data must flow one way.</source>
        <translation>把 %1 连接到 %2 会形成环路；数据只能单向流动。</translation>
    </message>
    <message>
        <location filename="../document.py" line="383" />
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
</context>
<context>
    <name>EditOps</name>
    <message>
        <location filename="../edit_ops.py" line="69" />
        <source>The clipboard holds no NetStudio layers.</source>
        <translation>剪贴板中没有 NetStudio 层。</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="196" />
        <source>Export Python code</source>
        <translation>导出 Python 代码</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="196" />
        <source>Python file (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="197" />
        <source>Export ONNX</source>
        <translation>导出 ONNX</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="197" />
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="198" />
        <source>Export TorchScript</source>
        <translation>导出 TorchScript</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="198" />
        <source>TorchScript file (*.pt)</source>
        <translation>TorchScript 文件 (*.pt)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="203" />
        <location filename="../edit_ops.py" line="236" />
        <location filename="../edit_ops.py" line="239" />
        <location filename="../edit_ops.py" line="269" />
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="204" />
        <source>The graph has %1 error(s); fix them first. The first one: %2</source>
        <translation>计算图有 %1 个错误，请先修正。第一个错误：%2</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="242" />
        <source>Exported %1 with untrained weights</source>
        <translation>已导出 %1（未训练的权重）</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="244" />
        <source>Exported %1 with the weights of %2</source>
        <translation>已导出 %1，使用 %2 中的权重</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="246" />
        <source>(epoch %1)</source>
        <translation>（第 %1 轮）</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="250" />
        <source>(weights in %1)</source>
        <translation>（权重在 %1 中）</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="271" />
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="262" />
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="262" />
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../edit_ops.py" line="263" />
        <source>Export graph picture</source>
        <translation>导出计算图图片</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="88" />
        <location filename="../training/view_names.py" line="23" />
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="91" />
        <source>The checkpoint to evaluate: the latest run's best or last one, or a file chosen with File…</source>
        <translation>要评估的检查点：最近一次运行的最佳或最后一个检查点，或用“文件…”选择的文件</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="93" />
        <source>The part of the dataset to evaluate on</source>
        <translation>用于评估的数据集划分</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="94" />
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="95" />
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="96" />
        <source>Latest run: best checkpoint (lowest validation loss)</source>
        <translation>最近一次运行：最佳检查点（验证损失最低）</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="97" />
        <source>Latest run: last checkpoint</source>
        <translation>最近一次运行：最后一个检查点</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="103" />
        <source>Validation split</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="103" />
        <source>Test split</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="110" />
        <source>Choose a checkpoint and a split, then press Evaluate: per-class precision, recall and F1, the confusion matrix, ROC and precision-recall curves for two classes, MAE, RMSE and R² for regression.</source>
        <translation>选择一个检查点和一个数据划分，然后点击“评估”：分类任务给出各类别的精确率、召回率和 F1 分数以及混淆矩阵，二分类还有 ROC 曲线和精确率-召回率曲线；回归任务给出 MAE、RMSE 和 R²。</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="132" />
        <source>Choose a checkpoint</source>
        <translation>选择检查点</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="133" />
        <source>Checkpoints (*.safetensors)</source>
        <translation>检查点 (*.safetensors)</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="161" />
        <source>This project has no run with a checkpoint yet: train first, or choose a checkpoint file with File…</source>
        <translation>这个项目还没有带检查点的运行记录：请先训练，或用“文件…”选择一个检查点文件</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="191" />
        <source>There is no split called %1: use val or test.</source>
        <translation>没有名为 %1 的数据划分：请使用 val 或 test。</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="198" />
        <source>An evaluation is already running; wait for it to finish.</source>
        <translation>已有一个评估正在进行；请等待它完成。</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="212" />
        <source>Evaluating %1 on the %2…</source>
        <translation>正在%2上评估 %1…</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="248" />
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="248" />
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="249" />
        <source>%1 split of %2: %3 samples, checkpoint %4</source>
        <translation>%2 的%1集：%3 个样本，检查点 %4</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="255" />
        <source>accuracy %1</source>
        <translation>准确率 %1</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="261" />
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="261" />
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="262" />
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="262" />
        <location filename="../training/plots/evaluation_view.py" line="267" />
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="263" />
        <source>values</source>
        <translation>数值个数</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="267" />
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="267" />
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="268" />
        <source>reconstruction error</source>
        <translation>重建误差</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="269" />
        <source>samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="274" />
        <source>Per-class precision, recall and F1 apply to classification only.</source>
        <translation>各类别的精确率、召回率和 F1 分数只适用于分类任务。</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="276" />
        <source>Sample text: %1</source>
        <translation>示例文本：%1</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="296" />
        <source>ROC curve</source>
        <translation>ROC 曲线</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="297" />
        <source>false positive rate</source>
        <translation>假正例率</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="297" />
        <source>true positive rate</source>
        <translation>真正例率</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="298" />
        <source>ROC (AUC %1)</source>
        <translation>ROC（AUC %1）</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="301" />
        <source>Precision-recall curve</source>
        <translation>精确率-召回率曲线</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="302" />
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="302" />
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="303" />
        <source>PR (AUC %1)</source>
        <translation>PR（AUC %1）</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="306" />
        <source>ROC and PR for the positive class %1</source>
        <translation>ROC 和 PR 以 %1 为正类</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_view.py" line="308" />
        <source>No ROC curve: the split holds a single class.</source>
        <translation>没有 ROC 曲线：该数据划分中只有一个类别。</translation>
    </message>
</context>
<context>
    <name>ExerciseRow</name>
    <message>
        <location filename="../lessons/exercise_row.py" line="78" />
        <source>Lock parameters (names, comma-separated)</source>
        <translation>锁定参数（参数名，用逗号分隔）</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="79" />
        <source>Locked parameters</source>
        <translation>锁定的参数</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="85" />
        <source>Locked for this exercise.</source>
        <translation>本练习中已锁定。</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="86" />
        <source>Locked for this exercise: %1.</source>
        <translation>本练习中已锁定：%1。</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="93" />
        <source>Predict the output shape:</source>
        <translation>预测输出形状：</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="93" />
        <source>Predict the parameter count:</source>
        <translation>预测参数量：</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="94" />
        <source>Reveal</source>
        <translation>揭晓</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="105" />
        <source>Right: %1</source>
        <translation>正确：%1</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="105" />
        <source>Not quite: the answer is %1</source>
        <translation>不太对：答案是 %1</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="131" />
        <source>Lock parameters of %1</source>
        <translation>锁定 %1 的参数</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_row.py" line="154" />
        <source>The value is not known yet: connect the layer first.</source>
        <translation>这个值还不知道：请先把这一层连接好。</translation>
    </message>
</context>
<context>
    <name>ExerciseTools</name>
    <message>
        <location filename="../lessons/exercise_ui.py" line="48" />
        <source>E&amp;xercise</source>
        <translation>练习(&amp;X)</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="50" />
        <source>&amp;Teacher mode</source>
        <translation>教师模式(&amp;T)</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="51" />
        <source>Lock layers and hide values for students to predict</source>
        <translation>锁定层并隐藏数值，让学生来预测</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="52" />
        <source>&amp;Lock selected layers</source>
        <translation>锁定所选层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="53" />
        <source>Hide output &amp;shape</source>
        <translation>隐藏输出形状(&amp;S)</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="54" />
        <source>Hide &amp;parameter count</source>
        <translation>隐藏参数量(&amp;P)</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="55" />
        <source>Hide revealed values again</source>
        <translation>重新隐藏已揭晓的数值</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="100" />
        <location filename="../lessons/exercise_ui.py" line="102" />
        <source>%1 is locked for this exercise; it cannot be changed.</source>
        <translation>%1 在本练习中已锁定，不能修改。</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="101" />
        <source>%1 is locked for this exercise; its parameters cannot be changed.</source>
        <translation>%1 在本练习中已锁定，它的参数不能修改。</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="103" />
        <source>%1 is locked for this exercise; its connections cannot be changed.</source>
        <translation>%1 在本练习中已锁定，它的连接不能修改。</translation>
    </message>
    <message>
        <location filename="../lessons/exercise_ui.py" line="104" />
        <source>%1 is locked for this exercise; it cannot be deleted or moved into a block.</source>
        <translation>%1 在本练习中已锁定，不能删除，也不能放进模块。</translation>
    </message>
</context>
<context>
    <name>ExportWeightsDialog</name>
    <message>
        <location filename="../export_dialog.py" line="26" />
        <source>Which weights should the exported model carry?</source>
        <translation>导出的模型应带哪些权重？</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="27" />
        <source>Trained: the latest run's checkpoint</source>
        <translation>已训练：最近一次运行的检查点</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="29" />
        <source>Another checkpoint file</source>
        <translation>其他检查点文件</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="31" />
        <source>a checkpoint's .safetensors file</source>
        <translation>检查点的 .safetensors 文件</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="32" />
        <source>Checkpoint file</source>
        <translation>检查点文件</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="33" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="34" />
        <source>Untrained (random initial weights)</source>
        <translation>未训练（随机初始权重）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="37" />
        <source>The project's own weights (%1)</source>
        <translation>项目自带的权重（%1）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="46" />
        <source>Trained: the latest run's best checkpoint (lowest validation loss)</source>
        <translation>已训练：最近一次运行的最佳检查点（验证损失最低）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="48" />
        <source>Trained: the latest run's last checkpoint</source>
        <translation>已训练：最近一次运行的最后一个检查点</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="49" />
        <source>Run %1, epoch %2</source>
        <translation>运行 %1，第 %2 轮</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="52" />
        <source>validation loss %1</source>
        <translation>验证损失 %1</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="57" />
        <source>This project has no run yet: train it first to export trained weights.</source>
        <translation>这个项目还没有运行记录：请先训练，才能导出训练好的权重。</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="73" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="80" />
        <source>Python code gets its weights as a .safetensors file beside the .py file, and its docstring shows the three lines that load them.</source>
        <translation>Python 代码的权重保存为 .py 文件旁边的一个 .safetensors 文件，其文档字符串中给出加载权重的三行代码。</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="94" />
        <source>Choose a checkpoint</source>
        <translation>选择检查点</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="95" />
        <source>Checkpoint weights (*.safetensors)</source>
        <translation>检查点权重 (*.safetensors)</translation>
    </message>
</context>
<context>
    <name>FeatureMapsView</name>
    <message>
        <location filename="../training/plots/feature_maps.py" line="56" />
        <location filename="../training/view_names.py" line="21" />
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <location filename="../training/plots/feature_maps.py" line="59" />
        <source>validation sample</source>
        <translation>验证样本</translation>
    </message>
    <message>
        <location filename="../training/plots/feature_maps.py" line="64" />
        <source>Click a layer on the canvas to see what it computes for a validation sample.</source>
        <translation>在画布上点击一个层，查看它对一个验证样本的计算结果。</translation>
    </message>
    <message>
        <location filename="../training/plots/feature_maps.py" line="66" />
        <source>%1: waiting for the next snapshot…</source>
        <translation>%1：等待下一次快照…</translation>
    </message>
    <message>
        <location filename="../training/plots/feature_maps.py" line="70" />
        <source>%1 output %2 at step %3: mean %4, %5% zero</source>
        <translation>%1 的输出 %2（第 %3 步）：均值 %4，%5% 为零</translation>
    </message>
</context>
<context>
    <name>FiltersView</name>
    <message>
        <location filename="../training/plots/filters.py" line="69" />
        <location filename="../training/view_names.py" line="20" />
        <source>Filters</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <location filename="../training/plots/filters.py" line="72" />
        <source>The graph has no convolution layer, or training has not sent its weights yet.</source>
        <translation>计算图中没有卷积层，或者训练尚未发送权重。</translation>
    </message>
    <message>
        <location filename="../training/plots/filters.py" line="73" />
        <source>Click a filter to enlarge it.</source>
        <translation>点击一个卷积核可放大查看。</translation>
    </message>
    <message>
        <location filename="../training/plots/filters.py" line="138" />
        <source>%1 filters, weights %2; grey = 0, light = positive, dark = negative</source>
        <translation>%1 的卷积核，权重 %2；灰色 = 0，浅色 = 正，深色 = 负</translation>
    </message>
    <message>
        <location filename="../training/plots/filters.py" line="168" />
        <source>%1 filter %2: %3 input channel(s), values %4 … %5</source>
        <translation>%1 的第 %2 个卷积核：%3 个输入通道，取值 %4 … %5</translation>
    </message>
</context>
<context>
    <name>FinetuneActions</name>
    <message>
        <location filename="../finetune_actions.py" line="82" />
        <source>&amp;Import model…</source>
        <translation>导入模型(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../finetune_actions.py" line="83" />
        <source>Load &amp;weights…</source>
        <translation>加载权重(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../finetune_actions.py" line="84" />
        <source>&amp;Freeze selected layers</source>
        <translation>冻结选中的层(&amp;F)</translation>
    </message>
    <message>
        <location filename="../finetune_actions.py" line="85" />
        <source>Unfree&amp;ze selected layers</source>
        <translation>解冻选中的层(&amp;Z)</translation>
    </message>
    <message>
        <location filename="../finetune_actions.py" line="115" />
        <source>Imported %1: %2</source>
        <translation>已导入 %1：%2</translation>
    </message>
    <message>
        <location filename="../finetune_actions.py" line="123" />
        <source>Load weights</source>
        <translation>加载权重</translation>
    </message>
    <message>
        <location filename="../finetune_actions.py" line="124" />
        <source>Weights (*.safetensors *.pt *.pth)</source>
        <translation>权重 (*.safetensors *.pt *.pth)</translation>
    </message>
    <message>
        <location filename="../finetune_actions.py" line="131" />
        <source>Cannot load the weights</source>
        <translation>无法加载权重</translation>
    </message>
    <message>
        <location filename="../finetune_actions.py" line="135" />
        <source>%1 of %2 tensors loaded; new: %3; not used: %4; other shape: %5</source>
        <translation>已加载 %1/%2 个张量；新增：%3；未使用：%4；形状不同：%5</translation>
    </message>
    <message>
        <location filename="../finetune_actions.py" line="141" />
        <source>Weights loaded</source>
        <translation>权重已加载</translation>
    </message>
</context>
<context>
    <name>FinetuneRow</name>
    <message>
        <location filename="../finetune_panel.py" line="30" />
        <source>%1 now has %2 outputs</source>
        <translation>%1 现在有 %2 个输出</translation>
    </message>
    <message>
        <location filename="../finetune_panel.py" line="32" />
        <source>its old weights were removed from %1, every other weight is kept</source>
        <translation>它原来的权重已从 %1 中移除，其他权重全部保留</translation>
    </message>
    <message>
        <location filename="../finetune_panel.py" line="62" />
        <source>Trainable</source>
        <translation>可训练</translation>
    </message>
    <message>
        <location filename="../finetune_panel.py" line="63" />
        <source>Unticked, the layer is frozen: training keeps its weights (and a BatchNorm its running statistics) as they are</source>
        <translation>取消勾选后该层被冻结：训练时保持其权重（BatchNorm 还保持其滑动统计量）不变</translation>
    </message>
    <message>
        <location filename="../finetune_panel.py" line="65" />
        <source>Replace head…</source>
        <translation>替换输出头…</translation>
    </message>
    <message>
        <location filename="../finetune_panel.py" line="66" />
        <source>A new number of classes: this Linear gets new outputs and new weights, every other weight is kept</source>
        <translation>设置新的类别数：这个 Linear 层获得新的输出和新的权重，其他权重全部保留</translation>
    </message>
    <message>
        <location filename="../finetune_panel.py" line="86" />
        <source>Replace the head</source>
        <translation>替换输出头</translation>
    </message>
    <message>
        <location filename="../finetune_panel.py" line="87" />
        <source>Number of classes of the new head:</source>
        <translation>新输出头的类别数：</translation>
    </message>
</context>
<context>
    <name>GanView</name>
    <message>
        <location filename="../training/plots/gan.py" line="58" />
        <location filename="../training/view_names.py" line="15" />
        <source>GAN</source>
        <translation>GAN</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="62" />
        <source>Losses</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="63" />
        <source>Discriminator outputs</source>
        <translation>判别器输出</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="64" />
        <source>D on real</source>
        <translation>D（真实）</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="64" />
        <source>D on fake</source>
        <translation>D（生成）</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="65" />
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="73" />
        <source>Samples from a fixed noise batch appear after the first snapshot.</source>
        <translation>第一次快照之后，这里会显示由固定噪声生成的样本。</translation>
    </message>
    <message>
        <location filename="../training/plots/gan.py" line="75" />
        <source>%1 samples from the same noise, step %2</source>
        <translation>由同一噪声生成的 %1 个样本，第 %2 步</translation>
    </message>
</context>
<context>
    <name>GraphScene</name>
    <message>
        <location filename="../editor/scene.py" line="433" />
        <source>Unknown layer type '%1'.</source>
        <translation>未知的层类型“%1”。</translation>
    </message>
</context>
<context>
    <name>GraphView</name>
    <message>
        <location filename="../editor/view.py" line="200" />
        <source>Drag a layer here from the Layers panel, double-click one there, or press Tab to search.
Start with an Input; each double-click adds the next layer after the selected one.</source>
        <translation>从“层”面板把一个层拖到这里，或在面板中双击它，或按 Tab 键搜索。
先添加一个 Input；之后每次双击都会把下一个层接在选中的层后面。</translation>
    </message>
</context>
<context>
    <name>ImportModelDialog</name>
    <message>
        <location filename="../import_dialog.py" line="72" />
        <source>Import a PyTorch model</source>
        <translation>导入 PyTorch 模型</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="77" />
        <source>A torchvision model</source>
        <translation>torchvision 模型</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="89" />
        <source>With its pretrained weights (downloaded once, then cached)</source>
        <translation>带预训练权重（只下载一次，之后使用缓存）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="90" />
        <source>A Python file</source>
        <translation>Python 文件</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="92" />
        <source>model.py</source>
        <translation>model.py</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="93" />
        <location filename="../import_dialog.py" line="100" />
        <location filename="../import_dialog.py" line="109" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="95" />
        <source>class or function, e.g. Net</source>
        <translation>类或函数，例如 Net</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="96" />
        <source>An ONNX file</source>
        <translation>ONNX 文件</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="99" />
        <source>model.onnx</source>
        <translation>model.onnx</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="104" />
        <source>the file's own</source>
        <translation>使用文件自带的</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="107" />
        <source>keep the model's</source>
        <translation>保持原模型</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="121" />
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="127" />
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="128" />
        <source>Factory:</source>
        <translation>构建函数：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="133" />
        <source>ONNX file:</source>
        <translation>ONNX 文件：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="134" />
        <source>Arguments (JSON):</source>
        <translation>参数（JSON）：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="135" />
        <source>Input shape:</source>
        <translation>输入形状：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="136" />
        <source>New head, classes:</source>
        <translation>新输出头的类别数：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="140" />
        <source>Save as:</source>
        <translation>另存为：</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="143" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="176" />
        <source>Choose a Python file</source>
        <translation>选择 Python 文件</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="177" />
        <source>Python file (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="182" />
        <source>Choose an ONNX file</source>
        <translation>选择 ONNX 文件</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="183" />
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="198" />
        <source>Save the imported project as</source>
        <translation>将导入的项目另存为</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="199" />
        <source>NetStudio project (*.nsproj)</source>
        <translation>NetStudio 项目 (*.nsproj)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="224" />
        <source>Choose a torchvision model.</source>
        <translation>请选择一个 torchvision 模型。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="229" />
        <source>Choose an ONNX file (a name ending in .onnx).</source>
        <translation>请选择一个 ONNX 文件（文件名以 .onnx 结尾）。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="233" />
        <source>Give the Python file and the class or function that builds the model.</source>
        <translation>请给出 Python 文件以及构建模型的类或函数。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="239" />
        <source>Input shape: give sizes such as 3,224,224 (without the batch).</source>
        <translation>输入形状：请给出类似 3,224,224 的尺寸（不含批维度）。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="243" />
        <source>Arguments: give a JSON object such as {"num_classes": 10}.</source>
        <translation>参数：请给出一个 JSON 对象，例如 {"num_classes": 10}。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="246" />
        <source>Choose where to save the project.</source>
        <translation>请选择项目的保存位置。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="260" />
        <source>Importing… (tracing the model and checking its outputs)</source>
        <translation>正在导入…（追踪模型并检查其输出）</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../inspector.py" line="123" />
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="159" />
        <source>Select a layer to edit its parameters.</source>
        <translation>选择一个层以编辑它的参数。</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="181" />
        <source>%1 (inferred)</source>
        <translation>%1（自动推断）</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="182" />
        <source>inferred from the input</source>
        <translation>由输入自动推断</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="186" />
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="228" />
        <source>This layer has no parameters.</source>
        <translation>这个层没有参数。</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="270" />
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="16" />
        <source>block</source>
        <translation>模块</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="22" />
        <source>The block this node uses; double-click the node to open it</source>
        <translation>该节点使用的模块；双击节点可打开它</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="26" />
        <source>Block</source>
        <translation>模块</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="31" />
        <source>How many copies of the block run one after the other</source>
        <translation>模块依次运行的副本数</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="35" />
        <location filename="../blocks/inspector_form.py" line="36" />
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="62" />
        <location filename="../inspector.py" line="270" />
        <source>Shapes</source>
        <translation>形状</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="67" />
        <source>%1 per sample (%2 multiply-adds); %3 parameters (%4); activations inside %5 for a batch of %6</source>
        <translation>每个样本 %1（%2 次乘加）；参数 %3 个（%4）；批大小为 %6 时内部激活值占 %5</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="72" />
        <source>Cost</source>
        <translation>计算开销</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="75" />
        <source>A block: the %1 layers of %2 used as one node. Double-click it to open its inside in a tab; an edit there changes every use of %2. Repeat runs copies one after the other. Right-click &gt; Unfold in place puts its layers back in the graph.</source>
        <translation>模块：把 %2 的 %1 层当作一个节点使用。双击它可在标签页中打开其内部；在那里的修改会影响 %2 的每一处使用。“重复”会依次运行多个副本。右键 &gt; 原地展开 会把它的层放回计算图中。</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="82" />
        <source>Here: %1 copies, %2 layers in all.</source>
        <translation>此处：%1 个副本，共 %2 层。</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="270" />
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <location filename="../blocks/inspector_form.py" line="57" />
        <location filename="../inspector.py" line="271" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../inspector.py" line="368" />
        <source>%1 per sample (%2 multiply-adds); parameters %3; output %4 for a batch of %5</source>
        <translation>每个样本 %1（%2 次乘加）；参数 %3；批大小为 %5 时输出 %4</translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <location filename="../keyboard_nav.py" line="35" />
        <source>Co&amp;nnect to…</source>
        <translation>连接到(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="36" />
        <source>Edit &amp;parameters / back to the canvas</source>
        <translation>编辑参数 / 返回画布(&amp;P)</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="37" />
        <source>Focus the &amp;canvas</source>
        <translation>聚焦到画布(&amp;C)</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="38" />
        <source>Focus the &amp;layers</source>
        <translation>聚焦到层列表(&amp;L)</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="39" />
        <source>Focus the &amp;inspector</source>
        <translation>聚焦到属性面板(&amp;I)</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="40" />
        <source>Focus the &amp;training settings</source>
        <translation>聚焦到训练设置(&amp;T)</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="83" />
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="83" />
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="92" />
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="94" />
        <source>output %1</source>
        <translation>输出 %1</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="114" />
        <source>Type a layer's name…</source>
        <translation>输入层的名称…</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="115" />
        <source>Filter the layers to connect to</source>
        <translation>筛选要连接到的层</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="116" />
        <source>Layers to connect to</source>
        <translation>可连接到的层</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="271" />
        <source>Selected %1 (%2)</source>
        <translation>已选中 %1（%2）</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="340" />
        <source>Port: %1</source>
        <translation>端口：%1</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="371" />
        <source>replaces its wire</source>
        <translation>替换它原有的连线</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="389" />
        <source>Select one layer to connect from.</source>
        <translation>请选中一个作为连接起点的层。</translation>
    </message>
    <message>
        <location filename="../keyboard_nav.py" line="418" />
        <source>Connected %1 to %2.</source>
        <translation>已把 %1 连接到 %2。</translation>
    </message>
</context>
<context>
    <name>LayerReference</name>
    <message>
        <location filename="../reference.py" line="47" />
        <location filename="../reference.py" line="51" />
        <source>Layer reference</source>
        <translation>层参考手册</translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <location filename="../lessons/controller.py" line="82" />
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="120" />
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="121" />
        <source>Lesson (lesson.toml *.toml)</source>
        <translation>课程 (lesson.toml *.toml)</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="181" />
        <source>Lesson finished. Well done!</source>
        <translation>课程完成，做得好！</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="218" />
        <source>Cannot open the lesson's project</source>
        <translation>无法打开课程的项目</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="228" />
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="248" />
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="248" />
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="268" />
        <source>Hint:</source>
        <translation>提示：</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="274" />
        <source>Show a hint (%1 left)</source>
        <translation>显示提示（还剩 %1 条）</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="275" />
        <source>No more hints</source>
        <translation>没有更多提示了</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="287" />
        <source>✓ Step done: press Next.</source>
        <translation>✓ 这一步完成了：请按“下一步”。</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="331" />
        <source>open the lesson's project first</source>
        <translation>请先打开课程的项目</translation>
    </message>
    <message>
        <location filename="../lessons/controller.py" line="350" />
        <source>Type your answer and press Check.</source>
        <translation>输入你的答案，然后按“检查”。</translation>
    </message>
</context>
<context>
    <name>LessonsPanel</name>
    <message>
        <location filename="../lessons/panel.py" line="240" />
        <location filename="../lessons/panel.py" line="265" />
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="241" />
        <location filename="../lessons/panel.py" line="242" />
        <location filename="../lessons/panel.py" line="266" />
        <source>Your answer</source>
        <translation>你的答案</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="244" />
        <source>Check mark</source>
        <translation>完成标记</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="250" />
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="251" />
        <source>Step text</source>
        <translation>步骤说明</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="252" />
        <source>What to do</source>
        <translation>要做的事</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="253" />
        <source>Pick a lesson and press Start. Each step says what to do; its checks turn green as you work.</source>
        <translation>选择一门课程并按“开始”。每一步都会说明要做什么；完成时它的检查项会变绿。</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="255" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="256" />
        <source>Open lesson file…</source>
        <translation>打开课程文件…</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="257" />
        <source>Checks</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="258" />
        <source>Reload step project</source>
        <translation>重新载入本步项目</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="259" />
        <source>Open this step's project again (a copy; your changes are lost)</source>
        <translation>重新打开这一步的项目（副本；你的修改会丢失）</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="260" />
        <source>Show solution</source>
        <translation>显示答案</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="261" />
        <source>All lessons</source>
        <translation>全部课程</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="262" />
        <source>Back</source>
        <translation>上一步</translation>
    </message>
</context>
<context>
    <name>LossView</name>
    <message>
        <location filename="../training/plots/loss.py" line="171" />
        <location filename="../training/plots/loss.py" line="178" />
        <location filename="../training/view_names.py" line="14" />
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="174" />
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="175" />
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="176" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="179" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="180" />
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="185" />
        <source>training (per step)</source>
        <translation>训练（每步）</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="186" />
        <source>training (smoothed)</source>
        <translation>训练（平滑）</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="187" />
        <source>validation (per epoch)</source>
        <translation>验证（每轮）</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="189" />
        <source>%1 (live)</source>
        <translation>%1（实时）</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="189" />
        <source>live run</source>
        <translation>当前运行</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="190" />
        <source>its validation</source>
        <translation>其验证</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="197" />
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="198" />
        <source>Validation %1</source>
        <translation>验证 %1</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="351" />
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="352" />
        <source>loss %1</source>
        <translation>损失 %1</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="353" />
        <source>smoothed %1</source>
        <translation>平滑 %1</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="356" />
        <source>lr %1</source>
        <translation>学习率 %1</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="393" />
        <source>Export the loss plots</source>
        <translation>导出损失曲线图</translation>
    </message>
    <message>
        <location filename="../training/plots/loss.py" line="398" />
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
        <source>Save the changes to "%1" before closing it?</source>
        <translation type="vanished">关闭前是否保存对“%1”的更改？</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation type="vanished">恢复未保存的工作？</translation>
    </message>
    <message>
        <source>NetStudio closed unexpectedly while "%1" had unsaved changes (autosaved %2). Restore them?</source>
        <translation type="vanished">NetStudio 意外关闭时，“%1”有未保存的更改（自动保存于 %2）。要恢复吗？</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="vanished">打开项目</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="349" />
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="349" />
        <source>Inspector</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="350" />
        <source>Summary</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="350" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="353" />
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="376" />
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="394" />
        <source>%1 layers · %2 parameters</source>
        <translation>%1 个层 · %2 个参数</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="397" />
        <source>errors: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="454" />
        <source>About NetStudio</source>
        <translation>关于 NetStudio</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="455" />
        <source>NetStudio %1: design neural networks as graphs, train them with PyTorch and export plain PyTorch code.</source>
        <translation>NetStudio %1：用计算图设计神经网络，用 PyTorch 训练，并导出纯 PyTorch 代码。</translation>
    </message>
</context>
<context>
    <name>Mark</name>
    <message>
        <location filename="../lessons/panel.py" line="32" />
        <source>passed</source>
        <translation>已通过</translation>
    </message>
    <message>
        <location filename="../lessons/panel.py" line="32" />
        <source>not yet</source>
        <translation>尚未通过</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <location filename="../metric_names.py" line="8" />
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../metric_names.py" line="9" />
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../metric_names.py" line="10" />
        <source>reconstruction error</source>
        <translation>重建误差</translation>
    </message>
    <message>
        <location filename="../metric_names.py" line="11" />
        <source>MAE</source>
        <translation>平均绝对误差 (MAE)</translation>
    </message>
    <message>
        <location filename="../metric_names.py" line="12" />
        <source>RMSE</source>
        <translation>均方根误差 (RMSE)</translation>
    </message>
    <message>
        <location filename="../metric_names.py" line="13" />
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <location filename="../metric_names.py" line="14" />
        <source>discriminator accuracy</source>
        <translation>判别器准确率</translation>
    </message>
</context>
<context>
    <name>MetricsTable</name>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="41" />
        <source>macro average</source>
        <translation>宏平均</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="42" />
        <source>weighted average</source>
        <translation>加权平均</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="44" />
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="44" />
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="44" />
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="44" />
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="45" />
        <source>support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="62" />
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="62" />
        <source>value</source>
        <translation>数值</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <location filename="../new_project.py" line="77" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../new_project.py" line="78" />
        <source>Choose what the network should learn. Every template trains as it is; change its layers and data afterwards.</source>
        <translation>选择网络要学习的内容。每个模板都可以直接训练；之后再修改它的层和数据。</translation>
    </message>
    <message>
        <location filename="../new_project.py" line="82" />
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../new_project.py" line="98" />
        <source>Empty</source>
        <translation>空白</translation>
    </message>
    <message>
        <location filename="../new_project.py" line="100" />
        <source>An empty graph and no dataset: build everything yourself.</source>
        <translation>空的计算图，没有数据集：一切由你自己搭建。</translation>
    </message>
    <message>
        <location filename="../new_project.py" line="106" />
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>NodeIndicator</name>
    <message>
        <location filename="../training/indicators.py" line="82" />
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="82" />
        <source>weight spread</source>
        <translation>权重分布宽度</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="83" />
        <source>almost no gradient: this layer has stopped learning</source>
        <translation>几乎没有梯度：这个层已停止学习</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="84" />
        <location filename="../training/indicators.py" line="130" />
        <source>very large or not finite: lower the learning rate</source>
        <translation>数值过大或不是有限值：请降低学习率</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="85" />
        <source>no gradient yet</source>
        <translation>还没有梯度</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="120" />
        <source>no activation statistics yet</source>
        <translation>还没有激活值统计</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="121" />
        <source>activations: mean %1, std %2</source>
        <translation>激活值：均值 %1，标准差 %2</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="123" />
        <source>zeros %1, dead units %2</source>
        <translation>零值 %1，死亡单元 %2</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="126" />
        <source>saturated %1</source>
        <translation>饱和 %1</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="128" />
        <source>many units pass nothing on (dead or saturated): this layer hardly learns</source>
        <translation>很多单元没有传递任何信息（死亡或饱和）：这一层几乎学不到东西</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="145" />
        <source>sat</source>
        <translation>饱和</translation>
    </message>
    <message>
        <location filename="../training/indicators.py" line="145" />
        <source>dead</source>
        <translation>死亡</translation>
    </message>
</context>
<context>
    <name>NodeItem</name>
    <message>
        <location filename="../editor/node_item.py" line="290" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../editor/node_item.py" line="292" />
        <source>waiting for input</source>
        <translation>等待输入</translation>
    </message>
    <message>
        <location filename="../editor/node_item.py" line="301" />
        <location filename="../editor/node_item.py" line="303" />
        <source>%1 params</source>
        <translation>%1 个参数</translation>
    </message>
</context>
<context>
    <name>OptimizerSection</name>
    <message>
        <location filename="../training/optimizer_section.py" line="132" />
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../training/optimizer_section.py" line="132" />
        <source>Automatic (%1)</source>
        <translation>自动（%1）</translation>
    </message>
    <message>
        <location filename="../training/optimizer_section.py" line="135" />
        <source>CPU (%1 threads)</source>
        <translation>CPU（%1 个线程）</translation>
    </message>
    <message>
        <location filename="../training/optimizer_section.py" line="139" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../training/optimizer_section.py" line="140" />
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../training/optimizer_section.py" line="166" />
        <source>Set the optimizer</source>
        <translation>设置优化器</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <location filename="../palette.py" line="77" />
        <source>Search layers (e.g. conv, pool, norm)</source>
        <translation>搜索层（例如 conv、pool、norm）</translation>
    </message>
    <message>
        <location filename="../palette.py" line="109" />
        <location filename="../palette.py" line="114" />
        <source>My blocks</source>
        <translation>我的模块</translation>
    </message>
    <message>
        <location filename="../palette.py" line="111" />
        <source>Blocks in this project</source>
        <translation>本项目中的模块</translation>
    </message>
    <message>
        <location filename="../palette.py" line="111" />
        <source>A block of this project: drag it onto the canvas to use it again</source>
        <translation>本项目的模块：把它拖到画布上即可再次使用</translation>
    </message>
    <message>
        <location filename="../palette.py" line="124" />
        <source>(none yet: right-click a block &gt; Save to My blocks)</source>
        <translation>（还没有：右键单击模块 &gt; 保存到“我的模块”）</translation>
    </message>
</context>
<context>
    <name>Presentation</name>
    <message>
        <location filename="../presentation.py" line="121" />
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <location filename="../presentation.py" line="122" />
        <source>Large type, high contrast, only the canvas and one live view (for a projector)</source>
        <translation>大字体、高对比度，只显示画布和一个实时视图（用于投影）</translation>
    </message>
    <message>
        <location filename="../presentation.py" line="124" />
        <source>Live view when &amp;presenting</source>
        <translation>演示时的实时视图(&amp;P)</translation>
    </message>
</context>
<context>
    <name>ProcessRun</name>
    <message>
        <location filename="../training/process_run.py" line="287" />
        <source>The last checkpoint is %1.</source>
        <translation>最后一个检查点是 %1。</translation>
    </message>
    <message>
        <location filename="../training/process_run.py" line="290" />
        <source>Stopped: the worker processes were ended.</source>
        <translation>已停止：工作进程已结束。</translation>
    </message>
    <message>
        <location filename="../training/process_run.py" line="297" />
        <source>Could not start the worker processes: %1</source>
        <translation>无法启动工作进程：%1</translation>
    </message>
    <message>
        <location filename="../training/process_run.py" line="306" />
        <source>The worker processes ended (exit code %1) without finishing the run.</source>
        <translation>工作进程在完成运行前就结束了（退出码 %1）。</translation>
    </message>
</context>
<context>
    <name>ProjectFilesMixin</name>
    <message>
        <location filename="../window_files.py" line="46" />
        <source>Cannot open the template</source>
        <translation>无法打开模板</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="70" />
        <location filename="../window_files.py" line="75" />
        <location filename="../window_files.py" line="86" />
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="112" />
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="112" />
        <location filename="../window_files.py" line="205" />
        <source>NetStudio project (*.nsproj *.json)</source>
        <translation>NetStudio 项目 (*.nsproj *.json)</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="129" />
        <source>Cannot save the project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="132" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="151" />
        <source>A damaged recovery file was set aside: %1</source>
        <translation>一个损坏的恢复文件已被移到一旁：%1</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="171" />
        <source> (set aside as %1)</source>
        <translation>（已另存为 %1）</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="172" />
        <source>Cannot restore the unsaved work</source>
        <translation>无法恢复未保存的工作</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="183" />
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="184" />
        <source>Save the changes to "%1" before closing it?</source>
        <translation>关闭前是否保存对“%1”的更改？</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="190" />
        <source>Restore unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="191" />
        <source>NetStudio closed unexpectedly while "%1" had unsaved changes (autosaved %2). Restore them?</source>
        <translation>NetStudio 意外关闭时，“%1”有未保存的更改（自动保存于 %2）。要恢复吗？</translation>
    </message>
    <message>
        <location filename="../window_files.py" line="205" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
</context>
<context>
    <name>ProjectPropertiesDialog</name>
    <message>
        <location filename="../project_properties.py" line="58" />
        <source>Project properties</source>
        <translation>项目属性</translation>
    </message>
    <message>
        <location filename="../project_properties.py" line="59" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../project_properties.py" line="60" />
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../project_properties.py" line="61" />
        <source>The name titles the window, names the folders of training runs and the class of exported Python code.</source>
        <translation>名称会显示在窗口标题中，并用于命名训练运行的文件夹和导出的 Python 代码中的类。</translation>
    </message>
    <message>
        <location filename="../project_properties.py" line="67" />
        <source>The project needs a name.</source>
        <translation>项目需要一个名称。</translation>
    </message>
    <message>
        <location filename="../project_properties.py" line="77" />
        <source>Edit the project's properties</source>
        <translation>编辑项目属性</translation>
    </message>
</context>
<context>
    <name>QuickAddPopup</name>
    <message>
        <location filename="../editor/quick_add.py" line="25" />
        <source>Search layers…</source>
        <translation>搜索层…</translation>
    </message>
    <message>
        <location filename="../editor/quick_add.py" line="29" />
        <source>Search layers to add</source>
        <translation>搜索要添加的层</translation>
    </message>
    <message>
        <location filename="../editor/quick_add.py" line="30" />
        <source>Layers to add</source>
        <translation>可添加的层</translation>
    </message>
    <message>
        <location filename="../editor/quick_add.py" line="31" />
        <source>Enter adds the highlighted layer.</source>
        <translation>按 Enter 添加高亮的层。</translation>
    </message>
</context>
<context>
    <name>Reference</name>
    <message>
        <location filename="../reference.py" line="30" />
        <source>inferred</source>
        <translation>自动推断</translation>
    </message>
    <message>
        <location filename="../reference.py" line="31" />
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../reference.py" line="35" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../reference.py" line="36" />
        <source>many</source>
        <translation>多个</translation>
    </message>
    <message>
        <location filename="../reference.py" line="39" />
        <source>in: %1 · out: %2</source>
        <translation>输入：%1 · 输出：%2</translation>
    </message>
</context>
<context>
    <name>RunActionsMixin</name>
    <message>
        <location filename="../runs/actions.py" line="57" />
        <source>No checkpoint</source>
        <translation>没有检查点</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="58" />
        <source>The run %1 saved no checkpoint (it ended before its first one).</source>
        <translation>运行 %1 没有保存检查点（它在第一个检查点之前就结束了）。</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="69" />
        <location filename="../runs/actions.py" line="72" />
        <source>Cannot open the run's project</source>
        <translation>无法打开该运行的项目</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="88" />
        <source>Cannot continue the run</source>
        <translation>无法继续该运行</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="125" />
        <source>Python code and weights</source>
        <translation>Python 代码和权重</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="125" />
        <source>ONNX</source>
        <translation>ONNX</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="126" />
        <source>TorchScript</source>
        <translation>TorchScript</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="127" />
        <source>Export the run</source>
        <translation>导出该运行</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="127" />
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="144" />
        <source>Cannot delete the run</source>
        <translation>无法删除该运行</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="158" />
        <location filename="../runs/actions.py" line="165" />
        <source>Delete runs</source>
        <translation>删除运行记录</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="159" />
        <source>Move %1 to the trash?</source>
        <translation>将 %1 移到回收站？</translation>
    </message>
    <message>
        <location filename="../runs/actions.py" line="166" />
        <source>%1 cannot be moved to the trash. Delete for good? This cannot be undone.</source>
        <translation>%1 无法移到回收站。要永久删除吗？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>RunDiff</name>
    <message>
        <location filename="../runs/diff_dialog.py" line="37" />
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="40" />
        <source>From &lt;b&gt;%1&lt;/b&gt; to &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>从 &lt;b&gt;%1&lt;/b&gt; 到 &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="44" />
        <source>What</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="44" />
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="44" />
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="48" />
        <source>On the canvas: &lt;span style='color:%1'&gt;■&lt;/span&gt; added, &lt;span style='color:%2'&gt;■&lt;/span&gt; changed. &lt;span style='color:%3'&gt;■&lt;/span&gt; Removed nodes are listed here; "Open older project" shows them marked.</source>
        <translation>画布上：&lt;span style='color:%1'&gt;■&lt;/span&gt; 新增，&lt;span style='color:%2'&gt;■&lt;/span&gt; 已更改。&lt;span style='color:%3'&gt;■&lt;/span&gt; 已删除的节点列在这里；“打开较早的项目”会把它们标记出来。</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="55" />
        <source>Open older project</source>
        <translation>打开较早的项目</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="75" />
        <source>Settings (%1 changed)</source>
        <translation>设置（%1 项改动）</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="79" />
        <source>no setting changed</source>
        <translation>设置没有改动</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="81" />
        <source>Graph '%1' (%2 change(s))</source>
        <translation>计算图“%1”（%2 处改动）</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="84" />
        <source>added: %1</source>
        <translation>新增：%1</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="86" />
        <source>removed: %1</source>
        <translation>删除：%1</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="91" />
        <source>wire added: %1 → %2</source>
        <translation>新增连线：%1 → %2</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="94" />
        <source>wire removed: %1 → %2</source>
        <translation>删除连线：%1 → %2</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="97" />
        <source>no change</source>
        <translation>没有改动</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="104" />
        <source>added since the older run</source>
        <translation>较早的运行之后新增</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="107" />
        <source>changed: %1</source>
        <translation>已更改：%1</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="175" />
        <source>removed in the newer run</source>
        <translation>在较新的运行中已删除</translation>
    </message>
</context>
<context>
    <name>RunDiffMixin</name>
    <message>
        <location filename="../runs/diff_dialog.py" line="126" />
        <location filename="../runs/diff_dialog.py" line="132" />
        <source>Cannot compare</source>
        <translation>无法比较</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="126" />
        <location filename="../runs/diff_dialog.py" line="132" />
        <source>The run %1 holds no project.nsproj.</source>
        <translation>运行 %1 中没有 project.nsproj。</translation>
    </message>
    <message>
        <location filename="../runs/diff_dialog.py" line="137" />
        <source>the project now</source>
        <translation>当前项目</translation>
    </message>
</context>
<context>
    <name>Runs</name>
    <message>
        <location filename="../runs/table.py" line="19" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="19" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="20" />
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="20" />
        <source>Changed since</source>
        <translation>此后的改动</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="21" />
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="21" />
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="22" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="25" />
        <source>What differs between the run's settings and graph and the project open now</source>
        <translation>该运行的设置和计算图与当前打开的项目有哪些不同</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="27" />
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="27" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="28" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="28" />
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="29" />
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="29" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="33" />
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="34" />
        <source>Open as it was</source>
        <translation>按原样打开</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="35" />
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="36" />
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="37" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="38" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="181" />
        <source>Select runs to overlay their curves on the loss plot; select two to compare them.</source>
        <translation>选择运行记录，可把它们的曲线叠加到损失图上；选择两个可进行比较。</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="184" />
        <source>No runs of this project yet: press Train. Each run is kept in its own folder under %1.</source>
        <translation>这个项目还没有运行记录：请点击“训练”。每次运行都保存在 %1 下各自的文件夹中。</translation>
    </message>
    <message>
        <location filename="../runs/table.py" line="185" />
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
</context>
<context>
    <name>RunsController</name>
    <message>
        <location filename="../runs/controller.py" line="91" />
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location filename="../runs/controller.py" line="174" />
        <source>(no project saved with the run)</source>
        <translation>（该运行没有保存项目）</translation>
    </message>
    <message>
        <location filename="../runs/controller.py" line="180" />
        <source>%1 graph change(s)</source>
        <translation>计算图有 %1 处改动</translation>
    </message>
    <message>
        <location filename="../runs/controller.py" line="182" />
        <source>same as now</source>
        <translation>与当前相同</translation>
    </message>
</context>
<context>
    <name>ScatterPlot</name>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="210" />
        <source>Predicted against true</source>
        <translation>预测值与真实值</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="211" />
        <source>Each point is one predicted value; a perfect model puts every point on the dashed line y = x.</source>
        <translation>每个点是一个预测值；完美的模型会让所有点都落在虚线 y = x 上。</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="213" />
        <source>true value</source>
        <translation>真实值</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation_plots.py" line="214" />
        <source>predicted value</source>
        <translation>预测值</translation>
    </message>
</context>
<context>
    <name>ScheduleSection</name>
    <message>
        <location filename="../training/schedule_section.py" line="64" />
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <location filename="../training/schedule_section.py" line="65" />
        <source>Schedule</source>
        <translation>调度方式</translation>
    </message>
    <message>
        <location filename="../training/schedule_section.py" line="83" />
        <source>Set the LR schedule</source>
        <translation>设置学习率调度</translation>
    </message>
</context>
<context>
    <name>StepThrough</name>
    <message>
        <location filename="../step_through/session.py" line="21" />
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="22" />
        <source>Next node</source>
        <translation>下一个节点</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="23" />
        <source>Run to end</source>
        <translation>运行到最后</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="24" />
        <source>Backward</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="25" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="26" />
        <source>Step &amp;through one batch</source>
        <translation>逐层查看一个批次(&amp;T)</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="121" />
        <source>Stop training before stepping through a batch</source>
        <translation>请先停止训练，再逐层查看一个批次</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="128" />
        <source>The project has no graph named %1 to step through</source>
        <translation>项目中没有名为 %1 的计算图可供逐层查看</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="138" />
        <source>Running one batch forward…</source>
        <translation>正在对一个批次做前向传播…</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="209" />
        <source>Step through failed: %1</source>
        <translation>逐层查看失败：%1</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="273" />
        <source>Backward pass…</source>
        <translation>反向传播…</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="282" />
        <source>%1: numbers over the whole batch of %2; pictures of its first sample</source>
        <translation>%1：数值按整个批次（%2 个样本）统计；图片显示第一个样本</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="317" />
        <source>backward: %1 (%2 of %3 from the loss) · loss %4</source>
        <translation>反向：%1（从损失往回第 %2 个，共 %3 个）· 损失 %4</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="321" />
        <source>%1 (%2 of %3) · batch of %4 · loss %5</source>
        <translation>%1（第 %2 个，共 %3 个）· 批大小 %4 · 损失 %5</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="324" />
        <source>trained weights</source>
        <translation>训练后的权重</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="324" />
        <source>initial weights</source>
        <translation>初始权重</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="325" />
        <source>initial weights (the graph changed since training)</source>
        <translation>初始权重（训练之后计算图改过了）</translation>
    </message>
    <message>
        <location filename="../step_through/session.py" line="348" />
        <source>Run one batch of the training data forward node by node, then backward</source>
        <translation>把一个批次的训练数据逐个节点做前向传播，然后做反向传播</translation>
    </message>
    <message>
        <location filename="../step_through/overlay.py" line="134" />
        <source>one number</source>
        <translation>一个数</translation>
    </message>
    <message>
        <location filename="../step_through/overlay.py" line="136" />
        <source>(first %1 maps)</source>
        <translation>（前 %1 个特征图）</translation>
    </message>
    <message>
        <location filename="../step_through/overlay.py" line="138" />
        <source>(first %1 values)</source>
        <translation>（前 %1 个值）</translation>
    </message>
    <message>
        <location filename="../step_through/overlay.py" line="141" />
        <source>min %1  mean %2  max %3</source>
        <translation>最小 %1  平均 %2  最大 %3</translation>
    </message>
    <message>
        <location filename="../step_through/overlay.py" line="144" />
        <source>not numbers to picture</source>
        <translation>不是可以画成图的数值</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <location filename="../summary_dock.py" line="71" />
        <source>id</source>
        <translation>标识</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="71" />
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="71" />
        <source>output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="72" />
        <source>params</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="72" />
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="72" />
        <source>params memory</source>
        <translation>参数内存</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="73" />
        <source>activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="74" />
        <source>Floating-point operations of one sample's forward pass: 2 per multiply-add of the matrix products and convolutions (as PyTorch's FlopCounterMode counts them); activations, pooling and norms count 0</source>
        <translation>单个样本前向传播的浮点运算次数：矩阵乘法和卷积中每次乘加计为 2（与 PyTorch 的 FlopCounterMode 计数方式相同）；激活函数、池化和归一化计为 0</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="77" />
        <source>Memory of the layer's parameters (float32: 4 bytes each)</source>
        <translation>该层参数占用的内存（float32：每个 4 字节）</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="78" />
        <source>Memory of the layer's output for one batch of training.batch_size (float32: 4 bytes per value); Flatten and Reshape show their input's memory again</source>
        <translation>该层在一个批次（training.batch_size）上的输出占用的内存（float32：每个值 4 字节）；Flatten 和 Reshape 显示的是其输入的内存</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="145" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="157" />
        <source>Training memory about %1 (batch %2, %3)</source>
        <translation>训练内存约 %1（批大小 %2，%3）</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="162" />
        <source>- too big for this computer (%1)</source>
        <translation>——超出本机内存（%1）</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="166" />
        <source>weights %1, gradients %2, optimizer state %3, activations kept for backward %4. FLOPs are per sample, 2 per multiply-add of matrix products and convolutions; activations are one batch (training.batch_size) of float32 outputs.</source>
        <translation>权重 %1，梯度 %2，优化器状态 %3，为反向传播保留的激活值 %4。FLOPs 按单个样本计算，矩阵乘法和卷积中每次乘加计为 2；激活值按一个批次（training.batch_size）的 float32 输出计算。</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="187" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="123" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="172" />
        <source>Total parameters: %1</source>
        <translation>参数总数：%1</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="198" />
        <source>Click to see how this size is computed</source>
        <translation>点击查看这个尺寸是如何计算的</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="202" />
        <source>No problems: the graph compiles.</source>
        <translation>没有问题：计算图可以编译。</translation>
    </message>
    <message>
        <location filename="../summary_dock.py" line="204" />
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <location filename="../sweep/dialog.py" line="24" />
        <source>SGD + momentum</source>
        <translation>SGD + 动量</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="27" />
        <source>Dropout</source>
        <translation>丢弃（Dropout）</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="28" />
        <source>Batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="29" />
        <source>L2 (weight decay)</source>
        <translation>L2（权重衰减）</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="30" />
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="133" />
        <source>Sweep</source>
        <translation>超参数搜索</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="134" />
        <source>Race the optimizers (each with its default learning rate)</source>
        <translation>比较优化器（各自使用默认学习率）</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="137" />
        <source>Learning rates (log scale)</source>
        <translation>学习率（对数刻度）</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="139" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="139" />
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="140" />
        <source>Values</source>
        <translation>取值个数</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="142" />
        <source>On / off (one thing toggled)</source>
        <translation>开 / 关（切换一项）</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="143" />
        <source>Switch</source>
        <translation>切换项</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="149" />
        <source>Compare by</source>
        <translation>比较指标</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="149" />
        <source>Epochs per trial</source>
        <translation>每次试验的轮数</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="150" />
        <source>Stop each trial after steps</source>
        <translation>每次试验的最大步数</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="152" />
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="153" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="154" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="180" />
        <source>%1 trial(s), one after another, each an ordinary run with the project's seed and model; they appear in the Runs dock as they end.</source>
        <translation>共 %1 次试验，依次进行，每次都是使用项目随机种子和模型的普通运行；每次结束后会出现在“运行记录”面板中。</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="189" />
        <source>Open a project first.</source>
        <translation>请先打开一个项目。</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="210" />
        <source>Training is running: stop it before starting a sweep.</source>
        <translation>训练正在进行：请先停止训练，再开始超参数搜索。</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="234" />
        <source>Starting %1 trial(s)…</source>
        <translation>正在开始 %1 次试验…</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="243" />
        <source>Stopping the running trial after this batch…</source>
        <translation>将在本批次结束后停止当前试验…</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="253" />
        <source>Trial %1 of %2: %3</source>
        <translation>第 %1/%2 次试验：%3</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="258" />
        <source>Trial %1 of %2: epoch %3 of %4</source>
        <translation>第 %1/%2 次试验：第 %3/%4 轮</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="276" />
        <source>No trial completed.</source>
        <translation>没有完成的试验。</translation>
    </message>
    <message>
        <location filename="../sweep/dialog.py" line="279" />
        <source>%1 of %2 trial(s) complete; best: trial %3 (%4), %5 %6</source>
        <translation>已完成 %1/%2 次试验；最佳：第 %3 次试验（%4），%5 %6</translation>
    </message>
</context>
<context>
    <name>SweepPlots</name>
    <message>
        <location filename="../sweep/plots.py" line="40" />
        <source>Parameter importance</source>
        <translation>参数重要性</translation>
    </message>
    <message>
        <location filename="../sweep/plots.py" line="53" />
        <source>Parameter importance (fANOVA)</source>
        <translation>参数重要性（fANOVA）</translation>
    </message>
    <message>
        <location filename="../sweep/plots.py" line="73" />
        <source>%1 by %2</source>
        <translation>%1 随 %2 的变化</translation>
    </message>
    <message>
        <location filename="../sweep/plots.py" line="115" />
        <source>Parallel coordinates</source>
        <translation>平行坐标图</translation>
    </message>
</context>
<context>
    <name>SweepResults</name>
    <message>
        <location filename="../sweep/results.py" line="12" />
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="13" />
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="14" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="15" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="16" />
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="25" />
        <source>Sweep trials</source>
        <translation>超参数搜索试验</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="49" />
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="49" />
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="50" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="51" />
        <source>Importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <location filename="../sweep/results.py" line="52" />
        <source>Parallel coordinates</source>
        <translation>平行坐标图</translation>
    </message>
</context>
<context>
    <name>TaskSection</name>
    <message>
        <location filename="../training/task_section.py" line="69" />
        <location filename="../training/task_section.py" line="70" />
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../training/task_section.py" line="71" />
        <source>Sequence mode</source>
        <translation>序列模式</translation>
    </message>
    <message>
        <location filename="../training/task_section.py" line="72" />
        <source>next_char: predict the next character; classify: one class per sequence; regress: one number per sequence.</source>
        <translation>next_char：预测下一个字符；classify：每个序列一个类别；regress：每个序列一个数值。</translation>
    </message>
    <message>
        <location filename="../training/task_section.py" line="104" />
        <source>Set the task</source>
        <translation>设置任务</translation>
    </message>
    <message>
        <location filename="../training/task_section.py" line="111" />
        <source>Set the sequence mode</source>
        <translation>设置序列模式</translation>
    </message>
</context>
<context>
    <name>TestResultsView</name>
    <message>
        <location filename="../training/plots/evaluation.py" line="57" />
        <location filename="../training/view_names.py" line="22" />
        <source>Test results</source>
        <translation>测试结果</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="60" />
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="60" />
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="61" />
        <source>Evaluate the last checkpoint</source>
        <translation>评估最近的检查点</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="62" />
        <source>Accuracy per class</source>
        <translation>各类别准确率</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="64" />
        <source>Results on the test split appear when training finishes (or evaluate the last checkpoint after stopping).</source>
        <translation>训练结束后显示测试集上的结果（也可以在停止后评估最近的检查点）。</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="86" />
        <source>after step %1</source>
        <translation>第 %1 步之后</translation>
    </message>
    <message>
        <location filename="../training/plots/evaluation.py" line="87" />
        <source>Results on the %1 split %2</source>
        <translation>%1 集上的结果 %2</translation>
    </message>
</context>
<context>
    <name>TextView</name>
    <message>
        <location filename="../training/plots/text.py" line="34" />
        <location filename="../training/view_names.py" line="19" />
        <source>Generated text</source>
        <translation>生成的文本</translation>
    </message>
    <message>
        <location filename="../training/plots/text.py" line="37" />
        <source>Text the model writes one character at a time (newest first).</source>
        <translation>模型逐字符写出的文本（最新的在最上面）。</translation>
    </message>
    <message>
        <location filename="../training/plots/text.py" line="52" />
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <location filename="../training/chrome.py" line="17" />
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="18" />
        <source>&amp;Continue from checkpoint</source>
        <translation>从检查点继续(&amp;C)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="20" />
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="21" />
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="22" />
        <source>Step one &amp;batch</source>
        <translation>只训练一个批次(&amp;B)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="23" />
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="24" />
        <source>S&amp;weep…</source>
        <translation>超参数搜索(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="27" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="28" />
        <source>Live views</source>
        <translation>实时视图</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="29" />
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="30" />
        <source>Canvas indicators</source>
        <translation>画布指示器</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="31" />
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="32" />
        <source>weight spread</source>
        <translation>权重分布宽度</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="33" />
        <source>activation mean/std</source>
        <translation>激活值均值/标准差</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="34" />
        <source>dead units %</source>
        <translation>死亡单元 %</translation>
    </message>
    <message>
        <location filename="../training/chrome.py" line="35" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <location filename="../training/controller.py" line="211" />
        <source>Cannot continue from the checkpoint: %1</source>
        <translation>无法从检查点继续训练：%1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="223" />
        <source>A sweep is running (Training &gt; Sweep…): stop it before training.</source>
        <translation>超参数搜索正在进行（训练 &gt; 超参数搜索…）：请先停止它，再开始训练。</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="276" />
        <source>Preparing the data and the model…</source>
        <translation>正在准备数据和模型…</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="291" />
        <source>A %1 task trains in one process only: set Worker processes to 1.</source>
        <translation>%1 任务只能在单个进程中训练：请把“工作进程数”设为 1。</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="302" />
        <source>Cannot write the project for the worker processes: %1</source>
        <translation>无法为工作进程写入项目：%1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="320" />
        <source>Starting %1 worker processes…</source>
        <translation>正在启动 %1 个工作进程…</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="355" />
        <source>Stopping after this batch and saving a checkpoint…</source>
        <translation>将在本批次结束后停止并保存检查点…</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="390" />
        <source>Training is running</source>
        <translation>训练正在进行</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="391" />
        <source>Stop training and close? A checkpoint is saved, so you can continue later.</source>
        <translation>停止训练并关闭吗？检查点会被保存，之后可以继续训练。</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="414" />
        <source>Training on %1: %2 parameters; %3</source>
        <translation>在 %1 上训练：%2 个参数；%3</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="431" />
        <source>epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="432" />
        <source>train loss %1</source>
        <translation>训练损失 %1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="434" />
        <source>val loss %1</source>
        <translation>验证损失 %1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="436" />
        <source>val accuracy %1</source>
        <translation>验证准确率 %1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="457" />
        <source>Paused at step %1</source>
        <translation>已在第 %1 步暂停</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="460" />
        <source>Training resumed</source>
        <translation>训练已恢复</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="472" />
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation type="vanished">（%1）</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="507" />
        <source>Evaluating %1 on the test split…</source>
        <translation>正在测试集上评估 %1…</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="529" />
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <location filename="../training/controller.py" line="541" />
        <source>Training — the graph is read-only. Stop training to edit it.</source>
        <translation>训练中——计算图为只读。停止训练后才能编辑。</translation>
    </message>
    <message>
        <location filename="../training/process_run.py" line="73" />
        <source>A run on several processes cannot pause: Stop ends it (the last checkpoint is kept) and Continue from checkpoint goes on from there.</source>
        <translation>多进程运行无法暂停：“停止”会结束运行（保留最后一个检查点），“从检查点继续”会从那里接着训练。</translation>
    </message>
</context>
<context>
    <name>TrainingControls</name>
    <message>
        <location filename="../training/controls.py" line="75" />
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="76" />
        <source>Train from scratch with the current graph and settings</source>
        <translation>用当前的计算图和设置从头开始训练</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="77" />
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="78" />
        <source>Continue from the last checkpoint (the graph must still fit it)</source>
        <translation>从最近的检查点继续（计算图必须仍与之匹配）</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="79" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="80" />
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="81" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="82" />
        <source>Step one batch</source>
        <translation>只训练一个批次</translation>
    </message>
    <message>
        <location filename="../training/controls.py" line="109" />
        <source>epoch %1/%2 · step %3/%4 · %5 samples/s · ETA %6</source>
        <translation>第 %1/%2 轮 · 第 %3/%4 步 · %5 样本/秒 · 预计剩余 %6</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Task</source>
        <translation type="vanished">任务</translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="vanished">数据</translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="vanished">训练</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="13" />
        <source>Model graph</source>
        <translation>模型计算图</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="14" />
        <source>Generator</source>
        <translation>生成器</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="15" />
        <source>Discriminator</source>
        <translation>判别器</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="16" />
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="vanished">数据集</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation type="vanished">验证集比例</translation>
    </message>
    <message>
        <source>Test share</source>
        <translation type="vanished">测试集比例</translation>
    </message>
    <message>
        <source>Random rotation</source>
        <translation type="vanished">随机旋转</translation>
    </message>
    <message>
        <source>Random crop padding</source>
        <translation type="vanished">随机裁剪填充</translation>
    </message>
    <message>
        <source>Horizontal flips</source>
        <translation type="vanished">水平翻转</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="vanished">优化器</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="22" />
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="23" />
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation type="vanished">权重衰减</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation type="vanished">学习率调度</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="51" />
        <source>Step every (epochs)</source>
        <translation>每隔多少轮调整</translation>
    </message>
    <message>
        <source>LR factor</source>
        <translation type="vanished">学习率倍数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="17" />
        <source>Latent size</source>
        <translation>潜变量维度</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="18" />
        <source>Discriminator steps</source>
        <translation>判别器步数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="19" />
        <source>Prompt</source>
        <translation>提示文本</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="20" />
        <source>Characters to generate</source>
        <translation>生成字符数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="21" />
        <source>Sampling temperature</source>
        <translation>采样温度</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="24" />
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="25" />
        <source>Weight decay (L2)</source>
        <translation>权重衰减（L2）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="26" />
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="27" />
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="28" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="29" />
        <source>Worker processes</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="30" />
        <source>L1 penalty</source>
        <translation>L1 惩罚</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="31" />
        <source>Clip gradient norm at</source>
        <translation>梯度裁剪（范数上限）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="32" />
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="33" />
        <source>Top-k accuracy (k)</source>
        <translation>Top-k 准确率（k）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="34" />
        <source>Patience (epochs)</source>
        <translation>耐心值（轮）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="35" />
        <source>Watch</source>
        <translation>监视指标</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="36" />
        <source>Smallest improvement</source>
        <translation>最小改善量</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="37" />
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="38" />
        <source>Mixed precision (GPU)</source>
        <translation>混合精度（GPU）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="39" />
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="40" />
        <source>Live views every</source>
        <translation>实时视图刷新间隔</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="41" />
        <source>Checkpoint every (epochs)</source>
        <translation>检查点间隔（轮）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="42" />
        <source>Stop after steps</source>
        <translation>最大步数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="43" />
        <source>Betas (β1, β2)</source>
        <translation>Betas（β1, β2）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="44" />
        <source>Epsilon</source>
        <translation>Epsilon</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="45" />
        <source>Dampening</source>
        <translation>阻尼</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="46" />
        <source>AMSGrad</source>
        <translation>AMSGrad</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="47" />
        <source>Centered</source>
        <translation>中心化</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="48" />
        <source>Rho (running average)</source>
        <translation>Rho（滑动平均）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="49" />
        <source>Alpha (smoothing)</source>
        <translation>Alpha（平滑）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="50" />
        <source>Learning-rate decay</source>
        <translation>学习率衰减</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="52" />
        <source>LR factor per step</source>
        <translation>每次调整的学习率系数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="53" />
        <source>Lowest learning rate</source>
        <translation>最低学习率</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="54" />
        <source>Peak learning rate</source>
        <translation>峰值学习率</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="55" />
        <source>Warm-up share</source>
        <translation>预热比例</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="56" />
        <source>LR factor on a plateau</source>
        <translation>停滞时的学习率系数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="57" />
        <source>Epochs without progress</source>
        <translation>无改善的轮数</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="63" />
        <source>How many random numbers the generator turns into a sample.</source>
        <translation>生成器把多少个随机数变成一个样本。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="64" />
        <source>Discriminator updates per generator update (n_critic)</source>
        <translation>生成器每更新一次，判别器更新的次数（n_critic）</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="65" />
        <source>The text that starts each generated sample.</source>
        <translation>每个生成样本开头的文本。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="67" />
        <source>Lower: safer, more repetitive text; higher: more surprising text.</source>
        <translation>较低：文本更稳妥、更重复；较高：文本更出人意料。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="68" />
        <source>Adds this times the sum of absolute weights to the loss.</source>
        <translation>把该值乘以权重绝对值之和，加到损失上。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="70" />
        <source>More than 1: Train starts that many processes with torchrun (DDP); each trains on its share of every batch.</source>
        <translation>大于 1 时：“训练”会用 torchrun（DDP）启动这么多个进程；每个进程在每个批次中训练自己分到的部分。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="72" />
        <source>Classifiers: cross-entropy smoothing. GANs: real images are labelled 1 minus this.</source>
        <translation>分类器：交叉熵标签平滑。GAN：真实图像的标签为 1 减去该值。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="74" />
        <source>Automatic: the engine times the first steps at 1, 2, 4… threads and keeps the fastest.</source>
        <translation>自动：引擎用 1、2、4… 个线程分别测量最初几步的耗时，并保留最快的设置。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="76" />
        <source>One-cycle rises to this rate and falls again; off: the optimizer's learning rate.</source>
        <translation>One-cycle 先升到这个学习率再降下来；关闭：使用优化器的学习率。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="78" />
        <source>The share of all steps spent rising to the peak rate.</source>
        <translation>所有步数中用于升到峰值学习率的比例。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="80" />
        <source>How many epochs the validation loss may stall before the rate drops.</source>
        <translation>验证损失停滞多少轮后降低学习率。</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="85" />
        <source>the generator's input</source>
        <translation>生成器的输入</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="86" />
        <location filename="../training/labels.py" line="89" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="87" />
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../training/labels.py" line="88" />
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>epoch ends only</source>
        <translation type="vanished">仅在每轮结束时</translation>
    </message>
    <message>
        <source>Show samples</source>
        <translation type="vanished">显示样本</translation>
    </message>
    <message>
        <source>Seconds between live pictures (filters, samples, feature maps).</source>
        <translation type="vanished">实时图像（卷积核、样本、特征图）之间的秒数。</translation>
    </message>
    <message>
        <location filename="../training/panel.py" line="191" />
        <source>task.%1 is "%2" but the project has no graph of that name (it has: %3)</source>
        <translation>task.%1 是“%2”，但项目中没有这个名字的计算图（现有：%3）</translation>
    </message>
    <message>
        <source>Set the model graph</source>
        <translation type="vanished">设置模型计算图</translation>
    </message>
    <message>
        <source>Set the generator graph</source>
        <translation type="vanished">设置生成器计算图</translation>
    </message>
    <message>
        <source>Set the discriminator graph</source>
        <translation type="vanished">设置判别器计算图</translation>
    </message>
    <message>
        <source>Set the loss</source>
        <translation type="vanished">设置损失函数</translation>
    </message>
    <message>
        <source>Set random rotation</source>
        <translation type="vanished">设置随机旋转</translation>
    </message>
    <message>
        <source>Set random crop</source>
        <translation type="vanished">设置随机裁剪</translation>
    </message>
    <message>
        <source>Set horizontal flips</source>
        <translation type="vanished">设置水平翻转</translation>
    </message>
    <message>
        <source>Set the learning rate</source>
        <translation type="vanished">设置学习率</translation>
    </message>
    <message>
        <source>Set the momentum</source>
        <translation type="vanished">设置动量</translation>
    </message>
    <message>
        <source>Set the weight decay</source>
        <translation type="vanished">设置权重衰减</translation>
    </message>
    <message>
        <source>Set the schedule step</source>
        <translation type="vanished">设置调度步长</translation>
    </message>
    <message>
        <source>Set the schedule factor</source>
        <translation type="vanished">设置调度倍数</translation>
    </message>
    <message>
        <source>Set epochs</source>
        <translation type="vanished">设置轮数</translation>
    </message>
    <message>
        <source>Set the batch size</source>
        <translation type="vanished">设置批大小</translation>
    </message>
    <message>
        <source>Set the device</source>
        <translation type="vanished">设置设备</translation>
    </message>
    <message>
        <source>Set the live view interval</source>
        <translation type="vanished">设置实时视图间隔</translation>
    </message>
    <message>
        <source>Set the task</source>
        <translation type="vanished">设置任务</translation>
    </message>
    <message>
        <source>Set the dataset</source>
        <translation type="vanished">设置数据集</translation>
    </message>
    <message>
        <source>Set the split</source>
        <translation type="vanished">设置数据划分</translation>
    </message>
    <message>
        <source>Set the optimizer</source>
        <translation type="vanished">设置优化器</translation>
    </message>
    <message>
        <source>Set the LR schedule</source>
        <translation type="vanished">设置学习率调度</translation>
    </message>
    <message>
        <location filename="../training/fields.py" line="183" />
        <source>Default: %1 (%2)</source>
        <translation>默认值：%1（%2）</translation>
    </message>
    <message>
        <location filename="../training/fields.py" line="233" />
        <source>Set %1</source>
        <translation>设置%1</translation>
    </message>
</context>
<context>
    <name>TryItView</name>
    <message>
        <location filename="../training/plots/try_it.py" line="123" />
        <location filename="../training/view_names.py" line="24" />
        <source>Try it</source>
        <translation>试一试</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="185" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="186" />
        <source>Continue the text</source>
        <translation>续写文本</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="187" />
        <source>Prompt</source>
        <translation>提示文本</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="188" />
        <source>Characters</source>
        <translation>字符数</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="189" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="190" />
        <source>Type a sentence…</source>
        <translation>输入一个句子…</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="191" />
        <source>Type the start of a text…</source>
        <translation>输入文本的开头…</translation>
    </message>
    <message>
        <source>After training an image classifier, draw a digit here with the mouse or drop an image file on the pad to see what the model predicts.</source>
        <translation type="vanished">训练好图像分类模型后，在这里用鼠标写一个数字，或把图片文件拖到画板上，看看模型的预测。</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="193" />
        <source>Draw with the mouse (white on black) or drop an image file on the pad.</source>
        <translation>用鼠标绘制（黑底白字），或把图片文件拖到画板上。</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="194" />
        <source>Draw with the mouse or drop an image file: below is what the autoencoder rebuilds from its code.</source>
        <translation>用鼠标绘制或拖入图片文件：下方是自编码器根据其编码重建的结果。</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="196" />
        <source>Type a sentence: the model reads it as it read its training windows (a short sentence is repeated to fill the window) and gives each class's probability.</source>
        <translation>输入一个句子：模型会像读取训练窗口那样读取它（短句会重复以填满窗口），并给出每个类别的概率。</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="198" />
        <source>Type a prompt and press Enter: the model writes the next characters one at a time. A lower temperature gives safer, more repetitive text.</source>
        <translation>输入提示文本并按 Enter：模型会逐个字符地续写。温度越低，文本越稳妥、越重复。</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="200" />
        <source>Click anywhere on the plane: the model names the class of that point. The colours show the class it picks everywhere (pale where it is unsure).</source>
        <translation>在平面上任意点击：模型会给出该点的类别。颜色表示模型在各处选择的类别（不确定处颜色较浅）。</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="204" />
        <source>After training a classifier of images, texts or 2-D points, or a next-character model, try the trained model here on your own input.</source>
        <translation>训练好图像、文本或二维点的分类器，或下一字符预测模型之后，可以在这里用你自己的输入试试训练好的模型。</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="260" />
        <source>Reconstruction</source>
        <translation>重建结果</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="295" />
        <source>%1 characters written after the prompt</source>
        <translation>在提示文本之后写出了 %1 个字符</translation>
    </message>
    <message>
        <location filename="../training/plots/try_it.py" line="339" />
        <source>Prediction: %1 (%2)</source>
        <translation>预测：%1（%2）</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../welcome.py" line="154" />
        <source>Design neural networks as graphs, see every tensor shape, train and export PyTorch code.</source>
        <translation>用计算图设计神经网络，看清每个张量的形状，训练并导出 PyTorch 代码。</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="156" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="157" />
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="158" />
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="159" />
        <source>Sample projects</source>
        <translation>示例项目</translation>
    </message>
    <message>
        <location filename="../welcome.py" line="170" />
        <source>No recent projects yet.</source>
        <translation>还没有最近的项目。</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../launch.py" line="40" />
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../launch.py" line="40" />
        <source>Cannot restore the unsaved work</source>
        <translation>无法恢复未保存的工作</translation>
    </message>
    <message>
        <location filename="../launch.py" line="53" />
        <source>Internal error: %1 (details on the console); your work is autosaved.</source>
        <translation>内部错误：%1（详情见控制台）；你的工作已自动保存。</translation>
    </message>
</context>
</TS>