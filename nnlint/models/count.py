"""Counting: from a built model object to a `ModelReport`.

Parameters are counted by identity, so a tied or shared tensor counts once, as
``model.parameters()`` (torch) and ``model.weights`` (Keras) do. Any unknown
size makes the report inexact, its total a lower bound, with a note saying why;
so does a layer whose arguments the framework refuses (`LayerSpec.refuses`):
no such model exists. ``criterion = nn.CrossEntropyLoss()`` is not a model.
"""

from __future__ import annotations

from nnlint.catalog.spec import RAISES_HERE
from nnlint.interpreter.values import Unknown
from nnlint.report import Diagnostic


class Tally:
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


def totals(tally, notes):
    """(total, trainable, non-trainable): true lower bounds while every note says that
    what was not known can only leave parameters out; null where something not followed
    may have removed, replaced, shrunk or frozen what was counted."""
    if all(n.bound for n in notes):
        return (tally.total, *tally.split())
    return None, None, None


def shape_json(shape):
    if isinstance(shape, list) and len(shape) == 1:  # a nested model's one output
        shape = shape[0]
    if not isinstance(shape, tuple):
        return None
    return tuple(d if isinstance(d, int) and not isinstance(d, bool) else None for d in shape)


def detail(layer, weights):
    """Arguments and weights of a catalog layer (None for other modules), for hovers."""
    args = getattr(layer, "args", None)
    if getattr(layer, "spec", None) is None or args is None:
        return None
    bound = tuple((k, _arg_text(v)) for k, v in vars(args).items() if not k.startswith("_"))
    return {"args": bound,
            "weights": tuple((k, _int_or_none(w.numel), shape_json(getattr(w, "shape", None)))
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


def unknown_notes(tally, line):
    """One note per unknown size; where the framework refuses the arguments (a catalog
    formula raised `Refused`, a negative size), the reason says so by itself."""
    return [note("NNL101", u.reason if "the framework raises" in u.reason
                  else f"size not known: {u.reason}", u.line or line)
            for u in tally.unknown]


def refusal(layer):
    """A note when the framework's constructor refuses the layer's arguments
    (`LayerSpec.refuses`): no such model can exist, so no count is exact."""
    spec, args = getattr(layer, "spec", None), getattr(layer, "args", None)
    if spec is None or args is None:
        return []
    why = spec.refusal(args)
    if why is None:
        return []
    return [note("NNL101", f"{spec.short_name}: {why} {RAISES_HERE}", layer.line)]


def overrides(obj, names):
    from nnlint.interpreter.objects import ClassValue
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


def dedupe(notes):
    seen, out = set(), []
    for n in notes:
        key = (n.code, n.line, n.message)
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out
