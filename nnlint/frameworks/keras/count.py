"""Counting a Keras model: its weights by identity, as `model.weights` gives them, and its
rows as `model.summary()` prints them (names as Keras gives them, InputLayer rows).
"""

from __future__ import annotations

import re

from nnlint.frameworks.keras import build as keras_build
from nnlint.frameworks.keras import macs as keras_macs
from nnlint.models.count import (
    Tally,
    dedupe,
    detail,
    note,
    overrides,
    refusal,
    shape_json,
    totals,
    unknown_notes,
)
from nnlint.report import LayerReport, ModelReport


def count_keras(interp, name, model, kind, line, column, extra_notes=()):
    notes = list(extra_notes)
    declared = _declared(interp, name, line)
    if declared is not None and not model.built and model.kind == "subclass":
        # a subclassed model with no input shape of its own is built on the declared one
        shapes = [(None,) + tuple(s[1:]) for s in declared.shapes]
        keras_build.build(interp, model, shapes[0] if len(shapes) == 1 else shapes)
    built = keras_build.ensure_built(interp, model)
    if not built:
        notes.append(note("NNL102", f"Keras model {name} is not built: no input shape is "
                           "known (add keras.Input(shape=...) or call build())", line))
        return ModelReport(name, "keras", line, column, kind, None, None, None, False, [],
                           dedupe(notes))
    tally = Tally()
    seen_weights = set()
    visited = set()
    made = []  # the layers Keras names, in the order of the walk

    def take(layer, trainable):
        """Count the weights first seen on `layer` itself; their sum (None: not known)."""
        own = 0
        for w in layer.weights.values():
            if id(w) in seen_weights:
                continue
            seen_weights.add(id(w))
            tally.add(w.numel, None if w.trainable is None or trainable is None
                      else trainable and w.trainable)
            own = own + w.numel if isinstance(w.numel, int) and own is not None else None
        return own

    def walk(layer, trainable, named=True):
        """The parameters first seen in `layer`'s subtree (None if one is not known)."""
        # Keras 3: a model that is not trainable has no trainable weights; below it, each
        # variable's own flag decides (layer.trainable = ... sets the flags of its subtree)
        if id(layer) in visited:
            return 0
        visited.add(id(layer))
        if named:
            made.append(layer)
        for t in layer.taints:
            notes.append(note(t.code, t.message, t.line, t.bound))
        notes.extend(overrides(layer, _KERAS_COUNTING_METHODS))
        notes.extend(refusal(layer))
        own = take(layer, trainable)
        if not layer.built and layer.kind in ("layer", "wrapper", "subclass"):
            if layer.spec is None or layer.spec.weights is not None or layer.kind != "layer":
                notes.append(note("NNL102", f"layer {layer.type_name} is never built, so it "
                                   "has no weights yet", layer.line))
        # a wrapper's own copies (Bidirectional's backward layer) carry names of their own
        for i, sub in enumerate(layer.sublayers()):
            below = walk(sub, trainable, named and not (layer.kind == "wrapper" and i > 0))
            own = None if own is None or below is None else own + below
        return own

    own = take(model, model.trainable)
    visited.add(id(model))
    notes.extend(note(t.code, t.message, t.line, t.bound) for t in model.taints)
    notes.extend(overrides(model, _KERAS_COUNTING_METHODS))
    notes.extend(refusal(model))
    rows = []
    for sub in model.sublayers():  # model.summary(): the model's own layers, one row each
        if id(sub) not in visited:
            rows.append((sub, walk(sub, model.trainable)))
    auto = _keras_names(model, made)
    layers = [LayerReport(auto[id(t)], "InputLayer", t.line or model.line, 0, shape_json(t.shape))
              for t in _functional_inputs(model)]
    if model.weights:  # add_weight() on the model itself
        layers.append(LayerReport(name, "Weights", model.line, own, None, own is not None))
    layers += [LayerReport(sub.name or auto[id(sub)], sub.type_name, sub.line, params,
                           shape_json(sub.out), params is not None,
                           detail=detail(sub, sub.weights)) for sub, params in rows]
    notes.extend(unknown_notes(tally, line))
    exact = not notes
    report = ModelReport(name, "keras", line, column, kind, *totals(tally, notes),
                         exact, layers, dedupe(notes))
    report.keras_name = model.name or _keras_name(_default_model_type(model), {})
    _forward(report, model, [row[0] for row in rows], declared)
    return report


def _declared(interp, name, line):
    """The input declared for the model (`# nnlint: input=...`, config, --input-shape)."""
    input_for = getattr(interp, "input_for", None)
    return input_for(name, line) if input_for is not None else None


def _forward(report, model, row_layers, declared):
    """Input and output shapes and MACs of one forward pass: on the model's own input shape
    with a batch of 1, or on the declared input when it is that shape (but for the batch)."""
    own = _model_inputs(model) or []
    if not own or not all(isinstance(s, tuple) and s for s in own):
        return
    batch = 1
    if declared is not None:
        given = [tuple(s) for s in declared.shapes]
        if len(given) != len(own) or any(
                tuple(g[1:]) != tuple(o[1:]) for g, o in zip(given, own)) or \
                len({g[0] for g in given}) != 1:
            return  # another shape than the model's own: its layers' shapes are not known
        batch = given[0][0]
    elif any(isinstance(s[0], int) for s in own):
        batch = next(s[0] for s in own if isinstance(s[0], int))  # batch_size= on the input
    report.input_shapes = [(batch,) + tuple(s[1:]) for s in own]
    if not report.exact:
        # something not followed may have added, removed or reshaped a layer: the shapes
        # and MACs nnlint would give are not even a lower bound
        return
    out = model.out
    if isinstance(out, list) and len(out) == 1:  # a functional model of one output
        out = out[0]
    report.output_shape = _batched(out, batch)
    cost = keras_macs.model_cost(model)
    report.macs = cost.total * batch
    report.macs_exact = cost.exact and report.exact
    by_id = {id(layer): cost.layers.get(id(layer)) for layer in row_layers}
    for row in report.layers:
        if row.type == "InputLayer":
            row.macs = 0
    rows = [r for r in report.layers if r.type not in ("InputLayer", "Weights")]
    for row, layer in zip(rows, row_layers):
        macs = by_id.get(id(layer))
        row.macs = None if macs is None else macs * batch


def _model_inputs(model):
    if model.kind == "functional":
        return [t.shape for t in model.inputs]
    shape = model.build_shape
    if isinstance(shape, list):
        return shape
    return None if shape is None else [shape]


def _batched(shape, batch):
    if isinstance(shape, list):
        return [_batched(s, batch) for s in shape]
    if isinstance(shape, tuple) and shape and shape[0] is None:
        return (batch,) + tuple(shape[1:])
    return shape


def _functional_inputs(model):
    """The `keras.Input` tensors of a functional model: Keras prints an InputLayer row each."""
    if model.kind != "functional":
        return []
    return [t for t in model.inputs if t.layer is None]


def _keras_names(model, made) -> dict:
    """id(layer or input tensor) -> the name Keras gives it (`dense_1`) in a session that
    builds only this model: names are taken when layers are made, so in source order (a
    nested model's layers, made first, take `dense` before the outer model's `dense_1`)."""
    items = [(t.line, "InputLayer", t) for t in _functional_inputs(model)]
    for layer in made:
        items.extend((t.line, "InputLayer", t) for t in _functional_inputs(layer))
        if layer.kind == "sequential":
            items.extend((x.line or layer.line, "InputLayer", x) for x in layer.seq_layers
                         if x.kind == "input")
        if layer.name is None:
            items.append((layer.line, layer.type_name, layer))
    used, out = {}, {}
    for _line, type_name, item in sorted(items, key=lambda it: it[0]):  # stable
        out[id(item)] = _keras_name(type_name, used)
    return out


def _default_model_type(model) -> str:
    if model.kind in ("sequential", "functional"):
        return model.kind.capitalize()
    return model.type_name


_KERAS_COUNTING_METHODS = ("count_params", "weights", "trainable_weights",
                           "non_trainable_weights", "trainable_variables", "variables",
                           "__setattr__", "__getattr__", "__getattribute__", "__new__")


def _keras_name(type_name, used):
    """Keras' automatic layer names: Conv2D -> conv2d, conv2d_1, ...;
    MaxPooling2D -> max_pooling2d."""
    base = re.sub(r"([a-z])([A-Z])", r"\1_\2", re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", type_name))
    base = base.lower()
    n = used.get(base, 0)
    used[base] = n + 1
    return base if n == 0 else f"{base}_{n}"
