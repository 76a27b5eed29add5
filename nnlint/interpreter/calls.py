"""Calling things: user functions and classes, builtins, framework names, models.

`call()` is the one dispatch point. Framework names go to the catalog (layers)
or to `torch_rt` / `keras_rt` (containers, models, tensors). A call nnlint
cannot follow returns `Unknown`; if a model object was passed to it, the model
is tainted, since the call might have changed it.
"""

from __future__ import annotations

import math
import re

import libcst as cst

from nnlint.interpreter.attributes import BoundExternal
from nnlint.interpreter.namespace import Namespace
from nnlint.interpreter.neutral import HARMLESS as _HARMLESS_PREFIXES  # noqa: E402
from nnlint.interpreter.objects import (
    BoundMethod,
    Builtin,
    ClassValue,
    EnumMember,
    External,
    Function,
    Instance,
    Partial,
)
from nnlint.interpreter.resolve import canonical
from nnlint.interpreter.runtime import (
    UNHANDLED,
    ModelObject,
    RuntimeObject,
    TensorObject,
    framework_named,
    framework_of,
    frameworks,
    written,
)
from nnlint.interpreter.stdlib import stdlib_function
from nnlint.interpreter.values import (
    STAR_KWARGS,
    StarUnknown,
    Unknown,
    UserRaise,
    contains_unknown,
    is_plain,
)


def call(interp, func, args, kwargs, node):
    note = getattr(func, "note", None)
    if note is not None:
        interp.taint(note, node)
    if isinstance(func, Function):
        return interp.call_function(func, args, kwargs, node)
    if isinstance(func, BoundMethod):
        if isinstance(func.func, Function):
            return interp.call_function(func.func, args, kwargs, node, receiver=func.receiver)
        return call(interp, func.func, [func.receiver] + args, kwargs, node)
    if isinstance(func, Builtin):
        if func.receiver is not None:
            return func.fn(interp, args, kwargs, node, func.receiver)
        return func.fn(interp, args, kwargs, node)
    if isinstance(func, Partial):
        merged = dict(func.kwargs)
        merged.update(kwargs)
        return call(interp, func.func, list(func.args) + args, merged, node)
    if isinstance(func, ClassValue):
        return instantiate(interp, func, args, kwargs, node)
    if isinstance(func, External):
        return call_external(interp, func.qualname, args, kwargs, node)
    if isinstance(func, BoundExternal):
        return call_base_method(interp, func, args, kwargs, node)
    if isinstance(func, RuntimeObject):
        result = func.call(interp, args, kwargs, node)
        if result is not UNHANDLED:
            return result
    if isinstance(func, Unknown):
        interp.opaque_calls += 1
        receiver = getattr(func, "receiver", None)
        if receiver is not None:
            args = [receiver] + list(args)
        taint_arguments(interp, args, kwargs, node, func.reason)
        if isinstance(func.was, ClassValue):  # what the class would have made: reported
            return Unknown(func.reason, func.line, was=("made by", func.was))
        return func if func.was is None else Unknown(func.reason, func.line, func.inert)
    return interp.unknown(f"call of {type(func).__name__}", node)


def taint_arguments(interp, args, kwargs, node, why):
    """A call nnlint cannot follow got model objects: they may have changed."""
    for value in list(args) + list(kwargs.values()):
        obj = value.receiver if isinstance(value, BoundMethod) else value
        written(obj)
        if isinstance(obj, (list, tuple)):
            written(*obj)  # mutate([t]) reaches t too
        if isinstance(obj, (list, dict, set, Instance)):
            interp.poison(obj)  # it may append, pop or set what it likes
        if isinstance(obj, Namespace):
            from nnlint.interpreter import namespace
            namespace.forget(interp, obj.scope, f"a call nnlint cannot follow ({why}) "
                             "receives globals(); it may rebind any name", node)
        if isinstance(obj, ModelObject):
            note = interp.taint(f"a call nnlint cannot follow ({why}) receives a model; "
                                "it may change its parameters", node)
            obj.taints.append(note)


def instantiate(interp, cls: ClassValue, args, kwargs, node):
    if cls.members is not None:
        return enum_call(interp, cls, args, kwargs, node)
    fw = class_framework(cls)
    if fw not in (None, "other"):
        return framework_named(fw.split("-")[0]).instantiate(interp, cls, args, kwargs, node)
    if fw == "other":
        taint_arguments(interp, args, kwargs, node, f"class {cls.name} with outside bases")
        return interp.unknown(f"instance of {cls.name}, whose base classes are outside the "
                              "analysed code", node)
    return instantiate_plain(interp, cls, args, kwargs, node)


def run_init(interp, obj, cls, args, kwargs, node, base_method, default_base):
    """Run cls.__init__ on a fresh framework object, collecting what taints it.

    With no __init__ in the analysed code, the framework base class's does the work."""
    interp.collectors.append(obj.taints)
    try:
        for why in hidden_bases(cls):
            interp.taint(why, node)
        init = cls.lookup("__init__")
        if init is not None and isinstance(init[0], Function):
            interp.call_function(init[0], args, kwargs, node, receiver=obj)
        elif init is not None and isinstance(init[0], Builtin) and \
                isinstance(init[0].fn, DataclassInit):
            init[0].fn(interp, args, kwargs, node, obj)  # not followed on a model
        else:
            bases = cls.external_bases()
            base = canonical(bases[0].qualname) if bases else default_base
            base_method(interp, obj, base, "__init__", args, kwargs, node)
    finally:
        interp.collectors.pop()
    return obj


def class_framework(cls: ClassValue) -> str | None:
    """What a framework makes of the class (`Framework.base_kind`: 'torch', 'keras-model',
    'keras-layer'), 'other' (bases from outside the analysed code) or None (plain)."""
    for base in cls.external_bases():
        kind = base_kind(canonical(base.qualname))
        if kind is not None:
            return kind
    for base in cls.external_bases():
        q = canonical(base.qualname)
        if q not in _PLAIN_BASES:
            return "other"
    return None


# bases and metaclasses known to add no parameter and to leave __init__ to the next class
# (checked with torch and Keras 3: tests/fixtures/torch/harmless_bases.py)
_HARMLESS_BASES = {"builtins.object", "abc.ABC", "typing.Generic", "typing.Protocol",
                   "typing_extensions.Generic", "typing_extensions.Protocol"}
_HARMLESS_METACLASSES = {"builtins.type", "abc.ABCMeta"}


def base_kind(qualname) -> str | None:
    """What a framework makes of a class built on `qualname` (Framework.base_kind)."""
    for fw in frameworks():
        kind = fw.base_kind(qualname)
        if kind is not None:
            return kind
    return None


def hidden_bases(cls: ClassValue) -> list:
    """Why the classes in cls's MRO may do what nnlint does not see, one reason each.

    A base from outside the analysed code (`from somelib import Mixin`) or one nnlint
    could not resolve (an undefined name) may define __init__ (which super().__init__()
    reaches), parameters, a metaclass or __init_subclass__; wherever it sits in the MRO,
    its metaclass and __init_subclass__ still run. The same holds for a metaclass or a
    class keyword nnlint does not follow, a class an unknown decorator may have replaced,
    and __init_subclass__ in the analysed code (run, for what it does elsewhere, but
    not trusted with the subclass: it may wrap __init__). The framework's own classes and
    a few standard-library bases known to be harmless are seen through."""
    out = []
    for c in cls.mro()[1:]:
        if isinstance(c, ClassValue):
            if c.note is not None:
                out.append(f"base class {c.name}: {c.note}")
            if "__init_subclass__" in c.ns:
                out.append(f"{c.name}.__init_subclass__ is not followed")
            continue
        if isinstance(c, External):
            q = canonical(c.qualname)
            if framework_of(q) is None and q not in _HARMLESS_BASES and base_kind(q) is None:
                out.append(f"base class {q} of {cls.name} is outside the analysed code: its "
                           "__init__, metaclass or methods may add parameters")
            continue
        out.append(f"a base class of {cls.name} is {_describe(c)}: its __init__, "
                   "metaclass or methods may add parameters")
    for c in cls.mro():
        if not isinstance(c, ClassValue):
            continue
        for key, value in c.keywords.items():
            if key == "metaclass" and isinstance(value, External) and \
                    canonical(value.qualname) in _HARMLESS_METACLASSES:
                continue
            what = _describe(value)
            out.append(f"{key}= of class {c.name} ({what}) is not followed: "
                       + ("a metaclass may change how the model is built" if key == "metaclass"
                          else "the keyword goes to __init_subclass__"))
    return out


def _describe(value) -> str:
    if isinstance(value, External):
        return value.qualname
    if isinstance(value, Unknown):
        return f"an unknown value: {value.reason}"
    if isinstance(value, ClassValue):
        return value.name
    return type(value).__name__


_PLAIN_BASES = {"builtins.object", "abc.ABC", "typing.NamedTuple", "typing.Generic",
                "builtins.Exception", "builtins.ValueError", "typing.Protocol"}


# the enum bases nnlint models, with the type their members also are
_ENUM_MIXINS = {"enum.Enum": None, "enum.IntEnum": int, "enum.StrEnum": str,
                "builtins.int": int, "builtins.str": str, "builtins.object": None}
_ENUM_DATA = (int, str, float, bool, type(None))


def setup_enum(interp, cls: ClassValue, node, scope):
    """Make cls's members as Python 3.11 does (aliases for equal values, auto() numbering).
    cls.members stays None, so that its members are not known, where the class does
    anything more (Flag, a mixin other than int or str, _missing_, __new__, dunders,
    decorators, values nnlint does not know)."""
    mixin = _enum_mixin(cls, node)
    if mixin is False:
        return
    names = _enum_body(cls, node)
    if names is None:
        return
    members, values = {}, []
    for name, value_node in names:
        value = cls.ns.get(name)
        if _is_auto(interp, value_node, scope):
            value = _auto_value(name, values, mixin, cls)
        if not _enum_value_ok(value, mixin):
            return
        values.append(value)
        alias = None
        for m in members.values():
            same = _same_value(interp, m.value, value, node)
            if isinstance(same, Unknown):
                return
            if same:
                alias = m
                break
        members[name] = alias if alias is not None else EnumMember(cls, name, value, mixin)
    cls.ns.update(members)
    cls.members = members


def _enum_mixin(cls, node):
    """int, str or None (pure Enum); False where the class is not one nnlint models."""
    if node.decorators or cls.keywords or cls.note is not None:
        return False
    found = set()
    for c in cls.mro()[1:]:
        if isinstance(c, ClassValue):
            if c.members != {}:  # an enum with members cannot be subclassed
                return False
            continue
        name = canonical(c.qualname) if isinstance(c, External) else \
            f"builtins.{c.name}" if isinstance(c, Builtin) else None
        if name not in _ENUM_MIXINS:
            return False
        found.add(_ENUM_MIXINS[name])
    found.discard(None)
    return False if len(found) > 1 else (found.pop() if found else None)


# methods that only give a member's text, which nnlint does not model anyway
_TEXT_DUNDERS = ("__repr__", "__str__", "__format__")


def _enum_body(cls, node):
    """[(member name, its value's node)] in definition order; None where the body does
    what nnlint does not model (a name set twice, _sunder_ or dunder names, statements
    other than assignments and plain methods)."""
    names, seen = [], set()
    for stmt in node.body.body if isinstance(node.body, cst.IndentedBlock) else []:
        if isinstance(stmt, cst.FunctionDef):
            name = stmt.name.value
            fn = cls.ns.get(name)
            if name.startswith("_") and name.endswith("_") and name not in _TEXT_DUNDERS or \
                    name in seen or \
                    name in ("name", "value") or not isinstance(fn, Function) or \
                    fn.note is not None:
                return None
            seen.add(name)
            continue
        if not isinstance(stmt, cst.SimpleStatementLine):
            return None
        for small in stmt.body:
            if isinstance(small, cst.Pass) or isinstance(small, cst.Expr) and \
                    isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)):
                continue
            if isinstance(small, cst.AnnAssign) and small.value is None:
                continue
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target, value = small.targets[0].target, small.value
            elif isinstance(small, cst.AnnAssign):
                target, value = small.target, small.value
            else:
                return None
            if not isinstance(target, cst.Name):
                return None
            name = target.value
            if name in seen or name.startswith("__") or name in ("name", "value", "mro") or \
                    name.startswith("_") and name.endswith("_"):
                return None
            seen.add(name)
            names.append((name, value))
    return names


def _is_auto(interp, value, scope) -> bool:
    if not isinstance(value, cst.Call) or value.args or \
            not isinstance(value.func, (cst.Name, cst.Attribute)):
        return False
    func = interp.eval(value.func, scope)
    return isinstance(func, External) and canonical(func.qualname) == "enum.auto"


def _auto_value(name, values, mixin, cls):
    """What auto() gives in Python 3.11: StrEnum's the lower-cased name; Enum's and
    IntEnum's 1, then the last value + 1 while that is the largest (else _NO_AUTO)."""
    if mixin is str:
        strenum = any(isinstance(c, External) and canonical(c.qualname) == "enum.StrEnum"
                      for c in cls.mro())
        return name.lower() if strenum else _NO_AUTO
    if not values:
        return 1
    if all(type(v) is int for v in values) and values[-1] == max(values):
        return values[-1] + 1
    return _NO_AUTO


_NO_AUTO = object()  # an auto() value nnlint does not compute (never a member's value)


def _enum_value_ok(value, mixin) -> bool:
    """A value whose member nnlint makes exactly (a mixin's: of that very type; a pure
    Enum's may be an object, such as a dataclass of weight metadata)."""
    if mixin is not None:
        return type(value) is mixin
    if isinstance(value, Instance):
        return True
    if isinstance(value, tuple):
        return all(_enum_value_ok(v, None) for v in value)
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return type(value) in _ENUM_DATA


def _same_value(interp, a, b, node):
    """`a == b` as Enum decides aliases (an earlier member's value on the left): plain
    data by value; objects by identity, by their class's own __eq__ (run as Python runs
    it), or field by field where @dataclass generated __eq__ (a tuple of the fields,
    compared in order); Unknown where that is not known."""
    if isinstance(a, Instance) or isinstance(b, Instance):
        if not (isinstance(a, Instance) and isinstance(b, Instance) and a.cls is b.cls):
            return Unknown("an enum value compared with another kind of object")
        eq, hashed = a.cls.lookup("__eq__"), a.cls.lookup("__hash__")
        if eq is None:
            return a is b
        if hashed is not None:  # Enum looks hashable values up by hash first
            return Unknown("enum values whose class defines __hash__")
        if isinstance(eq[0], Function):
            return _user_eq(interp, eq[0], a, b, node)
        fields = a.cls.lookup("__dataclass_fields__")
        if not (isinstance(eq[0], Builtin) and eq[0].fn is _unknown_eq and fields):
            return Unknown("enum values whose class defines __eq__")
        for f in fields[0].values():
            if f.kind != "field":
                continue
            x, y = a.attrs.get(f.name, _MISSING), b.attrs.get(f.name, _MISSING)
            same = True if x is y else _same_value(interp, x, y, node)
            if same is not True:
                return same
        return True
    if a is b:
        return True
    return interp._eq(a, b)


def _user_eq(interp, eq, a, b, node):
    try:
        result = interp.call_function(eq, [b], {}, node, receiver=a)
    except UserRaise:
        return Unknown("an enum value's __eq__ raises")
    return result if isinstance(result, bool) else Unknown("an enum value's __eq__")


def enum_call(interp, cls: ClassValue, args, kwargs, node):
    """Cls(value): the member with that value (ValueError if none), as Enum.__new__."""
    if len(args) != 1 or kwargs:
        return interp.unknown(f"{cls.name}() with these arguments", node)
    value = args[0]
    if contains_unknown(value):
        return value if isinstance(value, Unknown) else interp.unknown("enum value", node)
    if isinstance(value, EnumMember):
        if value.cls is cls:
            return value
        if value.mixin is None:
            raise UserRaise(interp.line_of(node), "ValueError")
        value = value.value
    if not is_plain(value):
        return interp.unknown(f"{cls.name}() of an object", node)
    for member in cls.members.values():
        if member.value == value:
            return member
    raise UserRaise(interp.line_of(node), "ValueError")


def enum_value(value):
    """The value an int or str enum member stands for; anything else as it is."""
    if isinstance(value, EnumMember) and value.mixin is not None:
        return value.value
    if isinstance(value, (list, tuple)) and any(isinstance(v, EnumMember) for v in value):
        return type(value)(enum_value(v) for v in value)
    return value


def instantiate_plain(interp, cls: ClassValue, args, kwargs, node):
    obj = Instance(cls)
    init = cls.lookup("__init__")
    if init is not None and isinstance(init[0], Function):
        interp.call_function(init[0], args, kwargs, node, receiver=obj)
    elif init is not None and isinstance(init[0], Builtin) and \
            isinstance(init[0].fn, DataclassInit):
        init[0].fn(interp, args, kwargs, node, obj)
    return obj


# ------------------------------------------------------------------ dataclasses

_MISSING = object()


class DataclassField:
    """What ``dataclasses.field(...)`` returns: its keywords, as given."""

    __slots__ = ("options",)

    def __init__(self, options):
        self.options = options


class _Field:
    """One entry of a dataclass's ``__dataclass_fields__``."""

    __slots__ = ("name", "kind", "default", "factory", "init", "kw_only")

    def __init__(self, name, kind, default=_MISSING, factory=None, init=True, kw_only=False):
        self.name = name
        self.kind = kind  # "field" | "classvar" | "initvar"
        self.default = default
        self.factory = factory
        self.init = init
        self.kw_only = kw_only


_FIELD_OPTIONS = {"default", "default_factory", "init", "kw_only", "repr", "hash", "compare",
                  "metadata"}


def setup_dataclass(interp, cls: ClassValue, node, scope, kind, options):
    """What the dataclass decorator does to a class, as Python 3.10+ does it: fields of
    the dataclass bases first (along the MRO; a redefined field keeps its place), then
    the class's own annotations; defaults become class attributes (a default_factory
    field has none); and an __init__ is generated unless the class body defines one.
    Whatever is not modelled gives an __init__ that builds nothing known."""
    problem = None
    if kind != "dataclasses":
        problem = "the __init__ that attrs generates is not modelled"
    init_wanted = options.get("init", True)
    kw_only_all = options.get("kw_only", False)
    if not isinstance(init_wanted, bool) or not isinstance(kw_only_all, bool) or \
            set(options) - {"init", "kw_only", "repr", "eq", "order", "frozen",
                            "unsafe_hash", "match_args", "slots", "weakref_slot"}:
        problem = problem or "dataclass options not known statically"
    fields = {}
    for base in reversed(cls.mro()[1:]):
        if isinstance(base, ClassValue):
            found = base.lookup("__dataclass_fields__")
            if found is not None and isinstance(found[0], dict):
                fields.update(found[0])
        elif not isinstance(base, External):
            problem = problem or "a base class is not known"
    kw_only_seen = kw_only_all
    for stmt, nested in _class_annotations(node):
        if nested:
            problem = problem or "an annotation inside a block of the class body"
            continue
        name = stmt.target.value
        field_kind = _annotation_kind(interp, stmt.annotation.annotation, scope)
        if field_kind is None:
            problem = problem or f"the annotation of field {name} is not known"
            continue
        if field_kind == "kw_only_marker":
            kw_only_seen = True
            continue
        found = cls.lookup(name)
        value = found[0] if found is not None else _MISSING
        f = _Field(name, field_kind, kw_only=kw_only_seen)
        if isinstance(value, DataclassField):  # field(...): options of this field
            opts = value.options
            if set(opts) - _FIELD_OPTIONS or not all(
                    isinstance(opts.get(k, True), bool) for k in ("init", "kw_only")):
                problem = problem or f"dataclasses.field() of {name} is not known"
            f.default = opts.get("default", _MISSING)
            f.factory = opts.get("default_factory")
            f.init = opts.get("init", True)
            f.kw_only = opts.get("kw_only", kw_only_seen)
            if f.default is _MISSING:
                cls.ns.pop(name, None)
            else:
                cls.ns[name] = f.default
        else:
            f.default = value
        fields[name] = f
    cls.ns["__dataclass_fields__"] = fields
    if options.get("eq", True) is not False:  # fields compared, not identity
        cls.ns.setdefault("__eq__", Builtin(f"{cls.name}.__eq__", _unknown_eq))
    if options.get("slots", False) is not False:
        cls.ns.setdefault("__slots__", tuple(fields))  # instances have no __dict__
    seen_default = False
    for f in fields.values():  # Python refuses a required field after one with a default
        if f.kind != "classvar" and f.init and not f.kw_only:
            has_default = f.default is not _MISSING or f.factory is not None
            if seen_default and not has_default:
                problem = problem or f"field {f.name} without a default follows one with"
            seen_default = seen_default or has_default
    if init_wanted is not False and "__init__" not in cls.ns:
        cls.ns["__init__"] = Builtin(f"{cls.name}.__init__", DataclassInit(cls, fields, problem))


def setup_namedtuple(cls: ClassValue, node):
    """A ``class C(typing.NamedTuple)``: its annotations are the fields, in order, their
    values the defaults; C(...) binds them as a function does. The instance stands for
    the tuple by its attributes only: indexing, iteration and comparison stay unknown."""
    problem = None
    fields, seen_default = {}, False
    for stmt, nested in _class_annotations(node):
        name = stmt.target.value
        default = cls.ns.get(name, _MISSING)
        if nested or name.startswith("_") or (seen_default and default is _MISSING):
            problem = problem or f"NamedTuple field {name} is not modelled"
        seen_default = seen_default or default is not _MISSING
        fields[name] = _Field(name, "field", default)
    if any(n in cls.ns for n in ("__init__", "__new__", "__slots__")):
        problem = problem or "NamedTuple class body overriding what it may not"
    cls.ns["__init__"] = Builtin(f"{cls.name}.__new__",
                                 DataclassInit(cls, fields, problem, post_init=False))


def _unknown_eq(interp, args, kwargs, node):
    return interp.unknown("__eq__ generated by @dataclass", node)


def _class_annotations(node):
    """(AnnAssign, nested) for each annotated name of a class body; nested when it sits
    inside an if/for/try/with block (Python records it too)."""
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else []
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    yield small, False
        elif not isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            yield from ((a, True) for a in _nested_annotations(stmt))


def _nested_annotations(node):
    for child in node.children:
        if isinstance(child, cst.AnnAssign) and isinstance(child.target, cst.Name):
            yield child
        elif not isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            yield from _nested_annotations(child)


_SPECIAL_ANNOTATIONS = {"typing.ClassVar": "classvar", "typing_extensions.ClassVar": "classvar",
                        "dataclasses.InitVar": "initvar", "dataclasses.KW_ONLY": "kw_only_marker"}


def _annotation_kind(interp, expr, scope):
    """'field', 'classvar', 'initvar', 'kw_only_marker', or None where it is not known.

    A string annotation is read as dataclasses reads it, by its leading name."""
    if isinstance(expr, cst.Subscript):
        expr = expr.value
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        text = expr.evaluated_value if isinstance(expr, cst.SimpleString) else None
        if not isinstance(text, str):
            return None
        match = re.match(r"^(?:\s*(\w+)\s*\.)?\s*(\w+)", text)
        leading = match.group(2) if match else None
        return None if leading in ("ClassVar", "InitVar", "KW_ONLY") else "field"
    if not isinstance(expr, (cst.Name, cst.Attribute)):
        return "field"
    value = interp.eval(expr, scope)
    if isinstance(value, External):
        q = canonical(value.qualname)
        if q in _SPECIAL_ANNOTATIONS:
            return _SPECIAL_ANNOTATIONS[q]
        if q.rsplit(".", 1)[-1] in ("ClassVar", "InitVar", "KW_ONLY"):
            return None
        return "field"
    if isinstance(value, Unknown):
        last = expr.value if isinstance(expr, cst.Name) else expr.attr.value
        return None if last in ("ClassVar", "InitVar", "KW_ONLY") else "field"
    return "field"


class DataclassInit:
    """The __init__ that @dataclass generates for one class."""

    method = True  # bound to the instance it is looked up on

    def __init__(self, cls, fields, problem, post_init=True):
        self.cls = cls
        self.fields = fields
        self.problem = problem
        self.post_init = post_init  # a typing.NamedTuple has none

    def __call__(self, interp, args, kwargs, node, receiver=None):
        if receiver is None:
            if not args:
                raise UserRaise(interp.line_of(node), "TypeError")
            receiver, args = args[0], list(args[1:])
        if self.problem is not None or not isinstance(receiver, Instance):
            why = self.problem or "a generated dataclass __init__ on a model object"
            interp.taint(f"{self.cls.name}(): {why}", node)
            taint_arguments(interp, [receiver] + list(args), kwargs, node, why)
            return None
        fields = [f for f in self.fields.values() if f.kind != "classvar"]
        params = [f for f in fields if f.init]
        positional = [f for f in params if not f.kw_only]
        names = {f.name for f in params}
        if any(isinstance(a, StarUnknown) for a in args) or STAR_KWARGS in kwargs:
            interp.taint(f"{self.cls.name}() with * or ** arguments not known", node)
            interp.poison(receiver)
            return None
        if len(args) > len(positional) or set(kwargs) - names or \
                {f.name for f in positional[:len(args)]} & set(kwargs):
            raise UserRaise(interp.line_of(node), "TypeError")
        given = dict(zip((f.name for f in positional), args))
        given.update(kwargs)
        initvars = []
        for f in fields:
            if f.init and f.name in given:
                value = given[f.name]
            elif f.factory is not None:
                value = call(interp, f.factory, [], {}, node)
            elif f.init and f.default is not _MISSING:
                value = f.default
            elif f.init:
                raise UserRaise(interp.line_of(node), "TypeError")  # a required field
            else:
                continue  # init=False without a factory: the class attribute stays
            if f.kind == "initvar":
                initvars.append(value)
            else:
                interp.setattr(receiver, f.name, value, node)
        if self.post_init and self.cls.lookup("__post_init__") is not None:
            post = interp.getattr(receiver, "__post_init__", node)
            call(interp, post, initvars, {}, node)
        return None


def dataclass_replace(interp, args, kwargs, node):
    """``dataclasses.replace(obj, **changes)`` as Python does it: the fields that __init__
    takes, read from obj unless changed, passed to obj's class by keyword."""
    if len(args) != 1 or STAR_KWARGS in kwargs or isinstance(args[0], StarUnknown) or \
            not isinstance(args[0], Instance) or interp.is_poisoned(args[0]):
        return interp.unknown("dataclasses.replace() of a value not known", node)
    obj = args[0]
    found = obj.cls.lookup("__dataclass_fields__")
    if found is None or not isinstance(found[0], dict):
        raise UserRaise(interp.line_of(node), "TypeError")  # not a dataclass instance
    changes = dict(kwargs)
    for f in found[0].values():
        if not isinstance(f, _Field):
            return interp.unknown("dataclasses.replace() of a changed class", node)
        if f.kind == "classvar":
            continue
        if not f.init:
            if f.name in changes:
                raise UserRaise(interp.line_of(node), "ValueError")
            continue
        if f.name not in changes:
            if f.kind == "initvar" and f.default is _MISSING:
                raise UserRaise(interp.line_of(node), "ValueError")
            changes[f.name] = interp.getattr(obj, f.name, node)
    return call(interp, obj.cls, [], changes, node)


# calls whose result is never a model, layer or parameter, whatever their arguments
_NEVER_MODELS = (
    "torch.device", "torch.Generator", "torch.optim.", "torch.utils.data.", "torch.cuda.",
    "torch.finfo", "torch.iinfo", "torch.distributions.", "torch.get_default_dtype",
    "keras.metrics.", "keras.optimizers.", "keras.callbacks.", "keras.initializers.",
    "keras.regularizers.", "keras.constraints.", "keras.losses.",
)


# ... except these, which are modules (AveragedModel keeps a copy of the model)
_MODULES_AMONG_THEM = ("torch.optim.swa_utils.AveragedModel",)


def call_external(interp, qualname, args, kwargs, node):
    q = canonical(qualname)
    from nnlint.source.libraries import call_library, library_of
    lib = library_of(q)
    if lib is not None:
        return call_library(interp, lib, q, args, kwargs, node)
    if q.startswith(_NEVER_MODELS) and not q.startswith(_MODULES_AMONG_THEM) and \
            not _has_symbolic_tensor(list(args) + list(kwargs.values())):
        return Unknown(f"{q}()", interp.line_of(node), inert=True)
    fw = framework_of(q)
    if fw is not None:  # an int or str enum member is its value to the framework
        args = [enum_value(a) for a in args]
        kwargs = {k: enum_value(v) for k, v in kwargs.items()}
        return fw.call(interp, q, args, kwargs, node)
    from nnlint.interpreter import environ
    if q in environ.METHODS:
        return environ.call(interp, q, args, kwargs, node)
    if q.startswith("argparse."):
        from nnlint.interpreter.cmdline import call_argparse
        made = call_argparse(interp, q, args, kwargs, node)
        if made is not None:
            return made
    fn = stdlib_function(q)
    if fn is not None:
        return call(interp, fn, args, kwargs, node)
    if q == "enum.auto":  # what it gives is set where the class is made (setup_enum)
        return Unknown("enum.auto()", interp.line_of(node), inert=True)
    if q in ("dataclasses.field", "attr.ib", "attrs.field"):
        return DataclassField(dict(kwargs))
    if q == "dataclasses.replace":
        return dataclass_replace(interp, args, kwargs, node)
    if q == "builtins.object.__setattr__" and args and isinstance(args[0], Instance):
        if len(args) == 3 and not kwargs and isinstance(args[1], str):
            interp.setattr(args[0], args[1], args[2], node)  # a frozen dataclass's __post_init__
            return None
        interp.poison(args[0])
    if q.startswith(_HARMLESS_PREFIXES) or (q.startswith("builtins.") and q.count(".") == 1) \
            or q == "builtins.object.__setattr__":  # on a module: it registers nothing
        return interp.unknown(f"{q}()", node)
    taint_arguments(interp, args, kwargs, node, f"{q}()")
    interp.opaque_calls += 1
    return interp.unknown(f"{q}() is outside the analysed code", node)


def _has_symbolic_tensor(values):
    """A symbolic tensor among the arguments: the call may belong to a Keras graph."""
    for v in values:
        if isinstance(v, TensorObject) and v.symbolic:
            return True
        if isinstance(v, (list, tuple)) and _has_symbolic_tensor(v):
            return True
    return False


def call_base_method(interp, bound: BoundExternal, args, kwargs, node):
    """``super().__init__(...)`` and friends reaching a framework base class."""
    q = canonical(bound.qualname.rsplit(".", 1)[0])
    method = bound.qualname.rsplit(".", 1)[1]
    receiver = bound.receiver
    if isinstance(receiver, RuntimeObject):
        result = receiver.base_method(interp, q, method, args, kwargs, node)
        if result is not UNHANDLED:
            return result
    if method == "__init__":
        return None
    return interp.unknown(f"super().{method}()", node)
