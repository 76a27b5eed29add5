"""Padding (torch/nn/modules/padding.py): zero, constant, reflection, replication and
circular padding in 1, 2 and 3 dimensions.
"""

from __future__ import annotations

from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import stateless

LAYERS = {
    "torch.nn.ZeroPad1d": stateless("padding", S.pad(1), examples=(
       "nn.ZeroPad1d((3, 1))  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.ZeroPad2d": stateless("padding", S.pad(2), examples=(
       "nn.ZeroPad2d((1, 1, 2, 0))  # params: 0  input: (1, 1, 3, 3)  output: (1, 1, 5, 5)",
       "nn.ZeroPad2d((-1, 1, 0, -2))  # params: 0  input: (1, 1, 4, 4)  output: (1, 1, 2, 4)")),
    "torch.nn.ZeroPad3d": stateless("padding", S.pad(3), examples=(
       "nn.ZeroPad3d(3)  # params: 0  input: (16, 3, 10, 20, 30)  output: (16, 3, 16, 26, 36)",)),
    "torch.nn.ConstantPad1d": stateless("padding, value", S.pad(1), examples=(
       "nn.ConstantPad1d(2, 3.5)  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.ConstantPad2d": stateless("padding, value", S.pad(2), examples=(
       "nn.ConstantPad2d((3, 0, 2, 1), 3.5)  # params: 0  input: (1, 2, 2)  output: (1, 5, 5)",)),
    "torch.nn.ConstantPad3d": stateless("padding, value", S.pad(3), examples=(
       "nn.ConstantPad3d((3, 3, 6, 6, 0, 1), 3.5)  # params: 0  input: (16, 3, 10, 20, 30)"
       "  output: (16, 3, 11, 32, 36)",)),
    "torch.nn.ReflectionPad1d": stateless("padding", S.pad(1), examples=(
       "nn.ReflectionPad1d((3, 1))  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.ReflectionPad2d": stateless("padding", S.pad(2), examples=(
       "nn.ReflectionPad2d(2)  # params: 0  input: (1, 1, 3, 3)  output: (1, 1, 7, 7)",)),
    "torch.nn.ReflectionPad3d": stateless("padding", S.pad(3), examples=(
       "nn.ReflectionPad3d(1)  # params: 0  input: (1, 1, 2, 2, 2)  output: (1, 1, 4, 4, 4)",)),
    "torch.nn.ReplicationPad1d": stateless("padding", S.pad(1), examples=(
       "nn.ReplicationPad1d((3, 1))  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.ReplicationPad2d": stateless("padding", S.pad(2), examples=(
       "nn.ReplicationPad2d((1, 1, 2, 0))  # params: 0  input: (1, 1, 3, 3)"
       "  output: (1, 1, 5, 5)",)),
    "torch.nn.ReplicationPad3d": stateless("padding", S.pad(3), examples=(
       "nn.ReplicationPad3d(3)  # params: 0  input: (16, 3, 8, 32, 32)"
       "  output: (16, 3, 14, 38, 38)",)),
    "torch.nn.CircularPad1d": stateless("padding", S.pad(1), examples=(
       "nn.CircularPad1d((3, 1))  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.CircularPad2d": stateless("padding", S.pad(2), examples=(
       "nn.CircularPad2d((1, 1, 2, 0))  # params: 0  input: (1, 1, 3, 3)"
       "  output: (1, 1, 5, 5)",)),
    "torch.nn.CircularPad3d": stateless("padding", S.pad(3), examples=(
       "nn.CircularPad3d(1)  # params: 0  input: (2, 3, 4, 5, 6)  output: (2, 3, 6, 7, 8)",)),
}
