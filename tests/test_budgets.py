"""Budgets (NNL2xx): which limit applies, what passes, what the message says; comments."""

from __future__ import annotations

import pytest

from nnlint.api import lint_source
from nnlint.budgets import Budget, Limit, budget_for, check_model
from nnlint.config import BudgetRule, Config
from nnlint.report import ModelReport
from nnlint.suppress import read_directives

MLP = """\
import torch.nn as nn

net = nn.Sequential(nn.Linear(784, 10))  # params: 7850
"""


def model(total, trainable=None, exact=True, name="Net"):
    trainable = total if trainable is None else trainable
    return ModelReport(name, "torch", 3, 0, "class", total, trainable,
                       None if total is None else total - trainable, exact)


def limits(total=None, trainable=None):
    return Budget(None if total is None else Limit("max-params", total, "test"),
                  None if trainable is None else Limit("max-trainable-params", trainable, "t"))


def codes(diags):
    return [d.code for d in diags]


def test_within_and_over_budget():
    assert check_model(model(7850), limits(7850), True) == []
    (d,) = check_model(model(7850), limits(7000), True)
    assert (d.code, d.severity, d.line, d.model) == ("NNL201", "error", 3, "Net")
    assert d.message == ("model Net has 7,850 parameters, over its budget of 7,000 by 850 "
                         "(+12.1%); budget: test")


def test_trainable_budget_counts_trainable_only():
    assert check_model(model(1000, trainable=100), limits(trainable=100), True) == []
    (d,) = check_model(model(1000, trainable=101), limits(2000, 100), True)
    assert d.code == "NNL202" and "101 trainable parameters" in d.message


@pytest.mark.parametrize("allow", [True, False])
def test_a_lower_bound_over_budget_always_fails(allow):
    (d,) = check_model(model(9000, exact=False), limits(8000), allow)
    assert d.code == "NNL201" and "has at least 9,000 parameters" in d.message


def test_a_lower_bound_within_budget_passes_unless_strict():
    assert check_model(model(10, exact=False), limits(8000), True) == []
    (d,) = check_model(model(10, exact=False), limits(8000), False)
    assert d.code == "NNL203" and d.severity == "error" and "at least 10" in d.message
    (d,) = check_model(model(None, exact=False), limits(8000), False)
    assert d.code == "NNL203" and "unknown" in d.message
    assert check_model(model(None, exact=False), limits(8000), True) == []


def test_which_budget_applies():
    config = Config(max_params=100, max_trainable_params=50, budgets=(
        BudgetRule("models/*.py::Big*", "models/*.py", "Big*", 10**6),
        BudgetRule("models/big.py::BigNet", "models/big.py", "BigNet", 1, 2),
        BudgetRule("Tiny*", "*", "Tiny*", None, 5),
    ), root="/repo")
    none = read_directives("")
    big = budget_for(config, "/repo/models/big.py", "BigNet", 3, none)
    # each limit comes from the first matching entry that sets it
    assert (big.max_params.value, big.max_trainable_params.value) == (10**6, 2)
    assert "models/*.py::Big*" in big.max_params.source
    assert budget_for(config, "/repo/other.py", "BigNet", 3, none).max_params.value == 100
    tiny = budget_for(config, "/repo/x/y.py", "TinyNet", 3, none)
    assert (tiny.max_params.value, tiny.max_trainable_params.value) == (100, 5)
    inline = read_directives("\n\nclass Big:  # nnlint: max-params=5M, max-trainable-params=1K\n")
    b = budget_for(config, "/repo/models/big.py", "BigNet", 3, inline)
    assert (b.max_params.value, b.max_trainable_params.value) == (5_000_000, 1000)
    assert budget_for(Config(), "m.py", "Net", 1, none) is None


def test_budgets_through_lint_source():
    report = lint_source(MLP, "m.py", Config(max_params="7_000" and 7000))
    (d,) = report.diagnostics
    assert d.code == "NNL201" and d.model == "net" and d.line == 3
    assert report.models[0].notes == [d]
    assert report.models[0].budget.max_params.value == 7000
    assert lint_source(MLP, "m.py", Config(max_params=7850)).diagnostics == []


def test_inline_budget_on_the_model_line():
    text = MLP.replace("# params: 7850", "# nnlint: max-params=7.8K")
    (d,) = lint_source(text, "m.py").diagnostics
    assert d.code == "NNL201" and "budget of 7,800 by 50" in d.message
    assert "`# nnlint: max-params=` on line 3" in d.message
    # a comment elsewhere is not a budget for this model
    assert lint_source("# nnlint: max-params=1\n" + MLP, "m.py").diagnostics == []


def test_trainable_budget_sees_frozen_parameters():
    text = ("import torch.nn as nn\n"
            "net = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 4))  # nnlint: max-trainable-params=24\n"
            "net[0].weight.requires_grad = False\n")
    assert lint_source(text, "m.py").diagnostics == []
    text = text.replace("=24", "=23")
    assert codes(lint_source(text, "m.py").diagnostics) == ["NNL202"]


@pytest.mark.parametrize("comment, message", [
    ("# nnlint: max-params=five", "'five' is not a parameter count"),
    ("# nnlint: max-parms=5", "unknown nnlint comment setting 'max-parms'"),
    ("# nnlint: please", "cannot read nnlint comment 'please'"),
])
def test_unreadable_comments_are_reported(comment, message):
    text = MLP.replace("# params: 7850", comment)
    (d,) = lint_source(text, "m.py").diagnostics
    assert d.code == "NNL006" and d.severity == "error" and d.line == 3
    assert message in d.message


@pytest.mark.parametrize("comment, kept", [
    ("# noqa", []), ("# noqa: NNL201", []), ("# noqa:NNL2", []), ("# NOQA: E501,NNL201", []),
    ("# noqa: NNL202", ["NNL201"]), ("# nnlint: ignore", []), ("# nnlint: ignore[NNL201]", []),
    ("# nnlint: ignore[NNL301, NNL201]", []), ("# nnlint: ignore[NNL202]", ["NNL201"]),
    ("# type: ignore  # nnlint: ignore[NNL2] max-params=1", []),
])
def test_suppression_comments(comment, kept):
    text = MLP.replace("# params: 7850", comment)
    assert codes(lint_source(text, "m.py", Config(max_params=10)).diagnostics) == kept


def test_flake8_reads_noqa_itself():
    import dataclasses
    text = MLP.replace("# params: 7850", "# noqa: NNL201")
    config = dataclasses.replace(Config(max_params=10), honor_noqa=False)
    assert codes(lint_source(text, "m.py", config).diagnostics) == ["NNL201"]


def test_ignored_code_is_gone_everywhere():
    report = lint_source(MLP, "m.py", Config(max_params=10, ignore=("NNL201",)))
    assert report.diagnostics == [] and report.models[0].notes == []
