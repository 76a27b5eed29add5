"""Counting: from a built model object to a `ModelReport`.

Parameters are counted by identity, so a tied or shared tensor counts once, as
``model.parameters()`` (torch) and ``model.weights`` (Keras) do. Any unknown
size makes the report inexact, its total a lower bound, with a note saying why;
so does a layer whose arguments the framework refuses (`LayerSpec.refuses`):
no such model exists. ``criterion = nn.CrossEntropyLoss()`` is not a model.
"""

from __future__ import annotations

import re

from nnlint import keras_build
from nnlint.catalog.spec import RAISES_HERE
from nnlint.report import Diagnostic, LayerReport, ModelReport
from nnlint.values import Unknown


class _Tally:
    def __init__(self):
        self.total = 0
        self.trainable = 0
        self.unknown = []
        self.split_known = True  # False once some parameter's trainability is unknown

    def add(self, numel, trainable):
        if trainable is None:
            self.split_known = False
        if isinstance(numel, Unknown) or not isinstance(numel, int):
            self.unknown.append(numel if isinstance(numel, Unknown) else Unknown("size"))
            return
        if numel < 0:  # nn.Linear(10, -5): the framework raises, there is no count
            self.unknown.append(Unknown("a negative size (the framework raises here)"))
            return
        self.total += numel
        if trainable:
            self.trainable += numel

    def split(self):
        """(trainable, non-trainable), or (None, None) when the split is not known."""
        if not self.split_known:
            return None, None
        return self.trainable, self.total - self.trainable


def note(code, message, line, bound=True):
    return Diagnostic(code, line or 0, 0, message, "info", bound=bound)


def _totals(tally, notes):
    """(total, trainable, non-trainable): true lower bounds while every note says that
    what was not known can only leave parameters out; null where something not followed
    may have removed, replaced, shrunk or frozen what was counted."""
    if all(n.bound for n in notes):
        return (tally.total, *tally.split())
    return None, None, None


def _shape_json(shape):
    if isinstance(shape, list) and len(shape) == 1:  # a nested model's one output
        shape = shape[0]
    if not isinstance(shape, tuple):
        return None
    return tuple(d if isinstance(d, int) and not isinstance(d, bool) else None for d in shape)


def count_torch(name, model, kind, line, column, extra_notes=()):
    tally = _Tally()
    layers = []
    notes = list(extra_notes)
    seen_params = set()
    modules = []
    blocks = {}
    stack = [("", model)]
    visited = set()
    while stack:
        prefix, mod = stack.pop(0)
        if id(mod) in visited:
            continue
        visited.add(id(mod))
        modules.append(mod)
        own = []  # (name, numel or None) of the parameters first seen here
        for pname, p in mod.params.items():
            if p is None or id(p) in seen_params:
                continue
            seen_params.add(id(p))
            tally.add(p.numel, p.requires_grad)
            own.append((pname, p.numel if isinstance(p.numel, int) else None, p.line))
        layers.extend(_torch_rows(name, prefix, mod, own, mod is model))
        children = [(f"{prefix}{k}.", c) for k, c in mod.modules.items() if c is not None]
        if children and prefix:
            blocks[prefix.rstrip(".")] = mod.type_name
        stack[0:0] = children
    for mod in modules:
        for t in mod.taints:
            notes.append(note(t.code, t.message, t.line, t.bound))
        notes.extend(_overrides(mod, _TORCH_COUNTING_METHODS))
        notes.extend(_refusal(mod))
        if mod.lazy_pending:
            notes.append(note("NNL103", f"{mod.type_name} is lazy and never saw an input: "
                               "its parameters do not exist yet", mod.line))
    notes.extend(_unknown_notes(tally, line))
    exact = not notes
    report = ModelReport(name, "torch", line, column, kind, *_totals(tally, notes),
                         exact, layers, _dedupe(notes))
    report.blocks = blocks
    return report


def _torch_rows(name, prefix, mod, own, top):
    """A layer's row with its parameters, or, on a module holding modules (or the model
    itself), one row per parameter registered on it directly (`nn.Parameter`), as
    `named_parameters()` lists them."""
    known = [n for _p, n, _l in own]
    total = None if None in known else sum(known)
    if mod.spec is not None or (own and not top and mod.cls is not None and not mod.modules):
        return [LayerReport(prefix.rstrip(".") or name, mod.type_name, mod.line, total,
                            None, total is not None, detail=_detail(mod, mod.params))]
    return [LayerReport(f"{prefix}{pname}", "Parameter", line or mod.line, numel, None,
                        numel is not None) for pname, numel, line in own]


def count_keras(interp, name, model, kind, line, column, extra_notes=()):
    notes = list(extra_notes)
    built = keras_build.ensure_built(interp, model)
    if not built:
        notes.append(note("NNL102", f"Keras model {name} is not built: no input shape is "
                           "known (add keras.Input(shape=...) or call build())", line))
        return ModelReport(name, "keras", line, column, kind, None, None, None, False, [],
                           _dedupe(notes))
    tally = _Tally()
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
        notes.extend(_overrides(layer, _KERAS_COUNTING_METHODS))
        notes.extend(_refusal(layer))
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
    notes.extend(_overrides(model, _KERAS_COUNTING_METHODS))
    notes.extend(_refusal(model))
    rows = []
    for sub in model.sublayers():  # model.summary(): the model's own layers, one row each
        if id(sub) not in visited:
            rows.append((sub, walk(sub, model.trainable)))
    auto = _keras_names(model, made)
    layers = [LayerReport(auto[id(t)], "InputLayer", t.line or model.line, 0, _shape_json(t.shape))
              for t in _functional_inputs(model)]
    if model.weights:  # add_weight() on the model itself
        layers.append(LayerReport(name, "Weights", model.line, own, None, own is not None))
    layers += [LayerReport(sub.name or auto[id(sub)], sub.type_name, sub.line, params,
                           _shape_json(sub.out), params is not None,
                           detail=_detail(sub, sub.weights)) for sub, params in rows]
    notes.extend(_unknown_notes(tally, line))
    exact = not notes
    report = ModelReport(name, "keras", line, column, kind, *_totals(tally, notes),
                         exact, layers, _dedupe(notes))
    report.keras_name = model.name or _keras_name(_default_model_type(model), {})
    return report


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


def _detail(layer, weights):
    """Arguments and weights of a catalog layer (None for other modules), for hovers."""
    args = getattr(layer, "args", None)
    if getattr(layer, "spec", None) is None or args is None:
        return None
    bound = tuple((k, _arg_text(v)) for k, v in vars(args).items() if not k.startswith("_"))
    return {"args": bound,
            "weights": tuple((k, _int_or_none(w.numel), _shape_json(getattr(w, "shape", None)))
                             for k, w in weights.items() if w is not None)}


def _int_or_none(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _arg_text(value) -> str:
    """An argument as a hover shows it: literals as written, `?` for an unknown value."""
    if isinstance(value, Unknown):
        return "?"
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, (tuple, list)) and len(value) <= 8:
        inner = ", ".join(_arg_text(v) for v in value)
        if isinstance(value, list):
            return f"[{inner}]"
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return "…"


# methods that, overridden by a model class, change what the framework counts or registers
_TORCH_COUNTING_METHODS = ("parameters", "named_parameters", "__setattr__", "__getattr__",
                           "__getattribute__", "register_parameter", "add_module", "__new__")
_KERAS_COUNTING_METHODS = ("count_params", "weights", "trainable_weights",
                           "non_trainable_weights", "trainable_variables", "variables",
                           "__setattr__", "__getattr__", "__getattribute__", "__new__")


def _unknown_notes(tally, line):
    """One note per unknown size; where the framework refuses the arguments (a catalog
    formula raised `Refused`, a negative size), the reason says so by itself."""
    return [note("NNL101", u.reason if "the framework raises" in u.reason
                  else f"size not known: {u.reason}", u.line or line)
            for u in tally.unknown]


def _refusal(layer):
    """A note when the framework's constructor refuses the layer's arguments
    (`LayerSpec.refuses`): no such model can exist, so no count is exact."""
    spec, args = getattr(layer, "spec", None), getattr(layer, "args", None)
    if spec is None or args is None:
        return []
    why = spec.refusal(args)
    if why is None:
        return []
    return [note("NNL101", f"{spec.short_name}: {why} {RAISES_HERE}", layer.line)]


def _overrides(obj, names):
    from nnlint.objects import ClassValue
    cls = getattr(obj, "cls", None)
    if not isinstance(cls, ClassValue):
        return []
    out = []
    for name in names:
        found = cls.lookup(name)
        if found is not None:
            out.append(note("NNL101", f"{found[1].name} overrides {name}, which decides what "
                             "the framework counts", obj.line, bound=False))
    return out


def _keras_name(type_name, used):
    """Keras' automatic layer names: Conv2D -> conv2d, conv2d_1, ...; MaxPooling2D -> max_pooling2d."""
    base = re.sub(r"([a-z])([A-Z])", r"\1_\2", re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", type_name))
    base = base.lower()
    n = used.get(base, 0)
    used[base] = n + 1
    return base if n == 0 else f"{base}_{n}"


def _dedupe(notes):
    seen, out = set(), []
    for n in notes:
        key = (n.code, n.line, n.message)
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out
