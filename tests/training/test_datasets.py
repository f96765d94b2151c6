"""Every dataset id loads offline (downloads mocked with local files) and bad data gives a clear message."""

from __future__ import annotations

import urllib.error

import numpy as np
import pytest
import torch

from netstudio.core.errors import ProjectError
from netstudio.training.config import parse_data, parse_task
from netstudio.training.datasets import LOADERS, DatasetError, load_dataset, preview_samples
from netstudio.training.datasets import text as text_data

from .conftest import fake_cifar_root, fake_mnist_root, mnist_mlp, points_mlp


def load(dataset, task="classify", shape=None, **data):
    t = parse_task({"type": "sequence", "mode": "next_char"} if task == "next_char" else {"type": task})
    return load_dataset(parse_data({"dataset": dataset, **data}), t, input_shape=shape)


def test_mnist10k_is_the_real_test_set_split_8000_1000_1000():
    b = load("mnist10k", shape=(1, 28, 28))
    assert (len(b.train), len(b.val), len(b.test)) == (8000, 1000, 1000)
    assert b.train.x.shape[1:] == (1, 28, 28) and b.train.x.dtype == torch.float32
    assert b.class_names == [str(d) for d in range(10)]
    # normalised with MNIST's mean/std: back in [0, 1] the background is black and strokes are white
    raw = b.denormalize(b.train.x[:100])
    assert raw.min() == 0 and raw.max() == pytest.approx(1.0)
    counts = torch.bincount(b.train.y, minlength=10)
    assert counts.min() > 600  # every digit is well represented in the training split
    # fixed split seed: the same test digits every time, whatever the training seed
    again = load("mnist10k", shape=(1, 28, 28))
    assert torch.equal(b.test.y, again.test.y)


@pytest.mark.parametrize("name,classes", [("spirals", 2), ("moons", 2), ("circles", 2), ("blobs", 3)])
def test_point_datasets(name, classes):
    b = load(name, shape=(2,), options={"samples": 400})
    assert b.kind == "points" and b.train.x.shape[1:] == (2,)
    assert len(b.train) + len(b.val) + len(b.test) == 400
    assert sorted(torch.unique(b.train.y).tolist()) == list(range(classes))
    assert b.train.x.abs().max() < 3


def test_spirals_classes_option_and_bad_option():
    b = load("spirals", shape=(2,), options={"samples": 300, "classes": 3})
    assert b.num_classes == 3
    with pytest.raises(DatasetError, match="data.options.classes"):
        load("spirals", shape=(2,), options={"classes": 0})
    with pytest.raises(DatasetError, match="data.options.colour is not an option of the moons dataset"):
        load("moons", shape=(2,), options={"colour": 1})


def test_shapes_draws_three_distinct_classes():
    b = load("shapes", shape=(1, 28, 28), options={"samples": 300, "noise": 0.0})
    assert b.class_names == ["circle", "square", "triangle"]
    img = b.denormalize(b.train.x)
    # with no noise every image is a filled shape on black: some pixels white, most black
    area = (img > 0.5).float().mean((1, 2, 3))
    assert (area > 0.02).all() and (area < 0.6).all()
    # squares fill more of their bounding box than triangles
    sq = area[b.train.y == 1].mean()
    tri = area[b.train.y == 2].mean()
    assert sq > tri


def test_sine_targets_are_the_next_value():
    b = load("sine", task="regress", shape=(30, 1), options={"samples": 100, "noise": 0.0})
    assert b.train.x.shape[1:] == (30, 1) and b.train.y.shape[1:] == (1,)
    # with no noise the target continues the wave: close to the last value
    assert (b.train.y[:, 0] - b.train.x[:, -1, 0]).abs().max() < 0.3


def test_text_vocabulary_is_96_symbols():
    assert len(text_data.VOCAB) == 96
    ids = text_data.encode("Hi\n\u2019\u00e9")
    assert text_data.decode(ids) == "Hi\n'?"
    b = load("text", task="next_char", shape=(64,))
    assert b.num_classes == 96 and b.train.x.shape[1:] == (64,)
    assert torch.equal(b.train.x[0, 1:], b.train.y[0, :-1])  # the target is the input shifted by one
    assert "Shall I compare thee" in text_data.decode(torch.cat([b.train.x[:, 0], b.train.x[-1]]).tolist()) or \
        "Shall I compare thee" in text_data.CORPUS.read_text()


def test_text_order_pairs_real_and_shuffled_windows():
    b = load("text_order", shape=(32,))
    assert b.class_names == ["shuffled", "real"]
    x, y = b.train.x, b.train.y
    assert abs(float(y.float().mean()) - 0.5) < 0.05
    real = x[y == 1][0]
    assert " " in text_data.decode(real)
    # a shuffled window holds the same characters as some real one
    shuffled = x[y == 0]
    assert any(torch.equal(torch.sort(real).values, torch.sort(s).values) for s in shuffled)


def test_verse_or_prose_is_balanced_and_has_no_line_breaks():
    b = load("verse_or_prose", shape=(32,))
    assert b.class_names == ["prose", "verse"]
    for split in (b.train, b.val, b.test):
        assert abs(float(split.y.float().mean()) - 0.5) < 0.1    # both classes in every split
    windows = [text_data.decode(row) for row in b.train.x[:200]]
    assert not any("\n" in w for w in windows)
    verse = " ".join(w for w, label in zip(windows, b.train.y[:200].tolist()) if label == 1)
    assert "thy" in verse or "thee" in verse


def test_csv_classify_and_regress(tmp_path):
    path = tmp_path / "iris.csv"
    rows = ["a,b,kind,value"] + [f"{i % 7},{i % 3 * 2.5},{'cat' if i % 2 else 'dog'},{i * 0.5}" for i in range(40)]
    path.write_text("\n".join(rows))
    b = load("csv", shape=(2,), options={"path": str(path), "target": "kind", "features": ["a", "b"]})
    assert b.class_names == ["cat", "dog"] and b.train.x.shape[1:] == (2,)
    assert abs(float(b.train.x.mean())) < 0.3  # standardised on the training split
    r = load("csv", task="regress", shape=(3,), options={"path": str(path), "target": "value", "features": ["a", "b"]})
    assert r.train.y.dtype == torch.float32 and r.train.y.shape[1:] == (1,)
    path.write_text("a,b,label\n1,2,u\n3,x,v\n4,5,u\n6,7,v\n")
    with pytest.raises(DatasetError, match="line 3, column 'b': 'x' is not a number"):
        load("csv", shape=(1,), options={"path": str(path)})


def test_image_folder_and_corrupt_image(tmp_path):
    from PIL import Image

    for c, value in (("dark", 30), ("light", 220)):
        (tmp_path / c).mkdir()
        for i in range(6):
            Image.fromarray(np.full((10, 12), value + i, np.uint8)).save(tmp_path / c / f"{i}.png")
    b = load("image_folder", shape=(1, 8, 8), options={"path": str(tmp_path)}, split={"train": 0.5, "val": 0.25,
                                                                                        "test": 0.25})
    assert b.class_names == ["dark", "light"] and b.train.x.shape[1:] == (1, 8, 8)
    assert len(b.train) + len(b.val) + len(b.test) == 12
    (tmp_path / "light" / "broken.png").write_bytes(b"not a png at all")
    with pytest.raises(DatasetError, match="broken.png is not a readable image"):
        load("image_folder", shape=(1, 8, 8), options={"path": str(tmp_path)})


def test_mnist_and_fashion_from_local_files_without_download(tmp_path):
    fake_mnist_root(tmp_path, "MNIST")
    fake_mnist_root(tmp_path, "FashionMNIST")
    for name in ("mnist", "fashion_mnist"):
        b = load(name, shape=(1, 28, 28), options={"root": str(tmp_path), "download": False})
        assert len(b.test) == 20 and len(b.train) + len(b.val) == 60  # official test split kept whole
        assert b.num_classes == 10
    assert load("fashion_mnist", shape=(1, 28, 28),
                options={"root": str(tmp_path), "download": False}).class_names[0] == "T-shirt/top"


def test_mnist_offline_message_says_where_to_put_files(tmp_path, monkeypatch):
    from torchvision.datasets import mnist

    def no_network(*args, **kwargs):
        raise urllib.error.URLError("no internet")

    monkeypatch.setattr(mnist, "download_and_extract_archive", no_network)
    with pytest.raises(DatasetError) as info:
        load("mnist", shape=(1, 28, 28), options={"root": str(tmp_path)})
    msg = str(info.value)
    assert str(tmp_path / "MNIST" / "raw") in msg and "train-images-idx3-ubyte.gz" in msg and "mnist10k" in msg


def test_cifar10_binary_release_and_missing(tmp_path):
    fake_cifar_root(tmp_path)
    b = load("cifar10", shape=(3, 32, 32), options={"root": str(tmp_path), "download": False})
    assert b.train.x.shape[1:] == (3, 32, 32) and len(b.test) == 12 and b.class_names[0] == "airplane"
    with pytest.raises(DatasetError, match="CIFAR-10 is not in .* downloading is off"):
        load("cifar10", shape=(3, 32, 32), options={"root": str(tmp_path / "nothing"), "download": False})
    (tmp_path / "cifar-10-batches-bin" / "test_batch.bin").write_bytes(b"\x00" * 100)
    with pytest.raises(DatasetError, match="test_batch.bin is damaged"):
        load("cifar10", shape=(3, 32, 32), options={"root": str(tmp_path), "download": False})


def test_corrupt_mnist10k_files(tmp_path):
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(b"garbage")
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(b"garbage")
    with pytest.raises(DatasetError, match="t10k-images-idx3-ubyte.gz is damaged"):
        load("mnist10k", options={"folder": str(tmp_path)})


def test_every_dataset_id_is_covered():
    covered = {"mnist", "fashion_mnist", "cifar10", "mnist10k", "image_folder", "csv", "spirals", "moons", "circles",
               "blobs", "shapes", "sine", "text", "text_order", "verse_or_prose"}
    assert set(LOADERS) == covered


def test_unknown_dataset_and_bad_sections():
    with pytest.raises(DatasetError, match="'imagenet' is not a dataset NetStudio knows"):
        load("imagenet")
    with pytest.raises(ProjectError, match="data.dataset is missing"):
        parse_data({})
    with pytest.raises(ProjectError, match="fractions must add up to 1"):
        parse_data({"dataset": "mnist10k", "split": {"train": 0.9, "val": 0.2, "test": 0.1}})
    with pytest.raises(ProjectError, match="data.augment.rotation"):
        from netstudio.training.augment import build_augment

        build_augment({"rotation": "lots"}, (1, 28, 28))


def test_augment_changes_each_image_differently():
    from netstudio.training.augment import build_augment

    aug = build_augment({"random_crop": {"padding": 4}, "rotation": 15}, (1, 28, 28), [0.1307], [0.3081])
    b = load("mnist10k", shape=(1, 28, 28))
    x = b.train.x[:8]
    out = aug(torch.stack([x[0]] * 8))
    assert out.shape == (8, 1, 28, 28)
    # the same image comes out differently for different batch members (per-sample random draws)
    assert len({round(float(o.sum()), 3) for o in out}) > 1
    # background stays background: padding/rotation fill with black, i.e. the normalised zero
    assert float(out.min()) == pytest.approx((0 - 0.1307) / 0.3081, abs=1e-4)


def test_preview_samples_for_images_and_points():
    prev = preview_samples(mnist_mlp(), count=6)
    assert prev["kind"] == "image" and prev["x"].shape == (6, 1, 28, 28)
    assert prev["x"].min() >= 0 and prev["x"].max() <= 1 and len(prev["labels"]) == 6
    assert all(label in prev["class_names"] for label in prev["labels"])
    pts = preview_samples(points_mlp("moons", 2))
    assert pts["x"].shape[1] == 2 and set(pts["labels"]) == {"upper moon", "lower moon"}
