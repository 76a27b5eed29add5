"""Declared inputs: the comment, [tool.nnlint.inputs], --input-shape, and what wins."""

import json

import pytest

from nnlint.adapters.cli import main
from nnlint.api import lint_source
from nnlint.config import Config, ConfigError
from nnlint.inputs import input_for
from nnlint.suppress import read_directives


@pytest.mark.parametrize("comment, shapes, dtype", [
    ("input=(1, 3, 224, 224)", ((1, 3, 224, 224),), "float32"),
    ("input=[(1, 10), (1, 20)]", ((1, 10), (1, 20)), "float32"),
    ("input=(1, 12) dtype=int64", ((1, 12),), "int64"),
    ("input=(1,12), dtype=long, max-params=5M", ((1, 12),), "int64"),
])
def test_comment(comment, shapes, dtype):
    found = read_directives(f"net = Net()  # nnlint: {comment}\n")
    assert not found.problems
    assert found.inputs[1].shapes == shapes and found.inputs[1].dtype == dtype


@pytest.mark.parametrize("comment", ["input=1,2", "input=(1, 2", "input=(1, a)",
                                     "dtype=int64", "input=(1, 2) dtype=complex7",
                                     "input=(-1, 2)"])
def test_bad_comment_is_nnl006(comment):
    found = read_directives(f"net = Net()  # nnlint: {comment}\n")
    assert not found.inputs and [p.code for p in found.problems] == ["NNL006"]


def test_config_table_and_order():
    config = Config.from_table({"inputs": {
        "models/*.py::Net": [1, 3, 32, 32],
        "Two": [[1, 10], [1, 20]],
        "Text": {"shape": [1, 12], "dtype": "int64"}}}, "pyproject.toml", root="/r")
    assert input_for(config, "/r/models/a.py", "Net", 3, None).shapes == ((1, 3, 32, 32),)
    assert input_for(config, "/r/other.py", "Net", 3, None) is None
    assert input_for(config, "/r/x.py", "Two", 3, None).shapes == ((1, 10), (1, 20))
    assert input_for(config, "/r/x.py", "Text", 3, None).dtype == "int64"
    inline = read_directives("\n\nclass Net:  # nnlint: input=(2, 3, 8, 8)\n")
    assert input_for(config, "/r/models/a.py", "Net", 3, inline).shapes == ((2, 3, 8, 8),)


@pytest.mark.parametrize("bad", [[1, "a"], {"shape": [1], "oops": 1}, {"dtype": "int64"},
                                 {"shape": [1], "dtype": "nope"}, []])
def test_config_errors(bad):
    with pytest.raises(ConfigError):
        Config.from_table({"inputs": {"Net": bad}}, "pyproject.toml")


SOURCE = """import torch.nn as nn

class Net(nn.Module):  # nnlint: input=(1, 4)
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)

net = Net()
"""


def test_report_and_json_carry_the_input(tmp_path, capsys):
    report = lint_source(SOURCE, "m.py")
    by_name = {m.name: m for m in report.models}
    assert by_name["Net"].input_shapes == [(1, 4)]
    assert by_name["net"].input_shapes is None
    path = tmp_path / "m.py"
    path.write_text(SOURCE)
    main(["--format", "json", "--no-cache", "--input-shape", "3,4", str(path)])
    doc = json.loads(capsys.readouterr().out)
    shapes = {m["name"]: m["input_shapes"] for m in doc["files"][0]["models"]}
    assert shapes == {"Net": [[1, 4]], "net": [[3, 4]]}  # the comment wins on its line
