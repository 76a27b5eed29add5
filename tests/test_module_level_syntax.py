"""Code LibCST parses but CPython refuses to compile, and classes whose bases are not
defined: found by cutting and splicing the fixture files (a well-formed report, no crash)."""

from __future__ import annotations

import pytest

from nnlint.api import lint_source
from tests.test_robustness import assert_well_formed

HEAD = "import torch.nn as nn\n"


@pytest.mark.parametrize("stmt, what", [
    ("return nn.Linear(2, 2)", "'return' outside function"),
    ("break", "'break' outside loop"),
    ("continue", "'continue' not properly in loop"),
])
def test_a_statement_outside_its_block_means_no_model(stmt, what):
    report = lint_source(HEAD + "net = nn.Linear(3, 3)\n" + stmt + "\n", "cut.py")
    assert_well_formed(report, "cut.py")
    assert report.models == []  # Python compiles none of the file
    assert any(d.code == "NNL001" and what in d.message for d in report.diagnostics)


def test_super_past_an_undefined_base():
    src = HEAD + ("class Net(Left, nn.Module):\n    def __init__(self):\n"
                  "        super(Right, self).__init__()\n        self.fc = nn.Linear(2, 2)\n"
                  "net = Net()\n")
    assert_well_formed(lint_source(src, "cut.py"), "cut.py")


def test_a_builder_whose_model_is_set_to_none_is_not_reported():
    src = HEAD + ("def build():\n    model = nn.Linear(2, 2)\n    model = None\n"
                  "    return 1\n")
    report = lint_source(src, "cut.py")
    assert_well_formed(report, "cut.py")
    assert "build.model" not in [m.name for m in report.models]
