"""torch tensor shapes through factories, methods and functions.

Shapes matter where a count needs them (lazy modules, an input size derived
from a dummy forward pass). Anything not modelled gives a tensor of unknown
shape, which is harmless unless a count depends on it.
"""

from __future__ import annotations

import struct

from nnlint import catalog
from nnlint.frameworks.torch.catalog.shapes import broadcast
from nnlint.frameworks.torch.runtime import (LEGACY_CONSTRUCTORS, Param, Storage, Tensor,
                                             TensorValues)
from nnlint.interpreter.objects import Builtin
from nnlint.interpreter.runtime import written
from nnlint.interpreter.values import Unknown

# ------------------------------------------------------------------ known values
# A few tensors have elements known exactly: torch.arange over integers, a torch.linspace
# whose elements are all equal (the stochastic-depth rates of timm-style models when the
# rate is 0), numpy.linspace (float64, replayed operation by operation). Their views
# (indexing, split, iteration) share a Storage; any write through any of them, and any
# hand-off to code nnlint does not follow, forgets the values (forget_values).
MAX_VALUES = 10_000


def _number_not_known(interp, reason, node):
    """A size, a shape or an element: data, never a module or a parameter."""
    return Unknown(reason, interp.line_of(node), inert=True)


def known_values(t):
    """The elements of a 0-d or 1-d tensor when every one is known exactly, else None."""
    v = t.values if isinstance(t, Tensor) else None
    if v is None or not v.storage.valid:
        return None
    return v.data


def _fresh(data, kind="torch"):
    return Tensor((len(data),), TensorValues(data, Storage(), kind))


def _view(t, data, shape):
    return Tensor(shape, TensorValues(data, t.values.storage, t.values.kind))


def _exact_in_every_float_dtype(x) -> bool:
    """x survives float16, bfloat16 and float32 unchanged (0.0, 0.5, 2.0 ...), so the
    default dtype, whatever set_default_dtype made it, cannot change it."""
    try:
        f = float(x)
        half = struct.unpack("<e", struct.pack("<e", f))[0]
        bits = struct.unpack("<I", struct.pack("<f", f))[0]
    except (OverflowError, struct.error):
        return False
    return half == f and struct.unpack("<f", struct.pack("<I", bits & 0xFFFF0000))[0] == f


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _arange_values(args, kwargs):
    # (requires_grad=True on an integer tensor raises in torch: no values then)
    if set(kwargs) - {"device"} or not 1 <= len(args) <= 3:
        return None
    if not all(isinstance(a, int) and not isinstance(a, bool) and abs(a) < 2 ** 62
               for a in args):
        return None
    r = range(*args) if args[-1] != 0 or len(args) < 3 else None
    if r is None or len(r) > MAX_VALUES or (r.step > 0 and r.stop < r.start) or \
            (r.step < 0 and r.stop > r.start):
        return None  # torch raises where the step points away from the end
    return _fresh(tuple(r))


def _linspace_values(args, kwargs):
    names = ("start", "end", "steps")
    bound = dict(zip(names, args))
    for k, v in kwargs.items():
        if k in names and k not in bound:
            bound[k] = v
        elif k not in ("device", "requires_grad"):
            return None
    start, end, steps = (bound.get(n) for n in names)
    if len(args) > 3 or not (_number(start) and _number(end)) or \
            not isinstance(steps, int) or isinstance(steps, bool) or not 0 <= steps <= MAX_VALUES:
        return None
    if not (_exact_in_every_float_dtype(start) and _exact_in_every_float_dtype(end)):
        return None
    if steps <= 2:
        return _fresh((float(start), float(end))[:steps] if steps == 2 else
                      (float(start),) * steps)
    if float(start) == float(end):
        return _fresh((float(start),) * steps)
    return None  # the elements between depend on float32 rounding in torch's kernel


def numpy_linspace(args, kwargs):
    """numpy.linspace(start, stop, num=50, endpoint=True) in float64, replaying numpy's
    operations in order (arange * step + start, last set to stop), so every element is
    the same double numpy computes; None where another form is asked for."""
    names = ("start", "stop", "num", "endpoint")
    bound = dict(zip(names, args))
    for k, v in kwargs.items():
        if k in names and k not in bound:
            bound[k] = v
        else:
            return None
    start, stop = bound.get("start"), bound.get("stop")
    num, endpoint = bound.get("num", 50), bound.get("endpoint", True)
    if len(args) > 4 or not (_number(start) and _number(stop)) or \
            not isinstance(num, int) or isinstance(num, bool) or not 0 <= num <= MAX_VALUES \
            or not isinstance(endpoint, bool):
        return None
    try:
        start, stop = float(start), float(stop)
        div = num - 1 if endpoint else num
        delta = stop - start
        ys = [float(i) for i in range(num)]
        if div > 0:
            step = delta / div
            ys = [y / div * delta for y in ys] if step == 0 else [y * step for y in ys]
        else:
            ys = [y * delta for y in ys]
        ys = [y + start for y in ys]
        if endpoint and num > 1:
            ys[-1] = stop
    except (OverflowError, ZeroDivisionError):
        return None
    if any(y != y or y in (float("inf"), float("-inf")) for y in ys):
        return None
    return _fresh(tuple(ys), "numpy")


def scalar_value(t):
    """The value of a one-element tensor with values (for bool(), float(), int()), or None."""
    data = known_values(t)
    if data is None or t.shape is None or len(data) != 1 or len(t.shape) > 1:
        return None
    return data[0]


def element(t, i):
    """t[i] for an int i on a 1-d tensor with values: a 0-d view (torch), a float (numpy)."""
    data = known_values(t)
    if data is None or t.shape is None or len(t.shape) != 1 or not -len(data) <= i < len(data):
        return None
    if t.values.kind == "numpy":
        return data[i]
    return _view(t, (data[i],), ())


def elements(t):
    """Iteration over a 1-d tensor with values, or None."""
    data = known_values(t)
    if data is None or t.shape is None or len(t.shape) != 1:
        return None
    return [element(t, i) for i in range(len(data))]


def _dims(args, kwargs):
    """Sizes given as ``zeros(2, 3)`` or ``zeros((2, 3))`` or ``size=(2, 3)``."""
    if "size" in kwargs:
        args = [kwargs["size"]]
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = list(args[0])
    if all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        return tuple(args)
    return None


def factory(interp, name, args, kwargs, node):
    if name.endswith("_like"):
        src = args[0] if args else None
        return Tensor(_shape_of(src))
    if name in ("full",):
        return Tensor(_dims(args[:1], kwargs))
    if name == "randint":
        size = kwargs.get("size", args[-1] if args else None)
        return Tensor(_dims([size], {}))
    if name == "tensor":
        return Tensor(_nested_shape(args[0] if args else None))
    if name in LEGACY_CONSTRUCTORS:
        # torch.Tensor(3, 4) is a 3x4 tensor; torch.Tensor([3, 4]) holds the data 3, 4
        if len(args) == 1 and isinstance(args[0], (list, tuple)) and not kwargs:
            return Tensor(_nested_shape(args[0]))
        if args and all(isinstance(a, int) and not isinstance(a, bool) for a in args):
            return Tensor(tuple(args))
        if not args and not kwargs:
            return Tensor((0,))
        return Tensor(None)
    if name == "arange":
        known = _arange_values(args, kwargs)
        if known is not None:
            return known
        nums = [a for a in args if isinstance(a, int)]
        if len(nums) == len(args) and nums:
            return Tensor((len(range(*nums)),))
        return Tensor(None)
    if name == "eye":
        n = args[0] if args else None
        m = args[1] if len(args) > 1 else n
        if isinstance(n, int) and isinstance(m, int):
            return Tensor((n, m))
        return Tensor(None)
    if name == "linspace":
        known = _linspace_values(args, kwargs)
        if known is not None:
            return known
        steps = args[2] if len(args) > 2 else kwargs.get("steps")
        return Tensor((steps,) if isinstance(steps, int) else None)
    return Tensor(_dims(args, kwargs))


_NUMPY_SIZE_AT = {"random": 0, "random_sample": 0, "normal": 2,
                  "uniform": 2, "randint": 2, "standard_normal": 0}


def numpy_factory(name, args, kwargs):
    """numpy arrays are tensors seen through their shape, like torch's."""
    if name in ("zeros", "ones", "empty", "full"):
        size = args[0] if args else kwargs.get("shape")
        return Tensor(_dims([size] if size is not None else [], {}))
    if name in ("rand", "randn"):
        return Tensor(_dims(args, {}))
    if name in ("array", "asarray"):
        data = args[0] if args else None
        return Tensor(data.shape if isinstance(data, Tensor) else _nested_shape(data))
    if name in ("zeros_like", "ones_like", "empty_like"):
        return Tensor(_shape_of(args[0]) if args else None)
    if name == "linspace":
        known = numpy_linspace(args, kwargs)
        if known is not None:
            return known
        num = args[2] if len(args) > 2 else kwargs.get("num", 50)
        return Tensor((num,) if isinstance(num, int) and not isinstance(num, bool) else None)
    if name in _NUMPY_SIZE_AT:
        at = _NUMPY_SIZE_AT[name]
        size = kwargs.get("size", args[at] if len(args) > at else None)
        return Tensor(None if size is None else _dims([size], {}))
    return Tensor(None)


def _nested_shape(data):
    if isinstance(data, (int, float, bool)):
        return ()
    if isinstance(data, (list, tuple)):
        if not data:
            return (0,)
        inner = _nested_shape(data[0])
        if inner is None:
            return None
        return (len(data),) + inner
    return None


def _shape_of(value):
    if isinstance(value, Tensor):
        return value.shape
    if isinstance(value, Param):
        return value.shape
    return None


def _numel(shape):
    n = 1
    for d in shape:
        if d is None:
            return None
        n *= d
    return n


def _norm_dim(d, ndim):
    return d + ndim if d < 0 else d


def reshape(shape, new):
    if len(new) == 1 and isinstance(new[0], (tuple, list)):
        new = list(new[0])
    if not all(isinstance(d, int) for d in new):
        return None
    if -1 in new:
        if shape is None:
            return None
        total = _numel(shape)
        known = 1
        for d in new:
            if d != -1:
                known *= d
        if total is None or known == 0:
            return None
        return tuple(total // known if d == -1 else d for d in new)
    return tuple(new)


def flatten(shape, start=0, end=-1):
    if shape is None or not isinstance(start, int) or not isinstance(end, int):
        return None
    n = len(shape)
    if n == 0:
        return (1,)
    s, e = _norm_dim(start, n), _norm_dim(end, n)
    mid = _numel(shape[s:e + 1])
    return tuple(shape[:s]) + (mid,) + tuple(shape[e + 1:])


def tensor_attribute(interp, t, name, node):
    shape = _shape_of(t)
    if name in ("T", "mT", "H", "mH", "data", "real", "imag", "grad", "flat", "base"):
        written(t)  # views sharing its memory
    if name == "shape":
        if shape is None:
            return _number_not_known(interp, "tensor shape", node)
        return tuple(shape)
    if name == "data" and isinstance(t, Param):
        return t
    if name == "T":
        return Tensor(tuple(reversed(shape)) if shape is not None else None)
    if name in ("mT", "real", "H", "mH"):
        return Tensor(None)
    if name == "requires_grad":
        return t.requires_grad if isinstance(t, Param) else False
    if name == "ndim":
        return len(shape) if shape is not None else _number_not_known(interp, "tensor ndim", node)
    if name == "device" or name == "dtype":
        return _number_not_known(interp, f"tensor {name}", node)
    return Builtin(f"Tensor.{name}", _TensorMethod(name), t)


class _TensorMethod:
    def __init__(self, name):
        self.name = name

    def __call__(self, interp, args, kwargs, node, t):
        shape = _shape_of(t)
        name = self.name
        if name not in _READS_ONLY or "out" in kwargs:
            # written in place (add_, numpy's sort), or a view nnlint does not track
            written(t, kwargs.get("out"))
        if name == "requires_grad_" and isinstance(t, Param):
            flag = args[0] if args else kwargs.get("requires_grad", True)
            if isinstance(flag, (bool, int)):
                t.requires_grad = bool(flag)
            else:
                interp.missing("requires_grad_() with a value not known", node)
            return t
        if name in ("matmul", "mm", "bmm", "__matmul__") and len(args) == 1:
            return product(interp, f"Tensor.{name}()", shape, _shape_of(args[0]))
        if name == "unbind" and shape is not None and not kwargs and len(args) <= 1:
            d = args[0] if args else 0
            if isinstance(d, int) and -len(shape) <= d < len(shape) and \
                    isinstance(shape[d], int) and shape[d] <= 64:
                rest = tuple(shape[:d % len(shape)]) + tuple(shape[d % len(shape) + 1:])
                return tuple(Tensor(rest) for _ in range(shape[d]))
        if name == "size":
            if shape is None:
                return _number_not_known(interp, "tensor size", node)
            if args:
                d = args[0]
                if isinstance(d, int) and -len(shape) <= d < len(shape):
                    v = shape[d]
                    return v if v is not None else _number_not_known(interp, "tensor size", node)
                return _number_not_known(interp, "tensor size", node)
            return tuple(shape)
        if name in ("new_zeros", "new_ones", "new_empty", "new_full", "new_tensor"):
            # a fresh tensor of the given size (only dtype and device come from t)
            if name == "new_tensor":
                return Tensor(_nested_shape(args[0] if args else kwargs.get("data")))
            if name == "new_full":
                return Tensor(_dims(args[:1], {}) if args else None)
            size = args if args else ([kwargs["size"]] if "size" in kwargs else [])
            return Tensor(_dims(list(size), {}) if size else None)
        if name == "numel":
            n = _numel(shape) if shape is not None else None
            return n if n is not None else _number_not_known(interp, "tensor numel", node)
        if name == "dim":
            if shape is None:
                return _number_not_known(interp, "tensor dim", node)
            return len(shape)
        if name in ("view", "reshape"):
            return Tensor(reshape(shape, args))
        if name == "flatten":
            start = args[0] if args else kwargs.get("start_dim", 0)
            end = args[1] if len(args) > 1 else kwargs.get("end_dim", -1)
            return Tensor(flatten(shape, start, end))
        if name in ("permute",):
            dims = list(args[0]) if len(args) == 1 and isinstance(args[0], (tuple, list)) \
                else list(args)
            if shape is None or not all(isinstance(d, int) for d in dims) or \
                    len(dims) != len(shape):
                return Tensor(None)
            return Tensor(tuple(shape[d] for d in dims))
        if name in ("transpose",):
            if shape is None or len(args) != 2 or not all(isinstance(a, int) for a in args):
                return Tensor(None)
            s = list(shape)
            a, b = args
            try:
                s[a], s[b] = s[b], s[a]
            except IndexError:
                return Tensor(None)
            return Tensor(tuple(s))
        if name == "t":
            return Tensor(tuple(reversed(shape)) if shape is not None else None)
        if name == "unsqueeze":
            d = args[0] if args else kwargs.get("dim")
            if shape is None or not isinstance(d, int):
                return Tensor(None)
            d = d + len(shape) + 1 if d < 0 else d
            return Tensor(tuple(shape[:d]) + (1,) + tuple(shape[d:]))
        if name in ("max", "min") and args and isinstance(args[0], (Tensor, Param)):
            import operator
            return binop(interp, operator.add, t, args[0], node)
        if name in ("max", "min", "median", "mode") and (args or "dim" in kwargs):
            # with a dim these give (values, indices)
            reduced = _reduce(shape, args, kwargs)
            return (Tensor(reduced), Tensor(reduced))
        if name in ("mean", "sum", "amax", "amin", "max", "min", "std", "var", "prod"):
            return Tensor(_reduce(shape, args, kwargs))
        if name in _BROADCASTING:
            import operator
            return binop(interp, operator.add, t, args[0] if args else None, node)
        if name == "expand":
            return Tensor(_expand(shape, args))
        if name == "repeat":
            return Tensor(_repeat(shape, args))
        if name in _SAME_SHAPE:
            return Tensor(shape)
        if name in ("item", "tolist"):
            data = known_values(t)
            if data is not None and shape is not None and len(shape) <= 1 and not args \
                    and not kwargs:
                if name == "tolist":
                    return list(data) if len(shape) == 1 else data[0]
                if len(data) == 1:
                    return data[0]
            return _number_not_known(interp, "tensor value", node)
        if name == "split" and known_values(t) is not None and shape is not None and \
                len(shape) == 1 and len(args) == 1 and not kwargs:
            pieces = _split(t, args[0])
            if pieces is not None:
                return pieces
        if name in ("split", "chunk") and shape is not None:
            pieces = _pieces(name, shape, args, kwargs)
            if pieces is not None:
                written(t)  # views nnlint does not track
                return pieces
        if name == "split":
            written(t)  # views nnlint does not track (split sizes not known)
        if interp.trace is not None:
            interp.trace.lost(f"tensor method {name}() not followed")
        if isinstance(t, Param) and name.endswith("_") and not name.startswith("_"):
            # an in-place method not modelled (t_, unsqueeze_, resize_ ...) may reshape it
            t.shape = None
            if name in ("resize_", "resize_as_", "set_"):
                t.numel = Unknown(f"parameter resized by {name}()", interp.line_of(node))
        return Tensor(None)


_SAME_SHAPE = {"contiguous", "relu", "sigmoid", "tanh", "clone", "detach", "float", "half",
               "double", "to", "cuda", "cpu", "abs", "exp", "log", "sqrt", "softmax",
               "log_softmax", "neg", "relu_", "clamp", "masked_fill", "type_as", "long",
               "int", "bool", "requires_grad_", "zero_", "normal_", "uniform_", "fill_",
               "add_", "mul_", "gelu", "silu", "triu", "tril", "triu_", "tril_",
               "fill_diagonal_", "bernoulli_", "exponential_", "log_normal_", "clamp_",
               "div_", "sub_", "copy_", "astype"}
# out-of-place arithmetic: the result broadcasts against the other operand
_BROADCASTING = {"add", "mul", "sub", "div", "pow", "maximum", "minimum", "where_no"}


# methods that neither write into the tensor nor return a view of it: the only ones after
# which its known elements stay known (`split` gives views nnlint tracks)
_READS_ONLY = {"item", "tolist", "size", "numel", "dim", "clone", "sum", "mean", "prod",
               "amax", "amin", "std", "var", "split", "new_zeros", "new_ones", "new_empty",
               "new_full", "new_tensor", "element_size", "nelement", "ndimension",
               "is_contiguous", "is_floating_point", "equal", "allclose"}


def _pieces(name, shape, args, kwargs):
    """The tensors of x.split(size or sizes, dim) / x.chunk(n, dim) by their shapes, or None
    when not known."""
    how = args[0] if args else kwargs.get("split_size_or_sections" if name == "split"
                                           else "chunks")
    dim = args[1] if len(args) > 1 else kwargs.get("dim", 0)
    if not isinstance(dim, int) or not -len(shape) <= dim < len(shape):
        return None
    dim %= len(shape)
    n = shape[dim]
    if not isinstance(n, int):
        return None
    if name == "chunk":
        if not isinstance(how, int) or isinstance(how, bool) or how < 1:
            return None
        how = -(-n // how) if n else 1  # torch.chunk: pieces of ceil(n / chunks)
        name = "split"
    if isinstance(how, int) and not isinstance(how, bool) and how > 0:
        sizes = [how] * (n // how) + ([n % how] if n % how else [])
    elif isinstance(how, (list, tuple)) and all(isinstance(k, int) for k in how) and \
            sum(how) == n:
        sizes = list(how)
    else:
        return None
    if len(sizes) > 64:
        return None
    return tuple(Tensor(tuple(shape[:dim]) + (k,) + tuple(shape[dim + 1:])) for k in sizes)


def _split(t, size):
    """t.split(2) / t.split([1, 3]) on a 1-d tensor with values: views sharing storage."""
    data = known_values(t)
    if isinstance(size, int) and not isinstance(size, bool) and size > 0:
        sizes = [min(size, len(data) - i) for i in range(0, len(data), size)] or [0]
    elif isinstance(size, (list, tuple)) and all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in size) \
            and sum(size) == len(data):
        sizes = list(size)
    else:
        return None
    out, at = [], 0
    for n in sizes:
        out.append(_view(t, data[at:at + n], (n,)))
        at += n
    return tuple(out)


def _expand(shape, sizes):
    """x.expand(4, -1, 8): -1 keeps a size; new leading sizes may be added."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = list(sizes[0])
    if shape is None or len(sizes) < len(shape) or not all(
            isinstance(d, int) and not isinstance(d, bool) for d in sizes):
        return None
    lead = len(sizes) - len(shape)
    out = list(sizes[:lead])
    for old, new in zip(shape, sizes[lead:]):
        if new == -1:
            out.append(old)
        elif old == 1 or old == new:
            out.append(new)
        else:
            return None
    return tuple(out)


def _repeat(shape, reps):
    """x.repeat(4, 1, 1): sizes multiply; extra leading repeats add dimensions."""
    if len(reps) == 1 and isinstance(reps[0], (tuple, list)):
        reps = list(reps[0])
    if shape is None or len(reps) < len(shape) or not all(
            isinstance(d, int) and not isinstance(d, bool) for d in reps):
        return None
    padded = (1,) * (len(reps) - len(shape)) + tuple(shape)
    return tuple(None if d is None else d * r for d, r in zip(padded, reps))


def _reduce(shape, args, kwargs):
    dim = args[0] if args else kwargs.get("dim")
    keep = kwargs.get("keepdim", args[1] if len(args) > 1 else False)
    if shape is None:
        return None
    if dim is None:
        return ()
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    if not all(isinstance(d, int) for d in dims) or not isinstance(keep, bool):
        return None
    n = len(shape)
    dims = {_norm_dim(d, n) for d in dims}
    if keep:
        return tuple(1 if i in dims else s for i, s in enumerate(shape))
    return tuple(s for i, s in enumerate(shape) if i not in dims)


def tensor_index(interp, t, key, node):
    shape = _shape_of(t)
    if isinstance(key, int) and not isinstance(key, bool) and known_values(t) is not None:
        item = element(t, key)
        if item is not None:
            return item
    written(t)  # t[1:3], t[mask]: views (or copies) nnlint does not track
    if shape is None:
        return Tensor(None)
    keys = key if isinstance(key, tuple) else (key,)
    out, i = [], 0
    for k in keys:
        if k is None:
            out.append(1)
            continue
        if k is Ellipsis:
            rest = len(shape) - (len([x for x in keys if x is not None]) - 1)
            out.extend(shape[i:i + rest])
            i += rest
            continue
        if i >= len(shape):
            return Tensor(None)
        if isinstance(k, bool):
            return Tensor(None)
        if isinstance(k, int):
            i += 1
        elif isinstance(k, slice) and shape[i] is not None and all(
                isinstance(b, int) or b is None for b in (k.start, k.stop, k.step)):
            out.append(len(range(*k.indices(shape[i]))))
            i += 1
        elif isinstance(k, slice) or (isinstance(k, list) and all(
                isinstance(x, int) and not isinstance(x, bool) for x in k)):
            out.append(None)  # a slice keeps the dimension, an index list gives one
            i += 1
        else:  # a tensor index or mask, or a key not known: the rank is not known
            return Tensor(None)
    out.extend(shape[i:])
    return Tensor(tuple(out))


def binop(interp, op, left, right, node):
    a, b = _shape_of(left), _shape_of(right)
    if isinstance(left, (int, float)):
        return Tensor(b)
    if isinstance(right, (int, float)):
        return Tensor(a)
    if a is None or b is None:
        return Tensor(None)
    import operator
    if op is operator.matmul:
        return product(interp, "a matrix product", a, b)
    return Tensor(broadcast(a, b))


def product(interp, what, a, b):
    """`a @ b` (torch.matmul, mm, bmm): its shape, and its MACs for a forward pass followed."""
    from nnlint.frameworks.torch import macs as M
    out, macs = M.matmul(a, b)
    if interp.trace is not None:
        interp.trace.add(macs, what)
    return Tensor(out)


def _traced(interp, q, args, kwargs):
    """The torch functions with products the counter counts: (handled, result)."""
    from nnlint.frameworks.torch import macs as M
    name = q.rsplit(".", 1)[-1]
    shapes = [_shape_of(a) for a in args]
    if name in ("matmul", "mm", "bmm") and len(args) == 2:
        return True, product(interp, f"{q}()", shapes[0], shapes[1])
    if name in ("addmm", "baddbmm") and len(args) >= 3:
        return True, product(interp, f"{q}()", shapes[1], shapes[2])
    if name == "linear" and args:
        w = args[1] if len(args) > 1 else kwargs.get("weight")
        ws = _shape_of(w)
        if ws is not None and len(ws) == 2:
            return True, product(interp, f"{q}()", shapes[0], (ws[1], ws[0]))
        if interp.trace is not None:
            interp.trace.add(None, f"{q}()")
        return True, Tensor(None)
    if name == "einsum" and args and isinstance(args[0], str):
        operands = args[1] if len(args) == 2 and isinstance(args[1], (list, tuple)) \
            else args[1:]
        out, macs = M.einsum(args[0], [_shape_of(t) for t in operands])
        if interp.trace is not None:
            interp.trace.add(macs, f"{q}()")
        return True, Tensor(out)
    if name == "scaled_dot_product_attention" and len(args) >= 3:
        out, macs = M.attention(*shapes[:3])
        if interp.trace is not None:
            interp.trace.add(macs, f"{q}()")
        return True, Tensor(out)
    return False, None


_FUNCTIONAL_LAYERS = {
    "max_pool1d": "MaxPool1d", "max_pool2d": "MaxPool2d", "max_pool3d": "MaxPool3d",
    "avg_pool1d": "AvgPool1d", "avg_pool2d": "AvgPool2d", "avg_pool3d": "AvgPool3d",
    "adaptive_avg_pool1d": "AdaptiveAvgPool1d", "adaptive_avg_pool2d": "AdaptiveAvgPool2d",
    "adaptive_avg_pool3d": "AdaptiveAvgPool3d", "adaptive_max_pool1d": "AdaptiveMaxPool1d",
    "adaptive_max_pool2d": "AdaptiveMaxPool2d", "pixel_shuffle": "PixelShuffle",
    "pixel_unshuffle": "PixelUnshuffle", "interpolate": "Upsample", "upsample": "Upsample",
    "lp_pool1d": "LPPool1d", "lp_pool2d": "LPPool2d",
}
# torch.<name>(x, ...) that is x.<name>(...)
_AS_METHOD = {"max", "min", "median", "mode", "prod", "std", "var", "amin", "numel",
              "unsqueeze", "transpose", "permute", "t"}
_SAME_FUNCS = {"relu", "relu6", "gelu", "silu", "sigmoid", "tanh", "softmax", "log_softmax",
               "dropout", "dropout2d", "leaky_relu", "elu", "selu", "mish", "hardswish",
               "layer_norm", "batch_norm", "normalize", "relu_", "celu", "softplus",
               "abs", "exp", "log", "sqrt", "clamp", "dropout1d", "instance_norm",
               "group_norm", "hardtanh", "hardsigmoid", "triu", "tril"}


def torch_function(interp, q, args, kwargs, node):
    """``torch.flatten``, ``F.relu``, ``torch.cat`` ... on tensors."""
    name = q.rsplit(".", 1)[-1]
    x = args[0] if args else None
    shape = _shape_of(x)
    # in place, out=, or a result sharing memory: a tensor with values given to a torch
    # function forgets them (only reading them would be safe, and nothing here needs it)
    written(*args, *kwargs.values())
    if q.startswith("torch.nn.init.") and isinstance(x, (Tensor, Param)) and \
            name.endswith("_") and not name.startswith("_"):
        return x  # initialisers fill the tensor in place and return it
    handled, result = _traced(interp, q, args, kwargs)
    if handled:
        return result
    if name in _FUNCTIONAL_LAYERS:
        spec = catalog.lookup("torch.nn." + _FUNCTIONAL_LAYERS[name])
        if name == "interpolate" and kwargs.get("antialias") is False:
            kwargs = {k: v for k, v in kwargs.items() if k != "antialias"}
        if spec is not None and spec.out_shape is not None and shape is not None:
            try:
                out = spec.out_shape(spec.bind(tuple(args[1:]), kwargs), shape)
                return Tensor(out if isinstance(out, tuple) else None)
            except Exception:
                return Tensor(None)
        return Tensor(None)
    if name in _SAME_FUNCS:
        return Tensor(shape)
    if name in _AS_METHOD and isinstance(x, (Tensor, Param)) and q.count(".") == 1:
        # torch.max(x, 1) is x.max(1)
        return _TensorMethod(name)(interp, list(args[1:]), kwargs, node, x)
    if name == "flatten":
        start = args[1] if len(args) > 1 else kwargs.get("start_dim", 0)
        end = args[2] if len(args) > 2 else kwargs.get("end_dim", -1)
        return Tensor(flatten(shape, start, end))
    if name in ("reshape", "view"):
        return Tensor(reshape(shape, list(args[1:])))
    if name in ("cat", "concat", "concatenate"):
        return Tensor(_cat(x, args[1] if len(args) > 1 else kwargs.get("dim", 0)))
    if name == "stack":
        return Tensor(_stack(x, args[1] if len(args) > 1 else kwargs.get("dim", 0)))
    if name in ("mean", "sum", "amax"):
        return Tensor(_reduce(shape, args[1:], kwargs))
    if name in ("add", "mul", "sub", "div"):
        import operator
        return binop(interp, operator.add, args[0] if args else None,
                     args[1] if len(args) > 1 else None, node)
    if interp.trace is not None:
        if q in _EAGER:  # the forward pass followed runs eagerly, as the oracle's does
            return _EAGER[q]
        if q == "torch._assert" and args and args[0] is True:
            return None
        interp.trace.lost(f"{q}() not followed")
    if q.startswith(("torch.nn.functional.", "torch.")) and isinstance(x, (Tensor, Param)):
        return Tensor(None)
    return interp.unknown(f"{q}()", node)


# what these answer in a forward pass run eagerly (not scripted, not traced)
_EAGER = {"torch.jit.is_scripting": False, "torch.jit.is_tracing": False,
          "torch._C._log_api_usage_once": None, "torch._jit_internal.is_scripting": False}


def _cat(items, dim):
    if not isinstance(items, (list, tuple)) or not items or not isinstance(dim, int):
        return None
    shapes = [_shape_of(t) for t in items]
    if any(s is None for s in shapes) or len({len(s) for s in shapes}) != 1:
        return None
    n = len(shapes[0])
    d = _norm_dim(dim, n)
    out = list(shapes[0])
    total = 0
    for s in shapes:
        if s[d] is None:
            total = None
            break
        total += s[d]
    out[d] = total
    return tuple(out)


def _stack(items, dim):
    if not isinstance(items, (list, tuple)) or not items or not isinstance(dim, int):
        return None
    shapes = {_shape_of(t) for t in items}
    if len(shapes) != 1 or None in shapes:
        return None
    shape = shapes.pop()
    if any(d is None for d in shape):
        return None
    d = dim + len(shape) + 1 if dim < 0 else dim
    return tuple(shape[:d]) + (len(items),) + tuple(shape[d:])


def is_unknown_shape(value):
    return isinstance(value, Unknown)
