"""Robustness of the whole tool: reports are always well formed, one bad file never stops a
run, nnlint never writes anything, and misuse of the command line gets one line and exit 2.

`assert_well_formed` is the shape every report must have, whatever the input; the other
robustness tests (test_hostile, test_properties, test_never_executes) use it too.
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import pytest

from nnlint.adapters import cli
from nnlint.api import lint_paths, lint_source
from nnlint.diagnostics import RULES
from nnlint.output import json as json_out
from nnlint.report import Diagnostic, FileReport, LayerReport, ModelReport

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_FILES = sorted(FIXTURES.rglob("*.py"))
SEVERITIES = {"error", "warning", "info"}


def _count(value, what):
    assert value is None or (isinstance(value, int) and not isinstance(value, bool)), \
        f"{what} is {value!r}"
    assert value is None or value >= 0, f"{what} is negative: {value}"


def assert_well_formed(report, path=None):
    """The invariants of a FileReport: types, codes from the table, exact means complete."""
    assert isinstance(report, FileReport)
    if path is not None:
        assert report.path == path
    for d in report.diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.code in RULES, f"unknown code {d.code}"
        assert d.severity in SEVERITIES
        assert isinstance(d.line, int) and d.line >= 0, d
        assert isinstance(d.column, int) and d.column >= 0, d
        assert isinstance(d.message, str) and d.message.strip(), d
        assert d.code != "NNL003", f"internal error: {d.message}"
    names = [m.name for m in report.models]
    assert len(names) == len(set(names)), f"a model reported twice: {names}"
    for m in report.models:
        assert isinstance(m, ModelReport)
        assert isinstance(m.name, str) and m.name
        assert m.framework in ("torch", "keras")
        assert isinstance(m.line, int) and m.line >= 0
        assert isinstance(m.exact, bool)
        for what in ("total_params", "trainable_params", "non_trainable_params"):
            _count(getattr(m, what), f"{m.name}.{what}")
        if m.exact:
            assert m.total_params is not None, f"{m.name}: exact without a total"
            assert not m.notes, f"{m.name}: exact with notes {m.notes}"
        if None not in (m.total_params, m.trainable_params, m.non_trainable_params):
            assert m.trainable_params + m.non_trainable_params == m.total_params, m.name
        for layer in m.layers:
            assert isinstance(layer, LayerReport)
            _count(layer.params, f"{m.name}.{layer.name}.params")
    doc = json.loads(json_out.render([report]))
    assert [f["path"] for f in doc["files"]] == [report.path]
    got = [x["total_params"] for x in doc["files"][0]["models"]]
    assert got == [m.total_params for m in report.models], "JSON changed a number"


# ------------------------------------------------------------ fail soft per file
def test_an_internal_error_in_one_file_costs_only_that_file(tmp_path, monkeypatch):
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text("import torch.nn as nn\nnet = nn.Linear(4, 2)\n")
    import nnlint.models.discover

    real = nnlint.models.discover.find_models

    def broken_on_b(module, path, *args, **kwargs):
        if path.endswith("b.py"):
            raise KeyError("a bug in nnlint")
        return real(module, path, *args, **kwargs)

    monkeypatch.setattr(nnlint.models.discover, "find_models", broken_on_b)
    monkeypatch.setattr("nnlint.api.RAISE_INTERNAL_ERRORS", False)
    reports = {Path(r.path).name: r for r in lint_paths([str(tmp_path)])}
    assert [m.total_params for m in reports["a.py"].models] == [10]
    assert [m.total_params for m in reports["c.py"].models] == [10]
    assert reports["b.py"].models == []
    assert [d.code for d in reports["b.py"].diagnostics] == ["NNL003"]
    assert "KeyError" in reports["b.py"].diagnostics[0].message


def test_an_unreadable_path_is_a_diagnostic_not_an_exception(tmp_path):
    folder = tmp_path / "looks_like_a_file.py"
    folder.mkdir()
    (report,) = lint_paths([str(tmp_path / "missing.py")])
    assert [d.code for d in report.diagnostics] == ["NNL002"]
    assert "cannot read" in report.diagnostics[0].message


# ------------------------------------------------------------------ huge counts
def test_huge_exact_counts_survive_json_exactly(tmp_path):
    report = lint_source("import torch.nn as nn\nnet = nn.Linear(10**30, 10**30)\n", "big.py")
    assert_well_formed(report, "big.py")
    doc = json.loads(json_out.render([report]))
    assert doc["files"][0]["models"][0]["total_params"] == 10**60 + 10**30


def test_text_output_of_a_10_to_the_30_layer(tmp_path, capsys):
    path = tmp_path / "big.py"
    path.write_text("import torch.nn as nn\nnet = nn.Linear(10**30, 10**30)\n")
    assert cli.main([str(path)]) == 0
    assert f"{10**60 + 10**30:,}" in capsys.readouterr().out


def test_text_output_of_a_count_beyond_float_range(tmp_path, capsys):
    path = tmp_path / "big.py"
    path.write_text("import torch.nn as nn\nnet = nn.Linear(2**2000, 2**2000)\n")
    assert cli.main([str(path)]) == 0


# ------------------------------------------------------------------- nothing lost
def _snapshot(root: Path) -> dict:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_run_writes_nothing_and_changes_no_file(tmp_path, fmt, capsys, monkeypatch):
    """A run leaves the analysed tree byte for byte and mtime for mtime (the cache of
    analyses has a folder of its own: NNLINT_CACHE_DIR in the tests)."""
    for src in FIXTURE_FILES[::3]:
        dest = tmp_path / src.relative_to(FIXTURES)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(src.read_bytes())
    (tmp_path / "broken.py").write_bytes(b"import torch\nclass (:\n")
    (tmp_path / "binary.py").write_bytes(b"torch\0\xff")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    before = _snapshot(tmp_path)
    cli.main(["--format", fmt, str(tmp_path)])
    capsys.readouterr()
    assert _snapshot(tmp_path) == before


def test_lint_opens_no_file_for_writing(tmp_path, monkeypatch):
    for src in FIXTURE_FILES[::2]:
        dest = tmp_path / src.name
        dest.write_bytes(src.read_bytes())
    writes = []
    real_open, real_os_open = open, os.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+"):
            writes.append((file, mode))
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC):
            writes.append((path, flags))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    reports = list(lint_paths([str(tmp_path)]))
    assert reports and not writes


# ------------------------------------------------------------------ concurrency
def test_concurrent_runs_in_threads_agree_with_a_sequential_run():
    """The parser runs on a thread of its own (nnlint.source.guard): several callers at once,
    as a language server does, get the same reports as one after the other."""
    files = FIXTURE_FILES[:12]
    expected = {p: [(m.name, m.total_params, m.exact) for m in
                    lint_source(p.read_bytes(), str(p)).models] for p in files}
    got, errors = {}, []

    def work(p):
        try:
            got[p] = [(m.name, m.total_params, m.exact) for m in
                      lint_source(p.read_bytes(), str(p)).models]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(p,)) for p in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert got == expected


# ----------------------------------------------------------------- CLI misuse
def _usage_error(argv, capsys):
    """(exit code, stderr lines) of a CLI call that must fail."""
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse exits by itself
        code = exc.code
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line.strip()]


def _one_line(lines):
    return len(lines) == 1 and re.match(r"nnlint: (configuration )?error: \S", lines[0])


def test_missing_path(tmp_path, capsys):
    code, lines = _usage_error([str(tmp_path / "nope.py")], capsys)
    assert code == 2 and _one_line(lines), lines
    assert "nope.py" in lines[0]


def test_unreadable_pyproject(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.nnlint\nmax-params = 3\n")
    (tmp_path / "m.py").write_text("import torch.nn as nn\nnet = nn.Linear(2, 2)\n")
    monkeypatch.chdir(tmp_path)
    code, lines = _usage_error(["m.py"], capsys)
    assert code == 2 and _one_line(lines), lines
    assert "pyproject.toml" in lines[0]


def test_bad_budget_in_pyproject(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.nnlint]\nmax-params = "lots"\n')
    (tmp_path / "m.py").write_text("import torch.nn as nn\nnet = nn.Linear(2, 2)\n")
    monkeypatch.chdir(tmp_path)
    code, lines = _usage_error(["m.py"], capsys)
    assert code == 2 and _one_line(lines), lines


def test_missing_config_file(tmp_path, capsys):
    code, lines = _usage_error(["--config", str(tmp_path / "none.toml"), str(tmp_path)],
                               capsys)
    assert code == 2 and _one_line(lines), lines


@pytest.mark.parametrize("argv", [["--bogus"], ["--max-params", "lots"], ["--format", "xml"]],
                         ids=["unknown-option", "bad-budget-option", "bad-format"])
def test_bad_option_exits_2(argv, tmp_path, capsys):
    code, lines = _usage_error(argv + [str(tmp_path)], capsys)
    assert code == 2
    assert lines and lines[-1].startswith("nnlint: error: ")


@pytest.mark.parametrize("argv", [["--bogus"], ["--max-params", "lots"]],
                         ids=["unknown-option", "bad-budget-option"])
def test_bad_option_is_one_line(argv, tmp_path, capsys):
    code, lines = _usage_error(argv + [str(tmp_path)], capsys)
    assert code == 2 and _one_line(lines), lines


def test_a_directory_without_python_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("no python here\n")
    code, lines = _usage_error([str(tmp_path)], capsys)
    assert code == 2 and _one_line(lines), lines
