"""Structural rules: mistakes in model code that runtime counters hide (NNL3xx).

Each rule is one module with a `check(ctx)` that returns Diagnostics; `_checks`
below maps codes to them. They read the LibCST tree (already parsed for
counting) and the layer catalog, and never evaluate anything: a size is known
only when it is written as a literal or a module constant. That keeps them
precise: a default run on healthy code prints nothing.

Speed: one walk of each top-level statement (`Context`) collects what every rule needs,
and a function's nodes are a slice of it; a statement unchanged since the last version
of the file (the language server) keeps its walk. The position and source text of a
node are computed only for the few reported.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Tuple

import libcst as cst

from nnlint.diagnostics import rule
from nnlint.report import Diagnostic
from nnlint.rules.names import ModuleFacts, StatementNodes, dotted, walk

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
        self._walks: List[_Gathered] = []  # of each top-level statement, in order
        self._top = None  # id(node) -> its top-level statement, made when a node is placed
        self._owner = None  # id(function body) -> the walk that holds it
        self.class_has_params: Dict[str, bool] = {}  # memo of plain_container.class_has_params
        self._collect()

    def _collect(self) -> None:
        resolve = self.facts.resolve
        aliases = self.facts.aliases
        for stmt in self.module.body:
            memo = self.positions.memo(stmt)
            gathered = memo.get("rules")
            if gathered is None:
                gathered = memo["rules"] = _Gathered(stmt)
            self._walks.append(gathered)
            self.calls.extend(gathered.resolved(resolve, aliases))
            for name, n in gathered.attr_names.items():
                self.attr_names[name] = self.attr_names.get(name, 0) + n
            self.strings |= gathered.strings

    def body_nodes(self, fn: cst.FunctionDef, *kinds) -> list:
        """Every node in a function's body (nested classes not entered), in source order,
        from the walk of its statement; only those of the types `kinds` when given (kept
        with the walk: rules ask each function for the same few kinds)."""
        if self._owner is None:
            self._owner = {key: g for g in self._walks for key in g.walk.bodies}
        gathered = self._owner.get(id(fn.body))
        if gathered is not None:
            key = (id(fn.body), kinds)
            nodes = gathered.kinds.get(key)
            if nodes is None:
                nodes = gathered.walk.body_nodes(fn)
                if kinds:
                    nodes = [n for n in nodes if isinstance(n, kinds)]
                gathered.kinds[key] = nodes
            return nodes
        nodes = walk(fn.body, prune=(cst.ClassDef,))
        return [n for n in nodes if isinstance(n, kinds)] if kinds else list(nodes)

    def position(self, node) -> tuple:
        if self._top is None:
            self._top = {id(n): stmt for stmt, g in zip(self.module.body, self._walks)
                         for n in g.placed}
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


class _Gathered:
    """What the rules read from one top-level statement, found in one walk of it: kept
    while the statement stays the same (`Positions.memo`)."""

    def __init__(self, stmt):
        self.walk = StatementNodes(stmt)
        self.dotted_calls = []  # (dotted callee, node)
        self.attr_names: Dict[str, int] = {}
        self.strings = set()
        self.placed = []  # the calls and assignments: the nodes rules report at
        for node in self.walk.nodes:
            if isinstance(node, cst.Call):
                self.placed.append(node)
                name = dotted(node.func)
                if name is not None:
                    self.dotted_calls.append((name, node))
            elif isinstance(node, cst.Attribute):
                name = node.attr.value
                self.attr_names[name] = self.attr_names.get(name, 0) + 1
            elif isinstance(node, (cst.Assign, cst.AugAssign)):
                self.placed.append(node)
            elif isinstance(node, cst.SimpleString) and len(node.value) < 80:
                self.strings.add(node.raw_value.split(".")[0])
        self._resolved = None  # (the import aliases, [(canonical callee, node)])
        self.kinds = {}  # (id(function body), node types) -> its nodes of those types

    def resolved(self, resolve, aliases) -> list:
        """(canonical callee, node) of the calls to framework names, for these aliases."""
        if self._resolved is None or self._resolved[0] != aliases:
            calls = []
            for name, node in self.dotted_calls:
                q = resolve(name)
                if q is not None:
                    calls.append((q, node))
            self._resolved = (dict(aliases), calls)
        return self._resolved[1]


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
