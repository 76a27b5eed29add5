"""Python's builtins and standard-library helpers, as nnlint computes them.

Only pure functions on plain data are computed (``range``, ``len``, ``max``,
``math.ceil`` ...); everything else gives `Unknown`. Attribute access,
subscripts, truth and iteration of every kind of value are decided here too.
"""

from __future__ import annotations

import math
import operator

from nnlint import cmdline, iterators, outside, wrapping
from nnlint.iterators import OneShot, has_text
from nnlint.objects import is_enum_class
from nnlint.namespace import Namespace
from nnlint.objects import (BoundMethod, Builtin, ClassValue, EnumMember, External, Function,
                            Instance, ModuleObject, Partial, SuperProxy)
from nnlint.values import (MAX_INT_BITS, MAX_LEN, Missing, Unknown, UnknownBranch, UserRaise,
                           bounded_pow, check_size, contains_unknown, format_too_wide, is_plain,
                           safe_binop)
from nnlint.values import costly_to_hash as costly
from nnlint.runtime import UNHANDLED, ModelObject, RuntimeObject, TensorObject, frameworks


def _plain_args(args):
    return all(is_plain(a) for a in args)


def costly_to_hash(value) -> bool:
    return costly(value)


def _first_unknown(args, kwargs=None):
    for a in list(args) + list((kwargs or {}).values()):
        if contains_unknown(a):
            return a if isinstance(a, Unknown) else Unknown("argument not known statically")
    return None


def pure(fn, name):
    """A builtin computed on plain values; Unknown in, Unknown out."""

    def run(interp, args, kwargs, node):
        bad = _first_unknown(args, kwargs)
        if bad is not None:
            return bad
        if not (_plain_args(args) and _plain_args(kwargs.values())):
            return interp.unknown(f"{name}() of values not known statically", node)
        try:
            return check_size(fn(*args, **kwargs))
        except UnknownBranch as exc:
            return exc.unknown
        except (TypeError, ValueError, ArithmeticError, KeyError, IndexError) as exc:
            raise UserRaise(interp.line_of(node), type(exc).__name__)

    return Builtin(name, run)


def _enum_value(value):
    """An int or str enum member as the value it stands for (its __index__, its text)."""
    return value.value if isinstance(value, EnumMember) and value.mixin is not None else value


def _range(interp, args, kwargs, node):
    args = [_enum_value(a) for a in args]
    bad = _first_unknown(args)
    if bad is not None:
        return bad
    if not all(isinstance(a, int) for a in args) or not 1 <= len(args) <= 3:
        return interp.unknown("range() of values not known", node)
    try:
        return range(*args)
    except (ValueError, TypeError):
        return interp.unknown("bad range()", node)


def _len(interp, args, kwargs, node):
    if len(args) != 1:
        return interp.unknown("len()", node)
    value = args[0]
    if interp.is_poisoned(value):
        return interp.unknown("contents changed by code nnlint could not follow", node)
    if isinstance(value, range):
        return range_len(value)
    if isinstance(value, (list, tuple, dict, str, set, frozenset, bytes)):
        return len(value)
    if isinstance(value, RuntimeObject):
        n = value.length(interp, node)
        if n is not UNHANDLED:
            return n
    if isinstance(value, OneShot):
        raise UserRaise(interp.line_of(node), "TypeError")
    items = iterate(interp, value, node)
    if isinstance(items, Unknown):
        return items
    return len(items)


def range_len(r: range) -> int:
    """len(r), also past sys.maxsize where len() raises OverflowError."""
    step = r.step
    n = (r.stop - r.start + step - (1 if step > 0 else -1)) // step
    return max(0, n)


def _seq_builtin(fn, name):
    """sum/max/min/sorted/any/all over an iterable of plain values."""

    def run(interp, args, kwargs, node):
        if args and (len(args) == 1 or name == "sum") and not isinstance(args[0], (int, float)):
            items = iterate(interp, args[0], node)
            if isinstance(items, Unknown):
                return items
            args = [list(items)] + list(args[1:])
        bad = _first_unknown(args, kwargs)
        if bad is not None:
            return bad
        key = kwargs.pop("key", None)
        if key is not None and name in ("sorted", "min", "max"):
            return _by_key(interp, name, args, kwargs, key, node)
        if key is not None:
            return interp.unknown(f"{name}() with key=", node)
        if not (_plain_args(args) and _plain_args(kwargs.values())):
            return interp.unknown(f"{name}() of values not known statically", node)
        start = args[1] if len(args) > 1 else kwargs.get("start")
        if name == "sum" and isinstance(start, (list, tuple)):
            return _sum_sequences(interp, args[0], start, node)
        try:
            return fn(*args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise UserRaise(interp.line_of(node), type(exc).__name__)

    return Builtin(name, run)


def _sort_keys(interp, items, key, node):
    """key(item) for each item; Unknown unless every key is a plain value."""
    keys = [interp.call(key, [item], {}, node) for item in items]
    if not all(is_plain(k) and not contains_unknown(k) for k in keys):
        return interp.unknown("sort key not known statically", node)
    return keys


def _by_key(interp, name, args, kwargs, key, node):
    """sorted / min / max with key= (the items themselves may be any objects)."""
    items = list(args[0]) if len(args) == 1 else list(args)
    reverse = kwargs.pop("reverse", False)
    has_default = "default" in kwargs
    default = kwargs.pop("default", None)
    if kwargs or not isinstance(reverse, bool) or (name == "sorted" and len(args) != 1):
        return interp.unknown(f"{name}() with these arguments", node)
    if name != "sorted" and not items and has_default:
        return default
    keys = _sort_keys(interp, items, key, node)
    if isinstance(keys, Unknown):
        return keys
    try:  # Python's own sorted/min/max on the indices: same stability and ties
        if name == "sorted":
            return [items[i] for i in sorted(range(len(items)), key=keys.__getitem__,
                                             reverse=reverse)]
        pick = min if name == "min" else max
        return items[pick(range(len(items)), key=keys.__getitem__)]
    except (TypeError, ValueError) as exc:
        raise UserRaise(interp.line_of(node), type(exc).__name__)


def _sum_sequences(interp, items, start, node):
    """sum(lists, []) in linear time (Python's is quadratic), within MAX_LEN."""
    if not all(type(item) is type(start) for item in items):
        return interp.unknown("sum() of mixed sequences", node)
    if len(start) + sum(len(item) for item in items) > MAX_LEN:
        return interp.unknown("sum() result too long", node)
    out = list(start)
    for item in items:
        out.extend(item)
    return out if isinstance(start, list) else tuple(out)


def _conversion(pytype, name):
    def run(interp, args, kwargs, node):
        if not args:
            return dict(kwargs) if pytype is dict else pytype()
        value = args[0]
        if isinstance(value, Unknown):
            return value
        if pytype in (list, tuple, set, frozenset):
            if pytype in (set, frozenset) and isinstance(value, (set, frozenset, dict)):
                return pytype(value)  # CPython copies a set's table, sizes for a dict's
            if isinstance(value, dict):
                return pytype(value.keys())
            items = iterate(interp, value, node)
            if isinstance(items, Unknown):
                return items
            if pytype in (set, frozenset) and any(costly_to_hash(i) for i in items):
                return interp.unknown(f"{name}() of values too large to hash", node)
            return pytype(items)
        if pytype is dict:
            if isinstance(value, dict):
                out = dict(value)
            else:
                items = iterate(interp, value, node)
                if isinstance(items, Unknown):
                    return items
                if any(costly_to_hash(i) for i in items):
                    return interp.unknown("dict() of keys too large to hash", node)
                try:
                    out = dict(items)
                except UnknownBranch as exc:  # a pair that is not known
                    return exc.unknown
                except (TypeError, ValueError):
                    return interp.unknown("dict()", node)
            out.update(kwargs)
            return out
        if pytype is bool:
            return truth(interp, value, node)
        if pytype in (int, float) and isinstance(value, EnumMember) and value.mixin is not None:
            value = value.value  # int(Size.LARGE) is int's own conversion of the member
            args = [value] + list(args[1:])
        v = value.number() if isinstance(value, RuntimeObject) else UNHANDLED
        if pytype in (int, float) and v is not UNHANDLED:
            if v is None:  # a number, whatever it is
                return Unknown(f"{name}() of a tensor", interp.line_of(node), inert=True)
            value = v
            args = [v] + list(args[1:])
        if pytype is str and not _plain_args([value]):
            return interp.unknown("str() of an object", node)
        return pure(pytype, name).fn(interp, args, kwargs, node)

    return Builtin(name, run)


def one_shot(fn):
    """A builtin whose list result is, in Python, an iterator."""
    def run(interp, args, kwargs, node):
        out = fn(interp, args, kwargs, node)
        return OneShot(out) if isinstance(out, list) else out
    return run


def _reversed(interp, args, kwargs, node):
    items = iterate(interp, args[0], node)
    return items if isinstance(items, Unknown) else list(reversed(items))


def _isinstance(interp, args, kwargs, node):
    if len(args) != 2:
        return interp.unknown("isinstance()", node)
    value, types = args
    if getattr(value, "either", None) is not None:  # one of two modules: a wrapper or not
        return Unknown(f"isinstance() of one of two modules ({value.either.message})",
                       interp.line_of(node), inert=True)
    types = types if isinstance(types, tuple) else (types,)
    for t in types:
        r = _isinstance_one(interp, value, t)
        if isinstance(r, Unknown) or r:
            return r
    return False


def _callable(interp, args, kwargs, node):
    if len(args) != 1 or kwargs:
        return interp.unknown("callable()", node)
    value = args[0]
    if isinstance(value, Unknown):
        return value
    answer = value.is_callable() if isinstance(value, RuntimeObject) else UNHANDLED
    if answer is not UNHANDLED:
        return answer
    if isinstance(value, (Function, BoundMethod, Builtin, Partial, ClassValue, External)):
        return True
    if isinstance(value, Instance):
        return value.cls.lookup("__call__") is not None
    if value is None or isinstance(value, (int, float, str, bytes, list, tuple, dict, set)):
        return False
    return interp.unknown("callable() of an object", node)


_PY_TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list,
             "tuple": tuple, "dict": dict, "set": set}


def _abc_types():
    """Outside types whose isinstance() on plain Python data Python itself decides:
    the ABCs of collections.abc and numbers, and typing's aliases of both."""
    import collections.abc as cabc
    import numbers
    out = {}
    for name in ("Sequence", "MutableSequence", "Mapping", "MutableMapping", "Iterable",
                 "Iterator", "Collection", "Container", "Sized", "Set", "MutableSet",
                 "Hashable", "Reversible", "Callable", "Generator", "ByteString",
                 "KeysView", "ValuesView", "ItemsView", "MappingView", "Awaitable"):
        if hasattr(cabc, name):
            out[f"collections.abc.{name}"] = out[f"typing.{name}"] = getattr(cabc, name)
    out["typing.AbstractSet"] = cabc.Set
    out["typing.MutableSet"] = cabc.MutableSet
    for name in ("Number", "Complex", "Real", "Rational", "Integral"):
        out[f"numbers.{name}"] = getattr(numbers, name)
    for name, pytype in (("List", list), ("Tuple", tuple), ("Dict", dict), ("Set", set),
                         ("FrozenSet", frozenset), ("Type", type), ("Text", str)):
        out[f"typing.{name}"] = pytype
    return out


_ABC_TYPES = _abc_types()
_PYTHON_DATA = (list, tuple, dict, set, frozenset, str, bytes, int, float, bool, complex,
                range, type(None))
# outside packages whose classes never have plain Python data as instances
_FRAMEWORK_TYPES = ("torch.", "keras.", "numpy.", "tensorflow.")


def _isinstance_one(interp, value, t):
    if isinstance(value, Unknown):
        return value
    if isinstance(value, EnumMember) and not isinstance(t, ClassValue):
        return _member_isinstance(value, t)
    if isinstance(t, Builtin) and t.name == "collections.OrderedDict":
        # an OrderedDict is a dict to nnlint: a plain dict may or may not be one
        if isinstance(value, _PYTHON_DATA) and not isinstance(value, dict):
            return False
        return Unknown("isinstance() of OrderedDict not decided")
    if isinstance(t, Builtin) and t.name in _PY_TYPES:
        if isinstance(value, bool) and t.name == "int":
            return True
        return isinstance(value, _PY_TYPES[t.name])
    if isinstance(t, ClassValue):
        cls = getattr(value, "cls", None)
        if isinstance(cls, ClassValue):
            return t in cls.mro()
        return False
    if isinstance(t, External):
        from nnlint.resolve import canonical
        q = canonical(t.qualname)
        if q == "functools.partial":  # only functools.partial makes one
            if isinstance(value, Partial):
                return True
            if isinstance(value, (Function, ClassValue, BoundMethod)):
                return False
        if q == "types.NoneType":  # type(None): only None is one
            return value is None
        if isinstance(value, ModelObject):
            answer = value.is_instance(q)
            if answer is not UNHANDLED:
                return answer
        if isinstance(value, _PYTHON_DATA):  # its type decides, whatever it holds
            if q in _ABC_TYPES:
                return isinstance(value, _ABC_TYPES[q])
            if q.startswith(_FRAMEWORK_TYPES):
                return False
    return Unknown("isinstance() not decided")


_ENUM_TYPES = {"enum.Enum": "", "enum.IntEnum": "enum.IntEnum", "enum.StrEnum": "enum.StrEnum",
               "builtins.object": ""}


def _member_isinstance(member, t):
    """isinstance(member, t) for t outside the analysed code."""
    from nnlint.resolve import canonical
    if isinstance(t, Builtin) and t.name in _PY_TYPES:
        return _PY_TYPES[t.name] is member.mixin
    if not isinstance(t, External):
        return Unknown("isinstance() not decided")
    q = canonical(t.qualname)
    if q in _ENUM_TYPES:
        return not _ENUM_TYPES[q] or any(isinstance(c, External) and canonical(c.qualname) == q
                                         for c in member.cls.mro())
    if q in ("enum.Flag", "enum.IntFlag") or q.startswith(_FRAMEWORK_TYPES):
        return False
    if member.mixin is not None and q in _ABC_TYPES:  # an int or str subclass
        return isinstance(member.value, _ABC_TYPES[q])
    return Unknown("isinstance() of an enum member not decided")


def _getattr(interp, args, kwargs, node):
    args = list(args[:1]) + [_enum_value(a) for a in args[1:2]] + list(args[2:])
    if len(args) < 2 or not isinstance(args[1], str):
        return interp.unknown("getattr()", node)
    if len(args) > 2 and isinstance(args[0], External):
        # getattr(nn, "RMSNorm", None): whether it exists depends on the installed release
        exists = outside_has(interp, args[0], args[1])
        if exists is None:
            return interp.unknown(f"getattr({args[0].qualname}, {args[1]!r}, default)", node)
        if not exists:
            return args[2]
    value = interp.getattr(args[0], args[1], node)
    if isinstance(value, Missing):
        return args[2] if len(args) > 2 else interp.unknown(f"no attribute {args[1]}", node)
    return value


def outside_has(interp, obj: External, name: str) -> bool | None:
    """Whether an outside object has an attribute: decided for framework modules from the
    release the user states (nnlint.catalog.versions), else not known."""
    from nnlint.catalog.versions import has_name
    from nnlint.resolve import canonical
    if obj.qualname.startswith(("tensorflow.", "tf_keras.")):
        return None  # tf.keras is Keras 2 or 3, whichever TensorFlow brings
    return has_name(canonical(obj.qualname), name, getattr(interp, "versions", {}))


def _may_lack(obj: External, name: str) -> bool:
    """An attribute that a framework object might not have: a torch.nn or keras.layers
    name the latest release nnlint knows does not have, or any attribute of a framework
    class (`nn.Linear.in_features` is an annotation, not an attribute)."""
    from nnlint import catalog
    from nnlint.catalog.versions import has_name, latest
    from nnlint.resolve import canonical
    q = canonical(obj.qualname)
    if q in ("torch.nn", "keras.layers"):
        return has_name(q, name, latest()) is False
    return catalog.lookup(q) is not None


def _hasattr(interp, args, kwargs, node):
    if len(args) != 2 or not isinstance(args[1], str):
        return interp.unknown("hasattr()", node)
    if isinstance(args[0], External):  # hasattr(nn, "RMSNorm"), hasattr(sys, "ps1")
        exists = outside_has(interp, args[0], args[1])
        if exists is None:  # True or False, never a model: self.flash = hasattr(F, "...")
            u = interp.unknown(f"hasattr({args[0].qualname}, {args[1]!r})", node)
            return Unknown(u.reason, u.line, inert=True)
        return exists
    value = interp.getattr(args[0], args[1], node)
    if isinstance(value, Missing):
        return False
    if isinstance(value, Unknown):
        return Unknown(value.reason, value.line, inert=True)
    return True


def _setattr(interp, args, kwargs, node):
    if len(args) == 3 and isinstance(args[1], str):
        interp.setattr(args[0], args[1], args[2], node)
        return None
    if args and not _plain_args(args[:1]):
        interp.taint("setattr() with a name not known statically", node)
    return None


def _delattr(interp, args, kwargs, node):
    if len(args) == 2 and not kwargs and isinstance(args[1], str):
        obj, name = args
        if isinstance(obj, RuntimeObject) and \
                obj.delete_attribute(interp, name, node) is not UNHANDLED:
            return None
        if isinstance(obj, Instance) and not interp.is_poisoned(obj) and name in obj.attrs:
            del obj.attrs[name]
            return None
    for value in args[:1]:
        if isinstance(value, ModelObject):
            value.taints.append(interp.taint("delattr() not followed; it may remove "
                                             "parameters", node))
        elif isinstance(value, (Instance, list, dict)):
            interp.poison(value)
    return _dynamic("delattr").fn(interp, args, kwargs, node)


def _super(interp, args, kwargs, node):
    if len(args) == 2:
        return SuperProxy(args[0], args[1])
    frame = interp.current_function_frame()
    if frame is None:
        return interp.unknown("super() outside a method", node)
    return SuperProxy(*frame)


def class_of(obj):
    """The class of a model object: its ClassValue, or the framework class by name."""
    if getattr(obj, "cls", None) is not None:
        return obj.cls
    spec = getattr(obj, "spec", None)
    if spec is not None:
        return External(spec.name)
    return External(obj.class_prefix + obj.type_name)


def _type(interp, args, kwargs, node):
    if len(args) != 1:
        return interp.unknown("type() with several arguments", node)
    value = args[0]
    if getattr(value, "either", None) is not None:
        return interp.unknown(f"type() of one of two modules ({value.either.message})", node)
    if isinstance(value, ModelObject):
        return class_of(value)
    if isinstance(value, (Instance, EnumMember)):
        return value.cls
    if value is None:
        return External("types.NoneType")
    for name, t in _PY_TYPES.items():
        if type(value) is t:
            return BUILTINS[name]
    return interp.unknown("type() of a value", node)


def _print(interp, args, kwargs, node):
    return None


def _dynamic(name):
    def run(interp, args, kwargs, node):
        interp.taint(f"{name}() runs code nnlint cannot see", node)
        for value in interp.frames[-1:]:
            receiver = value[1]
            if hasattr(receiver, "taints"):
                receiver.taints.append(interp.taint(f"{name}() may change this model", node))
        return interp.unknown(f"{name}()", node)

    return Builtin(name, run)


def _divmod(a, b):
    return divmod(a, b)


BUILTINS = {
    "range": Builtin("range", _range),
    "len": Builtin("len", _len),
    "int": _conversion(int, "int"),
    "float": _conversion(float, "float"),
    "str": _conversion(str, "str"),
    "bool": _conversion(bool, "bool"),
    "list": _conversion(list, "list"),
    "tuple": _conversion(tuple, "tuple"),
    "set": _conversion(set, "set"),
    "frozenset": _conversion(frozenset, "frozenset"),
    "dict": _conversion(dict, "dict"),
    "abs": pure(abs, "abs"),
    "round": pure(round, "round"),
    "pow": pure(lambda a, b, *m: pow(a, b, *m) if m else bounded_pow(a, b), "pow"),
    "divmod": pure(_divmod, "divmod"),
    "chr": pure(chr, "chr"),
    "ord": pure(ord, "ord"),
    "min": _seq_builtin(min, "min"),
    "max": _seq_builtin(max, "max"),
    "sum": _seq_builtin(sum, "sum"),
    "sorted": _seq_builtin(sorted, "sorted"),
    "any": _seq_builtin(any, "any"),
    "all": _seq_builtin(all, "all"),
    "zip": Builtin("zip", iterators.zip_),
    "enumerate": Builtin("enumerate", iterators.enumerate_),
    "reversed": Builtin("reversed", one_shot(_reversed)),
    "map": Builtin("map", iterators.map_),
    "filter": Builtin("filter", iterators.filter_),
    "iter": Builtin("iter", iterators.iter_),
    "next": Builtin("next", iterators.next_),
    "isinstance": Builtin("isinstance", _isinstance),
    "callable": Builtin("callable", _callable),
    "getattr": Builtin("getattr", _getattr),
    "hasattr": Builtin("hasattr", _hasattr),
    "setattr": Builtin("setattr", _setattr),
    "super": Builtin("super", _super),
    "print": Builtin("print", _print),
    # these five reach the namespace of the code that calls them: the evaluator binds
    # them to its scope (Builtin.receiver) where it reads the name
    "exec": Builtin("exec", lambda i, a, k, n, scope=None: _exec(i, a, k, n, scope, "exec")),
    "eval": Builtin("eval", lambda i, a, k, n, scope=None: _exec(i, a, k, n, scope, "eval")),
    "globals": Builtin("globals", lambda i, a, k, n, scope=None: _globals(i, a, k, n, scope)),
    "locals": Builtin("locals", lambda i, a, k, n, scope=None: _locals(i, a, k, n, scope)),
    "vars": Builtin("vars", lambda i, a, k, n, scope=None: _vars(i, a, k, n, scope)),
    "__import__": _dynamic("__import__"),
    "compile": Builtin("compile", lambda i, a, k, n: _compile(i, a, k, n)),
    "delattr": Builtin("delattr", lambda i, a, k, n: _delattr(i, a, k, n)),
    "None": None,
    "True": True,
    "False": False,
    "Ellipsis": Ellipsis,
    "NotImplemented": NotImplemented,
    "object": External("builtins.object"),
    "Exception": External("builtins.Exception"),
    "ValueError": External("builtins.ValueError"),
    "TypeError": External("builtins.TypeError"),
    "NotImplementedError": External("builtins.NotImplementedError"),
    "staticmethod": External("builtins.staticmethod"),
    "classmethod": External("builtins.classmethod"),
    "property": External("builtins.property"),
    "type": Builtin("type", _type),
}

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
        return Builtin("collections.OrderedDict", BUILTINS["dict"].fn)
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


_PARTIAL_ATTRIBUTES = {"func": "func", "args": "args", "keywords": "kwargs"}


def _iterables(interp, values, node):
    """Each value as a list; an Unknown where one cannot be iterated."""
    out = []
    for v in values:
        items = iterate(interp, v, node)
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
        items = iterate(interp, a, node)
        if isinstance(items, Unknown):
            return items
        if len(out) + len(items) > MAX_LEN:
            return interp.unknown("itertools.chain() too long", node)
        out.extend(items)
    return out


def _reduce(interp, args, kwargs, node):
    if len(args) < 2:
        return interp.unknown("reduce()", node)
    items = iterate(interp, args[1], node)
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


# ----------------------------------------------------------------- attributes
_SIX_BUILTINS = {"six.moves.range": "range", "six.moves.xrange": "range",
                 "six.moves.zip": "zip", "six.moves.map": "map", "six.moves.filter": "filter"}


def outside_name(interp, qualname, node):
    """The value of a name from outside the analysed code: the few the standard library
    fixes (math.pi), the command line where a run is assumed (sys.argv), else External."""
    if qualname in STDLIB_CONSTANTS:
        return STDLIB_CONSTANTS[qualname]
    if qualname in _SIX_BUILTINS:  # six.moves on Python 3: the builtins themselves
        return BUILTINS[_SIX_BUILTINS[qualname]]
    if qualname == "sys.argv" and interp is not None:
        argv = interp.cmdline.sys_argv(interp, node)
        if argv is not None:
            return argv
    return External(qualname)


def get_attribute(interp, obj, name, node):
    if isinstance(obj, Unknown):
        # an attribute of what a class would have made is no longer that (Unknown.was)
        return obj if obj.was is None else Unknown(obj.reason, obj.line, obj.inert)
    if isinstance(obj, External):
        if name in ("__name__", "__qualname__"):
            return obj.qualname.rsplit(".", 1)[-1]
        if len(obj.qualname) > 500:  # a.next.next... built in a loop: not a name anyone wrote
            return interp.unknown(f"attribute chain on {obj.qualname[:60]}...", node)
        exists = outside_has(interp, obj, name)
        if exists is False:
            raise UserRaise(interp.line_of(node), "AttributeError")
        if exists is None and interp is not None and _may_lack(obj, name):
            interp.opaque_calls += 1  # may raise AttributeError, as a call not followed
        return outside_name(interp, f"{obj.qualname}.{name}", node)
    if name == "__class__" and isinstance(obj, ModelObject):
        return class_of(obj)
    if isinstance(obj, RuntimeObject):
        value = obj.attribute(interp, name, node)
        if value is not UNHANDLED:
            return value
    if interp.is_poisoned(obj) or (isinstance(obj, Instance) and interp.is_poisoned(obj.attrs)):
        if isinstance(obj, (list, dict)) and name in ("append", "extend", "update", "insert"):
            return python_method(interp, obj, name, node)
        return interp.unknown("contents changed by code nnlint could not follow", node)
    if isinstance(obj, Instance):
        if isinstance(obj, cmdline.ArgsNamespace):
            obj.read_all() if name == "__dict__" else obj.read(name)
        if name in obj.attrs:
            return obj.attrs[name]
        if name == "__dict__":
            if has_plain_dict(obj.cls):
                return obj.attrs  # the same mapping: self.__dict__.update(d) sets attributes
            interp.poison(obj)  # whatever is done with it may change the attributes
            return interp.unknown(f"__dict__ of a {obj.cls.name} instance", node)
        return class_attribute(interp, obj.cls, name, obj, node)
    if isinstance(obj, ClassValue):
        return class_attribute(interp, obj, name, None, node)
    if isinstance(obj, EnumMember):
        return member_attribute(interp, obj, name, node)
    if isinstance(obj, SuperProxy):
        return super_attribute(interp, obj, name, node)
    if isinstance(obj, (cmdline.ArgParser, cmdline.ArgGroup)):
        return cmdline.attribute(interp, obj, name, node)
    if isinstance(obj, Namespace):
        from nnlint import namespace
        return namespace.method(interp, obj, name, node)
    if isinstance(obj, ModuleObject):
        if name in obj.ns:
            return obj.ns[name]
        return Missing(f"module {obj.name} has no {name}")
    if isinstance(obj, Function):
        return wrapping.function_attribute(interp, obj, name, node)
    if isinstance(obj, Partial) and name in _PARTIAL_ATTRIBUTES:
        return getattr(obj, _PARTIAL_ATTRIBUTES[name])
    if isinstance(obj, (wrapping.Signature, wrapping.Parameter)):
        return wrapping.inspected_attribute(interp, obj, name, node)
    return python_method(interp, obj, name, node)


def member_attribute(interp, member, name, node):
    """member.name / .value, methods and properties of its class, then (int and str
    members) those of its value; the rest is not modelled."""
    if name in ("name", "_name_"):
        return member.name
    if name in ("value", "_value_"):
        return member.value
    if name == "__class__":
        return member.cls
    found = member.cls.lookup(name)
    if found is not None and isinstance(found[0], (Function, EnumMember)):
        return class_attribute(interp, member.cls, name, member, node)
    if member.mixin is not None and not name.startswith("_"):
        return get_attribute(interp, member.value, name, node)  # str.lower(member) ...
    return interp.unknown(f"attribute {name} of an enum member", node)


_DICT_BASES = {"builtins.object", "abc.ABC", "typing.Generic", "typing.Protocol"}


def has_plain_dict(cls) -> bool:
    """Instances of cls keep their attributes in a plain __dict__ (no __slots__, no
    __getattribute__, no outside base that may have either)."""
    for c in cls.mro():
        if isinstance(c, ClassValue):
            if any(n in c.ns for n in ("__slots__", "__getattribute__", "__dict__")):
                return False
        elif not (isinstance(c, External) and c.qualname in _DICT_BASES):
            return False
    return True


def _globals(interp, args, kwargs, node, scope):
    from nnlint.namespace import Namespace
    if scope is None or args or kwargs:
        return _dynamic("globals").fn(interp, args, kwargs, node)
    return Namespace(scope.module_scope())


def _locals(interp, args, kwargs, node, scope):
    if scope is not None and scope.parent is None:  # at module level, locals() is globals()
        return _globals(interp, args, kwargs, node, scope)
    return _dynamic("locals").fn(interp, args, kwargs, node)


def _exec(interp, args, kwargs, node, scope, name):
    """exec / eval of code nnlint does not follow: what it may bind becomes unknown
    (namespace.run_code)."""
    from nnlint import namespace
    result = _dynamic(name).fn(interp, args, kwargs, node)
    if scope is not None:
        namespace.run_code(interp, scope, args[0] if args else None, name, node)
    return result


def _compile(interp, args, kwargs, node):
    from nnlint.namespace import Code
    if args and isinstance(args[0], str):
        return Code(args[0])
    return _dynamic("compile").fn(interp, args, kwargs, node)


def _vars(interp, args, kwargs, node, scope=None):
    if not args and not kwargs:
        return _locals(interp, args, kwargs, node, scope)
    if len(args) == 1 and not kwargs and isinstance(args[0], Instance) and \
            has_plain_dict(args[0].cls):
        return get_attribute(interp, args[0], "__dict__", node)
    for value in args:
        if isinstance(value, Instance):
            interp.poison(value)  # its __dict__ may be changed
    return _dynamic("vars").fn(interp, args, kwargs, node)


def class_attribute(interp, cls, name, instance, node):
    found = cls.lookup(name)
    if found is not None and isinstance(found[0], EnumMember):
        if instance is not None:  # Color.RED.BLUE: deprecated in 3.11, not modelled
            return interp.unknown(f"enum member {name} reached from a member", node)
        return found[0]
    if found is not None and not name.startswith("_") and \
            not isinstance(found[0], (Function, ClassValue)):
        if is_enum_class(cls):
            return Unknown(f"enum member {cls.name}.{name}", interp.line_of(node), inert=True)
    if found is None:
        if name == "__name__":
            return cls.name
        if name == "__class__" and instance is not None:
            return cls
        if cls.external_bases():
            return interp.unknown(f"attribute {name} inherited from outside", node)
        return Missing(f"{cls.name} has no attribute {name}")
    value, _owner = found
    return bind_descriptor(interp, value, instance, cls, node)


def bind_descriptor(interp, value, instance, cls, node):
    if isinstance(value, Function):
        if value.kind == "staticmethod":
            return value
        if value.kind == "classmethod":
            return BoundMethod(value, cls)
        if value.kind == "property":
            if instance is None:
                return value
            return interp.call_function(value, [], {}, node, receiver=instance)
        if instance is not None:
            return BoundMethod(value, instance)
    if isinstance(value, Builtin) and instance is not None and getattr(value.fn, "method", False):
        return Builtin(value.name, value.fn, instance)  # a generated dataclass __init__
    return value


def super_attribute(interp, proxy, name, node):
    start = proxy.cls
    receiver = proxy.receiver
    if isinstance(start, Unknown):  # super(Undefined, self)
        return Unknown(start.reason, start.line)
    owner_cls = receiver if isinstance(receiver, ClassValue) else getattr(receiver, "cls", None)
    if isinstance(owner_cls, ClassValue):
        found = owner_cls.lookup(name, start_after=start)
        if found is not None:
            inst = None if isinstance(receiver, ClassValue) else receiver
            return bind_descriptor(interp, found[0], inst, owner_cls, node)
        bases = [b for b in owner_cls.mro() if isinstance(b, External)]
        if bases:
            return BoundExternal(bases[0].qualname + "." + name, receiver)
    return interp.unknown(f"super().{name}", node)


class BoundExternal:
    """A framework base-class method reached through super() (``nn.Module.__init__``)."""

    __slots__ = ("qualname", "receiver")

    def __init__(self, qualname, receiver):
        self.qualname = qualname
        self.receiver = receiver


_LIST_METHODS = {"index", "count", "copy"}
_STR_METHODS = {"upper", "lower", "startswith", "endswith", "split", "strip", "replace",
                "join", "format", "lstrip", "rstrip", "title", "isdigit", "capitalize",
                "rsplit", "find", "partition", "zfill", "isupper", "islower", "count"}
_DICT_READ = {"get", "keys", "values", "items", "copy"}
_SET_READ = {"union", "intersection", "difference", "symmetric_difference", "issubset",
             "issuperset", "isdisjoint", "copy"}


class _UnknownMethod(Unknown):
    """A method of a list, dict or set nnlint does not model: calling it poisons the
    container (calls.call hands the receiver to taint_arguments)."""

    __slots__ = ("receiver",)

    def __init__(self, reason, line, receiver):
        super().__init__(reason, line)
        self.receiver = receiver


def _set_mutator(name):
    def run(interp, args, kwargs, node, receiver):
        if kwargs or (name != "update" and len(args) != (0 if name == "clear" else 1)):
            interp.poison(receiver)
            return interp.unknown(f"set.{name}()", node)
        if name == "clear":
            receiver.clear()
            return None
        if name == "update":
            for a in args:
                # a set or dict argument is merged as CPython merges it (its table order)
                items = a if isinstance(a, (set, frozenset, dict)) and \
                    not interp.is_poisoned(a) else iterate(interp, a, node)
                if isinstance(items, Unknown) or not all(_set_item(i) for i in items):
                    interp.poison(receiver)
                    return interp.unknown("set.update() with items not known", node)
                if len(receiver) + len(items) > MAX_LEN:
                    interp.poison(receiver)
                    return interp.unknown("set too large", node)
                receiver.update(items)
            return None
        item = args[0]
        if not _set_item(item):
            interp.poison(receiver)
            return interp.unknown(f"set.{name}() of a value not known", node)
        if name == "add":
            if len(receiver) >= MAX_LEN:
                interp.poison(receiver)
                return interp.unknown("set too large", node)
            receiver.add(item)
        elif name == "discard":
            receiver.discard(item)
        elif item in receiver:
            receiver.remove(item)
        else:
            raise UserRaise(interp.line_of(node), "KeyError")
        return None

    return run


def _set_item(value) -> bool:
    """Plain, hashable data of reasonable size: what a set's add/discard/update may hold
    for real (anything else, and a value not known, poisons the set instead)."""
    if isinstance(value, Unknown) or costly_to_hash(value) or not _plain_args([value]):
        return False
    try:
        hash(value)
    except TypeError:
        return False
    return True


def python_method(interp, obj, name, node):
    """Methods of Python lists, dicts, strings and tuples."""
    if isinstance(obj, list):
        if name in ("append", "extend", "insert", "pop", "remove", "reverse", "clear", "sort"):
            return Builtin(f"list.{name}", _list_mutator(name), obj)
    if isinstance(obj, dict):
        if name in ("update", "setdefault", "pop", "clear", "popitem"):
            return Builtin(f"dict.{name}", _dict_mutator(name), obj)
        if name in _DICT_READ:
            return Builtin(f"dict.{name}", _dict_reader(name), obj)
    if isinstance(obj, set):
        if name in ("add", "discard", "remove", "update", "clear"):
            return Builtin(f"set.{name}", _set_mutator(name), obj)
    if isinstance(obj, (set, frozenset)) and name in _SET_READ:
        return Builtin(f"set.{name}", _read_method(name), obj)
    if isinstance(obj, (list, tuple)) and name in _LIST_METHODS:
        return Builtin(f"seq.{name}", _read_method(name), obj)
    if isinstance(obj, (list, dict, set)):
        # a method not modelled (set.pop, dict.popitem(last=False) ...) may change it
        return _UnknownMethod(f"{type(obj).__name__}.{name}()", interp.line_of(node), obj)
    if isinstance(obj, str) and name in _STR_METHODS:
        return Builtin(f"str.{name}", _read_method(name), obj)
    if isinstance(obj, (int, float)) and name in ("real", "imag"):
        return getattr(obj, name)
    if isinstance(obj, (int, float)) and name in ("bit_length", "is_integer"):
        return Builtin(name, _read_method(name), obj)
    return interp.unknown(f"attribute {name} of {type(obj).__name__}", node)


def _read_method(name):
    return _ReadMethod(name)


class _ReadMethod:
    """Calls a pure method of a plain value: ``"a,b".split(",")``."""

    def __init__(self, name):
        self.name = name

    def __call__(self, interp, args, kwargs, node, receiver):
        if self.name == "join" and len(args) == 1 and not isinstance(args[0], (list, tuple)):
            items = iterate(interp, args[0], node)  # ",".join(map(str, sizes))
            if isinstance(items, Unknown):
                return items
            args = [items]
        if isinstance(receiver, str) and _str_result_too_long(self.name, receiver, args):
            return interp.unknown(f"str.{self.name}() result too long", node)
        fn = getattr(type(receiver), self.name)
        return pure(fn, self.name).fn(interp, [receiver] + list(args), kwargs, node)


def _str_result_too_long(name, s, args) -> bool:
    """Would str.<name>(*args) build a string beyond MAX_LEN? (checked before building it)"""
    if name == "zfill":
        return bool(args) and isinstance(args[0], int) and args[0] > MAX_LEN
    if name == "format":
        return format_too_wide(s)
    if name == "join" and args and isinstance(args[0], (list, tuple)):
        items = args[0]
        return sum(len(x) for x in items if isinstance(x, str)) + \
            len(s) * len(items) > MAX_LEN
    if name == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        old, new = args[0], args[1]
        hits = s.count(old) if old else len(s) + 1
        return len(s) + hits * max(0, len(new) - len(old)) > MAX_LEN
    return False


def _list_mutator(name):
    def run(interp, args, kwargs, node, receiver):
        if name == "append":
            if len(receiver) >= MAX_LEN:
                interp.missing("list too long", node)
                return None
            receiver.append(args[0] if args else None)
        elif name == "extend":
            items = iterate(interp, args[0], node) if args else []
            if isinstance(items, Unknown):
                interp.missing(f"list extended with a value not known ({items.reason})", node)
                interp.poison(receiver)
                return None
            if len(receiver) + len(items) > MAX_LEN:
                interp.missing("list too long", node)
                return None
            receiver.extend(items)
        elif name == "insert":
            if len(args) == 2 and isinstance(args[0], int):
                receiver.insert(args[0], args[1])
            else:
                interp.missing("list.insert() at a position not known", node)
        elif name == "pop":
            if not receiver:
                raise UserRaise(interp.line_of(node), "IndexError")
            index = args[0] if args else -1
            if not isinstance(index, int):
                return interp.unknown("pop() index", node)
            return receiver.pop(index)
        elif name == "remove":
            for i, item in enumerate(receiver):
                if item is args[0] or (_plain_args([item, args[0]]) and item == args[0]):
                    del receiver[i]
                    break
        elif name == "reverse":
            receiver.reverse()
        elif name == "clear":
            receiver.clear()
        elif name == "sort":
            key, reverse = kwargs.get("key"), kwargs.get("reverse", False)
            if set(kwargs) - {"key", "reverse"} or args:
                interp.missing("list.sort() with these arguments", node)
                interp.poison(receiver)
            elif key is not None:
                ordered = _by_key(interp, "sorted", [list(receiver)], {"reverse": reverse},
                                  key, node)
                if isinstance(ordered, Unknown):
                    interp.missing("list.sort() with keys not known", node)
                    interp.poison(receiver)
                else:
                    receiver[:] = ordered
            elif not _plain_args(receiver):
                interp.missing("list.sort() of objects", node)
                interp.poison(receiver)
            elif isinstance(reverse, bool):
                try:
                    receiver.sort(reverse=reverse)
                except TypeError:
                    raise UserRaise(interp.line_of(node), "TypeError")
            else:
                interp.missing("list.sort() order not known", node)
                interp.poison(receiver)
        return None

    return run


def _dict_mutator(name):
    def run(interp, args, kwargs, node, receiver):
        if name == "update":
            for a in args:
                if isinstance(a, dict):
                    receiver.update(a)
                else:
                    interp.poison(receiver)
            receiver.update(kwargs)
            return None
        if name in ("setdefault", "pop") and not args:
            interp.poison(receiver)
            return interp.unknown(f"dict.{name}() without a key", node)
        if name in ("setdefault", "pop") and args and costly_to_hash(args[0]):
            return interp.unknown(f"dict.{name}() of a key too large to hash", node)
        if name not in ("setdefault", "pop"):
            found = None
        else:
            found = dict_lookup(interp, receiver, args[0], node)
        if isinstance(found, Unknown):
            interp.poison(receiver)  # which item it adds or removes is not known
            return found
        if name == "setdefault":
            key = args[0]
            return receiver.setdefault(key, args[1] if len(args) > 1 else None)
        if name == "pop":
            if found is not ABSENT:
                return receiver.pop(args[0])
            if len(args) > 1:
                return args[1]
            raise UserRaise(interp.line_of(node), "KeyError")
        if name == "clear":
            receiver.clear()
        if name == "popitem":
            if args or kwargs:  # OrderedDict.popitem(last=False): an OrderedDict is a dict here
                interp.poison(receiver)
                return interp.unknown("popitem() with arguments", node)
            if not receiver:
                raise UserRaise(interp.line_of(node), "KeyError")
            return receiver.popitem()  # the last item, for dict and OrderedDict alike
        return None

    return run


def _dict_reader(name):
    def run(interp, args, kwargs, node, receiver):
        if name == "get":
            found = dict_lookup(interp, receiver, args[0] if args else None, node)
            if found is ABSENT:
                return args[1] if len(args) > 1 else None
            return found
        if name == "keys":
            return list(receiver.keys())
        if name == "values":
            return list(receiver.values())
        if name == "items":
            return list(receiver.items())
        if name == "copy":
            return dict(receiver)
        return None

    return run


# -------------------------------------------------------------- subscripts
class _MaybeModule(Unknown):
    """sys.modules[key] for a key not known: perhaps the very module being analysed."""

    __slots__ = ()
    maybe_module = True


def _sys_modules(interp, key, node):
    from nnlint import namespace
    if isinstance(key, str) and key == interp.globals.vars.get("__name__"):
        return namespace.this_module(interp, interp.globals)
    return _MaybeModule(f"sys.modules[{key!r}]" if isinstance(key, str) else "sys.modules[...]",
                        interp.line_of(node))


ABSENT = object()  # what dict_lookup gives for a key Python would not find


def dict_lookup(interp, d: dict, key, node):
    """d[key] as Python finds it: the value, ABSENT, or an Unknown where which key matches
    is not known (an unknown key, or an outside value such as sys.platform on either side)."""
    if isinstance(key, Unknown):
        return key
    if outside.undecided(key) is not None:
        return interp.unknown(f"dict lookup by {outside.undecided(key).qualname}", node)
    if costly_to_hash(key):
        return interp.unknown("dict lookup by a key too large to hash", node)
    try:
        if key in d:
            return d[key]
    except TypeError:
        return interp.unknown("unhashable key", node)
    if any(contains_unknown(k) or outside.undecided(k) is not None for k in d):
        return interp.unknown("dict key not known", node)
    if may_alias_key(key, d):
        return interp.unknown(f"whether {key.qualname} is one of the keys", node)
    return ABSENT


def get_item(interp, obj, key, node):
    from nnlint import environ
    if isinstance(obj, Unknown):
        return obj
    if environ.is_environ(obj):
        return environ.get_item(interp, key, node)
    if interp.is_poisoned(obj):
        return interp.unknown("contents changed by code nnlint could not follow", node)
    if isinstance(key, Unknown) and not isinstance(obj, TensorObject):
        return key
    if isinstance(obj, (list, tuple, str, range)):
        if isinstance(key, (int, slice)) and not isinstance(key, bool) or isinstance(key, bool):
            try:
                value = obj[key]
            except IndexError:
                raise UserRaise(interp.line_of(node), "IndexError")
            return list(value) if isinstance(value, range) else value
        return interp.unknown("subscript", node)
    if isinstance(obj, Namespace):
        from nnlint import namespace
        return namespace.get_item(interp, obj, key, node)
    if isinstance(obj, dict):
        found = dict_lookup(interp, obj, key, node)
        if found is ABSENT:
            raise UserRaise(interp.line_of(node), "KeyError")
        return found
    if isinstance(obj, RuntimeObject):
        value = obj.item(interp, key, node)
        if value is not UNHANDLED:
            return value
    if isinstance(obj, External):
        if obj.qualname == "sys.modules":
            return _sys_modules(interp, key, node)
        if outside.generic_alias(obj):
            return obj  # typing subscripts: List[int], Optional[...]
        return interp.unknown(f"{obj.qualname}[...], which depends on where the code runs", node)
    if isinstance(obj, ClassValue) and obj.members is not None:  # Color["RED"]
        if isinstance(key, str) and key in obj.members:
            return obj.members[key]
        if is_plain(key) and isinstance(key, (int, float, str, bool, type(None), tuple)):
            raise UserRaise(interp.line_of(node), "KeyError")
        return interp.unknown(f"{obj.name}[...] of a value not known", node)
    if isinstance(obj, Instance):
        getter = class_attribute(interp, obj.cls, "__getitem__", obj, node)
        if isinstance(getter, BoundMethod):
            return interp.call(getter, [key], {}, node)
    return interp.unknown(f"subscript of {type(obj).__name__}", node)


def may_alias_key(key, keys) -> bool:
    """An outside name missing from a dict or set whose keys hold another outside name that
    might be the same object (two spellings nnlint has no facts about)."""
    if not isinstance(key, External):
        return False
    return any(isinstance(k, External) and outside.same(key, k) is None for k in keys)


# ------------------------------------------------------------ truth, iteration
def truth(interp, value, node=None):
    if isinstance(value, Unknown):
        return value
    if isinstance(value, External) and not outside.known(value):
        # `if somelib.FLAG:`, `torch.version.cuda`, `if sys.argv[1:]:`: an outside value may
        # be False or None, unlike a module, a framework class or a function
        line = interp.line_of(node) if interp is not None and node is not None else None
        return Unknown(f"truth of {value.qualname}, which depends on where the code runs", line)
    if isinstance(value, (int, float, str, bytes, bool, complex, type(None), range)):
        return bool(value)
    if isinstance(value, EnumMember):  # a pure Enum's members are all true
        return True if value.mixin is None else bool(value.value)
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        if interp is not None and interp.is_poisoned(value):
            return Unknown("truth of a container changed by code nnlint could not follow")
        return len(value) > 0
    answer = value.truth() if isinstance(value, RuntimeObject) else UNHANDLED
    if answer is not UNHANDLED:
        return answer
    if isinstance(value, (Function, ClassValue, External, BoundMethod, Builtin, Partial,
                          ModuleObject, OneShot, cmdline.ArgParser,
                          cmdline.ArgGroup, Namespace)):
        return True
    if isinstance(value, Instance):
        if value.cls.lookup("__bool__") or value.cls.lookup("__len__"):
            return Unknown("truth of an object with __bool__")
        return True
    return Unknown(f"truth of {type(value).__name__}")


def iterate(interp, value, node=None):
    """A Python list of the items, or an Unknown."""
    if isinstance(value, Unknown):
        return value
    if interp is not None and interp.is_poisoned(value):
        return Unknown("contents changed by code nnlint could not follow")
    if isinstance(value, range):
        if range_len(value) > MAX_LEN:
            return Unknown(f"range of {range_len(value)} items is too long")
        return list(value)
    if isinstance(value, (list, tuple, str, bytes)):
        return list(value)
    if isinstance(value, OneShot):
        return value.take_all()
    if isinstance(value, (set, frozenset)):
        if not is_plain(value):
            return Unknown("iteration order of a set of objects")
        if has_text(value):
            return Unknown("iteration order of a set of strings (hash randomisation)")
        # numbers hash the same in every run: CPython's own order, which is not sorted
        return list(value)
    if isinstance(value, dict):
        return list(value.keys())
    if isinstance(value, ClassValue) and value.members is not None:
        return list({id(m): m for m in value.members.values()}.values())  # no aliases
    items = value.iterate(interp, node) if isinstance(value, RuntimeObject) else UNHANDLED
    if items is not UNHANDLED:
        return items
    return Unknown(f"iteration over {type(value).__name__}")


# ---------------------------------------------------------- operator hooks
def special_binop(interp, op, left, right, node):
    """Operators on tensors and enum members; NotImplemented for everything else."""
    if isinstance(left, EnumMember) or isinstance(right, EnumMember):
        return _member_binop(interp, op, left, right, node)
    for v in (left, right):
        result = v.binop(interp, op, left, right, node) if isinstance(v, RuntimeObject) \
            else UNHANDLED
        if result is not UNHANDLED:
            return result
    seqs = [v for v in (left, right) if isinstance(v, (list, tuple, dict, set))]
    if any(interp.is_poisoned(v) for v in seqs):
        return interp.unknown("operation on a container whose contents are not known", node)
    if isinstance(left, tuple) and isinstance(right, tuple) and op is operator.add:
        if len(left) + len(right) > MAX_LEN:
            return interp.unknown("tuple too long", node)
        return left + right
    # [conv, relu] + [pool] and [block] * 4 hold the same objects whatever they are
    if op is operator.add and isinstance(left, list) and isinstance(right, list) or \
            op is operator.mul and seqs and any(
                isinstance(v, int) and not isinstance(v, Unknown) for v in (left, right)):
        result = safe_binop(op, left, right)
        if isinstance(result, Unknown) and result.line is None:
            result.line = interp.line_of(node)
        return result
    return NotImplemented


def _holds_member(value) -> bool:
    if isinstance(value, EnumMember):
        return True
    if isinstance(value, (tuple, list)):
        return any(_holds_member(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_member(v) for kv in value.items() for v in kv)
    return False


def _member_binop(interp, op, left, right, node):
    """int and str members compute as their values (int.__add__ gives an int); a pure
    Enum's members have no operators, so with Python data Python raises TypeError."""
    lv, rv = _enum_value(left), _enum_value(right)
    if op is operator.mod and isinstance(lv, (str, bytes)) and _holds_member(right):
        return interp.unknown("%-format of an enum member (its text is not modelled)", node)
    pure = [v for v in (lv, rv) if isinstance(v, EnumMember)]
    if pure:
        other = rv if isinstance(lv, EnumMember) else lv
        if isinstance(other, EnumMember) or is_plain(other):
            raise UserRaise(interp.line_of(node), "TypeError")
        return interp.unknown("operation on an enum member", node)
    return interp.binop(op, lv, rv, node)


def tensor_unary(interp, value, node):
    result = value.negate() if isinstance(value, RuntimeObject) else UNHANDLED
    if result is not UNHANDLED:
        return result
    return interp.unknown("unary operation", node)
