"""The one entry point every adapter uses: source in, `FileReport` out.

    lint_source(data, path) -> FileReport
    lint_paths(paths) -> iterator of FileReport

Bad input never raises: a syntax error, undecodable bytes or an internal error
becomes a diagnostic on that file and the run goes on.
"""

from __future__ import annotations

import io
import os
import tokenize
from typing import Iterable, Iterator, Optional

from nnlint.report import Diagnostic, FileReport
from nnlint.resolve import mentions_framework

# raise instead of reporting NNL003 (tests set this, as pyflakes' PYFLAKES_ERROR_UNKNOWN)
RAISE_INTERNAL_ERRORS = bool(os.environ.get("NNLINT_RAISE_INTERNAL_ERRORS"))

SKIP_DIRS = {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", ".env",
             "__pycache__", "build", "dist", "node_modules", ".mypy_cache", ".pytest_cache",
             ".ruff_cache", "site-packages", ".eggs", ".ipynb_checkpoints"}


def decode(data: bytes, path: str):
    """(text, None) or (None, Diagnostic) for bytes that are not Python source."""
    if b"\0" in data:
        return None, Diagnostic("NNL002", 1, 0, "binary file (NUL bytes): not Python source",
                                "error")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        return None, Diagnostic("NNL002", 1, 0, f"cannot decode file: {exc}", "error")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def lint_source(data, path: str = "<string>", config=None, project=None) -> FileReport:
    """Count the models of one file's source (bytes or str)."""
    report = FileReport(path)
    if isinstance(data, str):
        raw = data.encode("utf-8", "surrogatepass")
        text = data
    else:
        raw = data
        text = None
    if not mentions_framework(raw):
        report.skipped = True
        return report
    if text is None:
        text, problem = decode(raw, path)
        if problem is not None:
            report.diagnostics.append(problem)
            return report
    try:
        _analyse(text, path, report, project)
    except RecursionError:
        report.models = []
        report.diagnostics.append(Diagnostic("NNL004", 1, 0,
                                             "code nested too deeply to analyse", "warning"))
    except Exception as exc:  # fail soft per file, loudly in tests
        if RAISE_INTERNAL_ERRORS:
            raise
        report.models = []
        report.diagnostics.append(Diagnostic(
            "NNL003", 1, 0, f"internal error: {type(exc).__name__}: {exc}", "error"))
    return report


def _analyse(text: str, path: str, report: FileReport, project) -> None:
    import libcst as cst

    from nnlint.discover import find_models
    from nnlint.positions import Positions

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        report.diagnostics.append(Diagnostic(
            "NNL001", exc.raw_line, exc.raw_column,
            f"syntax error: {exc.message}", "error"))
        return
    positions = Positions(module)
    if project is None:
        from nnlint.project import Project
        project = Project()
    models, notes = find_models(module, path, positions, project)
    report.models = models
    report.diagnostics.extend(notes)
    for m in models:
        for n in m.notes:
            n.model = m.name
        report.diagnostics.extend(m.notes)


def iter_python_files(paths: Iterable[str], exclude=None) -> Iterator[str]:
    """Files as given, and *.py files under folders (skipping VCS, venvs, builds)."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS
                                 and not d.endswith(".egg-info")
                                 and not os.path.exists(os.path.join(root, d, "pyvenv.cfg")))
                for f in sorted(files):
                    if f.endswith(".py") or f.endswith(".pyi") and False:
                        yield os.path.join(root, f)
        else:
            yield path


def lint_file(path: str, config=None, project=None) -> FileReport:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        report = FileReport(path)
        report.diagnostics.append(Diagnostic("NNL002", 1, 0,
                                             f"cannot read file: {exc.strerror or exc}",
                                             "error"))
        return report
    return lint_source(data, path, config, project)


def lint_paths(paths: Iterable[str], config=None, project=None) -> Iterator[FileReport]:
    if project is None:
        from nnlint.project import Project
        project = Project()
    for path in iter_python_files(paths):
        yield lint_file(path, config, project)
