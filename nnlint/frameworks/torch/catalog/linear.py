"""Linear layers (torch/nn/modules/linear.py): Identity, Linear, LazyLinear and Bilinear."""

from __future__ import annotations

from nnlint.catalog.spec import last_dim
from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import (
    ANY,
    BIAS_NONE,
    FACTORY,
    layer,
    linear_weights,
    stateless,
    with_none,
)

LAYERS = {
    "torch.nn.Identity": stateless(ANY, examples=(
      "nn.Identity(54, unused='x')  # params: 0  input: (2, 7)  output: (2, 7)",)),
    "torch.nn.Linear": layer(
       f"in_features, out_features, bias=True, {FACTORY}",
       lambda a, x: linear_weights(a.in_features, a.out_features, a.bias),
       lambda a, x: S.with_last(x, a.out_features),
       examples=("nn.Linear(784, 10)  # params: 7850",
                 "nn.Linear(64, 32, bias=False)  # params: 2048  input: (2, 5, 64)"
                 "  output: (2, 5, 32)")),
    "torch.nn.LazyLinear": layer(
       f"out_features, bias=True, {FACTORY}",
       lambda a, x: linear_weights(last_dim(x, "in_features"), a.out_features, a.bias),
       lambda a, x: S.with_last(x, a.out_features),
       examples=("nn.LazyLinear(10)  # params: 80  input: (2, 3, 7)  output: (2, 3, 10)",),
       lazy=True),
    "torch.nn.Bilinear": layer(
       f"in1_features, in2_features, out_features, bias=True, {FACTORY}",
       lambda a, x: {"weight": a.out_features * a.in1_features * a.in2_features,
                     **({"bias": a.out_features} if a.bias else {})},
       lambda a, x: S.with_last(x, a.out_features),
       examples=("nn.Bilinear(3, 4, 5)  # params: 65  input: (2, 6, 3)  output: (2, 6, 5)",
                 "nn.Bilinear(20, 30, 40, bias=False)  # params: 24000")),
}
LAYERS.update(with_none({k: v for k, v in LAYERS.items() if k != "torch.nn.Identity"},
                        BIAS_NONE))
