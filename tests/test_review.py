"""Review mode on scratch git repositories: counts before (read with git show, never checked
out) and after a change, in changed files and in the files that import them; the verdict
(budgets on the new side, growth thresholds) and what reviewers read."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap

import pytest

from nnlint.adapters import review as review_mod
from nnlint.config import ConfigError, parse_growth

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

NET = """\
import torch.nn as nn
from pkg.config import HIDDEN


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(HIDDEN, 10)
"""
OTHER = """\
\"\"\"A model in a file of its own (long enough for git to see a rename when one line
changes: git diff -M pairs files that keep half of their lines).\"\"\"

import torch.nn as nn

keep = nn.Linear(2, 2)
"""
TRAIN = """\
import torch.nn as nn
from pkg.net import Net

head = nn.Sequential(Net(), nn.Linear(10, 2))
"""


@pytest.fixture(autouse=True)
def git_env(monkeypatch):
    """A git that reads no user or system configuration, with an author."""
    for var in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{var}_NAME", "nnlint tests")
        monkeypatch.setenv(f"GIT_{var}_EMAIL", "tests@example.com")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def write(root, files):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def make_repo(root, files):
    write(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def review(root, monkeypatch, capsys, *args):
    monkeypatch.chdir(root)
    code = review_mod.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def changes(root, monkeypatch, capsys, *args):
    code, out, _ = review(root, monkeypatch, capsys, "--format", "json", *args)
    doc = json.loads(out)
    return code, {(c["path"], c["model"]): c for c in doc["changes"]}, doc


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path, {"pkg/__init__.py": "", "pkg/config.py": "HIDDEN = 10\n",
                                "pkg/net.py": NET, "train.py": TRAIN,
                                "other.py": OTHER})


# ------------------------------------------------------------------ changes anywhere
def test_a_constant_changed_in_an_imported_file_moves_every_importer(
        repo, monkeypatch, capsys):
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    code, found, doc = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 0
    net, head = found["pkg/net.py", "Net"], found["train.py", "head"]
    # Linear(10, 10) = 110 -> Linear(20, 10) = 210; head adds Linear(10, 2) = 22
    assert (net["before"], net["after"], net["delta"], net["exact"]) == (110, 210, 100, True)
    assert (head["before"], head["after"], head["delta"]) == (132, 232, 100)
    assert net["why"] == "imports pkg/config.py"
    assert head["why"] == "imports pkg/net.py -> pkg/config.py"  # through another file
    assert ("other.py", "keep") not in found
    assert doc["base"]["rev"] == "HEAD" and doc["base"]["commit"] == doc["head"]["commit"]
    assert len(doc["base"]["commit"]) == 40


def test_a_second_review_is_served_from_the_cache_and_the_sides_stay_apart(
        repo, monkeypatch, capsys, tmp_path):
    # net.py and train.py are the same bytes on both sides and import a changed file: one
    # cache entry each, written by one side, must never give the other side its counts
    from nnlint import cache as cache_module
    monkeypatch.setenv("NNLINT_CACHE_DIR", str(tmp_path / "cache"))
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    hits = []
    get = cache_module.Cache.get

    def counting_get(self, *args, **kwargs):
        found = get(self, *args, **kwargs)
        hits.append(found is not None)
        return found
    monkeypatch.setattr(cache_module.Cache, "get", counting_get)
    first = changes(repo, monkeypatch, capsys, "--base", "HEAD")[1]
    assert not any(hits)
    hits.clear()
    second = changes(repo, monkeypatch, capsys, "--base", "HEAD")[1]
    assert second == first and any(hits)  # the changed file's two versions: from the cache
    net = second["pkg/net.py", "Net"]
    assert (net["before"], net["after"]) == (110, 210)  # Linear(10, 10), Linear(20, 10)
    hits.clear()
    assert changes(repo, monkeypatch, capsys, "--base", "HEAD", "--no-cache")[1] == first
    assert hits == []


def test_the_old_side_reads_imports_at_the_base(repo, monkeypatch, capsys):
    (repo / "pkg/config.py").write_text("HIDDEN = 7\n")
    (repo / "pkg/net.py").write_text(NET.replace("nn.Linear(HIDDEN, 10)",
                                                 "nn.Linear(HIDDEN, 20)"))
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    net = found["pkg/net.py", "Net"]
    assert (net["before"], net["after"]) == (110, 160)  # Linear(10, 10), Linear(7, 20)


def test_an_importer_is_found_on_the_old_side_too(repo, monkeypatch, capsys):
    # the new train.py no longer imports pkg/net.py: only the old side's imports find it
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    (repo / "train.py").write_text("import torch.nn as nn\nhead = nn.Linear(10, 2)\n")
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    assert (found["train.py", "head"]["before"], found["train.py", "head"]["after"]) == \
        (132, 22)


def test_relative_imports_and_a_package_init(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {
        "models/__init__.py": "WIDTH = 4\n",
        "models/blocks.py": "import torch.nn as nn\nfrom . import WIDTH\n\n"
                            "block = nn.Linear(WIDTH, WIDTH)\n",
        "models/deep/__init__.py": "",
        "models/deep/net.py": "import torch.nn as nn\nfrom ..blocks import block\n\n"
                              "net = nn.Sequential(block, nn.Linear(4, 1))\n"})
    (repo / "models/__init__.py").write_text("WIDTH = 4\nDEPTH = 2\n")
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    assert found == {}  # the count did not move
    (repo / "models/__init__.py").write_text("WIDTH = 8\n")
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    assert (found["models/blocks.py", "block"]["before"],
            found["models/blocks.py", "block"]["after"]) == (20, 72)
    # Linear(8, 8) then Linear(4, 1): the Sequential counts what it holds
    assert found["models/deep/net.py", "net"]["after"] == 77
    assert found["models/deep/net.py", "net"]["why"] == \
        "imports models/blocks.py -> models/__init__.py"


def test_a_renamed_file_is_followed(repo, monkeypatch, capsys):
    git(repo, "mv", "pkg/config.py", "pkg/settings.py")
    (repo / "pkg/net.py").write_text(NET.replace("pkg.config", "pkg.settings"))
    git(repo, "mv", "other.py", "models.py")
    (repo / "models.py").write_text(OTHER.replace("(2, 2)", "(2, 3)"))
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    keep = found["models.py", "keep"]
    assert (keep["old_path"], keep["why"], keep["before"], keep["after"]) == \
        ("other.py", "renamed", 6, 9)
    assert ("other.py", "keep") not in found  # one model renamed, not one removed + one new
    assert ("pkg/net.py", "Net") not in found and ("train.py", "head") not in found


def test_a_renamed_file_keeps_its_models_and_shows_the_rename(repo, monkeypatch, capsys):
    (repo / "sub").mkdir()
    git(repo, "mv", "other.py", "sub/moved.py")
    (repo / "sub/moved.py").write_text(OTHER.replace("(2, 2)", "(2, 4)"))
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--format", "markdown")
    assert code == 0
    assert "### `other.py` → `sub/moved.py` (renamed)" in out
    assert "| `keep` (line 6) | 6 | 12 | +6 (+100.0%) | 12 | 48 B | ✅ |" in out


def test_removed_and_untracked_files(repo, monkeypatch, capsys):
    (repo / "other.py").unlink()
    (repo / "fresh.py").write_text("import torch.nn as nn\nfresh = nn.Linear(4, 4)\n")
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    assert found["other.py", "keep"]["change"] == "removed"
    assert found["other.py", "keep"]["after"] is None
    assert found["fresh.py", "fresh"]["change"] == "new"
    assert found["fresh.py", "fresh"]["before"] is None


def test_paths_only_filter_what_is_reported(repo, monkeypatch, capsys):
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD", "pkg")
    assert set(found) == {("pkg/net.py", "Net")}  # the change outside pkg/ still counts


def test_a_library_model_is_read_from_the_disk_on_both_sides(tmp_path, monkeypatch, capsys):
    # an installed library inside the repository's ignored .venv is not at the base revision:
    # the old side reads it from the disk, as the new side does, so nothing moves
    repo = make_repo(tmp_path, {
        ".gitignore": ".venv/\n",
        "net.py": "import torchvision\nnet = torchvision.models.mini(classes=3)\n",
        "other.py": "import torch.nn as nn\nkeep = nn.Linear(2, 2)\n"})
    write(repo, {".venv/lib/torchvision/__init__.py": "from . import models\n",
                 ".venv/lib/torchvision/models/__init__.py":
                     "import torch.nn as nn\n\ndef mini(classes=10):\n"
                     "    return nn.Linear(4, classes)\n"})
    monkeypatch.setenv("NNLINT_LIBRARY_PATH", str(repo / ".venv/lib"))
    (repo / "net.py").write_text("import torchvision\nnet = torchvision.models.mini(classes=5)\n")
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    net = found["net.py", "net"]
    assert (net["before"], net["after"], net["exact"]) == (15, 25, True)


def test_a_tracked_file_in_a_library_folder_is_read_at_the_base(repo, monkeypatch, capsys):
    # an editable install puts the project's own folder on the library search path: its
    # files are still the project's, read at the base revision on the old side
    monkeypatch.setenv("NNLINT_LIBRARY_PATH", str(repo))
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    net = found["pkg/net.py", "Net"]
    assert (net["before"], net["after"]) == (110, 210)


def _notebook(*cells) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                                  "source": list(c)} for c in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_notebook_that_imports_a_changed_file(repo, monkeypatch, capsys):
    # the notebook's code cells are read as lint_source reads them, its imports too
    (repo / "explore.ipynb").write_text(_notebook(
        ["%matplotlib inline\n", "import torch.nn as nn\n"],
        ["from pkg.config import HIDDEN\n", "probe = nn.Linear(HIDDEN, 1)\n"]))
    git(repo, "add", "explore.ipynb")
    git(repo, "commit", "-qm", "notebook")
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    _, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD")
    probe = found["explore.ipynb", "probe"]
    assert (probe["before"], probe["after"], probe["why"]) == (11, 21, "imports pkg/config.py")
    assert (probe["cell"], probe["line"]) == (2, 2)
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--format", "github")
    assert "::notice file=explore.ipynb,title=nnlint review::cell 2, line 2: probe: 11 -> 21" \
        in out


# ------------------------------------------------------------------ the verdict
def test_a_budget_overshoot_on_the_new_side_fails(repo, monkeypatch, capsys):
    (repo / "pyproject.toml").write_text('[tool.nnlint.budgets]\n"pkg/*::Net" = 150\n')
    git(repo, "add", "pyproject.toml")
    git(repo, "commit", "-qm", "budget")
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 0 and "no model changed" in out
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 1
    assert "model Net has 210 parameters, over its budget of 150 by 60 (+40.0%)" in out
    assert "review failed: 1 model over a budget" in out
    code, _, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--exit-zero")
    assert code == 0


def test_a_model_already_over_budget_in_a_file_compared_fails(repo, monkeypatch, capsys):
    # budgets apply as in a normal run: every model of the files compared
    (repo / "pkg/net.py").write_text(NET + "\n# a comment\n")
    code, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD", "--max-params", "100")
    assert code == 1
    net = found["pkg/net.py", "Net"]
    assert net["change"] == "unchanged" and "over its budget of 100 by 10" in net["failures"][0]


def test_a_growth_threshold(repo, monkeypatch, capsys):
    (repo / "pkg/config.py").write_text("HIDDEN = 11\n")  # Net: 110 -> 120 (+9.1%)
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--fail-over", "10%")
    assert code == 0 and "no growth over 10%" in out
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--fail-over", "5%")
    assert code == 1
    assert "model Net grew by 10 parameters (110 -> 120, +9.1%), more than the 5% allowed" \
        in out
    assert "model head grew by 10 parameters (132 -> 142, +7.6%)" in out
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--fail-over", "10")
    assert code == 0  # 10 parameters more is not more than 10
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--fail-over", "9")
    assert code == 1
    (repo / "pkg/config.py").write_text("HIDDEN = 1\n")  # shrinking never fails
    code, _, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--fail-over", "0")
    assert code == 0


def test_a_growth_threshold_from_the_review_table(repo, monkeypatch, capsys):
    (repo / "pyproject.toml").write_text(
        '[tool.nnlint.review]\nbase = "HEAD"\nfail-over = ["5%", "1M"]\n')
    (repo / "pkg/config.py").write_text("HIDDEN = 11\n")
    code, out, _ = review(repo, monkeypatch, capsys)  # base from the table
    assert code == 1
    assert "more than the 5% allowed; growth threshold: fail-over in pyproject.toml" in out
    code, _, _ = review(repo, monkeypatch, capsys, "--fail-over", "50%")  # the option wins
    assert code == 0


def test_a_new_model_has_no_growth_but_its_budget_applies(repo, monkeypatch, capsys):
    (repo / "fresh.py").write_text("import torch.nn as nn\nfresh = nn.Linear(40, 40)\n")
    code, _, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--fail-over", "1%")
    assert code == 0
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--max-params", "1K")
    assert code == 1 and "fresh has 1,640 parameters, over its budget of 1,000" in out


def test_a_model_that_becomes_inexact(repo, monkeypatch, capsys):
    (repo / "pkg/config.py").write_text("import os\nHIDDEN = int(os.environ['HIDDEN'])\n")
    code, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD", "--fail-over", "0")
    net = found["pkg/net.py", "Net"]
    assert net["became_inexact"] and net["before_exact"] and not net["after_exact"]
    assert not net["exact"] and net["delta_bound"] == "at least"
    assert net["after"] <= 110  # a lower bound: it never claims more than the truth
    assert code == 0  # a lower bound proves no growth
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD")
    line = next(x for x in out.splitlines() if x.strip().startswith("Net "))
    assert "now a lower bound (was exact)" in line and "≥" in line
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--format", "github")
    assert "::warning file=pkg/net.py,line=5,title=nnlint review::Net: 110 -> ≥" in out
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--no-allow-inexact",
                          "--max-params", "1M")
    assert code == 1 and "cannot be verified" in out


def test_growth_with_a_lower_bound_after_is_still_growth(repo, monkeypatch, capsys):
    # the count after is at least 211 (a layer of unknown width has its bias): it grew by >= 101
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    (repo / "pkg/net.py").write_text(NET + "        import os\n"
                                     "        self.extra = nn.Linear(int(os.environ['W']), 1)\n")
    code, found, _ = changes(repo, monkeypatch, capsys, "--base", "HEAD", "--fail-over", "50%")
    assert code == 1
    assert "model Net grew by at least 101 parameters" in found["pkg/net.py", "Net"][
        "failures"][0]


# ------------------------------------------------------------------ what reviewers read
def test_markdown_groups_by_file_with_trainable_and_size(repo, monkeypatch, capsys):
    (repo / "pyproject.toml").write_text('[tool.nnlint]\ndtype = "bf16"\n')
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--format", "markdown")
    assert code == 0
    assert out.startswith("## nnlint review\n")
    assert "✅ 2 models changed in 2 files; no budget exceeded." in out
    assert "### `pkg/net.py` (imports `pkg/config.py`)" in out
    assert "### `train.py` (imports `pkg/net.py` → `pkg/config.py`)" in out
    assert "| Model | Before | After | Change | Trainable | Size (bf16) | Status |" in out
    assert "| `Net` (line 5) | 110 | 210 | +100 (+90.9%) | 210 | 420 B | ✅ |" in out


def test_github_annotates_the_changed_model_lines(repo, monkeypatch, capsys, tmp_path_factory):
    summary = tmp_path_factory.mktemp("summary") / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    (repo / "other.py").unlink()
    code, out, _ = review(repo, monkeypatch, capsys, "--base", "HEAD", "--format", "github",
                          "--max-params", "200")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("::error file=pkg/net.py,line=5,title=nnlint review::"
                               "Net: 110 -> 210 parameters, +100 (+90.9%25)%0Amodel Net has 210")
    assert lines[1].startswith("::error file=train.py,line=4,")
    assert "::notice title=nnlint review::other.py (removed): keep: removed (had 6 " \
           "parameters)" in lines
    assert "## nnlint review" in summary.read_text()


def test_json_has_both_revisions_and_the_verdict(repo, monkeypatch, capsys):
    git(repo, "commit", "-q", "--allow-empty", "-m", "second")
    (repo / "pkg/config.py").write_text("HIDDEN = 20\n")
    code, found, doc = changes(repo, monkeypatch, capsys, "--base", "HEAD~1", "--fail-over",
                               "50%")
    assert code == 1 and doc["passed"] is False and doc["fail_over"] == ["50%"]
    assert doc["files_compared"] == 3  # pkg/config.py, and pkg/net.py and train.py above it
    assert doc["base"]["rev"] == "HEAD~1" and doc["base"]["commit"] != doc["head"]["commit"]
    net = found["pkg/net.py", "Net"]
    assert {"before", "after", "delta", "exact", "trainable_before", "trainable_after",
            "size_bytes_after", "line", "old_path", "failures"} <= set(net)
    assert net["size_bytes_after"] == 840


# ------------------------------------------------------------------ errors
def test_an_unknown_revision_is_named(repo, monkeypatch, capsys):
    code, out, err = review(repo, monkeypatch, capsys, "--base", "nope")
    assert (code, out, err) == (2, "", "nnlint review: unknown revision 'nope'\n")
    code, out, err = review(repo, monkeypatch, capsys, "--base=--help-me")
    assert code == 2 and "Traceback" not in err


def test_a_shallow_clone_says_what_to_fetch(repo, tmp_path_factory, monkeypatch, capsys):
    git(repo, "commit", "-q", "--allow-empty", "-m", "second")
    clone = tmp_path_factory.mktemp("shallow") / "clone"
    git(repo, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    code, _, err = review(clone, monkeypatch, capsys, "--base", "HEAD~1")
    assert code == 2 and err.startswith("nnlint review: unknown revision 'HEAD~1' (this clone "
                                        "is shallow: fetch the base's history")


def test_outside_a_repository(tmp_path, monkeypatch, capsys):
    code, _, err = review(tmp_path, monkeypatch, capsys, "--base", "HEAD")
    assert code == 2 and err.startswith("nnlint review: not inside a git repository")


def test_a_broken_review_table_is_a_configuration_error(repo, monkeypatch, capsys):
    (repo / "pyproject.toml").write_text('[tool.nnlint.review]\nfail-over = "a lot"\n')
    code, _, err = review(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 2 and "review.fail-over" in err and "'a lot'" in err
    (repo / "pyproject.toml").write_text('[tool.nnlint.review]\nfail_over = "5%"\n')
    code, _, err = review(repo, monkeypatch, capsys, "--base", "HEAD")
    assert code == 2 and "unknown key 'fail_over' in [tool.nnlint.review]" in err


def test_bad_fail_over_option_is_a_usage_error(repo, monkeypatch, capsys):
    with pytest.raises(SystemExit) as exc:
        review(repo, monkeypatch, capsys, "--fail-over", "-5%")
    assert exc.value.code == 2


def test_growth_thresholds_parse():
    assert parse_growth("5%").percent == 5 and parse_growth("0.5 %").percent
    assert parse_growth("1M").params == 1_000_000 and parse_growth(250).params == 250
    for bad in ("five%", "-1%", "nan%", "1Q", True):
        with pytest.raises(ConfigError):
            parse_growth(bad)


def test_the_nnlint_command_runs_review(repo):
    import sys
    proc = subprocess.run([sys.executable, "-m", "nnlint", "review", "--base", "nope"],
                          cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr == "nnlint review: unknown revision 'nope'\n"
