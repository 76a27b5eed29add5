"""Multiply-accumulates (MACs) of a Keras model's forward pass, from its layers' shapes.

The convention is PyTorch's own counter, `torch.utils.flop_counter.FlopCounterMode`
(Keras 3 on the torch backend runs torch ops, so the same counter applies), which
counts 2 FLOPs per MAC: matmuls (Dense, the recurrent gates step by step, attention's
projections and its two batched matmuls) and convolutions (grouped, depthwise,
separable, transposed); bias adds, norms, activations, pooling, merges, reshapes and
embedding lookups count 0. A layer with no formula here is not known: the model's
MACs are then a lower bound (`exact` False), never a guess.

Each formula gets the layer's bound arguments, its input shape and its output shape
(batch first) and answers the MACs of ONE sample (an int), or None when not known;
`model_macs` multiplies by the batch. Numbers checked against the counter by
tests/test_keras_macs.py (values measured with the oracle's Keras 3 on torch).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nnlint.catalog.spec import prod
from nnlint.interpreter.objects import External
from nnlint.interpreter.runtime import TensorObject
from nnlint.frameworks.keras.catalog import shapes as S

# -- one layer ---------------------------------------------------------------------------


def _ints(*dims) -> bool:
    return all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in dims)


def _shape(x, rank=None):
    """x as a known tuple shape (batch first, the batch may be None), or None."""
    if not isinstance(x, tuple) or not x or not _ints(*x[1:]):
        return None
    return x if rank is None or len(x) == rank else None


def _plain(a) -> bool:
    """Not LoRA nor quantized: one kernel, used as written."""
    rank = a.get("lora_rank")
    return (S.is_none(rank) or not rank) and S.is_none(a.get("quantization_config")) and not (
        isinstance(a.get("dtype"), str) and a.get("dtype").startswith(
            ("int8", "int4", "float8", "gptq", "awq")))


def _dense(a, x, out):
    x = _shape(x)
    if x is None or len(x) < 2 or not _ints(a.units) or not _plain(a):
        return None
    return prod(x[1:-1]) * x[-1] * a.units


def _split(a, x, out, rank):
    """(input channels, output channels, input spatial, output spatial) or None."""
    x, out = _shape(x, rank + 2), _shape(out, rank + 2)
    if x is None or out is None:
        return None
    if S.channels_first(a.data_format):
        return x[1], out[1], x[2:], out[2:]
    return x[-1], out[-1], x[1:-1], out[1:-1]


def _kernel(a, rank):
    k = S.standardize_tuple(a.kernel_size, rank)
    return prod(k) if _ints(*k) else None


def _conv(rank):
    def macs(a, x, out):
        parts, k = _split(a, x, out, rank), _kernel(a, rank)
        if parts is None or k is None or not _ints(a.groups) or not a.groups or not _plain(a):
            return None
        cin, cout, _, spatial = parts
        return cout * prod(spatial) * (cin // a.groups) * k
    return macs


def _conv_transpose(rank):
    def macs(a, x, out):  # the counter counts a transposed convolution over its input
        parts, k = _split(a, x, out, rank), _kernel(a, rank)
        if parts is None or k is None:
            return None
        cin, cout, spatial, _ = parts
        return cin * cout * prod(spatial) * k
    return macs


def _depthwise(rank):
    def macs(a, x, out):  # groups = input channels: one kernel per output channel
        parts, k = _split(a, x, out, rank), _kernel(a, rank)
        return None if parts is None or k is None else parts[1] * prod(parts[3]) * k
    return macs


def _separable(rank):
    def macs(a, x, out):  # depthwise, then a 1x1 convolution on cin * depth_multiplier
        parts, k = _split(a, x, out, rank), _kernel(a, rank)
        if parts is None or k is None or not _ints(a.depth_multiplier):
            return None
        cin, cout, _, spatial = parts
        depth = cin * a.depth_multiplier
        return depth * prod(spatial) * k + cout * prod(spatial) * depth
    return macs


def _recurrent(gates):
    """The input and recurrent matmuls of every step: T x gates*units x (input + units)."""
    def macs(a, x, out):
        x = _shape(x, 3)
        if x is None or not _ints(a.units):
            return None
        return x[1] * gates * a.units * (x[2] + a.units)
    return macs


def _zero(a, x, out):
    return 0


# layers the counter sees no matmul or convolution in (norms, activations, pooling,
# merges but Dot, reshapes, dropout and noise, embedding lookups, preprocessing arithmetic)
_ZERO = (
    "Embedding", "Identity", "Masking", "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU",
    "Softmax", "BatchNormalization", "LayerNormalization", "GroupNormalization",
    "UnitNormalization", "RMSNormalization", "Dropout", "SpatialDropout1D",
    "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout", "GaussianNoise",
    "AlphaDropout", "ActivityRegularization", "Add", "Subtract", "Multiply", "Average",
    "Maximum", "Minimum", "Concatenate", "Flatten", "Reshape", "Permute", "RepeatVector",
    "Cropping1D", "Cropping2D", "Cropping3D", "ZeroPadding1D", "ZeroPadding2D",
    "ZeroPadding3D", "UpSampling1D", "UpSampling2D", "UpSampling3D", "Rescaling",
    "Normalization",
    "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
    "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
    "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D",
    "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D", "GlobalAvgPool1D",
    "GlobalAvgPool2D", "GlobalAvgPool3D",
)

def _gru(a, x, out):
    # reset_after=False measures more than the gates' matmuls: not modelled
    return _recurrent(3)(a, x, out) if a.reset_after is True else None


def _three(x, n):
    """The shapes of a call on 2 or 3 tensors of rank 3 (one tensor: all the same)."""
    if isinstance(x, tuple):
        x = [x] * n
    if not isinstance(x, list) or not 2 <= len(x) <= 3:
        return None
    shapes = [_shape(s, 3) for s in x]
    return None if any(s is None for s in shapes) else shapes


def _multi_head_attention(a, x, out):
    """Projections of query, key and value, QK^T and AV per head, the output projection."""
    shapes = _three(x, 2)
    if shapes is None or not S.is_none(a.attention_axes) or not _plain(a):
        return None
    (_, lq, dq), (_, lv, dv) = shapes[0], shapes[1]
    _, lk, dk = shapes[2] if len(shapes) == 3 else shapes[1]
    h, k = a.num_heads, a.key_dim
    v = k if S.is_none(a.value_dim) else a.value_dim
    o = dq if S.is_none(a.output_shape) else a.output_shape
    if not _ints(h, k, v, o) or lk != lv:
        return None
    return (lq * dq * h * k + lk * dk * h * k + lv * dv * h * v
            + h * lq * lk * k + h * lq * lk * v + lq * h * v * o)


def _attention(a, x, out):
    """Dot-product attention: the scores QK^T, then the weighted sum of the values."""
    shapes = _three(x, 2)
    if shapes is None or a.score_mode != "dot":
        return None
    (_, lq, d), (_, lv, dv) = shapes[0], shapes[1]
    return lq * lv * d + lq * lv * dv


def _dot(a, x, out):
    """Two rank-3 tensors contracted on one axis each: a batched matmul."""
    shapes = _three(x, 2)
    if shapes is None or len(shapes) != 2 or not isinstance(a.axes, (int, tuple, list)):
        return None
    axes = (a.axes, a.axes) if isinstance(a.axes, int) else tuple(a.axes)
    if len(axes) != 2 or not all(i in (1, 2, -1, -2) for i in axes):
        return None
    left, right = shapes
    if left[axes[0]] != right[axes[1]]:
        return None
    return prod(left[1:]) * prod(right[1:]) // left[axes[0]]


def _einsum_dense(a, x, out):
    """torch.einsum of the input and the kernel runs as one batched matmul over every
    letter found in two of the three terms; a letter of one term alone is summed first."""
    x, equation = _shape(x), a.equation
    if x is None or not isinstance(out, tuple) or not isinstance(equation, str) or \
            "." in equation or not _plain(a):
        return None
    try:
        left, result = equation.split("->")
        inp, kernel = left.split(",")
    except ValueError:
        return None
    if len(inp) != len(x) or len(result) != len(out):
        return None
    sizes = {c: d for c, d in zip(result[1:], out[1:]) if d is not None}
    sizes.update(zip(inp[1:], x[1:]))  # the input's sizes are all known
    sizes[inp[0]] = 1  # the batch: MACs of one sample
    terms = (set(inp), set(kernel), set(result))
    used = [c for c in set(inp) | set(kernel) | set(result) if sum(c in t for t in terms) >= 2]
    if any(c not in sizes or not _ints(sizes[c]) for c in used):
        return None
    return prod(sizes[c] for c in used)


FORMULAS = {name: _zero for name in _ZERO}
FORMULAS.update({"Dense": _dense, "LSTM": _recurrent(4), "GRU": _gru,
                 "MultiHeadAttention": _multi_head_attention, "Attention": _attention,
                 "Dot": _dot, "EinsumDense": _einsum_dense})
for _n in (1, 2, 3):
    FORMULAS[f"Conv{_n}D"] = FORMULAS[f"Convolution{_n}D"] = _conv(_n)
    FORMULAS[f"Conv{_n}DTranspose"] = FORMULAS[f"Convolution{_n}DTranspose"] = \
        _conv_transpose(_n)
for _n in (1, 2):
    FORMULAS[f"DepthwiseConv{_n}D"] = _depthwise(_n)
    FORMULAS[f"SeparableConv{_n}D"] = FORMULAS[f"SeparableConvolution{_n}D"] = _separable(_n)


def _known_activation(a) -> bool:
    """No activation, or one of Keras' own (a user's function may do anything)."""
    fn = a.get("activation")
    return fn is None or isinstance(fn, str) or isinstance(fn, External) and \
        fn.qualname.startswith(("keras.activations.", "keras.ops."))


def layer_macs(spec, args, x, out):
    """MACs of one sample through a catalogue layer called on `x` giving `out`, or None."""
    formula = FORMULAS.get(spec.short_name) if spec is not None else None
    if formula is None or not _known_activation(args):
        return None
    try:
        value = formula(args, x, out)
    except (TypeError, ValueError, ArithmeticError, AttributeError, IndexError):
        return None
    return value if _ints(value) else None


# operations on tensors (keras.ops, tensor arithmetic, methods) the counter sees no matmul or
# convolution in; any other one (matmul, einsum, dot, tensordot, conv, an unknown name) may
# multiply, and makes the MACs around it a lower bound
ZERO_OPS = frozenset({
    "+", "-", "*", "/", "**", "getitem", "negative", "relu", "relu6", "sigmoid", "tanh",
    "softmax", "log_softmax", "gelu", "silu", "swish", "hard_sigmoid", "hard_silu",
    "hard_swish", "leaky_relu", "elu", "selu", "softplus", "softsign", "abs", "exp", "log",
    "square", "sqrt", "rsqrt", "power", "erf", "cast", "stop_gradient", "identity", "add",
    "subtract", "multiply", "divide", "true_divide", "maximum", "minimum", "clip", "where",
    "mean", "sum", "max", "min", "var", "std", "moments", "reshape", "transpose",
    "concatenate", "concat", "stack", "split", "expand_dims", "squeeze", "tile", "repeat",
    "pad", "flatten", "zeros_like", "ones_like", "shape", "convert_to_tensor", "cumsum",
    "average_pool", "max_pool", "one_hot", "take", "gather", "argmax", "argmin",
})

# -- a model -----------------------------------------------------------------------------


@dataclass
class Cost:
    """One sample through a model: total MACs known (a lower bound unless `exact`) and the
    MACs of each of its layers (None: not known)."""

    total: int = 0
    exact: bool = True
    layers: dict = field(default_factory=dict)  # id(layer) -> MACs or None

    def add(self, layer, macs):
        if macs is None:
            self.exact = False
        else:
            self.total += macs
        if id(layer) in self.layers:
            before = self.layers[id(layer)]
            macs = None if before is None or macs is None else before + macs
        self.layers[id(layer)] = macs


def model_cost(model, depth=0) -> Cost:
    """The MACs of one sample through `model` (Sequential, functional or subclassed)."""
    cost = Cost()
    calls, partial = _calls(model)
    if calls is None or depth > 8:
        cost.exact = False
        return cost
    for layer, x, out in calls:
        cost.add(layer, call_macs(layer, x, out, depth))
    if partial:
        cost.exact = False
    return cost


def call_macs(layer, x, out, depth=0):
    """One sample through one call of `layer`, or None when not known."""
    if layer.kind == "input":
        return 0
    if layer.kind == "layer":
        return layer_macs(layer.spec, layer.args, x, out)
    if not _same_input(_input_shape(layer), x):
        return None  # built for another shape: its layers' shapes here are not known
    if layer.kind == "wrapper":
        return _wrapper_macs(layer, x, depth)
    cost = model_cost(layer, depth + 1)
    return cost.total if cost.exact else None


def _wrapper_macs(layer, x, depth):
    inner = [call_macs(sub, sub.build_shape, sub.out, depth + 1) for sub in layer.inner]
    if not inner or any(m is None for m in inner):
        return None
    if layer.type_name == "Bidirectional":
        return sum(inner)
    if layer.type_name == "TimeDistributed" and isinstance(x, tuple) and len(x) > 1 and \
            _ints(x[1]):
        return x[1] * inner[0]
    return None


def _input_shape(model):
    if model.kind == "functional":
        shapes = [t.shape for t in model.inputs]
        return shapes[0] if len(shapes) == 1 else shapes
    return model.build_shape


def _same_input(a, b):
    """Two input shapes equal but for the batch size."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_input(p, q) for p, q in zip(a, b))
    return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and \
        tuple(a[1:]) == tuple(b[1:])


def _calls(model):
    """(layer, input shape, output shape) of each layer call in one forward of `model`
    (None when not known), and whether some operation between them may have MACs."""
    if model.kind == "sequential":
        calls, cur = [], model.build_shape
        for sub in model.seq_layers:
            if sub.kind == "input":
                cur = sub.declared_shape
                continue
            out = sub.out if _same_input(sub.build_shape, cur) else None
            calls.append((sub, cur, out))
            cur = out
        return calls, False
    if model.kind == "functional":
        return _graph_calls(model)
    if model.kind == "subclass":
        return getattr(model, "macs_calls", None), getattr(model, "macs_partial", True)
    return None, True


def _tensors(value):
    """The Keras tensors in a (nested) list, tuple or dict of them."""
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _tensors(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _tensors(v)]
    return [value] if isinstance(value, TensorObject) and hasattr(value, "layer") else []


def _graph_calls(model):
    """Each call of a layer on the paths from the model's inputs to its outputs, once
    (a layer called twice, shared, is two calls)."""
    inputs = {id(t) for t in model.inputs}
    seen, visited, calls, partial = set(), set(), [], False
    stack = _tensors(model.outputs)
    while stack:
        t = stack.pop()
        if id(t) in visited:  # each tensor once: residual paths meet again
            continue
        visited.add(id(t))
        if id(t) in inputs or t.layer is None:
            if id(t) not in inputs and t.inputs:
                stack.extend(t.inputs)  # an operation on tensors, not a layer
                partial = partial or t.op not in ZERO_OPS
            continue
        key = id(t.call) if t.call is not None else (
            id(t.layer), tuple(id(p) for p in t.inputs))
        if key in seen:
            continue
        seen.add(key)
        shape = t.call_shape
        if shape is None:
            shapes = [p.shape for p in t.inputs]
            shape = shapes[0] if len(shapes) == 1 else shapes
        calls.append((t.layer, shape, t.shape))
        stack.extend(t.inputs)
    return calls, partial
