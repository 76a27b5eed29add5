"""The flake8 plugin, driven through the real flake8 in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("flake8")

MISMATCH = """\
import torch.nn as nn

net = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(64, 10))
"""
PLAIN = "import os\n\nprint(os.sep)\n"


def flake8(cwd, *args):
    proc = subprocess.run([sys.executable, "-m", "flake8", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout.splitlines()


@pytest.fixture
def files(tmp_path):
    def make(**contents):
        for name, text in contents.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return tmp_path
    return make


def test_plugin_is_registered():
    out = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True,
                         text=True).stdout
    assert "nnlint:" in out


def test_findings_and_status(files):
    root = files(**{"m.py": MISMATCH, "plain.py": PLAIN})
    status, out = flake8(root, "--select", "NNL", ".")
    assert status == 1
    assert out == ["./m.py:3:53: NNL301 nn.Linear(64, 10) expects 64 input features, but gets "
                   "128 from nn.Linear(784, 128) on line 3"]


def test_noqa_extend_ignore_and_format(files):
    root = files(**{"m.py": MISMATCH.replace("10))", "10))  # noqa: NNL301"),
                    "n.py": MISMATCH})
    status, out = flake8(root, "--select", "NNL", "--format", "%(path)s|%(code)s|%(row)d",
                         "m.py", "n.py")
    assert out == ["n.py|NNL301|3"]
    assert flake8(root, "--select", "NNL", "--extend-ignore", "NNL3", "n.py") == (0, [])
    # pep8-naming's codes start with N: `--extend-ignore N` silences nnlint too; N8 (all of
    # pep8-naming's codes) does not, and neither does an explicit, longer NNL selection
    assert flake8(root, "--extend-ignore", "N", "n.py") == (0, [])
    assert [line.split()[1] for line in flake8(root, "--extend-ignore", "N8", "n.py")[1]] == \
        ["NNL301"]
    assert flake8(root, "--extend-ignore", "N", "--extend-select", "NNL", "n.py")[0] == 1


def test_budget_from_flake8_options_and_config_files(files):
    root = files(**{"m.py": MISMATCH})
    status, out = flake8(root, "--select", "NNL2", "--nnlint-max-params", "100K", "m.py")
    assert status == 1 and len(out) == 1
    assert out[0].startswith("m.py:3:1: NNL201 model net has 101,130 parameters, over its "
                             "budget of 100,000 by 1,130 (+1.1%); budget: --nnlint-max-params")
    files(**{"setup.cfg": "[flake8]\nnnlint-max-params = 1M\n"})
    assert flake8(root, "--select", "NNL2", "m.py") == (0, [])
    files(**{"setup.cfg": "[flake8]\nnnlint-max-trainable-params = 10K\n"})
    assert flake8(root, "--select", "NNL2", "m.py")[1][0].split()[1] == "NNL202"


def test_reads_tool_nnlint_from_pyproject(files):
    root = files(**{
        "pyproject.toml": """\
            [tool.nnlint]
            max-params = "100K"
            per-file-ignores = {"legacy/*" = ["NNL301"]}
            """,
        "m.py": MISMATCH, "legacy/old.py": MISMATCH})
    status, out = flake8(root, "--select", "NNL", "m.py", "legacy/old.py")
    codes = sorted((line.split(":")[0], line.split()[1]) for line in out)
    assert codes == [("legacy/old.py", "NNL201"), ("m.py", "NNL201"), ("m.py", "NNL301")]


def test_broken_config_is_reported_not_raised(files):
    root = files(**{"pyproject.toml": '[tool.nnlint]\nmax-params = "big"\n', "m.py": MISMATCH,
                    "plain.py": PLAIN})
    status, out = flake8(root, "--select", "NNL", "m.py", "plain.py")
    assert status == 1 and len(out) == 1
    assert out[0].startswith("m.py:1:1: NNL005 invalid nnlint configuration: max-params in ")
    assert "pyproject.toml" in out[0]
    status, out = flake8(root, "--select", "NNL", "--nnlint-max-params", "x", "m.py")
    assert out[0].startswith("m.py:1:1: NNL005 invalid nnlint option: --nnlint-max-params")


def test_parallel_jobs(files):
    names = {f"m{i}.py": MISMATCH for i in range(6)}
    root = files(**names)
    status, out = flake8(root, "--select", "NNL", "-j", "2", *sorted(names))
    assert status == 1 and len(out) == 6 and all(" NNL301 " in line for line in out)


def test_files_without_a_framework_never_import_libcst(files):
    root = files(**{"plain.py": PLAIN})
    code = textwrap.dedent("""\
        import sys
        from flake8.main.application import Application
        app = Application()
        app.run(["--select", "NNL", "-j", "1", "plain.py"])
        print(app.result_count, "libcst" in sys.modules)
        """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, env={**os.environ}, timeout=120)
    assert proc.stdout.split() == ["0", "False"], proc.stderr
