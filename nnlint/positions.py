"""Line and column of CST nodes, computed once per module and only when asked for.

LibCST's `PositionProvider` records a full `CodeRange` for every node and costs
several parses. nnlint only needs the start of a few nodes, so it runs the
module's code generation once with a state that tracks the current line and
column and notes where each node starts (about a third of the cost).
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
        def __init__(self, module: cst.Module):
            super().__init__(default_indent=module.default_indent,
                             default_newline=module.default_newline)
            self.line = 1
            self.column = 0
            self.starts = {}

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
    """Lazy map from node to (line, column), 1-based line and 0-based column."""

    def __init__(self, module: cst.Module):
        self._module = module
        self._starts = None

    def _compute(self) -> dict:
        if _CodegenState is not None:
            try:
                state = _StartState(self._module)
                self._module._codegen(state)
                return state.starts
            except Exception:  # pragma: no cover - internal API changed
                pass
        from libcst.metadata import MetadataWrapper, PositionProvider

        wrapper = MetadataWrapper(self._module, unsafe_skip_copy=True)
        ranges = wrapper.resolve(PositionProvider)
        return {n: (r.start.line, r.start.column) for n, r in ranges.items()}

    def of(self, node) -> tuple:
        if self._starts is None:
            self._starts = self._compute()
        return self._starts.get(node, (0, 0))

    def line(self, node) -> int:
        return self.of(node)[0]
