"""keras.ops (and the tf.* spellings of the same functions) on symbolic tensors.

Shapes follow Keras 3's own shape rules where they are simple; any other op keeps
the graph (its result remembers its input tensors, so a functional model still
reaches the layers before it) with an unknown shape.
"""

from __future__ import annotations

from nnlint.keras_rt import KerasTensor, Weight, _tensors_in
from nnlint.tensor_ops import _broadcast, reshape
from nnlint.values import Unknown

_SAME = {"relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "gelu", "silu", "swish",
         "abs", "exp", "log", "square", "sqrt", "rsqrt", "negative", "cast", "stop_gradient",
         "identity", "elu", "selu", "softplus", "leaky_relu", "hard_sigmoid", "erf", "sin",
         "cos", "floor", "ceil", "round", "sign", "clip", "convert_to_tensor", "normalize",
         "dropout", "l2_normalize", "linear", "mish", "hard_silu", "hard_swish", "softsign"}
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
    tensors = _tensors_in(list(args) + list(kwargs.values()))
    x = args[0] if args else None
    xs = _shape(x)
    if name == "shape":
        if xs is None:
            return Unknown("shape of a tensor not known", interp.line_of(node))
        return tuple(xs)
    if name in ("zeros", "ones", "empty", "full") or q.startswith("keras.random."):
        # a concrete array: calling a model on it builds the model on its shape
        size = args[0] if args else kwargs.get("shape")
        size = (size,) if isinstance(size, int) else size
        if isinstance(size, (tuple, list)) and all(
                isinstance(d, int) and not isinstance(d, bool) for d in size):
            return KerasTensor(tuple(size))
        return KerasTensor(None)
    if name == "arange":
        bounds = dict(zip(("start", "stop", "step"), args))
        bounds.update((k, v) for k, v in kwargs.items() if k in ("start", "stop", "step"))
        if bounds.get("stop") is None:
            bounds.pop("stop", None)
        nums = [bounds.get(k, d) for k, d in (("start", 0), ("stop", None), ("step", 1))]
        if "stop" not in bounds:  # arange(n) counts from 0 to n
            nums = [0, nums[0], nums[2]]
        if all(isinstance(n, int) and not isinstance(n, bool) for n in nums) and nums[2]:
            return KerasTensor((len(range(*nums)),))
        return KerasTensor(None, None, tensors)
    shape = None
    if name in _SAME:
        shape = xs
    elif name in _BINARY and len(args) >= 2:
        a, b = _shape(args[0]), _shape(args[1])
        shape = _broadcast(a, b) if a is not None and b is not None else None
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
    elif name == "reshape" and xs is not None:
        new = args[1] if len(args) > 1 else kwargs.get("newshape", kwargs.get("new_shape"))
        if isinstance(new, (list, tuple)) and all(isinstance(d, int) for d in new) and \
                list(new).count(-1) <= 1:
            # Keras's compute_reshape_output_shape: with a None in the input, -1 is None
            shape = reshape(xs, list(new)) if None not in xs else tuple(
                None if d == -1 else d for d in new)
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
        return None
    return KerasTensor(shape, None, tensors)


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
