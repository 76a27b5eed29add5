"""Calls the framework refuses: each catalog entry's ``refused`` lines.

A line reads ``nn.Conv2d(6, 8, 3, groups=4)  # refused: in_channels 6 is not`` and may
add ``input: (...)`` for a refusal that needs the input (a Lazy module's first forward,
a Keras layer's build). Each call was checked with the oracle: the real framework raises.
nnlint's message must start with the text after ``refused:``.
"""

import ast
import re

import pytest

from nnlint.catalog import all_specs
from nnlint.catalog.spec import Refused

INPUT = re.compile(r"input:\s*(\([^)]*\))")


def _refused():
    for name, spec in sorted(all_specs().items()):
        for line in spec.refused:
            yield pytest.param(spec, line, id=f"{name}: {line.split('#')[0].strip()}")


@pytest.mark.parametrize("spec, line", list(_refused()))
def test_refused_call(spec, line):
    code, _, comment = line.partition("#")
    call = ast.parse(code.strip(), mode="eval").body
    args = tuple(ast.literal_eval(a) for a in call.args)
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    want = comment.split("refused:", 1)[1].strip()
    bound = spec.bind(args, kwargs)
    shape = INPUT.search(comment)
    if shape:  # refused once the input is seen: the weights formula raises
        assert spec.refusal(bound) is None
        with pytest.raises(Refused) as exc:
            spec.weights(bound, tuple(ast.literal_eval(shape.group(1))))
        why = str(exc.value)
    else:
        why = spec.refusal(bound)
    assert why is not None and why.startswith(want), why


def test_the_catalog_examples_are_not_refused():
    """The counted examples are calls the framework accepts."""
    for name, spec in all_specs().items():
        for example in spec.examples:
            code = example.partition("#")[0].strip()
            call = ast.parse(code, mode="eval").body
            args = tuple(ast.literal_eval(a) for a in call.args)
            kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
            assert spec.refusal(spec.bind(args, kwargs)) is None, (name, example)


def test_losses_are_marked():
    """torch's _Loss subclasses are never models; AdaptiveLogSoftmaxWithLoss is no _Loss."""
    specs = all_specs()
    losses = {n.rsplit(".", 1)[1] for n, s in specs.items() if s.loss}
    assert "CrossEntropyLoss" in losses and "LinearCrossEntropyLoss" in losses
    assert "AdaptiveLogSoftmaxWithLoss" not in losses
    assert all(s.framework == "torch" for s in specs.values() if s.loss)


@pytest.mark.parametrize("layer", [
    "nn.Linear(-3, -4, bias=False)", "nn.Conv2d(2, 4, kernel_size=(-3, -3), bias=False)",
    "nn.Conv2d(-2, -4, 3, bias=False)", "nn.LayerNorm((-2, -3))", "nn.Embedding(-2, -3)",
    "nn.Bilinear(-2, -3, 4, bias=False)"])
def test_negative_sizes_are_refused_even_when_their_product_is_positive(layer):
    """torch: 'Trying to create tensor with negative dimension' (checked with the oracle)."""
    from nnlint.api import lint_source

    models = lint_source(f"import torch.nn as nn\nneg = {layer}\n", "neg.py").models
    assert len(models) == 1 and not models[0].exact
    assert "is negative (the framework raises here)" in " ".join(n.message for n in models[0].notes)


@pytest.mark.xfail(strict=True, reason="known gap: docs/robustness.md, 'Catalog checks'")
def test_refusals_the_catalog_does_not_check():
    """The framework raises for each of these; nnlint still counts them exact."""
    from nnlint.api import lint_source

    text = (b"import keras\nfrom keras import layers\n"
            b"kt = keras.Sequential([keras.Input(shape=(8, 8, 4)), "
            b"layers.Conv2DTranspose(4, 3, groups=2)])\n")
    models = lint_source(text, "gaps.py").models
    assert models and not any(m.exact for m in models)
