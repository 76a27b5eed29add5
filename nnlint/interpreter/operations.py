"""What Python's operators do with a value: subscripts, truth, iteration, arithmetic.

Each handles plain data itself and asks a framework's runtime object
(`nnlint.interpreter.runtime.RuntimeObject`) for its own.
"""

from __future__ import annotations

import operator

from nnlint.interpreter import cmdline, outside
from nnlint.interpreter.iterators import OneShot, has_text
from nnlint.interpreter.namespace import Namespace
from nnlint.interpreter.objects import (
    BoundMethod,
    Builtin,
    ClassValue,
    EnumMember,
    External,
    Function,
    Instance,
    ModuleObject,
    Partial,
    member_value,
)
from nnlint.interpreter.runtime import UNHANDLED, RuntimeObject, TensorObject
from nnlint.interpreter.values import (
    MAX_LEN,
    Unknown,
    UserRaise,
    contains_unknown,
    costly_to_hash,
    is_plain,
    range_len,
    safe_binop,
)


# -------------------------------------------------------------- subscripts
class _MaybeModule(Unknown):
    """sys.modules[key] for a key not known: perhaps the very module being analysed."""

    __slots__ = ()
    maybe_module = True


def _sys_modules(interp, key, node):
    from nnlint.interpreter import namespace
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
    from nnlint.interpreter import environ
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
        from nnlint.interpreter import namespace
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
        # attributes reads dicts through this module: imported here, not at the top
        from nnlint.interpreter.attributes import class_attribute
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
    lv, rv = member_value(left), member_value(right)
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


