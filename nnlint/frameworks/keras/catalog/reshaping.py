"""Reshaping (keras/src/layers/reshaping): Flatten, Reshape, Permute, RepeatVector,
Cropping, ZeroPadding and UpSampling in 1, 2 and 3 dimensions.
"""

from __future__ import annotations

from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import layer


def _reshaping_entries():
    entries = {
        "Flatten": layer("data_format=None, **kwargs", out=lambda a, x: S.flatten_out(x),
                         examples=("layers.Flatten()  # input: (None, 7, 7, 64)"
                                   "  output: (None, 3136)",
                                   "layers.Flatten()  # input: (None, None, 4)"
                                   "  output: (None, None)",
                                   "layers.Flatten(data_format='channels_first')"
                                   "  # input: (None, 3, 4)  output: (None, 12)")),
        "Reshape": layer("target_shape, **kwargs",
                         out=lambda a, x: S.reshape_out(x, a.target_shape),
                         examples=("layers.Reshape((7, 7, 64))  # input: (None, 3136)"
                                   "  output: (None, 7, 7, 64)",
                                   "layers.Reshape((-1, 4))  # input: (None, 6, 2)"
                                   "  output: (None, 3, 4)",
                                   "layers.Reshape((-1, 4))  # input: (None, None, 2)"
                                   "  output: (None, None, 4)",
                                   "layers.Reshape((2, -1, 3))  # input: (None, 12)"
                                   "  output: (None, 2, 2, 3)")),
        "Permute": layer("dims, **kwargs", out=lambda a, x: S.permute_out(x, a.dims),
                         examples=("layers.Permute((2, 1))  # input: (None, 10, 64)"
                                   "  output: (None, 64, 10)",
                                   "layers.Permute((3, 1, 2))  # input: (None, 4, 5, 6)"
                                   "  output: (None, 6, 4, 5)")),
        "RepeatVector": layer(
           "n, **kwargs",
           out=lambda a, x: (x[0], a.n, x[1]) if S.is_shape(x) and len(x) == 2 else None,
           examples=("layers.RepeatVector(3)  # input: (None, 32)  output: (None, 3, 32)",)),
        "Cropping1D": layer(
           "cropping=(1, 1), **kwargs",
           out=lambda a, x: S.pad_out(x, 1, a.cropping, None, sign=-1),
           examples=("layers.Cropping1D()  # input: (None, 10, 3)  output: (None, 8, 3)",
                     "layers.Cropping1D((2, 0))  # input: (None, 10, 3)  output: (None, 8, 3)")),
        "UpSampling1D": layer(
           "size=2, **kwargs", out=lambda a, x: S.upsample_out(x, 1, a.size, None),
           examples=("layers.UpSampling1D(3)  # input: (None, 10, 3)  output: (None, 30, 3)",)),
        "ZeroPadding1D": layer(
           "padding=1, data_format=None, **kwargs",
           out=lambda a, x: S.pad_out(x, 1, a.padding, a.data_format),
           examples=("layers.ZeroPadding1D()  # input: (None, 10, 3)  output: (None, 12, 3)",
                     "layers.ZeroPadding1D((1, 3), data_format='channels_first')"
                     "  # input: (None, 3, 10)  output: (None, 3, 14)")),
    }
    for n, default in ((2, "((0, 0), (0, 0))"), (3, "((1, 1), (1, 1), (1, 1))")):
        entries[f"Cropping{n}D"] = layer(
           f"cropping={default}, data_format=None, **kwargs",
           out=(lambda r: lambda a, x: S.pad_out(x, r, a.cropping, a.data_format, -1))(n),
           examples=_RESHAPE_EXAMPLES[f"Cropping{n}D"])
    for n, default in ((2, "(1, 1)"), (3, "((1, 1), (1, 1), (1, 1))")):
        entries[f"ZeroPadding{n}D"] = layer(
           f"padding={default}, data_format=None, **kwargs",
           out=(lambda r: lambda a, x: S.pad_out(x, r, a.padding, a.data_format))(n),
           examples=_RESHAPE_EXAMPLES[f"ZeroPadding{n}D"])
    entries["UpSampling2D"] = layer(
       "size=(2, 2), data_format=None, interpolation='nearest', **kwargs",
       out=lambda a, x: S.upsample_out(x, 2, a.size, a.data_format),
       examples=_RESHAPE_EXAMPLES["UpSampling2D"])
    entries["UpSampling3D"] = layer(
       "size=(2, 2, 2), data_format=None, **kwargs",
       out=lambda a, x: S.upsample_out(x, 3, a.size, a.data_format),
       examples=_RESHAPE_EXAMPLES["UpSampling3D"])
    return entries


_RESHAPE_EXAMPLES = {
    "Cropping2D": ("layers.Cropping2D(2)  # input: (None, 28, 28, 3)"
                   "  output: (None, 24, 24, 3)",
                   "layers.Cropping2D(((1, 2), (3, 4)))  # input: (None, 28, 28, 3)"
                   "  output: (None, 25, 21, 3)",
                   "layers.Cropping2D((1, 2), data_format='channels_first')"
                   "  # input: (None, 3, 28, None)  output: (None, 3, 26, None)"),
    "Cropping3D": ("layers.Cropping3D()  # input: (None, 8, 8, 8, 2)"
                   "  output: (None, 6, 6, 6, 2)",
                   "layers.Cropping3D((1, 2, (0, 3)))  # input: (None, 8, 8, 8, 2)"
                   "  output: (None, 6, 4, 5, 2)"),
    "ZeroPadding2D": ("layers.ZeroPadding2D()  # input: (None, 28, 28, 3)"
                      "  output: (None, 30, 30, 3)",
                      "layers.ZeroPadding2D(((1, 0), (2, 3)))  # input: (None, 28, 28, 3)"
                      "  output: (None, 29, 33, 3)",
                      "layers.ZeroPadding2D((2, 1), data_format='channels_first')"
                      "  # input: (None, 3, 28, 28)  output: (None, 3, 32, 30)"),
    "ZeroPadding3D": ("layers.ZeroPadding3D(2)  # input: (None, 4, 4, 4, 1)"
                      "  output: (None, 8, 8, 8, 1)",),
    "UpSampling2D": ("layers.UpSampling2D()  # input: (None, 7, 7, 16)"
                     "  output: (None, 14, 14, 16)",
                     "layers.UpSampling2D((2, 3), interpolation='bilinear')"
                     "  # input: (None, 7, None, 16)  output: (None, 14, None, 16)",
                     "layers.UpSampling2D(2, data_format='channels_first')"
                     "  # input: (None, 16, 7, 7)  output: (None, 16, 14, 14)"),
    "UpSampling3D": ("layers.UpSampling3D((1, 2, 2))  # input: (None, 4, 4, 4, 2)"
                     "  output: (None, 4, 8, 8, 2)",),
}


LAYERS = _reshaping_entries()
