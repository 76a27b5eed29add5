"""What the language server shows, read from a `FileReport`: inlay hints and hovers.

Pure functions of (report, source text): no analysis of their own, no LSP types.
Lines are 1-based, as in the report.

    7,850                          a layer built on that line
    23,550 (×3)                    built three times there (a loop, a helper)
    101,770 params · budget 2M     the model's line; `+` marks a lower bound

A line of a class that several models build (a block inside a network) shows the
count of the innermost model whose definition holds the line; a line outside every
model (a module-level helper) only when all the models built there agree on it.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Tuple

_OMITTED_ARGS = ("device", "dtype")  # None by default, and never change a count


# ------------------------------------------------------------------ numbers
def count_text(n, exact=True) -> str:
    if n is None:
        return "?"
    return f"{n:,}" + ("" if exact else "+")


def short_count(n: int) -> str:
    """2_000_000 -> "2M", 1_500_000 -> "1.5M", 7_993 -> "7,993": the shortest exact form."""
    for suffix, unit in (("B", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= unit:
            for digits in range(4):
                text = f"{n / unit:.{digits}f}"
                if round(float(text) * unit) == n:
                    return text + suffix
    return f"{n:,}"


def rounded_up(n: int) -> str:
    """A budget a little above n: two significant digits, rounded up (101,770 -> "110K")."""
    if n < 100:
        return str(max(n, 1))
    scale = 10 ** (len(str(n)) - 2)
    top = -(-n // scale) * scale
    return short_count(top)


# ------------------------------------------------------------------ where models are
def extents(text: str) -> Dict[int, int]:
    """first line -> last line of each class, function and statement that may define a
    model (from CPython's parser; {} when the text does not parse)."""
    from nnlint.source.guard import quiet
    try:
        with quiet():
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.stmt)):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
            for line in {first, node.lineno}:
                out[line] = max(out.get(line, 0), node.end_lineno or node.lineno)
    return out


def _span(model, spans) -> Tuple[int, int]:
    return model.line, spans.get(model.line, model.line)


def models_at(report, line: int, spans) -> list:
    """The models built on a line: the innermost model whose definition holds it, or
    every model that has layers there when none does."""
    holding = [m for m in report.models if _span(m, spans)[0] <= line <= _span(m, spans)[1]
               and any(layer.line == line for layer in m.layers)]
    if holding:
        return [min(holding, key=lambda m: _span(m, spans)[1] - _span(m, spans)[0])]
    return [m for m in report.models if any(layer.line == line for layer in m.layers)]


# ------------------------------------------------------------------ inlay hints
def model_label(m) -> str:
    if m.total_params is None:
        label = "params: unknown"
    else:
        label = f"{count_text(m.total_params, m.exact)} params"
        if m.trainable_params is not None and m.trainable_params != m.total_params:
            label += f" · {count_text(m.trainable_params, m.exact)} trainable"
    budget = getattr(m, "budget", None)
    if budget is not None and budget.max_params is not None:
        label += f" · budget {short_count(budget.max_params.value)}"
    if budget is not None and budget.max_trainable_params is not None:
        label += f" · trainable budget {short_count(budget.max_trainable_params.value)}"
    return label


def _group_label(layers) -> Optional[str]:
    known = [layer.params for layer in layers if layer.params is not None]
    exact = len(known) == len(layers) and all(layer.exact for layer in layers)
    if not known:
        return "?"
    total = sum(known)
    if total == 0 and exact:
        return None  # no parameters: nothing worth a hint
    label = count_text(total, exact)
    return label if len(layers) == 1 else f"{label} (×{len(layers)})"


def hints(report, text: str, spans=None) -> List[Tuple[int, str]]:
    """(line, label) of every model line and every line that builds layers."""
    spans = extents(text) if spans is None else spans
    out = {m.line: model_label(m) for m in report.models}
    lines = {layer.line for m in report.models for layer in m.layers} - set(out)
    for line in sorted(lines):
        labels = {_group_label([x for x in m.layers if x.line == line])
                  for m in models_at(report, line, spans)}
        if len(labels) == 1 and None not in labels:
            out[line] = labels.pop()
    out.update(_attribute_hints(report, text, spans, out))
    return sorted(out.items())


def _attribute_hints(report, text, spans, taken) -> Dict[int, str]:
    """`self.layer1 = self._make_layer(...)`: the layers under that attribute, where they
    are built on other lines (a helper, a loop)."""
    out = {}
    for m in report.models:
        if m.kind != "class" or m.framework != "torch":
            continue
        for attr, line in _self_assignments(text, *_span(m, spans)).items():
            under = [x for x in m.layers if x.name == attr or x.name.startswith(attr + ".")]
            if line in taken or not under or all(x.line == line for x in under):
                continue
            label = _group_label(under)
            if label is not None:
                out[line] = label.split(" (×")[0]
    return out


_SELF_ASSIGN = re.compile(r"^\s*self\.([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]*)?=(?!=)")


def _self_assignments(text, first, last) -> Dict[str, int]:
    found = {}
    for number, line in enumerate(text.splitlines()[first - 1:last], first):
        match = _SELF_ASSIGN.match(line)
        if match:
            found.setdefault(match.group(1), number)
    return found


# ------------------------------------------------------------------ hovers
def _weight_text(numel, shape) -> str:
    if shape and all(isinstance(d, int) for d in shape):
        return "*".join(str(d) for d in shape)
    return "?" if not isinstance(numel, int) else str(numel)


def formula(layer) -> str:
    """`Linear(in_features=784, out_features=10, bias=True): 10*784 + 10 = 7,850`"""
    detail = layer.detail
    params = count_text(layer.params, layer.exact)
    if not isinstance(detail, dict):  # none (not a catalog layer), or not readable
        return f"{layer.type}: {params}"
    args = ", ".join(f"{k}={v}" for k, v in detail["args"]
                     if not (k in _OMITTED_ARGS and v == "None"))
    head = f"{layer.type}({args})"
    weights = detail["weights"]
    if not weights:
        return f"{head}: {params}"
    parts = [_weight_text(n, s) for _, n, s in weights]
    summed = sum(n for _, n, _ in weights if isinstance(n, int))
    if len(parts) == 1 and parts[0] == str(layer.params):
        return f"{head}: {params}"
    shared = "" if summed == layer.params else " (weights shared with another layer counted once)"
    return f"{head}: {' + '.join(parts)} = {params}{shared}"


_HOVER_GROUPS = 3  # models (or groups of models that agree) a hover lists
_HOVER_ROWS = 6  # distinct layers a hover lists for one model


def layer_hover(report, line: int, spans) -> Optional[str]:
    """What each model builds on a line; models that build the same are listed together."""
    groups = {}
    for m in models_at(report, line, spans):
        here = [x for x in m.layers if x.line == line]
        texts = [f"{formula(x)}{_shape_text(x)}" for x in here]
        rows = [t + (f"  (×{texts.count(t)})" if texts.count(t) > 1 else "")
                for t in dict.fromkeys(texts)]
        if len(rows) > _HOVER_ROWS:
            rows = rows[:_HOVER_ROWS] + [f"… {len(rows) - _HOVER_ROWS} more"]
        names = ", ".join(x.name for x in here[:4]) + (", …" if len(here) > 4 else "")
        total = f": {_group_label(here) or '0'}" if len(here) > 1 else ""
        body = f"{names}{total}\n```text\n" + "\n".join(rows) + "\n```"
        groups.setdefault(body, []).append(m.name)
    blocks = [f"**{', '.join(names)}**: {body}"
              for body, names in list(groups.items())[:_HOVER_GROUPS]]
    if len(groups) > _HOVER_GROUPS:
        rest = sum(len(n) for n in list(groups.values())[_HOVER_GROUPS:])
        blocks.append(f"… and {rest} more model{'s' if rest > 1 else ''} built here")
    return "\n\n".join(blocks) or None


def _shape_text(layer) -> str:
    shape = layer.output_shape
    if not shape:
        return ""
    return " -> (" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def word_at(text: str, line: int, character: int) -> Optional[str]:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    row = lines[line - 1]
    for match in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", row):
        if match.start() <= character <= match.end():
            return match.group(0)
    return None


def use_hover(report, text: str, line: int, character: int) -> Optional[str]:
    """On a use elsewhere of a model class or a model-building function of this file:
    its total."""
    word = word_at(text, line, character)
    for m in report.models:
        if m.kind in ("class", "function") and m.name == word and m.line != line:
            return f"**{m.name}** ({m.framework} model, line {m.line}): {model_label(m)}"
    return None
