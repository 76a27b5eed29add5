"""Activations (torch/nn/modules/activation.py): ReLU and its kin, GLU, the
softmaxes, and PReLU, the one with a parameter.
"""

from __future__ import annotations

from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import ANY, FACTORY, layer, stateless

_INPLACE = "inplace=False"
_DIM = "dim=None"


LAYERS = {
    "torch.nn.PReLU": layer(
       f"num_parameters=1, init=0.25, {FACTORY}",
       lambda a, x: {"weight": a.num_parameters}, examples=(
           "nn.PReLU()  # params: 1  input: (2, 3)  output: (2, 3)",
           "nn.PReLU(64)  # params: 64  input: (2, 64, 4, 4)  output: (2, 64, 4, 4)")),
    "torch.nn.ReLU": stateless(_INPLACE, examples=(
       "nn.ReLU()  # params: 0  input: (2, 3, 4)  output: (2, 3, 4)",)),
    "torch.nn.ReLU6": stateless(_INPLACE),
    "torch.nn.LeakyReLU": stateless("negative_slope=0.01, inplace=False", examples=(
       "nn.LeakyReLU(0.2, inplace=True)  # params: 0  input: (2, 5)  output: (2, 5)",)),
    "torch.nn.RReLU": stateless("lower=0.125, upper=0.3333333333333333, inplace=False"),
    "torch.nn.ELU": stateless("alpha=1.0, inplace=False"),
    "torch.nn.CELU": stateless("alpha=1.0, inplace=False"),
    "torch.nn.SELU": stateless(_INPLACE),
    "torch.nn.GELU": stateless("approximate='none'", examples=(
       "nn.GELU(approximate='tanh')  # params: 0  input: (2, 8)  output: (2, 8)",)),
    "torch.nn.SiLU": stateless(_INPLACE),
    "torch.nn.Mish": stateless(_INPLACE),
    "torch.nn.Sigmoid": stateless(ANY),
    "torch.nn.Tanh": stateless(ANY),
    "torch.nn.LogSigmoid": stateless(ANY),
    "torch.nn.Softsign": stateless(ANY),
    "torch.nn.Tanhshrink": stateless(ANY),
    "torch.nn.Softplus": stateless("beta=1.0, threshold=20.0"),
    "torch.nn.Softshrink": stateless("lambd=0.5"),
    "torch.nn.Hardshrink": stateless("lambd=0.5"),
    "torch.nn.Hardtanh": stateless(
       "min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None"),
    "torch.nn.Hardswish": stateless(_INPLACE),
    "torch.nn.Hardsigmoid": stateless(_INPLACE),
    "torch.nn.Threshold": stateless("threshold, value, inplace=False", examples=(
       "nn.Threshold(0.1, 20)  # params: 0  input: (2, 3)  output: (2, 3)",)),
    "torch.nn.GLU": stateless("dim=-1", S.glu, examples=(
       "nn.GLU()  # params: 0  input: (4, 10)  output: (4, 5)",
       "nn.GLU(dim=1)  # params: 0  input: (2, 6, 5)  output: (2, 3, 5)")),
    "torch.nn.Softmax": stateless(_DIM, examples=(
       "nn.Softmax(dim=1)  # params: 0  input: (2, 3)  output: (2, 3)",)),
    "torch.nn.Softmin": stateless(_DIM),
    "torch.nn.LogSoftmax": stateless(_DIM),
    "torch.nn.Softmax2d": stateless(ANY, examples=(
      "nn.Softmax2d()  # params: 0  input: (2, 3, 4, 5)  output: (2, 3, 4, 5)",)),
}
