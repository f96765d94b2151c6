"""Building blocks shared by the explanation data modules: one help text, reused parameter texts."""

from __future__ import annotations


def P(en: str, zh: str) -> dict[str, str]:
    """One short help text in both languages."""
    return {"en": en, "zh": zh}


# NetStudio shows shapes without the batch, but dimension numbers (dim, start_dim, dims) are
# PyTorch's and count the batch as 0. Learners trip over this, so several texts repeat it.
DIM_WITH_BATCH = P(
    "Dimension number, counting the batch as 0: 1 is the first dimension of the shape shown (channels for an image).",
    "维度编号，批量维度记为第 0 维：1 是显示的形状中的第一维（对图像而言是通道）。")

EPS = P("Small number added to the variance so that it never divides by zero.",
        "加在方差上的小常数，避免除以零。")


def conv_params(dims: int, transpose: bool = False) -> dict[str, dict[str, str]]:
    """Help for the parameters of Conv1d (dims 1), Conv2d (dims 2) and ConvTranspose2d (transpose)."""
    if dims == 1:
        kernel = P("Length of each filter window in time steps, e.g. 3.",
                   "每个卷积核窗口覆盖的时间步数，例如 3。")
    else:
        kernel = P("Size of each filter window: 3 means 3×3; a list [h, w] gives height and width separately.",
                   "每个卷积核窗口的大小：3 表示 3×3；列表 [h, w] 可分别指定高和宽。")
    if dims == 1:
        channels = P("Channels of the input sequence (1 for a single signal); NetStudio infers it from the graph.",
                     "输入序列的通道数（单路信号为 1），由 NetStudio 根据图自动推断。")
    else:
        channels = P("Channels of the input (1 for grey images, 3 for RGB); NetStudio infers it from the graph.",
                     "输入的通道数（灰度图为 1，RGB 图为 3），由 NetStudio 根据图自动推断。")
    params = {
        "in_channels": channels,
        "out_channels": P("Number of filters, which is the number of output channels (feature maps).",
                          "卷积核（滤波器）的个数，也就是输出通道数（特征图的张数）。"),
        "kernel_size": kernel,
        "dilation": P("Spacing between the kernel's taps (dilated or atrous convolution): 2 makes a 3-wide kernel "
                      "span 5.",
                      "卷积核各元素之间的间隔（空洞卷积）：取 2 时宽度为 3 的卷积核覆盖 5 个位置。"),
        "groups": P("Split input and output channels into groups convolved separately; groups = in_channels gives a "
                    "depthwise convolution. It must divide both channel counts.",
                    "把输入和输出通道分成若干组分别卷积；groups = in_channels 时为逐通道（depthwise）卷积。"
                    "它必须能整除输入和输出通道数。"),
        "bias": P("Add a learnable bias per output channel; it can be switched off when a BatchNorm follows.",
                  "是否为每个输出通道加可学习的偏置；后面紧跟批归一化时可以关闭。"),
    }
    if transpose:
        params["stride"] = P("Upsampling factor: stride 2 roughly doubles the height and width.",
                             "上采样倍数：stride 为 2 时高和宽约变为原来的两倍。")
        params["padding"] = P("Trims this many rows and columns from each side of the output (the opposite of "
                              "Conv2d's padding).",
                              "从输出的每一侧裁掉这么多行和列（与 Conv2d 中 padding 的作用相反）。")
        params["output_padding"] = P("Extra rows and columns added to one side of the output, to reach an exact "
                                     "size when stride > 1; must be smaller than stride or dilation.",
                                     "在输出的一侧额外增加的行和列，用于在 stride > 1 时得到确切的尺寸；"
                                     "必须小于 stride 或 dilation。")
    else:
        params["stride"] = P("Step between two filter positions; 2 roughly halves the output size.",
                             "卷积核每次移动的步长（步幅）；取 2 时输出尺寸约减半。")
        params["padding"] = P("Values added on each side: a number, a list, \"same\" (output as large as the input, "
                              "stride 1 only) or \"valid\" (none). Kernel 3 with padding 1 keeps the size.",
                              "在每一侧填充的数量：可以是一个数、一个列表、\"same\"（输出与输入一样大，仅限步幅 1）"
                              "或 \"valid\"（不填充）。卷积核为 3、padding 为 1 时尺寸不变。")
        params["padding_mode"] = P("What the padding holds: zeros, a mirror of the border (reflect), copies of the "
                                   "edge (replicate) or the opposite side (circular).",
                                   "填充的内容：零（zeros）、边界的镜像（reflect）、边缘值的复制（replicate）"
                                   "或对边的值（circular，循环填充）。")
    return params


def pool_params(dims: int, avg: bool = False) -> dict[str, dict[str, str]]:
    """Help for the parameters of MaxPool1d (dims 1), MaxPool2d and AvgPool2d (avg)."""
    window = "2 halves the length" if dims == 1 else "2 means 2×2 windows and halves height and width"
    window_zh = "取 2 时长度减半" if dims == 1 else "取 2 表示 2×2 的窗口，高和宽都减半"
    params = {
        "kernel_size": P(f"Size of each pooling window: {window}.", f"池化窗口的大小：{window_zh}。"),
        "stride": P("Step between two windows; empty means equal to kernel_size (windows do not overlap).",
                    "相邻两个窗口之间的步长；留空表示等于 kernel_size（窗口互不重叠）。"),
        "padding": (P("Zeros added on each side before averaging; at most half the kernel_size.",
                      "求平均前在每一侧补零的数量；不能超过 kernel_size 的一半。") if avg else
                    P("Padding added on each side (it counts as −∞, so it never wins the maximum); at most half "
                      "the kernel_size.",
                      "在每一侧填充的数量（填充值视为 −∞，不会成为最大值）；不能超过 kernel_size 的一半。")),
        "ceil_mode": P("Round the output size up instead of down, so a partial window at the edge still counts.",
                       "计算输出尺寸时向上取整而不是向下取整，使边缘处不完整的窗口也被计入。"),
    }
    if avg:
        params["count_include_pad"] = P("Count the padded zeros when averaging (true) or only the real values "
                                        "(false).",
                                        "求平均时是否把填充的零也计入（true），还是只计真实的数值（false）。")
    else:
        params["dilation"] = P("Spacing between the elements of a window; 1 is an ordinary contiguous window.",
                               "窗口中各元素之间的间隔；1 表示普通的连续窗口。")
    return params
