"""import: an existing PyTorch model (torchvision or a Python file) as a project with its weights."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("import", help="turn a PyTorch model (torchvision:NAME, file.py:Factory) or an ONNX file "
                                            "into a project")
    p.add_argument("source", help="torchvision:NAME, path/to/model.py:ClassOrFunction or path/to/model.onnx")
    p.add_argument("-o", "--output", required=True, help="the project file to write; weights go beside it "
                                                         "as <project>.safetensors")
    p.add_argument("--input-shape", default=None, help="one sample's input shape without the batch (default "
                                                        "3,224,224; an ONNX file's own)")
    p.add_argument("--args", default=None, help='JSON keyword arguments for the factory, e.g. \'{"num_classes": 10}\'')
    p.add_argument("--pretrained", action="store_true",
                   help="torchvision's default pretrained weights (downloaded once into torch hub's cache)")
    p.add_argument("--weights", default=None, metavar="FILE",
                   help="load a weights file (.safetensors, or a torch checkpoint .pt/.pth read with "
                        "weights_only=True) into the layers it fits, with a report")
    p.add_argument("--num-classes", type=int, default=None, metavar="N",
                   help="replace the head: the last Linear gets N outputs and new weights; every other weight is kept")
    p.set_defaults(func=run_import)


def parse_shape(text: str) -> list[int]:
    from netstudio.export.import_weights import parse_input_shape

    return parse_input_shape(text)


def run_import(args) -> int:
    from netstudio.export.import_weights import import_project
    from netstudio.export.importer import parse_args_json

    shape = parse_shape(args.input_shape) if args.input_shape else None
    result, lines = import_project(args.source, args.output, shape, parse_args_json(args.args),
                                   pretrained=args.pretrained, weights=args.weights, num_classes=args.num_classes)
    weights = Path(args.output).with_suffix(".safetensors")
    nodes = len(result.project.graph().nodes)
    for line in lines:
        print(line)
    source = "pretrained weights" if args.pretrained else "weights"
    checked = ("outputs agree with the original within " f"{result.max_difference:.1e}"
               if result.max_difference is not None else "outputs not compared")
    print(f"wrote {args.output} ({nodes} nodes, {result.parameters:,} parameters) and {weights} ({source}); {checked}")
    return 0
