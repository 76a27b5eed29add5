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
