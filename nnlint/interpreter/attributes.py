"""Attributes: `obj.name` for every kind of value, and the methods of Python's own types.

Names from outside the analysed code (`outside_name`), class attributes with descriptors
(`class_attribute`, `bind_descriptor`), `super()` and the list / str / dict / set methods
nnlint computes.
"""

from __future__ import annotations

from functools import lru_cache

from nnlint.catalog.versions import has_name
from nnlint.interpreter import cmdline, wrapping
from nnlint.interpreter.iterators import by_key
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
    SuperProxy,
    is_enum_class,
    plain_args,
    pure,
)
from nnlint.interpreter.operations import ABSENT, dict_lookup, iterate
from nnlint.interpreter.outside import outside_name
from nnlint.interpreter.resolve import canonical
from nnlint.interpreter.runtime import UNHANDLED, ModelObject, RuntimeObject
from nnlint.interpreter.stdlib import PARTIAL_ATTRIBUTES
from nnlint.interpreter.values import (
    MAX_LEN,
    Missing,
    Unknown,
    UserRaise,
    costly_to_hash,
    format_too_wide,
)


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
        if exists is None and interp is not None and _may_lack(obj.qualname, name):
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
        from nnlint.interpreter import namespace
        return namespace.method(interp, obj, name, node)
    if isinstance(obj, ModuleObject):
        if name in obj.ns:
            return obj.ns[name]
        return Missing(f"module {obj.name} has no {name}")
    if isinstance(obj, Function):
        return wrapping.function_attribute(interp, obj, name, node)
    if isinstance(obj, Partial) and name in PARTIAL_ATTRIBUTES:
        return getattr(obj, PARTIAL_ATTRIBUTES[name])
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
    if isinstance(value, Unknown) or costly_to_hash(value) or not plain_args([value]):
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
                if item is args[0] or (plain_args([item, args[0]]) and item == args[0]):
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
                ordered = by_key(interp, "sorted", [list(receiver)], {"reverse": reverse},
                                  key, node)
                if isinstance(ordered, Unknown):
                    interp.missing("list.sort() with keys not known", node)
                    interp.poison(receiver)
                else:
                    receiver[:] = ordered
            elif not plain_args(receiver):
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


def outside_has(interp, obj: External, name: str) -> bool | None:
    """Whether an outside object has an attribute: decided for framework modules from the
    release the user states (nnlint.catalog.versions), else not known."""
    if obj.qualname.startswith(("tensorflow.", "tf_keras.")):
        return None  # tf.keras is Keras 2 or 3, whichever TensorFlow brings
    return has_name(canonical(obj.qualname), name, getattr(interp, "versions", {}))


@lru_cache(maxsize=16384)  # pure, and asked for every attribute of a framework name
def _may_lack(qualname: str, name: str) -> bool:
    """An attribute that a framework object might not have: a torch.nn or keras.layers
    name the latest release nnlint knows does not have, or any attribute of a framework
    class (`nn.Linear.in_features` is an annotation, not an attribute)."""
    from nnlint import catalog
    from nnlint.catalog.versions import latest
    q = canonical(qualname)
    if q in ("torch.nn", "keras.layers"):
        return has_name(q, name, latest()) is False
    return catalog.lookup(q) is not None


def class_of(obj):
    """The class of a model object: its ClassValue, or the framework class by name."""
    if getattr(obj, "cls", None) is not None:
        return obj.cls
    spec = getattr(obj, "spec", None)
    if spec is not None:
        return External(spec.name)
    return External(obj.class_prefix + obj.type_name)
