"""``text`` (next-character windows) and ``text_order`` (real vs shuffled windows) over a character corpus.

The vocabulary is fixed at 96 symbols: newline plus printable ASCII 32..126, so that a model's
Embedding and output layer can be sized once (the samples use 96). Typographic quotes and dashes
become their ASCII forms; any other character becomes ``?``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from .base import Context, DatasetError, Raw
from .options import check_known, opt_int, opt_str

CORPUS = Path(__file__).resolve().parents[2] / "data" / "text" / "sonnets.txt"
VOCAB = "\n" + "".join(chr(c) for c in range(32, 127))       # 96 symbols; id = VOCAB.index(char)
UNKNOWN = VOCAB.index("?")
_REPLACE = {"\t": " ", "\r": "", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-",
            "\u2013": "-", "\u00a0": " ", "\u2026": "..."}
_LOOKUP = np.full(128, UNKNOWN, dtype=np.int64)
for _i, _c in enumerate(VOCAB):
    _LOOKUP[ord(_c)] = _i


def encode(text: str) -> torch.Tensor:
    """Characters -> token ids (int64), unknown characters -> the id of ``?``."""
    for a, b in _REPLACE.items():
        text = text.replace(a, b)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    ids = np.where(codes < 128, _LOOKUP[np.minimum(codes, 127)], UNKNOWN)
    return torch.from_numpy(ids)


def decode(ids) -> str:
    return "".join(VOCAB[int(i)] for i in ids)


def read_corpus(options: dict, ctx: Context) -> torch.Tensor:
    path = ctx.path(opt_str(options, "path", str(CORPUS)), "path")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(f"text file {path} does not exist (data.options.path)") from None
    except UnicodeDecodeError:
        raise DatasetError(f"text file {path} is not UTF-8 text") from None
    except OSError as exc:
        raise DatasetError(f"text file {path} cannot be read ({exc.strerror or exc})") from None
    return encode(text)


def _length(options: dict, ctx: Context) -> int:
    default = ctx.input_shape[0] if ctx.input_shape and len(ctx.input_shape) == 1 else 64
    return opt_int(options, "length", default, lo=2, hi=100000)


def _windows(ids: torch.Tensor, length: int, stride: int, path_hint: str) -> torch.Tensor:
    if len(ids) < length + 2:
        raise DatasetError(f"the text {path_hint} has {len(ids)} characters, too few for windows of {length}: "
                           "use a longer text or a shorter Input")
    return ids.unfold(0, length + 1, stride)            # (N, length + 1), in text order


def load(options: dict, ctx: Context) -> Raw:
    """Windows of ``length`` characters; the target is the same window shifted by one character."""
    check_known(options, "text", ("path", "length", "stride"))
    ids = read_corpus(options, ctx)
    length = _length(options, ctx)
    stride = opt_int(options, "stride", max(1, length // 8), lo=1)
    win = _windows(ids, length, stride, options.get("path", "corpus"))
    return Raw(win[:, :-1].contiguous(), win[:, 1:].contiguous(), "text", vocab=VOCAB, ordered=True)


def load_order(options: dict, ctx: Context) -> Raw:
    """Sequence classification: is this window real text (1) or the same characters shuffled (0)?

    Both versions hold exactly the same characters, so a model can only tell them apart by their
    order (which pairs and words occur): a real, offline task for attention and recurrent models.
    """
    check_known(options, "text_order", ("path", "length", "stride", "seed"))
    ids = read_corpus(options, ctx)
    length = _length(options, ctx)
    stride = opt_int(options, "stride", max(1, length // 4), lo=1)
    real = _windows(ids, length, stride, options.get("path", "corpus"))[:, :-1]
    gen = torch.Generator().manual_seed(opt_int(options, "seed", 0, lo=0, hi=2**31))
    keys = torch.rand(real.shape, generator=gen)
    shuffled = torch.gather(real, 1, keys.argsort(dim=1))
    # interleave so that the ordered (contiguous) split keeps both versions of a window together
    x = torch.stack([real, shuffled], 1).reshape(-1, length)
    y = torch.tensor([1, 0], dtype=torch.int64).repeat(len(real))
    return Raw(x.contiguous(), y, "text", ["shuffled", "real"], vocab=VOCAB, ordered=True)


PROSE = CORPUS.with_name("prose.txt")


def _flat_windows(path, length: int, stride: int) -> torch.Tensor:
    """Windows of a text with every run of whitespace turned into one space (line breaks give no clue)."""
    text = " ".join(path.read_text(encoding="utf-8").split())
    return _windows(encode(text), length, stride, path.name)[:, :-1]


def load_style(options: dict, ctx: Context) -> Raw:
    """Sequence classification: is this window verse (the sonnets) or prose (shipped prose passages)?

    Line breaks are flattened to spaces, so the model must go by the words and their spelling
    ("thee", "doth", "'d", the rhythm of short clauses), not by a newline character. Windows
    alternate between the two texts in text order, so the contiguous validation and test splits
    hold the last passages of both.
    """
    check_known(options, "verse_or_prose", ("length", "stride"))
    length = _length(options, ctx)
    stride = opt_int(options, "stride", max(1, length // 4), lo=1)
    prose = _flat_windows(PROSE, length, stride)
    verse = _flat_windows(CORPUS, length, max(1, round(stride * CORPUS.stat().st_size / PROSE.stat().st_size)))
    n = min(len(prose), len(verse))
    x = torch.stack([prose[:n], verse[:n]], 1).reshape(-1, length)
    y = torch.tensor([0, 1], dtype=torch.int64).repeat(n)
    return Raw(x.contiguous(), y, "text", ["prose", "verse"], vocab=VOCAB, ordered=True)
