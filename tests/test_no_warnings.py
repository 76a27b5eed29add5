"""nnlint prints nothing of its own on stderr: Python's warnings about the analysed code
(an invalid escape such as "\\d" is a SyntaxWarning from Python 3.12, a DeprecationWarning
before) belong to whoever runs that code, not to the linter."""

from __future__ import annotations

import subprocess
import sys
import warnings

from nnlint.api import lint_source

SOURCE = r'''import re
import torch.nn as nn

PATTERN = "\d+"  # an invalid escape sequence


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
'''


def test_invalid_escape_gives_no_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = lint_source(SOURCE.encode(), "escapes.py")
    assert [m.total_params for m in report.models] == [16]
    assert [str(w.message) for w in caught] == []


def test_invalid_escape_prints_nothing_on_stderr(tmp_path):
    path = tmp_path / "escapes.py"
    path.write_text(SOURCE)
    run = subprocess.run([sys.executable, "-W", "default", "-m", "nnlint", str(path)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.stderr == ""
