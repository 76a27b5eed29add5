"""PyTorch's object model as nnlint needs it: modules, parameters, tensor shapes.

A `TorchModule` registers submodules and parameters on attribute assignment as
``nn.Module.__setattr__`` does, so tied weights share one `Param` object and a
module used twice is one object: counting by identity gives what
``model.parameters()`` gives.
"""

from __future__ import annotations

from nnlint import catalog
from nnlint.catalog.spec import BindError
from nnlint.interpreter.neutral import NEVER_CHANGE_MODELS as _LEAVES_MODULES_ALONE
from nnlint.interpreter.neutral import TORCH_NEUTRAL
from nnlint.interpreter.objects import ClassValue
from nnlint.interpreter.runtime import (
    UNHANDLED,
    ModelObject,
    ParameterObject,
    RuntimeObject,
    TensorObject,
    written,
)
from nnlint.interpreter.values import Unknown, UnknownBranch

# nn.Module, and the subclasses of it that add no parameter and run nn.Module.__init__
# (Lightning's LightningModule: hooks, logging and hyperparameters, no weights)
MODULE_BASES = {"torch.nn.Module"} | {
    f"{package}.{path}LightningModule"
    for package in ("pytorch_lightning", "lightning", "lightning.pytorch")
    for path in ("", "core.", "core.module.", "core.lightning.")}
CONTAINERS = {
    "torch.nn.Sequential": "sequential",
    "torch.nn.ModuleList": "modulelist",
    "torch.nn.ModuleDict": "moduledict",
    "torch.nn.ParameterList": "paramlist",
    "torch.nn.ParameterDict": "paramdict",
}
_CLONING = {"torch.nn.TransformerEncoder": "encoder_layer",
            "torch.nn.TransformerDecoder": "decoder_layer"}
_FACTORIES = {"zeros", "ones", "randn", "rand", "empty", "full", "randint", "normal",
              "zeros_like", "ones_like", "randn_like", "rand_like", "empty_like", "full_like",
              "tensor", "arange", "eye", "linspace"}
# torch.Tensor and its typed spellings: sizes as integers, or data as a sequence
LEGACY_CONSTRUCTORS = {"Tensor", "FloatTensor", "LongTensor", "DoubleTensor", "IntTensor",
                       "HalfTensor", "ByteTensor", "BoolTensor", "ShortTensor", "CharTensor",
                       "BFloat16Tensor"}
_FACTORIES |= LEGACY_CONSTRUCTORS


def is_layer(qualname: str) -> bool:
    return catalog.lookup(qualname) is not None or qualname in CONTAINERS


class Param(ParameterObject):
    """One parameter tensor; identity is what makes tied weights count once."""

    __slots__ = ("numel", "requires_grad", "shape", "line")

    def __init__(self, numel, requires_grad=True, shape=None, line=0):
        self.numel = numel
        self.requires_grad = requires_grad
        self.shape = shape
        self.line = line

    def attribute(self, interp, name, node):
        return torch_module.tensor_getattr(interp, self, name, node)

    def set_attribute(self, interp, name, value, node):
        torch_module.param_setattr(interp, self, name, value, node)

    def item(self, interp, key, node):
        return torch_module.tensor_getitem(interp, self, key, node)

    def binop(self, interp, op, left, right, node):
        return torch_module.tensor_binop(interp, op, left, right, node)

    def negate(self):
        return Tensor(None)

    def is_callable(self):
        return False


class Tensor(TensorObject):
    """A tensor seen through its shape (None: not known), and rarely its values.

    `values` (a TensorValues) is kept only for 0-d and 1-d tensors whose every
    element is known exactly (`torch.arange(4)`, `torch.linspace(0, 0, 12)`) and their
    views; tensor_ops.known_values() is the only way to read it.
    """

    __slots__ = ("shape", "values")

    def __init__(self, shape=None, values=None):
        self.shape = tuple(shape) if shape is not None else None
        self.values = values

    def attribute(self, interp, name, node):
        return torch_module.tensor_getattr(interp, self, name, node)

    def item(self, interp, key, node):
        return torch_module.tensor_getitem(interp, self, key, node)

    def iterate(self, interp, node):
        from nnlint.frameworks.torch.tensors import elements
        items = elements(self)
        return items if items is not None else Unknown("iteration over a tensor")

    def length(self, interp, node):
        if self.shape and isinstance(self.shape[0], int):
            return self.shape[0]  # an array's first dimension
        return UNHANDLED

    def binop(self, interp, op, left, right, node):
        return torch_module.tensor_binop(interp, op, left, right, node)

    def negate(self):
        return Tensor(self.shape)

    def copy(self, memo):
        out = Tensor(self.shape)
        memo[id(self)] = out
        return out

    def number(self):
        from nnlint.frameworks.torch.tensors import scalar_value
        return scalar_value(self)

    def truth(self):
        v = self.number()
        return bool(v) if v is not None else Unknown("truth of a tensor")

    def is_callable(self):
        return False

    def written(self):
        if self.values is not None:
            self.values.storage.valid = False


class Storage(RuntimeObject):
    """What a tensor and its views share: one write through any of them, or a hand-off
    to code nnlint does not follow, makes every element not known."""

    __slots__ = ("valid",)

    def __init__(self):
        self.valid = True


class TensorValues(RuntimeObject):
    __slots__ = ("data", "storage", "kind")

    def __init__(self, data, storage, kind="torch"):
        self.data = tuple(data)
        self.storage = storage
        self.kind = kind  # "torch" or "numpy": what an element is (a 0-d tensor, a float)


class FieldDefault:
    __slots__ = ("default", "factory")

    def __init__(self, default, factory):
        self.default = default
        self.factory = factory


class TorchModule(ModelObject):
    class_prefix = "torch.nn."
    may_share_parameters = True
    keyed = True
    neutral_methods = TORCH_NEUTRAL

    def __init__(self, type_name, cls=None, spec=None, args=None, line=0, container=None):
        self.type_name = type_name  # "Linear", "MyNet"
        self.cls = cls
        self.spec = spec
        self.args = args
        self.line = line
        self.container = container
        self.modules = {}
        self.params = {}
        self.attrs = {}
        self.taints = []
        self.lazy_pending = False
        self.plain_holders = []  # (attribute, line): modules kept in plain lists/dicts
        self.sharded = False  # FSDP2's fully_shard made it an FSDPModule
        self.opaque = None  # why its contents are not known (a library model not read)
        # the Note of a join that left this name holding this module or another one with
        # the very same parameters (`if cuda: net = nn.DataParallel(net)`): counting and
        # reading its parameters is exact, anything that might change it is not followed
        self.either = None

    def __repr__(self):
        return f"<torch {self.type_name}>"

    def type_name_matches(self, qualname):
        if self.spec is not None and self.spec.name == qualname:
            return True
        return CONTAINERS.get(qualname) == self.container and self.container is not None

    def children(self):
        return [m for m in self.modules.values() if m is not None]

    # what the interpreter asks (runtime.RuntimeObject)
    def attribute(self, interp, name, node):
        return torch_module.module_getattr(interp, self, name, node)

    def set_attribute(self, interp, name, value, node):
        torch_module.module_setattr(interp, self, name, value, node)

    def delete_attribute(self, interp, name, node):
        torch_module.module_delattr(interp, self, name, node)

    def item(self, interp, key, node):
        return torch_module.module_getitem(interp, self, key, node)

    def set_item(self, interp, key, value, node):
        torch_module.module_setitem(interp, self, key, value, node)

    def iterate(self, interp, node):
        return torch_module.module_iter(interp, self, node)

    def length(self, interp, node):
        return len(self.modules) if self.container else interp.unknown("len(module)", node)

    def call(self, interp, args, kwargs, node):
        return torch_module.call_module(interp, self, args, kwargs, node)

    def copy(self, memo):
        return clone_module(self, memo)

    def truth(self):
        if self.opaque is not None:
            return Unknown(f"truth of {self.type_name} ({self.opaque})")
        return len(self.modules) > 0 if self.container else True

    def is_instance(self, qualname):
        return qualname == "torch.nn.Module" or self.type_name_matches(qualname)

    def base_method(self, interp, qualname, method, args, kwargs, node):
        return base_method(interp, self, qualname, method, args, kwargs, node)

    def reported_as(self):
        # criterion = nn.CrossEntropyLoss() is not a model (a torch _Loss); an
        # AdaptiveLogSoftmaxWithLoss is, it has parameters and is no _Loss
        return None if self.spec is not None and self.spec.loss else "torch"

    def settled(self):
        return not self.lazy_pending

    def extended_by(self, other):
        return self.container in ("modulelist", "paramlist") or (
            self.container == "sequential" and isinstance(other, TorchModule)
            and other.container == "sequential")

    def parameter_states(self, flag):
        params = [(p, p.numel, p.requires_grad) for p in self.params.values() if p is not None]
        return params, [(c, flag) for c in self.modules.values() if c is not None]

    def uncounted_containers(self):
        return (self.attrs,)


# ------------------------------------------------------------------ creation
def call_torch(interp, q, args, kwargs, node):
    """A call of a ``torch.*`` name."""
    line = interp.line_of(node)
    owner, _, method = q.rpartition(".")
    if args and isinstance(args[0], TorchModule) and (
            owner in MODULE_BASES or is_layer(owner)):
        # nn.Module.__init__(self), nn.Sequential.forward(self, x): the base class's method
        return base_method(interp, args[0], owner, method, list(args[1:]), kwargs, node)
    if q in CONTAINERS:
        return make_container(interp, q, args, kwargs, node)
    if q in MODULE_BASES:
        return TorchModule("Module", line=line)
    if q == "torch.nn.Parameter":
        return make_param(interp, args, kwargs, node)
    if q in _CLONING:
        return make_clones(interp, q, args, kwargs, node)
    if q in ("torch.nn.Embedding.from_pretrained", "torch.nn.EmbeddingBag.from_pretrained"):
        return embedding_from_pretrained(interp, q.rsplit(".", 1)[0], args, kwargs, node)
    if q in _REPARAMETRIZE:
        return reparametrize(interp, q, args, kwargs, node)
    if q in WRAPPERS or q in SAME_MODULE:
        wrapped = wrap_module(interp, q, args, kwargs, node)
        if wrapped is not None:
            return wrapped
    spec = catalog.lookup(q)
    if spec is not None and spec.framework == "torch":
        return make_layer(interp, spec, args, kwargs, node)
    tail = q.rsplit(".", 1)[-1]
    if q.startswith("torch.nn.") and not q.startswith(("torch.nn.functional.", "torch.nn.init.",
                                                       "torch.nn.utils.")) and tail[:1].isupper():
        interp.missing(f"layer {q} is not in nnlint's catalog", node)
        return interp.unknown(f"unknown layer {q}", node)
    if q.startswith("torch.") and tail in _FACTORIES:
        return make_tensor(interp, tail, args, kwargs, node)
    if not q.startswith(_LEAVES_MODULES_ALONE):
        # fuse_modules, prepare(inplace=True), parametrizations ... may change a model
        from nnlint.interpreter.calls import taint_arguments
        taint_arguments(interp, args, kwargs, node, f"{q}()")
    from nnlint.frameworks.torch import tensors as tensor_ops
    return tensor_ops.torch_function(interp, q, args, kwargs, node)


# Wrappers that hold the module under `.module` and register nothing else: their
# parameters() are the wrapped module's, the same tensors.
WRAPPERS = {
    "torch.nn.DataParallel": "DataParallel",
    "torch.nn.parallel.DataParallel": "DataParallel",
    "torch.nn.parallel.data_parallel.DataParallel": "DataParallel",
    "torch.nn.parallel.DistributedDataParallel": "DistributedDataParallel",
    "torch.nn.parallel.distributed.DistributedDataParallel": "DistributedDataParallel",
}
# Calls that return the module they are given, its parameters the same in number:
# torch.compile's OptimizedModule and TorchScript share the module's parameters; FSDP2's
# fully_shard, tensor parallelism's parallelize_module and replicate() change the module in
# place, turning each parameter into a DTensor whose numel() is the whole (global) tensor's.
# (FSDP1's FullyShardedDataParallel is not here: its flat parameters are padded shards.)
SAME_MODULE = {
    "torch.compile": "module",
    "torch.jit.script": "obj",
    "torch.jit.trace": "func",
    "torch.jit.trace_module": "mod",
    "torch.distributed.fsdp.fully_shard": "module",
    "torch.distributed._composable.fsdp.fully_shard": "module",
    "torch.distributed._composable.fsdp.fully_shard.fully_shard": "module",
    "torch.distributed.tensor.parallel.parallelize_module": "module",
    "torch.distributed.tensor.parallel.api.parallelize_module": "module",
    "torch.distributed._composable.replicate": "module",
    "torch.distributed._composable.replicate.replicate": "module",
}
# what FSDP2 adds to a module it shards (FSDPModule): none of it changes a parameter count
FSDP_METHODS = ("unshard", "reshard", "set_modules_to_forward_prefetch",
                "set_modules_to_backward_prefetch", "set_requires_gradient_sync",
                "set_requires_all_reduce", "set_reshard_after_backward",
                "set_reshard_after_forward", "set_is_last_backward",
                "set_post_optim_event", "set_reduce_scatter_divide_factor",
                "set_unshard_in_backward", "set_all_reduce_hook")


def wrap_module(interp, q, args, kwargs, node):
    """DataParallel(m), DDP(m): a wrapper holding m; torch.compile(m), fully_shard(m):
    m itself. None for anything else they are given (a function, an unknown value)."""
    key = SAME_MODULE.get(q, "module")
    target = args[0] if args else kwargs.get(key)
    if isinstance(target, TorchModule):
        if q in WRAPPERS:
            wrapper = TorchModule(WRAPPERS[q], line=interp.line_of(node))
            wrapper.modules["module"] = target  # the same parameters, under .module
            return wrapper
        if "fully_shard" in q:
            target.sharded = True
        return target
    if isinstance(target, (list, tuple)) and "fully_shard" in q and target and all(
            isinstance(t, TorchModule) for t in target):
        for t in target:
            t.sharded = True
        return target  # fully_shard([a, b]) shards them as one group
    return None


def make_layer(interp, spec, args, kwargs, node, module=None):
    line = interp.line_of(node)
    try:
        bound = spec.bind(tuple(args), kwargs)
    except BindError as exc:
        interp.missing(f"{spec.short_name}(): {exc}", node)
        return interp.unknown(f"bad call of {spec.short_name}", node)
    m = module if module is not None else TorchModule(spec.short_name, line=line)
    m.spec = spec
    m.args = bound
    if spec.lazy:
        m.lazy_pending = True
        return m
    set_weights(m, spec, bound, None, line)
    return m


def set_weights(m, spec, bound, shape, line):
    if spec.weights is None:
        return
    try:
        weights = spec.weights(bound, shape)
    except UnknownBranch as exc:
        weights = {"weight": exc.unknown}
    except (TypeError, ValueError, ArithmeticError) as exc:
        weights = {"weight": Unknown(f"{spec.short_name}: {exc}", line)}
    shapes = _param_shapes(spec.name, bound)
    for name, numel in weights.items():
        shape = shapes.get(name)
        # the layout is kept only where it agrees with the catalog's element count
        if shape is not None and not (isinstance(numel, int) and all(
                isinstance(d, int) for d in shape) and _prod(shape) == numel):
            shape = None
        m.params[name] = Param(numel, shape=shape, line=line)


def _prod(dims):
    n = 1
    for d in dims:
        n *= d
    return n


def _param_shapes(name, a):
    """Shapes of a layer's weight and bias for the common layers (p.dim(), w.t() need
    them); {} where the layout is not modelled."""
    try:
        if name == "torch.nn.Linear":
            return {"weight": (a.out_features, a.in_features), "bias": (a.out_features,)}
        if name in ("torch.nn.Embedding", "torch.nn.EmbeddingBag"):
            return {"weight": (a.num_embeddings, a.embedding_dim)}
        if name in _CONVS or name in _CONV_TS:
            n = int(name[-2])
            k = a.kernel_size
            k = tuple(k) if isinstance(k, (tuple, list)) else (k,) * n
            first = (a.in_channels, a.out_channels // a.groups) if name in _CONV_TS else (
                a.out_channels, a.in_channels // a.groups)
            return {"weight": first + k, "bias": (a.out_channels,)}
        if name == "torch.nn.LayerNorm":
            ns = a.normalized_shape
            ns = tuple(ns) if isinstance(ns, (tuple, list)) else (ns,)
            return {"weight": ns, "bias": ns}
        if name in _PER_CHANNEL:
            c = a.num_channels if name == "torch.nn.GroupNorm" else a.num_features
            return {"weight": (c,), "bias": (c,)}
    except (TypeError, UnknownBranch, AttributeError):
        return {}
    return {}


_PER_CHANNEL = {"torch.nn.GroupNorm"} | {
    f"torch.nn.{kind}{n}d" for kind in ("BatchNorm", "InstanceNorm") for n in (1, 2, 3)}


def make_container(interp, q, args, kwargs, node, module=None):
    kind = CONTAINERS[q]
    m = module if module is not None else TorchModule(q.rsplit(".", 1)[-1],
                                                      line=interp.line_of(node))
    m.container = kind
    items = args
    if kind in ("modulelist", "paramlist", "moduledict", "paramdict"):
        items = args[0] if args else kwargs.get("modules", kwargs.get("values", []))
        if items is None:
            items = []
    if kind == "sequential" and len(args) == 1 and isinstance(args[0], dict):
        items = args[0]
    if isinstance(items, dict) and interp.is_poisoned(items):
        interp.missing(f"{m.type_name} of a dict changed by code nnlint could not follow", node)
        m.taints.append(interp.missing(f"{m.type_name} contents not known", node))
        return m
    if isinstance(items, dict):
        pairs = list(items.items())
    else:
        from nnlint.interpreter.operations import iterate
        seq = iterate(interp, items, node)
        if isinstance(seq, Unknown):
            interp.missing(f"{m.type_name} of items not known statically ({seq.reason})", node)
            m.taints.append(interp.missing(f"{m.type_name} contents not known", node))
            return m
        if kind in ("moduledict", "paramdict"):
            pairs = [tuple(p) for p in seq if isinstance(p, (tuple, list)) and len(p) == 2]
        else:
            pairs = [(str(i), v) for i, v in enumerate(seq)]
    for key, value in pairs:
        add_child(interp, m, str(key), value, node)
    return m


def add_child(interp, m, key, value, node):
    if isinstance(value, TorchModule):
        m.modules[key] = value
    elif isinstance(value, Param):
        m.params[key] = value
    elif isinstance(value, Unknown):
        note = interp.missing(f"{m.type_name} item is not known statically ({value.reason})",
                              node)
        m.taints.append(note)
    else:
        note = interp.missing(f"{m.type_name} item is not a module", node)
        m.taints.append(note)


def embedding_from_pretrained(interp, q, args, kwargs, node):
    """nn.Embedding.from_pretrained(weights, freeze=True, ...): sizes from the tensor."""
    weights = args[0] if args else kwargs.get("embeddings")
    freeze = args[1] if len(args) > 1 else kwargs.get("freeze", True)
    shape = weights.shape if isinstance(weights, (Tensor, Param)) else None
    spec = catalog.lookup(q)
    if shape is None or len(shape) != 2 or None in shape or not isinstance(freeze, bool):
        m = TorchModule(spec.short_name, line=interp.line_of(node))
        m.params["weight"] = Param(Unknown("pretrained embedding size not known",
                                           interp.line_of(node)), line=m.line)
        return m
    m = make_layer(interp, spec, [shape[0], shape[1]], {}, node)
    for p in m.params.values():
        p.requires_grad = not freeze
    return m


# torch.nn.utils functions that reparametrise a module's weight in place and return it
_REPARAMETRIZE = {
    "torch.nn.utils.spectral_norm": "spectral", "torch.nn.utils.weight_norm": "weight",
    "torch.nn.utils.parametrizations.spectral_norm": "spectral",
    "torch.nn.utils.parametrizations.weight_norm": "weight",
}
_CONVS = [f"torch.nn.Conv{n}d" for n in (1, 2, 3)]
_CONV_TS = [f"torch.nn.ConvTranspose{n}d" for n in (1, 2, 3)]


def _weight_dims(m):
    """The first two sizes of a layer's weight tensor, for the layers whose layout is known."""
    a, name = m.args, m.spec.name
    if name == "torch.nn.Linear":
        return a.out_features, a.in_features
    if name in ("torch.nn.Embedding", "torch.nn.EmbeddingBag"):
        return a.num_embeddings, a.embedding_dim
    if name in _CONVS:
        return a.out_channels, a.in_channels // a.groups
    if name in _CONV_TS:
        return a.in_channels, a.out_channels // a.groups
    return None


def reparametrize(interp, q, args, kwargs, node):
    """spectral_norm keeps the weight's size (its u, v vectors are buffers); weight_norm
    splits the weight into v (same size) and g (weight.shape[dim], or one number)."""
    m = args[0] if args else kwargs.get("module")
    name = args[1] if len(args) > 1 else kwargs.get("name", "weight")
    if not isinstance(m, TorchModule) or not isinstance(name, str) or not isinstance(
            m.params.get(name), Param):
        from nnlint.interpreter.calls import taint_arguments
        taint_arguments(interp, args, kwargs, node, f"{q}()")
        return interp.unknown(f"{q}() of a module or weight nnlint cannot follow", node)
    if _REPARAMETRIZE[q] == "spectral":
        return m
    dim = args[2] if len(args) > 2 else kwargs.get("dim", 0)
    dims = _weight_dims(m) if m.spec is not None and name == "weight" and not m.lazy_pending \
        else None
    if dim is None:
        g = 1
    elif dims is not None and isinstance(dim, int) and not isinstance(dim, bool) \
            and dim in (0, 1):
        g = dims[dim]
    else:
        g = Unknown(f"{q}(): size of the weight's dimension {dim!r} not known",
                    interp.line_of(node))
    old = m.params.pop(name)
    line = interp.line_of(node)
    m.params[name + "_g"] = Param(g, old.requires_grad, line=line)
    m.params[name + "_v"] = Param(old.numel, old.requires_grad, old.shape, line)
    return m


def _flag(value):
    """A requires_grad flag: True/False, or None when not known."""
    return None if value is None else bool(value)


def make_param(interp, args, kwargs, node):
    data = args[0] if args else kwargs.get("data")
    requires_grad = args[1] if len(args) > 1 else kwargs.get("requires_grad", True)
    if not isinstance(requires_grad, (bool, int)):
        interp.missing("requires_grad not known statically", node)
        requires_grad = None  # the trainable split is not known
    line = interp.line_of(node)
    written(data)  # the parameter shares the tensor's memory
    if isinstance(data, Param):
        return Param(data.numel, _flag(requires_grad), data.shape, line)
    if isinstance(data, Tensor) and data.shape is not None:
        numel = 1
        for d in data.shape:
            numel = numel * (Unknown("tensor size not known", line) if d is None else d)
        return Param(numel, _flag(requires_grad), data.shape, line)
    reason = data.reason if isinstance(data, Unknown) else "tensor size not known"
    return Param(Unknown(f"nn.Parameter size: {reason}", line), _flag(requires_grad), None,
                 line)


def make_tensor(interp, name, args, kwargs, node):
    from nnlint.frameworks.torch import tensors as tensor_ops
    return tensor_ops.factory(interp, name, args, kwargs, node)


def make_clones(interp, q, args, kwargs, node):
    """TransformerEncoder(layer, num_layers, norm): num_layers deep copies of layer."""
    key = _CLONING[q]
    layer = args[0] if args else kwargs.get(key)
    n = args[1] if len(args) > 1 else kwargs.get("num_layers")
    norm = args[2] if len(args) > 2 else kwargs.get("norm")
    m = TorchModule(q.rsplit(".", 1)[-1], line=interp.line_of(node))
    if not isinstance(layer, TorchModule) or not isinstance(n, int) or n > 10_000:
        m.taints.append(interp.missing(f"{m.type_name}: layer or num_layers not known", node))
        return m
    layers = TorchModule("ModuleList", line=m.line, container="modulelist")
    for i in range(n):
        layers.modules[str(i)] = clone_module(layer)
    m.modules["layers"] = layers
    if isinstance(norm, TorchModule):
        m.modules["norm"] = norm
    elif isinstance(norm, Unknown):
        m.taints.append(interp.missing("norm not known statically", node))
    return m


def clone_module(m, memo=None):
    """copy.deepcopy of a module: new parameters, shared structure preserved."""
    memo = {} if memo is None else memo
    if id(m) in memo:
        return memo[id(m)]
    new = TorchModule(m.type_name, m.cls, m.spec, m.args, m.line, m.container)
    memo[id(m)] = new
    new.lazy_pending = m.lazy_pending
    new.taints = list(m.taints)
    for k, p in m.params.items():
        if id(p) not in memo:
            memo[id(p)] = Param(p.numel, p.requires_grad, p.shape, p.line)
        new.params[k] = memo[id(p)]
    for k, child in m.modules.items():
        new.modules[k] = None if child is None else clone_module(child, memo)
    new.attrs = dict(m.attrs)
    return new


def instantiate(interp, cls: ClassValue, args, kwargs, node):
    """``MyNet(...)``: run the class's __init__ on a fresh module."""
    from nnlint.interpreter.calls import run_init
    m = TorchModule(cls.name, cls=cls, line=interp.line_of(node))
    return run_init(interp, m, cls, args, kwargs, node, base_method, "torch.nn.Module")


def base_method(interp, m, q, method, args, kwargs, node):
    """A method of a torch base class reached by super() or inheritance."""
    if method == "__init__":
        if getattr(m, "module_init_done", False):
            # nn.Module.__init__ again (a second super().__init__(), A.__init__(self) then
            # B.__init__(self) in a diamond): _parameters and _modules start empty again
            m.params.clear()
            m.modules.clear()
        m.module_init_done = True
        if q in CONTAINERS:
            make_container(interp, q, args, kwargs, node, module=m)
        else:
            spec = catalog.lookup(q)
            if spec is not None:
                make_layer(interp, spec, args, kwargs, node, module=m)
        return None
    if method == "forward":
        return torch_module.forward_builtin(interp, m, args, kwargs, node)
    attr = torch_module.module_method(interp, m, method, node)
    if attr is not None:
        return interp.call(attr, args, kwargs, node)
    # a method of the framework's class nnlint does not model may change the module
    m.taints.append(interp.taint(f"{q}.{method}() is not followed; it may change "
                                 "the model", node))
    return interp.unknown(f"{q}.{method}()", node)


# imported last: these modules import this one, and their names are read at call time
from nnlint.frameworks.torch import module as torch_module  # noqa: E402
