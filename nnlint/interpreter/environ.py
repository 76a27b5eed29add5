"""`os.environ` as the analysed file itself writes it.

The environment a program runs in is not in its source: `os.environ["HIDDEN"]` read before
anything wrote it is not known. A value the file wrote itself (`os.environ["HIDDEN"] = "64"`,
`setdefault`, `update`, `pop`, `del`) and then reads back is static, as long as nothing
nnlint could not follow ran in between: a call it cannot follow, code it did not run (an
undecided block it could not join, `exec`), which may have written the same variable.
Each write remembers how many such things had happened (`Interpreter.opaque_calls`,
`Interpreter.havocs`); a read sees the written value only where none happened since.
The join of two alternatives keeps a variable only where both wrote the same value.
"""

from __future__ import annotations

from nnlint.interpreter.objects import External
from nnlint.interpreter.values import Unknown, UserRaise

_DELETED = object()  # del os.environ[k] / pop: a read gives the default, or KeyError
_NO_DEFAULT = object()
# methods of os.environ (and os.getenv) that read or write it
METHODS = frozenset({"os.environ.get", "os.getenv", "os.environ.setdefault",
                     "os.environ.pop", "os.environ.update"})


def is_environ(obj) -> bool:
    return isinstance(obj, External) and obj.qualname in ("os.environ", "posix.environ")


def _entry(interp, key):
    entry = interp.environ.get(key) if isinstance(key, str) else None
    if entry is None or entry[1:] != (interp.opaque_calls, interp.havocs):
        return None
    return entry[0]


def _unknown(interp, key, node):
    what = repr(key) if isinstance(key, str) else "a name not known"
    return interp.unknown(f"os.environ[{what}] of the environment the code runs in", node)


def write(interp, key, value):
    if isinstance(key, str) and (isinstance(value, str) or value is _DELETED):
        interp.environ[key] = (value, interp.opaque_calls, interp.havocs)
    elif isinstance(key, str):
        interp.environ.pop(key, None)  # a value not known (or not a str: torch's raise)
    else:
        interp.environ.clear()  # a variable not known may be any of them


def get_item(interp, key, node):
    value = _entry(interp, key)
    if value is None:
        return _unknown(interp, key, node)
    if value is _DELETED:
        raise UserRaise(interp.line_of(node), "KeyError")
    return value


def contains(interp, key, node):
    value = _entry(interp, key)
    if value is None:
        return Unknown(f"whether {key!r} is set in the environment", interp.line_of(node),
                       inert=True)
    return value is not _DELETED


def delete(interp, key, node):
    if _entry(interp, key) is _DELETED:
        raise UserRaise(interp.line_of(node), "KeyError")
    write(interp, key, _DELETED)


def call(interp, q, args, kwargs, node):
    """os.environ.get / os.getenv / setdefault / pop / update."""
    key = args[0] if args else kwargs.get("key")
    default = args[1] if len(args) > 1 else kwargs.get("default", None)
    if q in ("os.environ.get", "os.getenv"):
        value = _entry(interp, key)
        if value is None:
            return _unknown(interp, key, node)
        return default if value is _DELETED else value
    if q == "os.environ.setdefault":
        value = _entry(interp, key)
        if value is None or value is _DELETED:
            if value is None:  # set already, or not: which value it holds is not known
                write(interp, key, None)
                return _unknown(interp, key, node)
            write(interp, key, default)
            return default
        return value
    if q == "os.environ.pop":
        value = _entry(interp, key)
        if value is None:
            write(interp, key, _DELETED)
            return _unknown(interp, key, node)
        write(interp, key, _DELETED)
        if value is _DELETED:
            if len(args) > 1 or "default" in kwargs:
                return default
            raise UserRaise(interp.line_of(node), "KeyError")
        return value
    # update(mapping, **kw)
    items = dict(kwargs)
    if args:
        if not isinstance(args[0], dict) or interp.is_poisoned(args[0]):
            interp.environ.clear()
            return None
        items = {**args[0], **kwargs}
    for k, v in items.items():
        write(interp, k, v)
    return None
