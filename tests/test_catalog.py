"""Every catalog entry's examples: bound like the real signature, counted by its formulas.

An example reads ``nn.Conv2d(3, 16, 3)  # params: 448`` and may add
``input: (...)``, ``output: (...)`` and ``non_trainable: N``. Its numbers come
from the oracle (the real framework), never from arithmetic by hand.
"""

import ast
import re

import pytest

from nnlint.catalog import all_specs
from nnlint.interpreter.values import Unknown

FIELD = re.compile(r"(input|output|params|non_trainable):\s*(\([^)]*\)|\[[^\]]*\]|[-\w]+)")


def _examples():
    for name, spec in sorted(all_specs().items()):
        for example in spec.examples:
            yield pytest.param(spec, example, id=f"{name}: {example.split('#')[0].strip()}")


def _parse(example):
    code, _, comment = example.partition("#")
    call = ast.parse(code.strip(), mode="eval").body
    assert isinstance(call, ast.Call), example
    args = tuple(ast.literal_eval(a) for a in call.args)
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    fields = {k: ast.literal_eval(v) if v[0] in "([" or v[0].isdigit() or v == "None" else v
              for k, v in FIELD.findall(comment)}
    return args, kwargs, fields


def _shape(value):
    if value is None:
        return None
    if isinstance(value, list):
        return [tuple(v) for v in value]
    return tuple(value)


@pytest.mark.parametrize("spec, example", list(_examples()))
def test_catalog_example(spec, example):
    args, kwargs, fields = _parse(example)
    bound = spec.bind(args, kwargs)
    x = _shape(fields.get("input"))
    weights = spec.weights(bound, x) if spec.weights else {}
    assert not any(isinstance(v, Unknown) for v in weights.values()), weights
    assert sum(weights.values()) == fields.get("params", 0), weights
    if "non_trainable" in fields:
        assert sum(weights[k] for k in spec.non_trainable if k in weights) == fields["non_trainable"]
    if "output" in fields:
        out = spec.out_shape(bound, x)
        assert out == _shape(fields["output"])


def test_every_weighted_layer_has_an_example():
    missing = [n for n, s in all_specs().items() if s.weights and not s.examples]
    assert not missing, missing


def test_layers_page_is_current():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "document_layers.py"
    assert subprocess.run([sys.executable, str(script), "--check"]).returncode == 0


def test_weights_registered_as_none_are_stated_by_the_catalogue():
    # nn.Linear(4, 2, bias=False).bias is None, an attribute that exists; so are an
    # affine=False norm's weight and bias (RMSNorm has no bias at all) - torch 2.13
    from nnlint import catalog
    specs = catalog.all_specs()
    assert specs["torch.nn.Linear"].none_when == (("bias", "bias"),)
    assert specs["torch.nn.LazyConvTranspose3d"].none_when == (("bias", "bias"),)
    assert ("weight", "affine") in specs["torch.nn.BatchNorm2d"].none_when
    assert specs["torch.nn.RMSNorm"].none_when == (("weight", "elementwise_affine"),)
    assert specs["torch.nn.Identity"].none_when == specs["torch.nn.Fold"].none_when == ()
    assert specs["torch.nn.SyncBatchNorm"].none_when == specs["torch.nn.BatchNorm2d"].none_when
