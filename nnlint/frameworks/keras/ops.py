"""keras.ops (and the tf.* spellings of the same functions) on symbolic tensors.

Shapes follow Keras 3's own shape rules where they are simple; any other op keeps
the graph (its result remembers its input tensors, so a functional model still
reaches the layers before it) with an unknown shape.
"""

from __future__ import annotations

import math

from nnlint.frameworks.keras.runtime import KerasTensor, Weight, op_tensor, tensors_in
from nnlint.frameworks.torch.catalog.shapes import broadcast
from nnlint.interpreter.values import Unknown, UnknownBranch

_SAME = {"relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "gelu", "silu", "swish",
         "abs", "exp", "log", "square", "sqrt", "rsqrt", "negative", "cast", "stop_gradient",
         "identity", "elu", "selu", "softplus", "leaky_relu", "hard_sigmoid", "erf", "sin",
         "cos", "floor", "ceil", "round", "sign", "clip", "convert_to_tensor", "normalize",
         "dropout", "shuffle", "l2_normalize", "linear", "mish", "hard_silu", "hard_swish",
         "softsign"}
_RANDOM_ON_TENSORS = {"dropout", "shuffle"}  # keras.random ops on a tensor, not factories
_BINARY = {"add", "subtract", "multiply", "divide", "maximum", "minimum", "power",
           "true_divide", "floor_divide", "where_no"}
_REDUCE = {"mean", "sum", "max", "min", "prod", "std", "var", "reduce_mean", "reduce_sum",
           "reduce_max", "reduce_min", "argmax", "argmin", "logsumexp", "any", "all"}


def _shape(value):
    if isinstance(value, (KerasTensor, Weight)):
        return value.shape
    if isinstance(value, (int, float)):
        return ()
    return None


def _axes(axis, ndim):
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    if not all(isinstance(a, int) for a in axes):
        return None
    return {a + ndim if a < 0 else a for a in axes}


def call_op(interp, q, args, kwargs, node):
    """The result of ``keras.ops.<name>(...)``; None when this is not a known op."""
    name = q.rsplit(".", 1)[-1]
    tensors = tensors_in(list(args) + list(kwargs.values()))
    x = args[0] if args else None
    xs = _shape(x)
    if name == "epsilon" and q == "keras.backend.epsilon" and not args and not kwargs:
        return 1e-7  # Keras' default fuzz factor (keras.json is not read)
    if name == "shape" or (name == "int_shape" and q == "keras.backend.int_shape"):
        if xs is None:
            return Unknown("shape of a tensor not known", interp.line_of(node))
        return tuple(xs)
    if name in ("zeros", "ones", "empty", "full") or (
            q.startswith("keras.random.") and name not in _RANDOM_ON_TENSORS):
        # a concrete array: calling a model on it builds the model on its shape
        size = args[0] if args else kwargs.get("shape")
        size = (size,) if isinstance(size, int) else size
        if isinstance(size, (tuple, list)) and all(
                isinstance(d, int) and not isinstance(d, bool) for d in size):
            return KerasTensor(tuple(size))
        return KerasTensor(None)
    if name == "arange":
        return KerasTensor(_arange_shape(args, kwargs), None, tensors)
    shape = None
    if name in _SAME:
        shape = xs
    elif name in _BINARY and len(args) >= 2:
        a, b = _shape(args[0]), _shape(args[1])
        shape = broadcast(a, b) if a is not None and b is not None else None
    elif name in _REDUCE and xs is not None:
        axis = args[1] if len(args) > 1 else kwargs.get("axis")
        keep = kwargs.get("keepdims", args[2] if len(args) > 2 else False)
        if axis is None:
            shape = () if keep is False else None
        else:
            axes = _axes(axis, len(xs))
            if axes is not None and isinstance(keep, bool):
                shape = tuple(1 if i in axes else d for i, d in enumerate(xs)) if keep else \
                    tuple(d for i, d in enumerate(xs) if i not in axes)
    elif name in ("concatenate", "concat"):
        items = x if isinstance(x, (list, tuple)) else None
        axis = args[1] if len(args) > 1 else kwargs.get("axis", -1 if "keras" in q else 0)
        shape = _concat([_shape(t) for t in items] if items else None, axis)
    elif name == "reshape":
        shape = _reshape(xs, args[1] if len(args) > 1 else kwargs.get(
            "newshape", kwargs.get("new_shape")))
    elif name == "extract_patches" and q.startswith("keras.ops.image."):
        shape = _patches(interp, xs, args, kwargs)
    elif name == "expand_dims" and xs is not None:
        axis = args[1] if len(args) > 1 else kwargs.get("axis")
        if isinstance(axis, int):
            a = axis + len(xs) + 1 if axis < 0 else axis
            shape = tuple(xs[:a]) + (1,) + tuple(xs[a:])
    elif name == "squeeze" and xs is not None:
        axis = args[1] if len(args) > 1 else kwargs.get("axis")
        if isinstance(axis, int) and -len(xs) <= axis < len(xs) and xs[axis] == 1:
            a = axis % len(xs)
            shape = tuple(xs[:a]) + tuple(xs[a + 1:])
        elif axis is None and None not in xs:
            shape = tuple(d for d in xs if d != 1)
    elif name == "transpose" and xs is not None:
        axes = args[1] if len(args) > 1 else kwargs.get("axes")
        if axes is None:
            shape = tuple(reversed(xs))
        elif isinstance(axes, (list, tuple)) and len(axes) == len(xs):
            shape = tuple(xs[a] for a in axes)
    elif name == "matmul" and len(args) >= 2:
        a, b = _shape(args[0]), _shape(args[1])
        if a is not None and b is not None and len(a) >= 2 and len(b) >= 2:
            shape = tuple(a[:-1]) + (b[-1],)
    if not tensors:
        # an op on a layer's own weights (x * ops.convert_to_tensor(self.gamma)): a
        # tensor of the graph's constants, its shape as computed
        if shape is not None and any(isinstance(v, Weight) for v in args):
            return KerasTensor(shape)
        return None
    return op_tensor(shape, tensors, name)


def _int(d):
    return isinstance(d, int) and not isinstance(d, bool)


def _arange_shape(args, kwargs):
    """arange is always 1-D; its length where every bound is a known int. A bound that is
    None here is a size not known statically (a dynamic dimension), not Keras' "no stop"."""
    bounds = dict(zip(("start", "stop", "step"), args))
    bounds.update((k, v) for k, v in kwargs.items() if k in ("start", "stop", "step"))
    if "stop" not in bounds:  # arange(n) counts from 0 to n
        bounds = {"start": 0, "stop": bounds.get("start"), "step": bounds.get("step", 1)}
    nums = [bounds.get("start", 0), bounds.get("stop"), bounds.get("step", 1)]
    if nums[2] == 0 and _int(nums[2]):
        return None  # Keras raises
    if all(_int(n) for n in nums):
        return (len(range(*nums)),)
    return (None,)


def _reshape(xs, new):
    """Keras' compute_reshape_output_shape. Where a size is None (in the input or in the new
    shape) a -1 stays None; a new shape of known sizes must keep the number of elements."""
    new = (new,) if _int(new) else new
    if not isinstance(new, (list, tuple)) or not all(d is None or _int(d) for d in new):
        return None
    new = tuple(new)
    if new.count(-1) > 1 or any(d is not None and d < -1 for d in new):
        return None  # Keras raises
    if None in new or (xs is not None and None in xs):
        return tuple(None if d == -1 else d for d in new)
    if xs is None:
        return None
    total, known = math.prod(xs), math.prod(d for d in new if d != -1)
    if -1 not in new:
        return new if known == total else None
    if known == 0 or total % known:
        return None
    return tuple(total // known if d == -1 else d for d in new)


def _patches(interp, xs, args, kwargs):
    """ExtractPatches.compute_output_spec: a convolution of the images whose filters are
    the patch volume times the channels, strides defaulting to the patch size; 2-D patches
    for an int or 2 sizes, 3-D for 3; an unbatched input gives an unbatched result."""
    from nnlint.frameworks.keras.catalog import shapes as S
    from nnlint.frameworks.keras.runtime import image_data_format
    names = ("images", "size", "strides", "dilation_rate", "padding", "data_format")
    a = {"strides": None, "dilation_rate": 1, "padding": "valid", "data_format": None}
    a.update(zip(names, args))
    a.update((k, v) for k, v in kwargs.items() if k in names)
    size = (a.get("size"),) * 2 if _int(a.get("size")) else a.get("size")
    if not isinstance(size, (tuple, list)) or len(size) not in (2, 3) or \
            not all(_int(d) for d in size) or a["padding"] not in ("valid", "same"):
        return None
    rank = len(size)
    if xs is None or len(xs) not in (rank + 1, rank + 2):
        return None
    fmt = a["data_format"] if a["data_format"] is not None else image_data_format(interp)
    images = (1,) + tuple(xs) if len(xs) == rank + 1 else tuple(xs)
    try:
        channels = images[1] if S.channels_first(fmt) else images[-1]
        if channels is None:
            return None  # Keras multiplies by it and raises
        out = S.conv_out(images, rank, math.prod(size) * channels, tuple(size),
                         size if a["strides"] is None else a["strides"], a["padding"],
                         a["dilation_rate"], fmt)
    except (UnknownBranch, TypeError, ValueError, ArithmeticError):
        return None
    if out is None:
        return None
    return tuple(out[1:]) if len(xs) == rank + 1 else out


def _concat(shapes, axis):
    if not shapes or any(s is None for s in shapes) or not isinstance(axis, int):
        return None
    if len({len(s) for s in shapes}) != 1:
        return None
    n = len(shapes[0])
    a = axis + n if axis < 0 else axis
    out = list(shapes[0])
    sizes = [s[a] for s in shapes]
    out[a] = None if any(d is None for d in sizes) else sum(sizes)
    return tuple(out)
