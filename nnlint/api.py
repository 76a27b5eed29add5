"""The one entry point every adapter uses: source in, `FileReport` out.

    lint_source(data, path) -> FileReport
    lint_paths(paths) -> iterator of FileReport

Bad input never raises: a syntax error, undecodable bytes or an internal error
becomes a diagnostic on that file and the run goes on.
"""

from __future__ import annotations

import os
import threading
from typing import Iterable, Iterator

from nnlint.interpreter.resolve import mentions_framework
from nnlint.report import Diagnostic, FileReport
from nnlint.source.guard import decode
from nnlint.source.notebook import NotANotebook, is_notebook, python_source, to_cells

# raise instead of reporting NNL003 (tests set this, as pyflakes' PYFLAKES_ERROR_UNKNOWN)
RAISE_INTERNAL_ERRORS = bool(os.environ.get("NNLINT_RAISE_INTERNAL_ERRORS"))

SKIP_DIRS = {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", ".env",
             "__pycache__", "build", "dist", "node_modules", ".mypy_cache", ".pytest_cache",
             ".ruff_cache", "site-packages", ".eggs", ".ipynb_checkpoints"}


# One analysis at a time in a process: CPython 3.11's ast module keeps its recursion count
# per interpreter, not per thread, so ast.parse on two threads at once can fail ("AST
# constructor recursion depth mismatch"; seen even with every nnlint parse under
# guard.quiet's lock, in CI's concurrency test), and the GIL runs the analysis one thread
# at a time anyway. Callers on several threads (a language server) wait their turn.
_ONE_AT_A_TIME = threading.RLock()


def lint_source(data, path: str = "<string>", config=None, project=None,
                cache=None) -> FileReport:
    """Count the models of one file's source (bytes or str), then check them.

    `config` is a `nnlint.config.Config` (applied as is), a `Settings` (which finds
    the file's [tool.nnlint]) or None (defaults: every rule, no budget). It brings
    budgets (NNL2xx), select / ignore, per-file-ignores; comments in the source
    (`# noqa`, `# nnlint: ignore[...]`, `# nnlint: max-params=...`) apply too.
    A broken [tool.nnlint] raises `nnlint.config.ConfigError`.

    `project` (a `nnlint.source.project.Project`) keeps the parses of imported files; None: the
    process's (`nnlint.session.shared()`), which reuses a parse while the file's text is
    the same. `cache` (a `nnlint.cache.Cache`) keeps analyses between runs; None: none.
    """
    with _ONE_AT_A_TIME:
        return _lint_source(data, path, config, project, cache)


def _lint_source(data, path, config, project, cache=None) -> FileReport:
    """lint_source without the lock."""
    config = _config_of(config, path)
    if project is None:
        from nnlint.session import shared
        project = shared().project
    report = FileReport(path)
    if isinstance(data, str):
        try:
            raw, text = data.encode("utf-8"), data
        except UnicodeEncodeError:  # lone surrogates: decode() below reports them
            raw, text = data.encode("utf-8", "surrogatepass"), None
    else:
        raw = data
        text = None
    if b"\0" in raw:  # a binary (an ELF named x.py) says so even without a framework name
        text = None
    elif not mentions_framework(raw) and not project.imports_model_code(raw, path):
        report.skipped = True  # no model can be made here: not even parsed
        return report
    cells = None
    if is_notebook(path) and b"\0" not in raw:
        text, cells = _notebook_source(raw, report)
    elif text is None:
        text, problem = decode(raw, path)
        if problem is not None:
            report.diagnostics.append(problem)
    if text is not None:
        _analyse_cached(raw, text, path, report, project, config, cache)
    try:
        _check(report, text, config)
    except Exception as exc:  # budgets and suppressions fail soft per file too
        from nnlint.config import ConfigError
        if RAISE_INTERNAL_ERRORS or isinstance(exc, ConfigError):
            raise
        report.diagnostics.append(Diagnostic(
            "NNL003", 1, 0, f"internal error: {type(exc).__name__}: {exc}", "error"))
    if cells is not None:
        to_cells(report, cells)
    return report


def _notebook_source(raw: bytes, report: FileReport):
    """(joined source of the code cells, cells) or (None, None) with an NNL002."""
    try:
        return python_source(raw)
    except NotANotebook as exc:
        report.diagnostics.append(Diagnostic("NNL002", 1, 0, str(exc), "error"))
        return None, None


def _analyse_cached(raw, text, path, report, project, config, cache) -> None:
    """The analysis, from the persistent cache where it holds one for these bytes, the
    same configuration and the same bytes of every file the analysis read."""
    context = _cache_context(config, project) if cache is not None else None
    if cache is not None and not path.startswith("<"):
        hit = cache.get(raw, path, context, None if project.on_disk else project)
        if hit is not None:
            report.models, diagnostics = hit
            report.diagnostics.extend(diagnostics)
            return
    _analyse_safely(text, path, report, project, config)
    if cache is not None and not path.startswith("<") and \
            not any(d.code == "NNL003" for d in report.diagnostics):
        cache.put(raw, path, context, report, project.reads, project.probes)


def _cache_context(config, project) -> str:
    """What else an analysis depends on: the configuration, and where installed libraries
    are read (each folder's modification time: installing a package changes it)."""
    from nnlint.source.libraries import default_search_path
    stamps = []
    library_path = project._library_path  # not project.library_path: that would set it
    for folder in default_search_path() if library_path is None else library_path:
        try:
            stamps.append((folder, os.stat(folder).st_mtime_ns))
        except OSError:
            stamps.append((folder, None))
    return repr((config, stamps, project.label))


def _analyse_safely(text, path, report, project, config) -> None:
    try:
        _analyse(text, path, report, project, config)
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


def _config_of(config, path):
    if config is None:
        from nnlint.config import Config
        return Config()
    return config.for_path(path)


def _check(report: FileReport, text, config) -> None:
    """Budgets, then what select / ignore / per-file-ignores and comments let through."""
    from nnlint.budgets import apply_budgets
    from nnlint.suppress import keep, read_directives

    directives = read_directives(text)
    apply_budgets(report, config, directives)
    report.diagnostics.extend(directives.problems)
    path = report.path
    report.diagnostics = [d for d in report.diagnostics if keep(d, config, directives, path)]
    for m in report.models:
        m.notes = [d for d in m.notes if keep(d, config, directives, path)]


def _analyse(text: str, path: str, report: FileReport, project, config) -> None:
    import libcst as cst

    from nnlint.models.discover import find_models, holds_no_models
    from nnlint.source import guard
    from nnlint.source.positions import Positions

    project.begin()
    cached = project.parsed(path, text)  # already parsed this run, as an import
    if cached is None:
        too_big = guard.check(text)  # the parser would crash or take too long
        if too_big is not None:
            report.diagnostics.append(too_big)
            return
    if holds_no_models(text):  # an __init__.py of imports: nothing to evaluate, whether
        return  # or not an earlier file imported (and so parsed) it
    if cached is not None:
        module, positions = cached
    else:
        try:
            module = guard.parse_module(text)
        except cst.ParserSyntaxError as exc:
            report.diagnostics.append(guard.syntax_error(text, exc))
            return
        positions = Positions(module, text)
        project.remember(path, text, module, positions)
    from nnlint.interpreter.cmdline import CommandLine, assume_defaults
    from nnlint.inputs import input_for, statement_end
    from nnlint.suppress import read_directives
    cmdline = CommandLine()
    versions = config.framework_versions()
    directives = read_directives(text)

    lines = text.splitlines(keepends=True)

    def inputs(name, line):
        if not directives.inputs:
            return input_for(config, path, name, line, directives)
        return input_for(config, path, name, line, directives, statement_end(lines, line))
    try:
        models, notes = find_models(module, path, positions, project, cmdline, versions,
                                    inputs)
        if cmdline.consulted and any(not m.exact for m in models):
            again = CommandLine(assume_defaults=True)
            assume_defaults(models, find_models(module, path, positions, project, again,
                                                versions, inputs)[0], again)
    finally:
        project.linted(path)
    report.models = sorted(models, key=lambda m: (m.line, m.column))  # source order
    report.diagnostics.extend(notes)
    for m in models:
        for n in m.notes:
            n.model = m.name
        report.diagnostics.extend(m.notes)
    _structural_rules(module, positions, path, report, config)
    report.diagnostics = _one_shape_error_a_line(report.diagnostics)


def _one_shape_error_a_line(diagnostics):
    """A layer's shape error found in the forward() of two models (the class and `net =
    Net()`), or also by the structural rule, is one finding: the first on its line."""
    seen, out = set(), []
    for d in diagnostics:
        if d.code == "NNL301":
            if d.line in seen:
                continue
            seen.add(d.line)
        out.append(d)
    return out


def _structural_rules(module, positions, path, report, config) -> None:
    """NNL3xx: a failure here is reported, but never costs the file its counts."""
    from nnlint.rules import check_module
    try:
        report.diagnostics.extend(check_module(module, positions, path,
                                               lambda code: config.enabled(code, path)))
    except RecursionError:
        pass
    except Exception as exc:
        if RAISE_INTERNAL_ERRORS:
            raise
        report.diagnostics.append(Diagnostic(
            "NNL003", 1, 0, f"internal error in structural rules: {type(exc).__name__}: {exc}",
            "error"))


def iter_python_files(paths: Iterable[str], exclude=None) -> Iterator[str]:
    """Files as given, and *.py and *.ipynb files under folders (skipping VCS, venvs, builds).

    `exclude(path) -> bool`, when given, decides instead of the built-in folder list,
    for files found in folders and for files named explicitly (pre-commit names them).
    """
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _skip_dir(root, d, exclude))
                for f in sorted(files):
                    if is_source(f):
                        full = os.path.join(root, f)
                        if exclude is None or not exclude(full):
                            yield full
        elif exclude is None or not exclude(path):
            yield path


def is_source(name: str) -> bool:
    """A file nnlint reads when it finds it in a folder: Python source or a notebook."""
    return name.endswith(".py") or is_notebook(name)


def _skip_dir(root: str, d: str, exclude) -> bool:
    if os.path.exists(os.path.join(root, d, "pyvenv.cfg")):
        return True
    if exclude is not None:
        return exclude(os.path.join(root, d))
    return d in SKIP_DIRS or d.endswith(".egg-info")


def lint_file(path: str, config=None, project=None, cache=None) -> FileReport:
    from nnlint.source.guard import MAX_SOURCE_BYTES, read_source
    from nnlint.source.notebook import MAX_NOTEBOOK_BYTES
    try:
        data = read_source(path, MAX_NOTEBOOK_BYTES if is_notebook(path) else MAX_SOURCE_BYTES)
    except OSError as exc:
        report = FileReport(path)
        report.diagnostics.append(Diagnostic("NNL002", 1, 0,
                                             f"cannot read file: {exc.strerror or exc}",
                                             "error"))
        _check(report, None, _config_of(config, path))
        return report
    return lint_source(data, path, config, project, cache)


def lint_paths(paths: Iterable[str], config=None, project=None,
               cache=None) -> Iterator[FileReport]:
    """Reports for files and folders; `config` None finds each file's [tool.nnlint]."""
    if config is None:
        from nnlint.config import Settings
        config = Settings()

    def excluded(p):
        return config.for_path(p).is_excluded(p)

    for path in iter_python_files(paths, excluded):
        yield lint_file(path, config, project, cache)
