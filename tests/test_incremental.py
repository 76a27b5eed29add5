"""The language server's parse of an edited file: statements that did not change are the
last version's nodes, and the module is the one a parse of the whole text gives.

`nnlint.source.incremental.Reparser` is checked against `libcst.parse_module` node by
node (`deep_equals`) on every fixture file, then along sequences of edits of every kind
(comment lines at each indent, blank lines, statements added, removed and changed,
decorators, semicolons, Windows line ends); and the positions of reused statements,
shifted by the lines added above them, against LibCST's `PositionProvider`.
"""

from __future__ import annotations

import ast
import random
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from nnlint.source.incremental import Reparser
from nnlint.source.positions import Positions

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*.py") if p.stat().st_size)

SAMPLE = '''"""A module."""
# a header comment

import torch.nn as nn  # trailing
HIDDEN = 32; OUT = 10


@decorator(1)
# between
@other
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(HIDDEN, OUT)

        # indented after the block

    # at the class's indent
  # at two spaces

# at the top


def f(x): return x
if True: y = 1
else:
    y = 2
try:
    z = 3
except ValueError:
    pass
finally:
    pass
# the end
'''

LINES = ["", "# c", "    # c4", "  # c2", "        # c8", "    ", "\t# t", "x = 1",
         "    y = 2", "class C:", "    pass", "@dec", "a = 1; b = 2", "def g():", "#",
         "        return 3", "if x:", "else:"]


def same_as_whole(text: str, parsed) -> None:
    whole = cst.parse_module(text)
    module = parsed[0]
    # (LibCST's own parse can lose a blank line before an indented comment that ends the
    # file: the same as the whole parse is what is asked)
    assert module.code == whole.code
    assert module.deep_equals(whole)
    for attr in ("default_indent", "default_newline", "has_trailing_newline", "encoding"):
        assert getattr(module, attr) == getattr(whole, attr), attr


def valid(text: str) -> bool:
    try:
        compile(text, "<edit>", "exec", dont_inherit=True)
        cst.parse_module(text)
    except (SyntaxError, cst.ParserSyntaxError):
        return False
    return True


def indents_vary(text: str) -> bool:
    """Whether a block is indented otherwise than the file's first (a unit parsed alone
    would record it otherwise)."""
    class Blocks(cst.CSTVisitor):
        varies = False

        def visit_IndentedBlock(self, node):
            self.varies |= node.indent is not None

    blocks = Blocks()
    cst.parse_module(text).visit(blocks)
    return blocks.varies


def edited(rnd: random.Random, text: str) -> str:
    lines = text.split("\n")
    at = rnd.randrange(len(lines))
    kind = rnd.randrange(4)
    if kind == 0:
        lines.insert(at, rnd.choice(LINES))
    elif kind == 1 and len(lines) > 1:
        del lines[at]
    elif kind == 2:
        lines[at] += rnd.choice([" ", "1", "  # x", ")", ":"])
    else:
        lines[at:at] = lines[rnd.randrange(len(lines)):][:3]
    return "\n".join(lines)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_a_first_parse_is_the_whole_parse(path):
    text = path.read_text(encoding="utf-8")
    parsed = Reparser().parse(text)
    assert parsed is not None
    same_as_whole(text, parsed)


@pytest.mark.parametrize("seed", range(12))
def test_edit_after_edit_the_module_is_the_whole_parse(seed):
    rnd = random.Random(seed)
    sources = [SAMPLE] + [p.read_text(encoding="utf-8") for p in rnd.sample(FILES, 3)]
    for text in sources:
        reparser = Reparser()
        reparser.parse(text)
        for _ in range(25):
            new = edited(rnd, text)
            got = reparser.parse(new)
            if got is None:  # where the whole parse has something to report, indents
                # vary, or there is no statement to cut at
                assert not valid(new) or indents_vary(new) or not ast.parse(new).body
                continue
            same_as_whole(new, got)
            if rnd.random() < 0.7:  # most edits build on the last one
                text = new


JOINS = "if a:\n    x = 1\ny = 2\n\n\nclass A:\n    p = 1\nz = 3\nw = 4\n"


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("y = 2", "else:\n    y = 2"),  # the statement after joins the `if`
    lambda t: t.replace("z = 3", "    z = 3"),  # ... joins the class body
    lambda t: t.replace("class A", "@dec\nclass A"),  # a decorator above it
    lambda t: t.replace("y = 2", "y = (2,").replace("z = 3", "3)"),  # a bracket across
    lambda t: t.replace("y = 2", 'y = """').replace("w = 4", '"""'),  # a string across
    lambda t: t.replace("y = 2", "y = 2 \\"),  # a backslash joins the next line
    lambda t: t.replace("x = 1\n", "x = 1\n    # note\n"),  # a comment inside the block
    lambda t: t.replace("class A:\n    p = 1\n", ""),  # a statement gone
])
def test_an_edit_that_joins_statements_is_read_as_the_whole_text_reads_it(edit):
    reparser = Reparser()
    assert reparser.parse(JOINS) is not None
    text = edit(JOINS)
    got = reparser.parse(text)
    if got is None:
        assert not valid(text)
    else:
        same_as_whole(text, got)
    again = reparser.parse(JOINS)  # and back
    same_as_whole(JOINS, again)


def test_unchanged_statements_are_the_same_nodes():
    reparser = Reparser()
    old = reparser.parse(SAMPLE)[0]
    new = reparser.parse(SAMPLE.replace("OUT = 10", "OUT = 12"))[0]
    changed = [i for i, (a, b) in enumerate(zip(old.body, new.body)) if a is not b]
    assert changed == [2]  # `HIDDEN = 32; OUT = 10`, its own line
    shifted = reparser.parse("# one more line\n" + SAMPLE.replace("OUT = 10", "OUT = 12"))[0]
    assert len(shifted.body) == 7
    assert all(a is b for a, b in zip(new.body[1:], shifted.body[1:]))


@pytest.mark.parametrize("text", [
    SAMPLE.replace("\n", "\r\n"),  # Windows line ends
    "if x:\n  y = 1\n\n\nclass A:\n    pass\n",  # a 2-space block, then a 4-space one
    "import torch\nx = 1",  # no newline at the end
    "import torch\nx = 1 \\\n",  # a line continuation at the end
])
def test_unusual_texts_parse_as_a_whole_parse_or_not_at_all(text):
    reparser = Reparser()
    for version in (text, text.replace("1", "2"), "# top\n" + text):
        parsed = reparser.parse(version)
        if parsed is not None:
            same_as_whole(version, parsed)


@pytest.mark.parametrize("text", [
    "def f(:\n    pass\n",  # a syntax error: the whole parse reports it
    "x = 1\r\ny = 2\rz = 3\n",  # a lone carriage return
    "x = 1\r\ny = 2\n",  # mixed line ends
    "@(\n    decorator\n)\ndef f():\n    pass\n",  # the @ a line above where ast says
    "x = " + "(" * 450 + "1" + ")" * 450 + "\n",  # deeper than the guard lets LibCST go
    "",
])
def test_what_a_whole_parse_must_decide_is_left_to_it(text):
    assert Reparser().parse(text) is None


def starts(module):
    """Where one code generation of the whole module places each node (what nnlint did
    before it kept positions per statement), checked against LibCST's PositionProvider
    for the statements and expressions (it places a block after its indent)."""
    whole = Positions(module)
    whole.of(None)  # without the text: one generation of the whole module
    placed = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    checked = 0
    for node, where in whole._starts.items():
        if isinstance(node, (cst.BaseStatement, cst.BaseExpression)):
            assert where == (placed[node].start.line, placed[node].start.column)
            checked += 1
    assert checked > 50
    return whole._starts


def test_positions_of_reused_statements_shift_with_the_lines_above():
    reparser = Reparser()
    text = SAMPLE
    _, positions = reparser.parse(text)
    for stmt in positions._module.body:  # every statement's table, as an analysis makes
        positions.of(stmt, stmt)
    for prefix in ("# one\n# two\n", "import os\n\n\n", ""):
        text = prefix + text.replace("HIDDEN = 32", "HIDDEN = 64")
        module, positions = reparser.parse(text)
        expected = starts(module)
        for stmt in module.body:
            for node, where in expected.items():
                if positions.of(node, stmt) != where:
                    raise AssertionError(f"{type(node).__name__}: {positions.of(node, stmt)} "
                                         f"!= {where}")


def test_positions_of_a_first_parse():
    module = cst.parse_module(SAMPLE)
    positions = Positions(module, SAMPLE)  # statement lines from `ast`
    expected = starts(module)
    assert all(positions.of(node) == where for node, where in expected.items())
    foreign = cst.parse_module("x = 1\n").body[0]
    assert Positions(module, SAMPLE).of(foreign, module.body[0]) == (0, 0)


MODELS = '''import torch.nn as nn

WIDTH = 64


class Block(nn.Module):
    def __init__(self, c=16):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(c)
        self.unused = nn.Linear(c, c)

    def forward(self, x):
        return self.bn(self.conv(x))


class Net(nn.Module):  # nnlint: max-params=2M
    def __init__(self, hidden=128):
        super().__init__()
        self.fc1 = nn.Linear(784, hidden)
        self.heads = [nn.Linear(hidden, 10) for _ in range(3)]
        self.blocks = nn.Sequential(*[Block() for _ in range(2)])
        self.fc2 = nn.Linear(WIDTH, 10)

    def forward(self, x):
        x = self.fc1(x)
        return self.fc2(x)


net = Net(int(input()))
'''

EDITS = [
    lambda t: "# a comment above everything\n\n" + t,  # every statement moves down
    lambda t: t.replace("WIDTH = 64", "WIDTH = 128"),  # a constant others read
    lambda t: t.replace("        self.bn = nn.BatchNorm2d(c)\n",
                        "        self.bn = nn.BatchNorm2d(c)\n"
                        "        self.extra = nn.Linear(c, 4)\n"),
    lambda t: t.replace("import torch.nn as nn", "from torch import nn"),  # the aliases
    lambda t: t.replace("    def forward(self, x):\n        x = self.fc1(x)",
                        "    def forward("),
    lambda t: t.replace("    def forward(\n",
                        "    def forward(self, x):\n        x = self.fc1(x)\n"),
    lambda t: t + "\n\nclass Tail(nn.Module):\n    pass\n",
    lambda t: t.replace("class Block", "class Block2").replace("Block()", "Block2()"),
]


def test_the_language_server_reports_after_edits_what_a_fresh_analysis_does(tmp_path):
    """Each version, parsed reusing the last one (positions shifted, rules' walks kept),
    gives the report of an analysis from scratch: counts, layer lines, every finding."""
    from dataclasses import asdict

    from nnlint.adapters.lsp.server import Linter
    from nnlint.api import lint_source
    from nnlint.config import Config
    from nnlint.source.project import Project

    path = str(tmp_path / "models.py")  # not on the disk: no persistent cache
    linter = Linter()
    text = MODELS
    reused, first = [], None
    for edit in [lambda t: t] + EDITS:
        text = edit(text)
        got = linter(text, path).report
        fresh = lint_source(text, path, Config(), Project())
        assert asdict(got) == asdict(fresh)
        assert fresh.models or "def forward(\n" in text
        reused.append(linter._reparsers[path]._positions._module.body[0] is first)
        first = linter._reparsers[path]._positions._module.body[0]
    assert reused.count(True) >= 5  # most versions reused the import statement
