"""Explanations for the activation functions."""

from ..activations import CATEGORY
from ._shared import P

NAME = P("Activations", "激活函数")

_SOFTMAX_DIM = P("Dimension whose values become probabilities; −1 (the last) suits scores (classes,). The batch is "
                 "dimension 0.",
                 "沿哪一维做归一化；对分数向量 (类别数,) 取 −1（最后一维）即可。批量维度为第 0 维。")

DOCS: dict[str, dict] = {
    "ReLU": {
        "en": "ReLU (rectified linear unit) keeps positive values and replaces negative ones by zero. It is the "
              "default activation after Linear and Conv2d layers: it is cheap, and its gradient does not shrink "
              "for positive inputs, so deep networks train well. A unit whose input is always negative outputs "
              "zero and stops learning (a \"dying ReLU\"), often a sign of a too-high learning rate, which "
              "LeakyReLU avoids. Do not put a ReLU after the last layer of a classifier, because it removes the "
              "negative scores the loss needs.",
        "zh": "ReLU（修正线性单元）保留正值，把负值变为零。它是全连接层和卷积层之后默认使用的激活函数：计算简单，而且"
              "对正输入的梯度不会衰减，深层网络容易训练。如果某个神经元的输入总是负的，它的输出恒为零并停止学习（即"
              "“神经元死亡”），这往往说明学习率过大，LeakyReLU 可以避免这一问题。不要在分类器的最后一层之后加 ReLU，"
              "它会去掉损失函数需要的负分数。",
        "formula": "ReLU(x) = max(0, x)",
    },
    "LeakyReLU": {
        "en": "LeakyReLU behaves like ReLU for positive inputs but lets a small fraction, negative_slope, of "
              "negative inputs through, so units never stop receiving a gradient. It is the standard activation "
              "of GAN discriminators, where DCGAN uses negative_slope = 0.2. The default 0.01 is very close to "
              "ReLU, and negative_slope = 0 is exactly ReLU.",
        "zh": "LeakyReLU（带泄露的 ReLU）对正输入与 ReLU 相同，但让负输入按很小的比例 negative_slope 通过，使神经元"
              "始终能得到梯度。它是 GAN 判别器的标准激活函数，DCGAN 使用 negative_slope = 0.2。默认值 0.01 与 ReLU "
              "非常接近，negative_slope = 0 时它就是 ReLU。",
        "formula": "LeakyReLU(x) = max(0, x) + negative_slope · min(0, x)",
        "params": {"negative_slope": P("Slope for negative inputs: 0.01 by default, 0.2 in GAN discriminators.",
                                       "负输入部分的斜率：默认为 0.01，GAN 判别器中常用 0.2。")},
    },
    "PReLU": {
        "en": "PReLU (parametric ReLU) is a LeakyReLU whose negative slope a is learned during training, starting "
              "from init = 0.25. num_parameters = 1 learns one slope shared by all channels, while setting it to "
              "the number of channels C, the first dimension of the input shape, learns one slope per channel. "
              "Weight decay pulls a towards zero, turning it back into a ReLU, so it is usually not applied to a.",
        "zh": "PReLU（参数化 ReLU）是负半轴斜率 a 在训练中学习得到的 LeakyReLU，初始值为 init = 0.25。"
              "num_parameters = 1 时所有通道共享一个斜率；设为通道数 C（输入形状的第一维）时，每个通道学习各自的"
              "斜率。权重衰减会把 a 拉向零，使它退化为 ReLU，所以通常不对 a 使用权重衰减。",
        "formula": "PReLU(x) = max(0, x) + a · min(0, x)",
        "params": {
            "num_parameters": P("How many slopes to learn: 1 (shared) or the number of channels C.",
                                "要学习的斜率个数：1（所有通道共享）或通道数 C。"),
            "init": P("Starting value of the learned slope a.", "可学习斜率 a 的初始值。"),
        },
    },
    "ELU": {
        "en": "ELU (exponential linear unit) is the identity for positive inputs and a smooth curve α·(eˣ − 1) that "
              "levels off at −α for negative ones. Its outputs have a mean closer to zero than ReLU's, which can "
              "speed up learning, at the cost of computing an exponential. alpha sets the value the negative side "
              "approaches.",
        "zh": "ELU（指数线性单元）对正输入是恒等映射，对负输入是一条平滑曲线 α·(eˣ − 1)，并逐渐趋于 −α。它的输出均值"
              "比 ReLU 更接近零，可以加快学习，代价是要计算指数。alpha 决定负半轴趋近的值。",
        "formula": "ELU(x) = x  (x > 0);  α·(eˣ − 1)  (x ≤ 0)",
        "params": {"alpha": P("Value −α that the output approaches for very negative inputs.",
                              "输入很负时输出趋近的值为 −α。")},
    },
    "GELU": {
        "en": "GELU (Gaussian error linear unit) multiplies x by Φ(x), the probability that a standard normal "
              "variable is below x: a smooth ReLU that lets small negative values through. It is the activation "
              "of BERT, GPT and Vision Transformers and belongs in the feed-forward part of Transformer blocks. "
              "approximate = tanh uses a faster approximation, the one in GPT-2's original code.",
        "zh": "GELU（高斯误差线性单元）把 x 乘以 Φ(x)，即标准正态变量小于 x 的概率，相当于一个平滑的 ReLU，允许较小"
              "的负值通过。BERT、GPT 和 Vision Transformer 都使用它，适合用在 Transformer 模块的前馈网络中。"
              "approximate = tanh 使用更快的近似公式，即 GPT-2 原始代码中的写法。",
        "formula": "GELU(x) = x · Φ(x)\ntanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))",
        "params": {"approximate": P("none for the exact formula, tanh for the faster approximation.",
                                    "none 表示精确公式，tanh 表示更快的近似公式。")},
    },
    "SiLU": {
        "en": "SiLU, also called Swish, multiplies x by its own sigmoid: it is smooth, slightly negative for small "
              "negative inputs and close to ReLU for large ones. EfficientNet, YOLO, many modern CNNs and "
              "diffusion models use it, and it usually performs as well as ReLU or slightly better for a little "
              "more computation. It has no parameters.",
        "zh": "SiLU（又称 Swish）把 x 乘以它自身的 Sigmoid 值：曲线平滑，对较小的负输入输出略小于零的值，对较大的输入"
              "接近 ReLU。EfficientNet、YOLO 以及许多现代卷积网络和扩散模型都使用它，效果通常与 ReLU 相当或略好，但"
              "计算量稍大。它没有参数。",
        "formula": "SiLU(x) = x · σ(x) = x / (1 + e⁻ˣ)",
    },
    "Sigmoid": {
        "en": "Sigmoid squashes any number into (0, 1). Use it at the output of binary or multi-label classifiers "
              "(one independent probability per label), at the output of an autoencoder whose pixels lie in "
              "[0, 1], and for gates that scale another branch. As a hidden activation it is a poor choice: its "
              "gradient is at most 0.25 and vanishes for large |x|, which slows deep networks down. Do not add it "
              "before a loss that already contains it, such as BCEWithLogitsLoss.",
        "zh": "Sigmoid 函数把任意实数压缩到 (0, 1) 区间。它适用于二分类或多标签分类器的输出（每个标签一个独立的概率）、"
              "像素值在 [0, 1] 之间的自编码器的输出，以及用来缩放另一个分支的门控。作为隐藏层的激活函数它并不理想："
              "梯度最大只有 0.25，在 |x| 较大时几乎为零（梯度消失），会拖慢深层网络的训练。如果损失函数本身已经包含 "
              "Sigmoid（如 BCEWithLogitsLoss），就不要再加它。",
        "formula": "σ(x) = 1 / (1 + e⁻ˣ)",
    },
    "Tanh": {
        "en": "Tanh squashes numbers into (−1, 1) and, unlike Sigmoid, is centred on zero. It is the output "
              "activation of GAN generators whose images are scaled to [−1, 1], as in DCGAN, and the classic "
              "activation inside RNN and LSTM cells. Like Sigmoid it saturates for large |x|, so ReLU-style "
              "activations usually work better in deep feed-forward networks. If a generator ends in Tanh, the "
              "real images must be normalised to [−1, 1] as well, or the discriminator tells them apart by their "
              "range alone.",
        "zh": "Tanh（双曲正切）把数值压缩到 (−1, 1) 区间，并且与 Sigmoid 不同，它以零为中心。像素被缩放到 [−1, 1] 的 "
              "GAN 生成器（如 DCGAN）用它作为输出激活函数，它也是 RNN 和 LSTM 单元内部的经典激活函数。与 Sigmoid 一样，"
              "它在 |x| 较大时饱和，因此在深层前馈网络中通常使用 ReLU 类的激活函数效果更好。如果生成器以 Tanh 结尾，"
              "真实图像也必须归一化到 [−1, 1]，否则判别器仅凭数值范围就能分辨真假。",
        "formula": "tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)",
    },
    "Softmax": {
        "en": "Softmax turns a vector of scores into probabilities that are positive and sum to 1 along dim, which "
              "is −1 (the last dimension) by default; the batch is dimension 0. Use it when you need the "
              "probabilities themselves, for example to display them. Do not put it before a cross-entropy loss: "
              "PyTorch's CrossEntropyLoss applies log-softmax itself, and a second softmax makes the network learn "
              "much more slowly. The wrong dim normalises the wrong group of values, for instance the width of an "
              "image instead of its channels.",
        "zh": "Softmax 把一组分数转换成概率：每个值都为正，且沿第 dim 维之和为 1，默认 dim = −1（最后一维）；批量维度"
              "为第 0 维。需要概率本身时使用它，例如用于显示。不要把它放在交叉熵损失之前：PyTorch 的 CrossEntropyLoss "
              "内部已经做了 log-softmax，再加一次 softmax 会使网络学得慢得多。dim 选错会对错误的一组数值做归一化，"
              "例如对图像的宽度方向而不是通道方向归一化。",
        "formula": "softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ)",
        "params": {"dim": _SOFTMAX_DIM},
    },
    "LogSoftmax": {
        "en": "LogSoftmax computes the logarithm of the softmax in one numerically stable step. Pair it with the "
              "negative log-likelihood loss (NLLLoss): together they equal CrossEntropyLoss on the raw scores. Its "
              "outputs are at most 0, and exp turns them back into probabilities. Do not combine it with "
              "CrossEntropyLoss, which would apply log-softmax a second time.",
        "zh": "LogSoftmax 以数值稳定的方式一步算出 softmax 的对数。它与负对数似然损失（NLLLoss）配合使用，二者合起来"
              "等价于对原始分数使用 CrossEntropyLoss。它的输出都不大于 0，取 exp 即可还原为概率。不要把它和 "
              "CrossEntropyLoss 一起使用，否则会做两次 log-softmax。",
        "formula": "log_softmax(x)ᵢ = xᵢ − log Σⱼ exp(xⱼ)",
        "params": {"dim": _SOFTMAX_DIM},
    },
    "Softplus": {
        "en": "Softplus is a smooth approximation of ReLU whose output is always positive. Use it where the "
              "network predicts something that must be strictly positive, such as a standard deviation or a rate. "
              "beta controls how sharp the bend is, larger being closer to ReLU, and where β·x exceeds threshold "
              "it returns x directly for numerical stability.",
        "zh": "Softplus 是 ReLU 的平滑近似，输出总是正数。当网络要预测一个必须严格为正的量（例如标准差或速率）时使用"
              "它。beta 控制拐弯处的陡峭程度，越大越接近 ReLU；当 β·x 超过 threshold 时，为了数值稳定直接返回 x。",
        "formula": "Softplus(x) = (1/β) · log(1 + exp(β·x))",
        "params": {
            "beta": P("Sharpness of the bend; larger values are closer to ReLU.", "拐弯处的陡峭程度；越大越接近 ReLU。"),
            "threshold": P("Where β·x > threshold the output is simply x, to avoid overflow.",
                           "当 β·x > threshold 时直接输出 x，以免数值溢出。"),
        },
    },
    "ReLU6": {
        "en": "ReLU6 is a ReLU whose output is also capped at 6, so every value lies between 0 and 6. MobileNet "
              "uses it because a bounded range survives low-precision arithmetic on phones well. It has no "
              "parameters.",
        "zh": "ReLU6 是输出上限被截断为 6 的 ReLU，所以每个输出值都在 0 到 6 之间。MobileNet 使用它，因为有界的数值范围"
              "在手机上的低精度运算中更稳定。它没有参数。",
        "formula": "ReLU6(x) = min(max(0, x), 6)",
    },
    "Hardswish": {
        "en": "Hardswish is a cheap, piecewise approximation of SiLU (Swish) that replaces the sigmoid by a "
              "straight ramp. MobileNetV3 uses it in its deeper layers because it costs almost nothing on mobile "
              "hardware. It has no parameters.",
        "zh": "Hardswish 是 SiLU（Swish）的一种廉价的分段近似，用一段直线斜坡代替 sigmoid。MobileNetV3 在较深的层中"
              "使用它，因为它在移动设备上几乎不增加计算量。它没有参数。",
        "formula": "Hardswish(x) = x · min(max(0, x + 3), 6) / 6",
    },
    "Hardsigmoid": {
        "en": "Hardsigmoid is a piecewise-linear approximation of the sigmoid: zero below −3, one above 3 and a "
              "straight line in between. MobileNetV3 uses it as the gate of its squeeze-and-excitation blocks. It "
              "has no parameters.",
        "zh": "Hardsigmoid 是 sigmoid 的分段线性近似：小于 −3 时为零，大于 3 时为一，中间是一条直线。MobileNetV3 "
              "在挤压-激励模块中用它作为门控。它没有参数。",
        "formula": "Hardsigmoid(x) = min(max(0, x + 3), 6) / 6",
    },
}
