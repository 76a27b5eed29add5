"""The alternatives-and-join rule (nnlint/interpreter/join.py): an undecided condition runs both
alternatives from the same state; what they agree on stays known, what differs becomes
Unknown, and a model is inexact only when they leave it with different parameters.

Counts here are checked against each other or against fixtures' oracle numbers, never
computed by hand."""

from __future__ import annotations

import time

from nnlint.api import lint_file, lint_source
from nnlint.frameworks.torch.runtime import TorchModule
from nnlint.interpreter.join import _Match

H = "import os\nfrom torch import nn\nFLAG = os.environ.get('X')\n"


def models(source, path="join.py"):
    report = lint_source(H + source, path)
    return {m.name: m for m in report.models}, report


def line_of(source, text):
    return (H + source).splitlines().index(text) + 1


def test_agreeing_branches_keep_the_count_exact():
    src = ("n = 4\nif FLAG:\n    n = 4\nelse:\n    n = 4\nnet = nn.Linear(n, 2)\n")
    found, _ = models(src)
    assert found["net"].exact
    assert found["net"].total_params == models("net = nn.Linear(4, 2)\n")[0]["net"].total_params


def test_differing_branches_name_the_condition_line():
    src = ("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
           "        self.a = nn.Linear(2, 2)\n        if FLAG:\n"
           "            self.b = nn.Linear(2, 2)\n")
    found, report = models(src)
    assert not found["Net"].exact
    lines = {d.line for d in report.diagnostics if d.model == "Net"}
    assert lines == {line_of(src, "        if FLAG:")}


def test_a_branch_does_not_see_what_the_other_did():
    """The second branch starts from the state before the first: a list appended to in
    the first branch is as it was when the second runs."""
    src = ("xs = [3]\nif FLAG:\n    xs.append(5)\nelse:\n    k = len(xs)\n"
           "    xs.append(5)\nnet = nn.Linear(xs[0], xs[1])\n")
    found, _ = models(src)
    assert found["net"].exact
    assert found["net"].total_params == models("net = nn.Linear(3, 5)\n")[0]["net"].total_params


def test_a_list_grown_in_one_branch_is_not_known():
    found, _ = models("xs = [3]\nif FLAG:\n    xs.append(5)\nnet = nn.Linear(3, len(xs))\n")
    assert not found["net"].exact


def test_values_that_differ_become_unknown_with_the_condition_line():
    src = "if FLAG:\n    n = 4\nelse:\n    n = 5\nnet = nn.Linear(n, 2)\n"
    found, report = models(src)
    assert not found["net"].exact
    assert any(d.line == line_of(src, "if FLAG:") for d in report.diagnostics)


def test_early_return_in_one_branch():
    src = ("def width(w):\n    if FLAG:\n        return w\n    return w\n"
           "def extra(m):\n    if FLAG:\n        return m\n    m.extra = nn.Linear(2, 2)\n"
           "    return m\n"
           "same = nn.Linear(width(3), 2)\nother = extra(nn.Linear(2, 2))\n")
    found, _ = models(src)
    assert found["same"].exact
    assert not found["other"].exact


def test_a_branch_that_raises_leaves_the_other():
    src = ("def checked(n):\n    if FLAG:\n        raise ValueError(n)\n    return n\n"
           "net = nn.Linear(checked(3), 2)\n")
    found, _ = models(src)
    assert found["net"].exact


def test_a_raising_branch_makes_an_enclosing_try_undecided():
    src = ("n = 3\ntry:\n    if FLAG:\n        raise ValueError()\nexcept ValueError:\n"
           "    n = 4\nnet = nn.Linear(n, 2)\n")
    found, _ = models(src)
    assert not found["net"].exact


def test_nested_forks():
    src = ("if FLAG:\n    if os.environ.get('Y'):\n        n = 3\n    else:\n        n = 3\n"
           "else:\n    n = 3\nnet = nn.Linear(n, 2)\n")
    found, _ = models(src)
    assert found["net"].exact


def test_tied_and_untied_are_told_apart():
    """Objects made in both branches must correspond one to one."""
    a1, a2 = TorchModule("Linear"), TorchModule("Linear")
    b1 = TorchModule("Linear")

    class _Heap:
        def existed(self, value):
            return False

    assert not _Match(_Heap()).agree((a1, a2), (b1, b1))
    assert _Match(_Heap()).agree((a1, a1), (b1, b1))


def test_equal_plain_values_of_different_types_differ():
    class _Heap:
        def existed(self, value):
            return False

    m = _Match(_Heap())
    assert not m.agree(1, True)
    assert not m.agree(1, 1.0)
    assert not m.agree(0.0, -0.0)
    assert m.agree((1, "a"), (1, "a"))


def test_conditional_expression_and_boolean_operators():
    src = ("act = nn.ReLU() if FLAG else nn.ReLU()\nnet = nn.Sequential(nn.Linear(2, 2), act)\n"
           "other = nn.Linear(2, 3 if FLAG else 4)\n")
    found, _ = models(src)
    assert found["net"].exact
    assert not found["other"].exact


def test_many_forks_in_a_loop_stay_bounded():
    """Each turn forks on a large `if`: the forks of a file share a bounded budget, and
    past it the evaluator havocs as before."""
    body = "".join(f"            v{i} = v{i - 1} + {i}\n" for i in range(1, 60))
    src = ("def f():\n    v0 = 0\n    for i in range(3000):\n        if FLAG:\n"
           "            v0 = 1\n" + body + "    return 1\nf()\nnet = nn.Linear(3, 2)\n")
    start = time.process_time()
    found, _ = models(src)
    assert time.process_time() - start < 10
    assert found["net"].exact


def test_notes_from_another_file_are_placed_on_the_calling_line(tmp_path):
    (tmp_path / "helpers.py").write_text(
        "import os\nfrom torch import nn\n\ndef add(m):\n    if os.environ.get('X'):\n"
        "        m.extra = nn.Linear(2, 2)\n")
    main = tmp_path / "main.py"
    main.write_text("from torch import nn\nfrom helpers import add\n\n"
                    "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
                    "        add(self)\n")
    report = lint_file(str(main))
    net = [m for m in report.models if m.name == "Net"][0]
    assert not net.exact
    notes = [d for d in report.diagnostics if d.model == "Net"]
    assert notes and all(d.line == 7 for d in notes)
    assert any("helpers.py:5" in d.message for d in notes)
