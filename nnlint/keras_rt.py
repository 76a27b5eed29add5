"""Keras's object model as nnlint needs it: layers built on input shapes, tensors, models.

A Keras layer has no weights until it is built on an input shape: at its first
call on a tensor, when a Sequential learns its input shape, or by
``model.build(shape)``. nnlint mirrors that: `KerasLayer.built` stays False
until a shape reaches it, and an unbuilt model is never exact.
"""

from __future__ import annotations

import operator

from nnlint import catalog
from nnlint.catalog.spec import Args, BindError
from nnlint.objects import Builtin, ClassValue, External, Function
from nnlint.neutral import KERAS_NEUTRAL
from nnlint.runtime import ModelObject, ParameterObject, TensorObject
from nnlint.values import Missing, Unknown, UnknownBranch, UserRaise

MODEL_BASES = {"keras.Model", "keras.Sequential"}
LAYER_BASES = {"keras.Layer"}
WRAPPERS = {"keras.layers.Bidirectional", "keras.layers.TimeDistributed", "keras.layers.RNN",
            "keras.layers.SpectralNormalization"}


def is_layer(qualname):
    spec = catalog.lookup(qualname)
    return (spec is not None and spec.framework == "keras") or qualname in WRAPPERS


class Weight(ParameterObject):
    """A Keras variable. `kind_trainable` is fixed at creation (moving statistics are never
    trainable); `trainable` is the variable's flag, which `layer.trainable = ...` sets."""

    __slots__ = ("numel", "trainable", "name", "kind_trainable", "shape")

    def __init__(self, numel, trainable=True, name="", kind_trainable=None, shape=None):
        self.numel = numel
        self.trainable = trainable
        self.name = name
        self.kind_trainable = trainable if kind_trainable is None else kind_trainable
        self.shape = shape  # known for add_weight(shape=...), used in call() arithmetic

    def negate(self):  # -self.alpha: a tensor of the weight's shape
        return KerasTensor(self.shape)


class KerasTensor(TensorObject):
    """A symbolic tensor: its shape and the layer call that produced it."""

    symbolic = True

    __slots__ = ("shape", "layer", "inputs", "line")

    def __init__(self, shape, layer=None, inputs=(), line=0):
        self.shape = tuple(shape) if shape is not None else None
        self.layer = layer
        self.inputs = tuple(inputs)
        self.line = line  # keras.Input(...): where its InputLayer is made (for its name)

    def attribute(self, interp, name, node):
        return tensor_getattr(interp, self, name, node)

    def item(self, interp, key, node):
        return tensor_getitem(interp, self, key, node)

    def iterate(self, interp, node):
        return Unknown("iteration over a tensor")

    def binop(self, interp, op, left, right, node):
        return tensor_binop(interp, op, left, right, node)

    def negate(self):
        return derived_tensor(self, self.shape)


class KerasLayer(ModelObject):
    class_prefix = "keras."
    neutral_methods = KERAS_NEUTRAL

    def __init__(self, kind, type_name, spec=None, cls=None, args=None, line=0):
        self.kind = kind  # layer | input | sequential | functional | subclass | wrapper
        self.type_name = type_name
        self.spec = spec
        self.cls = cls
        self.args = args
        self.line = line
        self.built = False
        self.build_shape = None
        self.weights = {}
        self.trainable = True
        self.attrs = {}
        self.seq_layers = []
        self.inputs = []
        self.outputs = []
        self.inner = []  # wrapped layers (Bidirectional, TimeDistributed)
        self.input_layers = {}  # functional: id(input tensor) -> its InputLayer
        self.nodes = []  # (inputs, outputs) of each call; None where a Sequential applied it
        self.declared_shape = None  # input_shape= / input_dim= on the layer
        self.out = None  # output shape of the last build
        self.taints = []
        self.name = None

    def __repr__(self):
        return f"<keras {self.type_name}>"

    # what the interpreter asks (runtime.RuntimeObject)
    def attribute(self, interp, name, node):
        return layer_getattr(interp, self, name, node)

    def set_attribute(self, interp, name, value, node):
        layer_setattr(interp, self, name, value, node)

    def call(self, interp, args, kwargs, node):
        return call_layer(interp, self, args, kwargs, node)

    def truth(self):
        return True

    def is_instance(self, qualname):
        return isinstance_of(self, qualname)

    def base_method(self, interp, qualname, method, args, kwargs, node):
        return base_method(interp, self, qualname, method, args, kwargs, node)

    def settled(self):
        return self.built and self.kind in ("sequential", "functional", "subclass")

    def reported_as(self):
        if self.kind in ("sequential", "functional") or getattr(self, "is_model", False):
            return "keras"
        return None

    def parameter_states(self, flag):
        flag = flag if self.trainable is True else (self.trainable if flag else flag)
        weights = [(w, w.numel, (flag, w.trainable)) for w in self.weights.values()]
        return weights, [(c, flag) for c in self.sublayers()]

    def sublayers(self):
        """Layers whose weights this layer owns (tracked attributes, graph, wrapped)."""
        if self.kind == "sequential":
            return [layer for layer in self.seq_layers if layer.kind != "input"]
        if self.kind == "functional":
            return graph_layers(self.outputs, self.inputs)
        out = list(self.inner)
        for value in self.attrs.values():
            out.extend(_layers_in(value))
        return out


def _layers_in(value, depth=0):
    if isinstance(value, KerasLayer):
        return [value]
    if depth > 3:
        return []
    if isinstance(value, (list, tuple)):
        return [layer for v in value for layer in _layers_in(v, depth + 1)]
    if isinstance(value, dict):
        return [layer for v in value.values() for layer in _layers_in(v, depth + 1)]
    return []


def graph_layers(outputs, inputs=()):
    """Layers on the paths from `inputs` into `outputs`, each once, inputs first."""
    order, seen, visiting = [], set(), {id(t) for t in inputs}
    stack = [(t, False) for t in reversed(tensors_in(outputs))]
    while stack:
        t, done = stack.pop()
        if done:
            if t.layer is not None and id(t.layer) not in seen:
                seen.add(id(t.layer))
                order.append(t.layer)
            continue
        if id(t) in visiting:
            continue
        visiting.add(id(t))
        stack.append((t, True))
        for parent in reversed(t.inputs):
            stack.append((parent, False))
    return order


def model_layers(m):
    """`model.layers` in Keras's order (indexing and slicing it must pick what Keras does)."""
    if m.kind == "sequential":
        return [layer for layer in m.seq_layers if layer.kind != "input"]
    if m.kind == "functional":
        return _functional_layers(m)
    return m.sublayers()


def _functional_layers(m):
    """Functional.layers as Keras 3's map_graph orders its operations: by decreasing
    depth (distance to the outputs), ties in the pre-order of the walk back from the
    outputs; an InputLayer heads each input. Keras ops are operations but not layers."""
    inputs = {id(t): t for t in m.inputs}

    def node_of(t):
        if t.layer is not None:  # one call of a layer, whatever output of it t is
            return ("call", id(t.layer), tuple(id(p) for p in t.inputs)), t.layer
        if id(t) in inputs:
            layer = m.input_layers.setdefault(id(t), KerasLayer("input", "InputLayer"))
            return ("input", id(t)), layer
        if t.inputs:
            return ("op", id(t)), t  # a keras.ops / tensor operation
        return None, None  # a constant, not part of the graph

    index, finished, order, parents, op_of = {}, set(), [], {}, {}
    stack = [(t, False) for t in reversed(tensors_in(m.outputs))]
    while stack:
        t, done = stack.pop()
        key, op = node_of(t)
        if key is None:
            continue
        if done:
            if key not in finished:
                finished.add(key)
                order.append(key)
            continue
        if key in finished or key in parents:
            continue
        index.setdefault(id(op), len(index))
        op_of[key] = op
        below = [] if key[0] == "input" or id(t) in inputs else list(t.inputs)
        parents[key] = [k for k in (node_of(p)[0] for p in below) if k is not None]
        stack.append((t, True))
        stack.extend((p, False) for p in reversed(below))
    node_depth, op_depth = {}, {}
    for key in reversed(order):
        depth = max(node_depth.setdefault(key, 0), op_depth.get(id(op_of[key]), 0))
        op_depth[id(op_of[key])] = node_depth[key] = depth
        for parent in parents[key]:
            node_depth[parent] = max(depth + 1, node_depth.get(parent, 0))
    ops = {id(op): op for op in op_of.values()}
    ranked = sorted(ops, key=lambda i: (-op_depth[i], index[i]))
    return [ops[i] for i in ranked if isinstance(ops[i], KerasLayer)]


def tensors_in(value):
    if isinstance(value, KerasTensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in tensors_in(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in tensors_in(v)]
    return []


def _all_tensors(value):
    if isinstance(value, KerasTensor):
        return True
    if isinstance(value, (list, tuple)):
        return bool(value) and all(_all_tensors(v) for v in value)
    return False


def _shape_tuple(value):
    if isinstance(value, (tuple, list)) and all(
            v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in value):
        return tuple(value)
    return None


def _declared_shape(kwargs):
    """input_shape= / input_dim= / batch_input_shape= / batch_shape= on a layer."""
    if "batch_input_shape" in kwargs or "batch_shape" in kwargs:
        shape = _shape_tuple(kwargs.get("batch_input_shape", kwargs.get("batch_shape")))
        return shape
    if "input_shape" in kwargs:
        shape = _shape_tuple(kwargs["input_shape"])
        return None if shape is None else (None,) + shape
    if "input_dim" in kwargs:
        dim = kwargs["input_dim"]
        return (None, dim) if isinstance(dim, int) else None
    return None


# ------------------------------------------------------------------ creation
_NEUTRAL = {"keras.utils.plot_model", "keras.utils.vis_utils.plot_model",
            "keras.utils.model_to_dot", "keras.utils.print_summary"}
_SET_FORMAT = ("keras.config.set_image_data_format", "keras.backend.set_image_data_format")
_GET_FORMAT = ("keras.config.image_data_format", "keras.backend.image_data_format")
_FORMATS = ("channels_last", "channels_first")


def image_data_format(interp):
    """Keras' global image_data_format as the code has set it so far: 'channels_last' by
    default (keras.json is not read: nnlint counts for the default configuration), Unknown
    when the file sets it somewhere nnlint has not seen run."""
    fmt = getattr(interp, "keras_image_data_format", None)
    if fmt is None:
        fmt = Unknown("image_data_format set by code nnlint has not seen run") \
            if "set_image_data_format" in interp.positions.source else "channels_last"
        interp.keras_image_data_format = fmt
    return fmt


def call_keras(interp, q, args, kwargs, node):
    line = interp.line_of(node)
    if q.startswith(("keras.datasets.", "keras.preprocessing.", "keras.utils.")):
        from nnlint import keras_data
        data = keras_data.load_data(interp, q, args, kwargs, node) \
            if q.endswith(".load_data") else keras_data.call_utility(interp, q, args, kwargs,
                                                                     node)
        if data is not None:
            return data
    if q in _NEUTRAL:  # draws or prints a model: its weights are what they were
        return Unknown(f"{q}()", line, inert=True)
    if q in _SET_FORMAT:
        value = args[0] if args else kwargs.get("data_format")
        interp.keras_image_data_format = value if value in _FORMATS and \
            isinstance(value, str) else Unknown("image_data_format set to a value not known",
                                                line)
        return None
    if q in _GET_FORMAT:
        return image_data_format(interp)
    if q == "keras.Input":
        return make_input(interp, args, kwargs, node)
    if q == "keras.backend.is_keras_tensor":
        return _is_keras_tensor(interp, args[0] if args else kwargs.get("x"), node)
    if q == "keras.utils.get_source_inputs":
        return _source_inputs(interp, args[0] if args else kwargs.get("tensor"), node)
    if q == "keras.layers.InputLayer":
        t = make_input(interp, args, kwargs, node)
        layer = KerasLayer("input", "InputLayer", line=line)
        layer.declared_shape = t.shape if isinstance(t, KerasTensor) else None
        return layer
    if q == "keras.Sequential":
        m = KerasLayer("sequential", "Sequential", line=line)
        items = args[0] if args else kwargs.get("layers")
        if items is not None:
            from nnlint.operations import iterate
            seq = iterate(interp, items, node)
            if isinstance(seq, Unknown):
                m.taints.append(interp.missing(f"Sequential layers not known ({seq.reason})",
                                               node))
            else:
                for item in seq:
                    seq_add(interp, m, item, node)
        _name(m, kwargs)
        ensure_built(interp, m, node)
        return m
    if q == "keras.Model":
        return make_functional(interp, KerasLayer("functional", "Functional", line=line),
                               args, kwargs, node)
    if q in WRAPPERS:
        return make_wrapper(interp, q, args, kwargs, node)
    if q == "keras.models.clone_model":
        clone = clone_model(args[0] if args else kwargs.get("model"))
        if clone is None or len(args) > 1 or set(kwargs) - {"model"}:
            from nnlint.calls import taint_arguments
            taint_arguments(interp, args, kwargs, node, "clone_model()")
            return interp.unknown("clone_model() of a model nnlint cannot copy", node)
        return clone
    if q in _MERGE_FUNCTIONS:
        # keras.layers.concatenate([a, b], axis=-1) is Concatenate(axis=-1)([a, b])
        layer = call_keras(interp, _MERGE_FUNCTIONS[q], [], {k: v for k, v in kwargs.items()
                                                              if k != "inputs"}, node)
        inputs = args[0] if args else kwargs.get("inputs")
        if isinstance(layer, KerasLayer):
            return call_layer(interp, layer, [inputs], {}, node)
        return layer
    spec = catalog.lookup(q)
    if spec is not None and spec.framework == "keras":
        try:
            bound = spec.bind(tuple(args), kwargs)
        except BindError as exc:
            interp.missing(f"{spec.short_name}(): {exc}", node)
            return interp.unknown(f"bad call of {spec.short_name}", node)
        if "data_format" in vars(bound) and bound.data_format is None:
            bound.data_format = image_data_format(interp)
        layer = KerasLayer("layer", spec.short_name, spec=spec, args=bound, line=line)
        layer.declared_shape = _declared_shape(bound._extra)
        trainable = bound._extra.get("trainable", True)
        if isinstance(trainable, bool):
            layer.trainable = trainable
        _name(layer, bound._extra)
        return layer
    head = q.split(".")[1] if "." in q else ""
    if head == "layers" and q.rsplit(".", 1)[-1][:1].isupper():
        interp.missing(f"layer {q} is not in nnlint's catalog", node)
        return interp.unknown(f"unknown layer {q}", node)
    if q == "keras.activations.get":
        # a name gives a function; a callable (maybe a layer) is returned as it is
        ident = args[0] if args else kwargs.get("identifier")
        if ident is None:
            return External("keras.activations.linear")
        if isinstance(ident, str):
            if ident.isidentifier():
                return External(f"keras.activations.{ident}")
            return Unknown(f"activation {ident!r}", line, inert=True)
        return ident
    if q.startswith(("keras.ops.", "keras.backend.", "keras.activations.", "keras.random.")):
        from nnlint import keras_ops
        result = keras_ops.call_op(interp, q, args, kwargs, node)
        if result is not None:
            return result
    tensors = tensors_in(list(args) + list(kwargs.values()))
    if tensors:
        return op_on_tensors(q, args, kwargs, tensors)
    from nnlint.calls import taint_arguments
    taint_arguments(interp, args, kwargs, node, f"{q}()")
    return interp.unknown(f"{q}()", node)


def _is_keras_tensor(interp, value, node):
    """keras.backend.is_keras_tensor: true for a symbolic tensor, false for plain data and
    arrays; not known for anything else."""
    from nnlint.torch_rt import Tensor
    if isinstance(value, KerasTensor):
        return True
    if value is None or isinstance(value, (bool, int, float, str, list, tuple, dict, Tensor)):
        return False
    return interp.unknown("is_keras_tensor() of a value nnlint cannot follow", node)


def _source_inputs(interp, value, node):
    """keras.utils.get_source_inputs: the inputs of the graph that `value` comes from, in
    the order Keras finds them (the first parent first), each once."""
    if not isinstance(value, KerasTensor):
        return interp.unknown("get_source_inputs() of a value that is not a Keras tensor",
                              node)
    found, seen, stack = [], set(), [value]
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        if t.layer is None and not t.inputs:
            found.append(t)
        stack.extend(reversed(t.inputs))
    return found


def _name(layer, kwargs):
    name = kwargs.get("name")
    if isinstance(name, str):
        layer.name = name


def make_input(interp, args, kwargs, node):
    shape = args[0] if args else kwargs.get("shape", kwargs.get("input_shape"))
    batch = kwargs.get("batch_size")
    line = interp.line_of(node)
    if "batch_shape" in kwargs:
        full = _shape_tuple(kwargs["batch_shape"])
        return KerasTensor(full, line=line)
    shape = _shape_tuple(shape)
    if shape is None:
        return KerasTensor(None, line=line)
    return KerasTensor((batch if isinstance(batch, int) else None,) + shape, line=line)


def make_functional(interp, m, args, kwargs, node):
    inputs = args[0] if args else kwargs.get("inputs")
    outputs = args[1] if len(args) > 1 else kwargs.get("outputs")
    _name(m, kwargs)
    if inputs is None and outputs is None:
        m.kind = "subclass" if m.cls is not None else "functional"
        return m
    m.kind = "functional"
    m.inputs = tensors_in(inputs)
    m.outputs = tensors_in(outputs)
    bad = [v for v in (inputs, outputs) if isinstance(v, Unknown)] or (
        [] if m.outputs else [Unknown("model outputs not known")])
    if bad:
        m.taints.append(interp.missing(f"model inputs/outputs not known ({bad[0].reason})",
                                       node))
    if any(t.shape is None and t.layer is None for t in m.inputs):
        m.taints.append(interp.missing("model input shape not known", node))
    m.built = True
    m.out = [t.shape for t in m.outputs]
    m.build_shape = [t.shape for t in m.inputs]
    return m


def make_wrapper(interp, q, args, kwargs, node):
    layer = args[0] if args else kwargs.get("layer")
    name = q.rsplit(".", 1)[-1]
    w = KerasLayer("wrapper", name, line=interp.line_of(node))
    w.args = Args({"merge_mode": (args[1] if len(args) > 1 else kwargs.get("merge_mode",
                                                                              "concat")),
                   "return_sequences": kwargs.get("return_sequences",
                                                  args[1] if len(args) > 1 else False)})
    if name == "RNN":
        cells = layer if isinstance(layer, (list, tuple)) else [layer]
        if not cells or not all(isinstance(c, KerasLayer) and c.args is not None
                                and c.args.get("units") is not None for c in cells):
            w.taints.append(interp.missing("RNN cell not known", node))
            return w
        w.inner = list(cells)
        return w
    w.declared_shape = _declared_shape(kwargs)
    _name(w, kwargs)
    if not isinstance(layer, KerasLayer):
        w.taints.append(interp.missing(f"{name} wraps a layer not known", node))
        return w
    if name == "SpectralNormalization":
        _spectral_args(interp, w, args, kwargs, node)
    if name == "Bidirectional":
        backward = kwargs.get("backward_layer")
        if not isinstance(backward, KerasLayer):
            backward = clone_layer(layer)
        w.inner = [layer, backward]
    else:
        w.inner = [layer]
    return w


def _spectral_args(interp, w, args, kwargs, node):
    """SpectralNormalization(layer, power_iterations=1): Keras raises unless
    power_iterations > 0. trainable=False is left to Keras' per-layer masking, which
    nnlint does not model for wrappers: not exact."""
    power = args[1] if len(args) > 1 else kwargs.get("power_iterations", 1)
    if isinstance(power, Unknown) or not isinstance(power, (int, float)) or \
            isinstance(power, bool):
        w.taints.append(interp.missing("SpectralNormalization power_iterations not known", node))
    elif power <= 0:
        from nnlint.catalog.spec import RAISES_HERE
        w.taints.append(interp.taint(
            f"SpectralNormalization: power_iterations={power!r} is not positive {RAISES_HERE}",
            node))
    if kwargs.get("trainable", True) is not True:
        w.taints.append(interp.missing("SpectralNormalization(trainable=...) not modelled", node))


def spectral_vector_size(layer):
    """SpectralNormalization.build: vector_u has shape (1, kernel.shape[-1]), the kernel
    (or embeddings) of the wrapped layer, built on the wrapper's input shape."""
    spec, a = layer.spec, layer.args
    if layer.kind != "layer" or spec is None or a.get("lora_rank") or \
            a.get("quantization_config") is not None:
        return Unknown(f"SpectralNormalization of {layer.type_name}: its kernel shape is "
                       "not known", layer.line)
    if spec.kernel_last is not None:
        try:
            n = spec.kernel_last(a, layer.build_shape)
        except (UnknownBranch, TypeError, IndexError):
            n = None
        if isinstance(n, int) and not isinstance(n, bool) and n > 0:
            return n
    return Unknown(f"SpectralNormalization of {layer.type_name}: kernel size not known",
                   layer.line)


def clone_layer(layer):
    new = KerasLayer(layer.kind, layer.type_name, layer.spec, layer.cls, layer.args,
                     layer.line)
    new.declared_shape = layer.declared_shape
    new.trainable = layer.trainable
    new.inner = [clone_layer(i) for i in layer.inner]
    new.taints = list(layer.taints)
    return new


class _NoClone(Exception):
    pass


def clone_model(model):
    """keras.models.clone_model: the same layers made again from their configuration
    (names and trainable flags kept) on the same shapes, with new weights; None for
    what nnlint cannot copy (subclassed layers, anything tainted, a frozen model)."""
    if not isinstance(model, KerasLayer) or model.kind not in ("sequential", "functional") \
            or not model.trainable:
        return None
    try:
        return _copy_layer(model, {})
    except _NoClone:
        return None


def _copy_layer(layer, memo):
    if id(layer) in memo:
        return memo[id(layer)]
    if layer.kind == "subclass" or layer.taints:
        raise _NoClone()
    new = KerasLayer(layer.kind, layer.type_name, layer.spec, layer.cls, layer.args, layer.line)
    memo[id(layer)] = new
    for attr in ("built", "build_shape", "trainable", "declared_shape", "out", "name"):
        setattr(new, attr, getattr(layer, attr))
    new.weights = {k: Weight(w.numel, w.kind_trainable and layer.trainable, w.name,
                             w.kind_trainable, w.shape) for k, w in layer.weights.items()}
    new.inner = [_copy_layer(i, memo) for i in layer.inner]
    new.seq_layers = [_copy_layer(i, memo) for i in layer.seq_layers]
    new.inputs = [_copy_tensor(t, memo) for t in layer.inputs]
    new.outputs = [_copy_tensor(t, memo) for t in layer.outputs]
    if layer.attrs:
        raise _NoClone()
    return new


def _copy_tensor(tensor, memo):
    """The graph above `tensor`, copied onto copied layers (each tensor once)."""
    order, stack = [], [(tensor, False)]
    while stack:
        t, done = stack.pop()
        if id(t) in memo:
            continue
        if done:
            memo[id(t)] = None  # placeholder until made below
            order.append(t)
            continue
        stack.append((t, True))
        stack.extend((p, False) for p in t.inputs if id(p) not in memo)
    for t in order:
        layer = _copy_layer(t.layer, memo) if t.layer is not None else None
        memo[id(t)] = KerasTensor(t.shape, layer, [memo[id(p)] for p in t.inputs])
    return memo[id(tensor)]


def unread_model(interp, qualname, size, node):
    """A library's Keras model that nnlint could not read (keras.applications with keras
    not installed where nnlint runs): built, of unknown weights (`size`, an Unknown saying
    why), never exact."""
    m = KerasLayer("subclass", qualname.rsplit(".", 1)[-1], line=interp.line_of(node))
    m.is_model = True
    m.built = True
    m.weights["<not read>"] = Weight(size, trainable=None)
    return m


def instantiate(interp, cls: ClassValue, args, kwargs, node):
    from nnlint.calls import class_framework, run_init
    m = KerasLayer("subclass", cls.name, cls=cls, line=interp.line_of(node))
    m.is_model = class_framework(cls) == "keras-model"
    return run_init(interp, m, cls, args, kwargs, node, base_method, "keras.Layer")


def isinstance_of(layer, q):
    if q in ("keras.Model",):
        return layer.kind in ("sequential", "functional") or getattr(layer, "is_model", False)
    if q in ("keras.Layer",):
        return True
    if q == "keras.Sequential":
        return layer.kind == "sequential"
    return layer.spec is not None and layer.spec.name == q


def base_method(interp, m, q, method, args, kwargs, node):
    if method == "__init__":
        if q == "keras.Model" and (args or "inputs" in kwargs or "outputs" in kwargs):
            make_functional(interp, m, args, kwargs, node)
            m.kind = "functional"
        elif q == "keras.Sequential":
            seq = call_keras(interp, "keras.Sequential", args, kwargs, node)
            m.kind = "sequential"
            m.seq_layers = seq.seq_layers
        else:
            m.declared_shape = _declared_shape(kwargs)
            t = kwargs.get("trainable", True)
            if isinstance(t, bool):
                m.trainable = t
            _name(m, kwargs)
        return None
    if method == "build":
        shape = args[0] if args else kwargs.get("input_shape")
        if m.kind == "subclass":
            m.built = True
            m.build_shape = _shape_tuple(shape) if not isinstance(shape, list) else shape
            return None
        build(interp, m, _shape_tuple(shape), node)
        return None
    if method == "call":
        return _call_builtin(interp, m, args, kwargs, node)
    method_fn = _METHODS.get(method)
    if method_fn is not None:
        return method_fn(interp, args, kwargs, node, m)
    return interp.unknown(f"{q}.{method}()", node)


# -------------------------------------------------------------------- build
def build(interp, layer, shape, node=None):
    """Create the layer's weights for input shape `shape` (once)."""
    if layer.built:
        return
    layer.built = True
    layer.build_shape = shape
    if layer.kind == "layer":
        layer.weights = {}
        if layer.spec.weights is not None:
            try:
                weights = layer.spec.weights(layer.args, shape)
            except UnknownBranch as exc:
                weights = {"weights": exc.unknown}
            except (TypeError, ValueError, ArithmeticError, IndexError) as exc:
                weights = {"weights": Unknown(f"{layer.type_name}: {exc}", layer.line)}
            for name, numel in weights.items():
                kind = name not in layer.spec.non_trainable
                layer.weights[name] = Weight(numel, kind and layer.trainable, name, kind)
        layer.out = _layer_out(interp, layer, shape, node)
    elif layer.kind == "sequential":
        cur = shape
        for sub in layer.seq_layers:
            if sub.kind == "input":
                cur = sub.declared_shape
                continue
            sub.nodes.append(None)
            cur = apply_layer(interp, sub, cur, node)
        layer.out = cur
    elif layer.kind == "wrapper" and not layer.inner:
        layer.out = None
    elif layer.kind == "wrapper" and layer.type_name == "RNN":
        cur = None if shape is None else (shape[0],) + tuple(shape[2:])
        for cell in layer.inner:
            apply_layer(interp, cell, cur, node)
            cur = None if cur is None else tuple(cur[:-1]) + (cell.args.get("units"),)
        units = layer.inner[-1].args.get("units")
        seqs = layer.args.return_sequences
        if shape is None or not isinstance(seqs, bool):
            layer.out = None
        else:
            layer.out = (shape[0], shape[1], units) if seqs else (shape[0], units)
    elif layer.kind == "wrapper" and layer.type_name == "SpectralNormalization":
        layer.out = apply_layer(interp, layer.inner[0], shape, node)
        layer.weights["vector_u"] = Weight(spectral_vector_size(layer.inner[0]), False,
                                           "vector_u", kind_trainable=False)
    elif layer.kind == "wrapper":
        if layer.type_name == "TimeDistributed":
            inner_shape = None if shape is None else (shape[0],) + tuple(shape[2:])
            inner_out = apply_layer(interp, layer.inner[0], inner_shape, node)
            layer.out = None if shape is None or inner_out is None else (
                (shape[0], shape[1]) + tuple(inner_out[1:]))
        else:
            outs = [apply_layer(interp, sub, shape, node) for sub in layer.inner]
            layer.out = _merge_bidirectional(layer.args.merge_mode, outs)
    elif layer.kind == "subclass":
        layer.out = trace_call(interp, layer, shape, node)
        layer.traced = True


def apply_layer(interp, layer, shape, node):
    """Build `layer` on `shape` if needed; its output shape."""
    if not layer.built:
        build(interp, layer, shape, node)
        return layer.out
    if layer.kind == "subclass" and not getattr(layer, "traced", False):
        # built without a call (`self.built = True` in __init__): Keras still runs call()
        layer.out = trace_call(interp, layer, shape, node, run_build=False)
        layer.traced = True
        return layer.out
    check_built_input(interp, layer, shape, node)
    if layer.kind == "layer":
        return _layer_out(interp, layer, shape, node)
    if layer.kind == "functional" and isinstance(layer.out, list):
        return layer.out[0] if len(layer.out) == 1 else None
    return layer.out


def _same_shape(a, b):
    """Whether two input shapes are the same but for the batch size."""
    a, b = (x[0] if isinstance(x, list) and len(x) == 1 else x for x in (a, b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_shape(x, y) for x, y in zip(a, b))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(
            type(x) is type(y) and x == y for x, y in zip(a[1:], b[1:]))
    return False


def check_built_input(interp, layer, shape, node):
    """A built layer called again (shared) on `shape`: Keras's InputSpec raises where the
    size the weights were made for changed; elsewhere, a layer whose weights would differ
    on this shape is not counted exactly (Keras may refuse it at run time)."""
    if _same_shape(layer.build_shape, shape):
        return
    why = _input_mismatch(layer, shape)
    if why is True and node is not None:
        raise _user_raise(interp.line_of(node), "ValueError")
    if why:
        layer.taints.append(interp.missing(
            f"{layer.type_name} built for input {_fmt(layer.build_shape)} is called on "
            f"{_fmt(shape)}{'' if why is True else f' ({why})'}", node,
            line=None if node is not None else layer.line))


def _fmt(shape):
    return "a shape not known" if shape is None else str(shape)


def _input_mismatch(layer, shape):
    """True where Keras raises; a reason where the count may not hold; None where fine."""
    if layer.kind != "layer":
        return "its weights may not fit"
    built, a = layer.build_shape, layer.args
    spec_of = layer.spec.input_spec
    if spec_of is not None and isinstance(built, tuple) and isinstance(shape, tuple):
        try:
            ndim, axis = spec_of(a, built)
            want = built[axis]
        except (UnknownBranch, TypeError, IndexError):
            return "its input spec is not known"
        if ndim is not None and len(shape) != ndim:
            return True
        if isinstance(want, int) and isinstance(axis, int):
            if not -len(shape) <= axis < len(shape):
                return True  # below min_ndim
            got = shape[axis]
            if isinstance(got, int) and got != want:
                return True
    if layer.spec.weights is None:
        return None
    try:
        again = layer.spec.weights(a, shape)
    except Exception:  # noqa: BLE001 - any failure: the weights are not known to fit
        return "its weights may not fit"
    have = {k: w.numel for k, w in layer.weights.items()}
    if set(again) != set(have) or any(
            not isinstance(again[k], int) or isinstance(again[k], bool) or
            not isinstance(have[k], int) or again[k] != have[k] for k in have):
        return "its weights do not fit"
    return None


def _user_raise(line, kind):
    return UserRaise(line, kind)


def _layer_out(interp, layer, shape, node):
    if layer.spec.name == "keras.layers.Lambda":
        return _lambda_out(interp, layer, shape, node)
    return _spec_out(layer, shape)


def _lambda_out(interp, layer, shape, node):
    """Lambda.compute_output_shape: output_shape= as given (a callable gets the input
    shape, a tuple gets the batch size put first), else the function run on a tensor."""
    given, fn = layer.args.output_shape, layer.args.function
    first = shape[0] if isinstance(shape, list) and shape else shape
    try:
        if given is None:
            x = [KerasTensor(s) for s in shape] if isinstance(shape, list) else KerasTensor(shape)
            extra = layer.args.arguments
            out = interp.call(fn, [x], dict(extra) if isinstance(extra, dict) else {}, node)
            if isinstance(out, KerasTensor):
                return out.shape
            if isinstance(out, (list, tuple)) and all(isinstance(t, KerasTensor) for t in out):
                return [t.shape for t in out]
            return None
        if isinstance(given, tuple) and isinstance(first, tuple) and first:
            return (first[0],) + given
        if not isinstance(given, (list, tuple, Unknown)) and given is not None:
            out = interp.call(given, [shape], {}, node)
            return tuple(out) if isinstance(out, (list, tuple)) and all(
                d is None or isinstance(d, int) for d in out) else None
    except _user_errors():
        return None
    return None


def _spec_out(layer, shape):
    if layer.spec.out_shape is None:
        return None
    try:
        out = layer.spec.out_shape(layer.args, shape)
    except (UnknownBranch, TypeError, ValueError, ArithmeticError, IndexError, KeyError):
        return None
    if isinstance(out, tuple):
        return tuple(None if isinstance(d, Unknown) else d for d in out)
    return out


def _merge_bidirectional(mode, outs):
    """Keras 3's Bidirectional.compute_output_shape: the forward layer's output shape,
    its last size doubled for concat, whatever a distinct backward_layer gives."""
    if any(o is None for o in outs) or not isinstance(outs[0], tuple):
        return None
    if mode == "concat":
        a = outs[0]
        return tuple(a[:-1]) + (None if a[-1] is None else a[-1] * 2,)
    if mode in ("sum", "mul", "ave"):
        return outs[0]
    return None


def trace_call(interp, layer, shape, node, run_build=True):
    """Build a subclassed layer/model: its build(), then call() on a symbolic input.
    Keras marks the layer built after its build() and after each call, whatever these
    set `self.built` to."""
    cls = layer.cls
    build_fn = cls.lookup("build") if cls is not None else None
    if run_build and build_fn is not None and isinstance(build_fn[0], Function):
        try:
            interp.call_function(build_fn[0], [shape], {}, node, receiver=layer)
        except _user_errors():
            layer.taints.append(interp.missing(f"{layer.type_name}.build() raised", node))
    layer.built = True
    try:
        return _trace_call_only(interp, layer, shape, node)
    finally:
        layer.built = True


def _trace_call_only(interp, layer, shape, node):
    cls = layer.cls
    call_fn = cls.lookup("call") if cls is not None else None
    if call_fn is None or not isinstance(call_fn[0], Function):
        return None
    x = KerasTensor(shape) if not isinstance(shape, list) else [KerasTensor(s) for s in shape]
    try:
        out = interp.call_function(call_fn[0], [x], {}, node, receiver=layer)
    except _user_errors():
        layer.taints.append(interp.missing(f"{layer.type_name}.call() raised", node))
        return None
    if isinstance(out, KerasTensor):
        return out.shape
    if isinstance(out, (tuple, list)) and out and all(isinstance(t, KerasTensor) for t in out):
        return [t.shape for t in out]  # several outputs: the call gives one tensor each
    return None


def _user_errors():
    return (UserRaise,)


def seq_add(interp, m, item, node):
    if isinstance(item, KerasTensor) and item.layer is None:
        inp = KerasLayer("input", "InputLayer")
        inp.declared_shape = item.shape
        m.seq_layers.append(inp)
    elif isinstance(item, KerasLayer):
        if m.built:
            item.nodes.append(None)
            m.out = apply_layer(interp, item, m.out, node)
        m.seq_layers.append(item)
        if not m.built and len(m.seq_layers) > 1:
            ensure_built(interp, m, node)  # Keras builds once the input shape is known
    else:
        reason = item.reason if isinstance(item, Unknown) else "not a layer"
        m.taints.append(interp.missing(f"Sequential item not known ({reason})", node))


def sequential_input_shape(m):
    first = m.seq_layers[0] if m.seq_layers else None
    if first is None:
        return None
    if first.kind == "functional":
        # Keras builds a Sequential on the `input_shape` of a model put first in it
        shapes = [t.shape for t in first.inputs]
        return shapes[0] if len(shapes) == 1 else None
    if first.kind == "sequential" and first.built:
        return first.build_shape
    return first.declared_shape


def _keras_layer_count(m):
    """len(Sequential._layers): Keras builds a Sequential only once it holds more than
    one, counting the InputLayer it adds before a first layer given input_shape=."""
    first = m.seq_layers[0] if m.seq_layers else None
    implicit = first is not None and first.kind != "input" and first.declared_shape is not None
    return len(m.seq_layers) + implicit


def ensure_built(interp, m, node=None):
    """Build a model whose input shape is known; True when it has its weights."""
    if m.built:
        return True
    if m.kind == "sequential":
        shape = sequential_input_shape(m)
        if shape is not None and _keras_layer_count(m) > 1:
            build(interp, m, shape, node)
            return True
        return False
    if m.kind == "layer" and m.declared_shape is not None:
        build(interp, m, m.declared_shape, node)
        return True
    return False


# --------------------------------------------------------------------- call
def call_layer(interp, layer, args, kwargs, node):
    out = _call_layer(interp, layer, args, kwargs, node)
    layer.nodes.append((args[0] if args else kwargs.get("inputs"), out))
    return out


def _call_layer(interp, layer, args, kwargs, node):
    args = [_symbolic(a) for a in args]
    kwargs = {k: _symbolic(v) for k, v in kwargs.items()}
    inputs = args[0] if args else kwargs.get("inputs")
    if layer.spec is not None and layer.spec.name in _MULTI_TENSOR and len(args) > 1:
        inputs = list(args)
        if "key" in kwargs:
            inputs.append(kwargs["key"])
    elif layer.spec is not None and layer.spec.name in _MULTI_TENSOR and (
            "value" in kwargs or "query" in kwargs):
        inputs = [v for v in (kwargs.get("query", inputs), kwargs.get("value"),
                              kwargs.get("key")) if v is not None]
    # Keras links a call to every tensor it receives (initial_state=, mask=, ...),
    # so all of them are the graph parents, not only the main input.
    tensors = list({id(t): t for t in tensors_in([args, kwargs])}.values())
    if not _all_tensors(inputs):
        layer.taints.append(interp.missing(
            f"{layer.type_name} is called on a value nnlint cannot follow", node))
    if isinstance(inputs, (list, tuple)):
        shape = [t.shape if isinstance(t, KerasTensor) else None for t in inputs]
        if layer.kind != "layer" or (layer.spec and layer.spec.name not in _MULTI_TENSOR
                                     and layer.spec.name not in _MERGES):
            shape = shape if len(shape) != 1 else shape[0]
    elif isinstance(inputs, KerasTensor):
        shape = inputs.shape
    else:
        shape = None
    if layer.kind == "subclass":
        if not layer.built:
            layer.built = True
            layer.build_shape = shape
            layer.out = trace_call(interp, layer, shape, node)
        elif not getattr(layer, "traced", False):
            # built already (by build(), or `self.built = True`): Keras only runs call()
            if layer.build_shape is None:
                layer.build_shape = shape
            layer.out = trace_call(interp, layer, shape, node, run_build=False)
        else:
            check_built_input(interp, layer, shape, node)
        layer.traced = True
        out = layer.out
    elif layer.kind == "functional":
        out = layer.out[0] if isinstance(layer.out, list) and len(layer.out) == 1 else None
        if isinstance(layer.out, list) and len(layer.out) > 1:
            return [KerasTensor(s, layer, tensors) for s in layer.out]
    else:
        out = apply_layer(interp, layer, shape, node)
    if isinstance(out, list):
        return [KerasTensor(s, layer, tensors) for s in out]
    return KerasTensor(out, layer, tensors)


def _symbolic(value):
    """A concrete array (numpy, torch) passed to a layer acts as an input of its shape."""
    from nnlint.torch_rt import Tensor
    if isinstance(value, Tensor) and value.shape is not None:
        return KerasTensor(value.shape)
    if isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) for v in value):
        return type(value)(_symbolic(v) for v in value)
    return value


_MERGE_FUNCTIONS = {f"keras.layers.{n.lower()}": f"keras.layers.{n}" for n in (
    "Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot")}
_MULTI_TENSOR = {"keras.layers.MultiHeadAttention", "keras.layers.GroupQueryAttention",
                 "keras.layers.Attention",
                 "keras.layers.AdditiveAttention"}
_MERGES = {"keras.layers.Add", "keras.layers.Concatenate", "keras.layers.Subtract",
           "keras.layers.Multiply", "keras.layers.Average", "keras.layers.Maximum",
           "keras.layers.Minimum", "keras.layers.Dot"}


def _call_builtin(interp, m, args, kwargs, node):
    return call_layer(interp, m, args, kwargs, node)


def op_on_tensors(q, args, kwargs, tensors):
    """keras.ops / tf functions on symbolic tensors: shape where simple, graph kept."""
    name = q.rsplit(".", 1)[-1]
    shape = None
    if name in ("relu", "sigmoid", "tanh", "softmax", "gelu", "silu", "abs", "exp",
                "square", "sqrt", "negative", "cast", "stop_gradient", "identity"):
        shape = tensors[0].shape
    return KerasTensor(shape, None, tensors)


def derived_tensor(t, shape):
    return KerasTensor(shape, None, [t])


# -------------------------------------------------------------- attributes
def layer_setattr(interp, m, name, value, node):
    if name == "trainable":
        if isinstance(value, bool):
            set_trainable(m, value)
        else:
            m.taints.append(interp.missing("trainable set to a value not known", node))
            set_trainable(m, None)  # the trainable split is no longer known
        return
    if name == "built" and m.kind == "subclass":
        # Keras calls build() only while `built` is false (set after build() and each call)
        if isinstance(value, bool):
            m.built = value
            m.built_by_code = True
            m.attrs.pop("built", None)
            return
        m.taints.append(interp.taint("self.built set to a value not known", node))
    if isinstance(value, Unknown) and not value.inert and m.kind == "subclass":
        m.taints.append(interp.missing(
            f"self.{name} is a value nnlint cannot resolve ({value.reason}); "
            "if it is a layer, its weights are missing", node))
    if isinstance(value, Weight):
        m.weights[name] = value
        return
    m.attrs[name] = value


def set_trainable(layer, value, seen=None):
    """Keras 3's `trainable` setter: the layer, its trainable variables, and every sublayer."""
    seen = set() if seen is None else seen
    if id(layer) in seen:
        return
    seen.add(id(layer))
    layer.trainable = value
    for w in layer.weights.values():
        if w.kind_trainable:
            w.trainable = value
    for sub in layer.sublayers():
        set_trainable(sub, value, seen)


def layer_getattr(interp, m, name, node):
    if name in m.attrs:
        return m.attrs[name]
    if name in m.weights:
        return m.weights[name]
    if name == "build" and m.kind == "subclass":
        # model.build(shape) runs the class's own build() and then traces call(), as the
        # first call would (Keras 3 alone would leave the sublayers without weights)
        return Builtin("Layer.build", _m_build, m)
    if m.cls is not None:
        from nnlint.attributes import class_attribute
        value = class_attribute(interp, m.cls, name, m, node)
        if not isinstance(value, Missing) and not isinstance(value, Unknown):
            return value
    fn = _METHODS.get(name)
    if fn is not None:
        return Builtin(f"Layer.{name}", fn, m)
    if name == "trainable":
        return m.trainable
    if name == "layers":
        return list(model_layers(m))
    if name == "built":
        return m.built
    if name == "name":
        return m.name if m.name else interp.unknown("layer name", node)
    if name in ("output_shape",):
        return m.out if m.out is not None else interp.unknown("output shape", node)
    if name == "output" and m.kind == "functional":
        return m.outputs[0] if len(m.outputs) == 1 else list(m.outputs)
    if name == "input" and m.kind == "functional":
        return m.inputs[0] if len(m.inputs) == 1 else list(m.inputs)
    if name in ("inputs", "outputs") and m.kind == "functional":
        return list(m.inputs if name == "inputs" else m.outputs)
    if name in ("input", "output") and m.kind != "functional":
        # a layer called once: the tensors of that call (Keras refuses several calls)
        if len(m.nodes) == 1 and m.nodes[0] is not None:
            value = m.nodes[0][0 if name == "input" else 1]
            if _all_tensors(value):
                return value
        return interp.unknown(f"{m.type_name}.{name} (called {len(m.nodes)} times, "
                              "or not on tensors nnlint follows)", node)
    if m.args is not None:
        v = m.args.get(name, _NO)
        if v is not _NO:
            return v
    return Missing(f"attribute {name} of {m.type_name}", interp.line_of(node), m)


_NO = object()


def _m_add(interp, args, kwargs, node, m):
    if m.kind != "sequential":
        return interp.unknown("add() on a non-Sequential", node)
    seq_add(interp, m, args[0] if args else None, node)
    return None


def _m_build(interp, args, kwargs, node, m):
    shape = args[0] if args else kwargs.get("input_shape")
    if m.cls is not None:
        own = m.cls.lookup("build")
        if own is not None and isinstance(own[0], Function):
            if m.built and getattr(m, "built_by_code", False):
                # Keras runs an explicit build() even on a built layer: not modelled
                m.taints.append(interp.taint(f"build() of {m.type_name}, which the code "
                                             "marked built, is not modelled", node))
            if not m.built:
                m.built = True
                m.build_shape = _shape_tuple(shape)
                m.out = trace_call(interp, m, _shape_tuple(shape), node)
                m.traced = True
            return None
    t = _shape_tuple(shape)
    if t is None and not isinstance(shape, list):
        m.taints.append(interp.missing("build() with a shape not known", node))
    if m.kind == "subclass":
        if not m.built:
            m.built = True
            m.build_shape = t
            m.out = trace_call(interp, m, t, node)
            m.traced = True
        return None
    build(interp, m, t, node)
    return None


def _m_none(interp, args, kwargs, node, m):
    return None


def _m_unknown(interp, args, kwargs, node, m):
    return interp.unknown("model method result", node)


# fit / evaluate / predict: where their data arguments are (x, batch_size, validation_split)
_DATA_METHODS = {"fit": (0, 2, 6), "evaluate": (0, 2, None), "predict": (0, 1, None),
                 "train_on_batch": (0, None, None), "test_on_batch": (0, None, None),
                 "predict_on_batch": (0, None, None)}


def _m_data(method):
    """model.fit(x, ...) and its kin. On a model whose weights are not made yet, Keras first
    calls the model on the first batch of `x` (Trainer._symbolic_build), which builds it:
    nnlint does the same where x is an array whose shape is a fact of the file
    (np.random.random((50000, 128))). The first batch holds min(batch_size, samples) rows,
    batch_size 32 by default, after validation_split takes its share."""

    def run(interp, args, kwargs, node, m):
        if not m.built and m.kind in ("subclass", "sequential"):
            shape = _first_batch(method, args, kwargs)
            if shape is not None:
                _call_layer(interp, m, [KerasTensor(shape)], {}, node)
        return interp.unknown(f"{method}() result", node)

    return run


def _first_batch(method, args, kwargs):
    """The shape of the first batch `method` feeds the model, or None where not known."""
    import math

    from nnlint.torch_rt import Tensor
    at_x, at_batch, at_split = _DATA_METHODS[method]

    def arg(at, name, default):
        if at is not None and len(args) > at:
            return args[at]
        return kwargs.get(name, default)

    x = arg(at_x, "x", None)
    shape = x.shape if isinstance(x, (Tensor, KerasTensor)) else None
    if not isinstance(shape, tuple) or not shape or not all(
            isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in shape):
        return None
    rows = shape[0]
    if at_batch is None:
        return shape  # one batch: all of x
    batch = arg(at_batch, "batch_size", None)
    split = arg(at_split, "validation_split", 0.0) if at_split is not None else 0.0
    if batch is None:
        batch = 32
    if not (isinstance(batch, int) and not isinstance(batch, bool) and batch > 0) or \
            not (isinstance(split, (int, float)) and not isinstance(split, bool)
                 and 0 <= split < 1):
        return None
    if split:
        rows = int(math.floor(rows * (1.0 - split)))
        if rows in (0, shape[0]):
            return None  # Keras refuses such a split
    return (min(batch, rows),) + shape[1:]


def _m_add_weight(interp, args, kwargs, node, m):
    shape = args[0] if args else kwargs.get("shape")
    if isinstance(args[0] if args else None, str):  # Keras 2 style: add_weight(name, shape)
        shape = args[1] if len(args) > 1 else kwargs.get("shape")
    trainable = kwargs.get("trainable", True)
    if shape is None:
        shape = ()
    shape = _shape_tuple(shape) if not isinstance(shape, int) else (shape,)
    if shape is None or any(d is None for d in shape):
        numel = Unknown("add_weight() shape not known", interp.line_of(node))
    else:
        numel = 1
        for d in shape:
            numel *= d
    if not isinstance(trainable, bool):
        m.taints.append(interp.missing("add_weight(trainable=...) not known", node))
        trainable = True
    w = Weight(numel, trainable and m.trainable,
               kwargs.get("name") if isinstance(kwargs.get("name"), str)
               else f"w{len(m.weights)}", kind_trainable=trainable,
               shape=None if isinstance(numel, Unknown) else shape)
    m.weights[f"\0{len(m.weights)}"] = w
    return w


def _m_get_layer(interp, args, kwargs, node, m):
    name = args[0] if args else kwargs.get("name")
    index = kwargs.get("index")
    layers = model_layers(m)
    if isinstance(index, int):
        return layers[index] if -len(layers) <= index < len(layers) else interp.unknown(
            "get_layer index", node)
    for layer in layers:
        if layer.name == name:
            return layer
    return interp.unknown(f"get_layer({name!r})", node)


def _m_pop(interp, args, kwargs, node, m):
    if m.kind == "sequential" and m.seq_layers and m.seq_layers[-1].kind != "input" \
            and not args and not kwargs:
        layer = m.seq_layers.pop()
        if m.built:  # Keras rebuilds: the output is the new last layer's
            cur = m.build_shape
            for sub in m.seq_layers:
                cur = sub.declared_shape if sub.kind == "input" else apply_layer(
                    interp, sub, cur, node)
            m.out = cur
        return layer
    return interp.unknown("pop()", node)


def _m_call(interp, args, kwargs, node, m):
    return call_layer(interp, m, args, kwargs, node)


def _m_neutral(interp, args, kwargs, node, m):
    """Evaluating or predicting with a built model, or a Keras 2 *_generator method
    (gone in Keras 3: it raises there): parameters unchanged."""
    return Unknown(f"{m.type_name} result", interp.line_of(node), inert=True)


_METHODS = {
    "add": _m_add, "build": _m_build, "compile": _m_none, "summary": _m_none,
    **{name: _m_data(name) for name in _DATA_METHODS},
    "fit_generator": _m_neutral, "evaluate_generator": _m_neutral,
    "predict_generator": _m_neutral, "predict_classes": _m_neutral,
    "predict_proba": _m_neutral,
    "count_params": _m_unknown, "save": _m_none, "save_weights": _m_none,
    "load_weights": _m_none, "get_config": _m_unknown, "add_weight": _m_add_weight,
    "get_layer": _m_get_layer, "pop": _m_pop, "__call__": _m_call,
    "add_loss": _m_none, "add_metric": _m_none, "get_weights": _m_unknown,
    "set_weights": _m_none, "to_json": _m_unknown,
}


def tensor_getattr(interp, t, name, node):
    if name == "shape":
        return t.shape if t.shape is not None else interp.unknown("tensor shape", node)
    if name == "dtype":
        return interp.unknown("dtype", node)
    return Builtin(f"KerasTensor.{name}",
                   lambda i, a, k, n, recv: KerasTensor(None, None, [recv]), t)


def tensor_getitem(interp, t, key, node):
    from nnlint.tensor_ops import tensor_index
    from nnlint.torch_rt import Tensor
    shaped = tensor_index(interp, Tensor(t.shape), key, node)
    return KerasTensor(shaped.shape, None, [t])


def tensor_binop(interp, op, left, right, node):
    from nnlint.tensor_ops import broadcast
    tensors = tensors_in([left, right])
    shapes = [v.shape if isinstance(v, (KerasTensor, Weight)) else
              () if isinstance(v, (int, float)) else None for v in (left, right)]
    shape = None
    a, b = shapes
    if a is None or b is None:
        shape = None
    elif op is operator.matmul:
        if len(a) >= 2 and len(b) >= 2:
            batch = broadcast(tuple(a[:-2]), tuple(b[:-2]))
            shape = None if batch is None else batch + (a[-2], b[-1])
    else:
        try:
            shape = broadcast(a, b)
        except TypeError:
            shape = None
    return KerasTensor(shape, None, tensors)
