"""torch.nn layers: signature, weights and output shape of each.

Formulas follow the PyTorch documentation of each class; every entry's
examples are checked by tests/test_catalog.py with numbers from the oracle.
"""

from __future__ import annotations

from nnlint.catalog.spec import LayerSpec, as_tuple, prod

_FACTORY = "device=None, dtype=None"


def _linear_weights(a, x):
    w = {"weight": a.in_features * a.out_features}
    if a.bias:
        w["bias"] = a.out_features
    return w


def _with_last(x, n):
    return None if x is None else tuple(x[:-1]) + (n,)


def _conv(n, transposed=False):
    def weights(a, x):
        k = prod(as_tuple(a.kernel_size, n))
        if transposed:
            w = {"weight": a.in_channels * (a.out_channels // a.groups) * k}
        else:
            w = {"weight": a.out_channels * (a.in_channels // a.groups) * k}
        if a.bias:
            w["bias"] = a.out_channels
        return w
    return weights


def _identity(a, x):
    return x


LAYERS = {
    "torch.nn.Linear": LayerSpec(
        "torch",
        signature=f"in_features, out_features, bias=True, {_FACTORY}",
        weights=_linear_weights,
        out_shape=lambda a, x: _with_last(x, a.out_features),
        examples=("nn.Linear(784, 10)  # params: 7850",),
    ),
    "torch.nn.Conv2d": LayerSpec(
        "torch",
        signature="in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, "
                  f"groups=1, bias=True, padding_mode='zeros', {_FACTORY}",
        weights=_conv(2),
        examples=("nn.Conv2d(3, 16, 3)  # params: 448",),
    ),
    "torch.nn.ReLU": LayerSpec("torch", signature="inplace=False", out_shape=_identity),
    "torch.nn.Dropout": LayerSpec("torch", signature="p=0.5, inplace=False", out_shape=_identity),
}
