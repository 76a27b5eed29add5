"""Values handed to code nnlint cannot follow may come back changed.

A list, dict, set or object passed to an unknown function (imported from a package
outside the analysed code) may be appended to, popped or rewritten; a tensor with known
elements may be written in place. Counts built from them afterwards are not exact.
"""

from __future__ import annotations

import pytest

from nnlint.api import lint_source

HEADER = "import torch\nimport torch.nn as nn\nfrom elsewhere import mutate\n"


def _model(src: str, name: str = "net"):
    report = lint_source(HEADER + src, "m.py")
    return {m.name: m for m in report.models}[name]


@pytest.mark.parametrize("src", [
    "layers = [nn.Linear(2, 2)]\nmutate(layers)\nnet = nn.Sequential(*layers)\n",
    "cfg = {'h': 4}\nmutate(cfg)\nnet = nn.Linear(cfg['h'], 2)\n",
    "layers = [nn.Linear(2, 2)]\nmutate(items=layers)\nnet = nn.Sequential(*layers)\n",
    "class C:\n    h = 4\nc = C()\nmutate(c)\nnet = nn.Linear(c.h, 2)\n",
    "idx = torch.arange(1, 4)\nmutate(idx)\nnet = nn.ModuleList([nn.Linear(int(i), 2) for i in idx])\n",
], ids=["list", "dict", "keyword", "object", "tensor-values"])
def test_handed_to_unknown_code_is_not_exact(src):
    assert not _model(src).exact


@pytest.mark.parametrize("src", [
    "layers = [nn.Linear(2, 2)]\nprint(layers, len(layers))\nnet = nn.Sequential(*layers)\n",
    "layers = [nn.Linear(2, 2)]\nmutate(len(layers))\nnet = nn.Sequential(*layers)\n",
    "idx = torch.arange(1, 4)\nnet = nn.ModuleList([nn.Linear(int(i), 2) for i in idx])\n",
], ids=["builtins-read", "only-a-number-escapes", "tensor-values-untouched"])
def test_values_nothing_could_change_stay_exact(src):
    assert _model(src).exact


@pytest.mark.parametrize("src", [
    "import somelib\nnet = nn.Linear(2, 2) if bool(somelib.FLAG) else nn.Linear(3, 3)\n",
    "net = nn.Linear(4, 4) if torch.version.cuda else nn.Linear(5, 5)\n",
], ids=["outside-flag", "torch-version"])
def test_truth_of_a_name_nnlint_cannot_see_is_not_known(src):
    report = lint_source(HEADER + src, "m.py")
    assert not [m for m in report.models if m.exact]


@pytest.mark.parametrize("use", [
    "net = nn.Linear(**cfg)", "net = nn.Linear(2, 3) if 'x' in cfg else nn.Linear(4, 4)",
    "net = nn.Linear(2, 3) if cfg == {'in_features': 2} else nn.Linear(4, 4)",
    "net = nn.Linear(2, 3) if cfg else nn.Linear(4, 4)",
    "net = nn.Sequential(cfg2)",
], ids=["double-star", "in", "equality", "truth", "sequential-of-dict"])
def test_a_poisoned_container_is_not_read_as_it_was(use):
    src = ("cfg = {'in_features': 2, 'out_features': 2}\n"
           "cfg2 = {'a': nn.Linear(2, 2)}\nmutate(cfg)\nmutate(cfg2)\n" + use + "\n")
    report = lint_source(HEADER + src, "m.py")
    assert not [m for m in report.models if m.exact and m.name == "net"]
