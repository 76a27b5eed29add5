"""What people read: the concise and summary modes, notebooks, standard input, the JSON schema,
--output-file, and the small messages (a binary named x.py, a bad --max-params)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from nnlint.adapters.cli import main
from nnlint.api import lint_source
from nnlint.output import concise, text
from nnlint.output import json as json_out
from tests.snapshot import SNAPSHOTS, assert_snapshot, project_reports

NOTEBOOK = SNAPSHOTS / "notebook"
SCHEMA = Path(__file__).parent.parent / "docs" / "nnlint.schema.json"


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# ------------------------------------------------------------------ the two modes
def test_concise_snapshot(monkeypatch):
    reports, settings = project_reports(monkeypatch)
    out = concise.render(reports, settings)
    assert_snapshot("concise.txt", out)
    assert "models.py:21: wide 1,049,600 params (2.00 MiB bf16)  budget 100K" in out


NESTED = """\
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.bn = nn.BatchNorm2d(c)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3)
        self.layer1 = nn.Sequential(Block(16), Block(16), Block(16))
        self.head = nn.Linear(16, 10)
"""


def test_summary_folds_to_a_depth():
    reports = [lint_source(NESTED, "nested.py")]
    full = text.render(reports)
    assert "layer1.2.bn" in full
    folded = text.render(reports, depth=2)
    assert_snapshot("summary_depth2.txt", folded)
    assert "layer1.0 .. layer1.2" in folded and "layer1.1" not in folded


def test_concise_is_the_default_and_summary_the_table(monkeypatch, capsys):
    monkeypatch.chdir(SNAPSHOTS / "project")
    _, out, _ = run(capsys, "models.py")
    assert "Layer (name)" not in out and out.count(" params (") == 5
    _, out, _ = run(capsys, "summary", "models.py")
    assert out.count("Layer (name)") == 5


def test_short_counts():
    assert [concise.short_count(n) for n in (25_000_000, 250_000, 25_600_000, 7993, 1_500)] \
        == ["25M", "250K", "25.6M", "7,993", "1.5K"]


def test_long_type_names_are_not_cut():
    src = ("import torch.nn as nn\n"
           "net = nn.Sequential(nn.TransformerDecoderLayer(8, 2))\n")
    out = text.render([lint_source(src, "m.py")])
    assert "TransformerDecoderLayer " in out


# ------------------------------------------------------------------ notebooks
def test_notebook_snapshot(capsys, monkeypatch):
    monkeypatch.chdir(NOTEBOOK)
    status, out, _ = run(capsys, ".")
    assert_snapshot("notebook.txt", out)
    assert "net.ipynb:cell 3:2: MLP 101,130 params" in out
    _, out, _ = run(capsys, "--format", "json", "net.ipynb")
    assert_snapshot("notebook.json", out)
    (f,) = json.loads(out)["files"]
    assert [(m["name"], m["cell"], m["line"]) for m in f["models"]] == \
        [("MLP", 3, 2), ("net", 5, 2)]


def test_a_broken_notebook_says_so(tmp_path):
    report = lint_source(b'{"cells": [ torch', str(tmp_path / "x.ipynb"))
    (d,) = report.diagnostics
    assert d.code == "NNL002" and "not a valid notebook" in d.message


def test_magics_keep_line_numbers():
    from nnlint.source.notebook import python_source
    nb = {"cells": [{"cell_type": "code", "source": ["%load_ext autoreload\n", "x = 1\n"]},
                    {"cell_type": "code", "source": "%%writefile a.sh\necho hi\n"},
                    {"cell_type": "code", "source": "if x:\n    !ls\ny = x?\n"}]}
    source, cells = python_source(json.dumps(nb).encode())
    assert source.splitlines() == ["pass", "x = 1", "", "", "if x:", "    pass", "y = x?"]
    assert cells == [(1, 1), (2, 3), (3, 5)]


# ------------------------------------------------------------------ standard input
def test_stdin_with_a_filename(monkeypatch, capsys):
    monkeypatch.chdir(SNAPSHOTS / "project")
    source = (SNAPSHOTS / "project" / "models.py").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(source)))
    status, out, _ = run(capsys, "-", "--stdin-filename", "models.py")
    assert status == 1  # the budgets of models.py's pyproject.toml apply
    assert "models.py:21: wide 1,049,600 params (2.00 MiB bf16)  budget 100K" in out


def test_stdin_without_a_name(monkeypatch, capsys):
    src = b"import torch.nn as nn\nnet = nn.Linear(784, 10)\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(src)))
    status, out, _ = run(capsys, "-")
    assert status == 0 and out.startswith("-:2: net 7,850 params")


# ------------------------------------------------------------------ JSON and files
def test_every_json_snapshot_follows_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    checked = 0
    for path in sorted(SNAPSHOTS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if "nnlint" in doc:  # not SARIF
            jsonschema.validate(doc, schema)
            checked += 1
    assert checked >= 2


def test_json_columns_are_one_based(monkeypatch):
    reports, settings = project_reports(monkeypatch)
    doc = json_out.document(reports)
    assert {m["column"] for m in doc["files"][0]["models"]} == {1}


def test_output_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(SNAPSHOTS / "project")
    target = tmp_path / "out.json"
    status, out, _ = run(capsys, "--format", "json", "--output-file", str(target), "models.py")
    assert out == "" and json.loads(target.read_text())["files"][0]["path"] == "models.py"
    status, _, err = run(capsys, "-o", str(tmp_path / "no" / "such" / "dir"), "models.py")
    assert status == 2 and "cannot write" in err


# ------------------------------------------------------------------ small things
def test_an_elf_binary_named_x_py(tmp_path):
    report = lint_source(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", str(tmp_path / "x.py"))
    assert [d.code for d in report.diagnostics] == ["NNL002"]
    assert "not Python source" in report.diagnostics[0].message


def test_max_params_message_says_it_once(capsys):
    with pytest.raises(SystemExit):
        main(["--max-params", "five", "x.py"])
    err = capsys.readouterr().err
    assert "argument --max-params: 'five' is not a parameter count" in err
    assert err.count("parameter count") == 1


# ------------------------------------------------------------------ tables as the frameworks print them
KERAS = """\
import keras
from keras import layers
inp = keras.Input(shape=(100, 8))
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(inp)
x = layers.Dense(4)(x)
two = keras.Model(inp, x, name="two_tower")
seq = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(10), layers.Dense(3)])
"""


def test_keras_rows_are_model_summary_rows():
    # as Keras 3's two.summary() and seq.summary() print them (oracle venv, torch backend)
    two, seq = lint_source(KERAS, "k.py").models
    assert two.keras_name == "two_tower" and seq.keras_name == "sequential"
    assert [(r.name, r.type, r.output_shape, r.params) for r in two.layers] == [
        ("input_layer", "InputLayer", (None, 100, 8), 0),
        ("bidirectional", "Bidirectional", (None, 100, 128), 37376),
        ("dense", "Dense", (None, 100, 4), 516)]
    assert [(r.name, r.params) for r in seq.layers] == [("dense", 170), ("dense_1", 33)]
    assert 'keras model two (k.py:6)  Model: "two_tower"' in text.render([lint_source(KERAS,
                                                                                      "k.py")])


VIT = """\
import torch
import torch.nn as nn
class ViT(nn.Module):
    def __init__(self):
        super().__init__()
        self.class_token = nn.Parameter(torch.zeros(1, 1, 64))
        self.proj = nn.Linear(16, 64)
        self.register_parameter("pos", nn.Parameter(torch.zeros(1, 10, 64)))
        self.head = nn.Linear(64, 10)
"""


def test_torch_parameters_on_a_module_are_rows():
    (m,) = lint_source(VIT, "v.py").models
    # named_parameters(): a module's own parameters, then its children's
    assert [(r.name, r.type, r.params) for r in m.layers] == [
        ("class_token", "Parameter", 64), ("pos", "Parameter", 640),
        ("proj", "Linear", 1088), ("head", "Linear", 650)]
    assert sum(r.params for r in m.layers) == m.total_params


# ------------------------------------------------------------------ findings missing or noisy
def test_a_budget_key_matching_no_model_warns(tmp_path):
    from nnlint.api import lint_file
    from nnlint.config import Settings
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nnlint.budgets]\n"heads.py::Clasifier" = "2M"\n"heads.py::Classifier" = "2M"\n')
    (tmp_path / "heads.py").write_text(
        "import torch.nn as nn\nclass Classifier(nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(2, 2)\n")
    report = lint_file(str(tmp_path / "heads.py"), Settings())
    (d,) = [d for d in report.diagnostics if d.code == "NNL204"]
    assert d.severity == "warning" and '"heads.py::Clasifier" matches no model' in d.message


BUILDER = """\
import torch.nn as nn
def build():
    act = nn.ReLU()
    m = nn.Sequential(nn.Linear(4, 4), act)
    return m
model = build()
"""


def test_a_built_model_is_shown_once_with_its_names():
    report = lint_source(BUILDER, "b.py")
    # JSON keeps every name (the contract); the local activation is no model
    assert {m.name: m.same_as for m in report.models} == \
        {"build": None, "build.m": "build", "model": "build"}
    out = concise.render([report])
    assert "b.py:2: build (also build.m line 4, model line 6) 20 params" in out
    assert out.count(" params (") == 1


KERAS_LATER = """\
import keras
from keras import layers
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.fc = layers.Dense(3)
    def call(self, x):
        return self.fc(x)
model = Net()
model.build((None, 5))
"""


def test_a_keras_subclass_built_later_is_not_also_unknown():
    report = lint_source(KERAS_LATER, "k.py")
    assert [(m.name, m.total_params) for m in report.models] == [("model", 18)]


def _notebook(width: int) -> str:
    cell = {"cell_type": "code", "metadata": {}, "outputs": [],
            "source": ["import torch.nn as nn\n", f"net = nn.Linear(10, {width})\n"]}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_review_reads_notebooks(tmp_path):
    import shutil
    import subprocess
    import sys
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args):
        subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
                       cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / "nb.ipynb").write_text(_notebook(5))
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "base")
    (tmp_path / "nb.ipynb").write_text(_notebook(7))
    proc = subprocess.run([sys.executable, "-m", "nnlint.adapters.review", "--base", "HEAD", "--format",
                           "json"], cwd=tmp_path, capture_output=True, text=True)
    changes = {c["model"]: c for c in json.loads(proc.stdout)["changes"]}
    assert (changes["net"]["before"], changes["net"]["after"]) == (55, 77)


NAMES = """\
import keras
from keras import layers
inner = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4)])
inp = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(4, 3)(inp)
x = layers.BatchNormalization()(x)
x = layers.ReLU()(x)
x = layers.PReLU()(x)
x = layers.Conv2DTranspose(2, 3)(x)
x = layers.MaxPooling2D()(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(8)(x)
x = inner(x)
x = layers.LayerNormalization()(x)
m = keras.Model(inp, x)
"""


def test_keras_names_follow_the_order_layers_are_made():
    # m.summary() in Keras 3 (oracle venv): the nested model's Input and Dense come first
    m = {m.name: m for m in lint_source(NAMES, "n.py").models}["m"]
    assert [(r.name, r.type, r.params) for r in m.layers] == [
        ("input_layer_1", "InputLayer", 0), ("conv2d", "Conv2D", 40),
        ("batch_normalization", "BatchNormalization", 16), ("re_lu", "ReLU", 0),
        ("p_re_lu", "PReLU", 2704), ("conv2d_transpose", "Conv2DTranspose", 74),
        ("max_pooling2d", "MaxPooling2D", 0),
        ("global_average_pooling2d", "GlobalAveragePooling2D", 0), ("dense_1", "Dense", 24),
        ("sequential", "Sequential", 36), ("layer_normalization", "LayerNormalization", 8)]
    assert m.layers[-2].output_shape == (None, 4) and m.keras_name == "functional"


def test_hostile_notebooks_are_diagnostics(tmp_path):
    from nnlint.api import lint_file
    deep = b'{"torch": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    for data in (deep, b'{"cells": 3, "torch": 1}', b'["torch"]',
                 b'{"cells": [{"cell_type": "code", "source": 7}, 5], "torch": 1}'):
        report = lint_source(data, "x.ipynb")
        assert [d.code for d in report.diagnostics] in ([], ["NNL002"]), data[:40]
    # outputs larger than the limit of a source file are read and dropped
    big = json.loads(_notebook(5))
    big["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout",
                                   "text": ["x" * 2_000_000]}]
    (tmp_path / "big.ipynb").write_text(json.dumps(big))
    report = lint_file(str(tmp_path / "big.ipynb"))
    assert [(m.name, m.total_params) for m in report.models] == [("net", 55)]


SHARED = """\
import keras
from keras import layers
i = keras.Input(shape=(8,))
base = keras.Model(i, layers.Dense(4)(i))
a = keras.Input(shape=(8,))
b = keras.Input(shape=(8,))
out = layers.Concatenate()([base(a), base(b)])
m = keras.Model([a, b], out)
"""


def test_a_nested_functional_model_is_one_row_with_its_output_shape():
    # m.summary() in Keras 3 (oracle venv)
    m = {m.name: m for m in lint_source(SHARED, "s.py").models}["m"]
    assert [(r.name, r.type, r.output_shape, r.params) for r in m.layers] == [
        ("input_layer_1", "InputLayer", (None, 8), 0),
        ("input_layer_2", "InputLayer", (None, 8), 0),
        ("functional", "Functional", (None, 4), 36),
        ("concatenate", "Concatenate", (None, 8), 0)]
