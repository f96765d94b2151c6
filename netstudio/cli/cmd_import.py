"""import: an existing PyTorch model (torchvision or a Python file) as a project with its weights."""

from __future__ import annotations

from pathlib import Path

from netstudio.core.errors import NetStudioError


def register(sub) -> None:
    p = sub.add_parser("import", help="turn a PyTorch model (torchvision:NAME or file.py:Factory) into a project")
    p.add_argument("source", help="torchvision:NAME (no weights downloaded) or path/to/model.py:ClassOrFunction")
    p.add_argument("-o", "--output", required=True, help="the project file to write; weights go beside it "
                                                         "as <project>.safetensors")
    p.add_argument("--input-shape", default="3,224,224", help="one sample's input shape without the batch "
                                                             "(default 3,224,224)")
    p.add_argument("--args", default=None, help='JSON keyword arguments for the factory, e.g. \'{"num_classes": 10}\'')
    p.set_defaults(func=run_import)


def parse_shape(text: str) -> list[int]:
    try:
        shape = [int(part) for part in text.replace("x", ",").split(",") if part.strip()]
    except ValueError:
        shape = []
    if not shape or any(d < 1 for d in shape):
        raise NetStudioError(f"--input-shape must be sizes such as 3,224,224, not {text!r}")
    return shape


def run_import(args) -> int:
    from netstudio.export.importer import import_model, load_source, parse_args_json, save_import

    shape = parse_shape(args.input_shape)
    model, name = load_source(args.source, parse_args_json(args.args))
    path = None if args.source.startswith("torchvision:") else Path(args.source.rpartition(":")[0])
    result = import_model(model, name, shape, path=path)
    weights = save_import(result, args.output)
    nodes = len(result.project.graph().nodes)
    print(f"wrote {args.output} ({nodes} nodes, {result.parameters:,} parameters) and {weights}; "
          f"outputs agree with the original within {result.max_difference:.1e}")
    return 0
