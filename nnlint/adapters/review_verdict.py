"""Review mode's verdict: which models keep a change from merging, and why.

- Budgets apply to the new side exactly as in a normal run: the NNL2xx errors that
  `lint_source` found for a model (over its budget, with the overshoot; a lower bound
  that cannot be checked under `allow-inexact = false`) fail the review. Every model of
  the files compared is checked, whether its count moved or not, as `nnlint` would.
- A growth threshold (`--fail-over 5%`, `--fail-over 1M`, `fail-over` in
  [tool.nnlint.review]) fails a model present on both sides that grew by more. Only a
  growth nnlint can prove fails: the count before must be exact, and the count after
  is exact or a lower bound (the real growth is then larger still). A model that is
  new has no growth: its budget decides.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    short: str  # for a table cell: "over budget by 49,600 (+5.0%)"
    message: str  # the whole reason, with where the limit was set


def judge(review) -> None:
    """Fill each model's `failures`."""
    for m in review.models:
        m.failures = [Failure(_budget_short(m.new, d.code), d.message)
                      for d in (m.new.notes if m.new else ())
                      if d.code.startswith("NNL2") and d.severity == "error"]
        growth = _growth_failure(m, review.thresholds, review.threshold_origin)
        if growth:
            m.failures.append(growth)


def _budget_short(model, code) -> str:
    trainable = code == "NNL202"
    kind = "max-trainable-params" if trainable else "max-params"
    limit = next((lim for lim in (model.budget.limits() if model.budget else ())
                  if lim.kind == kind), None)
    count = model.trainable_params if trainable else model.total_params
    if code == "NNL203" or limit is None or count is None:
        return "budget not verifiable (lower bound)"
    what = "trainable budget" if trainable else "budget"
    return f"over {what} by {count - limit.value:,} ({percent(count - limit.value, limit.value)})"


def _growth_failure(m, thresholds, origin):
    if m.old is None or m.new is None or not m.old.exact or m.delta is None or m.delta <= 0:
        return None
    over = [t for t in thresholds if t.exceeded(m.before, m.delta)]
    if not over:
        return None
    grew = "grew by" if m.new.exact else "grew by at least"
    allowed = " and ".join(t.text for t in over)
    return Failure(
        f"grew {percent(m.delta, m.before)}, over {allowed}",
        f"model {m.name} {grew} {m.delta:,} parameters ({m.before:,} -> {m.after:,}, "
        f"{percent(m.delta, m.before)}), more than the {allowed} allowed; "
        f"growth threshold: {origin}")


def percent(delta, before) -> str:
    """+5.0% of `before`; a growth from 0 has no percentage."""
    if before == 0:
        return "from 0"
    return f"{100 * delta / before:+.1f}%"
