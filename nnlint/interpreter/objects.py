"""The Python objects that the evaluator models: functions, classes, instances, externals.

These are nnlint's own stand-ins; nothing of the analysed code is ever imported
or run. Framework objects (modules, layers, tensors) live in `torch_rt` and
`keras_rt`.
"""

from __future__ import annotations

from typing import Any, Optional

from nnlint.interpreter.resolve import canonical
from nnlint.interpreter.values import (
    Unknown,
    UnknownBranch,
    UserRaise,
    check_size,
    contains_unknown,
    is_plain,
)


class Function:
    """A function or lambda defined in analysed code, with its defining scope."""

    __slots__ = ("node", "scope", "name", "defaults", "kw_defaults", "owner", "module",
                 "kind", "toplevel", "note", "attrs")

    def __init__(self, node, scope, name, defaults, kw_defaults, module, owner=None,
                 kind="function"):
        self.node = node
        self.scope = scope
        self.name = name
        self.defaults = defaults  # {param name: value}
        self.kw_defaults = kw_defaults
        self.module = module
        self.owner = owner  # the ClassValue whose body defined it (for super())
        self.kind = kind  # "function" | "staticmethod" | "classmethod" | "property"
        self.toplevel = None  # the top-level statement that contains it (for positions)
        self.note = None  # why calling it is not exact (an unknown decorator)
        self.attrs = None  # its __dict__ and what was set on it (nnlint.interpreter.wrapping)

    def __repr__(self):
        return f"<function {self.name}>"


class BoundMethod:
    __slots__ = ("func", "receiver")

    def __init__(self, func, receiver):
        self.func = func
        self.receiver = receiver


class ClassValue:
    """A class defined in analysed code."""

    def __init__(self, name, bases, namespace, node, module, dataclass=False):
        self.name = name
        self.bases = bases
        self.ns = namespace
        self.node = node
        self.module = module
        self.dataclass = dataclass
        self._mro = None
        self.note = None  # why instantiating it is not exact (an unknown decorator)
        self.keywords = {}  # class keywords: metaclass=..., those for __init_subclass__
        self.members = None  # an Enum nnlint models: {name: EnumMember}, aliases included

    def __repr__(self):
        return f"<class {self.name}>"

    def mro(self) -> list:
        """Classes in method resolution order (C3 for the common cases)."""
        if self._mro is None:
            seqs = [b.mro() if isinstance(b, ClassValue) else [b] for b in self.bases]
            seqs.append(list(self.bases))
            out = [self]
            seqs = [list(s) for s in seqs if s]
            while seqs:
                for seq in seqs:
                    head = seq[0]
                    if not any(_same_base(head, c) for s in seqs for c in s[1:]):
                        break
                else:  # inconsistent hierarchy: fall back to depth-first order
                    head = seqs[0][0]
                out.append(head)
                seqs = [[c for c in s if c is not head] for s in seqs]
                seqs = [s for s in seqs if s]
            self._mro = out
        return self._mro

    def lookup(self, attr, start_after=None) -> Optional[tuple]:
        """(value, defining class) of attr along the MRO, or None."""
        mro = self.mro()
        if start_after is not None:  # an undefined base (Unknown) equals nothing
            at = next((i for i, c in enumerate(mro) if _same_base(c, start_after)), None)
            if at is not None:
                mro = mro[at + 1:]
        for cls in mro:
            if isinstance(cls, ClassValue) and attr in cls.ns:
                return cls.ns[attr], cls
        return None

    def external_bases(self) -> list:
        return [c for c in self.mro() if isinstance(c, External)]


def _same_base(a, b) -> bool:
    """Identity, or equal outside names; never `==` on an Unknown base (it has no truth)."""
    return a is b or (isinstance(a, External) and isinstance(b, External) and a == b)


class Instance:
    """An instance of a plain (non-framework) class from the analysed code."""

    __slots__ = ("cls", "attrs")

    def __init__(self, cls, attrs=None):
        self.cls = cls
        self.attrs = attrs if attrs is not None else {}


class EnumMember:
    """A member of an Enum class from the analysed code, made once per class and value.

    `mixin` is int or str where the member is also one (IntEnum, StrEnum, ``(str, Enum)``):
    it then compares and hashes as its value; a pure Enum member only equals itself."""

    __slots__ = ("cls", "name", "value", "mixin")

    def __init__(self, cls, name, value, mixin=None):
        self.cls = cls
        self.name = name
        self.value = value
        self.mixin = mixin

    def __repr__(self):
        return f"<enum member {self.cls.name}.{self.name}>"

    def __eq__(self, other):
        if self.mixin is None:
            return self is other
        if isinstance(other, EnumMember):
            return other.mixin is not None and self.value == other.value
        return self.value == other

    def __hash__(self):
        return object.__hash__(self) if self.mixin is None else hash(self.value)


class External:
    """A name from outside the analysed code (``torch.nn.Linear``, ``math.ceil``)."""

    __slots__ = ("qualname", "kind", "_identity")

    def __init__(self, qualname: str, kind: str | None = None):
        self.qualname = qualname
        self.kind = kind  # "module" when an import statement bound it; see outside.py
        self._identity = None

    def __repr__(self):
        return f"<external {self.qualname}>"

    @property
    def identity(self) -> str:
        """The name of the object itself: `torch.half` and `torch.float16` share one."""
        if self._identity is None:
            from nnlint.interpreter.resolve import identity
            self._identity = identity(self.qualname)
        return self._identity

    def __eq__(self, other):
        # Python's dicts and sets see two spellings of one object as one key; where two
        # names only might be one object, the interpreter asks `same_object` instead
        return isinstance(other, External) and other.identity == self.identity

    def __hash__(self):
        return hash(("External", self.identity))


class Builtin:
    """A callable implemented by nnlint: ``fn(interp, args, kwargs, node)``."""

    __slots__ = ("name", "fn", "receiver")

    def __init__(self, name, fn, receiver=None):
        self.name = name
        self.fn = fn
        self.receiver = receiver

    def __repr__(self):
        return f"<builtin {self.name}>"


class Partial:
    __slots__ = ("func", "args", "kwargs")

    def __init__(self, func, args, kwargs):
        self.func = func
        self.args = tuple(args)
        self.kwargs = dict(kwargs)


class SuperProxy:
    __slots__ = ("cls", "receiver")

    def __init__(self, cls, receiver):
        self.cls = cls
        self.receiver = receiver


class ModuleObject:
    """An analysed Python module (another file of the project)."""

    def __init__(self, name, namespace):
        self.name = name
        self.ns = namespace


Value = Any


# Enum classes make members of their class attributes (Color.RED is not 1, Color(1) looks
# a member up): not modelled, so their members and instances are not known
ENUM_BASES = {"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag",
              "enum.ReprEnum"}


def is_enum_class(cls) -> bool:
    return any(isinstance(c, External) and canonical(c.qualname) in ENUM_BASES
               for c in cls.mro()) or any(
        isinstance(k, External) and canonical(k.qualname) in ("enum.EnumMeta", "enum.EnumType")
        for k in getattr(cls, "keywords", {}).values())


def plain_args(args):
    return all(is_plain(a) for a in args)


def first_unknown_argument(args, kwargs=None):
    for a in list(args) + list((kwargs or {}).values()):
        if contains_unknown(a):
            return a if isinstance(a, Unknown) else Unknown("argument not known statically")
    return None


def pure(fn, name):
    """A builtin computed on plain values; Unknown in, Unknown out."""

    def run(interp, args, kwargs, node):
        bad = first_unknown_argument(args, kwargs)
        if bad is not None:
            return bad
        if not (plain_args(args) and plain_args(kwargs.values())):
            return interp.unknown(f"{name}() of values not known statically", node)
        try:
            return check_size(fn(*args, **kwargs))
        except UnknownBranch as exc:
            return exc.unknown
        except (TypeError, ValueError, ArithmeticError, KeyError, IndexError) as exc:
            raise UserRaise(interp.line_of(node), type(exc).__name__)

    return Builtin(name, run)


def member_value(value):
    """An int or str enum member as the value it stands for (its __index__, its text)."""
    return value.value if isinstance(value, EnumMember) and value.mixin is not None else value
