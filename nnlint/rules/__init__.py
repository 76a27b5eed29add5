"""Structural rules: mistakes in model code that runtime counters hide (NNL3xx).

Each rule is one module with a `check(ctx)` that returns Diagnostics; `_checks`
below maps codes to them. They read the LibCST tree (already parsed for
counting) and the layer catalog, and never evaluate anything: a size is known
only when it is written as a literal or a module constant. That keeps them
precise: a default run on healthy code prints nothing.

Speed: one walk of the module (`Context`) collects what every rule needs; the
position and source text of a node are computed only for the few reported.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Tuple

import libcst as cst

from nnlint.diagnostics import rule
from nnlint.report import Diagnostic
from nnlint.rules.names import ModuleFacts, dotted, walk

CODES = ("NNL301", "NNL302", "NNL303", "NNL304")


class Context:
    """One parsed module and what the rules share about it."""

    def __init__(self, module: cst.Module, positions, path: str):
        self.module = module
        self.positions = positions
        self.path = path
        self.facts = ModuleFacts(module)
        self.calls: List[Tuple[str, cst.Call]] = []  # (canonical callee, node), source order
        self.attr_names: Dict[str, int] = {}  # every `.name` read or written in the file
        self.strings = set()  # short string literals (getattr(self, "fc3"), state-dict keys)
        self._top: Dict[int, cst.CSTNode] = {}  # id(node) -> its top-level statement
        self._bodies: Dict[int, list] = {}
        self.class_has_params: Dict[str, bool] = {}  # memo of plain_container.class_has_params
        self._collect()

    def _collect(self) -> None:
        qualname = self.facts.qualname
        for stmt in self.module.body:
            for node in walk(stmt):
                if isinstance(node, cst.Call):
                    self._top[id(node)] = stmt
                    if dotted(node.func) is not None:
                        q = qualname(node.func)
                        if q is not None:
                            self.calls.append((q, node))
                elif isinstance(node, cst.Attribute):
                    name = node.attr.value
                    self.attr_names[name] = self.attr_names.get(name, 0) + 1
                elif isinstance(node, (cst.Assign, cst.AugAssign)):
                    self._top[id(node)] = stmt
                elif isinstance(node, cst.SimpleString) and len(node.value) < 80:
                    self.strings.add(node.raw_value.split(".")[0])

    def body_nodes(self, fn: cst.FunctionDef) -> list:
        """Every node in a function's body (nested classes not entered), walked once."""
        nodes = self._bodies.get(id(fn))
        if nodes is None:
            nodes = self._bodies[id(fn)] = list(walk(fn.body, prune=(cst.ClassDef,)))
        return nodes

    def position(self, node) -> tuple:
        return self.positions.of(node, self._top.get(id(node)))

    def line(self, node) -> int:
        return self.position(node)[0]

    def label(self, node, width: int = 48) -> str:
        """The node's source, on one line and shortened, for messages."""
        text = " ".join(self.module.code_for_node(node).split())
        return text if len(text) <= width else text[:width - 3] + "..."

    def where(self, node) -> str:
        return f"{self.label(node)} on line {self.line(node)}"

    def diagnostic(self, code: str, node, message: str) -> Diagnostic:
        line, column = self.position(node)
        return Diagnostic(code, line, column, message, rule(code).severity)

    def calls_of(self, *qualnames):
        return [node for q, node in self.calls if q in qualnames]


def _checks() -> List[Tuple[str, Callable]]:
    from nnlint.rules import keras_input, plain_container, shape_mismatch, unused_submodule
    return [
        ("NNL301", shape_mismatch.check),
        ("NNL302", plain_container.check),
        ("NNL303", unused_submodule.check),
        ("NNL304", keras_input.check),
    ]


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
