"""Module-level code that certainly raises stops the file, as it stops Python.

The oracle (Python itself) reports such a file as an error and counts nothing: no model
after the raise ever exists. nnlint stops evaluating at the raising statement, says so on
its line (NNL101, warning) and does not report the models after it; the models before it
are counted as before. Code that only *may* raise (an `if` nnlint cannot decide, a call it
cannot follow, a `try` or a `with` whose outcome is not known, `if __name__ == "__main__"`)
does not stop anything.
"""

from __future__ import annotations

import pytest

from nnlint.api import lint_paths, lint_source

NET = '''

class {name}(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)  # 16 parameters (oracle: tests/fixtures/torch/harmless_bases.py)
'''


def _source(middle):
    return ("import contextlib\nimport somelib\nimport torch.nn as nn\n"
            + NET.format(name="Before") + "\n\nbefore = Before()\n\n" + middle
            + NET.format(name="After") + "\n\nafter = After()\n")


def _report(middle):
    source = _source(middle)
    report = lint_source(source.encode(), "net.py")
    return source, report, {m.name: m for m in report.models}


RAISES = {
    "division by zero": ("x = 1 / 0\n", "ZeroDivisionError"),
    "raise": ("raise RuntimeError('unfinished')\n", "RuntimeError"),
    "assert False": ("assert False, 'not ready'\n", "AssertionError"),
    "key error": ("CONFIG = {'a': 1}\nwidth = CONFIG['b']\n", "KeyError"),
    "handler does not match": ("try:\n    1 / 0\nexcept KeyError:\n    pass\n",
                               "ZeroDivisionError"),
    "raised in a function": ("def setup():\n    raise ValueError('x')\n\n\nsetup()\n",
                             "ValueError"),
}


@pytest.mark.parametrize("middle,kind", RAISES.values(), ids=list(RAISES))
def test_models_after_a_certain_raise_are_not_reported(middle, kind):
    source, report, models = _report(middle)
    assert set(models) == {"Before", "before"}
    assert all(m.exact and m.total_params == 16 for m in models.values())
    notes = [d for d in report.diagnostics if kind in d.message]
    assert len(notes) == 1 and notes[0].code == "NNL101" and notes[0].severity == "warning"
    raising_line = {"raised in a function": "raise ValueError('x')",
                    "handler does not match": "try:"}.get(
        [k for k, v in RAISES.items() if v[0] == middle][0], middle.splitlines()[-1])
    assert source.splitlines()[notes[0].line - 1].strip() == raising_line.strip()


MAY_RAISE = {
    "handled": "try:\n    1 / 0\nexcept ZeroDivisionError:\n    pass\n",
    "main block": 'if __name__ == "__main__":\n    raise SystemExit(main())\n',
    "suppressed": "with contextlib.suppress(ZeroDivisionError):\n    1 / 0\n",
    "condition not known": "if somelib.flag:\n    raise ValueError('maybe')\n",
    "call not followed": "somelib.setup()\n",
    "handler not known": "try:\n    somelib.setup()\nexcept ImportError:\n    raise\n",
    "function not called": "def fail():\n    raise ValueError\n",
}


@pytest.mark.parametrize("middle", MAY_RAISE.values(), ids=list(MAY_RAISE))
def test_code_that_may_raise_does_not_stop_the_file(middle):
    _source_text, report, models = _report(middle)
    assert set(models) == {"Before", "before", "After", "after"}
    assert models["After"].exact and models["After"].total_params == 16
    assert not any("Python stops running the file" in d.message for d in report.diagnostics)


def test_condition_on_an_outside_name_is_not_known():
    source = ("import somelib\nimport torch.nn as nn\n\n\nclass Net(nn.Module):\n"
              "    def __init__(self):\n        super().__init__()\n"
              "        if somelib.BIG:\n            self.fc = nn.Linear(3, 4)\n")
    net = lint_source(source.encode(), "net.py").models[0]
    assert not net.exact


def _project(tmp_path, importer_middle):
    (tmp_path / "helpers.py").write_text(
        "REGISTRY = set()\n\n\ndef lookup(name):\n    if name not in REGISTRY:\n"
        "        raise ValueError(name)\n    return 4\n\n\nraise ImportError('x')\n")
    (tmp_path / "net.py").write_text(_source(importer_middle))
    (report,) = lint_paths([str(tmp_path / "net.py")])
    return {m.name: m for m in report.models}, report


def test_a_raise_in_an_imported_file_does_not_stop_the_file(tmp_path):
    # nnlint knows an imported file within bounds (MAX_MODULES, what other files register
    # into REGISTRY): a raise there is "may raise", and Python's failed import likewise
    models, report = _project(tmp_path, "from helpers import lookup\n\nWIDTH = lookup('a')\n")
    assert set(models) == {"Before", "before", "After", "after"}
    assert models["After"].exact and models["After"].total_params == 16
    assert not any("Python stops running the file" in d.message for d in report.diagnostics)
