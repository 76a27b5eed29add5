"""Output-shape arithmetic of keras.layers, ported from Keras 3's compute_output_shape.

Shapes are tuples that include the batch dimension; ``None`` is a size not known
statically. Every function returns ``None`` where Keras itself could not give a
shape (or would raise), never a guess. Dimensions may also be `Unknown`
(an argument nnlint could not evaluate): arithmetic absorbs it, and a test on it
raises `UnknownBranch`, which `entries.layer` turns into "shape not known".
"""

from __future__ import annotations

import math
import re

from nnlint.interpreter.values import Unknown, UnknownBranch

# -- small helpers ---------------------------------------------------------------


def is_none(value) -> bool:
    """``value is None``, refusing to decide for an Unknown."""
    if isinstance(value, Unknown):
        raise UnknownBranch(value)
    return value is None


def is_shape(x) -> bool:
    return isinstance(x, tuple)


def is_shape_list(x, n_min=1, n_max=None) -> bool:
    if not isinstance(x, list) or not all(is_shape(s) for s in x):
        return False
    return len(x) >= n_min and (n_max is None or len(x) <= n_max)


def dim_map(fn, d):
    """``fn(d)``, or None where the dimension is not known."""
    return None if d is None else fn(d)


def standardize_tuple(value, n):
    """Keras' standardize_tuple: ``3`` -> ``(3, 3)``; a sequence must have n items."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) * n
    if isinstance(value, Unknown):
        return (value,) * n
    if isinstance(value, (tuple, list)) and len(value) == n:
        return tuple(value)
    raise UnknownBranch(Unknown(f"expected an int or {n} ints, got {value!r}"))


def pairs(value, n):
    """Padding/cropping: ``1``, ``(1, 2)`` or ``((1, 1), (2, 2))`` -> n (before, after) pairs."""
    if n == 1:
        return (standardize_tuple(value, 2),)
    if isinstance(value, int) and not isinstance(value, bool):
        return ((value, value),) * n
    if isinstance(value, (tuple, list)) and len(value) == n:
        return tuple(standardize_tuple(v, 2) for v in value)
    raise UnknownBranch(Unknown(f"expected {n} paddings, got {value!r}"))


def channels_first(data_format) -> bool:
    """Keras' standardize_data_format; None is the keras.json default, channels_last."""
    if is_none(data_format):
        return False
    fmt = str(data_format).lower()
    if fmt not in ("channels_first", "channels_last"):
        raise UnknownBranch(Unknown(f"data_format {data_format!r}"))
    return fmt == "channels_first"


def channel_axis(data_format) -> int:
    return 1 if channels_first(data_format) else -1


def split_spatial(x, data_format):
    """(batch, spatial dims, channels) of an input shape."""
    if channels_first(data_format):
        return x[0], tuple(x[2:]), x[1]
    return x[0], tuple(x[1:-1]), x[-1]


def join_spatial(batch, spatial, channels, data_format):
    if channels_first(data_format):
        return (batch, channels) + tuple(spatial)
    return (batch,) + tuple(spatial) + (channels,)


def _positive(dims):
    """Keras raises on an output size <= 0: no shape."""
    dims = tuple(dims)
    for d in dims:
        if d is not None and not isinstance(d, Unknown) and d <= 0:
            return None
    return dims


# -- convolution and pooling ---------------------------------------------------------

def _padding(value, allow_causal):
    if not isinstance(value, str):
        raise UnknownBranch(Unknown(f"padding {value!r}"))
    pad = value.lower()
    if pad in ("valid", "same") or (allow_causal and pad == "causal"):
        return pad
    raise UnknownBranch(Unknown(f"padding {value!r}"))


def conv_length(length, kernel, stride, padding, dilation):
    if length is None:
        return None
    if padding == "valid":
        return (length - dilation * (kernel - 1) - 1) // stride + 1
    return (length - 1) // stride + 1  # same, causal


def conv_out(x, rank, filters, kernel_size, strides, padding, dilation_rate, data_format):
    """compute_conv_output_shape for Conv*, Depthwise*, Separable*."""
    if not is_shape(x) or len(x) != rank + 2:
        return None
    kernel = standardize_tuple(kernel_size, rank)
    strides = standardize_tuple(strides, rank)
    dilation = standardize_tuple(dilation_rate, rank)
    pad = _padding(padding, allow_causal=rank == 1)
    batch, spatial, _ = split_spatial(x, data_format)
    out = _positive(conv_length(n, k, s, pad, d)
                    for n, k, s, d in zip(spatial, kernel, strides, dilation))
    return None if out is None else join_spatial(batch, out, filters, data_format)


def deconv_length(length, kernel, stride, padding, output_padding, dilation):
    if length is None:
        return None
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        if is_none(output_padding):
            output_padding = max(kernel, stride) - kernel
        return (length - 1) * stride + kernel + output_padding
    if is_none(output_padding):
        return length * stride
    return (length - 1) * stride + kernel % 2 + output_padding


def deconv_out(x, rank, filters, kernel_size, strides, padding, output_padding,
               dilation_rate, data_format):
    """compute_conv_transpose_output_shape for Conv*Transpose."""
    if not is_shape(x) or len(x) != rank + 2:
        return None
    kernel = standardize_tuple(kernel_size, rank)
    strides = standardize_tuple(strides, rank)
    dilation = standardize_tuple(dilation_rate, rank)
    out_pad = ((None,) * rank if is_none(output_padding)
               else standardize_tuple(output_padding, rank))
    pad = _padding(padding, allow_causal=False)
    batch, spatial, _ = split_spatial(x, data_format)
    out = tuple(deconv_length(n, k, s, pad, p, d)
                for n, k, s, p, d in zip(spatial, kernel, strides, out_pad, dilation))
    return join_spatial(batch, out, filters, data_format)


def pool_out(x, rank, pool_size, strides, padding, data_format):
    """compute_pooling_output_shape (padding is case-sensitive there)."""
    if not is_shape(x) or len(x) != rank + 2 or padding not in ("valid", "same"):
        return None
    pool = standardize_tuple(pool_size, rank)
    strides = pool if is_none(strides) else standardize_tuple(strides, rank)
    batch, spatial, channels = split_spatial(x, data_format)
    if padding == "valid":
        out = _positive(dim_map(lambda n: (n - p) // s + 1, n)
                        for n, p, s in zip(spatial, pool, strides))
    else:
        out = tuple(dim_map(lambda n: (n - 1) // s + 1, n) for n, s in zip(spatial, strides))
    return None if out is None else join_spatial(batch, out, channels, data_format)


def global_pool_out(x, rank, data_format, keepdims):
    if not is_shape(x) or len(x) != rank + 2:
        return None
    batch, spatial, channels = split_spatial(x, data_format)
    if keepdims:
        return join_spatial(batch, (1,) * len(spatial), channels, data_format)
    return (batch, channels)


def adaptive_pool_out(x, rank, output_size, data_format):
    if not is_shape(x) or len(x) != rank + 2:
        return None
    size = standardize_tuple(output_size, rank)
    batch, _, channels = split_spatial(x, data_format)
    return join_spatial(batch, size, channels, data_format)


# -- reshaping --------------------------------------------------------------------------

def flatten_out(x):
    if not is_shape(x) or not x:
        return None
    rest = x[1:]
    if any(d is None for d in rest):
        return (x[0], None)
    return (x[0], math.prod(rest) if rest else 1)


def reshape_out(x, target_shape):
    """compute_reshape_output_shape on the non-batch dims."""
    if not is_shape(x) or not isinstance(target_shape, (tuple, list)):
        return None
    target = tuple(d if isinstance(d, int) and not isinstance(d, bool) else None
                   for d in target_shape)
    if target.count(-1) > 1 or any(d is not None and d < -1 for d in target):
        return None
    rest = x[1:]
    if None in rest or None in target or any(isinstance(d, Unknown) for d in rest):
        return (x[0],) + tuple(None if d == -1 else d for d in target)
    size = math.prod(rest)
    known = math.prod(d for d in target if d != -1)
    if -1 not in target:
        return (x[0],) + target if known == size else None
    if known == 0 or size % known:
        return None
    return (x[0],) + tuple(size // known if d == -1 else d for d in target)


def permute_out(x, dims):
    if not is_shape(x) or not isinstance(dims, (tuple, list)) or len(dims) != len(x) - 1:
        return None
    if sorted(dims) != list(range(1, len(x))):
        return None
    return (x[0],) + tuple(x[d] for d in dims)


def pad_out(x, rank, padding, data_format, sign=1):
    """ZeroPadding (sign 1) and Cropping (sign -1)."""
    if not is_shape(x) or len(x) != rank + 2:
        return None
    amounts = pairs(padding, rank)
    batch, spatial, channels = split_spatial(x, data_format)
    out = _positive(dim_map(lambda n: n + sign * (a + b), n)
                    for n, (a, b) in zip(spatial, amounts))
    return None if out is None else join_spatial(batch, out, channels, data_format)


def upsample_out(x, rank, size, data_format):
    if not is_shape(x) or len(x) != rank + 2:
        return None
    size = standardize_tuple(size, rank)
    batch, spatial, channels = split_spatial(x, data_format)
    out = tuple(dim_map(lambda n: n * s, n) for n, s in zip(spatial, size))
    return join_spatial(batch, out, channels, data_format)


# -- merging ----------------------------------------------------------------------------

def _broadcast(shape1, shape2):
    """Merge._compute_elemwise_op_output_shape."""
    if len(shape1) < len(shape2):
        shape1, shape2 = shape2, shape1
    if not shape2:
        return shape1
    out = list(shape1[: len(shape1) - len(shape2)])
    for i, j in zip(shape1[len(shape1) - len(shape2):], shape2):
        if i is None or j is None:
            out.append(None)
        elif i == 1:
            out.append(j)
        elif j == 1 or i == j:
            out.append(i)
        else:
            return None
    return tuple(out)


def elementwise_out(xs, n_inputs=None):
    """Add, Subtract, Multiply, Average, Maximum, Minimum."""
    if not is_shape_list(xs, 2 if n_inputs is None else n_inputs, n_inputs):
        return None
    out = xs[0][1:]
    for s in xs[1:]:
        out = _broadcast(out, s[1:])
        if out is None:
            return None
    batches = {s[0] for s in xs} - {None}
    return ((batches.pop() if len(batches) == 1 else None),) + tuple(out)


def concatenate_out(xs, axis):
    if not is_shape_list(xs, 1) or len({len(s) for s in xs}) != 1:
        return None
    rank = len(xs[0])
    if not -rank <= axis < rank:
        return None
    out = list(xs[0])
    for s in xs[1:]:
        if out[axis] is None or s[axis] is None:
            out[axis] = None
            break
        out[axis] += s[axis]
    return tuple(out)


def dot_out(xs, axes):
    if not is_shape_list(xs, 2, 2):
        return None
    shape1, shape2 = list(xs[0]), list(xs[1])
    if isinstance(axes, int):
        axes = [axes % len(shape1), axes % len(shape2)] if axes < 0 else [axes, axes]
    shape1.pop(axes[0])
    shape2.pop(axes[1])
    shape2.pop(0)
    out = shape1 + shape2
    return tuple(out + [1] if len(out) == 1 else out)


# -- recurrent --------------------------------------------------------------------------

def rnn_out(x, units, return_sequences, return_state, n_states):
    """RNN.compute_output_shape: with return_state, a list [output, *states]."""
    if not is_shape(x) or len(x) != 3:
        return None
    batch, steps = x[0], x[1]
    out = (batch, steps, units) if return_sequences else (batch, units)
    if return_state:
        return [out] + [(batch, units)] * n_states
    return out


def conv_rnn_out(x, rank, a):
    """ConvLSTM: the cell's conv output on one step, per step or last."""
    if not is_shape(x) or len(x) != rank + 3:
        return None
    batch, steps = x[0], x[1]
    step = conv_out((batch,) + tuple(x[2:]), rank, a.filters, a.kernel_size, a.strides,
                    a.padding, a.dilation_rate, a.data_format)
    if step is None:
        return None
    out = (batch, steps) + step[1:] if a.return_sequences else step
    if a.return_state:
        return [out, step, step]
    return out


# -- einsum ------------------------------------------------------------------------------

def analyze_einsum(equation, bias_axes, x, output_shape):
    """EinsumDense's _analyze_einsum_string.

    Returns (kernel_shape, bias_shape or None, full output shape), or None where
    the equation is not one Keras accepts.
    """
    if not isinstance(equation, str) or not is_shape(x):
        return None
    dotted = re.sub(r"\.\.\.", "0", equation)
    for pattern, left in ((r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", False),
                          (r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", True),
                          (r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", False)):
        match = re.match(pattern, dotted)
        if match:
            return _einsum_shapes(*match.groups(), bias_axes, x, output_shape, left)
    return None


def _einsum_shapes(in_spec, w_spec, out_spec, bias_axes, x, output_shape, left_elided):
    elided = len(x) - len(in_spec)
    if isinstance(output_shape, int):
        out = [output_shape]
    elif isinstance(output_shape, (tuple, list)):
        out = list(output_shape)
    else:
        return None
    out.insert(0, x[0])
    if elided > 0 and left_elided:
        for i in range(1, elided):
            out.insert(1, x[i])
    elif elided > 0:
        out.extend(x[len(x) - elided:])
    if left_elided:
        in_map = {c: i + elided - len(x) for i, c in enumerate(in_spec)}
        out_map = {c: i + elided for i, c in enumerate(out_spec)}
    else:
        in_map = {c: i for i, c in enumerate(in_spec)}
        out_map = {c: i for i, c in enumerate(out_spec)}
    try:
        for c in in_spec:
            if c in out_map and out[out_map[c]] is not None and out[out_map[c]] != x[in_map[c]]:
                return None
        if any(c not in in_spec and c not in w_spec for c in out_spec):
            return None
        kernel = []
        for c in w_spec:
            if c in out_map:
                kernel.append(out[out_map[c]])
            elif c in in_map:
                kernel.append(x[in_map[c]])
            else:
                return None
        bias = None
        if not is_none(bias_axes):
            if any(c not in out_spec for c in bias_axes):
                return None
            shift = elided if left_elided else 0
            by_char = {c: out[i + shift] for i, c in enumerate(out_spec)}
            first = min(out_spec.find(c) for c in bias_axes)
            bias = [by_char[c] if c in bias_axes else 1 for c in out_spec[first:]]
            if not left_elided:
                bias += [1] * max(elided, 0)
    except IndexError:
        return None
    return kernel, bias, tuple(out)


# -- preprocessing ----------------------------------------------------------------------

def set_height_width(x, height, width, data_format):
    """Resizing / CenterCrop: rank 4 is batched, rank 3 is one image (as Keras reads it)."""
    if not is_shape(x) or len(x) not in (3, 4):
        return None
    out = list(x)
    first = (2 if len(x) == 4 else 1) if channels_first(data_format) else (1 if len(x) == 4 else 0)
    out[first], out[first + 1] = height, width
    return tuple(out)


def encoding_out(x, output_mode, depth):
    """CategoryEncoding / Hashing / lookup layers in one_hot, multi_hot, count, tf_idf modes."""
    if not is_shape(x):
        return None
    if output_mode == "one_hot":
        if len(x) > 1 and x[-1] == 1:
            return tuple(x[:-1]) + (depth,)
        return tuple(x) + (depth,)
    if output_mode in ("multi_hot", "count", "tf_idf"):
        return tuple(x[:-1]) + (depth,)
    return None
