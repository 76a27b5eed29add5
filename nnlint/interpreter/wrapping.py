"""Functions as objects: their attributes, `functools.wraps`, `inspect.signature`.

Decorators that model zoos put on their builders (torchvision's `handle_legacy_interface`,
registries) copy the builder's name onto a wrapper with `functools.wraps` and read its
parameters with `inspect.signature`. Both are facts of the standard library:

- a function's attributes are its `__dict__` (`fn.x = 1`), plus `__name__`, `__qualname__`,
  `__module__`, `__doc__` computed from its definition until something sets them;
- `functools.update_wrapper(wrapper, wrapped)` (and the decorator `functools.wraps(wrapped)`)
  sets `__module__`, `__name__`, `__qualname__`, `__doc__` from `wrapped` where it has them,
  updates `wrapper.__dict__` from `wrapped.__dict__`, then sets `__wrapped__`;
- `inspect.signature(fn)` follows `__wrapped__` (unless `follow_wrapped=False`) to the function
  whose parameters it lists: `.parameters` (name -> Parameter, in order), each with `.name`,
  `.kind` (the real `inspect.Parameter` kinds), `.default` (`inspect.Parameter.empty` when
  there is none); a bound method drops its first parameter.

What is not modelled (a signature of a class, of a partial, `__signature__` set by hand,
annotations) is Unknown.
"""

from __future__ import annotations

import inspect

from nnlint.interpreter.objects import BoundMethod, Builtin, Function
from nnlint.interpreter.values import Missing

_ASSIGNED = ("__module__", "__name__", "__qualname__", "__doc__")
EMPTY = inspect.Parameter.empty
KINDS = {k.name: k for k in inspect._ParameterKind}

# names under inspect that are plain values (the kinds, the "no default" marker)
CONSTANTS = {f"inspect.Parameter.{name}": kind for name, kind in KINDS.items()}
CONSTANTS.update({"inspect.Parameter.empty": EMPTY, "inspect.Signature.empty": EMPTY,
                  "inspect._empty": EMPTY})


class Signature:
    __slots__ = ("parameters",)

    def __init__(self, parameters):
        self.parameters = parameters  # [Parameter], in order


class Parameter:
    __slots__ = ("name", "kind", "default")

    def __init__(self, name, kind, default=EMPTY):
        self.name = name
        self.kind = kind
        self.default = default


def function_attribute(interp, fn: Function, name, node):
    """fn.<name>: what was set on it, else what Python derives from its definition."""
    attrs = fn.attrs or {}
    if name in attrs:
        return attrs[name]
    if name in ("__name__", "__qualname__"):
        return fn.name
    if name == "__module__":
        return fn.module.module_name
    if name == "__dict__":
        if fn.attrs is None:
            fn.attrs = {}
        return fn.attrs
    if name == "__wrapped__":
        return Missing(f"function {fn.name} has no __wrapped__")
    return interp.unknown(f"attribute {name} of a function", node)


def set_function_attribute(fn: Function, name, value):
    if fn.attrs is None:
        fn.attrs = {}
    fn.attrs[name] = value


def update_wrapper(interp, wrapper, wrapped, node):
    """functools.update_wrapper with its default `assigned` and `updated`."""
    if not isinstance(wrapper, Function):
        return interp.unknown("functools.update_wrapper on something other than a function",
                              node)
    for name in _ASSIGNED:
        value = interp.getattr(wrapped, name, node)
        if isinstance(value, Missing):
            continue  # Python skips what `wrapped` lacks
        set_function_attribute(wrapper, name, value)
    extra = interp.getattr(wrapped, "__dict__", node) if isinstance(
        wrapped, Function) else None
    if isinstance(extra, dict):
        for key, value in extra.items():
            set_function_attribute(wrapper, key, value)
    elif not isinstance(wrapped, Function):
        set_function_attribute(wrapper, "__dict__",
                               interp.unknown("__dict__ copied from an outside object", node))
    set_function_attribute(wrapper, "__wrapped__", wrapped)
    return wrapper


def _update_wrapper(interp, args, kwargs, node):
    if len(args) != 2 or kwargs:
        return interp.unknown("functools.update_wrapper() with other arguments", node)
    return update_wrapper(interp, args[0], args[1], node)


def _wraps(interp, args, kwargs, node):
    if len(args) != 1 or kwargs:
        return interp.unknown("functools.wraps() with other arguments", node)
    wrapped = args[0]
    return Builtin("functools.wraps()", lambda i, a, k, n: update_wrapper(i, a[0], wrapped, n)
                   if len(a) == 1 and not k else i.unknown("functools.wraps()(...)", n))


def _signature(interp, args, kwargs, node):
    if len(args) != 1 or set(kwargs) - {"follow_wrapped"}:
        return interp.unknown("inspect.signature() with other arguments", node)
    follow = kwargs.get("follow_wrapped", True)
    if not isinstance(follow, bool):
        return interp.unknown("inspect.signature(follow_wrapped=...) not known", node)
    return signature(interp, args[0], follow, node)


def signature(interp, fn, follow_wrapped, node):
    bound = isinstance(fn, BoundMethod)
    if bound:
        fn = fn.func
    seen = set()
    while follow_wrapped and isinstance(fn, Function) and fn.attrs and \
            "__wrapped__" in fn.attrs and id(fn) not in seen:
        if "__signature__" in fn.attrs:
            return interp.unknown("a __signature__ set by hand", node)
        seen.add(id(fn))
        fn = fn.attrs["__wrapped__"]
    if not isinstance(fn, Function) or (fn.attrs and "__signature__" in fn.attrs):
        return interp.unknown("inspect.signature() of an object nnlint does not model", node)
    params = parameters_of(fn)
    if bound:
        if not params or params[0].kind not in (KINDS["POSITIONAL_ONLY"],
                                                KINDS["POSITIONAL_OR_KEYWORD"]):
            return interp.unknown("inspect.signature() of a method without self", node)
        params = params[1:]
    return Signature(params)


def parameters_of(fn: Function):
    p = fn.node.params
    out = [Parameter(x.name.value, KINDS["POSITIONAL_ONLY"], fn.defaults.get(x.name.value, EMPTY))
           for x in p.posonly_params]
    out += [Parameter(x.name.value, KINDS["POSITIONAL_OR_KEYWORD"],
                      fn.defaults.get(x.name.value, EMPTY)) for x in p.params]
    if hasattr(p.star_arg, "name"):
        out.append(Parameter(p.star_arg.name.value, KINDS["VAR_POSITIONAL"]))
    out += [Parameter(x.name.value, KINDS["KEYWORD_ONLY"], fn.kw_defaults.get(x.name.value, EMPTY))
            for x in p.kwonly_params]
    if p.star_kwarg is not None:
        out.append(Parameter(p.star_kwarg.name.value, KINDS["VAR_KEYWORD"]))
    return out


def inspected_attribute(interp, obj, name, node):
    """Attributes of the Signature and Parameter objects above."""
    if isinstance(obj, Signature):
        if name == "parameters":
            return {p.name: p for p in obj.parameters}  # read-only in Python: only read here
        if name == "empty":
            return EMPTY
        return interp.unknown(f"Signature.{name}", node)
    if name in ("name", "kind", "default"):
        return getattr(obj, name)
    if name in KINDS:
        return KINDS[name]
    if name == "empty":
        return EMPTY
    return interp.unknown(f"Parameter.{name}", node)


FUNCTIONS = {
    "functools.wraps": _wraps,
    "functools.update_wrapper": _update_wrapper,
    "inspect.signature": _signature,
}

