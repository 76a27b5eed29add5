"""Reshaping and resizing (torch/nn/modules/flatten.py, upsampling.py, pixelshuffle.py,
channelshuffle.py): Flatten, Unflatten, the upsamplings, PixelShuffle, PixelUnshuffle and
ChannelShuffle.
"""

from __future__ import annotations

from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import stateless

LAYERS = {
    "torch.nn.Flatten": stateless("start_dim=1, end_dim=-1", S.flatten, examples=(
       "nn.Flatten()  # params: 0  input: (32, 1, 5, 5)  output: (32, 25)",
       "nn.Flatten(0, 2)  # params: 0  input: (32, 1, 5, 5)  output: (160, 5)")),
    "torch.nn.Unflatten": stateless("dim, unflattened_size", S.unflatten, examples=(
       "nn.Unflatten(1, (2, 5, 5))  # params: 0  input: (2, 50)  output: (2, 2, 5, 5)",
       "nn.Unflatten(-1, (4, -1))  # params: 0  input: (3, 7, 12)  output: (3, 7, 4, 3)")),
    "torch.nn.Upsample": stateless(
       "size=None, scale_factor=None, mode='nearest', align_corners=None, "
       "recompute_scale_factor=None", S.upsample(), examples=(
           "nn.Upsample(scale_factor=2, mode='nearest')  # params: 0  input: (1, 1, 2, 2)"
           "  output: (1, 1, 4, 4)",
           "nn.Upsample(scale_factor=1.7, mode='bilinear')  # params: 0  input: (1, 3, 7, 9)"
           "  output: (1, 3, 11, 15)",
           "nn.Upsample(size=(5, 6, 7), mode='trilinear')  # params: 0  input: (1, 2, 3, 3, 3)"
           "  output: (1, 2, 5, 6, 7)",
           "nn.Upsample(size=10, mode='linear')  # params: 0  input: (2, 3, 4)"
           "  output: (2, 3, 10)")),
    "torch.nn.UpsamplingNearest2d": stateless(
       "size=None, scale_factor=None", S.upsample(2), examples=(
           "nn.UpsamplingNearest2d(scale_factor=2)  # params: 0  input: (1, 1, 2, 3)"
           "  output: (1, 1, 4, 6)",)),
    "torch.nn.UpsamplingBilinear2d": stateless(
       "size=None, scale_factor=None", S.upsample(2), examples=(
           "nn.UpsamplingBilinear2d(size=(5, 4))  # params: 0  input: (1, 1, 2, 3)"
           "  output: (1, 1, 5, 4)",)),
    "torch.nn.PixelShuffle": stateless("upscale_factor", S.pixel_shuffle, examples=(
       "nn.PixelShuffle(3)  # params: 0  input: (1, 9, 4, 4)  output: (1, 1, 12, 12)",)),
    "torch.nn.PixelUnshuffle": stateless("downscale_factor", S.pixel_unshuffle, examples=(
       "nn.PixelUnshuffle(3)  # params: 0  input: (1, 1, 12, 12)  output: (1, 9, 4, 4)",)),
    "torch.nn.ChannelShuffle": stateless("groups", examples=(
       "nn.ChannelShuffle(2)  # params: 0  input: (1, 4, 2, 2)  output: (1, 4, 2, 2)",)),
}
