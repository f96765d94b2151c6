"""The words of the worked formulas ("How this is computed"), in English and Simplified Chinese (data only).

Read them through :func:`netstudio.layers.formulas.word`, which adds the language fallback.
"""

from ._shared import P

FORMULA_WORDS: dict[str, dict[str, str]] = {
    "section": P("How this is computed", "计算过程"),
    "length": P("Output length", "输出长度"),
    "height": P("Output height", "输出高度"),
    "width": P("Output width", "输出宽度"),
    "depth": P("Output depth", "输出深度"),
    "features": P("Output features", "输出特征数"),
    "joined": P("Size along the joined dimension", "拼接维度上的大小"),
    "part": P("Size of each part", "每一份的大小"),
    "minus_one": P("The -1 dimension", "-1 所在的维度"),
    "params": P("Parameters", "参数量"),
    "ceil_drop": P("ceil_mode: a last window that would start in the padding is dropped (- 1)",
                   "ceil_mode：最后一个窗口若从填充区开始则舍去（- 1）"),
    "not_positive": P("This size is not positive, so the layer cannot produce an output:",
                      "这个尺寸不是正数，所以这一层无法产生输出："),
    "see_formula": P("See how this is computed", "查看计算过程"),
}
