"""Export a project as one standalone training script that imports only torch and torchvision.

The script holds the model class (``python_code.generate_python``), the project's settings as
Python literals, data loading for mnist10k (IDX files), MNIST, Fashion-MNIST and CIFAR-10 (through
torchvision), CSV tables and image folders, the optimizer, learning-rate schedule, L1/L2
regularisation and the training loop. It follows the engine's choices (the same split seed,
normalisation, epoch shuffle seed, batch count and optimizer), so a run of the script lands where
``netstudio train`` does. Under ``torchrun --nproc-per-node N`` it trains with DDP, each process on
its shard of every epoch, the global batch unchanged.

The settings are resolved by the caller (``netstudio.training.script_settings``): the defaults
live in the training package, which this layer may not import.
"""

from __future__ import annotations

import pprint
import re

from netstudio import __version__
from netstudio.core.errors import ProjectError

TASKS = ("classify", "regress")
DATASETS = ("mnist10k", "mnist", "fashion_mnist", "cifar10", "csv", "image_folder")

_RUNTIME = r'''
# ----- data -----
def read_idx(path):
    """An IDX file (MNIST's format, gzip or not) as a uint8 tensor."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as fh:
        raw = fh.read()
    ndim = raw[3]
    shape = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    return torch.frombuffer(bytearray(raw[4 + 4 * ndim:]), dtype=torch.uint8).view(*shape)


def find_idx(folder, stem):
    for name in (stem + ".gz", stem):
        if (Path(folder) / name).exists():
            return Path(folder) / name
    raise SystemExit(f"{stem}(.gz) is not in {folder}")


def load_raw():
    """(x, y, official test split or None, class names)."""
    name, options = DATA["dataset"], DATA["options"]
    if name == "mnist10k":
        folder = options["folder"]
        x = read_idx(find_idx(folder, "t10k-images-idx3-ubyte")).unsqueeze(1)
        return x, read_idx(find_idx(folder, "t10k-labels-idx1-ubyte")).long(), None, [str(d) for d in range(10)]
    if name in ("mnist", "fashion_mnist", "cifar10"):
        import torchvision

        cls = {"mnist": torchvision.datasets.MNIST, "fashion_mnist": torchvision.datasets.FashionMNIST,
               "cifar10": torchvision.datasets.CIFAR10}[name]
        sets = [cls(options["root"], train=train, download=options.get("download", True)) for train in (True, False)]

        def tensors(ds):
            x = torch.as_tensor(ds.data)
            x = x.permute(0, 3, 1, 2) if x.dim() == 4 else x.unsqueeze(1)
            return x.contiguous(), torch.as_tensor(ds.targets).long()
        x, y = tensors(sets[0])
        return x, y, tensors(sets[1]), list(sets[0].classes)
    if name == "csv":
        return load_csv(options)
    return load_image_folder(options)


def load_csv(options):
    with open(options["path"], newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.reader(fh, delimiter=options.get("delimiter", ",")) if r and any(c.strip() for c in r)]
    if not options.get("header", True):
        rows.insert(0, [f"column {i + 1}" for i in range(len(rows[0]))])
    header = [h.strip() for h in rows[0]]
    target = options.get("target", header[-1])
    features = options.get("features") or [h for h in header if h != target]
    cols, t = [header.index(f) for f in features], header.index(target)
    x = torch.tensor([[float(r[c]) for c in cols] for r in rows[1:]], dtype=torch.float32)
    targets = [r[t].strip() for r in rows[1:]]
    if TASK["type"] == "regress":
        return x, torch.tensor([[float(v)] for v in targets]), None, None

    def is_number(v):
        try:
            float(v)
            return True
        except ValueError:
            return False
    names = sorted(set(targets), key=lambda v: (not is_number(v), float(v) if is_number(v) else 0, v))
    index = {n: i for i, n in enumerate(names)}
    return x, torch.tensor([index[v] for v in targets]), None, names


def load_image_folder(options):
    import torchvision
    from torchvision.transforms import v2

    channels, height, width = INPUT_SHAPE
    transform = v2.Compose([v2.Grayscale() if channels == 1 else v2.RGB(), v2.Resize((height, width)),
                            v2.PILToTensor()])
    ds = torchvision.datasets.ImageFolder(options["path"], transform=transform)
    x = torch.stack([ds[i][0] for i in range(len(ds))])
    return x, torch.tensor(ds.targets), None, list(ds.classes)


def split_data(x, y, test):
    """train/val/test as NetStudio splits them: a permutation with seed 0, whatever the training seed."""
    n = len(x)
    frac = DATA["split"]
    order = torch.randperm(n, generator=torch.Generator().manual_seed(0))
    n_val = int(round(n * frac.get("val", 0.1)))
    if test is not None:
        return (x[order[n_val:]], y[order[n_val:]]), (x[order[:n_val]], y[order[:n_val]]), test
    n_test = int(round(n * frac.get("test", 0.1)))
    n_train = n - n_val - n_test
    tr, va, te = order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
    return (x[tr], y[tr]), (x[va], y[va]), (x[te], y[te])


def prepare(splits, image):
    """Images to floats in [0, 1], then normalised (the dataset's usual mean/std, or the training split's)."""
    if image:
        splits = [(s[0].float().div(255.0) if s[0].dtype == torch.uint8 else s[0].float(), s[1]) for s in splits]
    norm = DATA["normalize"]
    dims = (0, 2, 3) if image else (0,)
    if isinstance(norm, dict):
        mean, std = norm["mean"], norm["std"]
    elif norm == "none":
        return splits
    elif NORM is not None:
        mean, std = NORM["mean"], NORM["std"]
    else:
        train_x = splits[0][0]
        mean = [round(float(v), 6) for v in train_x.mean(dim=dims)]
        std = [round(float(v), 6) for v in train_x.std(dim=dims).clamp_min(1e-6)]
    shape = (1, -1, 1, 1) if image else (1, -1)
    m, s = torch.tensor(mean).view(shape), torch.tensor(std).view(shape)
    return [((sx - m) / s, sy) for sx, sy in splits]


# ----- optimisation -----
def make_optimizer(params):
    o = dict(TRAINING["optimizer"])
    kind = o.pop("type")
    if "betas" in o:
        o["betas"] = tuple(o["betas"])
    cls = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "adadelta": torch.optim.Adadelta,
           "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind]
    params = list(params)
    if kind in ("sgd", "adam", "adamw"):
        try:
            return cls(params, weight_decay=TRAINING["weight_decay"], fused=True, **o)   # L2 as weight decay
        except (RuntimeError, ValueError, TypeError):
            pass
    return cls(params, weight_decay=TRAINING["weight_decay"], **o)


def make_scheduler(opt, steps_per_epoch):
    s, sched = TRAINING["schedule"], torch.optim.lr_scheduler
    if s["type"] == "step":
        return sched.StepLR(opt, step_size=s["step_size"], gamma=s["gamma"])
    if s["type"] == "cosine":
        return sched.CosineAnnealingLR(opt, T_max=TRAINING["epochs"], eta_min=s["min_lr"])
    if s["type"] == "one_cycle":
        return sched.OneCycleLR(opt, max_lr=s.get("max_lr") or TRAINING["optimizer"]["lr"],
                                total_steps=TRAINING["epochs"] * steps_per_epoch, pct_start=s["pct_start"])
    if s["type"] == "plateau":
        return sched.ReduceLROnPlateau(opt, factor=s["factor"], patience=s["patience"], min_lr=s["min_lr"])
    return None


def loss_fn(out, y):
    if TASK["type"] == "regress":
        kind = TASK["loss"] or "mse"
        fn = {"mse": F.mse_loss, "l1": F.l1_loss, "smooth_l1": F.smooth_l1_loss}[kind]
        return fn(out.float().reshape(y.shape), y)
    if TASK["loss"] == "bce":
        return F.binary_cross_entropy_with_logits(out.reshape(-1), y.float())
    return F.cross_entropy(out, y, label_smoothing=TASK["label_smoothing"])


@torch.no_grad()
def evaluate(model, x, y):
    """Mean loss and accuracy (classify) or mean absolute error (regress) on a split."""
    model.eval()
    loss = score = 0.0
    for i in range(0, len(x), 512):
        xb, yb = x[i:i + 512], y[i:i + 512]
        out = model(xb).float()
        loss += float(loss_fn(out, yb)) * len(yb)
        if TASK["type"] == "regress":
            score += float((out.reshape(yb.shape) - yb).abs().sum())
        else:
            pred = (out.reshape(-1) > 0).long() if TASK["loss"] == "bce" else out.argmax(1)
            score += float((pred == yb).sum())
    model.train()
    return loss / max(len(x), 1), score / max(len(x), 1)


def main():
    rank, world = int(os.environ.get("RANK", 0)), int(os.environ.get("WORLD_SIZE", 1))
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    use_cuda = torch.cuda.is_available() and TRAINING["device"] != "cpu"
    device = torch.device("cuda", local_rank) if use_cuda else torch.device("cpu")
    if TRAINING["threads"]:
        torch.set_num_threads(TRAINING["threads"])
    if world > 1:
        import torch.distributed as dist

        if TRAINING["batch_size"] % world:
            raise SystemExit(f"batch size {TRAINING['batch_size']} cannot be split evenly over {world} processes")
        if use_cuda:
            torch.cuda.set_device(device)
        dist.init_process_group("nccl" if use_cuda else "gloo")
    torch.manual_seed(TRAINING["seed"])
    x, y, test, classes = load_raw()
    image = x.dim() == 4
    (train_x, train_y), (val_x, val_y), (test_x, test_y) = [
        (sx.to(device), sy.to(device)) for sx, sy in prepare(split_data(x, y, test), image)]
    model = MODEL_CLASS().to(device)
    opt = make_optimizer(model.parameters())
    net = model
    if world > 1:
        net = nn.parallel.DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None)
        if rank:   # other dropout draws on the other processes; rank 0 keeps the one-process stream
            torch.manual_seed(TRAINING["seed"] * 1000003 + rank)
    shard = math.ceil(len(train_x) / world)
    batch = min(TRAINING["batch_size"] // world, shard)
    steps_per_epoch = shard // batch + (1 if shard % batch > 1 else 0)   # a last batch of one is dropped (BatchNorm)
    scheduler = make_scheduler(opt, steps_per_epoch)
    step = 0
    for epoch in range(TRAINING["epochs"]):
        # the same order on every process: seeded by the epoch; each process takes every world-th sample
        perm = torch.randperm(len(train_x), generator=torch.Generator().manual_seed(TRAINING["seed"] * 100003 + epoch))
        if world > 1:
            perm = torch.cat([perm, perm[:shard * world - len(perm)]])[rank::world]
        perm = perm.to(device)
        xs, ys = train_x[perm], train_y[perm]
        total = 0.0
        for b in range(steps_per_epoch):
            xb, yb = xs[b * batch:(b + 1) * batch], ys[b * batch:(b + 1) * batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(xb), yb)
            objective = loss
            if TRAINING["l1"]:
                objective = loss + TRAINING["l1"] * sum(p.abs().sum() for p in model.parameters() if p.dim() > 1)
            objective.backward()
            if TRAINING["grad_clip"]:
                nn.utils.clip_grad_norm_(model.parameters(), TRAINING["grad_clip"])
            opt.step()
            if isinstance(scheduler, torch.optim.lr_scheduler.OneCycleLR) and scheduler.last_epoch < scheduler.total_steps - 1:
                scheduler.step()
            total += float(loss.detach())
            step += 1
            if TRAINING["max_steps"] and step >= TRAINING["max_steps"]:
                break
        val_loss, val_score = evaluate(model, val_x, val_y)
        if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            scheduler.step(val_loss)
        elif scheduler is not None and not isinstance(scheduler, torch.optim.lr_scheduler.OneCycleLR):
            scheduler.step()
        if rank == 0:
            what = "val_mae" if TASK["type"] == "regress" else "val_acc"
            print(f"epoch {epoch + 1}/{TRAINING['epochs']}  train_loss {total / max(b + 1, 1):.4f}  "
                  f"val_loss {val_loss:.4f}  {what} {val_score:.4f}", flush=True)
        if TRAINING["max_steps"] and step >= TRAINING["max_steps"]:
            break
    if rank == 0:
        if len(test_x):
            test_loss, test_score = evaluate(model, test_x, test_y)
            what = "test_mae" if TASK["type"] == "regress" else "test_acc"
            print(f"test_loss {test_loss:.4f}  {what} {test_score:.4f}", flush=True)
        out = Path(os.environ.get("WEIGHTS_OUT", Path(__file__).with_suffix(".weights.pt")))
        torch.save(model.state_dict(), out)   # load with torch.load(out, weights_only=True)
        print(f"weights: {out}")
    if world > 1:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
'''


def _model_code(project, graph_name: str) -> tuple[str, str]:
    """(the model module's code without its docstring and demo, its class name)."""
    from .python_code import generate_python

    code = generate_python(project, graph_name)
    code = code.split('\n\nif __name__ == "__main__":')[0]
    if code.startswith('"""'):
        code = code[code.index('"""', 3) + 3:]
    name = re.findall(r"^class (\w+)\(nn\.Module\):", code, re.M)[-1]  # the model's; block classes come first
    body = "\n".join(line for line in code.strip("\n").splitlines()
                     if line not in ("import torch", "from torch import nn", "import math"))
    return body.strip("\n"), name


def generate_train_script(project, settings: dict, graph_name: str = "model") -> str:
    """The source of ``train.py`` for ``project``.

    ``settings``: ``netstudio.training.script_settings.train_script_settings(project)``.

    Raises
    ------
    ProjectError
        for a task or dataset the script does not cover (one sentence naming it).
    GraphError
        when the graph is not valid.
    """
    task, data = settings["task"], settings["data"]
    if task["type"] not in TASKS:
        raise ProjectError(f"the training script covers classify and regress tasks, not {task['type']}: train "
                           "this project with netstudio train", field="task.type")
    if data["dataset"] not in DATASETS:
        raise ProjectError(f"the training script loads {', '.join(DATASETS)}, not {data['dataset']}: train this "
                           "project with netstudio train", field="data.dataset")
    from netstudio.layers import require_spec

    graph_name = task["graph"] if graph_name == "model" else graph_name
    graph = project.graph(graph_name)
    model, class_name = _model_code(project, graph_name)
    shape = next(require_spec("Input").resolved(n.params)["shape"] for n in graph if n.type == "Input")
    notes = []
    if data.get("augment"):
        notes.append("data.augment is not part of this script: it trains without augmentation.")
    if settings["training"].get("early_stopping"):
        notes.append("training.early_stopping is not part of this script: it trains every epoch.")
    header = [f'"""{project.name}: a standalone training script exported by NetStudio {__version__}.', "",
              "Run it with  python train.py  or, on N processes (DDP; the global batch stays the same),",
              "             torchrun --nproc-per-node N train.py", "Needs torch (and torchvision for MNIST, "
              "Fashion-MNIST, CIFAR-10 and image folders).", *notes, '"""', "",
              "import csv", "import gzip", "import math", "import os", "import struct", "from pathlib import Path",
              "", "import torch", "import torch.nn.functional as F", "from torch import nn", "", "", ""]
    literal = lambda value: pprint.pformat(value, width=110, sort_dicts=False)  # noqa: E731
    settings_code = ["# ----- the project's settings (task, data and training sections, defaults filled in) -----",
                     f"TASK = {literal({k: task[k] for k in ('type', 'loss', 'label_smoothing')})}",
                     f"DATA = {literal({k: data[k] for k in ('dataset', 'options', 'split', 'normalize')})}", f"TRAINING = {literal(settings['training'])}",
                     f"NORM = {literal(settings['norm'])}", f"INPUT_SHAPE = {tuple(shape)!r}",
                     f"MODEL_CLASS = {class_name}"]
    return "\n".join(header) + model + "\n\n\n" + "\n".join(settings_code) + "\n\n" + _RUNTIME


def export_train_script(project, path, settings: dict, graph_name: str = "model"):
    """Write ``generate_train_script`` to ``path`` (atomically); returns the path."""
    from pathlib import Path

    from netstudio.core.fileio import atomic_write_text

    atomic_write_text(path, generate_train_script(project, settings, graph_name))
    return Path(path)


__all__ = ["export_train_script", "generate_train_script"]
