"""NumPy as nnlint needs it: the few functions model-building code calls on arrays.

An array is a torch_rt.Tensor to nnlint (its shape, rarely its values): input shapes
read from `x_train.shape`, `np.prod(shape)` as a layer size, `np.max(y) + 1` classes.
"""

from __future__ import annotations

from nnlint.frameworks.torch.runtime import Tensor
from nnlint.frameworks.torch.tensors import numpy_factory, reshape
from nnlint.interpreter.objects import Builtin
from nnlint.interpreter.operations import iterate
from nnlint.interpreter.runtime import Framework, register
from nnlint.interpreter.stdlib import bounded_prod
from nnlint.interpreter.values import Unknown

_ARRAYS = {f"numpy.{n}" for n in (
    "zeros", "ones", "empty", "full", "array", "asarray", "zeros_like", "ones_like",
    "empty_like", "linspace")} | {f"numpy.random.{n}" for n in (
        "rand", "randn", "random", "random_sample", "normal", "uniform", "randint",
        "standard_normal")}


def _reshape(interp, args, kwargs, node):
    a = args[0] if args else kwargs.get("a")
    new = args[1] if len(args) > 1 else kwargs.get("newshape", kwargs.get("shape"))
    if not isinstance(a, Tensor) or new is None or len(args) > 2:
        return interp.unknown("numpy.reshape() of this array", node)
    return Tensor(reshape(a.shape, [new] if isinstance(new, (list, tuple)) else [new]))


def _expand_dims(interp, args, kwargs, node):
    a = args[0] if args else kwargs.get("a")
    axis = args[1] if len(args) > 1 else kwargs.get("axis")
    if not isinstance(a, Tensor) or a.shape is None or not isinstance(axis, int) or \
            isinstance(axis, bool) or not -len(a.shape) - 1 <= axis <= len(a.shape):
        return Tensor(None)
    at = axis + len(a.shape) + 1 if axis < 0 else axis
    return Tensor(a.shape[:at] + (1,) + a.shape[at:])


def _max(interp, args, kwargs, node):
    from nnlint.frameworks.keras.data import numpy_reduction
    value = numpy_reduction(interp, "max", args, kwargs, node)
    return value if value is not None else interp.unknown("numpy.max() of an array", node)


def _prod(interp, args, kwargs, node):
    value = args[0] if args else None
    if isinstance(value, Tensor):
        return interp.unknown("numpy.prod of a tensor", node)
    items = iterate(interp, value, node)
    if isinstance(items, Unknown):
        return items
    if not all(isinstance(v, (int, float)) for v in items):
        return interp.unknown("numpy.prod of values not known", node)
    return bounded_prod(items)


_FUNCTIONS = {"numpy.reshape": _reshape, "numpy.expand_dims": _expand_dims,
              "numpy.max": _max, "numpy.amax": _max,
              "numpy.prod": _prod, "numpy.product": _prod}


class NumPy(Framework):
    """Arrays, not models: it owns no names the interpreter treats as a framework's, and
    answers only for the functions above."""

    name = "numpy"

    def function(self, qualname):
        if qualname in _FUNCTIONS:
            return Builtin(qualname, _FUNCTIONS[qualname])
        if qualname in _ARRAYS:
            name = qualname.rsplit(".", 1)[-1]
            return Builtin(qualname, lambda i, a, k, n: numpy_factory(name, a, k))
        return None


NUMPY = register(NumPy())
