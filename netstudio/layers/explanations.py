"""Learner-facing explanations of the layer catalog in English and Simplified Chinese.

The texts live in :mod:`netstudio.layers.docs` (one data module per catalog category); this module
merges them and answers with language fallbacks. It imports neither torch nor Qt, so the palette,
the inspector and ``netstudio summary`` can show help without waiting for torch.

Examples
--------
>>> explanation("Conv2d", "zh_CN")[:4]
'二维卷积'
>>> formula("Linear")
'y = x·Wᵀ + b,  W: (out_features, in_features)'
"""

from __future__ import annotations

from .docs import MODULES

LANGUAGES: tuple[str, ...] = ("en", "zh")

#: {layer type: {"en": paragraph, "zh": paragraph, "formula"?: text, "params"?: {name: {"en", "zh"}}}}
EXPLANATIONS: dict[str, dict] = {name: entry for m in MODULES for name, entry in m.DOCS.items()}

#: {catalog category: {"en": name, "zh": name}}
CATEGORY_NAMES: dict[str, dict[str, str]] = {m.CATEGORY: m.NAME for m in MODULES}

# Locale spellings that mean Simplified Chinese (Qt's QLocale.name() gives "zh_CN", browsers "zh-CN").
_SIMPLIFIED_CHINESE = {"zh", "zh_cn", "zh_hans", "zh_hans_cn", "zh_sg", "zh_hans_sg"}


def normalize_lang(lang: str | None) -> str:
    """The language code the texts use: "zh" for Simplified Chinese spellings, otherwise "en".

    Parameters
    ----------
    lang : str or None
        "en", "zh", "zh_CN", "zh-CN", "zh-Hans", ... (case does not matter); None means English.
    """
    key = (lang or "en").strip().lower().replace("-", "_")
    return "zh" if key in _SIMPLIFIED_CHINESE else "en"


def explanation(type_name: str, lang: str = "en") -> str:
    """The paragraph that explains a layer type to a student.

    Parameters
    ----------
    type_name : str
        A catalog layer type such as "Conv2d".
    lang : str
        "en" or "zh" (also "zh_CN", "zh-CN"); any other language gets English.

    Returns
    -------
    str
        The explanation, or one sentence saying that the type is unknown (in the asked language).
    """
    entry = EXPLANATIONS.get(type_name)
    lang = normalize_lang(lang)
    if entry is None:
        if lang == "zh":
            return f"“{type_name}”不是 NetStudio 的层类型，因此没有相应的说明。"
        return f"'{type_name}' is not a NetStudio layer type, so there is no explanation for it."
    return entry.get(lang) or entry["en"]


def formula(type_name: str) -> str | None:
    """The layer's formula as plain Unicode text (lines separated by "\\n"), or None when it has none.

    The text is the same in every language: symbols and PyTorch parameter names only.
    """
    entry = EXPLANATIONS.get(type_name)
    return entry.get("formula") if entry else None


def param_help(type_name: str, param: str, lang: str = "en") -> str | None:
    """Short help for one parameter of a layer type, or None when there is none.

    Parameters
    ----------
    type_name : str
        A catalog layer type such as "Conv2d".
    param : str
        The parameter's PyTorch name, e.g. "kernel_size".
    lang : str
        "en" or "zh" (also "zh_CN", "zh-CN"); any other language gets English.
    """
    entry = EXPLANATIONS.get(type_name)
    if entry is None:
        return None
    texts = entry.get("params", {}).get(param)
    if texts is None:
        return None
    return texts.get(normalize_lang(lang)) or texts["en"]


def category_name(category: str, lang: str = "en") -> str:
    """The display name of a catalog category; an unknown category is returned unchanged."""
    names = CATEGORY_NAMES.get(category)
    if names is None:
        return category
    return names.get(normalize_lang(lang)) or names["en"]
