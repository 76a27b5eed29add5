"""What a Keras layer or tensor answers: its attributes, its methods (add, build, fit,
add_weight, get_layer, pop, ...), and the arithmetic of symbolic tensors.
"""

from __future__ import annotations

import operator

from nnlint.frameworks.keras.runtime import (
    KerasTensor,
    Weight,
    all_tensors,
    op_tensor,
    model_layers,
    shape_tuple,
    tensors_in,
)
from nnlint.interpreter.objects import Builtin, Function
from nnlint.interpreter.values import Missing, Unknown


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
        from nnlint.interpreter.attributes import class_attribute
        value = class_attribute(interp, m.cls, name, m, node)
        if not isinstance(value, Missing) and not isinstance(value, Unknown):
            return value
    fn = LAYER_METHODS.get(name)
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
            if all_tensors(value):
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
    keras_build.seq_add(interp, m, args[0] if args else None, node)
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
                m.build_shape = shape_tuple(shape)
                m.out = keras_build.trace_call(interp, m, shape_tuple(shape), node)
                m.traced = True
            return None
    t = shape_tuple(shape)
    if t is None and not isinstance(shape, list):
        m.taints.append(interp.missing("build() with a shape not known", node))
    if m.kind == "subclass":
        if not m.built:
            m.built = True
            m.build_shape = t
            m.out = keras_build.trace_call(interp, m, t, node)
            m.traced = True
        return None
    keras_build.build(interp, m, t, node)
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
                keras_build.call_layer_unrecorded(interp, m, [KerasTensor(shape)], {}, node)
        return interp.unknown(f"{method}() result", node)

    return run


def _first_batch(method, args, kwargs):
    """The shape of the first batch `method` feeds the model, or None where not known."""
    import math

    from nnlint.frameworks.torch.runtime import Tensor
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
    shape = shape_tuple(shape) if not isinstance(shape, int) else (shape,)
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
                cur = sub.declared_shape if sub.kind == "input" else keras_build.apply_layer(
                    interp, sub, cur, node)
            m.out = cur
        return layer
    return interp.unknown("pop()", node)


def _m_call(interp, args, kwargs, node, m):
    return keras_build.call_layer(interp, m, args, kwargs, node)


def _m_neutral(interp, args, kwargs, node, m):
    """Evaluating or predicting with a built model, or a Keras 2 *_generator method
    (gone in Keras 3: it raises there): parameters unchanged."""
    return Unknown(f"{m.type_name} result", interp.line_of(node), inert=True)


LAYER_METHODS = {
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
                   lambda i, a, k, n, recv: _method_result(i, name, recv), t)


def _method_result(interp, name, t):
    keras_build.note_operation(interp, name)
    return op_tensor(None, [t], name)


def tensor_getitem(interp, t, key, node):
    from nnlint.frameworks.torch.runtime import Tensor
    from nnlint.frameworks.torch.tensors import tensor_index
    shaped = tensor_index(interp, Tensor(t.shape), key, node)
    return op_tensor(shaped.shape, [t], "getitem")


def tensor_binop(interp, op, left, right, node):
    from nnlint.frameworks.torch.catalog.shapes import broadcast
    tensors = tensors_in([left, right])
    shapes = [v.shape if isinstance(v, (KerasTensor, Weight)) else
              () if isinstance(v, (int, float)) else None for v in (left, right)]
    shape = None
    a, b = shapes
    if a is None or b is None:
        shape = None
    elif op is operator.matmul:
        keras_build.note_operation(interp, "@")
        if len(a) >= 2 and len(b) >= 2:
            batch = broadcast(tuple(a[:-2]), tuple(b[:-2]))
            shape = None if batch is None else batch + (a[-2], b[-1])
    else:
        try:
            shape = broadcast(a, b)
        except TypeError:
            shape = None
    return op_tensor(shape, tensors, _OP_NAMES.get(op))


_OP_NAMES = {operator.add: "+", operator.sub: "-", operator.mul: "*", operator.truediv: "/",
             operator.pow: "**", operator.matmul: "@"}


# imported last: these modules import this one, and their names are read at call time
from nnlint.frameworks.keras import build as keras_build  # noqa: E402
