"""What the finding-oriented formats (sarif, github, flake8) show, worst first.

Warnings and errors are findings. Info notes (NNL1xx: why a count is not exact)
belong to a model's summary in the text and JSON formats; here they appear only
when selected by code (`extend-select = ["NNL1"]`), as flake8-bugbear's
opinionated B9 checks do.
"""

from __future__ import annotations

from typing import Iterator, Tuple

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def where(path: str, item, column: bool = False) -> str:
    """`path:line[:col]` of a diagnostic, model or layer; `path:cell N:line` in a notebook."""
    cell = getattr(item, "cell", None)
    out = f"{path}:cell {cell}:{item.line}" if cell is not None else f"{path}:{item.line}"
    return f"{out}:{item.column + 1}" if column else out


def in_cell(d) -> str:
    """A message, led by its cell in a notebook (for formats that have lines but no cells)."""
    return f"cell {d.cell}: {d.message}" if getattr(d, "cell", None) is not None else d.message


def once(models):
    """[(model, [other names])]: a model reported under several names (`build`, `build.m`,
    `model = build()`; `same_as` in JSON) is shown once, with its other names."""
    names = {m.name for m in models}
    also = {}
    for m in models:
        if m.same_as in names:
            also.setdefault(m.same_as, []).append(f"{m.name} line {m.line}")
    return [(m, also.get(m.name, [])) for m in models if m.same_as not in names]


def config_of(settings, path):
    if settings is None:
        from nnlint.config import Config
        return Config()
    return settings.for_path(path)


def findings(reports, settings) -> Iterator[Tuple[object, object]]:
    """(FileReport, Diagnostic) pairs to show, in file and line order."""
    for r in reports:
        config = config_of(settings, r.path)
        for d in sorted(r.diagnostics, key=lambda d: (d.line, d.column, d.code)):
            if config.is_finding(d.severity, d.code):
                yield r, d


def overshoot(report, diag) -> float:
    """How far over its budget the model of a NNL201/NNL202 is, as a ratio (else 0)."""
    if diag.code not in ("NNL201", "NNL202") or diag.model is None:
        return 0.0
    for m in report.models:
        if m.name == diag.model and m.budget is not None:
            trainable = diag.code == "NNL202"
            limit = m.budget.max_trainable_params if trainable else m.budget.max_params
            count = m.trainable_params if trainable else m.total_params
            if limit is not None and count is not None:
                return (count - limit.value) / max(limit.value, 1)
    return 0.0


def worst_first(pairs):
    return sorted(pairs, key=lambda rd: (SEVERITY_RANK.get(rd[1].severity, 3),
                                         -overshoot(*rd), rd[0].path, rd[1].line))
