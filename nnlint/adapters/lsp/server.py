"""nnlint as a language server: diagnostics, per-layer inlay hints, hovers, code actions.

    nnlint-lsp            (or: nnlint lsp, python -m nnlint.adapters.lsp.server)

A thin adapter over `api.lint_source`, like the CLI and the flake8 plugin: it counts
nothing of its own. Analyses run on one worker thread (`lsp_worker`): a burst of edits
costs one analysis after the last, a newer version cancels the analysis of an older
one, and hints and hovers answer at once from the last analysis that finished. What
is shown comes from `lsp_views` (hints, hovers) and `lsp_actions` (code actions).
A broken `pyproject.toml` is a diagnostic (NNL005) and a message, and a changed one
is read again without a restart. Needs pygls (``pip install 'nnlint[lsp]'``).
"""

from __future__ import annotations

import argparse
import sys
from collections import OrderedDict

from nnlint import __version__

_SEVERITY = {"error": 1, "warning": 2, "info": 3}
FIRST_ANALYSIS_WAIT = 30.0  # seconds a hint or hover request waits for a document's first


def _uri_to_path(uri: str) -> str:
    from urllib.parse import unquote, urlparse
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


class Analysis:
    """One finished analysis: the report, the text it was made from, and the config
    problem that made it fall back to the defaults (or None)."""

    def __init__(self, report, text, config_problem=None):
        self.report = report
        self.text = text
        self.config_problem = config_problem
        self._spans = None
        self.cells = None  # a notebook's: ((cell uri, text), ...) of its code cells
        self._cells = {}

    def cell(self, index: int) -> "Analysis":
        """A notebook's analysis seen from one code cell (0-based), on the cell's lines."""
        if index not in self._cells:
            from nnlint.adapters.lsp.notebooks import cell_report
            self._cells[index] = Analysis(cell_report(self.report, index + 1),
                                          self.cells[index][1], self.config_problem)
        return self._cells[index]

    @property
    def spans(self):
        if self._spans is None:
            from nnlint.adapters.lsp.views import extents
            self._spans = extents(self.text)
        return self._spans


class Linter:
    """lint_source with the file's [tool.nnlint], read afresh for every analysis (a few
    stats and one small TOML parse), and the parses of imported files kept from one
    analysis to the next: the process's session (`nnlint.session`, which reuses a parse
    only for the same text) where there is one, else a project dropped when files change.

    The persistent cache is used only for a document whose text is the file on disk (just
    opened or saved): the versions typed in between would fill it for nothing."""

    KEPT = 8  # documents whose last parse is kept for the next version's

    def __init__(self):
        self._project = None
        self._reparsers = OrderedDict()  # path -> Reparser, the documents edited last

    def reset(self):
        """Files on disk changed: a bare project forgets what it parsed of them."""
        if not _has_sessions():
            self._project = None

    def _lint(self, text, path, config):
        from nnlint.api import lint_source
        if _has_sessions():
            from nnlint.session import shared
            session = shared()
            cache = session.cache if _on_disk(text, path) else None
            self._parse(text, path, session.project)
            return lint_source(text, path, config, session.project, cache)
        if self._project is None:
            from nnlint.source.project import Project
            self._project = Project()
        self._parse(text, path, self._project)
        return lint_source(text, path, config, self._project)

    def _parse(self, text, path, project):
        """Parse the document's text reusing its last version's unchanged statements, and
        hand the parse to the project, where lint_source finds it. Nothing when the text
        must be parsed whole (lint_source then does, and reports what is wrong)."""
        from nnlint.interpreter.resolve import mentions_framework
        from nnlint.models.discover import inert_statement
        from nnlint.source.incremental import Reparser
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: lint_source reports them
            return
        if path.startswith("<") or path.endswith(".ipynb") or not mentions_framework(data) \
                or project.parsed(path, text):
            return
        reparser = self._reparsers.pop(path, None) or Reparser(inert_statement)
        self._reparsers[path] = reparser
        while len(self._reparsers) > self.KEPT:
            self._reparsers.popitem(last=False)
        parsed = reparser.parse(text)
        if parsed is not None:
            project.remember(path, text, *parsed)

    def __call__(self, text: str, path: str) -> Analysis:
        from nnlint.config import Config, ConfigError, config_for
        from nnlint.report import Diagnostic
        problem = None
        try:
            report = self._lint(text, path, config_for(path))
        except ConfigError as exc:
            problem = str(exc)
            report = self._lint(text, path, Config())
            report.diagnostics.insert(0, Diagnostic(
                "NNL005", 1, 0, f"invalid nnlint configuration (budgets and settings are not "
                f"applied until it is fixed): {problem}", "error"))
        return Analysis(report, text, problem)


def _has_sessions() -> bool:
    import importlib.util
    return importlib.util.find_spec("nnlint.session") is not None


def _on_disk(text: str, path: str) -> bool:
    """Whether the document's text is the file's content on disk."""
    try:
        with open(path, "rb") as fh:
            return fh.read() == text.encode("utf-8")
    except (OSError, UnicodeEncodeError):
        return False


def lint_text(text: str, path: str):
    """The FileReport of a document's text (what the server shows is made from it)."""
    return Linter()(text, path).report


def diagnostics_of(report, types):
    out = []
    for d in report.diagnostics:
        line = max(d.line - 1, 0)
        out.append(types.Diagnostic(
            range=types.Range(start=types.Position(line=line, character=max(d.column, 0)),
                              end=types.Position(line=line, character=max(d.column, 0) + 1)),
            message=d.message, severity=types.DiagnosticSeverity(_SEVERITY.get(d.severity, 3)),
            code=d.code, source="nnlint"))
    return out


def _line_end(text: str, index: int) -> int:
    lines = text.splitlines()
    return len(lines[index]) if 0 <= index < len(lines) else 0


def create_server(linter=None, debounce=None):
    try:  # pygls 2.x, then 1.x
        from pygls.lsp.server import LanguageServer
    except ImportError:  # pragma: no cover
        try:
            from pygls.server import LanguageServer
        except ImportError:
            raise RuntimeError("the nnlint language server needs pygls: "
                               "pip install 'nnlint[lsp]'") from None
    from lsprotocol import types

    from nnlint.adapters.lsp import actions as lsp_actions
    from nnlint.adapters.lsp import notebooks as lsp_notebooks
    from nnlint.adapters.lsp import views as lsp_views
    from nnlint.adapters.lsp.worker import DEBOUNCE, Worker

    server = LanguageServer("nnlint", __version__, notebook_document_sync=(
        types.NotebookDocumentSyncOptions(notebook_selector=[
            types.NotebookDocumentFilterWithCells(
                cells=[types.NotebookCellLanguage(language="python")], notebook="*")])))
    linter = linter or Linter()
    state = {"loop": None, "shown": set(), "refresh": False}

    def on_loop(fn, *args):
        loop = state["loop"]
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(fn, *args)

    def finished(uri, version, analysis):
        on_loop(publish, uri, version, analysis)

    def publish(uri, version, analysis):
        if analysis.cells is None:
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=diagnostics_of(analysis.report, types)))
        for index in range(len(analysis.cells or ())):
            cell = analysis.cell(index)
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=analysis.cells[index][0], diagnostics=diagnostics_of(cell.report, types)))
        problem = analysis.config_problem
        if problem is not None and problem not in state["shown"]:
            state["shown"].add(problem)
            server.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error, message=f"nnlint: {problem}"))
        if state["refresh"]:
            server.workspace_inlay_hint_refresh(None)

    def cancelled(uri):
        # the project keeps only finished parses (a stopped analysis leaves none half-made),
        # so it stays warm: an analysis stopped by a keystroke costs the next one nothing
        pass

    def analyse(uri, text):
        if isinstance(text, str):
            return linter(text, _uri_to_path(uri))
        path = _uri_to_path(uri)  # a notebook: its code cells, (cell uri, text) in order
        path = path if path.endswith(".ipynb") else path + ".ipynb"
        data = lsp_notebooks.notebook_bytes([t for _, t in text]).decode("utf-8")
        analysis = linter(data, path)
        analysis.cells = tuple(text)
        return analysis

    worker = Worker(analyse, finished,
                    DEBOUNCE if debounce is None else debounce, cancelled)
    server.nnlint_worker = worker  # for tests and benchmarks

    def submit(uri):
        import asyncio
        state["loop"] = asyncio.get_running_loop()
        doc = server.workspace.get_text_document(uri)
        worker.submit(uri, doc.version, doc.source)

    def submit_notebook(uri):
        import asyncio
        state["loop"] = asyncio.get_running_loop()
        notebook = server.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is not None:
            worker.submit(uri, notebook.version,
                          tuple(lsp_notebooks.code_cells(server.workspace, notebook)))

    def in_notebook(uri):
        return server.workspace.get_notebook_document(cell_uri=uri) is not None

    def config_changed():
        state["shown"].clear()
        linter.reset()
        for uri in list(server.workspace.text_documents):
            if not uri.endswith(".toml") and not in_notebook(uri):
                submit(uri)
        for uri in list(getattr(server.workspace, "_notebook_documents", {})):
            submit_notebook(uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(ls, params):
        submit_notebook(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(ls, params):
        submit_notebook(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(ls, params):
        worker.forget(params.notebook_document.uri)

    @server.feature(types.INITIALIZE)
    def initialize(ls, params):
        caps = params.capabilities
        workspace = getattr(caps, "workspace", None)
        hint_caps = getattr(workspace, "inlay_hint", None)
        state["refresh"] = bool(getattr(hint_caps, "refresh_support", False))
        watch = getattr(workspace, "did_change_watched_files", None)
        state["watch"] = bool(getattr(watch, "dynamic_registration", False))

    @server.feature(types.INITIALIZED)
    async def initialized(ls, params):
        if not state.get("watch"):
            return
        await server.client_register_capability_async(types.RegistrationParams(registrations=[
            types.Registration(
                id="nnlint-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                    types.FileSystemWatcher(glob_pattern="**/pyproject.toml"),
                    types.FileSystemWatcher(glob_pattern="**/*.py")]))]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls, params):
        if any(c.uri.endswith("pyproject.toml") for c in params.changes):
            config_changed()
        else:
            linter.reset()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params):
        if params.text_document.uri.endswith(".py") or \
                params.text_document.language_id == "python":
            submit(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params):
        if not params.text_document.uri.endswith("pyproject.toml"):
            submit(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params):
        if params.text_document.uri.endswith("pyproject.toml"):
            config_changed()
        else:
            linter.reset()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params):
        worker.forget(params.text_document.uri)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls, params):
        worker.stop()

    async def analysis_of(uri):
        """The last finished analysis, at once; a document's first one is waited for.
        A notebook cell's: its notebook's, seen from the cell."""
        import asyncio
        notebook = server.workspace.get_notebook_document(cell_uri=uri)
        key = uri if notebook is None else notebook.uri
        hit = worker.latest(key)
        if hit is None and worker.pending(key):
            hit = await asyncio.get_running_loop().run_in_executor(
                None, worker.wait_first, key, FIRST_ANALYSIS_WAIT)
        if hit is None:
            return None
        analysis = hit[1]
        if analysis.cells is None:
            return analysis
        index = next((i for i, (cell, _) in enumerate(analysis.cells) if cell == uri), None)
        return None if index is None else analysis.cell(index)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls, params):
        analysis = await analysis_of(params.text_document.uri)
        if analysis is None:
            return None
        text = _hover_text(analysis, params.position.line + 1, params.position.character,
                           _uri_to_path(params.text_document.uri))
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                        value=text))

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    async def inlay_hints(ls, params):
        analysis = await analysis_of(params.text_document.uri)
        if analysis is None:
            return []
        first, last = params.range.start.line, params.range.end.line
        out = []
        for line, label in lsp_views.hints(analysis.report, analysis.text, analysis.spans):
            index = line - 1
            if first <= index <= last:
                out.append(types.InlayHint(
                    position=types.Position(line=index,
                                            character=_line_end(analysis.text, index)),
                    label=label, padding_left=True))
        return out

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def code_actions(ls, params):
        analysis = await analysis_of(params.text_document.uri)
        if analysis is None:
            return []
        uri = params.text_document.uri
        doc = server.workspace.get_text_document(uri)
        if doc.source != analysis.text:
            return []  # line numbers of an older version: no edit is safe
        first, last = params.range.start.line + 1, params.range.end.line + 1
        return [_code_action(types, uri, action)
                for action in lsp_actions.actions(analysis.report, analysis.text, first, last)]

    return server


def _hover_text(analysis, line, character, path):
    from nnlint.adapters.lsp import views as lsp_views
    report = analysis.report
    for m in report.models:
        if m.line == line:
            from nnlint.output.text import render_model
            return f"```text\n{render_model(path, m)}\n```"
    return (lsp_views.layer_hover(report, line, analysis.spans)
            or lsp_views.use_hover(report, analysis.text, line, character))


def _code_action(types, uri, action):
    edits = [types.TextEdit(range=types.Range(
        start=types.Position(line=e.line - 1, character=e.start),
        end=types.Position(line=e.line - 1, character=e.end)), new_text=e.text)
        for e in action.edits]
    return types.CodeAction(title=action.title, kind=types.CodeActionKind.QuickFix,
                            edit=types.WorkspaceEdit(changes={uri: edits}))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="nnlint-lsp",
        description="nnlint's language server: parameter counts of every layer and model as "
                    "inlay hints, hovers with formulas, diagnostics and quick fixes, spoken over "
                    "stdin/stdout (LSP). Start it from your editor; see docs/editors.md.")
    p.add_argument("--version", action="version", version=f"nnlint-lsp {__version__}")
    p.add_argument("--stdio", action="store_true",
                   help="speak LSP on stdin/stdout (the default; accepted for editors that "
                        "pass it)")
    return p


def main(argv=None) -> int:
    build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        server = create_server()
    except RuntimeError as exc:
        print(f"nnlint-lsp: {exc}", file=sys.stderr)
        return 2
    server.start_io()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
