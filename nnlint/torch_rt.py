"""PyTorch's object model as nnlint needs it: modules, parameters, tensor shapes.

A `TorchModule` registers submodules and parameters on attribute assignment as
``nn.Module.__setattr__`` does, so tied weights share one `Param` object and a
module used twice is one object: counting by identity gives what
``model.parameters()`` gives.
"""

from __future__ import annotations

from nnlint import catalog
from nnlint.catalog.spec import BindError
from nnlint.neutral import NEVER_CHANGE_MODELS as _LEAVES_MODULES_ALONE  # torch functions
from nnlint.neutral import TORCH_NEUTRAL
from nnlint.objects import BoundMethod, Builtin, ClassValue, External, Function, Instance
from nnlint.resolve import canonical
from nnlint.runtime import (UNHANDLED, ModelObject, ParameterObject, RuntimeObject, TensorObject,
                            written)
from nnlint.values import Missing, Unknown, UnknownBranch, UserRaise

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
        return tensor_getattr(interp, self, name, node)

    def set_attribute(self, interp, name, value, node):
        param_setattr(interp, self, name, value, node)

    def item(self, interp, key, node):
        return tensor_getitem(interp, self, key, node)

    def binop(self, interp, op, left, right, node):
        return tensor_binop(interp, op, left, right, node)

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
        return tensor_getattr(interp, self, name, node)

    def item(self, interp, key, node):
        return tensor_getitem(interp, self, key, node)

    def iterate(self, interp, node):
        from nnlint.tensor_ops import elements
        items = elements(self)
        return items if items is not None else Unknown("iteration over a tensor")

    def length(self, interp, node):
        if self.shape and isinstance(self.shape[0], int):
            return self.shape[0]  # an array's first dimension
        return UNHANDLED

    def binop(self, interp, op, left, right, node):
        return tensor_binop(interp, op, left, right, node)

    def negate(self):
        return Tensor(self.shape)

    def copy(self, memo):
        out = Tensor(self.shape)
        memo[id(self)] = out
        return out

    def number(self):
        from nnlint.tensor_ops import scalar_value
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
        return module_getattr(interp, self, name, node)

    def set_attribute(self, interp, name, value, node):
        module_setattr(interp, self, name, value, node)

    def delete_attribute(self, interp, name, node):
        module_delattr(interp, self, name, node)

    def item(self, interp, key, node):
        return module_getitem(interp, self, key, node)

    def set_item(self, interp, key, value, node):
        module_setitem(interp, self, key, value, node)

    def iterate(self, interp, node):
        return module_iter(interp, self, node)

    def length(self, interp, node):
        return len(self.modules) if self.container else interp.unknown("len(module)", node)

    def call(self, interp, args, kwargs, node):
        return call_module(interp, self, args, kwargs, node)

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
        from nnlint.calls import taint_arguments
        taint_arguments(interp, args, kwargs, node, f"{q}()")
    from nnlint import tensor_ops
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
    _set_weights(m, spec, bound, None, line)
    return m


def _set_weights(m, spec, bound, shape, line):
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
        from nnlint.operations import iterate
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
        from nnlint.calls import taint_arguments
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
    from nnlint import tensor_ops
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
    from nnlint.calls import run_init
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
        return _forward_builtin(interp, m, args, kwargs, node)
    attr = _module_method(interp, m, method, node)
    if attr is not None:
        return interp.call(attr, args, kwargs, node)
    # a method of the framework's class nnlint does not model may change the module
    m.taints.append(interp.taint(f"{q}.{method}() is not followed; it may change "
                                 "the model", node))
    return interp.unknown(f"{q}.{method}()", node)


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
    from nnlint.objects import Function
    if name in m.params:
        return
    found = m.cls.lookup(name) if m.cls is not None else None
    if found is not None and isinstance(found[0], Function) and found[0].kind == "property":
        m.taints.append(interp.taint(f"nn.Parameter assigned to the property {name}: torch "
                                     "refuses it unless the property's getter raises "
                                     "AttributeError", node))
    elif found is not None or name in _METHODS:
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
        return _module_method(interp, m, name, node)
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
        from nnlint.attributes import class_attribute
        value = class_attribute(interp, m.cls, name, m, node)
        if isinstance(value, Unknown) and (_not_in_torch(m.cls, name) or (
                name == "training" and _seen_in_full(m.cls, name))):  # nn.Module's flag
            value = Missing(f"{m.type_name} has no attribute {name}", None, m)
        if not isinstance(value, Missing) and not (
                isinstance(value, Unknown) and name in _METHODS):
            return value
    method = _module_method(interp, m, name, node)
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
    from nnlint.catalog.torch_attributes import MODULE_ATTRIBUTES
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


# layers whose bias=False registers `bias` as None (MultiheadAttention has no `bias` at all)
_BIAS_NONE = {"Linear", "LazyLinear", "Bilinear", "Conv1d", "Conv2d", "Conv3d",
              "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "LazyConv1d",
              "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d",
              "LazyConvTranspose3d", "LayerNorm"}
# norms whose affine flag off registers weight and bias as None (RMSNorm has no bias)
_AFFINE_NONE = {**{f"{lazy}{kind}Norm{d}d": "affine" for lazy in ("", "Lazy")
                   for kind in ("Batch", "Instance") for d in (1, 2, 3)},
                "GroupNorm": "affine", "LayerNorm": "elementwise_affine",
                "RMSNorm": "elementwise_affine"}


def _registered_none(m, name) -> bool:
    """The layer registered `name` as None, as its constructor does for these arguments."""
    if m.spec is None or m.args is None or name in m.params:
        return False
    short = m.spec.short_name
    if name == "bias" and (short in _BIAS_NONE or (short in _AFFINE_NONE and short != "RMSNorm")):
        if m.args.get("bias", True) is False:
            return True
    flag = _AFFINE_NONE.get(short)
    return name in ("weight", "bias") and flag is not None and m.args.get(flag, True) is False \
        and (name == "weight" or short != "RMSNorm")


_ARG_ALIASES = {"in_channels": "in_channels", "normalized_shape": "normalized_shape"}


def _module_method(interp, m, name, node):
    fn = _METHODS.get(name)
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
    from nnlint.operations import iterate
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


_METHODS = {
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
        from nnlint.neutral import forward_cannot_change
        if forward_cannot_change(interp, all_modules(m)):
            return Tensor(None)
    if m.cls is not None:
        fwd = m.cls.lookup("forward")
        if fwd is not None and isinstance(fwd[0], Function):
            try:
                return interp.call_function(fwd[0], args, kwargs, node, receiver=m)
            except _forward_errors():
                return Tensor(None)
    return _forward_builtin(interp, m, args, kwargs, node)


def _forward_errors():
    return (UserRaise,)


def _forward_builtin(interp, m, args, kwargs, node):
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
        _set_weights(m, m.spec, m.args, shape, m.line)
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
    from nnlint import tensor_ops
    return tensor_ops.tensor_attribute(interp, t, name, node)


def tensor_getitem(interp, t, key, node):
    from nnlint import tensor_ops
    return tensor_ops.tensor_index(interp, t, key, node)


def tensor_binop(interp, op, left, right, node):
    from nnlint import tensor_ops
    return tensor_ops.binop(interp, op, left, right, node)


def is_instance_plain(value):
    return isinstance(value, Instance)
