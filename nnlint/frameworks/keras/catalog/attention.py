"""Attention (keras/src/layers/attention): Attention, AdditiveAttention,
MultiHeadAttention and GroupQueryAttention, called on a list of tensors.
"""

from __future__ import annotations

from nnlint.catalog.spec import holds, last_dim, prod
from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import REG_TAIL, input_shapes, layer, positive_ints


def _attention_weights(a, x):
    w = {}
    if a.use_scale:
        w["scale"] = 1
    if a.score_mode == "concat":
        w["concat_score_weight"] = 1
    return w


def _additive_attention_weights(a, x):
    query = input_shapes(x, 2, 3)[0]
    return {"scale": last_dim(query, "query feature size")} if a.use_scale else {}


def _attention_out(a, x):
    query, value = input_shapes(x, 2, 3)[:2]
    return tuple(query[:-1]) + (value[-1],)


def _mha_refuses(a):
    why = positive_ints(num_heads=True, key_dim=True)(a)
    if why is None and a.value_dim is not None:
        why = positive_ints(value_dim=True)(a)
    return why


def _gqa_refuses(a):
    q, kv = a.num_query_heads, a.num_key_value_heads
    if holds(kv == 0) or holds(q % kv != 0):
        return f"num_query_heads {q} is not divisible by num_key_value_heads {kv}"
    return None


def _mha_weights(a, x):
    shapes = input_shapes(x, 2, 3)
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) == 3 else value
    heads, key_dim = a.num_heads, a.key_dim
    value_dim = key_dim if S.is_none(a.value_dim) or not a.value_dim else a.value_dim
    out_dims = _mha_output_shape(a)
    if out_dims is None:
        out_dims = (last_dim(query, "query feature size"),)
    bias = a.use_bias
    w = {"query_kernel": last_dim(query) * heads * key_dim,
         "key_kernel": last_dim(key) * heads * key_dim,
         "value_kernel": last_dim(value) * heads * value_dim,
         "attention_output_kernel": heads * value_dim * prod(out_dims)}
    if a.use_gate:
        w["gate_kernel"] = last_dim(query) * heads * value_dim
    if bias:
        w.update(query_bias=heads * key_dim, key_bias=heads * key_dim,
                 value_bias=heads * value_dim, attention_output_bias=prod(out_dims))
        if a.use_gate:
            w["gate_bias"] = heads * value_dim
    return w


def _mha_output_shape(a):
    """The `output_shape` argument as a tuple, or None for the query's last dim."""
    shape = a.output_shape
    if S.is_none(shape) or not shape:
        return None
    return (shape,) if isinstance(shape, int) else tuple(shape)


def _mha_out(a, x):
    query = input_shapes(x, 2, 3)[0]
    out_dims = _mha_output_shape(a)
    return tuple(query) if out_dims is None else tuple(query[:-1]) + out_dims


def _gqa_weights(a, x):
    shapes = input_shapes(x, 2, 3)
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) == 3 else value
    hd, hq, hkv = a.head_dim, a.num_query_heads, a.num_key_value_heads
    features = last_dim(query, "query feature size")
    w = {"query_kernel": features * hq * hd,
         "key_kernel": last_dim(key) * hkv * hd,
         "value_kernel": last_dim(value) * hkv * hd,
         "attention_output_kernel": hq * hd * features}
    if a.use_gate:
        w["gate_kernel"] = features * hq * hd
    if a.use_bias:
        w.update(query_bias=hq * hd, key_bias=hkv * hd, value_bias=hkv * hd,
                 attention_output_bias=features)
        if a.use_gate:
            w["gate_bias"] = hq * hd
    return w


_ATTENTION_INIT = ("kernel_initializer='glorot_uniform', bias_initializer='zeros', "
                   "kernel_regularizer=None, bias_regularizer=None, " + REG_TAIL)

LAYERS = {
    "Attention": layer(
       "use_scale=False, score_mode='dot', dropout=0.0, seed=None, **kwargs",
       _attention_weights, _attention_out, several=True,
       examples=("layers.Attention()  # input: [(None, 5, 16), (None, 7, 16)]  params: 0"
                 "  output: (None, 5, 16)",
                 "layers.Attention(use_scale=True)"
                 "  # input: [(None, 5, 16), (None, 7, 8), (None, 7, 16)]  params: 1"
                 "  output: (None, 5, 8)",
                 "layers.Attention(use_scale=True, score_mode='concat')"
                 "  # input: [(None, 5, 16), (None, 7, 16)]  params: 2  output: (None, 5, 16)")),
    "AdditiveAttention": layer(
       "use_scale=True, dropout=0.0, **kwargs",
       _additive_attention_weights, _attention_out, several=True,
       examples=("layers.AdditiveAttention()  # input: [(None, 5, 16), (None, 7, 16)]  params: 16"
                 "  output: (None, 5, 16)",
                 "layers.AdditiveAttention(use_scale=False)"
                 "  # input: [(None, 5, 16), (None, 7, 16)]  params: 0  output: (None, 5, 16)")),
    "MultiHeadAttention": layer(
       "num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None, "
       "attention_axes=None, sliding_window=None, flash_attention=None, " + _ATTENTION_INIT
       + ", use_gate=False, seed=None, **kwargs",
       _mha_weights, _mha_out, several=True, refuses=_mha_refuses, refused=(
           "layers.MultiHeadAttention(0, 4)  # refused: num_heads 0 is not a positive integer",
           "layers.MultiHeadAttention(2, 0)  # refused: key_dim 0",
           "layers.MultiHeadAttention(2, 4, value_dim=0)  # refused: value_dim 0"),
       examples=(
           "layers.MultiHeadAttention(num_heads=8, key_dim=64)"
           "  # input: [(None, 10, 512), (None, 10, 512)]  params: 1050624"
           "  output: (None, 10, 512)",
           "layers.MultiHeadAttention(2, 4)  # input: [(None, 5, 3), (None, 6, 7)]  params: 187"
           "  output: (None, 5, 3)",
           "layers.MultiHeadAttention(4, 8, value_dim=6, use_bias=False, output_shape=10)"
           "  # input: [(None, 5, 12), (None, 6, 7), (None, 6, 9)]  params: 1080"
           "  output: (None, 5, 10)",
           "layers.MultiHeadAttention(2, 4, output_shape=(3, 5))"
           "  # input: [(None, 5, 12), (None, 6, 12)]  params: 447  output: (None, 5, 3, 5)",
           "layers.MultiHeadAttention(2, 4, use_gate=True)"
           "  # input: [(None, 5, 12), (None, 6, 12)]  params: 524  output: (None, 5, 12)",
           "layers.MultiHeadAttention(2, 4, attention_axes=(1, 2))"
           "  # input: [(None, 3, 5, 12), (None, 3, 5, 12)]  params: 420"
           "  output: (None, 3, 5, 12)",
       )),
    "GroupQueryAttention": layer(
       "head_dim, num_query_heads, num_key_value_heads, dropout=0.0, use_bias=True, "
       "sliding_window=None, flash_attention=None, " + _ATTENTION_INIT
       + ", use_gate=False, seed=None, **kwargs",
       _gqa_weights, lambda a, x: tuple(input_shapes(x, 2, 3)[0]), several=True,
       refuses=_gqa_refuses, refused=(
           "layers.GroupQueryAttention(16, 8, 3)"
           "  # refused: num_query_heads 8 is not divisible by num_key_value_heads 3",),
       examples=("layers.GroupQueryAttention(16, 8, 2)  # input: [(None, 10, 64), (None, 12, 64)]"
                 "  params: 20736  output: (None, 10, 64)",
                 "layers.GroupQueryAttention(8, 4, 2, use_bias=False, use_gate=True)"
                 "  # input: [(None, 10, 32), (None, 12, 32), (None, 12, 16)]  params: 3840"
                 "  output: (None, 10, 32)")),
}
