"""Evaluating a lesson's checks against a project, its runs and the student's typed answers.

``evaluate`` never raises: a check that cannot be decided (shapes unknown, no run yet) fails with a
sentence saying what it saw. Shapes come from the compiler's inference (``infos``: the caller's, e.g. the
window's shape service, or inferred here on the meta device).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from .history import LessonRun, metric_value, setting_value
from .model import Check

KINDS = ("contains", "output_shape", "param_count", "node_param", "connected", "setting", "metric", "runs",
         "prediction")
_COMMON = {"graph"}
_FIELDS = {
    "contains": {"type", "min", "max"},
    "output_shape": {"node", "type", "index", "shape", "port"},
    "param_count": {"min", "max", "node", "type", "index"},
    "node_param": {"node", "type", "index", "param", "equals", "min", "max"},
    "connected": set(),
    "setting": {"key", "equals", "min", "max"},
    "metric": {"name", "min", "max", "run"},
    "runs": {"min", "differ"},
    "prediction": {"question", "answer_from", "value", "tolerance"},
}
METRIC_ALIASES = {"val_accuracy": "val_acc", "accuracy": "val_acc", "train_accuracy": "train_acc"}


@dataclass
class CheckResult:
    passed: bool
    detail: str          # what was seen, one sentence in the lesson's language


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def check_fields(check: Check, raw_kind: Any) -> tuple[str, str] | None:
    """(field, message) for the first fault of a check as written in the file, or None."""
    f = check.fields
    if raw_kind not in KINDS:
        return "kind", f"must be one of {', '.join(KINDS)} (found {raw_kind!r})"
    unknown = set(f) - _FIELDS[check.kind] - _COMMON - ({"question"} if check.kind == "prediction" else set())
    if unknown:
        name = sorted(unknown)[0]
        return name, f"is not a field of a {check.kind} check (its fields: {', '.join(sorted(_FIELDS[check.kind])) or 'none'})"
    if "graph" in f and not isinstance(f["graph"], str):
        return "graph", "must be a graph name such as \"model\""
    for name in ("min", "max", "tolerance"):
        if name in f and not _num(f[name]):
            return name, "must be a number"
    if "index" in f and not _whole(f["index"]):
        return "index", "must be a whole number from 0 (the first node of that type)"
    if "port" in f and not _whole(f["port"]):
        return "port", "must be a whole number from 0"
    for name in ("node", "type", "param", "key", "name", "differ", "answer_from"):
        if name in f and (not isinstance(f[name], str) or not f[name]):
            return name, "must be a text"
    kind = check.kind
    if kind in ("output_shape", "node_param") and ("node" in f) == ("type" in f):
        return "node", "give either node = \"id\" or type = \"LayerType\" (with index)"
    if kind == "contains" and "type" not in f:
        return "type", "is missing (the layer type, e.g. \"Dropout\")"
    if kind == "output_shape":
        shape = f.get("shape")
        if not isinstance(shape, list) or not shape or not all(_whole(d) for d in shape):
            return "shape", "must be a list of whole numbers, the per-sample shape such as [32, 13, 13]"
    if kind == "param_count" and "min" not in f and "max" not in f:
        return "max", "give min, max or both"
    if kind == "param_count" and "node" in f and "type" in f:
        return "node", "give either node or type, not both"
    if kind in ("node_param", "setting") and "equals" not in f and "min" not in f and "max" not in f:
        return "equals", "give equals, or min and/or max"
    if kind == "node_param" and "param" not in f:
        return "param", "is missing (the parameter's name, e.g. \"p\")"
    if kind == "setting" and "key" not in f:
        return "key", "is missing (a dotted path such as \"training.optimizer.type\")"
    if kind == "metric":
        if "name" not in f:
            return "name", "is missing (a metric such as \"val_acc\" or \"val_loss\")"
        if "min" not in f and "max" not in f:
            return "min", "give min or max"
        if f.get("run", "latest") not in ("latest", "best"):
            return "run", "must be \"latest\" or \"best\""
    if kind == "runs" and not _whole(f.get("min", 1)):
        return "min", "must be a whole number of runs"
    if kind == "prediction":
        source = f.get("answer_from")
        if source is None:
            return "answer_from", "is missing (\"params\", \"params:<node>\", \"output_shape:<node>\" or \"value\")"
        head, _, node = source.partition(":")
        if head not in ("params", "output_shape", "value") or (head == "output_shape" and not node) \
                or (head == "value" and node):
            return "answer_from", "must be \"params\", \"params:<node>\", \"output_shape:<node>\" or \"value\""
        if head == "value" and not (_num(f.get("value")) or _shape_value(f.get("value"))):
            return "value", "must be the right answer, a number or a shape such as [32, 13, 13]"
    return None


def _shape_value(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(_whole(d) for d in v)


# ----- sentences (English and Chinese) -----
def _say(lang: str, en: str, zh: str, **values: Any) -> str:
    text = zh if str(lang).lower().startswith("zh") else en
    return text.format(**values)


def shape_str(shape) -> str:
    return "x".join(str(d) for d in shape) if shape else "()"


def _count(n: int | float) -> str:
    return f"{n:,}" if isinstance(n, int) or float(n).is_integer() else f"{n:g}"


def default_label(check: Check, lang: str) -> str:
    """A label for a check the teacher did not label: what it asks, in words."""
    f, k = check.fields, check.kind
    who = f.get("node") or f.get("type") or ""
    if k == "contains":
        if f.get("max") == 0:
            return _say(lang, "no {t} left", "不再有 {t}", t=f["type"])
        return _say(lang, "the model contains a {t}", "模型中有 {t}", t=f["type"])
    if k == "output_shape":
        return _say(lang, "{n} outputs {s}", "{n} 输出 {s}", n=who, s=shape_str(f.get("shape")))
    if k == "param_count":
        return _say(lang, "parameter count {r}", "参数量 {r}", r=_range(f))
    if k == "node_param":
        return _say(lang, "{n}.{p} {r}", "{n}.{p} {r}", n=who, p=f.get("param"), r=_range(f))
    if k == "connected":
        return _say(lang, "the graph has no errors", "图中没有错误")
    if k == "setting":
        return _say(lang, "{k} {r}", "{k} {r}", k=f.get("key"), r=_range(f))
    if k == "metric":
        return _say(lang, "{m} {r}", "{m} {r}", m=f.get("name"), r=_range(f))
    if k == "runs":
        if f.get("differ"):
            return _say(lang, "{n} runs with different {d}", "{n} 次训练，{d} 各不相同", n=f.get("min", 1), d=f["differ"])
        return _say(lang, "{n} finished runs", "完成 {n} 次训练", n=f.get("min", 1))
    if k == "prediction":
        from .model import pick

        return pick(f.get("question"), lang) or ""
    return k


def _range(f: dict) -> str:
    if "equals" in f:
        return f"= {f['equals']}"
    parts = []
    if "min" in f:
        parts.append(f">= {_count(f['min'])}")
    if "max" in f:
        parts.append(f"<= {_count(f['max'])}")
    return ", ".join(parts)


# ----- the project side -----
class _Graphs:
    """The project's graphs with their inferred shapes (given, or inferred once, lazily)."""

    def __init__(self, project, infos: dict | None) -> None:
        self.project = project
        self._infos = dict(infos or {})

    def infos(self, name: str) -> dict:
        if name not in self._infos:
            self._infos[name] = _inference().infer(self.project.graph(name))
        return self._infos[name]

    def names(self, check: Check) -> list[str]:
        wanted = check.get("graph")
        if wanted is not None:
            return [wanted] if wanted in self.project.graphs else []
        return list(self.project.graphs)

    def find(self, check: Check):
        """(graph name, node) the check names by ``node`` or by ``type`` + ``index``; None when absent."""
        nodes = self.matching(check)
        index = check.get("index", 0)
        if "node" in check.fields:
            return nodes[0] if nodes else None
        return nodes[index] if index < len(nodes) else None

    def matching(self, check: Check) -> list:
        found = []
        for name in self.names(check):
            graph = self.project.graph(name)
            try:
                order = graph.topological_order()
            except Exception:   # a cycle: file order (the connected check reports the cycle)
                order = [n.id for n in graph]
            for nid in order:
                node = graph.node(nid)
                if ("node" in check.fields and nid == check.get("node")) or \
                        ("type" in check.fields and node.type == check.get("type")):
                    found.append((name, node))
        return found


_INFERENCE = None


def _inference():
    global _INFERENCE
    if _INFERENCE is None:
        from netstudio.compiler.shape_cache import shared_cache
        from netstudio.compiler.shapes import ShapeInference

        _INFERENCE = ShapeInference(store=shared_cache())
    return _INFERENCE


def _within(value: float, f: dict, tolerance: float = 0.0) -> bool:
    if "equals" in f:
        want = f["equals"]
        if isinstance(value, dict) and "type" in value and not isinstance(want, dict):
            value = value["type"]    # "training.optimizer" = "adam": a section compares by its type
        if isinstance(want, str) or isinstance(value, str):
            return str(value).lower() == str(want).lower()
        if isinstance(want, list):   # a list setting (Adam's betas [0.5, 0.999]) compares element by element
            return (isinstance(value, (list, tuple)) and len(value) == len(want)
                    and all(_within(v, {"equals": w}, max(tolerance, 1e-9)) for v, w in zip(value, want)))
        return _num(value) and abs(value - want) <= tolerance
    if not _num(value):
        return False
    return ("min" not in f or value >= f["min"]) and ("max" not in f or value <= f["max"])


def _who(check: Check, lang: str) -> str:
    if "node" in check.fields:
        return check.fields["node"]
    t, i = check.fields["type"], check.get("index", 0)
    return _say(lang, "the {o}{t}", "第 {n} 个 {t}", o="" if i == 0 else f"{_ordinal(i + 1)} ", t=t, n=i + 1)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _missing(check: Check, lang: str) -> CheckResult:
    if "node" in check.fields:
        return CheckResult(False, _say(lang, "the model has no node {w} yet", "模型中还没有节点 {w}", w=check.fields["node"]))
    i = check.get("index", 0)
    return CheckResult(False, _say(lang, "the model has no {o}{t} yet", "模型中还没有第 {n} 个 {t}", t=check.fields["type"],
                                   o="" if i == 0 else f"{_ordinal(i + 1)} ", n=i + 1))


def _shape_of(graphs: _Graphs, check: Check, lang: str, port: int = 0):
    """(shape or None, sentence when None) for the node the check names."""
    found = graphs.find(check)
    if found is None:
        return None, _missing(check, lang).detail
    name, node = found
    info = graphs.infos(name).get(node.id)
    if info is None or not info.ok or len(info.out_shapes) <= port:
        why = info.error if info is not None and info.error else None
        return None, (_say(lang, "{n} has no shape yet: {e}", "{n} 还没有形状：{e}", n=node.id, e=why) if why else
                      _say(lang, "{n} has no shape yet (is it connected to the input?)",
                           "{n} 还没有形状（它连到输入了吗？）", n=node.id))
    return tuple(info.out_shapes[port]), None


def _total_params(graphs: _Graphs, check: Check) -> int:
    return sum(i.param_count for name in graphs.names(check) for i in graphs.infos(name).values())


# ----- typed answers -----
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str) -> float | None:
    """A typed number: ``320``, ``1,234``, ``1 234``, ``0.97``, ``97%`` (0.97); None when it is not one."""
    t = str(text).strip().replace(",", "").replace("_", "").replace(" ", "").replace("，", "")
    percent = t.endswith("%")
    t = t.rstrip("%")
    if not _NUMBER.match(t):
        return None
    value = float(t) / (100 if percent else 1)
    return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value


def parse_shape(text: str) -> tuple[int, ...] | None:
    """A typed shape: ``32x13x13``, ``32 × 13 × 13``, ``[32, 13, 13]``, ``(32,13,13)``, ``32*13*13``."""
    t = str(text).strip().strip("[]()（）")
    parts = [p for p in re.split(r"\s*(?:[x×X*,，]|\s)\s*", t) if p]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def true_answer(check: Check, project, infos: dict | None = None, lang: str = "en"):
    """The right answer of a prediction (an int, a float or a shape tuple), or (None, why)."""
    graphs = _Graphs(project, infos)
    return _truth(check, graphs, lang)


def _truth(check: Check, graphs: _Graphs, lang: str):
    head, _, node = check.get("answer_from").partition(":")
    if head == "value":
        v = check.get("value")
        return (tuple(v) if isinstance(v, list) else v), None
    if head == "params":
        if not node:
            return _total_params(graphs, check), None
        found = graphs.find(Check("param_count", {"node": node, **({"graph": check.get("graph")} if "graph" in check.fields else {})}))
        if found is None:
            return None, _say(lang, "the model has no {w} yet", "模型中还没有 {w}", w=node)
        info = graphs.infos(found[0]).get(node)
        return (info.param_count if info is not None else 0), None
    sub = Check("output_shape", {"node": node, **({"graph": check.get("graph")} if "graph" in check.fields else {})})
    return _shape_of(graphs, sub, lang)


def check_prediction(check: Check, typed: str | None, truth, lang: str = "en") -> CheckResult:
    """The student's typed answer against ``truth`` (a number or a shape), within the check's tolerance."""
    if typed is None or not str(typed).strip():
        return CheckResult(False, _say(lang, "type your answer and press Check", "输入你的答案，然后按“检查”"))
    tolerance = float(check.get("tolerance", 0))
    if isinstance(truth, tuple):
        got = parse_shape(typed)
        if got is None:
            return CheckResult(False, _say(lang, "{t!r} is not a shape; write it like 32x13x13",
                                           "“{t}”不是形状；请写成 32x13x13 这样", t=str(typed).strip()))
        ok = len(got) == len(truth) and all(abs(a - b) <= tolerance for a, b in zip(got, truth))
        shown, true_shown = shape_str(got), shape_str(truth)
    else:
        got = parse_number(typed)
        if got is None:
            return CheckResult(False, _say(lang, "{t!r} is not a number", "“{t}”不是数字", t=str(typed).strip()))
        ok = abs(got - truth) <= tolerance
        shown, true_shown = _count(got), _count(truth)
    if ok:
        return CheckResult(True, _say(lang, "right: {v}", "正确：{v}", v=true_shown))
    return CheckResult(False, _say(lang, "you said {g}; the answer is {v}", "你的答案是 {g}；正确答案是 {v}",
                                   g=shown, v=true_shown))


# ----- evaluation -----
def evaluate(check: Check, project, runs: list[LessonRun] | None = None, answers: dict | None = None,
             infos: dict | None = None, lang: str = "en") -> CheckResult:
    """Whether ``check`` passes now, and what was seen.

    ``runs``: the project's runs (``history.project_runs``); ``answers``: typed predictions by ``check.key``;
    ``infos``: ``{graph name: {node id: NodeInfo}}`` already inferred (missing graphs are inferred here).
    """
    try:
        return _evaluate(check, _Graphs(project, infos), runs or [], answers or {}, lang)
    except Exception as exc:  # noqa: BLE001 - a check must never take the panel down; say what happened
        return CheckResult(False, _say(lang, "this check could not be evaluated ({e})", "无法评估此检查（{e}）",
                                       e=f"{type(exc).__name__}: {exc}"[:160]))


def _evaluate(check: Check, graphs: _Graphs, runs: list[LessonRun], answers: dict, lang: str) -> CheckResult:
    f, kind = check.fields, check.kind
    if kind == "contains":
        n = len(graphs.matching(check))
        lo, hi = f.get("min", 1 if "max" not in f else 0), f.get("max")
        ok = n >= lo and (hi is None or n <= hi)
        return CheckResult(ok, _say(lang, "the model has {n} {t} layer{s}", "模型中有 {n} 个 {t}", n=n, t=f["type"],
                                    s="" if n == 1 else "s"))
    if kind == "output_shape":
        want = tuple(f["shape"])
        got, why = _shape_of(graphs, check, lang, f.get("port", 0))
        if got is None:
            return CheckResult(False, why)
        who = _who(check, lang)
        if got == want:
            return CheckResult(True, _say(lang, "{w} outputs {g}", "{w} 输出 {g}", w=who, g=shape_str(got)))
        return CheckResult(False, _say(lang, "{w} outputs {g}, the step wants {s}", "{w} 输出 {g}，本步要求 {s}",
                                       w=who, g=shape_str(got), s=shape_str(want)))
    if kind == "param_count":
        if "node" in f or "type" in f:
            found = graphs.find(check)
            if found is None:
                return _missing(check, lang)
            info = graphs.infos(found[0]).get(found[1].id)
            n, who = (info.param_count if info is not None else 0), _who(check, lang)
        else:
            n, who = _total_params(graphs, check), _say(lang, "the model", "模型")
        return CheckResult(_within(n, f), _say(lang, "{w} has {n} parameters (wanted {r})", "{w}有 {n} 个参数（要求 {r}）",
                                               w=who, n=_count(n), r=_range(f)))
    if kind == "node_param":
        return _node_param(check, graphs, lang)
    if kind == "connected":
        return _connected(check, graphs, lang)
    if kind == "setting":
        value = setting_value(graphs.project, f["key"])
        if value is None:
            return CheckResult(False, _say(lang, "{k} is not set", "{k} 未设置", k=f["key"]))
        return CheckResult(_within(value, f), _say(lang, "{k} is {v} (wanted {r})", "{k} 为 {v}（要求 {r}）",
                                                   k=f["key"], v=_value_text(value), r=_range(f)))
    if kind == "metric":
        name = METRIC_ALIASES.get(f["name"], f["name"])
        which = f.get("run", "latest")
        value = metric_value(runs, name, which)
        if value is None:
            return CheckResult(False, _say(lang, "no finished run has logged {m} yet; train the model",
                                           "还没有完成的训练记录了 {m}；请先训练模型", m=name))
        where = (_say(lang, "the latest run's", "最近一次训练的") if which == "latest"
                 else _say(lang, "the best", "最好的"))
        return CheckResult(_within(value, f), _say(lang, "{w} {m} is {v:.4g} (wanted {r})", "{w} {m} 为 {v:.4g}（要求 {r}）",
                                                   w=where, m=name, v=value, r=_range(f)))
    if kind == "runs":
        done = [r for r in runs if r.done]
        want = f.get("min", 1)
        if f.get("differ"):
            values = {_value_text(r.setting(f["differ"])) for r in done}
            n = len(values)
            return CheckResult(n >= want, _say(lang, "{n} finished run(s) with different {d} (wanted {w})",
                                               "{n} 次已完成的训练 {d} 各不相同（要求 {w}）", n=n, d=f["differ"], w=want))
        return CheckResult(len(done) >= want, _say(lang, "{n} finished run(s) (wanted {w})", "已完成 {n} 次训练（要求 {w}）",
                                                   n=len(done), w=want))
    if kind == "prediction":
        truth, why = _truth(check, graphs, lang)
        if truth is None:
            return CheckResult(False, why)
        return check_prediction(check, answers.get(check.key), truth, lang)
    return CheckResult(False, f"unknown check kind {kind!r}")


def _value_text(value: Any) -> str:
    if isinstance(value, dict) and "type" in value:
        return str(value["type"])
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _node_param(check: Check, graphs: _Graphs, lang: str) -> CheckResult:
    f = check.fields
    candidates = graphs.matching(check) if "node" not in f else ([graphs.find(check)] if graphs.find(check) else [])
    if "type" in f and "index" in f:
        one = graphs.find(check)
        candidates = [one] if one else []
    if not candidates:
        return _missing(check, lang)
    from netstudio.layers import get_spec

    seen = []
    for _name, node in candidates:
        value = node.params.get(f["param"])
        if value is None:   # not set in the file: the layer's default applies
            spec = get_spec(node.type)
            param = next((p for p in spec.params if p.name == f["param"]), None) if spec is not None else None
            value = param.default if param is not None else None
        seen.append((node.id, value))
        if value is not None and _within(value, f):
            return CheckResult(True, _say(lang, "{n}.{p} is {v}", "{n}.{p} 为 {v}", n=node.id, p=f["param"],
                                          v=_value_text(value)))
    shown = ", ".join(f"{nid}.{f['param']} = {_value_text(v)}" for nid, v in seen[:3])
    return CheckResult(False, _say(lang, "{s} (wanted {r})", "{s}（要求 {r}）", s=shown, r=_range(f)))


def _connected(check: Check, graphs: _Graphs, lang: str) -> CheckResult:
    from netstudio.compiler.shapes import graph_problems

    for name in graphs.names(check):
        graph = graphs.project.graph(name)
        infos = graphs.infos(name)
        errors = [p for p in graph_problems(graph, infos) if p.severity == "error"]
        if errors:
            where = f"{errors[0].node_id}: " if errors[0].node_id else ""
            return CheckResult(False, _say(lang, "{w}{m}", "{w}{m}", w=where, m=errors[0].message))
        unknown = [n.id for n in graph if n.id not in infos or not infos[n.id].ok]
        if unknown:
            return CheckResult(False, _say(lang, "{n} has no shape yet (is it connected to the input?)",
                                           "{n} 还没有形状（它连到输入了吗？）", n=unknown[0]))
    return CheckResult(True, _say(lang, "every layer is connected and has a shape", "每一层都已连接并有形状"))
