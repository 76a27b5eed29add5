"""A module's own namespace, written behind the interpreter's back.

`globals()` (and `vars()` / `locals()` at module level) is the very mapping of the module's
names, so `globals()["width"] = 64`, `globals().update(cfg)`, `setattr(sys.modules[__name__],
"width", 64)` and `sys.modules[__name__].width = 64` rebind names the evaluator reads later.
Where the write is known (a str key, a known dict) it is followed; where it is not (`exec`,
`eval` of code nnlint does not see, a key not known, the mapping handed to a call nnlint cannot
follow), every name of the module may have changed: `forget()` makes them all unknown, taints
the models they hold and poisons the containers, so that no later model reads a stale value.
"""

from __future__ import annotations

from nnlint.interpreter.objects import ModuleObject
from nnlint.interpreter.runtime import ModelObject
from nnlint.interpreter.values import Unknown, UserRaise

# builtins that reach the namespace of the module whose code calls them
SCOPED = frozenset({"globals", "vars", "locals", "exec", "eval"})


class Namespace:
    """`globals()` of a module: a live view of its names (Scope.vars)."""

    __slots__ = ("scope",)

    def __init__(self, scope):
        self.scope = scope

    @property
    def names(self) -> dict:
        return self.scope.vars


def forget(interp, scope, why, node):
    """Every name of the module `scope` belongs to may have been rebound: unknown."""
    from nnlint.interpreter.objects import Instance
    module = scope.module_scope()
    note = interp.taint(why, node)
    interp.havocs += 1  # it may have written os.environ too (environ.py)
    for name, value in list(module.vars.items()):
        if name == "__name__":
            continue
        if isinstance(value, ModelObject):
            value.taints.append(note)
        elif isinstance(value, (list, dict, set, Instance)):
            interp.poison(value)
        # a model it held is reported, unknown; a model class or builder it held is
        # remembered, so that what calling it makes is reported too (values.Unknown.was)
        module.assign(name, Unknown(why, note.line, was=value))


def this_module(interp, scope):
    """`sys.modules[__name__]`: the module itself, whose attributes are its names."""
    module = scope.module_scope()
    return ModuleObject(module.vars.get("__name__", interp.module_name), module.vars)


def _known_str(key) -> bool:
    return isinstance(key, str)


def get_item(interp, ns: Namespace, key, node):
    if isinstance(key, Unknown):
        return key
    if _known_str(key) and key in ns.names:
        return ns.names[key]
    if _known_str(key) and not key.startswith("__"):
        raise UserRaise(interp.line_of(node), "KeyError")
    return interp.unknown(f"globals()[{key!r}]", node)


def set_item(interp, ns: Namespace, key, value, node):
    if _known_str(key):
        ns.names[key] = value
    else:
        forget(interp, ns.scope, "globals() written with a key not known statically", node)


def contains(interp, ns: Namespace, key, node):
    if _known_str(key) and key in ns.names:
        return True
    if _known_str(key) and not key.startswith("__"):
        return False
    return interp.unknown("a name in globals() not known", node)


def method(interp, ns: Namespace, name, node):
    from nnlint.interpreter.objects import Builtin

    def run(interp, args, kwargs, node):
        if name == "get" and args and not kwargs and len(args) <= 2:
            if _known_str(args[0]) and (args[0] in ns.names or not args[0].startswith("__")):
                return ns.names.get(args[0], args[1] if len(args) > 1 else None)
            return interp.unknown("globals().get()", node)
        if name == "update" and len(args) <= 1:
            items = dict(kwargs)
            if args:
                if not isinstance(args[0], dict) or interp.is_poisoned(args[0]) or \
                        not all(_known_str(k) for k in args[0]):
                    forget(interp, ns.scope, "globals().update() with names not known", node)
                    return None
                items = {**args[0], **kwargs}
            ns.names.update(items)
            return None
        if name in ("setdefault", "pop") and args and _known_str(args[0]) and not kwargs:
            if name == "setdefault":
                return ns.names.setdefault(args[0], args[1] if len(args) > 1 else None)
            if args[0] in ns.names:
                return ns.names.pop(args[0])
            if len(args) > 1:
                return args[1]
        if name in ("get", "keys", "values", "items", "copy", "__contains__", "__len__"):
            # the interpreter's own names (__doc__, __file__, __builtins__ ...) are not known
            return interp.unknown(f"globals().{name}()", node)
        forget(interp, ns.scope, f"globals().{name}() not followed", node)
        return None

    return Builtin(f"globals.{name}", run)


class Code:
    """What compile(source, filename, mode) gives for a known source: its text."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


MAX_CODE = 20_000  # characters of a code string read to see what it may bind
# names through which code rebinds what its syntax does not name
_WRITERS = SCOPED | {"setattr", "delattr", "__import__", "sys", "compile", "__builtins__",
                     "importlib", "builtins"}


def run_code(interp, scope, code, name, node):
    """exec(code) / eval(code) of code nnlint does not follow. Known code whose syntax names
    everything it may bind (no globals(), setattr, no call into the analysed code) makes
    those names unknown, as an undecided block does; any other code may rebind every name
    of the module."""
    from nnlint.interpreter.objects import BoundMethod, ClassValue, Function, Instance
    from nnlint.source import guard
    why = f"{name}() runs code nnlint cannot see; it may rebind any name of the module"
    if isinstance(code, Code):
        code = code.text
    stmts = None
    if isinstance(code, str) and len(code) <= MAX_CODE and guard.check(code) is None:
        try:
            stmts = guard.parse_module(code).body
        except Exception:  # SyntaxError where it runs: nothing of it is bound
            stmts = None
    if stmts is not None:
        names = set()
        for stmt in stmts:
            assigned, referenced = interp.names_in(stmt)
            names |= assigned | referenced
        reaches = names & _WRITERS or any(
            isinstance(_lookup(scope, n), (Function, ClassValue, BoundMethod, Instance,
                                           ModuleObject)) for n in names)
        if not reaches:
            note = interp.taint(f"{name}() runs code nnlint does not follow; what it binds "
                                "is not known", node)
            module = scope.module_scope()
            for stmt in stmts:
                interp.havoc(stmt, scope, note)
                if module is not scope:  # `global x` in the code binds the module's x
                    interp.havoc(stmt, module, note)
            return
    forget(interp, scope, why, node)


def _lookup(scope, name):
    try:
        return scope.lookup(name)
    except KeyError:
        return None
