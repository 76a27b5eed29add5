"""The pre-commit hook end to end: the real `pre-commit try-repo` in a temporary git repository.

pre-commit installs nnlint from a copy of this working tree into its own virtualenv with
pip (LibCST comes from the package index or pip's cache), so this is the slowest test;
set NNLINT_SKIP_PRECOMMIT=1 to skip it. A failure to reach the index skips, any other
failure fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = int(os.environ.get("NNLINT_PRECOMMIT_TIMEOUT", "900"))  # a slow first install
NETWORK_TROUBLE = ("NewConnectionError", "Temporary failure in name resolution",
                   "ReadTimeoutError", "ConnectTimeoutError", "No matching distribution",
                   "Could not fetch URL", "ProxyError", "Network is unreachable")

pytestmark = pytest.mark.skipif(bool(os.environ.get("NNLINT_SKIP_PRECOMMIT")),
                                reason="NNLINT_SKIP_PRECOMMIT is set")

OVER = """\
import torch.nn as nn


class Net(nn.Module):  # nnlint: max-params=100K
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc2(self.fc1(x))
"""

NOTEBOOK = ('{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": '
            '["import torch.nn as nn\\n", "net = nn.Linear(784, 10)\\n"]}], '
            '"metadata": {}, "nbformat": 4, "nbformat_minor": 5}')


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=nnlint tests", "-c", "user.email=tests@nnlint",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, check=True, capture_output=True)


def copy_source(dest: Path) -> None:
    """This working tree's package files (uncommitted changes included) as a git repo."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "nnlint", dest / "nnlint", ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, dest / name)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "nnlint under test")


def try_repo(work: Path, source: Path, home: Path, *files):
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "PIP_NO_INPUT": "1", "PRE_COMMIT_COLOR": "never"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(source), "nnlint",
                           "--verbose", "--files", *files],
                          cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    out = proc.stdout + proc.stderr
    if "An unexpected error has occurred" in out and any(t in out for t in NETWORK_TROUBLE):
        pytest.skip("pre-commit could not install nnlint: the package index is unreachable")
    return proc.returncode, out


def test_hook_fails_over_budget_and_passes_when_fixed(tmp_path):
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    source, work, home = tmp_path / "nnlint", tmp_path / "work", tmp_path / "cache"
    copy_source(source)
    work.mkdir()
    git(work, "init", "-q")
    (work / "model.py").write_text(OVER)
    (work / "notes.py").write_text("print('no model here')\n")
    git(work, "add", "-A")

    status, out = try_repo(work, source, home, "model.py", "notes.py")
    assert status == 1, out
    assert "nnlint" in out and "Failed" in out
    assert ("NNL201 model Net has 101,770 parameters, over its budget of 100,000 by 1,770"
            in out), out

    (work / "model.py").write_text(OVER.replace("max-params=100K", "max-params=250K"))
    (work / "nb.ipynb").write_text(NOTEBOOK)
    git(work, "add", "-A")
    status, out = try_repo(work, source, home, "model.py", "notes.py", "nb.ipynb")  # env reused
    assert status == 0, out
    assert "Passed" in out
    # one line per healthy model (the concise mode), the notebook's (types_or: jupyter) too
    assert "model.py:4: Net 101,770 params (397.54 KiB fp32)  budget 250K" in out, out
    assert "nb.ipynb:cell 1:2: net 7,850 params" in out, out
    assert "Layer (name)" not in out
