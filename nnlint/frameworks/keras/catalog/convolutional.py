"""Convolutions (keras/src/layers/convolutional): Conv, ConvTranspose, DepthwiseConv
and SeparableConv in 1, 2 and 3 dimensions, with the arguments their __init__ refuses.
"""

from __future__ import annotations

from nnlint.catalog.spec import Refused, holds, is_int, known_value, need, prod
from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import REG_TAIL, kernel_weights, layer
from nnlint.interpreter.values import Unknown


# the InputSpec of the built layer (verified with Keras 3: a later call on another size raises)
def _channel_axis_spec(a, shape):
    return None, 1 if S.channels_first(a.data_format) else -1


def _transpose_kernel_last(a, shape):
    """A transposed convolution's kernel is (..., filters, input channels)."""
    return shape[1] if S.channels_first(a.data_format) else shape[-1]


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


_ONES = {1: "1", 2: "(1, 1)", 3: "(1, 1, 1)"}
_CONV_TAIL = ("activation=None, use_bias=True, kernel_initializer='glorot_uniform', "
              "bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, "
              + REG_TAIL + ", **kwargs")


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
        return kernel_weights(a, k + (channels // a.groups, a.filters),
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
        entries[f"Conv{n}D"] = layer(
           f"filters, kernel_size, strides={one}, padding='valid', data_format=None, "
           f"dilation_rate={one}, groups=1, " + _CONV_TAIL,
           *_conv(n), non_trainable=("frozen_kernel",), examples=_CONV_EXAMPLES[n],
           refuses=_conv_refuses(n), refused=_CONV_REFUSED.get(n, ()),
           input_spec=_channel_axis_spec, kernel_last=lambda a, x: a.filters)
        order = ("data_format=None, output_padding=None" if n == 3
                 else "output_padding=None, data_format=None")
        entries[f"Conv{n}DTranspose"] = layer(
           f"filters, kernel_size, strides={one}, padding='valid', {order}, "
           f"dilation_rate={one}, " + _CONV_TAIL,
           *_conv_transpose(n), examples=_TRANSPOSE_EXAMPLES[n],
           refuses=_conv_refuses(n, "transpose"), refused=_TRANSPOSE_REFUSED.get(n, ()),
           input_spec=_channel_axis_spec, kernel_last=_transpose_kernel_last)
    for n in (1, 2):
        one = _ONES[n]
        entries[f"DepthwiseConv{n}D"] = layer(
           f"kernel_size, strides={one}, padding='valid', depth_multiplier=1, "
           f"data_format=None, dilation_rate={one}, activation=None, use_bias=True, "
           "depthwise_initializer='glorot_uniform', bias_initializer='zeros', "
           "depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None, "
           "depthwise_constraint=None, bias_constraint=None, **kwargs",
           *_depthwise(n), examples=_DEPTHWISE_EXAMPLES[n],
           refuses=_conv_refuses(n, "depthwise"), refused=_DEPTHWISE_REFUSED.get(n, ()),
           input_spec=_channel_axis_spec, kernel_last=lambda a, x: a.depth_multiplier)
        entries[f"SeparableConv{n}D"] = layer(
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


LAYERS = _conv_entries()
