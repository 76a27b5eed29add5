"""`Unknown`: a value nnlint could not work out, carrying the reason and the line.

Unknown absorbs every operation (``Unknown + 1`` is Unknown), never equals
anything and is never truthy: asking for its truth raises `UnknownBranch`, so
code that branches on it must decide explicitly what not knowing means.
"""

from __future__ import annotations

import operator


class UnknownBranch(Exception):
    """Raised when code needs the truth value of an Unknown."""

    def __init__(self, unknown: "Unknown"):
        super().__init__(unknown.reason)
        self.unknown = unknown


class Unknown:
    """`inert`: the value is known not to be a model, layer or parameter (a device, an
    optimizer, a metric); only what it is exactly is not known.

    `was`: what the value would be had code nnlint could not follow not rebound it (the
    model class a name held before `exec(...)`), or, for the result of calling such a
    name, `("made by", that class)`: never used for a count, only so that a model whose
    construction became unknown is still reported, not lost without a word."""

    __slots__ = ("reason", "line", "inert", "was")

    def __init__(self, reason: str, line: int | None = None, inert: bool = False, was=None):
        self.reason = reason
        self.line = line
        self.inert = inert
        self.was = was

    def __repr__(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"Unknown({self.reason}{where})"

    def __bool__(self):
        raise UnknownBranch(self)

    def __eq__(self, other):
        return self

    def __ne__(self, other):
        return self

    __hash__ = object.__hash__

    def __index__(self):
        raise UnknownBranch(self)

    def __int__(self):
        raise UnknownBranch(self)

    def __iter__(self):
        raise UnknownBranch(self)

    def _absorb(self, *args, **kwargs):
        return self


def _install_absorbing_operators() -> None:
    names = [
        "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul",
        "lshift", "rshift", "and", "or", "xor",
    ]
    for n in names:
        setattr(Unknown, f"__{n}__", Unknown._absorb)
        setattr(Unknown, f"__r{n}__", Unknown._absorb)
    for n in ("neg", "pos", "abs", "invert", "lt", "le", "gt", "ge", "round",
              "floor", "ceil", "trunc", "getitem", "call"):
        setattr(Unknown, f"__{n}__", Unknown._absorb)


_install_absorbing_operators()


def is_unknown(value) -> bool:
    return isinstance(value, Unknown)


def first_unknown(values) -> Unknown | None:
    for v in values:
        if isinstance(v, Unknown):
            return v
    return None


# Integers beyond this many bits are refused (they come from runaway code,
# not from real models); 10**30 has 100 bits.
MAX_INT_BITS = 4096


def bounded_pow(base, exp):
    """`base ** exp` that refuses results of more than MAX_INT_BITS bits."""
    if isinstance(base, int) and isinstance(exp, int) and exp > 0:
        if abs(base) > 1 and base.bit_length() * exp > MAX_INT_BITS + 64:
            return Unknown(f"{base} ** {exp} is too large to compute")
    return operator.pow(base, exp)
