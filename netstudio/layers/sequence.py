"""Sequence layers: embeddings, recurrent layers, attention and transformer blocks."""

from __future__ import annotations

from .common import chain, need_rank, rnn_fix
from .shape_format import shape_text
from .spec import BOOL, CHOICE, FLOAT, INT, LayerSpec, Param, Port, Problem

CATEGORY = "Sequence & attention"
RECURRENT_OUTPUTS = (Port("sequence"), Port("last"))
# NetStudio's shapes are (batch, time, features) everywhere, so batch_first is always on.
BATCH_FIRST = {"batch_first": True}


def _embedding_check(params, shapes, dtypes):
    if dtypes[0] != "int64":
        return [Problem("Embedding expects token ids (whole numbers) but receives float32 values: set the Input's "
                        "dtype to int64")]
    return []


def _recurrent(name: str, extra: tuple[Param, ...] = ()):
    params = (
        Param("input_size", INT, inferred=True, min=1),
        Param("hidden_size", INT, required=True, min=1, initial=64),
        Param("num_layers", INT, 1, min=1, max=16),
    ) + extra + (
        Param("bias", BOOL, True, advanced=True),
        Param("dropout", FLOAT, 0.0, min=0, max=1),
        Param("bidirectional", BOOL, False),
    )

    def forward(module, inputs, p):
        import torch
        out = module(inputs[0])                  # (B, T, H*dirs), h_n
        h_n = out[1][0] if name == "LSTM" else out[1]   # (layers*dirs, B, H)
        last = torch.cat([h_n[-2], h_n[-1]], dim=-1) if p["bidirectional"] else h_n[-1]
        return [out[0], last]

    return LayerSpec(name, CATEGORY, torch_class=name, params=params, outputs=RECURRENT_OUTPUTS,
                     infer=lambda p, s: {"input_size": s[0][-1]}, forward=forward, fixed_kwargs=BATCH_FIRST,
                     check=need_rank(name, (2,), "a sequence (time steps, features)", rnn_fix),
                     label=lambda p: f"{p['hidden_size']}" + (" x2" if p["bidirectional"] else "")
                     + (f" {p['num_layers']} layers" if p["num_layers"] > 1 else ""),
                     keywords=("recurrent", "rnn", "sequence", "time series"))


def _attention_check(params, shapes, dtypes):
    for port, shape in zip(("query", "key", "value"), shapes):
        if len(shape) != 2:
            return [Problem(f"MultiheadAttention {port} expects a sequence (length, features) but receives "
                            f"{shape_text(shape)}: add a Reshape or an Embedding before it")]
    embed = shapes[0][-1]
    if embed % params["num_heads"]:
        return [Problem(f"MultiheadAttention embed_dim {embed} is not divisible by num_heads {params['num_heads']}: "
                        f"choose num_heads that divides {embed}")]
    if len(shapes) == 3 and shapes[1][0] != shapes[2][0]:
        return [Problem(f"MultiheadAttention key and value must have the same length but have {shapes[1][0]} and "
                        f"{shapes[2][0]}")]
    return []


def _attention_infer(params, shapes):
    kw = {"embed_dim": shapes[0][-1]}
    key = shapes[1] if len(shapes) > 1 else shapes[0]
    value = shapes[2] if len(shapes) > 2 else key
    if key[-1] != kw["embed_dim"] or value[-1] != kw["embed_dim"]:
        kw.update(kdim=key[-1], vdim=value[-1])
    return kw


def _attention_forward(module, inputs, p):
    q = inputs[0]
    k = inputs[1] if len(inputs) > 1 and inputs[1] is not None else q
    v = inputs[2] if len(inputs) > 2 and inputs[2] is not None else k
    return [module(q, k, v, need_weights=False)[0]]


def _transformer_check(params, shapes, dtypes):
    d = shapes[0][-1]
    if d % params["nhead"]:
        return [Problem(f"TransformerEncoderLayer d_model {d} is not divisible by nhead {params['nhead']}: "
                        f"choose nhead that divides {d}")]
    return []


def _posenc_check(params, shapes, dtypes):
    if shapes[0][0] > params["max_len"]:
        return [Problem(f"PositionalEncoding max_len {params['max_len']} is shorter than the sequence "
                        f"({shapes[0][0]} steps): raise max_len")]
    if shapes[0][-1] % 2:
        return [Problem(f"PositionalEncoding needs an even number of features, not {shapes[0][-1]}")]
    return []


SPECS = [
    LayerSpec("Embedding", CATEGORY, torch_class="Embedding", params=(
        Param("num_embeddings", INT, required=True, min=1, initial=128),
        Param("embedding_dim", INT, required=True, min=1, initial=32),
        Param("padding_idx", INT, None, optional=True, advanced=True)),
        check=_embedding_check, label=lambda p: f"{p['num_embeddings']}->{p['embedding_dim']}",
        keywords=("token", "word", "lookup", "vocabulary")),
    _recurrent("RNN", (Param("nonlinearity", CHOICE, "tanh", choices=("tanh", "relu")),)),
    _recurrent("LSTM"),
    _recurrent("GRU"),
    LayerSpec("MultiheadAttention", CATEGORY, torch_class="MultiheadAttention", params=(
        Param("embed_dim", INT, inferred=True, min=1),
        Param("num_heads", INT, required=True, min=1, initial=4),
        Param("dropout", FLOAT, 0.0, min=0, max=1),
        Param("bias", BOOL, True, advanced=True)),
        inputs=(Port("query"), Port("key", optional=True), Port("value", optional=True)),
        infer=_attention_infer, check=_attention_check, fixed_kwargs=BATCH_FIRST, forward=_attention_forward,
        label=lambda p: f"{p['num_heads']} heads", keywords=("attention", "self-attention", "transformer", "mha")),
    LayerSpec("TransformerEncoderLayer", CATEGORY, torch_class="TransformerEncoderLayer", params=(
        Param("d_model", INT, inferred=True, min=1),
        Param("nhead", INT, required=True, min=1, initial=4),
        Param("dim_feedforward", INT, 2048, min=1, initial=128),
        Param("dropout", FLOAT, 0.1, min=0, max=1),
        Param("activation", CHOICE, "relu", choices=("relu", "gelu")),
        Param("layer_norm_eps", FLOAT, 1e-5, min=0, advanced=True),
        Param("norm_first", BOOL, False, advanced=True)),
        infer=lambda p, s: {"d_model": s[0][-1]},
        check=chain(need_rank("TransformerEncoderLayer", (2,), "a sequence (length, features)", rnn_fix),
                    _transformer_check),
        fixed_kwargs=BATCH_FIRST, label=lambda p: f"{p['nhead']} heads ff {p['dim_feedforward']}",
        keywords=("transformer", "encoder", "attention", "bert")),
    LayerSpec("PositionalEncoding", CATEGORY, torch_class="PositionalEncoding", custom_class=True, params=(
        Param("d_model", INT, inferred=True, min=1),
        Param("max_len", INT, 5000, min=1),
        Param("dropout", FLOAT, 0.1, min=0, max=1)),
        infer=lambda p, s: {"d_model": s[0][-1]},
        check=chain(need_rank("PositionalEncoding", (2,), "a sequence (length, features)", rnn_fix), _posenc_check),
        keywords=("position", "sinusoidal", "transformer")),
]
