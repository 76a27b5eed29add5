"""Every fixture file: nnlint's models and counts equal the annotations on their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnlint.api import lint_source
from nnlint.source.project import Project
from tests.fixture_format import read_fixture

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*.py"))
SITE = str(FIXTURES / "site")


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(FIXTURES)) for p in FILES])
def test_fixture(path):
    text = path.read_text()
    expected = read_fixture(text)
    # tests/fixtures/site is where the libraries the fixtures use are "installed"
    report = lint_source(text.encode(), str(path), project=Project(library_path=[SITE]))
    internal = [d for d in report.diagnostics if d.code == "NNL003"]
    assert not internal, internal
    got = {m.name: m for m in report.models}
    problems = []
    for name, exp in expected.models.items():
        m = got.get(name)
        if not exp.exact:
            if m is None and exp.reported:
                problems.append(f"{name}: not reported (it must be, with exact false)")
            if m is not None and m.exact:
                problems.append(f"{name}: expected inexact, got exact {m.total_params}")
            if exp.defaults is not None:
                got_defaults = (m.assuming_defaults or {}).get("total_params") if m else None
                if got_defaults != exp.defaults:
                    problems.append(f"{name}: assuming defaults {got_defaults}, "
                                    f"expected {exp.defaults}")
            continue
        if m is None:
            problems.append(f"{name}: not reported")
            continue
        if not m.exact:
            why = "; ".join(f"line {n.line}: {n.message}" for n in m.notes[:3])
            problems.append(f"{name}: not exact ({why})")
            continue
        if m.line != exp.line:
            problems.append(f"{name}: line {m.line}, expected {exp.line}")
        if m.total_params != exp.total:
            problems.append(f"{name}: total {m.total_params}, expected {exp.total}")
        if exp.trainable is not None and m.trainable_params != exp.trainable:
            problems.append(f"{name}: trainable {m.trainable_params}, expected {exp.trainable}")
        if exp.non_trainable is not None and m.non_trainable_params != exp.non_trainable:
            problems.append(f"{name}: non_trainable {m.non_trainable_params}, "
                            f"expected {exp.non_trainable}")
    for name, m in got.items():
        rows = [layer.params for layer in m.layers]
        if m.exact and (None in rows or sum(rows) != m.total_params):  # torchinfo's invariant
            problems.append(f"{name}: its rows add up to {rows}, not its total {m.total_params}")
        if name not in expected.models:
            problems.append(f"{name}: reported (line {m.line}) but not annotated")
    for line, params in expected.layers.items():
        found = [layer for m in report.models for layer in m.layers if layer.line == line]
        if not found:
            problems.append(f"line {line}: no layer reported")
        elif all(layer.params != params for layer in found):
            problems.append(f"line {line}: layer params {[x.params for x in found]}, "
                            f"expected {params}")
    assert not problems, "\n".join(problems)


def test_layers_add_up_to_total():
    """torchinfo's invariant: per-layer counts of an exact model sum to its total."""
    for path in FILES:
        for m in lint_source(path.read_bytes(), str(path)).models:
            if m.exact and all(layer.params is not None for layer in m.layers):
                assert sum(layer.params for layer in m.layers) == m.total_params, (path, m.name)
