"""nnlint as a language server: diagnostics, hovers and inlay hints on every keystroke.

    nnlint-lsp            (or: python -m nnlint.lsp)

A thin adapter over `api.lint_source`, like the CLI and the flake8 plugin: it
computes nothing of its own. Results are kept per document version, so a
hover or an inlay-hint request after a change costs nothing more.
Needs the optional dependency pygls (``pip install 'nnlint[lsp]'``).
"""

from __future__ import annotations

import sys

try:  # pygls 2.x, then 1.x
    from pygls.lsp.server import LanguageServer
except ImportError:  # pragma: no cover
    try:
        from pygls.server import LanguageServer
    except ImportError:
        LanguageServer = None

from nnlint import __version__

_SEVERITY = {"error": 1, "warning": 2, "info": 3}


def _uri_to_path(uri: str) -> str:
    from urllib.parse import unquote, urlparse
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


class Results:
    """The last FileReport of each open document, by URI and version."""

    def __init__(self, lint):
        self._lint = lint
        self._cache = {}

    def get(self, uri, version, text):
        hit = self._cache.get(uri)
        if hit is not None and hit[0] == version and version is not None:
            return hit[1]
        report = self._lint(text, _uri_to_path(uri))
        self._cache[uri] = (version, report)
        return report

    def forget(self, uri):
        self._cache.pop(uri, None)


def _config_for(path):
    try:
        from nnlint import config as config_mod
    except ImportError:  # pragma: no cover
        return None
    loader = getattr(config_mod, "load_for", None) or getattr(config_mod, "config_for", None)
    if loader is None:
        return None
    try:
        return loader(path)
    except Exception:  # a broken config must not take the editor down
        return None


def lint_text(text: str, path: str):
    from nnlint.api import lint_source
    return lint_source(text, path, _config_for(path))


def model_summary(m) -> str:
    exact = "" if m.exact else " (lower bound: not exact)"
    if m.total_params is None:
        return f"{m.framework} model {m.name}: parameter count unknown{exact}"
    return (f"{m.framework} model {m.name}: {m.total_params:,} parameters{exact}; "
            f"trainable {m.trainable_params:,}, non-trainable {m.non_trainable_params:,}")


def diagnostics_of(report, types):
    out = []
    for d in report.diagnostics:
        line = max(d.line - 1, 0)
        out.append(types.Diagnostic(
            range=types.Range(start=types.Position(line=line, character=d.column),
                              end=types.Position(line=line, character=d.column + 1)),
            message=d.message, severity=types.DiagnosticSeverity(_SEVERITY.get(d.severity, 3)),
            code=d.code, source="nnlint"))
    return out


def create_server():
    if LanguageServer is None:
        raise RuntimeError("the nnlint language server needs pygls: pip install 'nnlint[lsp]'")
    from lsprotocol import types

    server = LanguageServer("nnlint", __version__)
    results = Results(lint_text)

    def refresh(uri):
        doc = server.workspace.get_text_document(uri)
        report = results.get(uri, doc.version, doc.source)
        publish = getattr(server, "text_document_publish_diagnostics", None)
        params = types.PublishDiagnosticsParams(uri=uri, version=doc.version,
                                                diagnostics=diagnostics_of(report, types))
        if publish is not None:
            publish(params)
        else:  # pragma: no cover - pygls 1.x
            server.publish_diagnostics(uri, params.diagnostics)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params):
        refresh(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params):
        refresh(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params):
        refresh(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params):
        results.forget(params.text_document.uri)

    def report_for(uri):
        doc = server.workspace.get_text_document(uri)
        return results.get(uri, doc.version, doc.source)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls, params):
        report = report_for(params.text_document.uri)
        line = params.position.line + 1
        for m in report.models:
            if m.line == line:
                from nnlint.output.text import render_model
                text = render_model(_uri_to_path(params.text_document.uri), m)
                return types.Hover(contents=types.MarkupContent(
                    kind=types.MarkupKind.Markdown, value=f"```text\n{text}\n```"))
        return None

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    def inlay_hints(ls, params):
        report = report_for(params.text_document.uri)
        doc = server.workspace.get_text_document(params.text_document.uri)
        lines = doc.lines
        hints = []
        first, last = params.range.start.line, params.range.end.line
        for m in report.models:
            index = m.line - 1
            if not (first <= index <= last) or index >= len(lines):
                continue
            if m.total_params is None:
                label = "  params: unknown"
            else:
                label = f"  {m.total_params:,} params" + ("" if m.exact else "+")
            hints.append(types.InlayHint(
                position=types.Position(line=index, character=len(lines[index].rstrip("\r\n"))),
                label=label, padding_left=True))
        return hints

    return server


def main(argv=None) -> int:
    try:
        server = create_server()
    except RuntimeError as exc:
        print(f"nnlint-lsp: {exc}", file=sys.stderr)
        return 2
    server.start_io()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
