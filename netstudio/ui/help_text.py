"""Layer explanations for tooltips, the inspector and the layer reference.

The texts (English and Chinese) come from ``netstudio.layers.explanations`` when it is
installed; until then a plain description from the spec is shown, so the UI never breaks.
"""

from __future__ import annotations

from netstudio.layers import get_spec


def current_lang() -> str:
    """"zh" when the interface language is Chinese, else "en"."""
    from netstudio.ui.app import current_language

    return "zh" if current_language().startswith("zh") else "en"


def _module():
    try:
        from netstudio.layers import explanations
    except ImportError:
        return None
    return explanations


def explanation(type_name: str, lang: str | None = None) -> str:
    mod = _module()
    lang = lang or current_lang()
    if mod is not None:
        try:
            text = mod.explanation(type_name, lang)
            if text:
                return text
        except Exception:  # a missing entry must not break a tooltip
            pass
    spec = get_spec(type_name)
    if spec is None:
        return ""
    if spec.torch_class:
        prefix = "netstudio.layers.modules." if spec.custom_class else "torch.nn."
        return f"{type_name}: {prefix}{spec.torch_class}"
    return f"{type_name}: a tensor operation in the graph"


def formula(type_name: str) -> str:
    mod = _module()
    if mod is not None:
        try:
            return mod.formula(type_name) or ""
        except Exception:
            return ""
    return ""


def param_help(type_name: str, param: str, lang: str | None = None) -> str:
    mod = _module()
    if mod is not None and hasattr(mod, "param_help"):
        try:
            return mod.param_help(type_name, param, lang or current_lang()) or ""
        except Exception:
            return ""
    return ""


def category_name(category: str, lang: str | None = None) -> str:
    mod = _module()
    if mod is not None and hasattr(mod, "category_name"):
        try:
            return mod.category_name(category, lang or current_lang()) or category
        except Exception:
            return category
    return category
