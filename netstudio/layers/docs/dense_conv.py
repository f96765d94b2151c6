"""Explanations for the "Dense & convolution" layers.

The size formulas are PyTorch's own (torch.nn docs) with P padding, D dilation, K kernel_size,
S stride; the last line of Conv2d's is the dilation-free form most course material teaches.
tests/test_explanations.py evaluates them against the real layers.
"""

from ..dense_conv import CATEGORY
from ._shared import P, conv_params

NAME = P("Dense & convolution", "全连接与卷积")

DOCS: dict[str, dict] = {
    "Linear": {
        "en": "Linear, the fully connected (dense) layer, multiplies its input vector by a weight matrix and adds a "
              "bias, so every output depends on every input; it has in_features·out_features + out_features "
              "parameters. Use it in multilayer perceptrons and as the final classifier, with out_features equal "
              "to the number of classes. It acts on the last dimension only, so put a Flatten before it when the "
              "input is an image (C, H, W); NetStudio fills in in_features from the graph. Stacking Linear layers "
              "without an activation between them adds no power, because two linear maps compose into one.",
        "zh": "全连接层（Linear，又称稠密层）把输入向量乘以权重矩阵再加上偏置，每个输出都与所有输入相连，参数量为 "
              "in_features×out_features + out_features。它用于多层感知机，也常作为最后的分类层，此时 out_features "
              "等于类别数。它只作用于最后一维，所以当输入是图像 (C, H, W) 时要先接 Flatten；in_features 由 NetStudio "
              "根据图自动填写。两个全连接层之间如果没有激活函数，叠加并不会增加表达能力，因为两个线性变换的复合仍是"
              "一个线性变换。",
        "formula": "y = x·Wᵀ + b,  W: (out_features, in_features)",
        "params": {
            "in_features": P("Size of each input vector (its last dimension); NetStudio infers it from the graph.",
                             "每个输入向量的长度（即最后一维的大小），由 NetStudio 根据图自动推断。"),
            "out_features": P("Number of outputs (neurons); for the last layer of a classifier, the number of "
                              "classes.",
                              "输出的个数（神经元数）；分类器最后一层取类别数。"),
            "bias": P("Add a learnable bias b to each output.", "是否为每个输出加上可学习的偏置 b。"),
        },
    },
    "Conv1d": {
        "en": "Conv1d slides out_channels learnable filters along a sequence shaped (channels, length), such as an "
              "audio signal or a sensor time series. Each filter looks at kernel_size neighbouring steps across "
              "all input channels, so it detects a local pattern wherever it occurs. Mind the layout: Conv1d wants "
              "channels first, (C, L), while an Embedding or an LSTM produces (L, features), so put a Permute with "
              "dims [0, 2, 1] in between. NetStudio fills in in_channels from the graph.",
        "zh": "一维卷积层（Conv1d）让 out_channels 个可学习的卷积核沿形状为 (通道数, 长度) 的序列滑动，适用于音频"
              "信号、传感器时间序列等数据。每个卷积核同时查看所有输入通道上相邻的 kernel_size 个位置，因此无论局部模式"
              "出现在哪里都能检测到。注意数据排列：Conv1d 要求通道在前，即 (C, L)，而嵌入层或 LSTM 输出的是 "
              "(L, 特征数)，中间要加一个 dims 为 [0, 2, 1] 的 Permute。in_channels 由 NetStudio 根据图自动填写。",
        "formula": "L_out = ⌊(L + 2P − D·(K − 1) − 1) / S⌋ + 1",
        "params": conv_params(1),
    },
    "Conv2d": {
        "en": "Conv2d, the convolutional layer of a CNN, slides out_channels small learnable filters over an image "
              "(C, H, W) and produces one feature map per filter. Because the same filter is reused at every "
              "position, it needs far fewer parameters than a Linear layer (out_channels·in_channels·K·K + "
              "out_channels) and finds an edge or a texture wherever it appears. With stride 1, padding "
              "(K − 1) / 2 keeps the height and width (padding 1 for a 3×3 kernel), while without padding every "
              "3×3 convolution shrinks them by 2. The most common mistake is feeding it a flat vector (784,) "
              "instead of an image (1, 28, 28); in_channels is filled in from the graph.",
        "zh": "二维卷积层（Conv2d）是卷积神经网络（CNN）的核心，它让 out_channels 个小的可学习卷积核在图像 (C, H, W) "
              "上滑动，每个卷积核产生一张特征图。由于同一个卷积核在所有位置共享，它的参数比全连接层少得多"
              "（out_channels×in_channels×K×K + out_channels），而且无论边缘或纹理出现在哪里都能找到。步幅为 1 时，"
              "padding 取 (K − 1) / 2 可以保持高和宽不变（3×3 卷积核取 padding 1）；不填充时，每个 3×3 卷积都会使高"
              "和宽各减少 2。最常见的错误是给它输入展平的向量 (784,)，而不是图像 (1, 28, 28)；in_channels 由图自动"
              "填写。",
        "formula": "H_out = ⌊(H + 2P − D·(K − 1) − 1) / S⌋ + 1\n"
                   "W_out = ⌊(W + 2P − D·(K − 1) − 1) / S⌋ + 1\n"
                   "D = 1, F = K:  out = (W − F + 2P) / S + 1",
        "params": conv_params(2),
    },
    "ConvTranspose2d": {
        "en": "ConvTranspose2d, the transposed convolution (sometimes called deconvolution), enlarges feature maps "
              "with learnable filters: each input pixel spreads a weighted copy of the kernel into the output. It "
              "is the upsampling layer of GAN generators, autoencoder decoders and segmentation networks, and "
              "kernel_size 4, stride 2, padding 1 exactly doubles the height and width (7 → 14 → 28). It is not "
              "the mathematical inverse of a convolution; it only reverses the change of shape. A kernel size not "
              "divisible by the stride tends to leave checkerboard artefacts, which is why Upsample followed by "
              "Conv2d is a common alternative.",
        "zh": "转置卷积层（ConvTranspose2d，有时被称为“反卷积”）用可学习的卷积核放大特征图：每个输入像素把按其数值"
              "加权的卷积核叠加到输出上。它是 GAN 生成器、自编码器解码器和图像分割网络中常用的上采样层，"
              "kernel_size 为 4、stride 为 2、padding 为 1 时高和宽恰好翻倍（7 → 14 → 28）。它并不是卷积在数学上的"
              "逆运算，只是把尺寸的变化反过来。卷积核大小不能被步幅整除时容易产生棋盘格伪影，因此先 Upsample 再接 "
              "Conv2d 是常用的替代方案。",
        "formula": "H_out = (H − 1)·S − 2P + D·(K − 1) + output_padding + 1",
        "params": conv_params(2, transpose=True),
    },
    "Upsample": {
        "en": "Upsample enlarges its input by scale_factor, or to a fixed size, by interpolation, and has no "
              "learnable parameters. Mode nearest repeats pixels; bilinear and bicubic blend neighbours and need "
              "an image (C, H, W), linear needs a sequence (C, L) and trilinear a volume (C, D, H, W). Followed by "
              "a Conv2d it makes a learnable upsampling block without the checkerboard artefacts of "
              "ConvTranspose2d. Set either size or scale_factor, not both.",
        "zh": "上采样层（Upsample）通过插值把输入放大 scale_factor 倍（或放大到固定的 size），没有可学习参数。"
              "nearest（最近邻）模式直接重复像素；bilinear（双线性）和 bicubic（双三次）对相邻像素加权混合，要求输入为"
              "图像 (C, H, W)；linear 要求序列 (C, L)，trilinear 要求三维体数据 (C, D, H, W)。在它后面接一个 Conv2d，"
              "就得到一个可学习的上采样模块，而且没有 ConvTranspose2d 的棋盘格伪影。size 和 scale_factor 只能设置"
              "其中一个。",
        "formula": "H_out = ⌊H · scale_factor⌋",
        "params": {
            "size": P("Output size (one number, or one per spatial dimension); use it instead of scale_factor.",
                      "输出尺寸（一个数，或每个空间维度各一个数）；与 scale_factor 二选一。"),
            "scale_factor": P("How many times larger the output is: 2 doubles the height and width.",
                              "输出放大的倍数：2 表示高和宽都加倍。"),
            "mode": P("Interpolation: nearest (repeat pixels), linear (sequences), bilinear or bicubic (images), "
                      "trilinear (volumes).",
                      "插值方式：nearest（重复像素）、linear（序列）、bilinear 或 bicubic（图像）、trilinear（三维体数据）。"),
            "align_corners": P("Only for linear, bilinear, bicubic and trilinear: align the corner pixels of input and output. Leave it "
                               "empty (false) unless you must match other code.",
                               "仅用于 linear、bilinear、bicubic 和 trilinear 模式：让输入和输出的角点像素对齐。除非要与其他代码保持一致，"
                               "否则留空（即 false）。"),
        },
    },
}
