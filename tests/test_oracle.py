"""Optional: the fixtures' annotations against the real frameworks.

Runs ../shared/oracle/oracle.py (torch + Keras in their own virtualenv) on
tests/fixtures when asked with NNLINT_ORACLE=1 (it takes a minute: the fixtures
build ResNet-50 and VGG-16 for real). The virtualenv's python is
NNLINT_ORACLE_PYTHON, or ~/.cache/nnlint-oracle (bash ../shared/oracle/setup.sh).
Skipped otherwise: the rest of the suite needs neither torch nor keras.

    NNLINT_ORACLE=1 python -m pytest tests/test_oracle.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.fixture_format import read_fixture

ROOT = Path(__file__).resolve().parent.parent
ORACLE = ROOT.parent / "shared" / "oracle" / "oracle.py"
FIXTURES = ROOT / "tests" / "fixtures"
PYTHON = os.environ.get("NNLINT_ORACLE_PYTHON",
                        str(Path.home() / ".cache" / "nnlint-oracle" / "bin" / "python"))


@pytest.mark.skipif(os.environ.get("NNLINT_ORACLE") != "1",
                    reason="the oracle run is opt-in: NNLINT_ORACLE=1")
@pytest.mark.skipif(not (Path(PYTHON).exists() and ORACLE.exists()),
                    reason="oracle virtualenv not available (bash ../shared/oracle/setup.sh)")
def test_fixture_annotations_match_the_frameworks(tmp_path):
    out = tmp_path / "oracle.json"
    subprocess.run([PYTHON, str(ORACLE), str(FIXTURES), "--out", str(out)],
                   check=False, capture_output=True, timeout=1200)
    truth = json.loads(out.read_text())["files"]
    problems = []
    for rel, entry in sorted(truth.items()):
        if "error" in entry:
            if not _offline_only((FIXTURES / rel).read_text()):
                problems.append(f"{rel}: oracle error {entry['error']}")
            continue
        fx = read_fixture((FIXTURES / rel).read_text())
        for name, exp in fx.models.items():
            if "." in name:  # "build.m": a contract name the oracle does not record
                continue
            real = entry["models"].get(name)
            if real is None:
                if exp.exact:
                    problems.append(f"{rel}:{name}: the oracle has no such model")
                continue
            if real.get("indeterminate"):
                if exp.exact or exp.defaults is not None:
                    problems.append(f"{rel}:{name}: indeterminate for the oracle")
                continue
            if not exp.exact:  # the oracle runs the file without arguments
                if exp.defaults is not None and real["total_params"] != exp.defaults:
                    problems.append(f"{rel}:{name}: defaults {exp.defaults} in the fixture, "
                                    f"{real['total_params']} for the framework")
                continue
            for key, want in (("total_params", exp.total), ("trainable_params", exp.trainable),
                              ("non_trainable_params", exp.non_trainable)):
                if want is not None and real[key] != want:
                    problems.append(f"{rel}:{name}: {key} {want} in the fixture, "
                                    f"{real[key]} for the framework")
        for name in entry["models"]:
            if name not in fx.models:
                problems.append(f"{rel}:{name}: a model for the oracle, not annotated")
    assert not problems, "\n".join(problems)


def _offline_only(text) -> bool:
    """A fixture marked `# oracle: indeterminate` as a whole (before its first statement)
    that the oracle cannot run here: it downloads data (keras.datasets) or uses Keras 2
    names that Keras 3 no longer has. Its numbers were checked with the oracle on a
    stand-in copy (see the fixture's header) and against the real-world set."""
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith("#"):
            return False
        if re.match(r"#\s*oracle:\s*indeterminate\s*$", line.strip()):
            return True
    return False
