"""Counting a torch model: its parameters by identity, as `model.parameters()` gives them,
and one row per module in `named_modules` order.
"""

from __future__ import annotations

from nnlint.models.count import (
    Tally,
    dedupe,
    detail,
    note,
    overrides,
    refusal,
    totals,
    unknown_notes,
)
from nnlint.report import LayerReport, ModelReport


def count_torch(name, model, kind, line, column, extra_notes=(), owners=None):
    """The model's report; `owners`, a list, receives the module of each layer row (None
    for a row of a parameter)."""
    tally = Tally()
    layers = []
    owners = [] if owners is None else owners
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
        rows = _torch_rows(name, prefix, mod, own, mod is model)
        layers.extend(rows)
        owners.extend(mod if row.type != "Parameter" else None for row in rows)
        children = [(f"{prefix}{k}.", c) for k, c in mod.modules.items() if c is not None]
        if children and prefix:
            blocks[prefix.rstrip(".")] = mod.type_name
        stack[0:0] = children
    for mod in modules:
        for t in mod.taints:
            notes.append(note(t.code, t.message, t.line, t.bound))
        notes.extend(overrides(mod, _TORCH_COUNTING_METHODS))
        notes.extend(refusal(mod))
        if mod.lazy_pending:
            notes.append(note("NNL103", f"{mod.type_name} is lazy and never saw an input: "
                               "its parameters do not exist yet", mod.line))
    notes.extend(unknown_notes(tally, line))
    exact = not notes
    report = ModelReport(name, "torch", line, column, kind, *totals(tally, notes),
                         exact, layers, dedupe(notes))
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
                            None, total is not None, detail=detail(mod, mod.params))]
    return [LayerReport(f"{prefix}{pname}", "Parameter", line or mod.line, numel, None,
                        numel is not None) for pname, numel, line in own]


# methods that, overridden by a model class, change what the framework counts or registers
_TORCH_COUNTING_METHODS = ("parameters", "named_parameters", "__setattr__", "__getattr__",
                           "__getattribute__", "register_parameter", "add_module", "__new__")
