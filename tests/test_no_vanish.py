"""No model vanishes without a word: where nnlint cannot count a model, it still reports
it, exact false with null counts, and a note saying why (issue 16)."""

from __future__ import annotations

from nnlint.api import lint_source

HEAD = "import os\nimport torch.nn as nn\n\nclass Net(nn.Module):\n" \
       "    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(2, 2)\n\n"


def _models(src):
    return {m.name: m for m in lint_source(src, "script.py").models}


def test_a_model_made_after_exec_of_unseen_code_is_reported():
    models = _models(HEAD + "exec(open('configurator.py').read())\nmodel = Net()\n"
                     "optimizer = model.parameters()\nlogits = model(1)\n")
    model = models["model"]
    assert not model.exact and model.total_params is None
    assert "Net" in model.notes[0].message and "exec()" in model.notes[0].message
    assert "optimizer" not in models and "logits" not in models  # what the model makes: no


def test_a_name_the_branches_leave_holding_different_models_is_reported():
    models = _models(HEAD + "net = nn.Sequential(Net(), Net())\n"
                     "if os.environ.get('X'):\n    net = net[0]\n")
    assert not models["net"].exact and models["net"].total_params is None


def test_a_function_result_after_exec_is_not_taken_for_a_model():
    models = _models(HEAD + "def build():\n    return 3\nexec(input())\nvalue = build()\n")
    assert "value" not in models


def test_a_model_made_in_a_branch_nnlint_cannot_join_is_reported():
    models = _models(HEAD + "exec(open('configurator.py').read())\n"
                     "if mode == 'scratch':\n    model = Net()\n"
                     "elif mode == 'resume':\n    model = Net()\n    model.load()\n"
                     "else:\n    model = Net.from_pretrained(mode)\n")
    model = models["model"]
    assert not model.exact and model.total_params is None
    assert "made by Net" in model.notes[0].message


BLOCK = "import torch.nn as nn\n\n\nclass Block(nn.Module):\n    def __init__(self):\n" \
        "        super().__init__()\n        self.fc = nn.Linear(4, 4)\n"


def test_a_model_of_a_file_that_names_no_framework_is_counted(tmp_path):
    # the file names no framework: its model is a class of the project file it imports,
    # directly or through a file that re-exports it; nn.Linear(4, 4) = 20 (the oracle)
    from nnlint.api import lint_file
    (tmp_path / "blocks.py").write_text(BLOCK)
    (tmp_path / "parts.py").write_text("from blocks import Block\n")
    (tmp_path / "direct.py").write_text("from blocks import Block\n\nnet = Block()\n")
    (tmp_path / "through.py").write_text("import parts\n\nnet = parts.Block()\n")
    for name in ("direct.py", "through.py"):
        report = lint_file(str(tmp_path / name))
        assert [(m.name, m.exact, m.total_params) for m in report.models] == \
            [("net", True, 20)], name


def test_a_file_that_imports_no_model_code_is_still_skipped(tmp_path):
    from nnlint.api import lint_file
    (tmp_path / "util.py").write_text("import os\n\nX = 1\n")
    (tmp_path / "main.py").write_text("import json\nfrom util import X\n\nprint(X)\n")
    assert lint_file(str(tmp_path / "main.py")).skipped
