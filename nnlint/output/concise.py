"""`--format concise` (the default): one line per model, findings as `path:line:col: CODE message`.

This is what a check prints (the command, pre-commit, CI): a healthy model is one line,

    models/net.py:12: ResNet 11,689,512 params (44.59 MiB fp32)  budget 25M

and what needs attention follows in the usual shape of linters. The per-layer table is
`nnlint summary` (`--format text`, output/text.py).
"""

from __future__ import annotations

from nnlint.output.findings import config_of, findings, once, where
from nnlint.output.text import dtype_of, human_bytes, human_macs

_SHORT = ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K"))


def short_count(n: int) -> str:
    """25000000 -> '25M', 250000 -> '250K', 25600000 -> '25.6M' (at most two decimals,
    never rounded); otherwise 7,993."""
    for unit, suffix in _SHORT:
        if n >= unit and (n * 100) % unit == 0:
            whole, rest = divmod(n, unit)
            decimals = f"{rest * 100 // unit:02d}".rstrip("0")
            return f"{whole}.{decimals}{suffix}" if decimals else f"{whole}{suffix}"
    return f"{n:,}"


def _count(m, dtype: str, bytes_per_param: float) -> str:
    if m.total_params is None:
        return "parameters unknown"
    size = f"{human_bytes(m.total_params, bytes_per_param)} {dtype}"
    if not m.exact:
        assumed = m.assuming_defaults
        run = (f", {assumed['total_params']:,} when run without arguments"
               if assumed and assumed.get("total_params") is not None else "")
        return f"at least {m.total_params:,} params ({size}, lower bound{run})"
    frozen = f", {m.non_trainable_params:,} non-trainable" if m.non_trainable_params else ""
    return f"{m.total_params:,} params ({size}{frozen})"


def _macs(m) -> str:
    """`, 1.81 GMACs` when the forward pass of a declared input was followed."""
    macs = m.macs
    if macs is None:
        return ""
    text = human_macs(macs)
    return f", {text}" if m.macs_exact else f", at least {text}"


def _why(m) -> str:
    """The first reason a count is not exact (`nnlint summary` lists them all)."""
    notes = [n for n in m.notes if n.code.startswith("NNL1")]
    if not notes:
        return ""
    more = f" (+{len(notes) - 1} more)" if len(notes) > 1 else ""
    return f"  not exact: {notes[0].message}{more}"


def _budget(m) -> str:
    if m.budget is None:
        return ""
    parts = [short_count(lim.value) + (" trainable" if lim.kind == "max-trainable-params"
                                       else "") for lim in m.budget.limits()]
    return "  budget " + ", ".join(parts)


def model_line(path: str, m, dtype: str = "fp32", bytes_per_param: float = 4, also=()) -> str:
    name = f"{m.name} (also {', '.join(also)})" if also else m.name
    return (f"{where(path, m)}: {name} {_count(m, dtype, bytes_per_param)}{_macs(m)}"
            f"{_budget(m)}{_why(m)}")


def model_lines(report, settings=None):
    """[(model, its line)] of one file's models, each model once."""
    dtype = dtype_of(settings, report.path)
    size = config_of(settings, report.path).bytes_per_param() if settings is not None else 4
    return [(m, model_line(report.path, m, dtype, size, also)) for m, also in once(report.models)]


def render(reports, settings=None) -> str:
    out = []
    shown = {}
    for r, d in findings(reports, settings):
        shown.setdefault(id(r), []).append(d)
    for r in reports:
        rows = [((m.cell or 0, m.line, 0), line) for m, line in model_lines(r, settings)]
        rows += [((d.cell or 0, d.line, d.column + 1),
                  f"{where(r.path, d, column=True)}: {d.code} {d.message}")
                 for d in shown.get(id(r), [])]
        out.extend(text for _key, text in sorted(rows, key=lambda row: row[0]))
    n = sum(len(r.models) for r in reports)
    out.append(f"{n} model{'s' if n != 1 else ''} in {len(reports)} "
               f"file{'s' if len(reports) != 1 else ''}")
    return "\n".join(out) + "\n"
