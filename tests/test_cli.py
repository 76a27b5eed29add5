"""The nnlint command: options, and exit status 0 clean / 1 findings / 2 usage or config."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from nnlint.adapters.cli import main

OVER = "import torch.nn as nn\nnet = nn.Linear(784, 10)  # nnlint: max-params=7K\n"
CLEAN = "import torch.nn as nn\nnet = nn.Linear(784, 10)\n"
WARN = """\
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.used = nn.Linear(2, 2)
        self.spare = nn.Linear(2, 2)
    def forward(self, x):
        return self.used(x)
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def make(**files):
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return tmp_path
    return make


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_exit_0_when_clean_and_when_only_warnings(project, capsys):
    project(**{"a.py": CLEAN, "w.py": WARN})
    status, out, _ = run(capsys, ".")
    assert status == 0 and "NNL303" in out


def test_exit_1_on_a_budget(project, capsys):
    project(**{"a.py": OVER})
    status, out, _ = run(capsys, "a.py")
    assert status == 1 and "NNL201" in out
    assert run(capsys, "a.py", "--exit-zero")[0] == 0
    assert run(capsys, "a.py", "--ignore", "NNL201")[0] == 0
    assert run(capsys, "a.py", "--select", "NNL3")[0] == 0


def test_max_params_option(project, capsys):
    project(**{"a.py": CLEAN})
    assert run(capsys, "--max-params", "7_850", "a.py")[0] == 0
    status, out, _ = run(capsys, "--max-params", "7.8K", "a.py")
    assert status == 1 and "budget of 7,800 by 50 (+0.6%); budget: --max-params" in out


def test_exit_2_on_broken_config(project, capsys):
    project(**{"a.py": CLEAN, "pyproject.toml": '[tool.nnlint]\nmax-params = "huge"\n'})
    status, out, err = run(capsys, "a.py")
    assert status == 2 and out == ""
    assert "max-params in" in err and "pyproject.toml" in err and "Traceback" not in err


def test_exit_2_on_usage_errors(project, capsys):
    project(**{"a.py": CLEAN})
    assert run(capsys, "missing.py")[0] == 2
    assert run(capsys, "--config", "missing.toml", "a.py")[0] == 2
    for bad in (["--max-params", "lots"], ["--select", "E501"], ["--format", "xml"]):
        with pytest.raises(SystemExit) as exc:
            main(bad + ["a.py"])
        assert exc.value.code == 2


def test_config_option(project, capsys):
    project(**{"a.py": CLEAN, "ci.toml": 'max-params = 100\n'})
    assert run(capsys, "a.py")[0] == 0
    assert run(capsys, "--config", "ci.toml", "a.py")[0] == 1


def test_allow_inexact_option(project, capsys):
    project(**{"a.py": "import sys\nimport torch.nn as nn\n"
                       "net = nn.Linear(int(sys.argv[1]), 10)  # nnlint: max-params=1M\n"})
    assert run(capsys, "a.py")[0] == 0
    status, out, _ = run(capsys, "--no-allow-inexact", "a.py")
    assert status == 1 and "NNL203" in out


def test_dtype_option_changes_sizes(project, capsys):
    project(**{"a.py": CLEAN})
    assert "(30.66 KiB fp32)" in run(capsys, "a.py")[1]
    assert "(7.67 KiB int8)" in run(capsys, "--dtype", "int8", "a.py")[1]


def test_json_carries_budgets(project, capsys):
    project(**{"a.py": OVER})
    status, out, _ = run(capsys, "--format", "json", "a.py")
    doc = json.loads(out)
    (m,) = doc["files"][0]["models"]
    assert m["budget"] == {"max_params": {"limit": 7000,
                                          "source": "`# nnlint: max-params=` on line 2"}}
    assert [d["code"] for d in doc["files"][0]["diagnostics"]] == ["NNL201"]


def test_version_is_instant_and_imports_no_parser():
    code = ("import sys; from nnlint.adapters.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print('libcst' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert out.stdout.strip().endswith("False")
