"""The CI examples of docs/integrations.md work: their commands (all but `pip install`) run
on a scratch repository laid out as the CI service lays it out, with the variables it sets,
and fail on a budget exceeded while writing the report reviewers read."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                                reason="git and bash needed")

DOC = Path(__file__).resolve().parent.parent / "docs" / "integrations.md"
SECTION = "## Pull requests: `nnlint review` in CI"


def examples() -> dict:
    """{"github": workflow, "gitlab": .gitlab-ci.yml} from the doc's review section."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[:section.index("\n## ", len(SECTION))]
    found = {}
    for block in re.findall(r"```yaml\n(.*?)```", section, re.S):
        doc = yaml.safe_load(block)
        found["github" if "jobs" in doc else "gitlab"] = doc
    return found


def commands(lines) -> list:
    return [c for c in lines if not c.lstrip().startswith("pip install")]


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def env(tmp_path):
    out = dict(os.environ)
    for var in ("AUTHOR", "COMMITTER"):
        out[f"GIT_{var}_NAME"] = "nnlint tests"
        out[f"GIT_{var}_EMAIL"] = "tests@example.com"
    out.update(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    out["PATH"] = os.path.dirname(sys.executable) + os.pathsep + out.get("PATH", "")
    for name in list(out):
        if name.startswith(("GITHUB_", "CI_")):
            del out[name]
    return out


@pytest.fixture
def pull_request(tmp_path, env):
    """A clone of `origin` whose branch `feature` changes a constant that a model imports:
    Net goes from 110 to 210 parameters, over its budget of 150."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True,
                   env=env)
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True, env=env,
                   capture_output=True)
    (work / "models").mkdir()
    (work / "pyproject.toml").write_text('[tool.nnlint.budgets]\n"models/*::Net" = 150\n')
    (work / "models/config.py").write_text("HIDDEN = 10\n")
    (work / "models/net.py").write_text(
        "import torch.nn as nn\nfrom models.config import HIDDEN\n\n\n"
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(HIDDEN, 10)\n")
    for args in (["checkout", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "base"],
                 ["push", "-q", "origin", "main"], ["checkout", "-q", "-b", "feature"]):
        subprocess.run(["git", *args], cwd=work, check=True, env=env, capture_output=True)
    (work / "models/config.py").write_text("HIDDEN = 20\n")
    subprocess.run(["git", "commit", "-qam", "wider"], cwd=work, check=True, env=env)
    return work


def run(script, cwd, env):
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_github_actions_example(pull_request, env, tmp_path):
    workflow = examples()["github"]
    (job,) = workflow["jobs"].values()
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # git show needs the base branch
    # the expressions GitHub fills in for a pull request into main
    github = {"github.base_ref": "main"}
    for name, value in job.get("env", {}).items():
        env[name] = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: github[m.group(1)], value)
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "summary.md")
    runs = commands([s["run"] for s in job["steps"] if "run" in s])
    assert runs and all(r.startswith("nnlint review") for r in runs)
    proc = run("\n".join(runs), pull_request, env)
    assert proc.returncode == 1, proc.stderr  # a budget exceeded fails the check
    assert proc.stdout.startswith("::error file=models/net.py,line=5,title=nnlint review::"
                                  "Net: 110 -> 210 parameters, +100 (+90.9%25)")
    summary = (tmp_path / "summary.md").read_text()
    assert "### `models/net.py` (imports `models/config.py`)" in summary
    assert "| `Net` (line 5) | 110 | 210 | +100 (+90.9%) | 210 | 840 B | ❌ over budget by 60" \
        in summary


def test_the_gitlab_ci_example(pull_request, env):
    (job,) = [j for j in examples()["gitlab"].values() if isinstance(j, dict) and "script" in j]
    assert job["variables"]["GIT_DEPTH"] == "0"
    assert job["artifacts"]["when"] == "always"
    env.update(job["variables"])
    # what GitLab sets in a merge-request pipeline: the commit the merge request's diff
    # starts from
    env["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = git(pull_request, "merge-base", "main", "HEAD")
    env["CI_PIPELINE_SOURCE"] = "merge_request_event"
    proc = run("\n".join(commands(job["script"])), pull_request, env)
    assert proc.returncode == 1, proc.stderr  # a budget exceeded fails the job
    for path in job["artifacts"]["paths"]:
        report = (pull_request / path).read_text()
        assert report == proc.stdout  # printed in the log and kept as the artifact
        assert "❌ **Review failed: 1 model over a budget or a growth threshold**" in report


def test_growth_over_the_threshold_fails_and_no_change_passes(pull_request, env):
    (pull_request / "models/config.py").write_text("HIDDEN = 11\n")  # 110 -> 120, +9.1%
    subprocess.run(["git", "commit", "-qam", "narrower"], cwd=pull_request, check=True,
                   env=env)
    env["BASE"] = "origin/main"
    env["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = git(pull_request, "merge-base", "main", "HEAD")
    (job,) = examples()["github"]["jobs"].values()
    github = commands([s["run"] for s in job["steps"] if "run" in s])
    proc = run("\n".join(github), pull_request, env)
    assert proc.returncode == 1  # within its budget, but +9.1% is over the 5% allowed
    assert "more than the 5%25 allowed" in proc.stdout  # %: escaped
    (pull_request / "models/config.py").write_text("HIDDEN = 10\n")
    (job,) = [j for j in examples()["gitlab"].values() if isinstance(j, dict) and "script" in j]
    proc = run("\n".join(commands(job["script"])), pull_request, env)
    assert proc.returncode == 0 and "✅ No model changed its parameter count" in proc.stdout
