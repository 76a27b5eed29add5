"""Calling things: user functions and classes, builtins, framework names, models.

`call()` is the one dispatch point. Framework names go to the catalog (layers)
or to `torch_rt` / `keras_rt` (containers, models, tensors). A call nnlint
cannot follow returns `Unknown`; if a model object was passed to it, the model
is tainted, since the call might have changed it.
"""

from __future__ import annotations

from nnlint import keras_rt, torch_rt
from nnlint.builtins import BoundExternal, stdlib_function
from nnlint.objects import (BoundMethod, Builtin, ClassValue, External, Function, Instance,
                            Partial)
from nnlint.resolve import canonical, framework_of
from nnlint.values import Unknown

# calls known to leave parameter counts alone
_HARMLESS_PREFIXES = (
    "torch.nn.init.", "torch.manual_seed", "torch.cuda.", "torch.no_grad", "torch.device",
    "print", "logging.", "warnings.", "random.seed", "numpy.random.seed", "np.random.seed",
    "keras.utils.set_random_seed", "keras.utils.plot_model", "tf.random.set_seed",
    "tensorflow.random.set_seed", "torchinfo.summary", "torchsummary.summary",
    "keras.backend.clear_session", "os.makedirs", "os.path.", "time.", "torch.set_",
    "torch.backends.", "torch.jit.", "torch.save", "torch.compile",
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
    if isinstance(func, torch_rt.TorchModule):
        return torch_rt.call_module(interp, func, args, kwargs, node)
    if isinstance(func, keras_rt.KerasLayer):
        return keras_rt.call_layer(interp, func, args, kwargs, node)
    if isinstance(func, Unknown):
        interp.opaque_calls += 1
        receiver = getattr(func, "receiver", None)
        if receiver is not None:
            args = [receiver] + list(args)
        taint_arguments(interp, args, kwargs, node, func.reason)
        return func
    return interp.unknown(f"call of {type(func).__name__}", node)


def taint_arguments(interp, args, kwargs, node, why):
    """A call nnlint cannot follow got model objects: they may have changed."""
    from nnlint.tensor_ops import forget_values
    for value in list(args) + list(kwargs.values()):
        obj = value.receiver if isinstance(value, BoundMethod) else value
        forget_values(obj)
        if isinstance(obj, (list, tuple)):
            forget_values(*obj)  # mutate([t]) reaches t too
        if isinstance(obj, (list, dict, set, Instance)):
            interp.poison(obj)  # it may append, pop or set what it likes
        if isinstance(obj, (torch_rt.TorchModule, keras_rt.KerasLayer)):
            note = interp.taint(f"a call nnlint cannot follow ({why}) receives a model; "
                                "it may change its parameters", node)
            obj.taints.append(note)


def instantiate(interp, cls: ClassValue, args, kwargs, node):
    fw = class_framework(cls)
    if fw == "torch":
        return torch_rt.instantiate(interp, cls, args, kwargs, node)
    if fw in ("keras-model", "keras-layer"):
        return keras_rt.instantiate(interp, cls, args, kwargs, node)
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
        else:
            bases = cls.external_bases()
            base = canonical(bases[0].qualname) if bases else default_base
            base_method(interp, obj, base, "__init__", args, kwargs, node)
    finally:
        interp.collectors.pop()
    return obj


def class_framework(cls: ClassValue) -> str | None:
    """'torch', 'keras-model', 'keras-layer', 'other' (unknown bases) or None (plain)."""
    for base in cls.external_bases():
        q = canonical(base.qualname)
        if q in torch_rt.MODULE_BASES or (q.startswith("torch.nn.") and torch_rt.is_layer(q)):
            return "torch"
        if q in keras_rt.MODEL_BASES:
            return "keras-model"
        if q in keras_rt.LAYER_BASES or keras_rt.is_layer(q):
            return "keras-layer"
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


def hidden_bases(cls: ClassValue) -> list:
    """Why the classes in cls's MRO may do what nnlint does not see, one reason each.

    A base from outside the analysed code (`from somelib import Mixin`) or one nnlint
    could not resolve (an undefined name) may define __init__ (which super().__init__()
    reaches), parameters, a metaclass or __init_subclass__; wherever it sits in the MRO,
    its metaclass and __init_subclass__ still run. The same holds for a metaclass or a
    class keyword nnlint does not follow, a class an unknown decorator may have replaced,
    and __init_subclass__ in the analysed code (not run). The framework's own classes and
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
            if framework_of(q) is None and q not in _HARMLESS_BASES and \
                    q not in torch_rt.MODULE_BASES:
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
                "enum.Enum", "builtins.Exception", "builtins.ValueError", "typing.Protocol"}


def instantiate_plain(interp, cls: ClassValue, args, kwargs, node):
    obj = Instance(cls)
    init = cls.lookup("__init__")
    if init is not None and isinstance(init[0], Function):
        interp.call_function(init[0], args, kwargs, node, receiver=obj)
    elif cls.dataclass or any(isinstance(c, ClassValue) and c.dataclass for c in cls.mro()):
        fields = []
        for c in reversed(cls.mro()):
            if isinstance(c, ClassValue) and c.dataclass:
                for name, stmt in c.ns.get("__dataclass_fields__", []):
                    fields = [f for f in fields if f[0] != name] + [(name, c)]
        for i, (name, owner) in enumerate(fields):
            if i < len(args):
                obj.attrs[name] = args[i]
            elif name in kwargs:
                obj.attrs[name] = kwargs[name]
            elif name in owner.ns:
                obj.attrs[name] = _dataclass_default(interp, owner.ns[name], node)
            else:
                return interp.unknown(f"{cls.name}() missing field {name}", node)
        post = cls.lookup("__post_init__")
        if post is not None and isinstance(post[0], Function):
            interp.call_function(post[0], [], {}, node, receiver=obj)
    return obj


def _dataclass_default(interp, value, node):
    if isinstance(value, torch_rt.FieldDefault):
        return call(interp, value.factory, [], {}, node) if value.factory is not None \
            else value.default
    return value


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
    if q.startswith(_NEVER_MODELS) and not q.startswith(_MODULES_AMONG_THEM) and \
            not _has_keras_tensor(list(args) + list(kwargs.values())):
        return Unknown(f"{q}()", interp.line_of(node), inert=True)
    fw = framework_of(q)
    if fw == "torch":
        return torch_rt.call_torch(interp, q, args, kwargs, node)
    if fw == "keras":
        return keras_rt.call_keras(interp, q, args, kwargs, node)
    fn = stdlib_function(q)
    if fn is not None:
        return call(interp, fn, args, kwargs, node)
    if q in ("dataclasses.field", "attr.ib", "attrs.field"):
        return torch_rt.FieldDefault(kwargs.get("default"), kwargs.get("default_factory"))
    if q.startswith(_HARMLESS_PREFIXES) or q.startswith("builtins."):
        return interp.unknown(f"{q}()", node)
    taint_arguments(interp, args, kwargs, node, f"{q}()")
    interp.opaque_calls += 1
    return interp.unknown(f"{q}() is outside the analysed code", node)


def _has_keras_tensor(values):
    """A symbolic tensor among the arguments: the call may belong to a Keras graph."""
    for v in values:
        if isinstance(v, keras_rt.KerasTensor):
            return True
        if isinstance(v, (list, tuple)) and _has_keras_tensor(v):
            return True
    return False


def call_base_method(interp, bound: BoundExternal, args, kwargs, node):
    """``super().__init__(...)`` and friends reaching a framework base class."""
    q = canonical(bound.qualname.rsplit(".", 1)[0])
    method = bound.qualname.rsplit(".", 1)[1]
    receiver = bound.receiver
    if isinstance(receiver, torch_rt.TorchModule):
        return torch_rt.base_method(interp, receiver, q, method, args, kwargs, node)
    if isinstance(receiver, keras_rt.KerasLayer):
        return keras_rt.base_method(interp, receiver, q, method, args, kwargs, node)
    if method == "__init__":
        return None
    return interp.unknown(f"super().{method}()", node)
