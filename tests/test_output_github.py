"""--format github: workflow-command annotations, worst first, and the step summary."""

from __future__ import annotations

from nnlint.adapters.cli import main
from nnlint.api import lint_source
from nnlint.config import Config
from nnlint.output import github
from tests.snapshot import PROJECT, assert_snapshot, project_reports


def test_snapshot(monkeypatch):
    reports, settings = project_reports(monkeypatch)
    assert_snapshot("github.txt", github.render(reports, settings))


def test_summary_snapshot(monkeypatch):
    reports, settings = project_reports(monkeypatch)
    assert_snapshot("github_summary.md", github.summary(reports, settings))


def test_step_summary_is_appended_when_set(tmp_path, monkeypatch, capsys):
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    monkeypatch.chdir(PROJECT)
    assert main(["--format", "github", "models.py"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=models.py,line=")
    text = target.read_text()
    assert text.startswith("earlier step\n## nnlint") and "| `Encoder` |" in text


def test_no_summary_without_the_variable(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert github.write_step_summary([], None) is False


def test_escaping():
    from nnlint.report import Diagnostic
    d = Diagnostic("NNL301", 3, 4, "50% of a\nb", "error")
    assert github.annotation("dir,x/a:b.py", d) == (
        "::error file=dir%2Cx/a%3Ab.py,line=3,col=5,title=NNL301 shape-mismatch::50%25 of a%0Ab")


def test_worst_offenders_first_and_at_most_ten_per_level():
    text = "import torch.nn as nn\n" + "".join(
        f"m{i} = nn.Linear({10 * (i + 1)}, 10)\n" for i in range(12))
    report = lint_source(text, "m.py", Config(max_params=100))
    out = github.render([report], Config()).splitlines()
    annotations = [line for line in out if line.startswith("::error")]
    assert len(annotations) == 10
    assert "model m11 " in annotations[0] and "model m2 " in annotations[-1]
    assert out[10].startswith("nnlint: 2 more findings")
    assert out[11].startswith("m.py:3:1: NNL201 model m1 ")
