"""What a torch module, parameter or tensor answers: attribute stores and reads as
`nn.Module.__setattr__` / `__getattr__` do them, its methods (parameters, children,
add_module, register_*, apply, ...), items, iteration, and calls through forward().
"""

from __future__ import annotations

from nnlint.frameworks.torch.runtime import (
    FSDP_METHODS,
    Param,
    Tensor,
    TorchModule,
    add_child,
    set_weights,
)
from nnlint.interpreter.neutral import TORCH_NEUTRAL
from nnlint.interpreter.objects import (
    BoundMethod,
    Builtin,
    ClassValue,
    External,
    Function,
    Instance,
)
from nnlint.interpreter.resolve import canonical
from nnlint.interpreter.values import Missing, Unknown, UnknownBranch, UserRaise


# ------------------------------------------------------------- attributes
def _remove_param(m, name):
    """A parameter slot set to None (register_parameter(name, None), self.bias = None):
    no parameter, and reading the attribute gives None."""
    m.params.pop(name, None)
    m.attrs[name] = None
    if not hasattr(m, "none_params"):
        m.none_params = set()
    m.none_params.add(name)


def module_delattr(interp, m, name, node):
    """del self.name / delattr(self, name) / self.__delattr__(name), as nn.Module does it:
    a parameter, buffer or submodule is unregistered, else the plain attribute goes."""
    if m.either is not None:
        either_unknown(interp, m, f"del {m.type_name}.{name}", node)
        return
    if name in m.params or name in getattr(m, "none_params", ()):
        m.params.pop(name, None)
        m.none_params.discard(name) if hasattr(m, "none_params") else None
        m.attrs.pop(name, None)
    elif name in m.modules:
        del m.modules[name]
    elif name in m.attrs:
        del m.attrs[name]
    else:
        raise UserRaise(interp.line_of(node), "AttributeError")


def _refuses_parameter(interp, m, name, node):
    """register_parameter refuses a name the class has (a method, a class attribute): torch
    raises KeyError; for a property, only when its getter does not raise AttributeError."""
    from nnlint.interpreter.objects import Function
    if name in m.params:
        return
    found = m.cls.lookup(name) if m.cls is not None else None
    if found is not None and isinstance(found[0], Function) and found[0].kind == "property":
        m.taints.append(interp.taint(f"nn.Parameter assigned to the property {name}: torch "
                                     "refuses it unless the property's getter raises "
                                     "AttributeError", node))
    elif found is not None or name in MODULE_METHODS:
        raise UserRaise(interp.line_of(node), "KeyError")  # "attribute ... already exists"


def either_unknown(interp, m, what, node):
    """What one of two modules with the same parameters answers differently (an attribute
    only the wrapper has, a change made to one of them): not known, and the model is no
    longer counted."""
    m.taints.append(interp.taint(f"{what}: {m.either.message}", node))
    return interp.unknown(f"{what} of one of two modules ({m.either.message})", node)


def module_setattr(interp, m, name, value, node):
    if m.either is not None:
        either_unknown(interp, m, f"{m.type_name}.{name} = ...", node)
        return
    if isinstance(value, Param):
        _refuses_parameter(interp, m, name, node)
    if isinstance(value, TorchModule):
        m.params.pop(name, None)
        m.attrs.pop(name, None)
        m.modules[name] = value
    elif isinstance(value, Param):
        m.modules.pop(name, None)
        m.attrs.pop(name, None)
        m.params[name] = value
    elif value is None and (name in m.modules or name in m.params):
        if name in m.modules:
            m.modules[name] = None
        else:
            _remove_param(m, name)
    elif isinstance(value, Unknown):
        if name in m.params or name in m.modules:
            m.taints.append(interp.missing(
                f"{name} replaced by a value not known statically ({value.reason})", node))
            m.params.pop(name, None)
            m.modules.pop(name, None)
        elif _could_hold_module(interp, value):
            m.taints.append(interp.missing(
                f"self.{name} is a value nnlint cannot resolve ({value.reason}); "
                "if it is a module, its parameters are missing", node))
        m.attrs[name] = value
    else:
        if isinstance(value, (list, tuple, dict)) and _holds_modules(value):
            m.plain_holders.append((name, interp.line_of(node)))
        m.attrs[name] = value


def _could_hold_module(interp, value):
    if value.inert:
        return False
    reason = value.reason
    return not reason.startswith(("integer", "operation on", "comparison"))


def _holds_modules(value):
    items = value.values() if isinstance(value, dict) else value
    return any(isinstance(v, TorchModule) for v in items)


def param_setattr(interp, p, name, value, node):
    if name == "requires_grad":
        if isinstance(value, Unknown) or not isinstance(value, (bool, int)):
            interp.missing("requires_grad set to a value not known statically", node)
            p.requires_grad = None  # the trainable split is no longer known
        else:
            p.requires_grad = bool(value)
    elif name == "data":  # param.data = tensor: the parameter takes the tensor's size
        shape = value.shape if isinstance(value, (Tensor, Param)) else None
        if shape is None or any(d is None for d in shape):
            p.numel = Unknown("parameter data replaced by a tensor of unknown size",
                              interp.line_of(node))
            p.shape = None
        else:
            numel = 1
            for d in shape:
                numel *= d
            p.numel, p.shape = numel, tuple(shape)


_INTERNAL_DICTS = ("_modules", "_parameters", "_buffers", "_non_persistent_buffers_set",
                   "__dict__")


def unread_model(interp, qualname, size, node):
    """A library's model that nnlint could not read (`torchvision.models.resnet18()` with
    torchvision not installed): a module of unknown contents (`size`, an Unknown saying
    why), so its count is a lower bound (what the code puts in it afterwards), never exact."""
    m = TorchModule(qualname.rsplit(".", 1)[-1], line=interp.line_of(node))
    m.opaque = size.reason
    m.params["<not read>"] = Param(size, requires_grad=None, line=size.line)
    return m


# what an unread library model still answers: methods that return it, unchanged in count
_OPAQUE_METHODS = {"to", "cuda", "cpu", "train", "eval", "float", "half", "double",
                   "bfloat16", "type", "share_memory", "zero_grad", "requires_grad_"}


def _opaque_getattr(interp, m, name, node):
    if name in m.params:
        return m.params[name]
    if name in m.modules:  # set by the analysed code: `model.fc = nn.Linear(...)`
        return m.modules[name]
    if name in m.attrs:
        return m.attrs[name]
    if name in _OPAQUE_METHODS:
        return module_method(interp, m, name, node)
    return interp.unknown(f"{m.type_name}.{name} ({m.opaque})", node)


# what `either` modules (TorchModule.either) answer as one: the same parameters, moved,
# switched to training or evaluation, loaded or called
EITHER_SAFE = TORCH_NEUTRAL | {
    "parameters", "named_parameters", "half", "float", "double", "bfloat16", "type",
    "forward", "requires_grad_", "share_memory"}


def module_getattr(interp, m, name, node):
    if m.opaque is not None:
        return _opaque_getattr(interp, m, name, node)
    if m.either is not None and name not in EITHER_SAFE:
        return either_unknown(interp, m, f"{m.type_name}.{name}", node)
    if name in _INTERNAL_DICTS and name not in m.attrs:
        # self._modules.update(...), del self._parameters["p"]: registration by hand
        m.taints.append(interp.taint(f"{m.type_name}.{name} is used directly; what it "
                                     "registers or removes is not followed", node))
        return interp.unknown(f"{m.type_name}.{name}", node)
    if name in m.params:
        return m.params[name]
    if name in m.modules:
        return m.modules[name]
    if name in m.attrs:
        return m.attrs[name]
    if _registered_none(m, name):
        return None  # register_parameter(name, None)
    if m.cls is not None:
        from nnlint.interpreter.attributes import class_attribute
        value = class_attribute(interp, m.cls, name, m, node)
        if isinstance(value, Unknown) and (_not_in_torch(m.cls, name) or (
                name == "training" and _seen_in_full(m.cls, name))):  # nn.Module's flag
            value = Missing(f"{m.type_name} has no attribute {name}", None, m)
        if not isinstance(value, Missing) and not (
                isinstance(value, Unknown) and name in MODULE_METHODS):
            return value
    method = module_method(interp, m, name, node)
    if method is not None:
        return method
    if m.sharded and name in FSDP_METHODS:
        return Builtin(f"FSDPModule.{name}", _m_none, m)
    if m.args is not None:
        v = m.args.get(name, _NO)
        if v is not _NO:
            return v
        if name in _ARG_ALIASES and m.args.get(_ARG_ALIASES[name], _NO) is not _NO:
            return m.args.get(_ARG_ALIASES[name])
    if name in ("training",):
        return True
    return Missing(f"{m.type_name} has no attribute {name}", None, m)


_NO = object()
_WHOLE_BASES = {"torch.nn.Module", "torch.nn.Sequential", "torch.nn.ModuleList",
                "torch.nn.ModuleDict", "torch.nn.ParameterList", "torch.nn.ParameterDict",
                "builtins.object"}


def _not_in_torch(cls, name) -> bool:
    """No class of `cls`'s MRO has `name`: the analysed ones do not define it, the others
    are torch's own module classes, which do not have it either (no __getattr__ of the
    user's own may make it up)."""
    from nnlint.frameworks.torch.catalog.attributes import MODULE_ATTRIBUTES
    if name.startswith("__") and name.endswith("__") or name in MODULE_ATTRIBUTES:
        return False
    return _seen_in_full(cls, name)


def _seen_in_full(cls, name) -> bool:
    """Every class of cls's MRO is seen: analysed code that does not define `name` (nor
    __getattr__), or torch's own module classes."""
    for c in cls.mro():
        if isinstance(c, ClassValue):
            if name in c.ns or "__getattr__" in c.ns or "__getattribute__" in c.ns:
                return False
        elif not (isinstance(c, External) and canonical(c.qualname) in _WHOLE_BASES):
            return False
    return True


def _registered_none(m, name) -> bool:
    """The layer registered `name` as None, as its constructor does for these arguments
    (its catalogue entry's `none_when`)."""
    if m.spec is None or m.args is None or name in m.params:
        return False
    return any(weight == name and m.args.get(flag, True) is False
               for weight, flag in m.spec.none_when)


_ARG_ALIASES = {"in_channels": "in_channels", "normalized_shape": "normalized_shape"}


def module_method(interp, m, name, node):
    fn = MODULE_METHODS.get(name)
    if fn is None:
        return None
    return Builtin(f"Module.{name}", fn, m)


def _params_of(m, seen=None, prefix=""):
    """(name, Param) pairs in named_parameters() order: modules depth-first, each
    module's own parameters first; each tensor once."""
    seen = set() if seen is None else seen
    out = []
    for pre, mod in named_modules(m, prefix.rstrip(".")):
        for k, p in mod.params.items():
            if p is not None and id(p) not in seen:
                seen.add(id(p))
                out.append((f"{pre}.{k}" if pre else k, p))
    return out


def named_modules(m, prefix=""):
    """(name, module) in named_modules() order: depth-first, pre-order, each module once."""
    out, seen, stack = [], set(), [(prefix, m)]
    while stack:
        name, mod = stack.pop()
        if id(mod) in seen:
            continue
        seen.add(id(mod))
        out.append((name, mod))
        children = [(f"{name}.{k}" if name else k, c) for k, c in mod.modules.items()
                    if c is not None]
        stack.extend(reversed(children))
    return out


def all_modules(m):
    return [mod for _, mod in named_modules(m)]


def _m_parameters(interp, args, kwargs, node, m):
    named = _m_named_parameters(interp, [], {"recurse": args[0]} if args else kwargs, node, m)
    return named if isinstance(named, Unknown) else [p for _, p in named]


def _m_named_parameters(interp, args, kwargs, node, m):
    prefix = args[0] if args else kwargs.get("prefix", "")
    recurse = args[1] if len(args) > 1 else kwargs.get("recurse", True)
    unique = args[2] if len(args) > 2 else kwargs.get("remove_duplicate", True)
    if not isinstance(prefix, str) or not isinstance(recurse, bool) or \
            not isinstance(unique, bool) or len(args) > 3:
        return interp.unknown("parameters() with arguments not known", node)
    if not unique:  # every occurrence of a shared module and parameter
        mods = []
        for item in _walk_all(m, prefix.rstrip(".")) if recurse else [(prefix.rstrip("."), m)]:
            if item is None or len(mods) >= 10_000:  # a cycle, or sharing that multiplies
                return interp.unknown("named_parameters(remove_duplicate=False) not followed",
                                      node)
            mods.append(item)
        return [(f"{pre}.{k}" if pre else k, p) for pre, mod in mods
                for k, p in mod.params.items() if p is not None]
    if not recurse:  # the module's own parameters only
        return [(prefix + "." + k if prefix else k, p) for k, p in m.params.items()
                if p is not None]
    return _params_of(m, prefix=prefix)


def _walk_all(m, prefix="", depth=0, path=()):
    """named_modules(remove_duplicate=False): every occurrence of a shared module, pre-order;
    yields None (and stops) on a cycle, where torch would recurse without end."""
    if id(m) in path or depth > 200:
        yield None
        return
    yield prefix, m
    for k, c in m.modules.items():
        if c is not None:
            for item in _walk_all(c, f"{prefix}.{k}" if prefix else k, depth + 1,
                                  path + (id(m),)):
                yield item
                if item is None:
                    return


def _m_children(interp, args, kwargs, node, m):
    seen, out = set(), []
    for c in m.children():
        if id(c) not in seen:
            seen.add(id(c))
            out.append(c)
    return out


def _m_named_children(interp, args, kwargs, node, m):
    return [(k, c) for k, c in m.modules.items() if c is not None]


def _m_modules(interp, args, kwargs, node, m):
    return all_modules(m)


def _m_setattr(interp, args, kwargs, node, m):
    if len(args) != 2 or kwargs or not isinstance(args[0], str):
        m.taints.append(interp.taint("__setattr__ with a name not known", node))
        return None
    interp.setattr(m, args[0], args[1], node)
    return None


def _m_named_modules(interp, args, kwargs, node, m):
    prefix = kwargs.get("prefix", "")
    if args or not isinstance(prefix, str) or kwargs.get("remove_duplicate", True) is not True:
        return interp.unknown("named_modules() with a memo or duplicates", node)
    return named_modules(m, prefix)


def _m_requires_grad_(interp, args, kwargs, node, m):
    flag = args[0] if args else kwargs.get("requires_grad", True)
    if not isinstance(flag, (bool, int)):
        m.taints.append(interp.missing("requires_grad_() with a value not known", node))
        for _, p in _params_of(m):
            p.requires_grad = None
        return m
    for _, p in _params_of(m):
        p.requires_grad = bool(flag)
    return m


def _m_self(interp, args, kwargs, node, m):
    return m


def _m_none(interp, args, kwargs, node, m):
    return None


def _m_add_module(interp, args, kwargs, node, m):
    if len(args) >= 2 and isinstance(args[0], str):
        module_setattr(interp, m, args[0], args[1], node)
    else:
        m.taints.append(interp.taint("add_module() with a name not known", node))
    return None


def _m_register_parameter(interp, args, kwargs, node, m):
    name = args[0] if args else kwargs.get("name")
    has_param = len(args) >= 2 or "param" in kwargs
    param = args[1] if len(args) >= 2 else kwargs.get("param")
    if not isinstance(name, str) or not has_param or len(args) > 2:
        m.taints.append(interp.taint("register_parameter() with a name not known", node))
        return None
    if param is None:
        if name in m.params or name in getattr(m, "none_params", ()):
            _remove_param(m, name)  # an existing parameter becomes None (bias=None)
        elif name in m.modules or name in m.attrs:
            raise UserRaise(interp.line_of(node), "KeyError")  # "attribute already exists"
        else:
            _remove_param(m, name)
        return None
    if name not in m.params and (name in m.modules or name in m.attrs):
        raise UserRaise(interp.line_of(node), "KeyError")  # "attribute already exists"
    module_setattr(interp, m, name, param, node)
    return None


def _m_delattr(interp, args, kwargs, node, m):
    if len(args) == 1 and not kwargs and isinstance(args[0], str):
        module_delattr(interp, m, args[0], node)
    else:
        m.taints.append(interp.taint("__delattr__() of a name not known", node))
    return None


def _m_register_buffer(interp, args, kwargs, node, m):
    if args and isinstance(args[0], str) and len(args) > 1:
        m.attrs[args[0]] = args[1]
    return None


def _m_append(interp, args, kwargs, node, m):
    if m.container is None:
        return interp.unknown("append() on a module", node)
    if m.container in ("moduledict", "paramdict"):
        return interp.unknown("append() on a dict container", node)
    add_child(interp, m, str(len(m.modules) + len(m.params)), args[0] if args else None, node)
    return m


def _m_extend(interp, args, kwargs, node, m):
    from nnlint.interpreter.operations import iterate
    items = iterate(interp, args[0], node) if args else []
    if isinstance(items, Unknown):
        m.taints.append(interp.missing(f"extend() with items not known ({items.reason})", node))
        return m
    for item in items:
        _m_append(interp, [item], {}, node, m)
    return m


def _m_insert(interp, args, kwargs, node, m):
    if len(args) != 2 or not isinstance(args[0], int):
        m.taints.append(interp.missing("insert() at a position not known", node))
        return None
    items = list(m.modules.values())
    items.insert(args[0], args[1])
    m.modules = {str(i): v for i, v in enumerate(items)}
    return None


def _m_update(interp, args, kwargs, node, m):
    src = args[0] if args else kwargs
    if isinstance(src, dict):
        for k, v in src.items():
            add_child(interp, m, str(k), v, node)
    else:
        m.taints.append(interp.taint("update() with items not known", node))
    return None


def _m_apply(interp, args, kwargs, node, m):
    # init functions only touch values; a function that freezes or replaces
    # parameters would need following, which apply() does not do here
    fn = args[0] if args else None
    if isinstance(fn, (Function, BoundMethod)):
        for mod in all_modules(m):
            interp.call(fn, [mod], {}, node)
    return m


def _m_get_submodule(interp, args, kwargs, node, m):
    target = args[0] if args else ""
    if not isinstance(target, str):
        return interp.unknown("get_submodule()", node)
    cur = m
    for part in filter(None, target.split(".")):
        cur = cur.modules.get(part)
        if cur is None:
            return interp.unknown(f"no submodule {target}", node)
    return cur


def _m_forward(interp, args, kwargs, node, m):
    return call_module(interp, m, args, kwargs, node)


def _m_pop(interp, args, kwargs, node, m):
    """ModuleDict.pop(key) / ParameterDict.pop(key); other pops are not followed."""
    if m.container not in ("moduledict", "paramdict") or len(args) != 1 or kwargs or \
            not isinstance(args[0], str):
        m.taints.append(interp.taint(f"{m.type_name}.pop() is not followed", node))
        return interp.unknown(f"{m.type_name}.pop()", node)
    store = m.modules if m.container == "moduledict" else m.params
    if args[0] not in store:
        raise UserRaise(interp.line_of(node), "KeyError")
    return store.pop(args[0])


def _m_keys(interp, args, kwargs, node, m):
    return list(m.modules.keys()) + list(m.params.keys())


def _m_values(interp, args, kwargs, node, m):
    return list(m.modules.values()) + list(m.params.values())


def _m_items(interp, args, kwargs, node, m):
    return list(m.modules.items()) + list(m.params.items())


def _m_unknown(interp, args, kwargs, node, m):
    return interp.unknown("module method result", node)


def _m_numel_params(interp, args, kwargs, node, m):
    return interp.unknown("parameter count at run time", node)


MODULE_METHODS = {
    "parameters": _m_parameters, "named_parameters": _m_named_parameters,
    "children": _m_children, "named_children": _m_named_children, "modules": _m_modules,
    "requires_grad_": _m_requires_grad_, "train": _m_self, "eval": _m_self, "to": _m_self,
    "cuda": _m_self, "cpu": _m_self, "float": _m_self, "half": _m_self, "double": _m_self,
    "bfloat16": _m_self, "type": _m_self, "share_memory": _m_self,
    "zero_grad": _m_none, "add_module": _m_add_module, "register_module": _m_add_module,
    "register_parameter": _m_register_parameter, "register_buffer": _m_register_buffer,
    "append": _m_append, "extend": _m_extend, "insert": _m_insert, "update": _m_update,
    "apply": _m_apply, "get_submodule": _m_get_submodule, "forward": _m_forward,
    "keys": _m_keys, "values": _m_values, "items": _m_items, "pop": _m_pop,
    "state_dict": _m_unknown, "load_state_dict": _m_unknown,
    "named_modules": _m_named_modules, "__setattr__": _m_setattr, "__delattr__": _m_delattr,
    "buffers": _m_unknown, "named_buffers": _m_unknown, "extra_repr": _m_unknown,
    "register_forward_hook": _m_unknown, "register_forward_pre_hook": _m_unknown,
    "register_full_backward_hook": _m_unknown, "reset_parameters": _m_none,
    "flatten_parameters": _m_none, "_reset_parameters": _m_none, "init_weights": _m_none,
}


def module_getitem(interp, m, key, node):
    if m.container in ("sequential", "modulelist", "paramlist"):
        items = list(m.modules.values()) if m.container != "paramlist" else list(
            m.params.values())
        if isinstance(key, slice):
            new = TorchModule(m.type_name, line=m.line, container=m.container)
            for i, child in enumerate(items[key]):
                new.modules[str(i)] = child
            return new
        if isinstance(key, int):
            try:
                return items[key]
            except IndexError:
                raise UserRaise(interp.line_of(node), "IndexError")
    if m.container in ("moduledict", "paramdict") and isinstance(key, str):
        if key in m.modules:
            return m.modules[key]
        if key in m.params:
            return m.params[key]
    return interp.unknown(f"{m.type_name}[...]", node)


def module_setitem(interp, m, key, value, node):
    if m.container in ("sequential", "modulelist") and isinstance(key, int):
        keys = list(m.modules.keys())
        try:
            m.modules[keys[key]] = value
        except IndexError:
            raise UserRaise(interp.line_of(node), "IndexError")
        return
    if m.container in ("moduledict", "paramdict") and isinstance(key, str):
        add_child(interp, m, key, value, node)
        return
    m.taints.append(interp.taint(f"{m.type_name}[...] = ... not followed", node))


def module_iter(interp, m, node):
    if m.container in ("sequential", "modulelist"):
        return [c for c in m.modules.values()]
    if m.container == "paramlist":
        return list(m.params.values())
    if m.container in ("moduledict", "paramdict"):
        return list(m.modules.keys()) + list(m.params.keys())
    return Unknown(f"iteration over {m.type_name}")


# ------------------------------------------------------------------ forward
def call_module(interp, m, args, kwargs, node):
    """``module(x)``: follow forward() for shapes (and lazy modules)."""
    if interp.neutral_forward:
        from nnlint.interpreter.neutral import forward_cannot_change
        if forward_cannot_change(interp, all_modules(m)):
            return Tensor(None)
    if m.cls is not None:
        fwd = m.cls.lookup("forward")
        if fwd is not None and isinstance(fwd[0], Function):
            try:
                return interp.call_function(fwd[0], args, kwargs, node, receiver=m)
            except _forward_errors():
                if interp.trace is not None:
                    interp.trace.lost(f"{m.type_name}.forward() raises")
                return Tensor(None)
    return forward_builtin(interp, m, args, kwargs, node)


def _forward_errors():
    return (UserRaise,)


def forward_builtin(interp, m, args, kwargs, node):
    """torch's own forward() of a layer or container (called, or reached by super()), and
    in a forward pass followed (forward.py) what it costs."""
    out = _builtin_output(interp, m, args, kwargs, node)
    if interp.trace is not None and m.container != "sequential":
        if m.spec is None:
            interp.trace.lost(f"the forward() of {m.type_name} not known")
        else:
            x = args[0] if args else None
            out = interp.trace.layer(m, args, kwargs,
                                     x.shape if isinstance(x, Tensor) else None, out)
    return out


def _builtin_output(interp, m, args, kwargs, node):
    x = args[0] if args else None
    if m.container == "sequential":
        out = x
        for child in m.children():
            out = call_module(interp, child, [out], {}, node)
        return out
    shape = x.shape if isinstance(x, Tensor) else None
    if m.spec is None:
        return Tensor(None)
    if m.lazy_pending and shape is not None:
        set_weights(m, m.spec, m.args, shape, m.line)
        m.lazy_pending = False
    if m.spec.out_shape is None or shape is None:
        return Tensor(None)
    if m.spec.name in _SIZE_IN_FORWARD and (len(args) > 1 or "output_size" in kwargs):
        return Tensor(None)  # forward(x, output_size=...) decides the shape
    try:
        out = m.spec.out_shape(m.args, shape)
    except (UnknownBranch, TypeError, ValueError, ArithmeticError, IndexError):
        out = None
    return _as_tensors(out)


_SIZE_IN_FORWARD = {f"torch.nn.{k}{n}d" for k in ("ConvTranspose", "LazyConvTranspose",
                                                   "MaxUnpool") for n in (1, 2, 3)}


def _is_shape(value):
    return isinstance(value, tuple) and all(
        d is None or isinstance(d, Unknown) or (isinstance(d, int) and not isinstance(d, bool))
        for d in value)


def _as_tensors(out):
    """A spec's output: one shape, or a list/tuple nesting of shapes (LSTM's (h, c))."""
    if out is None:
        return Tensor(None)
    if _is_shape(out):
        return Tensor(tuple(None if isinstance(d, Unknown) else d for d in out))
    if isinstance(out, (list, tuple)):
        return tuple(None if item is None else _as_tensors(item) for item in out)
    return Tensor(None)


# ------------------------------------------------------------------- tensors
def tensor_getattr(interp, t, name, node):
    from nnlint.frameworks.torch import tensors as tensor_ops
    return tensor_ops.tensor_attribute(interp, t, name, node)


def tensor_getitem(interp, t, key, node):
    from nnlint.frameworks.torch import tensors as tensor_ops
    return tensor_ops.tensor_index(interp, t, key, node)


def tensor_binop(interp, op, left, right, node):
    from nnlint.frameworks.torch import tensors as tensor_ops
    return tensor_ops.binop(interp, op, left, right, node)


def is_instance_plain(value):
    return isinstance(value, Instance)
