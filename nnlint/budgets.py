"""Parameter budgets: which limit applies to a model, and whether its count keeps to it.

A limit comes from, in this order: a `# nnlint: max-params=...` comment on the
model's line, the first `[tool.nnlint.budgets]` key matching `path::Model`, or
the project-wide `max-params` / `max-trainable-params`.

A count over its limit fails (NNL201 total, NNL202 trainable), also when the
count is only a lower bound: the real count is larger still. A lower bound
within its limit cannot prove anything; with `allow-inexact = false` it fails
as NNL203, otherwise it passes (the model's NNL1xx notes say what is unknown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from nnlint.diagnostics import rule
from nnlint.report import Diagnostic


@dataclass(frozen=True)
class Limit:
    kind: str  # "max-params" | "max-trainable-params"
    value: int
    source: str  # where it was set, for messages

    def as_json(self) -> dict:
        return {"limit": self.value, "source": self.source}


@dataclass(frozen=True)
class Budget:
    max_params: Optional[Limit] = None
    max_trainable_params: Optional[Limit] = None

    def limits(self):
        return [x for x in (self.max_params, self.max_trainable_params) if x is not None]

    def as_json(self) -> dict:
        return {lim.kind.replace("-", "_"): lim.as_json() for lim in self.limits()}


def budget_for(config, path: str, model: str, line: int, directives) -> Optional[Budget]:
    inline = directives.budgets.get(line, {}) if directives is not None else {}
    rel = config.relative(path)
    found = {}
    for kind in ("max-params", "max-trainable-params"):
        attr = kind.replace("-", "_")
        if kind in inline:
            found[attr] = Limit(kind, inline[kind], f"`# nnlint: {kind}=` on line {line}")
            continue
        for entry in config.budgets:
            value = getattr(entry, attr)
            if value is not None and entry.matches(rel, model):
                where = config.relative(config.source) if config.source else "the config"
                found[attr] = Limit(kind, value,
                                    f"[tool.nnlint.budgets] \"{entry.key}\" in {where}")
                break
        else:
            value = getattr(config, attr)
            if value is not None:
                found[attr] = Limit(kind, value, config.origin(attr))
    return Budget(**found) if found else None


def check_model(model, budget: Budget, allow_inexact: bool) -> List[Diagnostic]:
    out = []
    for limit in budget.limits():
        trainable = limit.kind == "max-trainable-params"
        count = model.trainable_params if trainable else model.total_params
        what = "trainable parameters" if trainable else "parameters"
        code = "NNL202" if trainable else "NNL201"
        if count is not None and count > limit.value:
            over = count - limit.value
            has = f"has {count:,}" if model.exact else f"has at least {count:,}"
            out.append(_diag(code, model, (
                f"model {model.name} {has} {what}, over its budget of {limit.value:,} by "
                f"{over:,} ({_percent(over, limit.value)}); budget: {limit.source}")))
        elif not model.exact and not allow_inexact:
            known = "unknown" if count is None else f"at least {count:,}"
            out.append(_diag("NNL203", model, (
                f"model {model.name}: {what} {known}, not exact, so the budget of "
                f"{limit.value:,} cannot be verified (allow-inexact is false); "
                f"budget: {limit.source}")))
    return out


def unmatched_keys(report, config) -> List[Diagnostic]:
    """NNL204 for each `[tool.nnlint.budgets]` key naming this file but none of its models:
    a misspelt model name would otherwise check nothing. Keys without a path, which apply
    to every file, are not judged on one file."""
    if report.skipped or any(d.code in ("NNL001", "NNL002", "NNL003") for d in report.diagnostics):
        return []
    rel = config.relative(report.path)
    out = []
    for entry in config.budgets:
        if entry.names_a_file() and entry.matches_path(rel) and \
                not any(entry.matches(rel, m.name) for m in report.models):
            names = ", ".join(m.name for m in report.models) or "none"
            out.append(Diagnostic("NNL204", 1, 0, (
                f"[tool.nnlint.budgets] \"{entry.key}\" matches no model of this file "
                f"(its models: {names}): the budget checks nothing"),
                rule("NNL204").severity))
    return out


def _percent(over: int, limit: int) -> str:
    if limit == 0:
        return "budget is 0"
    return f"+{100 * over / limit:.1f}%"


def _diag(code, model, message) -> Diagnostic:
    return Diagnostic(code, model.line, model.column, message, rule(code).severity, model.name)


def apply_budgets(report, config, directives) -> None:
    """Attach each model's budget and add NNL2xx diagnostics to the report and the model."""
    report.diagnostics.extend(unmatched_keys(report, config))
    for m in report.models:
        budget = budget_for(config, report.path, m.name, m.line, directives)
        m.budget = budget
        if budget is None:
            continue
        found = check_model(m, budget, config.allow_inexact)
        m.notes.extend(found)
        report.diagnostics.extend(found)

