"""Pooling (keras/src/layers/pooling): max, average, global and adaptive pooling in
1, 2 and 3 dimensions.
"""

from __future__ import annotations

from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import layer

_POOL_DEFAULT = {1: "2", 2: "(2, 2)", 3: "(2, 2, 2)"}


def _pool_entries():
    entries = {}
    for n in (1, 2, 3):
        out = (lambda rank: lambda a, x: S.pool_out(x, rank, a.pool_size, a.strides,
                                                    a.padding, a.data_format))(n)
        tail = "strides=None, padding='valid', data_format=None, name=None, **kwargs"
        entries[f"MaxPooling{n}D"] = layer(f"pool_size={_POOL_DEFAULT[n]}, " + tail, out=out,
                                           examples=_POOL_EXAMPLES[f"Max{n}"])
        entries[f"AveragePooling{n}D"] = layer("pool_size, " + tail, out=out,
                                               examples=_POOL_EXAMPLES[f"Average{n}"])
        glob = (lambda rank: lambda a, x: S.global_pool_out(x, rank, a.data_format,
                                                            a.keepdims))(n)
        for kind in ("Average", "Max"):
            entries[f"Global{kind}Pooling{n}D"] = layer(
               "data_format=None, keepdims=False, **kwargs", out=glob,
               examples=_POOL_EXAMPLES[f"Global{kind}{n}"])
        adaptive = (lambda rank: lambda a, x: S.adaptive_pool_out(x, rank, a.output_size,
                                                                  a.data_format))(n)
        for kind in ("Average", "Max"):
            entries[f"Adaptive{kind}Pooling{n}D"] = layer(
               "output_size, data_format=None, **kwargs", out=adaptive,
               examples=_POOL_EXAMPLES[f"Adaptive{kind}{n}"])
    return entries


_POOL_EXAMPLES = {
    "Max1": ("layers.MaxPooling1D()  # input: (None, 11, 4)  output: (None, 5, 4)",
             "layers.MaxPooling1D(3, strides=1, padding='same')  # input: (None, 11, 4)"
             "  output: (None, 11, 4)"),
    "Max2": ("layers.MaxPooling2D()  # input: (None, 28, 28, 8)  output: (None, 14, 14, 8)",
             "layers.MaxPooling2D((3, 3), strides=2)  # input: (None, 27, 27, 8)"
             "  output: (None, 13, 13, 8)",
             "layers.MaxPooling2D(2, padding='same')  # input: (None, 7, 9, 3)"
             "  output: (None, 4, 5, 3)",
             "layers.MaxPooling2D(2, data_format='channels_first')  # input: (None, 3, 7, None)"
             "  output: (None, 3, 3, None)"),
    "Max3": ("layers.MaxPooling3D()  # input: (None, 8, 9, 10, 2)  output: (None, 4, 4, 5, 2)",),
    "Average1": ("layers.AveragePooling1D(4)  # input: (None, 17, 3)  output: (None, 4, 3)",
                 "layers.AveragePooling1D(2, data_format='channels_first')  # input: (None, 3, 17)"
                 "  output: (None, 3, 8)"),
    "Average2": ("layers.AveragePooling2D(2)  # input: (None, 15, 15, 4)"
                 "  output: (None, 7, 7, 4)",
                 "layers.AveragePooling2D((2, 3), strides=(1, 2), padding='same')"
                 "  # input: (None, 15, 15, 4)  output: (None, 15, 8, 4)"),
    "Average3": ("layers.AveragePooling3D((2, 2, 2), padding='same')  # input: (None, 5, 5, 5, 1)"
                 "  output: (None, 3, 3, 3, 1)",),
    "GlobalAverage1": ("layers.GlobalAveragePooling1D()  # input: (None, 10, 6)"
                       "  output: (None, 6)",
                       "layers.GlobalAveragePooling1D(keepdims=True)  # input: (None, 10, 6)"
                       "  output: (None, 1, 6)"),
    "GlobalAverage2": ("layers.GlobalAveragePooling2D()  # input: (None, 7, 7, 64)"
                       "  output: (None, 64)",
                       "layers.GlobalAveragePooling2D(data_format='channels_first', keepdims=True)"
                       "  # input: (None, 64, 7, 7)  output: (None, 64, 1, 1)"),
    "GlobalAverage3": ("layers.GlobalAveragePooling3D()  # input: (None, 4, 4, 4, 5)"
                       "  output: (None, 5)",),
    "GlobalMax1": ("layers.GlobalMaxPooling1D()  # input: (None, None, 6)  output: (None, 6)",),
    "GlobalMax2": ("layers.GlobalMaxPooling2D(keepdims=True)  # input: (None, 7, 7, 64)"
                   "  output: (None, 1, 1, 64)",),
    "GlobalMax3": ("layers.GlobalMaxPooling3D(data_format='channels_first')"
                   "  # input: (None, 5, 4, 4, 4)  output: (None, 5)",),
    "AdaptiveAverage1": ("layers.AdaptiveAveragePooling1D(4)  # input: (None, 17, 3)"
                         "  output: (None, 4, 3)",),
    "AdaptiveAverage2": ("layers.AdaptiveAveragePooling2D((3, 2))  # input: (None, 16, 16, 5)"
                         "  output: (None, 3, 2, 5)",),
    "AdaptiveMax1": ("layers.AdaptiveMaxPooling1D(5, data_format='channels_first')"
                     "  # input: (None, 3, 20)  output: (None, 3, 5)",),
    "AdaptiveAverage3": ("layers.AdaptiveAveragePooling3D((2, 3, 4))  # input: (None, 8, 8, 8, 3)"
                         "  output: (None, 2, 3, 4, 3)",),
    "AdaptiveMax2": ("layers.AdaptiveMaxPooling2D(4, data_format='channels_first')"
                     "  # input: (None, 5, 16, 16)  output: (None, 5, 4, 4)",),
    "AdaptiveMax3": ("layers.AdaptiveMaxPooling3D(2)  # input: (None, 8, 8, 8, 3)"
                     "  output: (None, 2, 2, 2, 3)",),
}


LAYERS = _pool_entries()
