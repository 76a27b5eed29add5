"""nnlint.source.walk reads LibCST trees from their fields; the walks built on it find
exactly what LibCST's own visitors find, on every statement of every fixture file."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from nnlint.interpreter.statements import _names_in, target_names
from nnlint.source.walk import walk

FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").rglob("*.py"))


class _Names(cst.CSTVisitor):
    """The reference: what the interpreter's havoc reads, as a LibCST visitor."""

    def __init__(self):
        self.assigned, self.referenced = set(), set()

    def visit_Name(self, node):
        self.referenced.add(node.value)

    def visit_Attribute(self, node):
        node.value.visit(self)
        return False

    def _targets(self, node):
        target_names(node.target, out := [])
        self.assigned.update(out)

    visit_AssignTarget = visit_AugAssign = visit_AnnAssign = visit_For = \
        visit_NamedExpr = _targets

    def visit_FunctionDef(self, node):
        self.assigned.add(node.name.value)

    visit_ClassDef = visit_FunctionDef

    def visit_ImportAlias(self, node):
        target = node.asname.name if node.asname is not None else node.name
        while isinstance(target, cst.Attribute):
            target = target.value
        if isinstance(target, cst.Name):
            self.assigned.add(target.value)
        return False


class _All(cst.CSTVisitor):
    def __init__(self):
        self.nodes = []

    def on_visit(self, node):
        self.nodes.append(node)
        return True


def _parsed(path):
    try:
        return cst.parse_module(path.read_text())
    except cst.ParserSyntaxError:
        pytest.skip("not valid Python")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_walk_meets_every_node_a_visitor_meets_but_whitespace(path):
    module = _parsed(path)
    seen = _All()
    module.visit(seen)
    code = (cst.BaseExpression, cst.BaseStatement, cst.BaseSmallStatement, cst.Arg, cst.Param,
            cst.BaseElement, cst.BaseDictElement, cst.Decorator, cst.ImportAlias, cst.AsName)
    # the same nodes, each once (in field order: an Arg's value comes before its keyword)
    assert sorted(id(n) for n in walk(module) if isinstance(n, code)) == \
        sorted(id(n) for n in seen.nodes if isinstance(n, code))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_names_in_every_statement_as_a_visitor_finds_them(path):
    for node in walk(_parsed(path)):
        if isinstance(node, (cst.BaseStatement, cst.BaseSmallStatement)):
            reference = _Names()
            node.visit(reference)
            assert _names_in(node) == (reference.assigned, reference.referenced)
