"""What review mode prints: a text table, Markdown for a pull-request comment or a job
summary, GitHub annotations on the model lines that changed, and JSON.

Every format shows the same models: those whose count or exactness the change moved
(appeared, disappeared, grew, shrank, became a lower bound), and those that fail the
review (a budget on the new side, a growth threshold), grouped by file.
"""

from __future__ import annotations

import json
import os

from nnlint.adapters.review_verdict import percent


def shown(review):
    """[(file, [models to show])] for files with at least one."""
    out = []
    for f in review.files:
        models = [m for m in f.models if m.moved or m.failures]
        if models or f.problems:
            out.append((f, models))
    return out


def render(fmt, review) -> str:
    return {"text": text, "markdown": markdown, "github": github, "json": as_json}[fmt](review)


# ------------------------------------------------------------------ cells
def num(n, exact=True) -> str:
    if n is None:
        return "-"
    return f"{n:,}" if exact else f"≥ {n:,}"


def change(m) -> str:
    """The change, as far as it is known: a difference with a lower bound on one side is
    a bound itself ("≥ +120": the count after is at least that much more)."""
    if m.old is None:
        return "new"
    if m.new is None:
        return "removed"
    bound = m.delta_bound
    if bound is None:
        moved = "not known (lower bounds)"
    elif bound == "exact":
        moved = "unchanged" if m.delta == 0 else f"{m.delta:+,} ({percent(m.delta, m.before)})"
    else:
        moved = f"{'≥' if bound == 'at least' else '≤'} {m.delta:+,}"
    if m.became_inexact:
        return f"{moved}; now a lower bound (was exact)"
    if bound == "at most":
        return f"{moved}; now exact (was a lower bound)"
    return moved


def status(m) -> str:
    if m.failures:
        return "❌ " + "; ".join(f.short for f in m.failures)
    if m.became_inexact:
        return "⚠️ now a lower bound"
    return "✅"


def size(m, f) -> str:
    from nnlint.output.text import human_bytes
    side = m.new or m.old
    if side.total_params is None:
        return "-"
    return ("" if side.exact else "≥ ") + human_bytes(side.total_params, f.size)


def trainable(m) -> str:
    side = m.new or m.old
    return num(side.trainable_params, side.exact)


def file_title(f) -> str:
    if f.renamed:
        return f"{f.old_path} -> {f.path} (renamed)"
    if f.old_path is None:
        return f"{f.path} (new file)"
    if not f.new_exists:
        return f"{f.path} (removed)"
    return f"{f.path} ({f.why})"


def _plural(n, word) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def changed_line(review) -> str:
    changed = [m for m in review.models if m.moved]
    if not changed:
        return "no model changed its parameter count"
    return f"{_plural(len(changed), 'model')} changed in " \
           f"{_plural(len({m.file.path for m in changed}), 'file')}"


def verdict_line(review) -> str:
    failing = review.failures
    if failing:
        return f"review failed: {_plural(len(failing), 'model')} over a budget or a " \
               "growth threshold"
    return "no budget exceeded" + (
        ", no growth over " + " or ".join(t.text for t in review.thresholds)
        if review.thresholds else "")


def _base(review) -> str:
    short = review.base[:12]
    return short if review.base_rev == review.base else f"{review.base_rev} ({short})"


# ------------------------------------------------------------------ text
def text(review) -> str:
    groups = shown(review)
    lines = [f"nnlint review: {_base(review)} -> working tree", ""]
    for f, models in groups:
        lines.append(file_title(f))
        for p in f.problems:
            lines.append(f"  not counted: {p}")
        if models:
            lines.append(f"  {'model':<28}{'before':>14}{'after':>14}  {'trainable':>14}"
                         f"  {'size ' + f.dtype:>12}  change")
        for m in models:
            lines.append(f"  {m.name[:27]:<28}{num(m.before, not m.old or m.old.exact):>14}"
                         f"{num(m.after, not m.new or m.new.exact):>14}  {trainable(m):>14}"
                         f"  {size(m, f):>12}  {change(m)}")
            for failure in m.failures:
                lines.append(f"    FAIL {failure.message}")
        lines.append("")
    lines.append(f"{changed_line(review)} ({_plural(len(review.files), 'file')} compared); "
                 f"{verdict_line(review)}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ markdown
def _cell(s) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def markdown(review) -> str:
    groups = shown(review)
    lines = ["## nnlint review", "",
             f"Parameter counts of the working tree compared with `{_base(review)}`.", ""]
    failing = review.failures
    if failing:
        lines.append(f"❌ **{verdict_line(review).capitalize()}** ({changed_line(review)}).")
        lines.append("")
        for m in failing:
            for failure in m.failures:
                lines.append(f"- `{_cell(m.file.path)}`: {_cell(failure.message)}")
        lines.append("")
    else:
        lines += [f"✅ {changed_line(review).capitalize()}; {verdict_line(review)}.", ""]
    for f, models in groups:
        title = (f"### `{_cell(f.old_path)}` → `{_cell(f.path)}` (renamed)" if f.renamed
                 else f"### `{_cell(f.path)}`" + _md_why(f))
        lines += [title, ""]
        for p in f.problems:
            lines.append(f"⚠️ not counted: {_cell(p)}")
        if f.problems:
            lines.append("")
        if not models:
            continue
        lines += [f"| Model | Before | After | Change | Trainable | Size ({f.dtype}) | Status |",
                  "| --- | ---: | ---: | --- | ---: | ---: | --- |"]
        for m in models:
            where = f" ({m.where})" if m.where else ""
            lines.append("| " + " | ".join(_cell(c) for c in (
                f"`{m.name}`{where}", num(m.before, not m.old or m.old.exact),
                num(m.after, not m.new or m.new.exact), change(m), trainable(m), size(m, f),
                status(m))) + " |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_why(f) -> str:
    if f.old_path is None:
        return " (new file)"
    if not f.new_exists:
        return " (removed)"
    if f.why.startswith("imports "):
        files = f.why[len("imports "):].split(" -> ")
        return " (imports " + " → ".join(f"`{_cell(x)}`" for x in files) + ")"
    return ""


# ------------------------------------------------------------------ github
def github(review) -> str:
    from nnlint.output.github import MAX_PER_LEVEL, escape_data, escape_property

    found = []  # (rank, level, path or None, line, message)
    for f, models in shown(review):
        for m in models:
            level = "error" if m.failures else "warning" if m.became_inexact else "notice"
            message = _annotation(m)
            if m.failures:
                message += "\n" + "\n".join(x.message for x in m.failures)
            line = m.line if m.line and not getattr(m.new, "cell", None) else None
            if m.new is None:
                message = f"{file_title(f)}: {message}"  # no line to annotate
            elif line is None:
                message = f"{m.where}: {message}"  # a notebook: GitHub shows its JSON
            found.append(({"error": 0, "warning": 1, "notice": 2}[level], level,
                          f.path if m.new else None, line, message))
    out, rest, used = [], [], {}
    for _rank, level, path, line, message in sorted(found, key=lambda x: x[0]):
        title = escape_property("nnlint review")
        if used.get(level, 0) < MAX_PER_LEVEL:
            used[level] = used.get(level, 0) + 1
            props = "".join((f"file={escape_property(path)}," if path else "",
                             f"line={line}," if line else "", f"title={title}"))
            out.append(f"::{level} {props}::{escape_data(message)}")
        else:
            rest.append(f"{path or '-'}:{line or 1}: {message.splitlines()[0]}")
    if rest:
        out.append(f"nnlint review: {len(rest)} more (GitHub shows at most {MAX_PER_LEVEL} "
                   "annotations of each level per step):")
        out.extend(rest)
    out.append(f"nnlint review: {changed_line(review)}; {verdict_line(review)}")
    return "\n".join(out) + "\n"


def _annotation(m) -> str:
    if m.old is None:
        return f"{m.name}: new model, {num(m.after, m.new.exact)} parameters"
    if m.new is None:
        return f"{m.name}: removed (had {num(m.before, m.old.exact)} parameters)"
    return (f"{m.name}: {num(m.before, m.old.exact)} -> {num(m.after, m.new.exact)} "
            f"parameters, {change(m)}")


def write_step_summary(review, environ=None) -> bool:
    """Append the Markdown report to $GITHUB_STEP_SUMMARY when it is set."""
    target = (environ if environ is not None else os.environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(markdown(review) + "\n")
    except OSError:
        return False
    return True


# ------------------------------------------------------------------ json
def _bytes(n, per_param):
    if n is None:
        return None
    value = n * per_param
    return int(value) if float(value).is_integer() else value


def as_json(review) -> str:
    from nnlint import __version__
    changes = []
    for f, models in shown(review):
        for m in models:
            changes.append({
                "path": f.path, "old_path": f.old_path, "why": f.why, "model": m.name,
                "framework": m.framework, "line": m.line,
                "cell": getattr(m.new, "cell", None) if m.new else None,
                "before": m.before, "after": m.after, "delta": m.delta, "exact": m.exact,
                "delta_bound": m.delta_bound,
                "before_exact": m.old.exact if m.old else None,
                "after_exact": m.new.exact if m.new else None,
                "trainable_before": m.old.trainable_params if m.old else None,
                "trainable_after": m.new.trainable_params if m.new else None,
                "dtype": f.dtype, "size_bytes_after": _bytes(m.after, f.size),
                "change": "new" if m.old is None else "removed" if m.new is None else
                          "changed" if m.moved else "unchanged",
                "became_inexact": m.became_inexact,
                "failures": [x.message for x in m.failures]})
    doc = {"nnlint": __version__,
           "base": {"rev": review.base_rev, "commit": review.base},
           "head": {"rev": "working tree", "commit": review.head},
           "passed": not review.failures,
           "files_compared": len(review.files),
           "fail_over": [t.text for t in review.thresholds],
           "changes": changes,
           "problems": [{"path": f.path, "message": p} for f in review.files
                        for p in f.problems]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
