"""Explanations for the "Input & structure" layers."""

from ..structure import CATEGORY
from ._shared import DIM_WITH_BATCH, P

NAME = P("Input & structure", "输入与结构")

DOCS: dict[str, dict] = {
    "Input": {
        "en": "Input is where data enters the network. Its shape lists the sizes of one example without the batch "
              "dimension: [1, 28, 28] for an MNIST digit (1 channel, 28×28 pixels), [3, 32, 32] for a CIFAR-10 "
              "image, [784] for a flattened digit. Choose dtype int64 when the input holds token ids for an "
              "Embedding and float32 for everything else. A typical mistake is to write the batch size into the "
              "shape, as in [64, 1, 28, 28]: NetStudio adds the batch dimension itself.",
        "zh": "输入层（Input）是数据进入网络的地方。shape 给出单个样本的尺寸，不包含批量（batch）维度：MNIST "
              "手写数字为 [1, 28, 28]（1 个通道、28×28 像素），CIFAR-10 图像为 [3, 32, 32]，展平后的数字为 [784]。"
              "如果输入是送给嵌入层的词元编号（token id），dtype 选 int64，其余情况选 float32。"
              "常见错误是把批量大小也写进 shape，例如 [64, 1, 28, 28]：批量维度由 NetStudio 自动添加。",
        "params": {
            "shape": P("Size of one example, without the batch: [1, 28, 28] for an MNIST image, [T] for T token ids.",
                       "单个样本的尺寸，不含批量维度：MNIST 图像为 [1, 28, 28]，T 个词元编号为 [T]。"),
            "dtype": P("float32 for images and measurements, int64 for token ids that feed an Embedding.",
                       "图像和测量数据用 float32，送入嵌入层的词元编号用 int64。"),
        },
    },
    "Output": {
        "en": "Output marks a value the network returns; it does not change the data. A model may have several "
              "Output nodes, for example the code and the reconstruction of an autoencoder, and then returns them "
              "together; without any Output node, NetStudio returns the layers whose results nothing else reads. "
              "A common mistake is to put a Softmax right before the Output of a classifier trained with "
              "cross-entropy: the loss already applies log-softmax, so give it the raw scores (logits).",
        "zh": "输出层（Output）标记网络要返回的结果，本身不改变数据。一个模型可以有多个 Output 节点，例如自编码器"
              "同时返回编码和重建结果，此时会把它们一起返回；如果没有 Output 节点，NetStudio 会返回那些输出没有"
              "被任何层使用的层。常见错误是在用交叉熵损失训练的分类器的 Output 之前加 Softmax：交叉熵损失内部已经做了 "
              "log-softmax，应当直接输出未归一化的分数（logits）。",
    },
    "Flatten": {
        "en": "Flatten merges every dimension from start_dim to end_dim into one, so feature maps of shape "
              "(32, 7, 7) become a vector (1568,). Use it between the convolutional part of a network and its "
              "Linear layers. start_dim and end_dim count the batch as dimension 0, which is why the default "
              "start_dim = 1 leaves the batch alone; setting start_dim = 0 would mix the examples of a batch "
              "together.",
        "zh": "展平层（Flatten）把从 start_dim 到 end_dim 的所有维度合并为一维，例如形状为 (32, 7, 7) 的特征图变成"
              "长度为 1568 的向量。它通常放在网络的卷积部分与全连接层之间。start_dim 和 end_dim 的编号把批量维度算作"
              "第 0 维，因此默认的 start_dim = 1 正好不动批量维度；若设为 0，一个批次里的不同样本会被混在一起。",
        "formula": "(C, H, W) → (C·H·W,)",
        "params": {
            "start_dim": P("First dimension to merge, counting the batch as 0; keep 1 to leave the batch alone.",
                           "开始合并的维度，批量维度记为第 0 维；保持 1 即可不动批量维度。"),
            "end_dim": P("Last dimension to merge; −1 means the last one.",
                         "结束合并的维度；−1 表示最后一维。"),
        },
    },
    "Unflatten": {
        "en": "Unflatten is the opposite of Flatten: it splits one dimension into several, for example a vector "
              "(784,) into an image (1, 28, 28) with dim = 1 and unflattened_size = [1, 28, 28]. Use it when a "
              "Linear layer must feed convolutions, as in the generator of a GAN or the decoder of an autoencoder. "
              "The sizes must multiply to the size of the dimension being split (1·28·28 = 784), and dim counts "
              "the batch as dimension 0.",
        "zh": "反展平层（Unflatten）是 Flatten 的逆操作：它把一个维度拆成多个维度，例如取 dim = 1、"
              "unflattened_size = [1, 28, 28]，可以把长度为 784 的向量变成 (1, 28, 28) 的图像。当全连接层的输出要"
              "送入卷积层时使用它，比如 GAN 的生成器或自编码器的解码器。各尺寸的乘积必须等于被拆分维度的大小"
              "（1×28×28 = 784），并且 dim 的编号把批量维度算作第 0 维。",
        "formula": "(C·H·W,) → (C, H, W)",
        "params": {
            "dim": P("Dimension to split, counting the batch as 0 (1 is the first dimension shown).",
                     "要拆分的维度，批量维度记为第 0 维（1 表示显示的形状中的第一维）。"),
            "unflattened_size": P("The new sizes; their product must equal the size of dimension dim.",
                                  "拆分后的各个尺寸；它们的乘积必须等于第 dim 维的大小。"),
        },
    },
    "Reshape": {
        "en": "Reshape arranges the values of each example into a new shape, keeping their order; the shape "
              "excludes the batch dimension, and one entry may be −1 to mean \"whatever is left\". For instance "
              "[28, 28] turns a (1, 28, 28) image into 28 time steps of 28 features for an LSTM, and the number "
              "of values must stay the same. Reshape does not swap axes: to turn (C, L) into (L, C) use Permute, "
              "because a Reshape there scrambles the data.",
        "zh": "变形层（Reshape）把每个样本的数值按原有顺序重新排成新的形状；shape 不包含批量维度，其中可以有一个 "
              "−1，表示“由剩余的元素个数自动推算”。例如 [28, 28] 把 (1, 28, 28) 的图像变成 28 个时间步、每步 28 个"
              "特征，供 LSTM 使用；变形前后的元素总数必须相同。Reshape 不会交换坐标轴：要把 (C, L) 变成 (L, C) "
              "应使用 Permute，用 Reshape 会把数据打乱。",
        "formula": "(B, d₁, …, dₙ) → (B, *shape),  d₁·…·dₙ = ∏ shape",
        "params": {
            "shape": P("New size of one example, without the batch; one entry may be −1.",
                       "单个样本的新尺寸，不含批量维度；其中可以有一个 −1。"),
        },
    },
    "Permute": {
        "en": "Permute reorders the axes of a tensor, like transposing a matrix. dims lists every dimension "
              "including the batch (0) and must start with 0 so that the batch stays first: [0, 2, 1] turns a "
              "sequence (C, L) into (L, C). Use it between the channels-first layout of Conv1d, (channels, length), "
              "and the time-first layout of RNN, LSTM and attention layers, (length, features). Listing a "
              "dimension twice or leaving one out is an error.",
        "zh": "维度置换层（Permute）重新排列张量各个轴的顺序，类似矩阵转置。dims 要列出包括批量维度（第 0 维）在内的"
              "所有维度，并且必须以 0 开头，使批量维度保持在最前面：[0, 2, 1] 把序列 (C, L) 变为 (L, C)。"
              "它用于在 Conv1d 的“通道在前”格式 (通道数, 长度) 与 RNN、LSTM 和注意力层的“时间在前”格式 "
              "(长度, 特征数) 之间转换。某个维度重复出现或被遗漏都会报错。",
        "formula": "dims = [0, 2, 1]:  (B, C, L) → (B, L, C)",
        "params": {
            "dims": P("New order of all dimensions, batch (0) included and first, e.g. [0, 2, 1].",
                      "所有维度的新顺序，包括批量维度 0 且它必须在最前，例如 [0, 2, 1]。"),
        },
    },
    "Identity": {
        "en": "Identity passes its input through unchanged. It is useful as a placeholder while you design, as a "
              "named point where you want to inspect a tensor, or as the shortcut branch of a residual block whose "
              "shapes already match. It has no parameters and costs nothing.",
        "zh": "恒等层（Identity）原样输出它的输入。设计网络时可以用它占位，也可以把它当作一个命名的观察点来查看中间"
              "张量，或者在形状已经一致的残差块中充当捷径分支。它没有参数，也几乎没有计算开销。",
        "formula": "y = x",
    },
    "Concat": {
        "en": "Concat joins two or more tensors along dimension dim, where the batch is dimension 0. For images "
              "dim = 1 stacks channels, so (16, 8, 8) and (32, 8, 8) give (48, 8, 8) as in U-Net skip connections "
              "and Inception blocks; for vectors and sequences dim = −1 joins features. All other dimensions must "
              "be equal, so resize one branch with pooling or Upsample when heights and widths differ. Do not "
              "confuse it with Add: Concat places its inputs side by side and the size grows, Add sums them and "
              "the size stays.",
        "zh": "拼接层（Concat）沿第 dim 维把两个或多个张量连接起来，批量维度为第 0 维。对图像而言，dim = 1 表示沿"
              "通道拼接，(16, 8, 8) 和 (32, 8, 8) 得到 (48, 8, 8)，U-Net 的跳跃连接和 Inception 模块就是这样做的；"
              "对向量和序列，dim = −1 表示拼接特征。除拼接的维度外，其余维度必须相同，所以当高和宽不同时，要先用"
              "池化或 Upsample 调整其中一个分支。不要把它和 Add 混淆：Concat 把输入并排放在一起，尺寸变大；Add 把"
              "输入相加，尺寸不变。",
        "formula": "dim = 1:  (C₁, H, W) ⊕ (C₂, H, W) → (C₁ + C₂, H, W)",
        "params": {
            "dim": P("Dimension to join along, counting the batch as 0: 1 joins the channels of images, −1 joins "
                     "features.",
                     "沿哪一维拼接，批量维度记为第 0 维：1 表示拼接图像的通道，−1 表示拼接特征。"),
        },
    },
    "Add": {
        "en": "Add sums its inputs element by element. It is the heart of a residual connection (ResNet): "
              "out = F(x) + x lets the gradient flow straight through the shortcut, which makes very deep "
              "networks trainable. The inputs must have the same shape (PyTorch broadcasting of size-1 dimensions "
              "is allowed); when a residual block changes the number of channels, put a 1×1 Conv2d with the same "
              "stride on the shortcut. In the classic ResNet block the last ReLU comes after the Add, not inside "
              "the branch.",
        "zh": "相加层（Add）把各输入逐元素相加。它是残差连接（ResNet）的核心：out = F(x) + x 让梯度可以沿捷径直接"
              "回传，从而使很深的网络也能训练。各输入的形状必须相同（允许 PyTorch 对大小为 1 的维度做广播）；如果残差"
              "块改变了通道数，需要在捷径分支上加一个步幅相同的 1×1 Conv2d。在经典的 ResNet 块中，最后一个 ReLU "
              "放在 Add 之后，而不是放在分支内部。",
        "formula": "y = a + b (+ …)",
    },
    "Multiply": {
        "en": "Multiply multiplies its inputs element by element (the Hadamard product). This is how gating works: "
              "a branch ending in a Sigmoid produces weights between 0 and 1 that scale another branch, as in "
              "squeeze-and-excitation blocks. Shapes must match, or broadcast where one input has size 1, such as "
              "channel weights (C, 1, 1) against feature maps (C, H, W). It is not a matrix product; that is what "
              "Linear computes.",
        "zh": "相乘层（Multiply）把各输入逐元素相乘（Hadamard 积）。门控机制就是这样实现的：以 Sigmoid 结尾的分支"
              "产生 0 到 1 之间的权重，用来缩放另一个分支，例如 SE（挤压-激励）模块。各输入的形状必须相同，或者在某个"
              "输入的维度大小为 1 时进行广播，例如用 (C, 1, 1) 的通道权重乘以 (C, H, W) 的特征图。它不是矩阵乘法，"
              "矩阵乘法由全连接层完成。",
        "formula": "y = a ⊙ b (⊙ …)",
    },
    "Mean": {
        "en": "Mean averages the input over the dimensions in dim, where the batch is dimension 0 and cannot be "
              "averaged away. dim = [2, 3] on feature maps (C, H, W) is global average pooling and gives one value "
              "per channel, (C,), while dim = 1 on a sequence (T, F) averages over the time steps and gives (F,). "
              "keepdim = true keeps the averaged dimensions with size 1, e.g. (C, 1, 1), which is handy before a "
              "Multiply. The default dim = −1 averages only the last dimension, which for an image is rarely what "
              "you want.",
        "zh": "求平均层（Mean）沿 dim 指定的维度求平均，批量维度是第 0 维，不能被平均掉。对特征图 (C, H, W) 取 "
              "dim = [2, 3] 就是全局平均池化，每个通道得到一个值，输出 (C,)；对序列 (T, F) 取 dim = 1 则对所有时间步"
              "求平均，输出 (F,)。keepdim = true 会保留被平均的维度（大小变为 1），例如 (C, 1, 1)，便于接着做 "
              "Multiply。默认的 dim = −1 只对最后一维求平均，对图像来说这通常不是想要的结果。",
        "formula": "y = (1/N) · Σᵢ₌₁ᴺ xᵢ",
        "params": {
            "dim": P("Dimension(s) to average, counting the batch as 0: [2, 3] for the height and width of images.",
                     "要求平均的维度（可以是多个），批量维度记为第 0 维：对图像的高和宽取 [2, 3]。"),
            "keepdim": P("Keep the averaged dimensions with size 1 instead of removing them.",
                         "保留被平均的维度（大小为 1），而不是把它们去掉。"),
        },
    },
    "Select": {
        "en": "Select picks one position along a dimension and removes that dimension. The defaults dim = 1, "
              "index = −1 take the last time step of a sequence (T, F) and give a vector (F,), a simple way to "
              "classify with a Transformer or with the sequence port of a recurrent layer. dim counts the batch "
              "as dimension 0, and a negative index counts from the end. For a bidirectional RNN, LSTM or GRU use "
              "its last port instead, because at the last step the backward direction has seen only one input.",
        "zh": "选取层（Select）沿某一维取出一个位置，并去掉这一维。默认的 dim = 1、index = −1 取出序列 (T, F) 的最后"
              "一个时间步，得到向量 (F,)，这是用 Transformer 或循环层的 sequence 端口做分类的一种简单方法。dim 的编号"
              "把批量维度算作第 0 维，负的 index 表示从末尾倒数。对于双向的 RNN、LSTM 或 GRU，应改用它的 last "
              "端口，因为在最后一个时间步，反向方向只看到了一个输入。",
        "formula": "dim = 1, index = i:  (T, F) → (F,),  y = x[:, i]",
        "params": {
            "dim": P("Dimension to pick from, counting the batch as 0 (1 is the time axis of a sequence).",
                     "从哪一维中选取，批量维度记为第 0 维（对序列而言 1 是时间轴）。"),
            "index": P("Position to keep; −1 is the last one.", "要保留的位置；−1 表示最后一个。"),
        },
    },
    "Split": {
        "en": "Split cuts its input into chunks equal parts along dim and gives each part its own output port "
              "(part0, part1, …). For example chunks = 2, dim = 1 splits (64, 8, 8) into two tensors (32, 8, 8), "
              "and chunks = 2, dim = −1 splits a vector into halves, such as the mean and log-variance of a "
              "variational autoencoder. The size along dim must be divisible by chunks, and dim counts the batch "
              "as dimension 0.",
        "zh": "切分层（Split）沿第 dim 维把输入均匀切成 chunks 份，每一份都有自己的输出端口（part0、part1……）。例如 "
              "chunks = 2、dim = 1 把 (64, 8, 8) 切成两个 (32, 8, 8)；chunks = 2、dim = −1 把向量一分为二，比如变分"
              "自编码器中的均值和对数方差。第 dim 维的大小必须能被 chunks 整除，并且 dim 的编号把批量维度算作第 0 维。",
        "formula": "chunks = n:  (…, S, …) → n × (…, S/n, …)",
        "params": {
            "chunks": P("Number of equal parts, one output port each.", "均分的份数，每一份对应一个输出端口。"),
            "dim": DIM_WITH_BATCH,
        },
    },
}
