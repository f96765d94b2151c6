"""Shapes sooner in processes that only infer shapes: three imports they do not need, deferred.

Running a layer on the meta device goes through PyTorch's Python reference kernels, which on first
use import large packages shape inference never uses (measured here, one busy core):

- ``torch._dynamo`` (about 2-5 s): every reference kernel is wrapped by ``torch._compile._disable_dynamo``,
  which imports dynamo on its first call only to mark the function "do not compile". Nothing is compiled
  in such a process, so the mark is not needed: ``disable`` here returns the function as it is.
- ``torch.fx.experimental.symbolic_shapes`` and sympy (about 0.5-2.5 s): ``torch._check`` and the meta
  kernels call ``expect_true``, ``sym_and``, ``guard_or_false``... from it, which for plain Python bools
  and ints (all the meta device ever sees here) simply return their argument or compare it; elementwise
  type promotion imports sympy only for an ``isinstance(x, sympy.Basic)`` test (``_SympyStandIn``).

``install()`` puts a stand-in for each in ``sys.modules``. A stand-in answers those few functions for
plain bools and ints itself; any other argument, and any other name, imports the real module and
answers from it, so results never differ (``tests/test_meta_torch.py`` compares every sample and every
catalog type with and without it). Only processes that never compile or trace with dynamo install it:
the shape server and ``netstudio check``/``summary`` (a later ``torch.compile`` in the same process would
find the reference kernels unmarked). ``NETSTUDIO_FULL_TORCH=1`` turns it off.
"""

from __future__ import annotations

import importlib
import os
import sys
import types

DYNAMO = "torch._dynamo"
SYMBOLIC = "torch.fx.experimental.symbolic_shapes"
SYMPY = "sympy"


class _Deferred(types.ModuleType):
    """A stand-in module: its own attributes, else the real module's (imported on first such use)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__dict__["_real"] = None

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)   # import machinery probes (__path__, __spec__...): not a package
        return getattr(self._load(), attr)

    def _load(self) -> types.ModuleType:
        real = self.__dict__["_real"]
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_real"] = real
        return real


def _plain(*values) -> bool:
    return all(type(v) in (bool, int) for v in values)


def _dynamo_stand_in() -> _Deferred:
    module = _Deferred(DYNAMO)

    def disable(fn=None, recursive=True, **_kwargs):
        """Nothing is compiled in this process: the function itself (or a decorator returning it)."""
        return fn if fn is not None else (lambda f: f)

    module.disable = disable
    return module


def _symbolic_stand_in() -> _Deferred:
    module = _Deferred(SYMBOLIC)

    def passthrough(name: str):
        def fn(a, *args, **kwargs):
            if type(a) is bool and not args and not kwargs:
                return a
            return getattr(module._load(), name)(a, *args, **kwargs)
        fn.__name__ = name
        return fn

    for name in ("expect_true", "guard_or_false", "guard_or_true", "statically_known_true",
                 "guard_size_oblivious", "guard_bool"):
        setattr(module, name, passthrough(name))

    def guard_int(a):
        return a if type(a) is int else module._load().guard_int(a)

    def has_guarding_hint(a):
        return True if type(a) in (bool, int, float) else module._load().has_guarding_hint(a)

    def guarding_hint_or_throw(a):
        return a if _plain(a) else module._load().guarding_hint_or_throw(a)

    def is_nested_int(s):
        return False if _plain(s) else module._load().is_nested_int(s)

    def sym_and(x, *others):   # bools only: on ints the real one is a bitwise and
        if all(type(v) is bool for v in (x, *others)):
            return bool(x) and all(others) if others else x
        return module._load().sym_and(x, *others)

    def sym_or(x, *others):
        if all(type(v) is bool for v in (x, *others)):
            return bool(x) or any(others) if others else x
        return module._load().sym_or(x, *others)

    def sym_eq(x, y):
        if _plain(x, y):
            return x == y
        if (isinstance(x, (tuple, list)) and isinstance(y, (tuple, list))
                and _plain(*x) and _plain(*y)):
            return len(x) == len(y) and all(a == b for a, b in zip(x, y))
        return module._load().sym_eq(x, y)

    for fn in (guard_int, has_guarding_hint, guarding_hint_or_throw, is_nested_int, sym_and, sym_or, sym_eq):
        setattr(module, fn.__name__, fn)
    return module


class _SympyStandIn(_Deferred):
    """Elementwise type promotion imports sympy (about 0.5-2.5 s) only to ask ``isinstance(x, sympy.Basic)``.
    Until the real sympy is imported no sympy object can exist, so a class nothing is an instance of
    answers that truthfully; once it is imported (any other name asks for it), its own ``Basic`` does."""

    class _NoSympyObject:
        pass

    def __getattr__(self, attr: str):
        if attr == "Basic" and self.__dict__["_real"] is None:
            return _SympyStandIn._NoSympyObject
        return super().__getattr__(attr)


def install() -> bool:
    """Put the stand-ins in place (after ``import torch``); False when turned off or already imported."""
    if os.environ.get("NETSTUDIO_FULL_TORCH"):
        return False
    import torch

    done = False
    if DYNAMO not in sys.modules:
        stand_in = _dynamo_stand_in()
        sys.modules[DYNAMO] = stand_in
        torch._dynamo = stand_in   # ``import torch._dynamo; torch._dynamo.disable`` reads the attribute
        done = True
    if SYMBOLIC not in sys.modules:
        sys.modules[SYMBOLIC] = _symbolic_stand_in()
        done = True
    if SYMPY not in sys.modules:
        sys.modules[SYMPY] = _SympyStandIn(SYMPY)
        done = True
    return done
