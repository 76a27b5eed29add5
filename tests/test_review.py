"""Review mode: counts before (read with git show, never checked out) and after a change."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
                   cwd=cwd, check=True, capture_output=True)


def review(cwd, *args):
    proc = subprocess.run([sys.executable, "-m", "nnlint.review", *args], cwd=cwd,
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "sizes.py").write_text("WIDTH = 5\n")
    (tmp_path / "model.py").write_text(
        "import torch.nn as nn\nfrom sizes import WIDTH\n\nnet = nn.Linear(10, WIDTH)\n")
    (tmp_path / "other.py").write_text("import torch.nn as nn\n\nkeep = nn.Linear(2, 2)\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def test_review_reports_changed_counts_with_imports_read_at_the_base(repo):
    (repo / "sizes.py").write_text("WIDTH = 7\n")
    (repo / "model.py").write_text(
        "import torch.nn as nn\nfrom sizes import WIDTH\n\nnet = nn.Linear(20, WIDTH)\n"
        "extra = nn.Linear(3, 3)\n")
    code, out, _ = review(repo, "--base", "HEAD", "--format", "json")
    assert code == 0
    changes = {c["model"]: c for c in json.loads(out)["changes"]}
    # nn.Linear(10, 5) at the base (sizes.py read at HEAD too), nn.Linear(20, 7) now
    assert (changes["net"]["before"], changes["net"]["after"]) == (55, 147)
    assert changes["extra"]["before"] is None and changes["extra"]["after"] == 12
    assert "keep" not in changes


def test_review_with_no_change_says_so(repo):
    code, out, _ = review(repo, "--base", "HEAD")
    assert code == 0 and "no model changed" in out


def test_review_bad_revision_is_a_usage_error(repo):
    code, out, err = review(repo, "--base", "no-such-rev")
    assert code == 2 and err.startswith("nnlint review:") and "Traceback" not in err
