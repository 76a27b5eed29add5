"""Pooling (torch/nn/modules/pooling.py): max, average, power-average, adaptive and
fractional pooling, and max unpooling, in 1, 2 and 3 dimensions.
"""

from __future__ import annotations

from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import stateless

_MAX_POOL = ("kernel_size, stride=None, padding=0, dilation=1, return_indices=False, "
             "ceil_mode=False")
_AVG_POOL = ("kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, "
             "divisor_override=None")
_LP_POOL = "norm_type, kernel_size, stride=None, ceil_mode=False"
_FRACTIONAL = ("kernel_size, output_size=None, output_ratio=None, return_indices=False, "
               "_random_samples=None")
_UNPOOL = "kernel_size, stride=None, padding=0"


LAYERS = {
    "torch.nn.MaxPool1d": stateless(_MAX_POOL, S.pool(1, "max"), examples=(
       "nn.MaxPool1d(3, stride=2)  # params: 0  input: (2, 16, 50)  output: (2, 16, 24)",
       "nn.MaxPool1d(4, stride=3, padding=2, dilation=2, ceil_mode=True)  # params: 0"
       "  input: (2, 4, 21)  output: (2, 4, 7)")),
    "torch.nn.MaxPool2d": stateless(_MAX_POOL, S.pool(2, "max"), examples=(
       "nn.MaxPool2d(2)  # params: 0  input: (2, 16, 32, 32)  output: (2, 16, 16, 16)",
       "nn.MaxPool2d(3, stride=2, ceil_mode=True)  # params: 0  input: (1, 3, 10, 11)"
       "  output: (1, 3, 5, 5)",
       "nn.MaxPool2d((3, 2), stride=(2, 1), padding=1, return_indices=True)  # params: 0"
       "  input: (1, 3, 9, 9)  output: [(1, 3, 5, 10), (1, 3, 5, 10)]")),
    "torch.nn.MaxPool3d": stateless(_MAX_POOL, S.pool(3, "max"), examples=(
       "nn.MaxPool3d((3, 2, 2), stride=(2, 1, 2))  # params: 0  input: (1, 2, 10, 9, 8)"
       "  output: (1, 2, 4, 8, 4)",)),
    "torch.nn.AvgPool1d": stateless(
       "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True",
       S.pool(1, "avg"), examples=(
           "nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True)  # params: 0  input: (2, 4, 10)"
           "  output: (2, 4, 6)",)),
    "torch.nn.AvgPool2d": stateless(_AVG_POOL, S.pool(2, "avg"), examples=(
       "nn.AvgPool2d(3, stride=2)  # params: 0  input: (2, 16, 15, 15)  output: (2, 16, 7, 7)",
       "nn.AvgPool2d((3, 2), stride=(2, 1), ceil_mode=True)  # params: 0  input: (3, 8, 6)"
       "  output: (3, 4, 5)")),
    "torch.nn.AvgPool3d": stateless(_AVG_POOL, S.pool(3, "avg"), examples=(
       "nn.AvgPool3d(2, stride=(1, 2, 2))  # params: 0  input: (1, 2, 5, 6, 7)"
       "  output: (1, 2, 4, 3, 3)",)),
    "torch.nn.LPPool1d": stateless(_LP_POOL, S.pool(1, "lp"), examples=(
       "nn.LPPool1d(2, 3, stride=2)  # params: 0  input: (2, 16, 50)  output: (2, 16, 24)",)),
    "torch.nn.LPPool2d": stateless(_LP_POOL, S.pool(2, "lp"), examples=(
       "nn.LPPool2d(1.2, (3, 2), stride=(2, 1), ceil_mode=True)  # params: 0  input: (2, 4, 9, 8)"
       "  output: (2, 4, 4, 7)",)),
    "torch.nn.LPPool3d": stateless(_LP_POOL, S.pool(3, "lp"), examples=(
       "nn.LPPool3d(2, 2)  # params: 0  input: (1, 2, 5, 6, 7)  output: (1, 2, 2, 3, 3)",)),
    "torch.nn.AdaptiveAvgPool1d": stateless("output_size", S.adaptive_pool(1), examples=(
       "nn.AdaptiveAvgPool1d(5)  # params: 0  input: (1, 64, 8)  output: (1, 64, 5)",)),
    "torch.nn.AdaptiveAvgPool2d": stateless("output_size", S.adaptive_pool(2), examples=(
       "nn.AdaptiveAvgPool2d((1, 1))  # params: 0  input: (2, 512, 7, 7)  output: (2, 512, 1, 1)",
       "nn.AdaptiveAvgPool2d((None, 7))  # params: 0  input: (1, 64, 10, 9)"
       "  output: (1, 64, 10, 7)")),
    "torch.nn.AdaptiveAvgPool3d": stateless("output_size", S.adaptive_pool(3), examples=(
       "nn.AdaptiveAvgPool3d((5, None, 7))  # params: 0  input: (1, 64, 8, 9, 10)"
       "  output: (1, 64, 5, 9, 7)",)),
    "torch.nn.AdaptiveMaxPool1d": stateless(
       "output_size, return_indices=False", S.adaptive_pool(1, True), examples=(
           "nn.AdaptiveMaxPool1d(4)  # params: 0  input: (2, 3, 9)  output: (2, 3, 4)",)),
    "torch.nn.AdaptiveMaxPool2d": stateless(
       "output_size, return_indices=False", S.adaptive_pool(2, True), examples=(
           "nn.AdaptiveMaxPool2d(7, return_indices=True)  # params: 0  input: (1, 64, 10, 9)"
           "  output: [(1, 64, 7, 7), (1, 64, 7, 7)]",)),
    "torch.nn.AdaptiveMaxPool3d": stateless(
       "output_size, return_indices=False", S.adaptive_pool(3, True), examples=(
           "nn.AdaptiveMaxPool3d((3, None, 2))  # params: 0  input: (1, 2, 8, 9, 10)"
           "  output: (1, 2, 3, 9, 2)",)),
    "torch.nn.FractionalMaxPool2d": stateless(_FRACTIONAL, S.fractional_max_pool(2), examples=(
       "nn.FractionalMaxPool2d(3, output_size=(13, 12))  # params: 0  input: (2, 16, 50, 32)"
       "  output: (2, 16, 13, 12)",
       "nn.FractionalMaxPool2d(2, output_ratio=(0.5, 0.6))  # params: 0  input: (1, 3, 11, 11)"
       "  output: (1, 3, 5, 6)")),
    "torch.nn.FractionalMaxPool3d": stateless(_FRACTIONAL, S.fractional_max_pool(3), examples=(
       "nn.FractionalMaxPool3d(2, output_ratio=0.5, return_indices=True)  # params: 0"
       "  input: (1, 2, 9, 10, 11)  output: [(1, 2, 4, 5, 5), (1, 2, 4, 5, 5)]",)),
    "torch.nn.MaxUnpool1d": stateless(_UNPOOL, S.max_unpool(1), examples=(
       "nn.MaxUnpool1d(2, stride=2)  # params: 0  input: (1, 1, 4)  output: (1, 1, 8)",)),
    "torch.nn.MaxUnpool2d": stateless(_UNPOOL, S.max_unpool(2), examples=(
       "nn.MaxUnpool2d(3, stride=2, padding=1)  # params: 0  input: (1, 3, 5, 5)"
       "  output: (1, 3, 9, 9)",)),
    "torch.nn.MaxUnpool3d": stateless(_UNPOOL, S.max_unpool(3), examples=(
       "nn.MaxUnpool3d(3, stride=2)  # params: 0  input: (1, 2, 4, 5, 6)"
       "  output: (1, 2, 9, 11, 13)",)),
}
