"""Property tests: on any input nnlint returns a well-formed report and never raises.

Programs come from hypothesmith (syntactically valid Python generated from the grammar
and from LibCST's node types), from arbitrary bytes and text, and from random cuts and
splices of the fixture files (realistic model code, broken in realistic ways). Examples
are derandomized, so the suite is deterministic, and few, so it stays fast.
"""

from __future__ import annotations

import ast
import operator
from pathlib import Path

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnlint.api import lint_source
from nnlint.interpreter.values import Unknown, UnknownBranch
from nnlint.source import guard
from tests.test_robustness import assert_well_formed

# hypothesmith compiles what it generates: its SyntaxWarnings ("'int' object is not callable")
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

FIXTURES = sorted((Path(__file__).parent / "fixtures").rglob("*.py"))
PREFIX = "import torch.nn as nn\nfrom tensorflow import keras\n"


def fast(n):
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def check(source, path="generated.py"):
    report = lint_source(source, path)
    assert_well_formed(report, path)
    return report


@fast(50)
@given(hypothesmith.from_grammar())
def test_any_program_from_the_grammar(source):
    check(PREFIX + source)


@fast(6)
@given(hypothesmith.from_node())
def test_any_program_from_libcst_nodes(source):
    check(PREFIX + source)


@fast(150)
@given(st.binary(max_size=400))
def test_any_bytes(data):
    check(b"torch\n" + data)


@fast(150)
@given(st.text(max_size=400))
def test_any_text(text):
    check("import torch\n" + text)


@fast(60)
@given(st.sampled_from(FIXTURES), st.data())
def test_fixture_files_cut_and_spliced(path, data):
    """Realistic model code, damaged: a slice deleted, duplicated or moved elsewhere."""
    text = path.read_text()
    n = len(text)
    i = data.draw(st.integers(0, n), label="start")
    j = data.draw(st.integers(i, min(n, i + 200)), label="end")
    k = data.draw(st.integers(0, n), label="insert at")
    how = data.draw(st.sampled_from(["delete", "duplicate", "move", "lines"]), label="how")
    piece = text[i:j]
    if how == "delete":
        text = text[:i] + text[j:]
    elif how == "duplicate":
        text = text[:k] + piece + text[k:]
    elif how == "move":
        rest = text[:i] + text[j:]
        k = min(k, len(rest))
        text = rest[:k] + piece + rest[k:]
    elif text:  # shuffle two lines (an empty __init__.py has none)
        lines = text.splitlines(keepends=True)
        a = data.draw(st.integers(0, len(lines) - 1), label="line a")
        b = data.draw(st.integers(0, len(lines) - 1), label="line b")
        lines[a], lines[b] = lines[b], lines[a]
        text = "".join(lines)
    check(text, str(path))


@pytest.mark.parametrize("path", FIXTURES[::2], ids=lambda p: p.name)
def test_counts_do_not_depend_on_line_endings_bom_or_trailing_comments(path):
    """Metamorphic: the same code with CRLF, a BOM and extra comments counts the same."""
    base = {m.name: (m.total_params, m.trainable_params, m.exact, m.line)
            for m in lint_source(path.read_bytes(), str(path)).models}
    text = path.read_text()
    variants = [
        text.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + text.encode(),
        (text + "\n# trailing comment\n\n\n").encode(),
    ]
    for data in variants:
        got = {m.name: (m.total_params, m.trainable_params, m.exact, m.line)
               for m in check(data, str(path)).models}
        assert got == base


# ------------------------------------------------------- the guard's estimate
_SHAPES = {
    "paren": lambda e: f"({e})",
    "list": lambda e: f"[{e}]",
    "dict": lambda e: f"{{1: {e}}}",
    "call": lambda e: f"f({e})",
    "call-on": lambda e: f"({e})()",
    "subscript": lambda e: f"({e})[0]",
    "subscript-of": lambda e: f"a[{e}]",
    "attribute": lambda e: f"({e}).b",
    "neg": lambda e: f"-{e}",
    "not": lambda e: f"not {e}",
    "add": lambda e: f"1 + {e}",
    "add-left": lambda e: f"{e} + 1",
    "pow": lambda e: f"2 ** {e}",
    "lambda": lambda e: f"lambda: {e}",
    "ifexp": lambda e: f"1 if a else {e}",
    "and": lambda e: f"a and {e}",
    "strings": lambda e: f'("x" "y" + {e})',
    "fstring": lambda e: f'f"{{{e}}}"',
    "comprehension": lambda e: f"[{e} for a in b]",
}


def _valid(expr) -> bool:
    try:
        ast.parse(f"x = {expr}\n")
        return True
    except SyntaxError:
        return False


class _Depth(cst.CSTVisitor):
    """Deepest nesting of expression nodes."""

    def __init__(self):
        self.depth = self.deepest = 0

    def on_visit(self, node):
        if isinstance(node, cst.BaseExpression):
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
        return True

    def on_leave(self, node):
        if isinstance(node, cst.BaseExpression):
            self.depth -= 1


@fast(200)
@given(st.lists(st.sampled_from(sorted(_SHAPES)), min_size=1, max_size=60))
def test_guard_estimate_bounds_the_real_nesting(shapes):
    """nnlint.source.guard refuses deep files on an estimate; it must never be far below the truth."""
    expr = "1"
    for s in shapes:
        bare = _SHAPES[s](expr)
        expr = bare if _valid(bare) else _SHAPES[s](f"({expr})")
    source = f"x = {expr}\n"
    visitor = _Depth()
    cst.parse_module(source).visit(visitor)
    estimate, _ = guard.nesting(source)
    assert visitor.deepest <= estimate + 2, (visitor.deepest, estimate)


# ----------------------------------------------------------- the Unknown laws
_OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
        operator.mod, operator.pow, operator.lshift, operator.rshift, operator.and_,
        operator.or_, operator.xor, operator.matmul]
_PLAIN = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
                   st.text(max_size=5), st.tuples(st.integers()))


@fast(100)
@given(st.sampled_from(_OPS), _PLAIN, st.booleans())
def test_unknown_absorbs_every_operation(op, other, unknown_left):
    u = Unknown("not known", 3)
    result = op(u, other) if unknown_left else op(other, u)
    assert isinstance(result, Unknown)


@fast(50)
@given(_PLAIN)
def test_unknown_is_never_equal_and_never_truthy(other):
    u = Unknown("not known")
    assert isinstance(u == other, Unknown) and isinstance(u != other, Unknown)
    assert isinstance(u == u, Unknown)
    with pytest.raises(UnknownBranch):
        bool(u)
    with pytest.raises(UnknownBranch):
        bool(u == other)
