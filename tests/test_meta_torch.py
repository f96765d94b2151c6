"""The deferred torch parts (``netstudio.compiler.meta_torch``) change no result: every
sample graph and every catalog layer type (with the inputs the warm-up tries) gives the same shapes,
dtypes, parameter counts and messages as with plain torch; and the MNIST CNN's shapes come without
importing torch._dynamo, torch.fx.experimental.symbolic_shapes or sympy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent("""
    import json, sys
    if sys.argv[1] == "lite":
        from netstudio.compiler.meta_torch import install
        assert install()
    from netstudio import load_project
    from netstudio.compiler.shapes import ShapeInference
    from netstudio.layers import all_specs
    from netstudio.ui.shape_server import _TRY_SHAPES, _sample_files

    inference = ShapeInference()
    out = {"graphs": {}, "types": {}}
    cnn = load_project(sys.argv[2])
    out["graphs"]["cnn"] = {n: i.to_record() for n, i in inference.infer(cnn.graph("model")).items()}
    out["heavy_after_cnn"] = sorted(m for m in ("torch._dynamo.convert_frame", "torch.fx.experimental.symbolic_shapes",
                                                "sympy")
                                    if getattr(sys.modules.get(m), "__file__", None))
    for path in _sample_files():
        for name, graph in load_project(path).graphs.items():
            out["graphs"][f"{path.name}:{name}"] = {n: i.to_record() for n, i in inference.infer(graph).items()}
    for spec in all_specs():
        if not spec.inputs and not spec.variadic:
            continue
        params = spec.resolved(spec.initial_params())
        count = max(len([p for p in spec.inputs if not p.optional]), spec.min_inputs if spec.variadic else 0, 1)
        for shape, dtype in _TRY_SHAPES:
            info = inference._run(spec, params, [shape] * count, [dtype] * count)
            out["types"][f"{spec.type}:{shape}:{dtype}"] = info.to_record()
    print("RESULT" + json.dumps(out))
""")


def _run(mode: str) -> dict:
    env = {**os.environ, "NETSTUDIO_CACHE_DIR": os.devnull + "-none"}
    env.pop("NETSTUDIO_FULL_TORCH", None)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, mode, str(ROOT / "sample_projects" / "mnist_cnn.nsproj")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT")), None)
    assert line is not None, proc.stderr[-3000:]
    return json.loads(line[len("RESULT"):])


def test_deferred_torch_parts_change_no_shape_and_skip_dynamo_symbolic_shapes_and_sympy():
    lite, full = _run("lite"), _run("full")
    assert lite["heavy_after_cnn"] == []            # the saving: neither was imported for the CNN
    assert lite["graphs"]["cnn"]["fc"]["o"] == [[10]]
    assert lite["graphs"] == full["graphs"]
    assert len(lite["types"]) > 100
    assert lite["types"] == full["types"]
