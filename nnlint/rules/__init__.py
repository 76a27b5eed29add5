"""Structural rules: mistakes in model code that runtime counters hide (NNL3xx).

Each rule is one module with a `check(ctx)` that yields Diagnostics; `RULES`
below maps codes to them. They read the LibCST tree (already parsed for
counting) and the layer catalog, and never evaluate anything: a size is known
only when it is written as a literal or a module constant. That keeps them
precise: a default run on healthy code prints nothing.
"""

from __future__ import annotations

from typing import Callable, List, Tuple

import libcst as cst

from nnlint.diagnostics import rule
from nnlint.report import Diagnostic
from nnlint.rules.names import ModuleFacts, dotted


class Context:
    """One parsed module and what the rules share about it (one traversal)."""

    def __init__(self, module: cst.Module, positions, path: str):
        self.module = module
        self.positions = positions
        self.path = path
        self.facts = ModuleFacts(module)
        self.calls: List[Tuple[str, cst.Call]] = []  # (canonical callee, node), source order
        module.visit(_CallCollector(self))

    def line(self, node) -> int:
        return self.positions.of(node)[0]

    def diagnostic(self, code: str, node, message: str) -> Diagnostic:
        line, column = self.positions.of(node)
        return Diagnostic(code, line, column, message, rule(code).severity)

    def calls_of(self, *qualnames):
        return [node for q, node in self.calls if q in qualnames]


class _CallCollector(cst.CSTVisitor):
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def visit_Call(self, node: cst.Call) -> None:
        if dotted(node.func) is not None:
            q = self.ctx.facts.qualname(node.func)
            if q is not None:
                self.ctx.calls.append((q, node))


def _checks() -> List[Tuple[str, Callable]]:
    from nnlint.rules import keras_input, plain_container, shape_mismatch, unused_submodule
    return [
        ("NNL301", shape_mismatch.check),
        ("NNL302", plain_container.check),
        ("NNL303", unused_submodule.check),
        ("NNL304", keras_input.check),
    ]


CODES = ("NNL301", "NNL302", "NNL303", "NNL304")


def check_module(module: cst.Module, positions, path: str,
                 enabled: Callable[[str], bool] = lambda code: True) -> List[Diagnostic]:
    """Every enabled structural rule's findings on one module, in line order."""
    wanted = [(code, check) for code, check in _checks() if enabled(code)]
    if not wanted:
        return []
    ctx = Context(module, positions, path)
    found = {}
    for _code, check in wanted:
        for d in check(ctx):
            found.setdefault((d.line, d.column, d.code, d.message), d)
    return [found[k] for k in sorted(found)]
