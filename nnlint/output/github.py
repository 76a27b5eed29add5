"""`--format github`: GitHub Actions workflow commands, and a step summary.

Each model is one line, as in the concise format. The worst findings (errors first, then
the largest budget overshoots) become
`::error file=…,line=…::` / `::warning …::` annotations, at most
`MAX_PER_LEVEL` per level as GitHub shows no more per step; the rest are printed
as plain lines. When `$GITHUB_STEP_SUMMARY` is set, a Markdown table of every
model (count, budget, status) is appended to it.
"""

from __future__ import annotations

import os

from nnlint.diagnostics import RULES
from nnlint.output.concise import model_lines
from nnlint.output.findings import findings, in_cell, where, worst_first

MAX_PER_LEVEL = 10
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
MAX_SUMMARY_ROWS = 200


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, d) -> str:
    name = RULES[d.code].name if d.code in RULES else d.code
    props = [f"file={escape_property(path)}", f"line={max(d.line, 1)}",
             f"col={d.column + 1}", f"title={escape_property(f'{d.code} {name}')}"]
    return f"::{COMMANDS.get(d.severity, 'warning')} {','.join(props)}::{escape_data(in_cell(d))}"


def render(reports, config=None) -> str:
    out = []
    rest = []
    used = {}
    for report, d in worst_first(findings(reports, config)):
        level = COMMANDS.get(d.severity, "warning")
        if used.get(level, 0) < MAX_PER_LEVEL:
            used[level] = used.get(level, 0) + 1
            out.append(annotation(report.path, d))
        else:
            rest.append(f"{where(report.path, d, column=True)}: {d.code} {d.message}")
    if rest:
        out.append(f"nnlint: {len(rest)} more finding{'s' if len(rest) != 1 else ''} "
                   "(GitHub shows at most 10 annotations of each level per step):")
        out.extend(rest)
    for r in reports:  # one line per model, as the concise format prints it
        out.extend(line for _m, line in model_lines(r, config))
    n = sum(len(r.models) for r in reports)
    out.append(f"nnlint: {n} model{'s' if n != 1 else ''} in {len(reports)} "
               f"file{'s' if len(reports) != 1 else ''}")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ step summary
def _num(n, exact=True) -> str:
    if n is None:
        return "unknown"
    return f"{n:,}" if exact else f"≥ {n:,}"


def _status(m):
    """(rank, text): over budget first, by how much."""
    worst = None
    if m.budget is not None:
        for limit in m.budget.limits():
            count = (m.trainable_params if limit.kind == "max-trainable-params"
                     else m.total_params)
            if count is not None and count > limit.value:
                ratio = (count - limit.value) / max(limit.value, 1)
                text = f"❌ over by {count - limit.value:,} (+{100 * ratio:.1f}%)"
                if limit.kind == "max-trainable-params":
                    text += " trainable"
                if worst is None or ratio > worst[0]:
                    worst = (ratio, text)
    if worst is not None:
        return (0, -worst[0]), worst[1]
    if not m.exact:
        return (1, 0), "⚠️ lower bound" if m.total_params is not None else "⚠️ unknown"
    if m.budget is not None:
        return (2, 0), "✅ within budget"
    return (3, 0), "✅"


def _budget_cell(m) -> str:
    if m.budget is None:
        return "—"
    parts = []
    for limit in m.budget.limits():
        suffix = " trainable" if limit.kind == "max-trainable-params" else ""
        parts.append(f"{limit.value:,}{suffix}")
    return ", ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(reports, config=None) -> str:
    rows = []
    for r in reports:
        for m in r.models:
            rank, status = _status(m)
            rows.append((rank, -(m.total_params or 0), r.path, m.line, [
                f"`{_cell(m.name)}`", f"`{_cell(r.path)}:{m.line}`", m.framework,
                _num(m.total_params, m.exact), _num(m.trainable_params, m.exact),
                _budget_cell(m), status]))
    rows.sort(key=lambda row: row[:4])
    counts = {}
    for _r, d in findings(reports, config):
        counts[d.severity] = counts.get(d.severity, 0) + 1
    found = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in
                      sorted(counts.items(), key=lambda kv: kv[0])) or "no findings"
    lines = ["## nnlint", "",
             f"{len(rows)} model{'s' if len(rows) != 1 else ''} in {len(reports)} "
             f"file{'s' if len(reports) != 1 else ''}; {found}.", ""]
    if rows:
        lines += ["| Model | Where | Framework | Parameters | Trainable | Budget | Status |",
                  "| --- | --- | --- | ---: | ---: | ---: | --- |"]
        for row in rows[:MAX_SUMMARY_ROWS]:
            lines.append("| " + " | ".join(row[4]) + " |")
        if len(rows) > MAX_SUMMARY_ROWS:
            lines += ["", f"… and {len(rows) - MAX_SUMMARY_ROWS} more models."]
    return "\n".join(lines) + "\n"


def write_step_summary(reports, config=None, environ=None) -> bool:
    """Append the Markdown summary to $GITHUB_STEP_SUMMARY when it is set."""
    target = (environ if environ is not None else os.environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(summary(reports, config) + "\n")
    return True
