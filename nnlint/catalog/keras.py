"""keras.layers: signature, weights (created at build) and output shape of each.

Formulas follow the Keras 3 source of each layer's build() and
compute_output_shape(); every entry's examples are checked by
tests/test_catalog.py with numbers from the oracle (Keras 3, torch backend).

Conventions (see nnlint.catalog.spec):
- ``x`` is the input shape with the batch dimension; layers called on several
  tensors (merges, attention) get a list of shapes in call order.
- ``data_format=None`` is Keras' default image_data_format, channels_last.
- Recurrent layers with ``return_state=True`` give a list of shapes,
  ``[output, *states]``, as Keras' own compute_output_shape does.
- A weight that LoRA freezes is named ``frozen_kernel`` / ``frozen_embeddings``
  so that `non_trainable` can list it; quantized layers have unknown weights.
- Wrappers (Bidirectional, TimeDistributed, RNN, SpectralNormalization, ...) and
  InputLayer are handled by the runtime, not here.
- Even on the torch backend, Keras 3 needs TensorFlow for Hashing, HashedCrossing,
  StringLookup, IntegerLookup and TextVectorization, and scipy for STFTSpectrogram;
  their examples come from the same Keras release with those packages installed.
"""

from __future__ import annotations

import math
from functools import wraps

from nnlint.catalog import _keras_shapes as S
from nnlint.catalog.names import KERAS_LAYER_ALIASES
from nnlint.catalog.spec import LayerSpec, Refused, holds, is_int, known_value, last_dim, need, prod
from nnlint.values import Unknown, UnknownBranch

# -- building entries ------------------------------------------------------------------


def _fits(x, several):
    """Is x the kind of input the layer takes: one shape, or a list of shapes?"""
    return x is None or isinstance(x, list) == several


def _weights_guard(fn, several):
    """A formula that meets an Unknown flag or shape answers with an Unknown weight."""
    @wraps(fn)
    def weights(a, x):
        if not _fits(x, several):
            return {"unknown": Unknown("layer called on the wrong number of tensors")}
        try:
            return fn(a, x)
        except UnknownBranch as exc:
            return {"unknown": exc.unknown}
    return weights


def _shape_guard(fn, several=False):
    @wraps(fn)
    def out_shape(a, x):
        if not _fits(x, several):
            return None
        try:
            return fn(a, x)
        except UnknownBranch:
            return None
    return out_shape


def _layer(signature, weights=None, out=None, non_trainable=(), examples=(), several=False,
           refuses=None, refused=(), input_spec=None, kernel_last=None):
    """An entry; `several`: the layer is called on a list of tensors."""
    return LayerSpec(
        "keras",
        signature=signature,
        weights=None if weights is None else _weights_guard(weights, several),
        out_shape=None if out is None else _shape_guard(out, several),
        non_trainable=tuple(non_trainable),
        examples=tuple(examples),
        refuses=refuses,
        refused=tuple(refused),
        input_spec=input_spec,
        kernel_last=kernel_last,
    )


# InputSpecs of built layers (each verified with Keras 3: a later call on another size raises)
def _last_axis_spec(a, shape):
    return None, -1


def _channel_axis_spec(a, shape):
    return None, 1 if S.channels_first(a.data_format) else -1


def _axis_and_rank_spec(a, shape):
    return len(shape), a.axis


def _transpose_kernel_last(a, shape):
    """A transposed convolution's kernel is (..., filters, input channels)."""
    return shape[1] if S.channels_first(a.data_format) else shape[-1]


# -- arguments Keras refuses in a layer's __init__ -----------------------------------------

def _not_positive_int(value, bool_ok=False):
    """Keras' ``not isinstance(v, int) or v <= 0`` (Embedding also refuses bools)."""
    if not known_value(value):
        return False
    if isinstance(value, bool):
        return not bool_ok or not value
    return not isinstance(value, int) or value <= 0


def _positive_ints(**names):
    """A refusal for arguments that must be positive integers (Dense units, Embedding dims,
    MultiHeadAttention heads ...); ``name=True`` lets a bool through, as Keras does."""
    def refuses(a):
        for name, bool_ok in names.items():
            if _not_positive_int(a.get(name), bool_ok):
                return f"{name} {a.get(name)!r} is not a positive integer"
        return None
    return refuses


def _units_refuses(a):
    """Recurrent layers and cells: ``if units <= 0``."""
    if holds(is_int(a.units) and a.units <= 0):
        return f"units {a.units} is not a positive integer"
    return None


def _rate_refuses(a):
    """Dropout and its kin: ``if not 0 <= rate <= 1``."""
    if isinstance(a.rate, (int, float)) and not 0 <= a.rate <= 1:
        return f"rate {a.rate!r} is not between 0 and 1"
    return None


def _tuple_refuses(value, rank, name):
    """Keras' standardize_tuple: an int or `rank` ints, each > 0."""
    if isinstance(value, bool) or not known_value(value) or value is None:
        return None
    values = (value,) * rank if isinstance(value, int) else value
    if isinstance(values, (tuple, list)) and len(values) != rank:
        return f"{name} {value!r} is not {rank} integers"
    if isinstance(values, (tuple, list)) and any(is_int(v) and v <= 0 for v in values):
        return f"{name} {value!r} is not {rank} positive integers"
    return None


def _conv_refuses(rank, kind="conv"):
    """BaseConv / BaseConvTranspose / BaseDepthwiseConv / BaseSeparableConv.__init__."""
    def refuses(a):
        filters = a.get("filters")
        if kind != "depthwise" and is_int(filters) and filters <= 0:
            return f"filters {filters} is not a positive integer"
        if kind in ("depthwise", "separable") and holds(a.depth_multiplier <= 0):
            return f"depth_multiplier {a.depth_multiplier} is not a positive integer"
        groups = a.get("groups", 1)
        if kind == "conv" and holds(groups <= 0):
            return f"groups {groups} is not a positive integer"
        if kind == "conv" and is_int(filters) and holds(filters % groups != 0):
            return f"filters {filters} is not divisible by groups {groups}"
        for name in ("kernel_size", "strides", "dilation_rate"):
            why = _tuple_refuses(a.get(name), rank, name)
            if why:
                return why
        padding = a.padding
        if isinstance(padding, str):
            allowed = ("valid", "same", "causal") if rank == 1 and kind == "conv" else (
                "valid", "same")
            if padding.lower() not in allowed:
                return f"padding {padding!r} is not one of {', '.join(allowed)}"
        if kind in ("conv", "transpose"):
            strides, dilation = (_ints(a.get(n), rank) for n in ("strides", "dilation_rate"))
            if strides and dilation and max(strides) > 1 and max(dilation) > 1:
                return (f"strides {a.strides!r} > 1 together with dilation_rate "
                        f"{a.dilation_rate!r} > 1")
        if kind == "transpose" and a.output_padding is not None:
            strides, pads = _ints(a.strides, rank), _ints(a.output_padding, rank)
            if strides and pads and any(p >= s for p, s in zip(pads, strides)):
                return (f"output_padding {a.output_padding!r} is not smaller than strides "
                        f"{a.strides!r}")
        return None
    return refuses


def _ints(value, rank):
    """An int or `rank` ints as a tuple of ints, or None where any is not a known int."""
    values = (value,) * rank if is_int(value) else value
    if isinstance(values, (tuple, list)) and len(values) == rank and all(
            is_int(v) for v in values):
        return tuple(values)
    return None


def _same(a, x):
    return x


def _no_shape(a, x):
    return None


_REG = "activity_regularizer=None, kernel_constraint=None, bias_constraint=None"
_DENSE_TAIL = ("kernel_initializer='glorot_uniform', bias_initializer='zeros', "
               "kernel_regularizer=None, bias_regularizer=None")

# -- shared weight formulas --------------------------------------------------------------

_QUANTIZED_DTYPES = ("int8", "int4", "float8", "gptq", "awq")


def _quantized(a) -> bool:
    if not S.is_none(a.get("quantization_config")):
        return True
    dtype = a.get("dtype")
    return isinstance(dtype, str) and dtype.startswith(_QUANTIZED_DTYPES)


def _kernel(a, kernel_shape, bias=None, name="kernel"):
    """A kernel (frozen and split into two factors under LoRA) and an optional bias."""
    if _quantized(a):
        return {name: Unknown("quantized layer: weight layout not modelled")}
    kernel_shape = [need(d, "weight dimension") for d in kernel_shape]
    rank = a.get("lora_rank")
    if S.is_none(rank) or not rank:
        w = {name: prod(kernel_shape)}
    else:
        w = {f"frozen_{name}": prod(kernel_shape),
             f"lora_{name}_a": prod(kernel_shape[:-1]) * rank,
             f"lora_{name}_b": rank * kernel_shape[-1]}
    if bias is not None:
        w["bias"] = bias
    return w


def _axis_dim(x, axis, what="normalized axis"):
    if not S.is_shape(x):
        return Unknown("input shape not known")
    if not isinstance(axis, int) or not -len(x) <= axis < len(x):
        return Unknown(f"axis {axis!r} does not fit input of rank {len(x)}")
    return need(x[axis], what)


def _axes_numel(x, axis):
    """Size of the weight of a layer normalized over one axis or a list of axes."""
    if isinstance(axis, (list, tuple)):
        return prod(_axis_dim(x, ax) for ax in axis)
    return _axis_dim(x, axis)


def _inputs(x, n_min, n_max):
    """The shapes of a layer called on a list of tensors, or Unknown."""
    if not S.is_shape_list(x, n_min, n_max):
        raise UnknownBranch(Unknown("input shapes of the call not known"))
    return x


# -- core ---------------------------------------------------------------------------------

def _dense_weights(a, x):
    return _kernel(a, (last_dim(x), a.units), a.units if a.use_bias else None)


def _dense_shape(a, x):
    return None if not S.is_shape(x) else tuple(x[:-1]) + (a.units,)


def _einsum(a, x):
    shapes = S.analyze_einsum(a.equation, a.bias_axes, x, a.output_shape)
    if shapes is None:
        raise UnknownBranch(Unknown("EinsumDense shapes not known"))
    return shapes


def _einsum_weights(a, x):
    kernel, bias, _ = _einsum(a, x)
    bias = None if bias is None else prod(need(d, "bias dimension") for d in bias)
    return _kernel(a, kernel, bias)


def _embedding_weights(a, x):
    return _kernel(a, (a.input_dim, a.output_dim), name="embeddings")


def _reversible_embedding_weights(a, x):
    w = _kernel(a, (a.input_dim, a.output_dim), name="embeddings")
    if not a.tie_weights:
        w["reverse_embeddings"] = a.output_dim * a.input_dim
    return w


def _embedding_shape(a, x):
    return None if not S.is_shape(x) else tuple(x) + (a.output_dim,)


CORE = {
    "Dense": _layer(
        "units, activation=None, use_bias=True, " + _DENSE_TAIL + ", " + _REG
        + ", lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs",
        _dense_weights, _dense_shape, non_trainable=("frozen_kernel",),
        input_spec=_last_axis_spec, kernel_last=lambda a, x: a.units,
        refuses=_positive_ints(units=True), refused=(
            "layers.Dense(0)  # refused: units 0 is not a positive integer",
            "layers.Dense(-3)  # refused: units -3",
            "layers.Dense(3.0)  # refused: units 3.0"),
        examples=(
            "layers.Dense(10)  # input: (None, 64)  params: 650  output: (None, 10)",
            "layers.Dense(8, use_bias=False)  # input: (None, 5, 16)  params: 128"
            "  output: (None, 5, 8)",
            "layers.Dense(16, lora_rank=4)  # input: (None, 32)  params: 720  non_trainable: 512"
            "  output: (None, 16)",
        )),
    "EinsumDense": _layer(
        "equation, output_shape, activation=None, bias_axes=None, " + _DENSE_TAIL
        + ", kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None, "
        "gptq_unpacked_column_size=None, quantization_config=None, **kwargs",
        _einsum_weights, lambda a, x: _einsum(a, x)[2],
        non_trainable=("frozen_kernel",),
        examples=(
            "layers.EinsumDense('ab,bc->ac', output_shape=64, bias_axes='c')  # input: (None, 32)"
            "  params: 2112  output: (None, 64)",
            "layers.EinsumDense('abc,cd->abd', output_shape=(None, 64), bias_axes='d')"
            "  # input: (None, 10, 32)  params: 2112  output: (None, None, 64)",
            "layers.EinsumDense('abc,cde->abde', output_shape=(None, 4, 8), bias_axes='de')"
            "  # input: (None, 10, 32)  params: 1056  output: (None, None, 4, 8)",
            "layers.EinsumDense('...b,bc->...c', output_shape=16)  # input: (None, 3, 5, 8)"
            "  params: 128  output: (None, 5, 3, 16)",
            "layers.EinsumDense('abc,cd->abd', output_shape=(10, 64), bias_axes='bd')"
            "  # input: (None, 10, 32)  params: 2688  output: (None, 10, 64)",
            "layers.EinsumDense('ab...,bc->ac...', output_shape=(6,), bias_axes='c')"
            "  # input: (None, 4, 7)  params: 30  output: (None, 6, 7)",
        )),
    "Embedding": _layer(
        "input_dim, output_dim, embeddings_initializer='uniform', embeddings_regularizer=None, "
        "embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, "
        "lora_alpha=None, quantization_config=None, **kwargs",
        _embedding_weights, _embedding_shape, non_trainable=("frozen_embeddings",),
        kernel_last=lambda a, x: a.output_dim,
        refuses=_positive_ints(input_dim=False, output_dim=False), refused=(
            "layers.Embedding(0, 4)  # refused: input_dim 0 is not a positive integer",
            "layers.Embedding(10, 0)  # refused: output_dim 0"),
        examples=(
            "layers.Embedding(1000, 64)  # input: (None, 20)  params: 64000"
            "  output: (None, 20, 64)",
            "layers.Embedding(50, 8, lora_rank=2)  # input: (None, 7)"
            "  params: 516  non_trainable: 400  output: (None, 7, 8)",
        )),
    "ReversibleEmbedding": _layer(
        "input_dim, output_dim, tie_weights=True, embeddings_initializer='uniform', "
        "embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False, "
        "reverse_dtype=None, logit_soft_cap=None, **kwargs",
        _reversible_embedding_weights, _embedding_shape,
        refuses=_positive_ints(input_dim=False, output_dim=False),
        refused=("layers.ReversibleEmbedding(0, 16)  # refused: input_dim 0",),
        examples=(
            "layers.ReversibleEmbedding(100, 16)  # input: (None, 9)  params: 1600"
            "  output: (None, 9, 16)",
            "layers.ReversibleEmbedding(100, 16, tie_weights=False)  # input: (None, 9)"
            "  params: 3200  output: (None, 9, 16)",
        )),
    "Identity": _layer("**kwargs", out=_same,
                       examples=("layers.Identity()  # input: (None, 3, 4)"
                                 "  output: (None, 3, 4)",)),
    "Masking": _layer("mask_value=0.0, **kwargs", out=_same,
                      examples=("layers.Masking()  # input: (None, 10, 8)"
                                "  output: (None, 10, 8)",)),
    "Lambda": _layer("function, output_shape=None, mask=None, arguments=None, **kwargs",
                     out=_no_shape),
}

# -- convolution ----------------------------------------------------------------------------

_ONES = {1: "1", 2: "(1, 1)", 3: "(1, 1, 1)"}
_CONV_TAIL = ("activation=None, use_bias=True, kernel_initializer='glorot_uniform', "
              "bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, "
              + _REG + ", **kwargs")


def _channels(a, x, rank):
    if not S.is_shape(x) or len(x) != rank + 2:
        return Unknown(f"input shape of rank {rank + 2} not known")
    return need(x[S.channel_axis(a.data_format)], "input channels")


def _conv(rank):
    def weights(a, x):
        k = S.standardize_tuple(a.kernel_size, rank)
        channels = _channels(a, x, rank)
        if channels % a.groups:
            raise Refused(f"{channels} input channels are not divisible by groups {a.groups}")
        return _kernel(a, k + (channels // a.groups, a.filters),
                       a.filters if a.use_bias else None)

    def out(a, x):
        return S.conv_out(x, rank, a.filters, a.kernel_size, a.strides, a.padding,
                          a.dilation_rate, a.data_format)
    return weights, out


def _conv_transpose(rank):
    def weights(a, x):
        k = S.standardize_tuple(a.kernel_size, rank)
        w = {"kernel": prod(k) * a.filters * _channels(a, x, rank)}
        if a.use_bias:
            w["bias"] = a.filters
        return w

    def out(a, x):
        return S.deconv_out(x, rank, a.filters, a.kernel_size, a.strides, a.padding,
                            a.output_padding, a.dilation_rate, a.data_format)
    return weights, out


def _depthwise(rank):
    def weights(a, x):
        k = S.standardize_tuple(a.kernel_size, rank)
        depth = _channels(a, x, rank) * a.depth_multiplier
        w = {"kernel": prod(k) * depth}
        if a.use_bias:
            w["bias"] = depth
        return w

    def out(a, x):
        if not S.is_shape(x) or len(x) != rank + 2:
            return None
        filters = S.dim_map(lambda c: c * a.depth_multiplier, x[S.channel_axis(a.data_format)])
        return S.conv_out(x, rank, filters, a.kernel_size, a.strides, a.padding,
                          a.dilation_rate, a.data_format)
    return weights, out


def _separable(rank):
    def weights(a, x):
        k = S.standardize_tuple(a.kernel_size, rank)
        depth = _channels(a, x, rank) * a.depth_multiplier
        w = {"depthwise_kernel": prod(k) * depth, "pointwise_kernel": depth * a.filters}
        if a.use_bias:
            w["bias"] = a.filters
        return w
    return weights, _conv(rank)[1]


def _conv_entries():
    entries = {}
    for n in (1, 2, 3):
        one = _ONES[n]
        entries[f"Conv{n}D"] = _layer(
            f"filters, kernel_size, strides={one}, padding='valid', data_format=None, "
            f"dilation_rate={one}, groups=1, " + _CONV_TAIL,
            *_conv(n), non_trainable=("frozen_kernel",), examples=_CONV_EXAMPLES[n],
            refuses=_conv_refuses(n), refused=_CONV_REFUSED.get(n, ()),
            input_spec=_channel_axis_spec, kernel_last=lambda a, x: a.filters)
        order = ("data_format=None, output_padding=None" if n == 3
                 else "output_padding=None, data_format=None")
        entries[f"Conv{n}DTranspose"] = _layer(
            f"filters, kernel_size, strides={one}, padding='valid', {order}, "
            f"dilation_rate={one}, " + _CONV_TAIL,
            *_conv_transpose(n), examples=_TRANSPOSE_EXAMPLES[n],
            refuses=_conv_refuses(n, "transpose"), refused=_TRANSPOSE_REFUSED.get(n, ()),
            input_spec=_channel_axis_spec, kernel_last=_transpose_kernel_last)
    for n in (1, 2):
        one = _ONES[n]
        entries[f"DepthwiseConv{n}D"] = _layer(
            f"kernel_size, strides={one}, padding='valid', depth_multiplier=1, "
            f"data_format=None, dilation_rate={one}, activation=None, use_bias=True, "
            "depthwise_initializer='glorot_uniform', bias_initializer='zeros', "
            "depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None, "
            "depthwise_constraint=None, bias_constraint=None, **kwargs",
            *_depthwise(n), examples=_DEPTHWISE_EXAMPLES[n],
            refuses=_conv_refuses(n, "depthwise"), refused=_DEPTHWISE_REFUSED.get(n, ()),
            input_spec=_channel_axis_spec, kernel_last=lambda a, x: a.depth_multiplier)
        entries[f"SeparableConv{n}D"] = _layer(
            f"filters, kernel_size, strides={one}, padding='valid', data_format=None, "
            f"dilation_rate={one}, depth_multiplier=1, activation=None, use_bias=True, "
            "depthwise_initializer='glorot_uniform', pointwise_initializer='glorot_uniform', "
            "bias_initializer='zeros', depthwise_regularizer=None, pointwise_regularizer=None, "
            "bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None, "
            "pointwise_constraint=None, bias_constraint=None, **kwargs",
            *_separable(n), examples=_SEPARABLE_EXAMPLES[n],
            refuses=_conv_refuses(n, "separable"), refused=_SEPARABLE_REFUSED.get(n, ()),
            input_spec=_channel_axis_spec)
    return entries


_CONV_REFUSED = {
    1: ("layers.Conv1D(0, 3)  # refused: filters 0 is not a positive integer",
        "layers.Conv1D(4, 3, padding='full')  # refused: padding 'full' is not one of"),
    2: ("layers.Conv2D(6, 3, groups=4)  # refused: filters 6 is not divisible by groups 4",
        "layers.Conv2D(4, 3, groups=0)  # refused: groups 0 is not a positive integer",
        "layers.Conv2D(4, 0)  # refused: kernel_size 0 is not 2 positive integers",
        "layers.Conv2D(4, (3, 3, 3))  # refused: kernel_size (3, 3, 3) is not 2 integers",
        "layers.Conv2D(4, 3, strides=0)  # refused: strides 0",
        "layers.Conv2D(4, 3, padding='causal')  # refused: padding 'causal'",
        "layers.Conv2D(4, 3, strides=(1, 2), dilation_rate=(2, 1))  # refused: strides (1, 2) > 1",
        "layers.Conv2D(8, 3, groups=4)  # input: (None, 8, 8, 6)"
        "  refused: 6 input channels are not divisible by groups 4"),
    3: ("layers.Conv3D(0, 3)  # refused: filters 0",),
}
_TRANSPOSE_REFUSED = {
    2: ("layers.Conv2DTranspose(0, 3)  # refused: filters 0",
        "layers.Conv2DTranspose(8, 3, strides=2, output_padding=2)"
        "  # refused: output_padding 2 is not smaller than strides 2",
        "layers.Conv2DTranspose(8, 3, strides=2, dilation_rate=2)  # refused: strides 2 > 1"),
}
_DEPTHWISE_REFUSED = {
    2: ("layers.DepthwiseConv2D(3, depth_multiplier=0)  # refused: depth_multiplier 0",),
}
_SEPARABLE_REFUSED = {
    2: ("layers.SeparableConv2D(0, 3)  # refused: filters 0",
        "layers.SeparableConv2D(4, 3, depth_multiplier=0)  # refused: depth_multiplier 0"),
}
_CONV_EXAMPLES = {
    1: ("layers.Conv1D(16, 3)  # input: (None, 100, 8)  params: 400  output: (None, 98, 16)",
        "layers.Conv1D(16, 5, padding='causal', dilation_rate=2)  # input: (None, 100, 8)"
        "  params: 656  output: (None, 100, 16)",
        "layers.Conv1D(4, 3, strides=2, padding='same')  # input: (None, 11, 2)  params: 28"
        "  output: (None, 6, 4)",
        "layers.Conv1D(8, 3, groups=2, use_bias=False)  # input: (None, 20, 4)  params: 48"
        "  output: (None, 18, 8)",
        "layers.Conv1D(6, 3, data_format='channels_first')  # input: (None, 4, 20)  params: 78"
        "  output: (None, 6, 18)"),
    2: ("layers.Conv2D(32, 3)  # input: (None, 28, 28, 1)  params: 320"
        "  output: (None, 26, 26, 32)",
        "layers.Conv2D(32, (3, 3), padding='same', strides=2)  # input: (None, 28, 28, 3)"
        "  params: 896  output: (None, 14, 14, 32)",
        "layers.Conv2D(8, (3, 5), strides=(2, 1), dilation_rate=1)  # input: (None, 15, 16, 3)"
        "  params: 368  output: (None, 7, 12, 8)",
        "layers.Conv2D(8, 3, dilation_rate=2)  # input: (None, 15, None, 3)  params: 224"
        "  output: (None, 11, None, 8)",
        "layers.Conv2D(16, 3, groups=4)  # input: (None, 10, 10, 8)  params: 304"
        "  output: (None, 8, 8, 16)",
        "layers.Conv2D(16, 3, data_format='channels_first')  # input: (None, 3, 32, 30)"
        "  params: 448  output: (None, 16, 30, 28)",
        "layers.Conv2D(8, 3, lora_rank=2)  # input: (None, 9, 9, 4)"
        "  params: 384  non_trainable: 288  output: (None, 7, 7, 8)"),
    3: ("layers.Conv3D(8, 3)  # input: (None, 10, 12, 14, 2)  params: 440"
        "  output: (None, 8, 10, 12, 8)",
        "layers.Conv3D(4, (1, 3, 3), strides=(1, 2, 2), padding='same')"
        "  # input: (None, 5, 9, 9, 3)  params: 112  output: (None, 5, 5, 5, 4)",
        "layers.Conv3D(4, 2, data_format='channels_first')  # input: (None, 3, 6, 6, 6)"
        "  params: 100  output: (None, 4, 5, 5, 5)"),
}
_TRANSPOSE_EXAMPLES = {
    1: ("layers.Conv1DTranspose(8, 3, strides=2)  # input: (None, 10, 4)  params: 104"
        "  output: (None, 21, 8)",
        "layers.Conv1DTranspose(8, 4, strides=2, padding='same')  # input: (None, 10, 4)"
        "  params: 136  output: (None, 20, 8)",
        "layers.Conv1DTranspose(8, 3, strides=2, output_padding=1)  # input: (None, 10, 4)"
        "  params: 104  output: (None, 22, 8)"),
    2: ("layers.Conv2DTranspose(16, 3)  # input: (None, 7, 7, 32)  params: 4624"
        "  output: (None, 9, 9, 16)",
        "layers.Conv2DTranspose(16, 3, strides=2, padding='same')  # input: (None, 7, 7, 32)"
        "  params: 4624  output: (None, 14, 14, 16)",
        "layers.Conv2DTranspose(16, 2, strides=3)  # input: (None, 7, 7, 32)  params: 2064"
        "  output: (None, 21, 21, 16)",
        "layers.Conv2DTranspose(8, 3, strides=2, padding='same', output_padding=1)"
        "  # input: (None, 7, 7, 4)  params: 296  output: (None, 14, 14, 8)",
        "layers.Conv2DTranspose(8, 3, dilation_rate=2, use_bias=False)  # input: (None, 7, 7, 4)"
        "  params: 288  output: (None, 11, 11, 8)",
        "layers.Conv2DTranspose(8, 3, strides=2, data_format='channels_first')"
        "  # input: (None, 4, 7, 5)  params: 296  output: (None, 8, 15, 11)"),
    3: ("layers.Conv3DTranspose(4, 3, strides=2, padding='same')  # input: (None, 4, 4, 4, 2)"
        "  params: 220  output: (None, 8, 8, 8, 4)",),
}
_DEPTHWISE_EXAMPLES = {
    1: ("layers.DepthwiseConv1D(3)  # input: (None, 20, 6)  params: 24  output: (None, 18, 6)",
        "layers.DepthwiseConv1D(5, depth_multiplier=2, padding='same')  # input: (None, 20, 6)"
        "  params: 72  output: (None, 20, 12)"),
    2: ("layers.DepthwiseConv2D(3)  # input: (None, 16, 16, 8)  params: 80"
        "  output: (None, 14, 14, 8)",
        "layers.DepthwiseConv2D(3, depth_multiplier=3, strides=2, padding='same', use_bias=False)"
        "  # input: (None, 16, 16, 8)  params: 216  output: (None, 8, 8, 24)",
        "layers.DepthwiseConv2D(3, data_format='channels_first')  # input: (None, 8, 16, 16)"
        "  params: 80  output: (None, 8, 14, 14)"),
}
_SEPARABLE_EXAMPLES = {
    1: ("layers.SeparableConv1D(16, 3)  # input: (None, 50, 8)  params: 168"
        "  output: (None, 48, 16)",
        "layers.SeparableConv1D(16, 3, depth_multiplier=2, padding='same')  # input: (None, 50, 8)"
        "  params: 320  output: (None, 50, 16)"),
    2: ("layers.SeparableConv2D(32, 3)  # input: (None, 32, 32, 16)  params: 688"
        "  output: (None, 30, 30, 32)",
        "layers.SeparableConv2D(32, 3, depth_multiplier=2, strides=2, use_bias=False)"
        "  # input: (None, 32, 32, 16)  params: 1312  output: (None, 15, 15, 32)"),
}

# -- pooling ---------------------------------------------------------------------------------

_POOL_DEFAULT = {1: "2", 2: "(2, 2)", 3: "(2, 2, 2)"}


def _pool_entries():
    entries = {}
    for n in (1, 2, 3):
        out = (lambda rank: lambda a, x: S.pool_out(x, rank, a.pool_size, a.strides,
                                                    a.padding, a.data_format))(n)
        tail = "strides=None, padding='valid', data_format=None, name=None, **kwargs"
        entries[f"MaxPooling{n}D"] = _layer(f"pool_size={_POOL_DEFAULT[n]}, " + tail, out=out,
                                            examples=_POOL_EXAMPLES[f"Max{n}"])
        entries[f"AveragePooling{n}D"] = _layer("pool_size, " + tail, out=out,
                                                examples=_POOL_EXAMPLES[f"Average{n}"])
        glob = (lambda rank: lambda a, x: S.global_pool_out(x, rank, a.data_format,
                                                            a.keepdims))(n)
        for kind in ("Average", "Max"):
            entries[f"Global{kind}Pooling{n}D"] = _layer(
                "data_format=None, keepdims=False, **kwargs", out=glob,
                examples=_POOL_EXAMPLES[f"Global{kind}{n}"])
        adaptive = (lambda rank: lambda a, x: S.adaptive_pool_out(x, rank, a.output_size,
                                                                  a.data_format))(n)
        for kind in ("Average", "Max"):
            entries[f"Adaptive{kind}Pooling{n}D"] = _layer(
                "output_size, data_format=None, **kwargs", out=adaptive,
                examples=_POOL_EXAMPLES[f"Adaptive{kind}{n}"])
    return entries


_POOL_EXAMPLES = {
    "Max1": ("layers.MaxPooling1D()  # input: (None, 11, 4)  output: (None, 5, 4)",
             "layers.MaxPooling1D(3, strides=1, padding='same')  # input: (None, 11, 4)"
             "  output: (None, 11, 4)"),
    "Max2": ("layers.MaxPooling2D()  # input: (None, 28, 28, 8)  output: (None, 14, 14, 8)",
             "layers.MaxPooling2D((3, 3), strides=2)  # input: (None, 27, 27, 8)"
             "  output: (None, 13, 13, 8)",
             "layers.MaxPooling2D(2, padding='same')  # input: (None, 7, 9, 3)"
             "  output: (None, 4, 5, 3)",
             "layers.MaxPooling2D(2, data_format='channels_first')  # input: (None, 3, 7, None)"
             "  output: (None, 3, 3, None)"),
    "Max3": ("layers.MaxPooling3D()  # input: (None, 8, 9, 10, 2)  output: (None, 4, 4, 5, 2)",),
    "Average1": ("layers.AveragePooling1D(4)  # input: (None, 17, 3)  output: (None, 4, 3)",
                 "layers.AveragePooling1D(2, data_format='channels_first')  # input: (None, 3, 17)"
                 "  output: (None, 3, 8)"),
    "Average2": ("layers.AveragePooling2D(2)  # input: (None, 15, 15, 4)"
                 "  output: (None, 7, 7, 4)",
                 "layers.AveragePooling2D((2, 3), strides=(1, 2), padding='same')"
                 "  # input: (None, 15, 15, 4)  output: (None, 15, 8, 4)"),
    "Average3": ("layers.AveragePooling3D((2, 2, 2), padding='same')  # input: (None, 5, 5, 5, 1)"
                 "  output: (None, 3, 3, 3, 1)",),
    "GlobalAverage1": ("layers.GlobalAveragePooling1D()  # input: (None, 10, 6)"
                       "  output: (None, 6)",
                       "layers.GlobalAveragePooling1D(keepdims=True)  # input: (None, 10, 6)"
                       "  output: (None, 1, 6)"),
    "GlobalAverage2": ("layers.GlobalAveragePooling2D()  # input: (None, 7, 7, 64)"
                       "  output: (None, 64)",
                       "layers.GlobalAveragePooling2D(data_format='channels_first', keepdims=True)"
                       "  # input: (None, 64, 7, 7)  output: (None, 64, 1, 1)"),
    "GlobalAverage3": ("layers.GlobalAveragePooling3D()  # input: (None, 4, 4, 4, 5)"
                       "  output: (None, 5)",),
    "GlobalMax1": ("layers.GlobalMaxPooling1D()  # input: (None, None, 6)  output: (None, 6)",),
    "GlobalMax2": ("layers.GlobalMaxPooling2D(keepdims=True)  # input: (None, 7, 7, 64)"
                   "  output: (None, 1, 1, 64)",),
    "GlobalMax3": ("layers.GlobalMaxPooling3D(data_format='channels_first')"
                   "  # input: (None, 5, 4, 4, 4)  output: (None, 5)",),
    "AdaptiveAverage1": ("layers.AdaptiveAveragePooling1D(4)  # input: (None, 17, 3)"
                         "  output: (None, 4, 3)",),
    "AdaptiveAverage2": ("layers.AdaptiveAveragePooling2D((3, 2))  # input: (None, 16, 16, 5)"
                         "  output: (None, 3, 2, 5)",),
    "AdaptiveMax1": ("layers.AdaptiveMaxPooling1D(5, data_format='channels_first')"
                     "  # input: (None, 3, 20)  output: (None, 3, 5)",),
    "AdaptiveAverage3": ("layers.AdaptiveAveragePooling3D((2, 3, 4))  # input: (None, 8, 8, 8, 3)"
                         "  output: (None, 2, 3, 4, 3)",),
    "AdaptiveMax2": ("layers.AdaptiveMaxPooling2D(4, data_format='channels_first')"
                     "  # input: (None, 5, 16, 16)  output: (None, 5, 4, 4)",),
    "AdaptiveMax3": ("layers.AdaptiveMaxPooling3D(2)  # input: (None, 8, 8, 8, 3)"
                     "  output: (None, 2, 2, 2, 3)",),
}

# -- recurrent -------------------------------------------------------------------------------

_RNN_INIT = ("use_bias=True, kernel_initializer='glorot_uniform', "
             "recurrent_initializer='orthogonal', bias_initializer='zeros'")
_RNN_REG = ("kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None")
_RNN_CONSTRAINT = "kernel_constraint=None, recurrent_constraint=None, bias_constraint=None"
_RNN_FLAGS = "return_sequences=False, return_state=False, go_backwards=False, stateful=False"


def _rnn_weights(gates):
    def weights(a, x):
        u = a.units
        w = {"kernel": last_dim(x) * u * gates, "recurrent_kernel": u * u * gates}
        if a.use_bias:
            # GRU with reset_after keeps separate input and recurrent biases
            w["bias"] = u * gates * (2 if a.get("reset_after") else 1)
        return w
    return weights


def _rnn_out(n_states):
    def out(a, x):
        return S.rnn_out(x, a.units, a.return_sequences, a.return_state, n_states)
    return out


def _conv_lstm(rank):
    def weights(a, x):
        if not S.is_shape(x) or len(x) != rank + 3:
            return {"kernel": Unknown(f"input shape of rank {rank + 3} not known")}
        first = S.channels_first(a.data_format)
        spatial = x[3:] if first else x[2:-1]
        if any(d is None for d in spatial):
            return {"kernel": Unknown("ConvLSTM needs its spatial dimensions")}
        k = prod(S.standardize_tuple(a.kernel_size, rank))
        f = a.filters
        w = {"kernel": k * need(x[2] if first else x[-1], "input channels") * 4 * f,
             "recurrent_kernel": k * f * 4 * f}
        if a.use_bias:
            w["bias"] = 4 * f
        return w
    return weights, lambda a, x: S.conv_rnn_out(x, rank, a)


def _rnn_entries():
    lstm_cell = ("units, activation='tanh', recurrent_activation='sigmoid', " + _RNN_INIT
                 + ", unit_forget_bias=True, " + _RNN_REG + ", ")
    entries = {
        "SimpleRNN": _layer(
            "units, activation='tanh', " + _RNN_INIT + ", " + _RNN_REG
            + ", activity_regularizer=None, " + _RNN_CONSTRAINT
            + ", dropout=0.0, recurrent_dropout=0.0, " + _RNN_FLAGS
            + ", unroll=False, seed=None, **kwargs",
            _rnn_weights(1), _rnn_out(1), refuses=_units_refuses,
            refused=("layers.SimpleRNN(0)  # refused: units 0 is not a positive integer",),
            examples=("layers.SimpleRNN(32)  # input: (None, 10, 8)  params: 1312"
                      "  output: (None, 32)",
                      "layers.SimpleRNN(16, return_sequences=True, use_bias=False)"
                      "  # input: (None, None, 4)  params: 320  output: (None, None, 16)",
                      "layers.SimpleRNN(8, return_state=True)  # input: (None, 5, 3)  params: 96"
                      "  output: [(None, 8), (None, 8)]")),
        "LSTM": _layer(
            lstm_cell + "activity_regularizer=None, " + _RNN_CONSTRAINT
            + ", dropout=0.0, recurrent_dropout=0.0, seed=None, " + _RNN_FLAGS
            + ", unroll=False, use_cudnn='auto', **kwargs",
            _rnn_weights(4), _rnn_out(2), refuses=_units_refuses,
            refused=("layers.LSTM(0)  # refused: units 0 is not a positive integer",),
            examples=("layers.LSTM(64)  # input: (None, 20, 32)  params: 24832"
                      "  output: (None, 64)",
                      "layers.LSTM(16, return_sequences=True)  # input: (None, 20, 8)  params: 1600"
                      "  output: (None, 20, 16)",
                      "layers.LSTM(16, return_sequences=True, return_state=True)"
                      "  # input: (None, 20, 8)  params: 1600"
                      "  output: [(None, 20, 16), (None, 16), (None, 16)]")),
        "GRU": _layer(
            "units, activation='tanh', recurrent_activation='sigmoid', " + _RNN_INIT + ", "
            + _RNN_REG + ", activity_regularizer=None, " + _RNN_CONSTRAINT
            + ", dropout=0.0, recurrent_dropout=0.0, seed=None, " + _RNN_FLAGS
            + ", unroll=False, reset_after=True, use_cudnn='auto', **kwargs",
            _rnn_weights(3), _rnn_out(1), refuses=_units_refuses,
            refused=("layers.GRU(0)  # refused: units 0 is not a positive integer",),
            examples=("layers.GRU(32)  # input: (None, 10, 16)  params: 4800"
                      "  output: (None, 32)",
                      "layers.GRU(32, reset_after=False)  # input: (None, 10, 16)  params: 4704"
                      "  output: (None, 32)",
                      "layers.GRU(8, return_state=True, return_sequences=True)"
                      "  # input: (None, 6, 5)  params: 360  output: [(None, 6, 8), (None, 8)]")),
        "SimpleRNNCell": _layer(
            "units, activation='tanh', " + _RNN_INIT + ", " + _RNN_REG + ", " + _RNN_CONSTRAINT
            + ", dropout=0.0, recurrent_dropout=0.0, seed=None, **kwargs",
            _rnn_weights(1), refuses=_units_refuses,
            examples=("layers.SimpleRNNCell(16)  # input: (None, 8)  params: 400",)),
        "LSTMCell": _layer(
            lstm_cell + _RNN_CONSTRAINT + ", dropout=0.0, recurrent_dropout=0.0, seed=None, "
            "**kwargs",
            _rnn_weights(4), refuses=_units_refuses,
            refused=("layers.LSTMCell(0)  # refused: units 0",),
            examples=("layers.LSTMCell(16)  # input: (None, 8)  params: 1600",)),
        "GRUCell": _layer(
            "units, activation='tanh', recurrent_activation='sigmoid', " + _RNN_INIT + ", "
            + _RNN_REG + ", " + _RNN_CONSTRAINT
            + ", dropout=0.0, recurrent_dropout=0.0, reset_after=True, seed=None, **kwargs",
            _rnn_weights(3), refuses=_units_refuses,
            examples=("layers.GRUCell(16)  # input: (None, 8)  params: 1248",
                      "layers.GRUCell(16, reset_after=False, use_bias=True)  # input: (None, 8)"
                      "  params: 1200")),
    }
    for n in (1, 2, 3):
        entries[f"ConvLSTM{n}D"] = _layer(
            "filters, kernel_size, strides=1, padding='valid', data_format=None, "
            "dilation_rate=1, activation='tanh', recurrent_activation='sigmoid', " + _RNN_INIT
            + ", unit_forget_bias=True, " + _RNN_REG + ", activity_regularizer=None, "
            + _RNN_CONSTRAINT + ", dropout=0.0, recurrent_dropout=0.0, seed=None, "
            + _RNN_FLAGS + ", **kwargs",
            *_conv_lstm(n), examples=_CONV_LSTM_EXAMPLES[n])
    return entries


_CONV_LSTM_EXAMPLES = {
    1: ("layers.ConvLSTM1D(8, 3)  # input: (None, 5, 20, 4)  params: 1184"
        "  output: (None, 18, 8)",
        "layers.ConvLSTM1D(8, 3, padding='same', return_sequences=True)  # input: (None, 5, 20, 4)"
        "  params: 1184  output: (None, 5, 20, 8)"),
    2: ("layers.ConvLSTM2D(16, (3, 3))  # input: (None, 10, 32, 32, 3)  params: 11008"
        "  output: (None, 30, 30, 16)",
        "layers.ConvLSTM2D(8, 3, strides=2, padding='same', return_sequences=True)"
        "  # input: (None, None, 16, 16, 3)  params: 3200  output: (None, None, 8, 8, 8)",
        "layers.ConvLSTM2D(4, 3, return_state=True, data_format='channels_first')"
        "  # input: (None, 5, 2, 12, 12)  params: 880"
        "  output: [(None, 4, 10, 10), (None, 4, 10, 10), (None, 4, 10, 10)]"),
    3: ("layers.ConvLSTM3D(4, 3, use_bias=False)  # input: (None, 3, 8, 8, 8, 2)  params: 2592"
        "  output: (None, 6, 6, 6, 4)",),
}

# -- normalization ---------------------------------------------------------------------------

_RENORM = ("moving_stddev", "renorm_mean", "renorm_stddev")


def _batch_norm_weights(a, x):
    n = _axis_dim(x, a.axis)
    w = {}
    if a.scale:
        w["gamma"] = n
    if a.center:
        w["beta"] = n
    w["moving_mean"] = n
    w["moving_variance"] = n
    if a.renorm:
        w.update((name, n) for name in _RENORM)
    return w


def _layer_norm_weights(a, x):
    n = _axes_numel(x, a.axis)
    rms = a.get("rms_scaling", False)
    w = {}
    if a.scale or rms:
        w["gamma"] = n
    if a.center and not rms:
        w["beta"] = n
    return w


def _group_norm_refuses(a):
    g = a.groups
    if known_value(g) and (not is_int(g) or (g <= 0 and g != -1)):
        return f"groups {g!r} is not a positive integer (or -1)"
    return None


def _group_norm_weights(a, x):
    n = _axis_dim(x, a.axis)
    groups = n if a.groups == -1 else a.groups
    if n < groups or n % groups:
        raise Refused(f"{n} channels are not divisible by groups {a.groups}")
    w = {}
    if a.scale:
        w["gamma"] = n
    if a.center:
        w["beta"] = n
    return w


_BETA_GAMMA = ("beta_initializer='zeros', gamma_initializer='ones', beta_regularizer=None, "
               "gamma_regularizer=None, beta_constraint=None, gamma_constraint=None")

NORMALIZATION = {
    "BatchNormalization": _layer(
        "axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, "
        "beta_initializer='zeros', gamma_initializer='ones', moving_mean_initializer='zeros', "
        "moving_variance_initializer='ones', beta_regularizer=None, gamma_regularizer=None, "
        "beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None, "
        "renorm_momentum=0.99, synchronized=False, **kwargs",
        _batch_norm_weights, _same, input_spec=_axis_and_rank_spec,
        non_trainable=("moving_mean", "moving_variance") + _RENORM,
        examples=("layers.BatchNormalization()  # input: (None, 28, 28, 32)"
                  "  params: 128  non_trainable: 64  output: (None, 28, 28, 32)",
                  "layers.BatchNormalization(axis=1, center=False)  # input: (None, 16, 8, 8)"
                  "  params: 48  non_trainable: 32  output: (None, 16, 8, 8)",
                  "layers.BatchNormalization(scale=False)  # input: (None, 10)"
                  "  params: 30  non_trainable: 20  output: (None, 10)",
                  "layers.BatchNormalization(renorm=True)  # input: (None, 12)"
                  "  params: 84  non_trainable: 60  output: (None, 12)")),
    "LayerNormalization": _layer(
        "axis=-1, epsilon=0.001, center=True, scale=True, " + _BETA_GAMMA + ", **kwargs",
        _layer_norm_weights, _same,
        examples=("layers.LayerNormalization()  # input: (None, 10, 64)  params: 128"
                  "  output: (None, 10, 64)",
                  "layers.LayerNormalization(axis=[1, 2], center=False)  # input: (None, 4, 6, 3)"
                  "  params: 24  output: (None, 4, 6, 3)",
                  "layers.LayerNormalization(rms_scaling=True)  # input: (None, 10, 64)  params: 64"
                  "  output: (None, 10, 64)")),
    "GroupNormalization": _layer(
        "groups=32, axis=-1, epsilon=0.001, center=True, scale=True, " + _BETA_GAMMA
        + ", **kwargs",
        _group_norm_weights, _same, input_spec=_axis_and_rank_spec,
        refuses=_group_norm_refuses, refused=(
            "layers.GroupNormalization(groups=0)  # refused: groups 0 is not a positive integer",
            "layers.GroupNormalization(groups=4)  # input: (None, 8, 8, 6)"
            "  refused: 6 channels are not divisible by groups 4",
            "layers.GroupNormalization(groups=8)  # input: (None, 8, 8, 6)  refused: 6 channels"),
        examples=("layers.GroupNormalization()  # input: (None, 8, 8, 64)  params: 128"
                  "  output: (None, 8, 8, 64)",
                  "layers.GroupNormalization(groups=4, axis=1, scale=False)"
                  "  # input: (None, 16, 5, 5)  params: 16  output: (None, 16, 5, 5)")),
    "RMSNormalization": _layer(
        "axis=-1, epsilon=1e-06, **kwargs",
        lambda a, x: {"scale": _axes_numel(x, a.axis)}, _same,
        examples=("layers.RMSNormalization()  # input: (None, 7, 32)  params: 32"
                  "  output: (None, 7, 32)",)),
    "UnitNormalization": _layer("axis=-1, **kwargs", out=_same,
                                examples=("layers.UnitNormalization()  # input: (None, 12)"
                                          "  output: (None, 12)",)),
}

# -- attention -------------------------------------------------------------------------------


def _attention_weights(a, x):
    w = {}
    if a.use_scale:
        w["scale"] = 1
    if a.score_mode == "concat":
        w["concat_score_weight"] = 1
    return w


def _additive_attention_weights(a, x):
    query = _inputs(x, 2, 3)[0]
    return {"scale": last_dim(query, "query feature size")} if a.use_scale else {}


def _attention_out(a, x):
    query, value = _inputs(x, 2, 3)[:2]
    return tuple(query[:-1]) + (value[-1],)


def _mha_refuses(a):
    why = _positive_ints(num_heads=True, key_dim=True)(a)
    if why is None and a.value_dim is not None:
        why = _positive_ints(value_dim=True)(a)
    return why


def _gqa_refuses(a):
    q, kv = a.num_query_heads, a.num_key_value_heads
    if holds(kv == 0) or holds(q % kv != 0):
        return f"num_query_heads {q} is not divisible by num_key_value_heads {kv}"
    return None


def _mha_weights(a, x):
    shapes = _inputs(x, 2, 3)
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
    query = _inputs(x, 2, 3)[0]
    out_dims = _mha_output_shape(a)
    return tuple(query) if out_dims is None else tuple(query[:-1]) + out_dims


def _gqa_weights(a, x):
    shapes = _inputs(x, 2, 3)
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
                   "kernel_regularizer=None, bias_regularizer=None, " + _REG)

ATTENTION = {
    "Attention": _layer(
        "use_scale=False, score_mode='dot', dropout=0.0, seed=None, **kwargs",
        _attention_weights, _attention_out, several=True,
        examples=("layers.Attention()  # input: [(None, 5, 16), (None, 7, 16)]  params: 0"
                  "  output: (None, 5, 16)",
                  "layers.Attention(use_scale=True)"
                  "  # input: [(None, 5, 16), (None, 7, 8), (None, 7, 16)]  params: 1"
                  "  output: (None, 5, 8)",
                  "layers.Attention(use_scale=True, score_mode='concat')"
                  "  # input: [(None, 5, 16), (None, 7, 16)]  params: 2  output: (None, 5, 16)")),
    "AdditiveAttention": _layer(
        "use_scale=True, dropout=0.0, **kwargs",
        _additive_attention_weights, _attention_out, several=True,
        examples=("layers.AdditiveAttention()  # input: [(None, 5, 16), (None, 7, 16)]  params: 16"
                  "  output: (None, 5, 16)",
                  "layers.AdditiveAttention(use_scale=False)"
                  "  # input: [(None, 5, 16), (None, 7, 16)]  params: 0  output: (None, 5, 16)")),
    "MultiHeadAttention": _layer(
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
    "GroupQueryAttention": _layer(
        "head_dim, num_query_heads, num_key_value_heads, dropout=0.0, use_bias=True, "
        "sliding_window=None, flash_attention=None, " + _ATTENTION_INIT
        + ", use_gate=False, seed=None, **kwargs",
        _gqa_weights, lambda a, x: tuple(_inputs(x, 2, 3)[0]), several=True,
        refuses=_gqa_refuses, refused=(
            "layers.GroupQueryAttention(16, 8, 3)"
            "  # refused: num_query_heads 8 is not divisible by num_key_value_heads 3",),
        examples=("layers.GroupQueryAttention(16, 8, 2)  # input: [(None, 10, 64), (None, 12, 64)]"
                  "  params: 20736  output: (None, 10, 64)",
                  "layers.GroupQueryAttention(8, 4, 2, use_bias=False, use_gate=True)"
                  "  # input: [(None, 10, 32), (None, 12, 32), (None, 12, 16)]  params: 3840"
                  "  output: (None, 10, 32)")),
}

# -- activations and regularization ------------------------------------------------------------


def _prelu_weights(a, x):
    if not S.is_shape(x):
        return {"alpha": Unknown("input shape not known")}
    shared = a.shared_axes
    if S.is_none(shared):
        shared = ()
    elif not isinstance(shared, (list, tuple)):
        shared = (shared,)
    if any(not 1 <= i < len(x) for i in shared):
        return {"alpha": Unknown(f"shared_axes {a.shared_axes!r} do not fit the input")}
    dims = [1 if i in shared else need(d, "PReLU input dimension")
            for i, d in enumerate(x[1:], start=1)]
    return {"alpha": prod(dims)}


ACTIVATIONS = {
    "Activation": _layer("activation, **kwargs", out=_same,
                         examples=("layers.Activation('relu')  # input: (None, 10)"
                                   "  output: (None, 10)",)),
    "ReLU": _layer("max_value=None, negative_slope=0.0, threshold=0.0, **kwargs", out=_same,
                   examples=("layers.ReLU(6.0)  # input: (None, 8, 8, 3)"
                             "  output: (None, 8, 8, 3)",)),
    "LeakyReLU": _layer("negative_slope=0.3, **kwargs", out=_same,
                        examples=("layers.LeakyReLU(0.1)  # input: (None, 10)"
                                  "  output: (None, 10)",)),
    "ELU": _layer("alpha=1.0, **kwargs", out=_same,
                  examples=("layers.ELU()  # input: (None, 7)  output: (None, 7)",)),
    "Softmax": _layer("axis=-1, **kwargs", out=_same,
                      examples=("layers.Softmax()  # input: (None, 3, 10)"
                                "  output: (None, 3, 10)",)),
    "PReLU": _layer(
        "alpha_initializer='Zeros', alpha_regularizer=None, alpha_constraint=None, "
        "shared_axes=None, **kwargs",
        _prelu_weights, _same,
        examples=("layers.PReLU()  # input: (None, 10)  params: 10  output: (None, 10)",
                  "layers.PReLU()  # input: (None, 8, 8, 16)  params: 1024"
                  "  output: (None, 8, 8, 16)",
                  "layers.PReLU(shared_axes=[1, 2])  # input: (None, 8, 8, 16)  params: 16"
                  "  output: (None, 8, 8, 16)",
                  "layers.PReLU(shared_axes=1)  # input: (None, 5, 16)  params: 16"
                  "  output: (None, 5, 16)")),
    "Dropout": _layer("rate, noise_shape=None, seed=None, **kwargs", out=_same,
                      refuses=_rate_refuses, refused=(
                          "layers.Dropout(1.5)  # refused: rate 1.5 is not between 0 and 1",
                          "layers.Dropout(-0.1)  # refused: rate -0.1"),
                      examples=("layers.Dropout(0.5)  # input: (None, 64)  output: (None, 64)",)),
    "SpatialDropout1D": _layer("rate, seed=None, name=None, dtype=None", out=_same,
                               refuses=_rate_refuses,
                               refused=("layers.SpatialDropout1D(2)  # refused: rate 2",),
                               examples=("layers.SpatialDropout1D(0.2)  # input: (None, 8, 4)"
                                         "  output: (None, 8, 4)",)),
    "SpatialDropout2D": _layer("rate, data_format=None, seed=None, name=None, dtype=None",
                               out=_same, refuses=_rate_refuses,
                               examples=("layers.SpatialDropout2D(0.2)  # input: (None, 8, 8, 4)"
                                         "  output: (None, 8, 8, 4)",)),
    "SpatialDropout3D": _layer("rate, data_format=None, seed=None, name=None, dtype=None",
                               out=_same, refuses=_rate_refuses,
                               examples=("layers.SpatialDropout3D(0.2)  # input: (None, 4, 4, 4, 2)"
                                         "  output: (None, 4, 4, 4, 2)",)),
    "GaussianNoise": _layer("stddev, seed=None, **kwargs", out=_same,
                            examples=("layers.GaussianNoise(0.1)  # input: (None, 16)"
                                      "  output: (None, 16)",)),
    "GaussianDropout": _layer("rate, seed=None, **kwargs", out=_same, refuses=_rate_refuses,
                              refused=("layers.GaussianDropout(1.5)  # refused: rate 1.5",),
                              examples=("layers.GaussianDropout(0.1)  # input: (None, 16)"
                                        "  output: (None, 16)",)),
    "AlphaDropout": _layer("rate, noise_shape=None, seed=None, **kwargs", out=_same,
                           refuses=_rate_refuses,
                           refused=("layers.AlphaDropout(-1)  # refused: rate -1",),
                           examples=("layers.AlphaDropout(0.1)  # input: (None, 16)"
                                     "  output: (None, 16)",)),
    "ActivityRegularization": _layer("l1=0.0, l2=0.0, **kwargs", out=_same,
                                     examples=("layers.ActivityRegularization(l2=0.01)"
                                               "  # input: (None, 16)  output: (None, 16)",)),
}

# -- merging ---------------------------------------------------------------------------------

MERGING = {
    "Add": _layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                  examples=("layers.Add()  # input: [(None, 8), (None, 8)]  output: (None, 8)",
                            "layers.Add()  # input: [(None, 4, 8), (None, 1, 8), (None, 4, 1)]"
                            "  output: (None, 4, 8)")),
    "Subtract": _layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x, 2),
                       examples=("layers.Subtract()  # input: [(None, 5, 3), (None, 5, 3)]"
                                 "  output: (None, 5, 3)",)),
    "Multiply": _layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                       examples=("layers.Multiply()  # input: [(None, 16), (None, 1)]"
                                 "  output: (None, 16)",)),
    "Average": _layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                      examples=("layers.Average()  # input: [(None, 6), (None, 6), (None, 6)]"
                                "  output: (None, 6)",)),
    "Maximum": _layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                      examples=("layers.Maximum()  # input: [(None, 6), (None, None)]"
                                "  output: (None, None)",)),
    "Minimum": _layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                      examples=("layers.Minimum()  # input: [(None, 1, 6), (None, 5, 6)]"
                                "  output: (None, 5, 6)",)),
    "Concatenate": _layer(
        "axis=-1, **kwargs", several=True, out=lambda a, x: S.concatenate_out(x, a.axis),
        examples=("layers.Concatenate()  # input: [(None, 8), (None, 4)]  output: (None, 12)",
                  "layers.Concatenate(axis=1)  # input: [(None, 3, 8), (None, 5, 8)]"
                  "  output: (None, 8, 8)",
                  "layers.Concatenate()  # input: [(None, 3, 8), (None, 3, None)]"
                  "  output: (None, 3, None)",
                  "layers.Concatenate(axis=-2)"
                  "  # input: [(None, 2, 4, 8), (None, 2, 4, 8), (None, 2, 1, 8)]"
                  "  output: (None, 2, 9, 8)")),
    "Dot": _layer(
        "axes, normalize=False, **kwargs", several=True, out=lambda a, x: S.dot_out(x, a.axes),
        examples=("layers.Dot(axes=1)  # input: [(None, 8), (None, 8)]  output: (None, 1)",
                  "layers.Dot(axes=(2, 2))  # input: [(None, 5, 8), (None, 7, 8)]"
                  "  output: (None, 5, 7)",
                  "layers.Dot(axes=-1, normalize=True)  # input: [(None, 5, 8), (None, 7, 8)]"
                  "  output: (None, 5, 7)")),
}

# -- reshaping -------------------------------------------------------------------------------


def _reshaping_entries():
    entries = {
        "Flatten": _layer("data_format=None, **kwargs", out=lambda a, x: S.flatten_out(x),
                          examples=("layers.Flatten()  # input: (None, 7, 7, 64)"
                                    "  output: (None, 3136)",
                                    "layers.Flatten()  # input: (None, None, 4)"
                                    "  output: (None, None)",
                                    "layers.Flatten(data_format='channels_first')"
                                    "  # input: (None, 3, 4)  output: (None, 12)")),
        "Reshape": _layer("target_shape, **kwargs",
                          out=lambda a, x: S.reshape_out(x, a.target_shape),
                          examples=("layers.Reshape((7, 7, 64))  # input: (None, 3136)"
                                    "  output: (None, 7, 7, 64)",
                                    "layers.Reshape((-1, 4))  # input: (None, 6, 2)"
                                    "  output: (None, 3, 4)",
                                    "layers.Reshape((-1, 4))  # input: (None, None, 2)"
                                    "  output: (None, None, 4)",
                                    "layers.Reshape((2, -1, 3))  # input: (None, 12)"
                                    "  output: (None, 2, 2, 3)")),
        "Permute": _layer("dims, **kwargs", out=lambda a, x: S.permute_out(x, a.dims),
                          examples=("layers.Permute((2, 1))  # input: (None, 10, 64)"
                                    "  output: (None, 64, 10)",
                                    "layers.Permute((3, 1, 2))  # input: (None, 4, 5, 6)"
                                    "  output: (None, 6, 4, 5)")),
        "RepeatVector": _layer(
            "n, **kwargs",
            out=lambda a, x: (x[0], a.n, x[1]) if S.is_shape(x) and len(x) == 2 else None,
            examples=("layers.RepeatVector(3)  # input: (None, 32)  output: (None, 3, 32)",)),
        "Cropping1D": _layer(
            "cropping=(1, 1), **kwargs",
            out=lambda a, x: S.pad_out(x, 1, a.cropping, None, sign=-1),
            examples=("layers.Cropping1D()  # input: (None, 10, 3)  output: (None, 8, 3)",
                      "layers.Cropping1D((2, 0))  # input: (None, 10, 3)  output: (None, 8, 3)")),
        "UpSampling1D": _layer(
            "size=2, **kwargs", out=lambda a, x: S.upsample_out(x, 1, a.size, None),
            examples=("layers.UpSampling1D(3)  # input: (None, 10, 3)  output: (None, 30, 3)",)),
        "ZeroPadding1D": _layer(
            "padding=1, data_format=None, **kwargs",
            out=lambda a, x: S.pad_out(x, 1, a.padding, a.data_format),
            examples=("layers.ZeroPadding1D()  # input: (None, 10, 3)  output: (None, 12, 3)",
                      "layers.ZeroPadding1D((1, 3), data_format='channels_first')"
                      "  # input: (None, 3, 10)  output: (None, 3, 14)")),
    }
    for n, default in ((2, "((0, 0), (0, 0))"), (3, "((1, 1), (1, 1), (1, 1))")):
        entries[f"Cropping{n}D"] = _layer(
            f"cropping={default}, data_format=None, **kwargs",
            out=(lambda r: lambda a, x: S.pad_out(x, r, a.cropping, a.data_format, -1))(n),
            examples=_RESHAPE_EXAMPLES[f"Cropping{n}D"])
    for n, default in ((2, "(1, 1)"), (3, "((1, 1), (1, 1), (1, 1))")):
        entries[f"ZeroPadding{n}D"] = _layer(
            f"padding={default}, data_format=None, **kwargs",
            out=(lambda r: lambda a, x: S.pad_out(x, r, a.padding, a.data_format))(n),
            examples=_RESHAPE_EXAMPLES[f"ZeroPadding{n}D"])
    entries["UpSampling2D"] = _layer(
        "size=(2, 2), data_format=None, interpolation='nearest', **kwargs",
        out=lambda a, x: S.upsample_out(x, 2, a.size, a.data_format),
        examples=_RESHAPE_EXAMPLES["UpSampling2D"])
    entries["UpSampling3D"] = _layer(
        "size=(2, 2, 2), data_format=None, **kwargs",
        out=lambda a, x: S.upsample_out(x, 3, a.size, a.data_format),
        examples=_RESHAPE_EXAMPLES["UpSampling3D"])
    return entries


_RESHAPE_EXAMPLES = {
    "Cropping2D": ("layers.Cropping2D(2)  # input: (None, 28, 28, 3)"
                   "  output: (None, 24, 24, 3)",
                   "layers.Cropping2D(((1, 2), (3, 4)))  # input: (None, 28, 28, 3)"
                   "  output: (None, 25, 21, 3)",
                   "layers.Cropping2D((1, 2), data_format='channels_first')"
                   "  # input: (None, 3, 28, None)  output: (None, 3, 26, None)"),
    "Cropping3D": ("layers.Cropping3D()  # input: (None, 8, 8, 8, 2)"
                   "  output: (None, 6, 6, 6, 2)",
                   "layers.Cropping3D((1, 2, (0, 3)))  # input: (None, 8, 8, 8, 2)"
                   "  output: (None, 6, 4, 5, 2)"),
    "ZeroPadding2D": ("layers.ZeroPadding2D()  # input: (None, 28, 28, 3)"
                      "  output: (None, 30, 30, 3)",
                      "layers.ZeroPadding2D(((1, 0), (2, 3)))  # input: (None, 28, 28, 3)"
                      "  output: (None, 29, 33, 3)",
                      "layers.ZeroPadding2D((2, 1), data_format='channels_first')"
                      "  # input: (None, 3, 28, 28)  output: (None, 3, 32, 30)"),
    "ZeroPadding3D": ("layers.ZeroPadding3D(2)  # input: (None, 4, 4, 4, 1)"
                      "  output: (None, 8, 8, 8, 1)",),
    "UpSampling2D": ("layers.UpSampling2D()  # input: (None, 7, 7, 16)"
                     "  output: (None, 14, 14, 16)",
                     "layers.UpSampling2D((2, 3), interpolation='bilinear')"
                     "  # input: (None, 7, None, 16)  output: (None, 14, None, 16)",
                     "layers.UpSampling2D(2, data_format='channels_first')"
                     "  # input: (None, 16, 7, 7)  output: (None, 16, 14, 14)"),
    "UpSampling3D": ("layers.UpSampling3D((1, 2, 2))  # input: (None, 4, 4, 4, 2)"
                     "  output: (None, 4, 8, 8, 2)",),
}

# -- preprocessing -----------------------------------------------------------------------------


def _normalization_weights(a, x):
    if not S.is_none(a.mean):
        return {}
    if not S.is_shape(x):
        return {"mean": Unknown("input shape not known")}
    axis = () if S.is_none(a.axis) else (a.axis,) if isinstance(a.axis, int) else a.axis
    ndim = len(x)
    keep = sorted(d + ndim if d < 0 else d for d in axis)
    if any(not 0 <= d < ndim for d in keep) or len(set(keep)) != len(keep):
        return {"mean": Unknown(f"axis {a.axis!r} does not fit the input")}
    n = prod(need(x[d], "normalized axis") for d in keep)
    return {"mean": n, "variance": n, "count": 1}


def _fft_length(a):
    if not S.is_none(a.fft_length):
        return a.fft_length
    if not isinstance(a.frame_length, int):
        raise UnknownBranch(Unknown("frame_length not known statically"))
    return 2 ** int(math.ceil(math.log2(a.frame_length)))


def _stft_weights(a, x):
    n = a.frame_length * (_fft_length(a) // 2 + 1)
    w = {}
    if a.mode != "imag":
        w["real_kernel"] = n
    if a.mode != "real":
        w["imag_kernel"] = n
    return w


def _stft_out(a, x):
    if not S.is_shape(x) or len(x) != 3:
        return None
    fft = _fft_length(a)
    step = a.frame_step
    if S.is_none(step) or not step:
        step = a.frame_length // 2
    channels = x[S.channel_axis(a.data_format)]
    freq = (fft // 2 + 1) * (2 if a.mode == "stft" else 1)
    if channels is None:
        return None
    shape = S.conv_out(x, 1, freq * channels, a.frame_length, step, a.padding, 1,
                       a.data_format)
    if shape is None or not a.expand_dims:
        return shape
    steps = shape[1] if not S.channels_first(a.data_format) else shape[2]
    if S.channels_first(a.data_format):
        return (x[0], channels, steps, freq)
    return (x[0], steps, freq, channels)


def _mel_out(a, x):
    if not S.is_shape(x) or len(x) not in (1, 2):
        return None
    stride = a.sequence_stride
    frames = S.dim_map(lambda n: (n + stride + 1) // stride, x[-1])
    return (a.num_mel_bins, frames) if len(x) == 1 else (x[0], a.num_mel_bins, frames)


def _category_encoding_out(a, x):
    mode = "multi_hot" if a.output_mode == "binary" else a.output_mode
    if S.is_shape(x) and not x:
        return (a.num_tokens,)
    return S.encoding_out(x, mode, a.num_tokens)


def _discretization_out(a, x):
    if a.output_mode == "int":
        return x
    if not S.is_shape(x):
        return None
    bins = a.bin_boundaries
    if S.is_none(bins):
        depth = a.num_bins
    elif isinstance(bins, (list, tuple)):
        depth = len(bins) + 1
    else:
        return None
    if a.output_mode == "one_hot":
        return S.encoding_out(x, "one_hot", depth)
    return (x[0],) + tuple(x[2:]) + (depth,) if len(x) >= 2 else (depth,)


def _hashing_out(a, x):
    if a.output_mode == "int":
        return x
    if not S.is_shape(x):
        return None
    return tuple(x[:-1]) + (a.num_bins,) if x else (a.num_bins,)


def _hashed_crossing_out(a, x):
    shapes = _inputs(x, 2, 2)
    first = shapes[0]
    if a.output_mode == "int":
        return first
    if a.output_mode == "one_hot" and first[-1] != 1:
        return first + (a.num_bins,)
    return first[:-1] + (a.num_bins,)


def _vocabulary_depth(a):
    """Output size of a non-int lookup mode: padded, the given vocabulary, or None
    (Keras' own "not known") before adapt(). The mask token takes no slot."""
    if a.pad_to_max_tokens:
        return a.max_tokens
    vocab = a.vocabulary
    if S.is_none(vocab):
        return None
    if not isinstance(vocab, (list, tuple)) or any(isinstance(v, Unknown) for v in vocab):
        raise UnknownBranch(Unknown("vocabulary not known statically"))
    return len(vocab) + a.num_oov_indices


def _lookup_out(a, x):
    if a.output_mode == "int":
        return x
    if a.invert:
        return None
    return S.encoding_out(x, a.output_mode, _vocabulary_depth(a))


def _text_vectorization_out(a, x):
    if not S.is_shape(x):
        return None
    if a.output_mode == "int":
        return (x[0], a.output_sequence_length)
    if S.is_none(a.split):
        shape = tuple(x) + (1,) if len(x) <= 1 else tuple(x)
    else:
        shape = tuple(x) + (None,)
    depth = a.max_tokens if a.pad_to_max_tokens else None
    if not a.pad_to_max_tokens and not S.is_none(a.vocabulary):
        vocab = a.vocabulary
        if not isinstance(vocab, (list, tuple)):
            return None
        depth = len(vocab) + 1  # one OOV slot, the mask '' takes none
    return S.encoding_out(shape, a.output_mode, depth)


def _resize_out(a, x):
    return S.set_height_width(x, a.height, a.width, a.data_format)


def _random_crop_out(a, x):
    if not S.is_shape(x) or len(x) < 2:
        return None
    out = list(x)
    h, w = (-2, -1) if S.channels_first(a.data_format) else (-3, -2)
    if len(x) < -h:
        return None
    out[h], out[w] = a.height, a.width
    return tuple(out)


_VALUE_RANGE = "value_range=(0, 255)"
_LOOKUP = ("max_tokens=None, num_oov_indices=1, mask_token=None, oov_token={oov}, "
           "vocabulary=None, {dtype}idf_weights=None, invert=False, output_mode='int', ")

PREPROCESSING = {
    "Normalization": _layer(
        "axis=-1, mean=None, variance=None, invert=False, **kwargs",
        _normalization_weights, _same, non_trainable=("mean", "variance", "count"),
        examples=("layers.Normalization()  # input: (None, 5, 3)  params: 7  non_trainable: 7"
                  "  output: (None, 5, 3)",
                  "layers.Normalization(axis=None)  # input: (None, 8)  params: 3  non_trainable: 3"
                  "  output: (None, 8)",
                  "layers.Normalization(axis=(1, 2))  # input: (None, 4, 3, 2)"
                  "  params: 25  non_trainable: 25  output: (None, 4, 3, 2)",
                  "layers.Normalization(mean=3.0, variance=2.0)  # input: (None, 8)  params: 0"
                  "  output: (None, 8)")),
    "Rescaling": _layer("scale, offset=0.0, **kwargs", out=_same,
                        examples=("layers.Rescaling(0.5, offset=-1.0)  # input: (None, 32, 32, 3)"
                                  "  output: (None, 32, 32, 3)",)),
    "Resizing": _layer(
        "height, width, interpolation='bilinear', crop_to_aspect_ratio=False, "
        "pad_to_aspect_ratio=False, fill_mode='constant', fill_value=0.0, antialias=False, "
        "data_format=None, **kwargs",
        out=_resize_out,
        examples=("layers.Resizing(64, 48)  # input: (None, 32, 32, 3)"
                  "  output: (None, 64, 48, 3)",
                  "layers.Resizing(64, 48, data_format='channels_first')"
                  "  # input: (None, 3, None, None)  output: (None, 3, 64, 48)")),
    "CenterCrop": _layer("height, width, data_format=None, **kwargs", out=_resize_out,
                         examples=("layers.CenterCrop(24, 20)  # input: (None, 32, 32, 3)"
                                   "  output: (None, 24, 20, 3)",)),
    "RandomCrop": _layer("height, width, seed=None, data_format=None, name=None, **kwargs",
                         out=_random_crop_out,
                         examples=("layers.RandomCrop(24, 20)  # input: (None, 32, 32, 3)"
                                   "  output: (None, 24, 20, 3)",
                                   "layers.RandomCrop(24, 20, data_format='channels_first')"
                                   "  # input: (None, 3, 32, 32)  output: (None, 3, 24, 20)")),
    "RandomFlip": _layer("mode='horizontal_and_vertical', seed=None, data_format=None, **kwargs",
                         out=_same,
                         examples=("layers.RandomFlip('horizontal')  # input: (None, 32, 32, 3)"
                                   "  output: (None, 32, 32, 3)",)),
    "RandomRotation": _layer(
        "factor, fill_mode='reflect', interpolation='bilinear', seed=None, fill_value=0.0, "
        "data_format=None, **kwargs", out=_same,
        examples=("layers.RandomRotation(0.1)  # input: (None, 32, 32, 3)"
                  "  output: (None, 32, 32, 3)",)),
    "RandomZoom": _layer(
        "height_factor, width_factor=None, fill_mode='reflect', interpolation='bilinear', "
        "seed=None, fill_value=0.0, data_format=None, **kwargs", out=_same,
        examples=("layers.RandomZoom(0.2)  # input: (None, 32, 32, 3)"
                  "  output: (None, 32, 32, 3)",)),
    "RandomTranslation": _layer(
        "height_factor, width_factor, fill_mode='reflect', interpolation='bilinear', "
        "seed=None, fill_value=0.0, data_format=None, **kwargs", out=_same,
        examples=("layers.RandomTranslation(0.1, 0.1)  # input: (None, 32, 32, 3)"
                  "  output: (None, 32, 32, 3)",)),
    "RandomContrast": _layer(
        "factor, " + _VALUE_RANGE + ", seed=None, **kwargs", out=_same,
        examples=("layers.RandomContrast(0.2)  # input: (None, 32, 32, 3)"
                  "  output: (None, 32, 32, 3)",)),
    "RandomBrightness": _layer(
        "factor, " + _VALUE_RANGE + ", seed=None, **kwargs", out=_same,
        examples=("layers.RandomBrightness(0.2)  # input: (None, 32, 32, 3)"
                  "  output: (None, 32, 32, 3)",)),
    "RandomColorDegeneration": _layer(
        "factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs", out=_same),
    "RandomColorJitter": _layer(
        _VALUE_RANGE + ", brightness_factor=None, contrast_factor=None, "
        "saturation_factor=None, hue_factor=None, seed=None, data_format=None, **kwargs",
        out=_same),
    "RandomElasticTransform": _layer(
        "factor=1.0, scale=1.0, interpolation='bilinear', fill_mode='reflect', fill_value=0.0, "
        + _VALUE_RANGE + ", seed=None, data_format=None, **kwargs", out=_same),
    "RandomErasing": _layer(
        "factor=1.0, scale=(0.02, 0.33), fill_value=None, " + _VALUE_RANGE
        + ", seed=None, data_format=None, **kwargs", out=_same),
    "RandomGaussianBlur": _layer(
        "factor=1.0, kernel_size=3, sigma=1.0, " + _VALUE_RANGE
        + ", data_format=None, seed=None, **kwargs", out=_same),
    "RandomGrayscale": _layer("factor=0.5, data_format=None, seed=None, **kwargs", out=_same,
                              examples=("layers.RandomGrayscale()  # input: (None, 32, 32, 3)"
                                        "  output: (None, 32, 32, 3)",)),
    "RandomHue": _layer("factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs",
                        out=_same),
    "RandomInvert": _layer("factor=1.0, " + _VALUE_RANGE + ", seed=None, data_format=None, "
                           "**kwargs", out=_same),
    "RandomPerspective": _layer(
        "factor=1.0, scale=1.0, interpolation='bilinear', fill_value=0.0, seed=None, "
        "data_format=None, **kwargs", out=_same),
    "RandomPosterization": _layer(
        "factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs", out=_same),
    "RandomSaturation": _layer(
        "factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs", out=_same),
    "RandomSharpness": _layer(
        "factor, " + _VALUE_RANGE + ", data_format=None, seed=None, **kwargs", out=_same),
    "RandomShear": _layer(
        "x_factor=0.0, y_factor=0.0, interpolation='bilinear', fill_mode='reflect', "
        "fill_value=0.0, data_format=None, seed=None, **kwargs", out=_same),
    "AugMix": _layer(
        _VALUE_RANGE + ", num_chains=3, chain_depth=3, factor=0.3, alpha=1.0, all_ops=True, "
        "interpolation='bilinear', seed=None, data_format=None, **kwargs", out=_same),
    "AutoContrast": _layer(_VALUE_RANGE + ", **kwargs", out=_same),
    "ContrastLimitedAdaptiveHistogramEqualization": _layer(
        _VALUE_RANGE + ", clip_limit=4.0, tile_grid_size=(8, 8), data_format=None, **kwargs",
        out=_same),
    "CutMix": _layer("factor=1.0, seed=None, data_format=None, **kwargs", out=_same),
    "Equalization": _layer(_VALUE_RANGE + ", bins=256, data_format=None, **kwargs", out=_same),
    "MixUp": _layer("alpha=0.2, data_format=None, seed=None, **kwargs", out=_same),
    "RandAugment": _layer(
        _VALUE_RANGE + ", num_ops=2, factor=0.5, interpolation='bilinear', seed=None, "
        "data_format=None, **kwargs", out=_same),
    "Solarization": _layer(
        "addition_factor=0.0, threshold_factor=0.0, " + _VALUE_RANGE + ", seed=None, **kwargs",
        out=_same),
    "MaxNumBoundingBoxes": _layer("max_number, fill_value=-1, **kwargs", out=_same),
    "CategoryEncoding": _layer(
        "num_tokens=None, output_mode='multi_hot', sparse=False, **kwargs",
        out=_category_encoding_out,
        examples=("layers.CategoryEncoding(num_tokens=10)  # input: (None, 3)"
                  "  output: (None, 10)",
                  "layers.CategoryEncoding(num_tokens=10, output_mode='one_hot')"
                  "  # input: (None, 1)  output: (None, 10)",
                  "layers.CategoryEncoding(num_tokens=10, output_mode='one_hot')"
                  "  # input: (None, 3)  output: (None, 3, 10)")),
    "Discretization": _layer(
        "bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode='int', sparse=False, "
        "dtype=None, name=None",
        out=_discretization_out,
        examples=("layers.Discretization(bin_boundaries=[0.0, 1.0])  # input: (None, 3)"
                  "  output: (None, 3)",
                  "layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode='one_hot')"
                  "  # input: (None, 1)  output: (None, 3)",
                  "layers.Discretization(num_bins=4, output_mode='multi_hot')  # input: (None, 3)"
                  "  output: (None, 4)")),
    "Hashing": _layer(
        "num_bins, mask_value=None, salt=None, output_mode='int', sparse=False, **kwargs",
        out=_hashing_out,
        examples=("layers.Hashing(16)  # input: (None, 3)  output: (None, 3)",
                  "layers.Hashing(16, output_mode='multi_hot')  # input: (None, 3)"
                  "  output: (None, 16)")),
    "HashedCrossing": _layer(
        "num_bins, output_mode='int', sparse=False, name=None, dtype=None, **kwargs",
        out=_hashed_crossing_out, several=True,
        examples=("layers.HashedCrossing(10, output_mode='one_hot')  # input: [(None,), (None,)]"
                  "  output: (None, 10)",)),
    "StringLookup": _layer(
        _LOOKUP.format(oov="'[UNK]'", dtype="") + "pad_to_max_tokens=False, sparse=False, "
        "encoding='utf-8', name=None, salt=None, **kwargs",
        out=_lookup_out,
        examples=("layers.StringLookup(vocabulary=['a', 'b', 'c'])  # input: (None, 4)"
                  "  output: (None, 4)",
                  "layers.StringLookup(vocabulary=['a', 'b', 'c'], output_mode='multi_hot')"
                  "  # input: (None, 4)  output: (None, 4)",
                  "layers.StringLookup(max_tokens=50, output_mode='count', pad_to_max_tokens=True)"
                  "  # input: (None, 4)  output: (None, 50)")),
    "IntegerLookup": _layer(
        _LOOKUP.format(oov="-1", dtype="vocabulary_dtype='int64', ") + "sparse=False, "
        "pad_to_max_tokens=False, oov_method='floormod', salt=None, name=None, **kwargs",
        out=_lookup_out,
        examples=("layers.IntegerLookup(vocabulary=[12, 36, 1138], output_mode='one_hot')"
                  "  # input: (None, 1)  output: (None, 4)",)),
    "TextVectorization": _layer(
        "max_tokens=None, standardize='lower_and_strip_punctuation', split='whitespace', "
        "ngrams=None, output_mode='int', output_sequence_length=None, pad_to_max_tokens=False, "
        "vocabulary=None, idf_weights=None, sparse=False, ragged=False, encoding='utf-8', "
        "name=None, **kwargs",
        out=_text_vectorization_out,
        examples=("layers.TextVectorization(max_tokens=1000, output_sequence_length=20)"
                  "  # input: (None,)  output: (None, 20)",
                  "layers.TextVectorization(1000, output_mode='multi_hot', pad_to_max_tokens=True)"
                  "  # input: (None,)  output: (None, 1000)")),
    "MelSpectrogram": _layer(
        "fft_length=2048, sequence_stride=512, sequence_length=None, window='hann', "
        "sampling_rate=16000, num_mel_bins=128, min_freq=20.0, max_freq=None, "
        "power_to_db=True, top_db=80.0, mag_exp=2.0, min_power=1e-10, ref_power=1.0, **kwargs",
        out=_mel_out,
        examples=("layers.MelSpectrogram()  # input: (None, 16000)  output: (None, 128, 32)",
                  "layers.MelSpectrogram(sequence_stride=160, num_mel_bins=80)"
                  "  # input: (None, 8000)  output: (None, 80, 51)")),
    "STFTSpectrogram": _layer(
        "mode='log', frame_length=256, frame_step=None, fft_length=None, window='hann', "
        "periodic=False, scaling='density', padding='valid', expand_dims=False, "
        "data_format=None, **kwargs",
        _stft_weights, _stft_out,
        examples=("layers.STFTSpectrogram()  # input: (None, 1000, 1)  params: 66048"
                  "  output: (None, 6, 129)",
                  "layers.STFTSpectrogram(mode='stft', frame_length=200, expand_dims=True)"
                  "  # input: (None, 1000, 2)  params: 51600  output: (None, 9, 258, 2)",
                  "layers.STFTSpectrogram('real', 64, 16, padding='same')  # input: (None, 500, 1)"
                  "  params: 2112  output: (None, 32, 33)")),
}

# -- the table ---------------------------------------------------------------------------------

def _table():
    entries = {}
    for group in (CORE, _conv_entries(), _pool_entries(), _rnn_entries(), NORMALIZATION,
                  ATTENTION, ACTIVATIONS, MERGING, _reshaping_entries(), PREPROCESSING):
        entries.update(group)
    for alias, name in KERAS_LAYER_ALIASES.items():
        entries[alias] = entries[name]
    return {f"keras.layers.{name}": spec for name, spec in entries.items()}


LAYERS = _table()
