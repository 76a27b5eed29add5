"""Python's builtins and standard-library helpers, as nnlint computes them.

Only pure functions on plain data are computed (``range``, ``len``, ``max``,
``math.ceil`` ...); everything else gives `Unknown`. Attribute access,
subscripts, truth and iteration of every kind of value are decided here too.
"""

from __future__ import annotations

from nnlint.interpreter import iterators
from nnlint.interpreter.attributes import class_of, get_attribute, has_plain_dict, outside_has
from nnlint.interpreter.iterators import OneShot, by_key, one_shot
from nnlint.interpreter.objects import (
    BoundMethod,
    Builtin,
    ClassValue,
    EnumMember,
    External,
    Function,
    Instance,
    Partial,
    SuperProxy,
    first_unknown_argument,
    member_value,
    plain_args,
    pure,
)
from nnlint.interpreter.runtime import UNHANDLED, ModelObject, RuntimeObject
from nnlint.interpreter.values import (
    MAX_LEN,
    Missing,
    Unknown,
    UnknownBranch,
    UserRaise,
    bounded_pow,
    costly_to_hash,
    range_len,
)


def _range(interp, args, kwargs, node):
    args = [member_value(a) for a in args]
    bad = first_unknown_argument(args)
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
    items = interp.iterate(value, node)
    if isinstance(items, Unknown):
        return items
    return len(items)


def _seq_builtin(fn, name):
    """sum/max/min/sorted/any/all over an iterable of plain values."""

    def run(interp, args, kwargs, node):
        if args and (len(args) == 1 or name == "sum") and not isinstance(args[0], (int, float)):
            items = interp.iterate(args[0], node)
            if isinstance(items, Unknown):
                return items
            args = [list(items)] + list(args[1:])
        bad = first_unknown_argument(args, kwargs)
        if bad is not None:
            return bad
        key = kwargs.pop("key", None)
        if key is not None and name in ("sorted", "min", "max"):
            return by_key(interp, name, args, kwargs, key, node)
        if key is not None:
            return interp.unknown(f"{name}() with key=", node)
        if not (plain_args(args) and plain_args(kwargs.values())):
            return interp.unknown(f"{name}() of values not known statically", node)
        start = args[1] if len(args) > 1 else kwargs.get("start")
        if name == "sum" and isinstance(start, (list, tuple)):
            return _sum_sequences(interp, args[0], start, node)
        try:
            return fn(*args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise UserRaise(interp.line_of(node), type(exc).__name__)

    return Builtin(name, run)


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
            items = interp.iterate(value, node)
            if isinstance(items, Unknown):
                return items
            if pytype in (set, frozenset) and any(costly_to_hash(i) for i in items):
                return interp.unknown(f"{name}() of values too large to hash", node)
            return pytype(items)
        if pytype is dict:
            if isinstance(value, dict):
                out = dict(value)
            else:
                items = interp.iterate(value, node)
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
            return interp.truth(value, node)
        if pytype in (int, float) and isinstance(value, EnumMember) and value.mixin is not None:
            value = value.value  # int(Size.LARGE) is int's own conversion of the member
            args = [value] + list(args[1:])
        v = value.number() if isinstance(value, RuntimeObject) else UNHANDLED
        if pytype in (int, float) and v is not UNHANDLED:
            if v is None:  # a number, whatever it is
                return Unknown(f"{name}() of a tensor", interp.line_of(node), inert=True)
            value = v
            args = [v] + list(args[1:])
        if pytype is str and not plain_args([value]):
            return interp.unknown("str() of an object", node)
        return pure(pytype, name).fn(interp, args, kwargs, node)

    return Builtin(name, run)


def _reversed(interp, args, kwargs, node):
    items = interp.iterate(args[0], node)
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
        from nnlint.interpreter.resolve import canonical
        q = canonical(t.qualname)
        if q == "functools.partial":  # only functools.partial makes one
            if isinstance(value, Partial):
                return True
            if isinstance(value, (Function, ClassValue, BoundMethod)):
                return False
        if q == "types.NoneType":  # type(None): only None is one
            return value is None
        if q in ("types.FunctionType", "types.LambdaType"):  # a def or a lambda
            if isinstance(value, Function):
                return True
            if isinstance(value, (ClassValue, Partial, BoundMethod, ModelObject) + _PYTHON_DATA):
                return False
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
    from nnlint.interpreter.resolve import canonical
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
    args = list(args[:1]) + [member_value(a) for a in args[1:2]] + list(args[2:])
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
    if args and not plain_args(args[:1]):
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

def _globals(interp, args, kwargs, node, scope):
    from nnlint.interpreter.namespace import Namespace
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
    from nnlint.interpreter import namespace
    result = _dynamic(name).fn(interp, args, kwargs, node)
    if scope is not None:
        namespace.run_code(interp, scope, args[0] if args else None, name, node)
    return result


def _compile(interp, args, kwargs, node):
    from nnlint.interpreter.namespace import Code
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


