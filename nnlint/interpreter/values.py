"""`Unknown`: a value nnlint could not work out, carrying the reason and the line.

Unknown absorbs every operation (``Unknown + 1`` is Unknown), never equals
anything and is never truthy: asking for its truth raises `UnknownBranch`, so
code that branches on it must decide explicitly what not knowing means.
"""

from __future__ import annotations

import operator
import re


class UnknownBranch(Exception):
    """Raised when code needs the truth value of an Unknown."""

    def __init__(self, unknown: "Unknown"):
        super().__init__(unknown.reason)
        self.unknown = unknown


class LazyLine:
    """Where a node is, found only if someone asks: most Unknowns are never reported, and
    a position costs a code generation of the statement that holds the node."""

    __slots__ = ("positions", "node", "toplevel")

    def __init__(self, positions, node, toplevel):
        self.positions = positions
        self.node = node
        self.toplevel = toplevel

    def find(self) -> int:
        return self.positions.line(self.node, self.toplevel)


class Unknown:
    """`inert`: the value is known not to be a model, layer or parameter (a device, an
    optimizer, a metric); only what it is exactly is not known.

    `was`: what the value would be had code nnlint could not follow not rebound it (the
    model class a name held before `exec(...)`), or, for the result of calling such a
    name, `("made by", that class)`: never used for a count, only so that a model whose
    construction became unknown is still reported, not lost without a word."""

    __slots__ = ("reason", "_line", "inert", "was")

    def __init__(self, reason: str, line=None, inert: bool = False, was=None):
        self.reason = reason
        self._line = line  # an int, None, or a LazyLine found when first asked for
        self.inert = inert
        self.was = was

    @property
    def line(self) -> int | None:
        line = self._line
        if type(line) is LazyLine:
            line = self._line = line.find()
        return line

    @line.setter
    def line(self, line) -> None:
        self._line = line

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


MAX_LEN = 200_000


class Budget(Exception):
    """The file's evaluation budget is spent."""


class UserRaise(Exception):
    """The analysed code raised: a `raise`, or an operation Python would refuse.

    args[0] is the line; `kind` the exception class's name where it is known
    ("KeyError"), which decides the `except` clause that runs."""

    foreign = False  # raised in code of another file (its line is that file's)

    def __init__(self, line=None, kind=None):
        super().__init__(line)
        self.kind = kind


_PLAIN = (int, float, str, bool, type(None), complex, bytes)


def is_plain(value) -> bool:
    """True for Python data whose operations nnlint may compute for real.

    Containers count only while their size, expanded as ``==``, ``hash`` and ``str``
    walk it, stays within MAX_LEN: ``x = [x, x]`` forty times is 40 objects but 2**40
    items to Python, so it is not plain (its operations give Unknown, not a hang).
    """
    return _plain_size(value, {}) <= MAX_LEN


def costly_to_hash(value) -> bool:
    """hash() walks a tuple's items each time, shared ones again and again: a tuple that
    expands to more than MAX_LEN items (``x = (x, x)`` forty times) is never hashed."""
    return isinstance(value, (tuple, frozenset)) and _hash_size(value, {}) > MAX_LEN


def _hash_size(value, memo) -> int:
    if not isinstance(value, (tuple, frozenset)):
        return 1
    if id(value) in memo:
        return memo[id(value)]
    size = 1
    for v in value:
        size += _hash_size(v, memo)
        if size > MAX_LEN:
            break
    memo[id(value)] = size
    return size


def _plain_size(value, memo) -> float:
    """Items of a plain value, shared ones counted each time; inf if not plain."""
    if isinstance(value, _PLAIN):
        return 1
    if isinstance(value, range):
        return 1
    key = id(value)
    if key in memo:
        return memo[key]
    if isinstance(value, dict):
        items = [x for kv in value.items() for x in kv]
    elif isinstance(value, (tuple, list, frozenset, set)):
        items = value
    else:
        return float("inf")
    memo[key] = float("inf")  # a container that holds itself is not plain
    size = 1
    for v in items:
        size += _plain_size(v, memo)
        if size > MAX_LEN:
            break
    memo[key] = size
    return size


def check_size(value):
    """Refuse values that runaway code produces (huge ints, strings, lists)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            return Unknown("integer too large")
    elif isinstance(value, (str, bytes, list, tuple, dict, set)) and len(value) > MAX_LEN:
        return Unknown("container too large")
    return value


def safe_binop(op, left, right):
    if isinstance(left, Unknown):
        return left
    if isinstance(right, Unknown):
        return right
    if op is operator.mul:
        # refuse [0] * 10**9 and "a" * 10**9 before building them
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(n, int):
                if len(seq) * max(n, 0) > MAX_LEN:
                    return Unknown("sequence repetition too large")
    if op is operator.lshift and isinstance(right, int) and right > MAX_INT_BITS:
        return Unknown("shift too large")
    if op is operator.mod and isinstance(left, (str, bytes)):
        if format_too_wide(left):  # '%0999999999d' % 1 would build a gigabyte
            return Unknown("%-format too wide")
    try:
        return check_size(op(left, right))
    except UnknownBranch as exc:
        return exc.unknown
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise UserRaise(None, type(exc).__name__)  # Python raises it on these values too


class StarUnknown:
    __slots__ = ("unknown",)

    def __init__(self, unknown):
        self.unknown = unknown


STAR_KWARGS = "\0**"


def contains_unknown(value, seen=None) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        seen = set() if seen is None else seen
        if id(value) in seen:  # shared or self-holding containers: each walked once
            return False
        seen.add(id(value))
        items = value.values() if isinstance(value, dict) else value
        return any(contains_unknown(v, seen) for v in items)
    return False


class Missing(Unknown):
    """An attribute that does not exist (distinct from one not known).

    When it belongs to a model object, calling it taints that object: an
    unknown method may change its parameters.
    """

    __slots__ = ("receiver",)

    def __init__(self, reason, line=None, receiver=None):
        super().__init__(reason, line)
        self.receiver = receiver


_WIDE_FORMAT = re.compile(r"\d{7,}|\{[^{}]*:[^{}]*\{|%[^a-zA-Z%]*\*")


def format_too_wide(text) -> bool:
    """A %- or {}-format whose width could build a string of millions of characters."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    return bool(_WIDE_FORMAT.search(text))


class Note:
    """A reason why something is not exact, with its line.

    `bound`: what was not known can only leave parameters out (a size, a layer nnlint
    does not know, items of a container), so the numbers counted stay true lower bounds.
    False where it may also remove, replace, shrink or freeze what was counted (code not
    followed, a call that receives the model): the counts of such a model are null."""

    __slots__ = ("code", "message", "line", "column", "bound")

    def __init__(self, code, message, line, column=0, bound=False):
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.bound = bound

    def __repr__(self):
        return f"Note({self.code}, {self.message!r}, line {self.line})"


def range_len(r: range) -> int:
    """len(r), also past sys.maxsize where len() raises OverflowError."""
    step = r.step
    n = (r.stop - r.start + step - (1 if step > 0 else -1)) // step
    return max(0, n)
