"""Keras layers built on input shapes and called on tensors.

A layer has no weights until it is built: at its first call on a tensor, when a
Sequential learns its input shape, or by `model.build(shape)` (`build`, `ensure_built`);
a call traces the output shape through the catalogue's shape functions or the layer's
own `call()`.
"""

from __future__ import annotations

import threading

from nnlint.frameworks.keras import macs as keras_macs
from nnlint.frameworks.keras.runtime import (
    KerasLayer,
    KerasTensor,
    Weight,
    all_tensors,
    op_tensor,
    spectral_vector_size,
    tensors_in,
)
from nnlint.interpreter.objects import Function
from nnlint.interpreter.values import Unknown, UnknownBranch, UserRaise


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
    record = CallRecord(interp.fork_depth)
    recording(interp).append(record)
    _ESCAPES.records = getattr(_ESCAPES, "records", []) + [record]
    out = None
    try:
        out = interp.call_function(call_fn[0], [x], {}, node, receiver=layer)
    except _user_errors():
        layer.taints.append(interp.missing(f"{layer.type_name}.call() raised", node))
        return None
    finally:
        recording(interp).pop()
        _ESCAPES.records = _ESCAPES.records[:-1]
        layer.macs_calls = record.calls
        # what call() returns is not known: something nnlint did not follow made it
        layer.macs_partial = record.partial or not all_tensors(out)
    if isinstance(out, KerasTensor):
        return out.shape
    if isinstance(out, (tuple, list)) and out and all(isinstance(t, KerasTensor) for t in out):
        return [t.shape for t in out]  # several outputs: the call gives one tensor each
    return None


class CallRecord:
    """The layer calls one trace of a subclassed layer's call() makes (for its MACs):
    `partial` when some happened in code that may not run (inside a fork) or an
    operation on tensors that may multiply was met."""

    __slots__ = ("calls", "partial", "fork_depth")

    def __init__(self, fork_depth):
        self.calls = []
        self.partial = False
        self.fork_depth = fork_depth


def recording(interp):
    """The stack of the call() traces under way (innermost last)."""
    if not hasattr(interp, "keras_call_records"):
        interp.keras_call_records = []
    return interp.keras_call_records


def _record(interp, layer, shape, out):
    records = recording(interp)
    if not records:
        return
    record = records[-1]
    if interp.fork_depth != record.fork_depth:
        record.partial = True
        return
    outs = out if isinstance(out, list) else [out]
    record.calls.append((layer, shape, outs[0].shape if outs and isinstance(
        outs[0], KerasTensor) else None))


# the call() traces under way in this thread, for a tensor handed to code nnlint does not
# follow (tf.matmul(x, y)): it may multiply, and no interpreter is at hand there
_ESCAPES = threading.local()


def tensor_escaped():
    records = getattr(_ESCAPES, "records", None)
    if records:
        records[-1].partial = True


def note_operation(interp, name):
    """A keras.ops function or tensor arithmetic inside a traced call(): MACs nnlint does
    not count unless it is one of the elementwise ones."""
    records = recording(interp)
    if records and name not in keras_macs.ZERO_OPS:
        records[-1].partial = True




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
    out = call_layer_unrecorded(interp, layer, args, kwargs, node)
    layer.nodes.append((args[0] if args else kwargs.get("inputs"), out))
    _, shape, _ = _call_input(layer, [_symbolic(a) for a in args],
                              {k: _symbolic(v) for k, v in kwargs.items()})
    call = object()  # two calls of a layer on one tensor are two calls
    for t in out if isinstance(out, list) else [out]:
        if isinstance(t, KerasTensor):
            t.call_shape, t.call = shape, call
    _record(interp, layer, shape, out)
    return out


def _call_input(layer, args, kwargs):
    """What a call gives the layer: its inputs, their shape(s), and every tensor it gets."""
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
    if isinstance(inputs, (list, tuple)):
        shape = [t.shape if isinstance(t, KerasTensor) else None for t in inputs]
        if layer.kind != "layer" or (layer.spec and layer.spec.name not in _MULTI_TENSOR
                                     and layer.spec.name not in _MERGES):
            shape = shape if len(shape) != 1 else shape[0]
    elif isinstance(inputs, KerasTensor):
        shape = inputs.shape
    else:
        shape = None
    return inputs, shape, tensors


def call_layer_unrecorded(interp, layer, args, kwargs, node):
    """A call of the layer that its `nodes` do not record (a build that traces call())."""
    args = [_symbolic(a) for a in args]
    kwargs = {k: _symbolic(v) for k, v in kwargs.items()}
    inputs, shape, tensors = _call_input(layer, args, kwargs)
    if not all_tensors(inputs):
        layer.taints.append(interp.missing(
            f"{layer.type_name} is called on a value nnlint cannot follow", node))
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
    from nnlint.frameworks.torch.runtime import Tensor
    if isinstance(value, Tensor) and value.shape is not None:
        return KerasTensor(value.shape)
    if isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) for v in value):
        return type(value)(_symbolic(v) for v in value)
    return value


MERGE_FUNCTIONS = {f"keras.layers.{n.lower()}": f"keras.layers.{n}" for n in (
    "Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot")}
_MULTI_TENSOR = {"keras.layers.MultiHeadAttention", "keras.layers.GroupQueryAttention",
                 "keras.layers.Attention",
                 "keras.layers.AdditiveAttention"}
_MERGES = {"keras.layers.Add", "keras.layers.Concatenate", "keras.layers.Subtract",
           "keras.layers.Multiply", "keras.layers.Average", "keras.layers.Maximum",
           "keras.layers.Minimum", "keras.layers.Dot"}


def call_builtin(interp, m, args, kwargs, node):
    return call_layer(interp, m, args, kwargs, node)


def op_on_tensors(q, args, kwargs, tensors):
    """keras.ops / tf functions on symbolic tensors: shape where simple, graph kept."""
    name = q.rsplit(".", 1)[-1]
    shape = None
    if name in ("relu", "sigmoid", "tanh", "softmax", "gelu", "silu", "abs", "exp",
                "square", "sqrt", "negative", "cast", "stop_gradient", "identity"):
        shape = tensors[0].shape
    return op_tensor(shape, tensors, name)


def derived_tensor(t, shape):
    return op_tensor(shape, [t], "negative")

