"""Shapes and multiply-accumulates through forward(): nnlint against the real counter.

tests/fixtures/macs/expected_macs.json is what tests/oracle_macs.py measured on these
fixtures (torch.utils.flop_counter.FlopCounterMode, recurrent layers and attention
decomposed; NNLINT_ORACLE=1 measures again, tests/test_oracle.py). An exact model's MACs and
output shape must equal the counter's; an inexact model's MACs must be a true lower bound
(or None); a model the framework cannot run (a shape error) is never exact.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnlint.api import lint_source
from nnlint.frameworks.torch import macs as M

FOLDER = Path(__file__).parent / "fixtures" / "macs"
EXPECTED = json.loads((FOLDER / "expected_macs.json").read_text())["files"]
FILES = sorted(f for f in EXPECTED if f.startswith("torch_"))


def _shape(value):
    """The oracle's nested lists / dicts of shapes, and nnlint's, alike."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if all(isinstance(d, int) or d is None for d in value):
            return tuple(value)
        return [_shape(v) for v in value]
    return value


def macs_problems(name, measured) -> list:
    """nnlint on one fixture of tests/fixtures/macs against the counter's `measured`
    (that file's entry of oracle_macs.py's JSON)."""
    report = lint_source((FOLDER / name).read_bytes(), str(FOLDER / name))
    got = {m.name: m for m in report.models}
    problems = []
    for model, truth in measured["models"].items():
        m = got.get(model)
        if "input" not in truth or m is None:
            continue  # a bad declaration, or a class that needs arguments
        if [list(s) for s in m.input_shapes or ()] != truth["input"]:
            problems.append(f"{name} {model}: input {m.input_shapes}, declared {truth['input']}")
            continue
        if "error" in truth:  # torch raises: nnlint must not claim a number
            if m.macs_exact:
                problems.append(f"{name} {model}: exact {m.macs} MACs, but torch raises")
            continue
        if not m.macs_exact:
            problems.append(f"{name} {model}: not exact ({m.macs} of {truth['macs']})")
            if m.macs is not None and m.macs > truth["macs"]:
                problems.append(f"{name} {model}: lower bound {m.macs} above {truth['macs']}")
            continue
        if m.macs != truth["macs"]:
            problems.append(f"{name} {model}: {m.macs:,} MACs, the counter {truth['macs']:,}")
        if _shape(m.output_shape) != _shape(truth["output_shapes"]):
            problems.append(f"{name} {model}: output {m.output_shape}, torch "
                            f"{truth['output_shapes']}")
    return problems


@pytest.mark.parametrize("name", FILES)
def test_macs_and_shapes_equal_the_counter(name):
    problems = macs_problems(name, EXPECTED[name])
    assert not problems, "\n".join(problems)


def test_shape_error_is_a_finding_with_both_shapes():
    report = lint_source((FOLDER / "torch_bad_models.py").read_bytes(), "bad.py")
    found = [d for d in report.diagnostics if d.code == "NNL301"]
    assert len(found) == 1 and found[0].line == 9
    assert "8192" in found[0].message and "(1, 7200)" in found[0].message
    bad = next(m for m in report.models if m.name == "ShapeMismatch")
    assert not bad.macs_exact and bad.output_shape is None


def test_layer_rows_carry_shapes_and_macs():
    report = lint_source((FOLDER / "torch_cnn.py").read_bytes(), "cnn.py")
    net = next(m for m in report.models if m.name == "LeNetish")
    rows = {r.name: r for r in report.models[0].layers} if net is None else \
        {r.name: r for r in net.layers}
    assert rows and all(r.output_shape is not None and r.macs is not None
                        for r in rows.values())
    assert sum(r.macs for r in rows.values()) == net.macs


SOURCE = """import torch
import torch.nn as nn


class Net(nn.Module):  # nnlint: input=(1, 8)
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        if x.sum() > 0:
            x = self.fc(x)
        return unknown_library.apply(self.fc(x))
"""


def test_what_is_not_followed_is_a_lower_bound():
    m = lint_source(SOURCE, "net.py").models[0]
    assert not m.macs_exact and m.macs == 0 and m.output_shape is None
    assert m.total_params == 36 and m.exact  # the count does not change


def test_following_forward_changes_no_count():
    text = SOURCE.replace("# nnlint: input=(1, 8)", "")
    before = lint_source(text, "net.py").models[0]
    after = lint_source(SOURCE, "net.py").models[0]
    assert (before.total_params, before.exact, before.notes) == \
        (after.total_params, after.exact, after.notes)


@pytest.mark.parametrize("a, b, shape", [
    ((2, 3), (3, 4), (2, 4)),
    ((5, 2, 3), (3, 4), (5, 2, 4)),
    ((3, 4), (5, 4, 6), (5, 3, 6)),
    ((3,), (3, 4), (4,)),
    ((2, 3), (4, 5), None),
])
def test_matmul_shapes(a, b, shape):
    assert M.matmul(a, b)[0] == shape


def test_matrix_vector_products_count_nothing():  # mv and dot: the counter has no formula
    assert M.matmul((2, 3), (3,)) == ((2,), 0)
    assert M.matmul((3,), (3,)) == ((), 0)


def test_einsum_and_attention_not_known():
    assert M.einsum("...ij,jk->...ik", [(2, 3, 4), (4, 5)]) == (None, None)
    assert M.einsum("ij->ji", [(2, 3)]) == ((3, 2), 0)
    assert M.attention((1, 2, 16, 8), None, (1, 2, 16, 8)) == (None, None)


TOKENS = """import torch.nn as nn


class Tagger(nn.Module):  # nnlint: input=(1, 12)
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 8)
        self.fc = nn.Linear(8, 3)

    def forward(self, tokens):
        return self.fc(self.embed(tokens))
"""


def test_an_input_of_the_wrong_dtype_is_never_exact():
    # float ids cannot index an embedding; integer features cannot go through a Linear
    assert not lint_source(TOKENS, "t.py").models[0].macs_exact
    mlp = TOKENS.replace("self.fc(self.embed(tokens))", "self.fc(tokens)").replace(
        "nn.Linear(8, 3)", "nn.Linear(12, 3)").replace("input=(1, 12)", "input=(1, 12) dtype=int64")
    assert not lint_source(mlp, "t.py").models[0].macs_exact
    ids = TOKENS.replace("input=(1, 12)", "input=(1, 12) dtype=int64")
    assert lint_source(ids, "t.py").models[0].macs_exact
