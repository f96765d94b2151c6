"""Explanations for the normalisation and regularisation layers."""

from ..norm import CATEGORY
from ._shared import EPS, P

NAME = P("Normalisation & regularisation", "归一化与正则化")

_BN_PARAMS = {
    "num_features": P("Number of channels (or features) normalised; NetStudio infers it from the graph.",
                      "要归一化的通道数（或特征数），由 NetStudio 根据图自动推断。"),
    "eps": EPS,
    "momentum": P("Weight of the current batch in the running averages: running = (1 − momentum)·running + "
                  "momentum·batch (the opposite of Keras' convention). Empty means a plain cumulative average.",
                  "滑动平均中当前批次所占的权重：running = (1 − momentum)·running + momentum·batch"
                  "（与 Keras 的约定相反）。留空表示使用简单的累积平均。"),
    "affine": P("Learn a scale γ and a shift β per channel (true) or only normalise (false).",
                "是否为每个通道学习缩放 γ 和平移 β（true），或者只做归一化（false）。"),
    "track_running_stats": P("Keep running mean and variance for evaluation; false uses the statistics of the "
                             "batch in evaluation too.",
                             "是否维护供评估使用的滑动均值和方差；为 false 时评估模式也使用当前批次的统计量。"),
}

_DROPOUT_FORMULA = "train: y = m ⊙ x / (1 − p),  m ~ Bernoulli(1 − p)\neval: y = x"

DOCS: dict[str, dict] = {
    "BatchNorm1d": {
        "en": "BatchNorm1d (batch normalisation) normalises each feature to zero mean and unit variance over the "
              "current batch, then scales and shifts it with learnable γ and β; it accepts features (C,), for "
              "example after a Linear, or sequences (C, L), normalised per channel. It lets a network train "
              "faster with higher learning rates and makes it less sensitive to initialisation. Training uses the "
              "statistics of the batch and keeps running averages for evaluation mode, so with features (C,) a "
              "training batch must hold more than one example, and tiny batches give noisy statistics. NetStudio "
              "fills in num_features from the graph.",
        "zh": "一维批归一化层（BatchNorm1d）在当前批次上把每个特征归一化为均值 0、方差 1，再用可学习的 γ 和 β 进行"
              "缩放和平移；输入可以是特征向量 (C,)（例如在全连接层之后），也可以是序列 (C, L)（按通道归一化）。它能让"
              "网络用更大的学习率更快地训练，并降低对初始化的敏感程度。训练时使用当前批次的统计量，同时维护滑动平均值"
              "供评估模式使用；因此输入为 (C,) 时，训练批次必须包含不止一个样本，批次很小时统计量的噪声也很大。"
              "num_features 由 NetStudio 根据图自动填写。",
        "formula": "y = (x − μ_B) / √(σ²_B + ε) · γ + β",
        "params": _BN_PARAMS,
    },
    "BatchNorm2d": {
        "en": "BatchNorm2d normalises every channel of a batch of images (C, H, W) with the mean and variance taken "
              "over the batch and all pixels, then applies a learnable scale γ and shift β per channel. Put it "
              "right after a Conv2d and before the activation, as ResNet does; the convolution's bias can then be "
              "switched off, since β plays its role. Training uses batch statistics and evaluation uses the "
              "running averages, so results in training and evaluation mode differ, most of all with small "
              "batches. NetStudio fills in num_features, the channel count, from the graph.",
        "zh": "二维批归一化层（BatchNorm2d）利用批次中所有样本、所有像素上的均值和方差，对图像 (C, H, W) 的每个通道"
              "做归一化，再对每个通道施加可学习的缩放 γ 和平移 β。通常把它放在 Conv2d 之后、激活函数之前，ResNet "
              "就是这样做的；此时卷积的 bias 可以关闭，因为 β 起到了同样的作用。训练时使用批次统计量，评估时使用滑动"
              "平均值，所以训练模式和评估模式下的结果会不同，批次较小时尤其明显。num_features（即通道数）由 NetStudio "
              "根据图自动填写。",
        "formula": "y = (x − μ) / √(σ² + ε) · γ + β",
        "params": _BN_PARAMS,
    },
    "LayerNorm": {
        "en": "LayerNorm normalises each example on its own over its last dimension(s), given by normalized_shape, "
              "then applies a learnable scale γ and shift β per feature. Unlike BatchNorm it does not depend on "
              "the batch and behaves the same in training and evaluation, which is why Transformers and recurrent "
              "networks use it. NetStudio fills in normalized_shape with the last dimension of the input, so in a "
              "sequence (T, d_model) every time step is normalised separately. On an image (C, H, W) that would "
              "normalise each row of pixels alone; use GroupNorm or BatchNorm2d for images.",
        "zh": "层归一化层（LayerNorm）对每个样本单独、沿其最后一维（或最后几维，由 normalized_shape 指定）做归一化，"
              "再对每个特征施加可学习的缩放 γ 和平移 β。与批归一化不同，它不依赖批次，训练和评估时的行为相同，因此 "
              "Transformer 和循环神经网络常用它。NetStudio 用输入的最后一维自动填写 normalized_shape，所以对于序列 "
              "(T, d_model)，每个时间步分别归一化。若用于图像 (C, H, W)，则只会对每一行像素单独归一化；图像应使用 "
              "GroupNorm 或 BatchNorm2d。",
        "formula": "y = (x − E[x]) / √(Var[x] + ε) · γ + β",
        "params": {
            "normalized_shape": P("Trailing dimensions normalised together; NetStudio fills in the last dimension "
                                  "of the input.",
                                  "一起归一化的末尾若干维；NetStudio 自动填写为输入的最后一维。"),
            "eps": EPS,
            "elementwise_affine": P("Learn a scale γ (and shift β) per feature.",
                                    "是否为每个特征学习缩放 γ（和平移 β）。"),
            "bias": P("Learn the shift β as well (only with elementwise_affine).",
                      "是否同时学习平移 β（仅在 elementwise_affine 为 true 时有效）。"),
        },
    },
    "GroupNorm": {
        "en": "GroupNorm splits the channels into num_groups groups and normalises each group of each example over "
              "its channels and pixels, then applies a learnable scale and shift per channel. It does not depend "
              "on the batch size, so it is the usual replacement for BatchNorm2d when batches are small, as in "
              "detection, segmentation and diffusion models. num_groups must divide the number of channels: "
              "num_groups = 1 normalises all channels together and num_groups = C gives instance normalisation.",
        "zh": "组归一化层（GroupNorm）把通道分成 num_groups 组，对每个样本的每一组在组内所有通道和像素上做归一化，再"
              "对每个通道施加可学习的缩放和平移。它不依赖批次大小，因此在批次较小时（如目标检测、图像分割和扩散模型）"
              "常用来代替 BatchNorm2d。num_groups 必须能整除通道数：num_groups = 1 时所有通道一起归一化，"
              "num_groups = C 时就是实例归一化（Instance Normalization）。",
        "formula": "y = (x − μ_g) / √(σ²_g + ε) · γ + β",
        "params": {
            "num_groups": P("Number of channel groups; it must divide the number of channels (e.g. 8 or 32).",
                            "通道分组的个数，必须能整除通道数（例如 8 或 32）。"),
            "num_channels": P("Number of channels; NetStudio infers it from the graph.",
                              "通道数，由 NetStudio 根据图自动推断。"),
            "eps": EPS,
            "affine": P("Learn a scale and a shift per channel.", "是否为每个通道学习缩放和平移。"),
        },
    },
    "Dropout": {
        "en": "Dropout randomly sets a fraction p of its inputs to zero during training and multiplies the rest by "
              "1/(1 − p), so the expected value stays the same; in evaluation mode it passes data through "
              "unchanged. It fights overfitting by stopping neurons from relying on one another, with p = 0.5 "
              "common between large Linear layers and 0.1 to 0.3 elsewhere. It has nothing to learn. Typical "
              "mistakes are placing it after the final layer, which perturbs the outputs themselves, and "
              "evaluating a model in training mode, where the random dropping is still active.",
        "zh": "丢弃法层（Dropout）在训练时以概率 p 随机把输入置零，并把其余的值乘以 1/(1 − p)，使期望值保持不变；在"
              "评估模式下数据原样通过。它让神经元无法相互依赖，从而抑制过拟合，在较大的全连接层之间常用 p = 0.5，其他"
              "位置常用 0.1～0.3。它没有可学习参数。常见错误是把它放在最后一层之后，直接扰动网络的输出；或者在训练模式"
              "下评估模型，此时随机丢弃仍在起作用。",
        "formula": _DROPOUT_FORMULA,
        "params": {"p": P("Probability that an element is set to zero during training (0.5 by default).",
                          "训练时每个元素被置零的概率（默认为 0.5）。")},
    },
    "Dropout2d": {
        "en": "Dropout2d zeroes whole channels (entire feature maps) of an image (C, H, W) with probability p "
              "during training and scales the others by 1/(1 − p). Neighbouring pixels of a feature map are "
              "strongly correlated, so dropping single pixels as Dropout does barely regularises a CNN, whereas "
              "dropping whole maps does. It does nothing in evaluation mode. Use it after convolution blocks and "
              "plain Dropout after Linear layers.",
        "zh": "二维丢弃层（Dropout2d）在训练时以概率 p 把图像 (C, H, W) 的整个通道（整张特征图）置零，并把其余通道"
              "乘以 1/(1 − p)。同一张特征图中相邻像素高度相关，像 Dropout 那样丢弃单个像素对 CNN 几乎没有正则化作用，"
              "而丢弃整张特征图则有效。评估模式下它不起作用。卷积块之后用 Dropout2d，全连接层之后用普通的 Dropout。",
        "formula": "train: y_c = m_c · x_c / (1 − p),  m_c ~ Bernoulli(1 − p)\neval: y = x",
        "params": {"p": P("Probability that a whole channel is set to zero during training.",
                          "训练时整个通道被置零的概率。")},
    },
    "StochasticDepth": {
        "en": "StochasticDepth drops a whole residual branch at random during training: with probability p a "
              "sample's branch output becomes zero (mode row; mode batch drops it for the whole batch), and the "
              "kept ones are scaled by 1/(1 − p). Put it at the end of a branch, just before the Add that joins "
              "the shortcut, as EfficientNet does, so that the network trains like an ensemble of shallower "
              "ones. It does nothing in evaluation mode.",
        "zh": "随机深度层（StochasticDepth）在训练时随机丢弃整条残差分支：以概率 p 把某个样本的分支输出置零"
              "（row 模式；batch 模式对整个批次一起丢弃），保留下来的输出乘以 1/(1 − p)。像 EfficientNet 那样把它放在"
              "分支末尾、与捷径相加的 Add 之前，网络训练起来就像许多较浅网络的集成。评估模式下它不起作用。",
        "formula": "train: y = m · x / (1 − p),  m ~ Bernoulli(1 − p) per sample (row) or per batch\neval: y = x",
        "params": {"p": P("Probability that a branch is dropped during training.", "训练时分支被丢弃的概率。"),
                   "mode": P("row: each sample draws its own; batch: one draw for the whole batch.",
                             "row：每个样本各自抽取；batch：整个批次共用一次抽取。")},
    },
}
