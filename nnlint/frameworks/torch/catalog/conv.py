"""Convolutions (torch/nn/modules/conv.py, fold.py): Conv, ConvTranspose and their Lazy
forms in 1, 2 and 3 dimensions, with the arguments _ConvNd refuses; Fold and Unfold.
"""

from __future__ import annotations

from nnlint.catalog.spec import Refused, holds, prod
from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import (
    BIAS_NONE,
    FACTORY,
    input_dim,
    layer,
    stateless,
    with_none,
)


def _conv(n, transposed=False, lazy=False):
    """Conv / ConvTranspose: weight (out, in/groups, *k) or (in, out/groups, *k)."""
    def weights(a, x):
        if lazy:  # LazyConv: input.shape[1] batched, [0] unbatched
            c_in = input_dim(x, -n - 1, (n + 1, n + 2), "in_channels")
        else:
            c_in = a.in_channels
        if lazy and holds(c_in % a.groups != 0):
            raise Refused(f"in_channels {c_in} is not divisible by groups {a.groups}",
                          "(the framework raises at the first forward)")
        if lazy and holds(a.out_channels % a.groups != 0):
            raise Refused(f"out_channels {a.out_channels} is not divisible by groups "
                          f"{a.groups}", "(the framework raises at the first forward)")
        k = prod(S.tup(a.kernel_size, n))
        if transposed:
            w = {"weight": c_in * (a.out_channels // a.groups) * k}
        else:
            w = {"weight": a.out_channels * (c_in // a.groups) * k}
        if a.bias:
            w["bias"] = a.out_channels
        return w
    return weights


def _conv_refuses(n, transposed=False, lazy=False):
    """torch's _ConvNd.__init__ (and _ConvTransposeNd's padding_mode check)."""
    def refuses(a):
        g = a.groups
        if holds(g <= 0):
            return f"groups {g} is not a positive integer"
        for what in () if lazy else ("in_channels", "out_channels"):
            if holds(getattr(a, what) % g != 0):
                return f"{what} {getattr(a, what)} is not divisible by groups {g}"
        padding, mode = a.padding, a.padding_mode
        if isinstance(padding, str) and not transposed:  # ConvTranspose _ntuple()s it
            if padding not in ("same", "valid"):
                return f"padding {padding!r} is not 'same' or 'valid'"
            if padding == "same" and any(holds(s != 1) for s in S.tup(a.stride, n)):
                return f"padding='same' with stride {a.stride!r} (strided convolution)"
        if transposed and (isinstance(mode, str) or mode is None) and mode != "zeros":
            return f"padding_mode {mode!r}: only 'zeros' is supported"
        if (isinstance(mode, str) or mode is None) and mode not in _PADDING_MODES:
            return f"padding_mode {mode!r} is not one of {', '.join(_PADDING_MODES)}"
        return None
    return refuses


_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")

_CONV = ("in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, "
         f"bias=True, padding_mode='zeros', {FACTORY}")
_CONV_T = ("in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, "
           f"groups=1, bias=True, dilation=1, padding_mode='zeros', {FACTORY}")
_LAZY_CONV = _CONV.replace("in_channels, ", "")
_LAZY_CONV_T = _CONV_T.replace("in_channels, ", "")


LAYERS = {
    "torch.nn.Conv1d": layer(_CONV, _conv(1), S.conv(1), refuses=_conv_refuses(1), examples=(
       "nn.Conv1d(16, 33, 3, stride=2)  # params: 1617  input: (2, 16, 50)  output: (2, 33, 24)",
       "nn.Conv1d(4, 8, 5, padding='same', dilation=2, padding_mode='circular')  # params: 168"
       "  input: (4, 20)  output: (8, 20)")),
    "torch.nn.Conv2d": layer(_CONV, _conv(2), S.conv(2), refuses=_conv_refuses(2), examples=(
       "nn.Conv2d(3, 16, 3)  # params: 448  input: (2, 3, 32, 32)  output: (2, 16, 30, 30)",
       "nn.Conv2d(32, 64, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1), groups=4, "
       "bias=False)  # params: 7680  input: (2, 32, 28, 28)  output: (2, 64, 15, 28)",
       "nn.Conv2d(8, 8, 3, padding='valid', groups=8)  # params: 80  input: (1, 8, 10, 10)"
       "  output: (1, 8, 8, 8)"), refused=(
       "nn.Conv2d(6, 8, 3, groups=4)  # refused: in_channels 6 is not divisible by groups 4",
       "nn.Conv2d(8, 6, 3, groups=4)  # refused: out_channels 6 is not divisible by groups 4",
       "nn.Conv2d(8, 8, 3, groups=0)  # refused: groups 0 is not a positive integer",
       "nn.Conv2d(8, 8, 3, padding='same', stride=(1, 2))  # refused: padding='same' with",
       "nn.Conv2d(8, 8, 3, padding='full')  # refused: padding 'full'",
       "nn.Conv2d(8, 8, 3, padding_mode='constant')  # refused: padding_mode 'constant'")),
    "torch.nn.Conv3d": layer(_CONV, _conv(3), S.conv(3), refuses=_conv_refuses(3), examples=(
       "nn.Conv3d(16, 33, (3, 5, 2), stride=(2, 1, 1), padding=(4, 2, 0))  # params: 15873"
       "  input: (2, 16, 10, 12, 14)  output: (2, 33, 8, 12, 13)",)),
    "torch.nn.ConvTranspose1d": layer(
       _CONV_T, _conv(1, True), S.conv(1, True), refuses=_conv_refuses(1, True),
       examples=(
           "nn.ConvTranspose1d(16, 8, 4, stride=2, padding=1)  # params: 520  input: (2, 16, 25)"
           "  output: (2, 8, 50)",)),
    "torch.nn.ConvTranspose2d": layer(
       _CONV_T, _conv(2, True), S.conv(2, True), refuses=_conv_refuses(2, True),
       examples=(
           "nn.ConvTranspose2d(16, 33, 3, stride=2, padding=1, output_padding=1)  # params: 4785"
           "  input: (2, 16, 12, 12)  output: (2, 33, 24, 24)",
           "nn.ConvTranspose2d(12, 6, (3, 5), stride=(2, 3), padding=(1, 2), dilation=(2, 1), "
           "groups=3, bias=False)  # params: 360  input: (1, 12, 7, 9)  output: (1, 6, 15, 25)"),
       refused=("nn.ConvTranspose2d(6, 8, 3, groups=4)  # refused: in_channels 6 is not",
                "nn.ConvTranspose2d(8, 8, 3, padding_mode='reflect')"
                "  # refused: padding_mode 'reflect': only 'zeros'")),
    "torch.nn.ConvTranspose3d": layer(
       _CONV_T, _conv(3, True), S.conv(3, True), refuses=_conv_refuses(3, True),
       examples=(
           "nn.ConvTranspose3d(16, 33, (3, 5, 2), stride=(2, 1, 1), padding=(0, 4, 2))"
           "  # params: 15873  input: (2, 16, 6, 10, 8)  output: (2, 33, 13, 6, 5)",)),
    "torch.nn.LazyConv1d": layer(
       _LAZY_CONV, _conv(1, lazy=True), S.conv(1), lazy=True,
       refuses=_conv_refuses(1, lazy=True),
       examples=("nn.LazyConv1d(8, 3)  # params: 128  input: (2, 5, 20)  output: (2, 8, 18)",)),
    "torch.nn.LazyConv2d": layer(
       _LAZY_CONV, _conv(2, lazy=True), S.conv(2), lazy=True,
       refuses=_conv_refuses(2, lazy=True),
       examples=("nn.LazyConv2d(16, 3, groups=2)  # params: 448  input: (2, 6, 9, 9)"
                 "  output: (2, 16, 7, 7)",
                 "nn.LazyConv2d(4, 3)  # params: 112  input: (3, 8, 8)  output: (4, 6, 6)"),
       refused=("nn.LazyConv2d(8, 3, groups=4)  # input: (1, 6, 5, 5)"
                "  refused: in_channels 6 is not divisible by groups 4",
                "nn.LazyConv2d(6, 3, groups=4)  # input: (1, 8, 5, 5)  refused: out_channels 6",
                "nn.LazyConv2d(8, 3, padding='same', stride=2)  # refused: padding='same'")),
    "torch.nn.LazyConv3d": layer(
       _LAZY_CONV, _conv(3, lazy=True), S.conv(3), lazy=True,
       refuses=_conv_refuses(3, lazy=True),
       examples=("nn.LazyConv3d(4, 2, stride=2)  # params: 100  input: (1, 3, 6, 6, 6)"
                 "  output: (1, 4, 3, 3, 3)",)),
    "torch.nn.LazyConvTranspose1d": layer(
       _LAZY_CONV_T, _conv(1, True, lazy=True), S.conv(1, True), lazy=True,
       refuses=_conv_refuses(1, True, lazy=True),
       examples=("nn.LazyConvTranspose1d(8, 3, stride=2)  # params: 128  input: (2, 5, 10)"
                 "  output: (2, 8, 21)",)),
    "torch.nn.LazyConvTranspose2d": layer(
       _LAZY_CONV_T, _conv(2, True, lazy=True), S.conv(2, True), lazy=True,
       refuses=_conv_refuses(2, True, lazy=True),
       examples=("nn.LazyConvTranspose2d(4, 3, groups=2)  # params: 112  input: (2, 6, 8, 8)"
                 "  output: (2, 4, 10, 10)",)),
    "torch.nn.LazyConvTranspose3d": layer(
       _LAZY_CONV_T, _conv(3, True, lazy=True), S.conv(3, True), lazy=True,
       refuses=_conv_refuses(3, True, lazy=True),
       examples=("nn.LazyConvTranspose3d(4, 2, bias=False)  # params: 96  input: (1, 3, 4, 4, 4)"
                 "  output: (1, 4, 5, 5, 5)",)),
    "torch.nn.Fold": stateless(
       "output_size, kernel_size, dilation=1, padding=0, stride=1", S.fold, examples=(
           "nn.Fold(output_size=(4, 5), kernel_size=(2, 2))  # params: 0  input: (1, 12, 12)"
           "  output: (1, 3, 4, 5)",)),
    "torch.nn.Unfold": stateless(
       "kernel_size, dilation=1, padding=0, stride=1", S.unfold, examples=(
           "nn.Unfold(kernel_size=(2, 3), padding=1, stride=2)  # params: 0  input: (2, 5, 8, 9)"
           "  output: (2, 30, 25)",)),
}
LAYERS.update(with_none({k: v for k, v in LAYERS.items() if "Conv" in k}, BIAS_NONE))
