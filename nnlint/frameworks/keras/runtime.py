"""Keras's object model as nnlint needs it: layers built on input shapes, tensors, models.

A Keras layer has no weights until it is built on an input shape: at its first
call on a tensor, when a Sequential learns its input shape, or by
``model.build(shape)``. nnlint mirrors that: `KerasLayer.built` stays False
until a shape reaches it, and an unbuilt model is never exact.
"""

from __future__ import annotations

from nnlint import catalog
from nnlint.catalog.spec import Args, BindError
from nnlint.interpreter.neutral import KERAS_NEUTRAL
from nnlint.interpreter.objects import ClassValue, External
from nnlint.interpreter.runtime import ModelObject, ParameterObject, TensorObject
from nnlint.interpreter.values import Unknown, UnknownBranch

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

    __slots__ = ("shape", "layer", "inputs", "line", "call_shape", "call", "op")

    def __init__(self, shape, layer=None, inputs=(), line=0):
        self.shape = tuple(shape) if shape is not None else None
        self.call_shape = None  # the input shape(s) of the layer call that made it
        self.call = None  # that call (one object for all its outputs), when recorded
        self.op = None  # the name of the operation that made it, if not a layer
        self.layer = layer
        self.inputs = tuple(inputs)
        self.line = line  # keras.Input(...): where its InputLayer is made (for its name)

    def attribute(self, interp, name, node):
        return keras_attributes.tensor_getattr(interp, self, name, node)

    def item(self, interp, key, node):
        return keras_attributes.tensor_getitem(interp, self, key, node)

    def iterate(self, interp, node):
        return Unknown("iteration over a tensor")

    def binop(self, interp, op, left, right, node):
        return keras_attributes.tensor_binop(interp, op, left, right, node)

    def negate(self):
        return keras_build.derived_tensor(self, self.shape)

    def written(self):  # handed to code nnlint does not follow: it may multiply
        keras_build.tensor_escaped()


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
        return keras_attributes.layer_getattr(interp, self, name, node)

    def set_attribute(self, interp, name, value, node):
        keras_attributes.layer_setattr(interp, self, name, value, node)

    def call(self, interp, args, kwargs, node):
        return keras_build.call_layer(interp, self, args, kwargs, node)

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


def op_tensor(shape, tensors, op):
    """A tensor an operation `op` made from `tensors` (for the MACs of a graph)."""
    t = KerasTensor(shape, None, tensors)
    t.op = op
    return t


def all_tensors(value):
    if isinstance(value, KerasTensor):
        return True
    if isinstance(value, (list, tuple)):
        return bool(value) and all(all_tensors(v) for v in value)
    return False


def shape_tuple(value):
    if isinstance(value, (tuple, list)) and all(
            v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in value):
        return tuple(value)
    return None


def _declared_shape(kwargs):
    """input_shape= / input_dim= / batch_input_shape= / batch_shape= on a layer."""
    if "batch_input_shape" in kwargs or "batch_shape" in kwargs:
        shape = shape_tuple(kwargs.get("batch_input_shape", kwargs.get("batch_shape")))
        return shape
    if "input_shape" in kwargs:
        shape = shape_tuple(kwargs["input_shape"])
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
        from nnlint.frameworks.keras import data as keras_data
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
            from nnlint.interpreter.operations import iterate
            seq = iterate(interp, items, node)
            if isinstance(seq, Unknown):
                m.taints.append(interp.missing(f"Sequential layers not known ({seq.reason})",
                                               node))
            else:
                for item in seq:
                    keras_build.seq_add(interp, m, item, node)
        _name(m, kwargs)
        keras_build.ensure_built(interp, m, node)
        return m
    if q == "keras.Model":
        return make_functional(interp, KerasLayer("functional", "Functional", line=line),
                               args, kwargs, node)
    if q in WRAPPERS:
        return make_wrapper(interp, q, args, kwargs, node)
    if q == "keras.models.clone_model":
        clone = clone_model(args[0] if args else kwargs.get("model"))
        if clone is None or len(args) > 1 or set(kwargs) - {"model"}:
            from nnlint.interpreter.calls import taint_arguments
            taint_arguments(interp, args, kwargs, node, "clone_model()")
            return interp.unknown("clone_model() of a model nnlint cannot copy", node)
        return clone
    if q in keras_build.MERGE_FUNCTIONS:
        # keras.layers.concatenate([a, b], axis=-1) is Concatenate(axis=-1)([a, b])
        options = {k: v for k, v in kwargs.items() if k != "inputs"}
        layer = call_keras(interp, keras_build.MERGE_FUNCTIONS[q], [], options, node)
        inputs = args[0] if args else kwargs.get("inputs")
        if isinstance(layer, KerasLayer):
            return keras_build.call_layer(interp, layer, [inputs], {}, node)
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
        from nnlint.frameworks.keras import ops as keras_ops
        keras_build.note_operation(interp, q.rsplit(".", 1)[-1])
        result = keras_ops.call_op(interp, q, args, kwargs, node)
        if result is not None:
            return result
    tensors = tensors_in(list(args) + list(kwargs.values()))
    if tensors:
        return keras_build.op_on_tensors(q, args, kwargs, tensors)
    from nnlint.interpreter.calls import taint_arguments
    taint_arguments(interp, args, kwargs, node, f"{q}()")
    return interp.unknown(f"{q}()", node)


def _is_keras_tensor(interp, value, node):
    """keras.backend.is_keras_tensor: true for a symbolic tensor, false for plain data and
    arrays; not known for anything else."""
    from nnlint.frameworks.torch.runtime import Tensor
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
        full = shape_tuple(kwargs["batch_shape"])
        return KerasTensor(full, line=line)
    shape = shape_tuple(shape)
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
    from nnlint.interpreter.calls import class_framework, run_init
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
            m.build_shape = shape_tuple(shape) if not isinstance(shape, list) else shape
            return None
        keras_build.build(interp, m, shape_tuple(shape), node)
        return None
    if method == "call":
        return keras_build.call_builtin(interp, m, args, kwargs, node)
    method_fn = keras_attributes.LAYER_METHODS.get(method)
    if method_fn is not None:
        return method_fn(interp, args, kwargs, node, m)
    return interp.unknown(f"{q}.{method}()", node)


# imported last: these modules import this one, and their names are read at call time
from nnlint.frameworks.keras import attributes as keras_attributes  # noqa: E402
from nnlint.frameworks.keras import build as keras_build  # noqa: E402
