"""The standard library as nnlint computes it: math, functools, itertools, copy, json.

`stdlib_function(qualname)` gives nnlint's implementation of a standard-library function
(or of a framework-side one: numpy's, through the registered frameworks), None for the rest.
"""

from __future__ import annotations

import math
import operator

from nnlint.interpreter import wrapping
from nnlint.interpreter.iterators import one_shot
from nnlint.interpreter.objects import (
    Builtin,
    ClassValue,
    EnumMember,
    External,
    Function,
    Instance,
    Partial,
    pure,
)
from nnlint.interpreter.runtime import UNHANDLED, RuntimeObject, frameworks
from nnlint.interpreter.values import MAX_INT_BITS, MAX_LEN, Unknown, UserRaise, range_len

_MATH = {
    "ceil": math.ceil, "floor": math.floor, "sqrt": math.sqrt, "log": math.log,
    "log2": math.log2, "log10": math.log10, "exp": math.exp, "prod": None,
    "gcd": math.gcd, "isqrt": math.isqrt, "trunc": math.trunc, "fabs": math.fabs,
    "comb": None, "factorial": None, "pow": math.pow,
}


def bounded_prod(items, start=1):
    """math.prod that stops once the product passes MAX_INT_BITS (it could run for hours)."""
    if isinstance(items, range) and range_len(items) > MAX_LEN:
        return Unknown(f"range of {range_len(items)} items is too long")
    out = start
    for v in items:
        out = out * v
        if isinstance(out, int) and out.bit_length() > MAX_INT_BITS:
            return Unknown("product too large to compute")
    return out


def _bounded_comb(n, k):
    """math.comb, refused where the result would pass MAX_INT_BITS (comb(10**7, 5*10**6))."""
    if isinstance(n, int) and isinstance(k, int) and 0 <= k <= n:
        if min(k, n - k) * n.bit_length() > MAX_INT_BITS:
            return Unknown("math.comb() too large to compute")
    return math.comb(n, k)


_MATH["prod"] = bounded_prod
_MATH["comb"] = _bounded_comb
# sys.maxsize is not one: it is 2**31 - 1 on 32-bit builds
STDLIB_CONSTANTS = {"math.pi": math.pi, "math.e": math.e, "math.inf": math.inf,
                    "math.nan": math.nan, "math.tau": math.tau, "numpy.newaxis": None,
                    **wrapping.CONSTANTS}


def _json_loads(interp, args, kwargs, node):
    """json.loads of a string known here (a literal, a constant): plain data, as Python's
    own json module reads it; a large text, options or bytes stay unknown."""
    import json
    if len(args) != 1 or kwargs or not isinstance(args[0], str) or len(args[0]) > MAX_LEN:
        return interp.unknown("json.loads() of a value not known", node)
    try:
        return json.loads(args[0])
    except ValueError:  # json.JSONDecodeError
        raise UserRaise(interp.line_of(node), "ValueError")
    except RecursionError:
        return interp.unknown("json.loads() of a deeply nested text", node)


def _ordered_dict(interp, args, kwargs, node):
    return interp.builtins["dict"].fn(interp, args, kwargs, node)  # a dict to nnlint


def stdlib_function(qualname):
    """The nnlint implementation of a standard-library function, or None."""
    if qualname.startswith("math."):
        fn = _MATH.get(qualname[5:])
        if fn is not None:
            return pure(fn, qualname)
    if qualname in wrapping.FUNCTIONS:
        return Builtin(qualname, wrapping.FUNCTIONS[qualname])
    if qualname in ("functools.partial",):
        return Builtin("functools.partial", _partial)
    if qualname == "json.loads":
        return Builtin(qualname, _json_loads)
    if qualname == "copy.deepcopy":
        return Builtin(qualname, _deepcopy)
    if qualname == "copy.copy":
        return Builtin(qualname, _shallow_copy)
    if qualname in ("collections.OrderedDict", "typing.OrderedDict"):
        return Builtin("collections.OrderedDict", _ordered_dict)
    if qualname in ("itertools.chain",):
        return Builtin(qualname, one_shot(_chain))
    if qualname in _ITERTOOLS:
        return Builtin(qualname, one_shot(_ITERTOOLS[qualname]))
    if qualname in ("operator.mul",):
        return pure(lambda a, b: a * b, qualname)
    if qualname in ("functools.reduce",):
        return Builtin(qualname, _reduce)
    if qualname in ("typing.cast", "typing_extensions.cast"):
        return Builtin(qualname, lambda i, a, k, n: a[1] if len(a) == 2 else i.unknown("cast", n))
    for fw in frameworks():  # numpy's functions, which the frameworks model
        fn = fw.function(qualname)
        if fn is not None:
            return fn
    return None


def _partial(interp, args, kwargs, node):
    """functools.partial: a partial of a partial is flattened, as Python does."""
    if not args:
        return interp.unknown("partial()", node)
    func, rest = args[0], tuple(args[1:])
    if isinstance(func, Partial):
        return Partial(func.func, func.args + rest, {**func.kwargs, **kwargs})
    return Partial(func, rest, kwargs)


PARTIAL_ATTRIBUTES = {"func": "func", "args": "args", "keywords": "kwargs"}


def _iterables(interp, values, node):
    """Each value as a list; an Unknown where one cannot be iterated."""
    out = []
    for v in values:
        items = interp.iterate(v, node)
        if isinstance(items, Unknown):
            return items
        out.append(list(items))
    return out


def _pairwise(interp, args, kwargs, node):
    lists = _iterables(interp, args[:1], node) if len(args) == 1 and not kwargs else None
    if not isinstance(lists, list):
        return lists if isinstance(lists, Unknown) else interp.unknown("pairwise()", node)
    items = lists[0]
    return list(zip(items, items[1:]))


def _product(interp, args, kwargs, node):
    repeat = kwargs.get("repeat", 1)
    if set(kwargs) - {"repeat"} or not isinstance(repeat, int) or repeat < 0:
        return interp.unknown("product()", node)
    lists = _iterables(interp, args, node)
    if isinstance(lists, Unknown):
        return lists
    import itertools
    size = 1
    for items in lists * repeat:
        size *= len(items)
    if size > MAX_LEN:
        return interp.unknown("product() too large", node)
    return list(itertools.product(*lists, repeat=repeat))


def _repeat(interp, args, kwargs, node):
    times = args[1] if len(args) > 1 else kwargs.get("times")
    if not args or not isinstance(times, int) or isinstance(times, bool) or times > MAX_LEN:
        return interp.unknown("repeat() without a known count", node)
    return [args[0]] * max(times, 0)


def _accumulate(interp, args, kwargs, node):
    lists = _iterables(interp, args[:1], node)
    if isinstance(lists, Unknown):
        return lists
    func = args[1] if len(args) > 1 else kwargs.get("func")
    items = lists[0]
    out = []
    if "initial" in kwargs and kwargs["initial"] is not None:
        out.append(kwargs["initial"])
    for item in items:
        if not out:
            out.append(item)
        elif func is None:
            out.append(interp.binop(operator.add, out[-1], item, node))
        else:
            out.append(interp.call(func, [out[-1], item], {}, node))
    return out


def _islice(interp, args, kwargs, node):
    lists = _iterables(interp, args[:1], node)
    if isinstance(lists, Unknown):
        return lists
    bounds = args[1:]
    if kwargs or not 1 <= len(bounds) <= 3 or not all(
            b is None or (isinstance(b, int) and not isinstance(b, bool)) for b in bounds):
        return interp.unknown("islice()", node)
    import itertools
    return list(itertools.islice(lists[0], *bounds))


_ITERTOOLS = {"itertools.pairwise": _pairwise, "itertools.product": _product,
              "itertools.repeat": _repeat, "itertools.accumulate": _accumulate,
              "itertools.islice": _islice}


def _chain(interp, args, kwargs, node):
    out = []
    for a in args:
        items = interp.iterate(a, node)
        if isinstance(items, Unknown):
            return items
        if len(out) + len(items) > MAX_LEN:
            return interp.unknown("itertools.chain() too long", node)
        out.extend(items)
    return out


def _reduce(interp, args, kwargs, node):
    if len(args) < 2:
        return interp.unknown("reduce()", node)
    items = interp.iterate(args[1], node)
    if isinstance(items, Unknown):
        return items
    items = list(items)
    acc = args[2] if len(args) > 2 else (items.pop(0) if items else None)
    for item in items:
        acc = interp.call(args[0], [acc, item], {}, node)
    return acc


class _CannotCopy(Exception):
    pass


# methods that take over copying (or pickling, which copy falls back on)
_COPY_HOOKS = ("__deepcopy__", "__copy__", "__reduce__", "__reduce_ex__", "__getstate__",
               "__setstate__", "__getattr__", "__getattribute__", "__new__")


def _plain_instance(value) -> bool:
    """An instance copy.copy/deepcopy copies attribute by attribute: a class of the analysed
    code with no copying hooks and no outside base but object."""
    cls = value.cls
    if any(cls.lookup(h) is not None for h in _COPY_HOOKS):
        return False
    return all(isinstance(c, ClassValue) or (isinstance(c, External) and c.qualname in
                                             ("builtins.object", "object"))
               for c in cls.mro()[1:])


def _copy_deep(value, memo):
    if isinstance(value, (int, float, str, bytes, bool, complex, type(None), range, Unknown,
                          ClassValue, Function, External, Builtin, EnumMember)):
        return value  # atomic for deepcopy (classes and functions are shared, as in Python)
    key = id(value)
    if key in memo:
        return memo[key]
    if isinstance(value, list):
        out = []
        memo[key] = out
        out.extend(_copy_deep(v, memo) for v in value)
        return out
    if isinstance(value, tuple):
        out = tuple(_copy_deep(v, memo) for v in value)
        memo[key] = out
        return out
    if isinstance(value, dict):
        out = {}
        memo[key] = out
        for k, v in value.items():
            out[_copy_deep(k, memo)] = _copy_deep(v, memo)
        return out
    if isinstance(value, (set, frozenset)):
        out = type(value)(_copy_deep(v, memo) for v in value)
        memo[key] = out
        return out
    if isinstance(value, Instance) and _plain_instance(value):
        out = Instance(value.cls)
        memo[key] = out
        out.attrs = {k: _copy_deep(v, memo) for k, v in value.attrs.items()}
        return out
    copied = value.copy(memo) if isinstance(value, RuntimeObject) else UNHANDLED
    if copied is not UNHANDLED:
        return copied
    if isinstance(value, Partial):
        out = Partial(value.func, _copy_deep(value.args, memo), _copy_deep(value.kwargs, memo))
        memo[key] = out
        return out
    raise _CannotCopy(type(value).__name__)


def _deepcopy(interp, args, kwargs, node):
    if len(args) != 1 or kwargs:
        return interp.unknown("deepcopy()", node)
    try:
        return _copy_deep(args[0], {})
    except _CannotCopy as exc:
        return interp.unknown(f"deepcopy of {exc.args[0]}", node)


def _shallow_copy(interp, args, kwargs, node):
    """copy.copy: a new container (or plain object) holding the same items; a module's
    copy would share its parameter dicts with the original, which nnlint does not model."""
    if len(args) != 1 or kwargs:
        return interp.unknown("copy()", node)
    value = args[0]
    if isinstance(value, (int, float, str, bytes, bool, complex, type(None), range, tuple,
                          frozenset, ClassValue, Function, External, Builtin, Unknown,
                          EnumMember)):
        return value
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, set):
        return set(value)
    if isinstance(value, Instance) and _plain_instance(value):
        return Instance(value.cls, dict(value.attrs))
    return interp.unknown(f"copy of {type(value).__name__}", node)
