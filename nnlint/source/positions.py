"""Line and column of CST nodes, computed only for the statements that need them.

LibCST's `PositionProvider` records a full `CodeRange` for every node and costs
several parses. nnlint needs the start of a few nodes: the models it reports,
the layers they hold and the lines of its notes. So the first line of each
top-level statement comes from CPython's `ast` (a tenth of LibCST's parse), or
from the parser that already knows it (`nnlint.source.incremental`), and a
statement's nodes get their positions from one code generation of that statement
alone, the first time one of them is asked for.

Those positions are kept relative to the statement's first line, in a table per
top-level statement: an edited file whose unchanged statements are the same nodes
(`incremental` reuses them) takes their tables from the last version's `Positions`,
so an edit above a statement only shifts it. A node asked for with the wrong
statement (code of one function running on behalf of another) is looked for in the
tables of every statement; without statement lines, one code generation of the
whole module places everything. A node outside the statements is at (0, 0).
"""

from __future__ import annotations

from contextlib import nullcontext

import libcst as cst

try:  # the code generation hooks are internal to LibCST; fall back if they move
    from libcst._nodes.internal import CodegenState as _CodegenState
except ImportError:  # pragma: no cover
    _CodegenState = None

_NO_OP = nullcontext()

if _CodegenState is not None:

    class _StartState(_CodegenState):
        def __init__(self, module: cst.Module, starts: dict, line: int = 1):
            super().__init__(default_indent=module.default_indent,
                             default_newline=module.default_newline)
            self.line = line
            self.column = 0
            self.starts = starts

        def add_indent_tokens(self) -> None:
            for tok in self.indent_tokens:
                self.column += len(tok)

        def add_token(self, value: str) -> None:
            if "\n" in value:
                self.line += value.count("\n")
                self.column = len(value) - value.rfind("\n") - 1
            else:
                self.column += len(value)

        def pop_trailing_newline(self) -> None:
            pass

        def record_syntactic_position(self, node, *, start_node=None, end_node=None):
            self.starts[node] = (self.line, self.column)
            return _NO_OP


class Positions:
    """Lazy map from node to (line, column): 1-based line, 0-based column.

    `lines`, when given, maps id(top-level statement) to the line where its generated
    code starts (its leading blank and comment lines included); else `ast` finds them
    in `text`. `previous`, the Positions of an earlier version of the file, lends the
    tables of the top-level statements both versions share (the same node objects)."""

    def __init__(self, module: cst.Module, text: str | None = None, lines: dict | None = None,
                 previous: "Positions | None" = None):
        self._module = module
        self._text = text
        self._starts = {}  # node -> (line, column), absolute: the whole module's generation
        self._full = False
        self._stmt_lines = lines  # id(top-level statement) -> line where its code starts
        self._tables = {}  # id(top-level statement) -> {node: (lines after its start, column)}
        self._memos = {}  # id(top-level statement) -> {what: what is known of it}
        if previous is not None:
            for stmt in module.body:
                for mine, theirs in ((self._tables, previous._tables),
                                     (self._memos, previous._memos)):
                    found = theirs.get(id(stmt))
                    if found is not None:
                        mine[id(stmt)] = found

    @property
    def source(self) -> str:
        """The module's text (generated from the tree when it was not given)."""
        return self._text if self._text is not None else self._module.code

    def memo(self, stmt) -> dict:
        """A dict for what is known of a top-level statement wherever it sits (the rules'
        walk of it): lent to the next version with the statement's positions."""
        found = self._memos.get(id(stmt))
        if found is None:
            found = self._memos[id(stmt)] = {}
        return found

    def _statement_lines(self) -> dict:
        if self._stmt_lines is None:
            self._stmt_lines = {}
            if self._text is not None and _CodegenState is not None:
                try:
                    self._stmt_lines = _first_lines(self._module, self._text)
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    self._stmt_lines = {}
        return self._stmt_lines

    def _table(self, stmt):
        """The relative positions of one top-level statement's nodes (None: unknown)."""
        table = self._tables.get(id(stmt))
        if table is None and _CodegenState is not None:
            table = {}
            try:
                stmt._codegen(_StartState(self._module, table, 0))
            except Exception:  # pragma: no cover - internal API changed
                return None
            self._tables[id(stmt)] = table  # only once whole: a cancelled run leaves none
        return table

    def _relative(self, node, stmt):
        start = self._statement_lines().get(id(stmt))
        if start is None:
            return None
        table = self._table(stmt)
        found = table.get(node) if table is not None else None
        if found is None:
            return None
        return start + found[0], found[1]

    def _search(self, node):
        """A node asked for under the wrong statement (or none): every statement's table.
        (0, 0) for a node in none of them (another module's, or a comment outside the
        statements): what a generation of the whole module gives it too. None when the
        statements' lines are not known."""
        lines = self._statement_lines()
        if len(lines) != len(self._module.body):
            return None
        for stmt in self._module.body:
            found = self._relative(node, stmt)
            if found is not None:
                self._starts[node] = found
                return found
        return 0, 0

    def _generate_module(self) -> None:
        self._full = True
        if _CodegenState is not None:
            try:
                self._module._codegen(_StartState(self._module, self._starts))
                return
            except Exception:  # pragma: no cover - internal API changed
                pass
        from libcst.metadata import MetadataWrapper, PositionProvider

        wrapper = MetadataWrapper(self._module, unsafe_skip_copy=True)
        for n, r in wrapper.resolve(PositionProvider).items():
            self._starts[n] = (r.start.line, r.start.column)

    def of(self, node, toplevel=None) -> tuple:
        found = self._starts.get(node)
        if found is not None:
            return found
        if not self._full:
            if toplevel is not None:
                found = self._relative(node, toplevel)
                if found is not None:
                    self._starts[node] = found  # asked again and again (loops, calls)
                    return found
            found = self._search(node)
            if found is not None:
                return found
            self._generate_module()
        return self._starts.get(node, (0, 0))

    def line(self, node, toplevel=None) -> int:
        return self.of(node, toplevel)[0]


def _first_lines(module: cst.Module, text: str) -> dict:
    """id(top-level CST statement) -> the line its generated code starts on."""
    from nnlint.source.guard import python_ast
    body = python_ast(text).body
    out = {}
    i = 0
    for stmt in module.body:
        if i >= len(body):
            return {}
        first = body[i]
        line = first.lineno
        for dec in getattr(first, "decorator_list", ()):
            line = min(line, dec.lineno)
        out[id(stmt)] = line - len(stmt.leading_lines)
        i += len(stmt.body) if isinstance(stmt, cst.SimpleStatementLine) else 1
    return out if i == len(body) else {}
