"""Explanations for the pooling layers (size formulas as in the torch.nn docs; S = K when stride is empty)."""

from ..pooling import CATEGORY
from ._shared import P, pool_params

NAME = P("Pooling", "池化")

_ADAPTIVE_SIZE = P("Size of the output of every channel: 1 (or [1, 1]) for global pooling, [h, w] for a grid.",
                   "每个通道输出的尺寸：1（或 [1, 1]）表示全局池化，[h, w] 表示输出 h×w 的网格。")
# Which input rows h feed output row i; it is how PyTorch's adaptive pooling picks its windows.
_ADAPTIVE_FORMULA = "i = 0 … H_out − 1:  ⌊i·H / H_out⌋ ≤ h < ⌈(i + 1)·H / H_out⌉"

DOCS: dict[str, dict] = {
    "MaxPool1d": {
        "en": "MaxPool1d keeps the largest value of each window of kernel_size steps along a sequence (C, L), "
              "channel by channel, which shortens the sequence and keeps the strongest responses of the filters "
              "before it. It has no learnable parameters, and stride defaults to kernel_size, so kernel_size 2 "
              "halves the length. Like Conv1d it expects channels first, (C, L), not the (L, features) layout of "
              "an Embedding or LSTM.",
        "zh": "一维最大池化层（MaxPool1d）在序列 (C, L) 上逐通道地取每个长度为 kernel_size 的窗口中的最大值，从而"
              "缩短序列，并保留前面卷积核最强的响应。它没有可学习参数，stride 默认等于 kernel_size，因此 kernel_size "
              "为 2 时长度减半。与 Conv1d 一样，它要求通道在前，即 (C, L)，而不是嵌入层或 LSTM 输出的 (L, 特征数) 格式。",
        "formula": "L_out = ⌊(L + 2P − D·(K − 1) − 1) / S⌋ + 1,  S = K",
        "params": pool_params(1),
    },
    "MaxPool2d": {
        "en": "MaxPool2d keeps the largest value of each kernel_size × kernel_size window of every feature map, "
              "which shrinks the height and width and makes the network less sensitive to small shifts. The "
              "classic kernel_size 2 (stride defaults to kernel_size) halves the size: 28 → 14 → 7. It has no "
              "learnable parameters and does not change the number of channels. Pooling too often leaves maps "
              "smaller than the next kernel, for example a 3×3 convolution on a 1×1 map, which NetStudio reports "
              "as an error.",
        "zh": "二维最大池化层（MaxPool2d）在每张特征图上取每个 kernel_size × kernel_size 窗口中的最大值，从而缩小高"
              "和宽，并使网络对微小的平移不那么敏感。经典设置是 kernel_size 为 2（stride 默认等于 kernel_size），尺寸"
              "减半：28 → 14 → 7。它没有可学习参数，也不改变通道数。池化次数过多会使特征图比下一层的卷积核还小，例如对 "
              "1×1 的特征图做 3×3 卷积，NetStudio 会把它报告为错误。",
        "formula": "H_out = ⌊(H + 2P − D·(K − 1) − 1) / S⌋ + 1,  S = K\n"
                   "D = 1, F = K:  out = (W − F + 2P) / S + 1",
        "params": pool_params(2),
    },
    "AvgPool2d": {
        "en": "AvgPool2d replaces each kernel_size × kernel_size window by its average, shrinking the height and "
              "width like MaxPool2d but smoothing instead of keeping the strongest response. It has no learnable "
              "parameters, and stride defaults to kernel_size. With padding, count_include_pad = true counts the "
              "padded zeros in the average, which lowers the values at the border. To get one value per channel "
              "at the end of a CNN, AdaptiveAvgPool2d with output_size 1 is simpler than working out the kernel "
              "size.",
        "zh": "二维平均池化层（AvgPool2d）用每个 kernel_size × kernel_size 窗口的平均值代替该窗口，与 MaxPool2d 一样"
              "缩小高和宽，但它做的是平滑，而不是保留最强的响应。它没有可学习参数，stride 默认等于 kernel_size。有填充"
              "时，count_include_pad = true 会把补的零也计入平均，使边缘处的值偏小。如果想在 CNN 末尾让每个通道只剩"
              "一个值，使用 output_size 为 1 的 AdaptiveAvgPool2d 比自己推算窗口大小更简单。",
        "formula": "H_out = ⌊(H + 2P − K) / S⌋ + 1,  S = K",
        "params": pool_params(2, avg=True),
    },
    "AdaptiveAvgPool2d": {
        "en": "AdaptiveAvgPool2d averages every feature map down to a fixed output_size, whatever the input size, "
              "and chooses the windows itself. output_size 1 is global average pooling: (512, 4, 4) becomes "
              "(512, 1, 1), ready for a Flatten and a final Linear, as in ResNet. Because its output size is "
              "fixed, you can change the image size of the Input without changing the Linear after it. It has no "
              "learnable parameters.",
        "zh": "二维自适应平均池化层（AdaptiveAvgPool2d）不管输入多大，都把每张特征图平均池化到固定的 output_size，"
              "窗口大小由它自己确定。output_size 为 1 就是全局平均池化：(512, 4, 4) 变成 (512, 1, 1)，之后接 Flatten "
              "和最后的全连接层，ResNet 就是这样做的。由于输出尺寸固定，改变 Input 的图像尺寸时不必修改后面的全连接层。"
              "它没有可学习参数。",
        "formula": _ADAPTIVE_FORMULA,
        "params": {"output_size": _ADAPTIVE_SIZE},
    },
    "AdaptiveMaxPool2d": {
        "en": "AdaptiveMaxPool2d takes the maximum of windows it chooses itself so that every feature map comes "
              "out at a fixed output_size, whatever the input size. output_size 1 is global max pooling, which "
              "keeps only the strongest response of each channel: (256, 7, 7) becomes (256, 1, 1). It has no "
              "learnable parameters; add a Flatten after it before a Linear layer.",
        "zh": "二维自适应最大池化层（AdaptiveMaxPool2d）自动确定窗口并取窗口中的最大值，使每张特征图无论输入多大都"
              "输出固定的 output_size。output_size 为 1 就是全局最大池化，每个通道只保留最强的响应：(256, 7, 7) 变成 "
              "(256, 1, 1)。它没有可学习参数；在接全连接层之前要先加一个 Flatten。",
        "formula": _ADAPTIVE_FORMULA,
        "params": {"output_size": _ADAPTIVE_SIZE},
    },
}
