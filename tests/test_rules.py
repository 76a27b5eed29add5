"""Structural rules (NNL3xx): every finding is annotated on its line, and healthy code is quiet.

Fixtures in tests/rules/ mark each expected finding with `# expect: NNL301` on the
line it is reported on; the test compares the exact set of (line, code).
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

from nnlint.api import lint_source
from nnlint.config import Config
from nnlint.diagnostics import RULES
from nnlint.rules import CODES

HERE = Path(__file__).parent
RULE_FIXTURES = sorted((HERE / "rules").glob("*.py"))
_EXPECT = re.compile(r"#.*\bexpect:\s*((?:NNL\d{3}[,\s]*)+)")
CORPUS = HERE.parent.parent / "shared" / "corpus"

# Findings on the shared corpus that are real: these layers are built but never called in
# forward (the corpus exercises layer counting, not forward passes).
CORPUS_TRUE_POSITIVES = {
    ("torch/conv_layer_variants.py", "NNL303", "self.up1d"),
    ("torch/normalization_layers.py", "NNL303", "self.rms"),
    ("torch/normalization_layers.py", "NNL303", "self.gn"),
    ("torch/normalization_layers.py", "NNL303", "self.bn"),
}


def expected(text: str):
    out = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _EXPECT.search(line)
        if m:
            out.update((lineno, code) for code in re.findall(r"NNL\d{3}", m.group(1)))
    return out


def structural(report):
    return {(d.line, d.code) for d in report.diagnostics if d.code in CODES}


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=[p.name for p in RULE_FIXTURES])
def test_rule_fixture(path):
    text = path.read_text()
    report = lint_source(text, str(path), Config())
    got = structural(report)
    want = expected(text)
    messages = {(d.line, d.code): d.message for d in report.diagnostics}
    assert got == want, "\n".join(
        [f"unexpected line {ln}: {c} {messages.get((ln, c))}" for ln, c in sorted(got - want)]
        + [f"missing line {ln}: {c}" for ln, c in sorted(want - got)])


def test_real_world_fixtures_are_quiet():
    """Code written like real projects (ResNet, VGG, GPT-2 ...): no structural finding."""
    for path in sorted((HERE / "fixtures" / "realworld").rglob("*.py")):
        report = lint_source(path.read_bytes(), str(path), Config())
        found = [(d.line, d.code, d.message) for d in report.diagnostics if d.code in CODES]
        assert not found, (path, found)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_corpus_has_no_false_positives():
    found = set()
    for path in sorted(CORPUS.rglob("*.py")):
        report = lint_source(path.read_bytes(), str(path), Config())
        for d in report.diagnostics:
            if d.code in CODES:
                attr = re.match(r"(self\.\w+)", d.message)
                found.add((path.relative_to(CORPUS).as_posix(), d.code,
                           attr.group(1) if attr else d.message))
    assert found == CORPUS_TRUE_POSITIVES


def test_rules_can_be_turned_off():
    text = (HERE / "rules" / "nnl301_sequential.py").read_text()
    report = lint_source(text, "x.py", Config(ignore=("NNL3",)))
    assert not structural(report)
    report = lint_source(text, "x.py", Config(select=("NNL302",)))
    assert not structural(report)


def test_structural_rules_never_cost_the_counts(monkeypatch):
    import nnlint.api
    import nnlint.rules

    def boom(*args, **kwargs):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(nnlint.rules, "check_module", boom)
    monkeypatch.setattr(nnlint.api, "RAISE_INTERNAL_ERRORS", False)
    report = lint_source("import torch.nn as nn\nnet = nn.Linear(2, 3)\n", "x.py")
    assert [m.total_params for m in report.models] == [9]
    assert [d.code for d in report.diagnostics] == ["NNL003"]


# ------------------------------------------------------------------ the code table
def test_codes_are_documented_where_declared():
    for code, r in RULES.items():
        assert re.fullmatch(r"NNL\d{3}", code) and r.code == code
        assert r.severity in ("error", "warning", "info"), code
        assert r.summary and r.why, code
        if code[3] in "23" or code in ("NNL005", "NNL006"):
            assert r.example and r.fix, code


def _generator():
    spec = importlib.util.spec_from_file_location(
        "document_rules", HERE.parent / "scripts" / "document_rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_page_is_generated_from_the_table():
    """docs/rules.md is what scripts/document_rules.py writes (run it after editing codes)."""
    gen = _generator()
    page = gen.render()
    for code in RULES:
        assert f"### {code}" in page
    if os.environ.get("NNLINT_UPDATE_SNAPSHOTS"):
        gen.main([])
    assert gen.TARGET.read_text(encoding="utf-8") == page, \
        "docs/rules.md is stale: python scripts/document_rules.py"
