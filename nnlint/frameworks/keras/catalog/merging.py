"""Merging (keras/src/layers/merging): Add, Subtract, Multiply, Average, Maximum,
Minimum, Concatenate and Dot, each called on a list of tensors.
"""

from __future__ import annotations

from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import layer

LAYERS = {
    "Add": layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                 examples=("layers.Add()  # input: [(None, 8), (None, 8)]  output: (None, 8)",
                           "layers.Add()  # input: [(None, 4, 8), (None, 1, 8), (None, 4, 1)]"
                           "  output: (None, 4, 8)")),
    "Subtract": layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x, 2),
                      examples=("layers.Subtract()  # input: [(None, 5, 3), (None, 5, 3)]"
                                "  output: (None, 5, 3)",)),
    "Multiply": layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                      examples=("layers.Multiply()  # input: [(None, 16), (None, 1)]"
                                "  output: (None, 16)",)),
    "Average": layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                     examples=("layers.Average()  # input: [(None, 6), (None, 6), (None, 6)]"
                               "  output: (None, 6)",)),
    "Maximum": layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                     examples=("layers.Maximum()  # input: [(None, 6), (None, None)]"
                               "  output: (None, None)",)),
    "Minimum": layer("**kwargs", several=True, out=lambda a, x: S.elementwise_out(x),
                     examples=("layers.Minimum()  # input: [(None, 1, 6), (None, 5, 6)]"
                               "  output: (None, 5, 6)",)),
    "Concatenate": layer(
       "axis=-1, **kwargs", several=True, out=lambda a, x: S.concatenate_out(x, a.axis),
       examples=("layers.Concatenate()  # input: [(None, 8), (None, 4)]  output: (None, 12)",
                 "layers.Concatenate(axis=1)  # input: [(None, 3, 8), (None, 5, 8)]"
                 "  output: (None, 8, 8)",
                 "layers.Concatenate()  # input: [(None, 3, 8), (None, 3, None)]"
                 "  output: (None, 3, None)",
                 "layers.Concatenate(axis=-2)"
                 "  # input: [(None, 2, 4, 8), (None, 2, 4, 8), (None, 2, 1, 8)]"
                 "  output: (None, 2, 9, 8)")),
    "Dot": layer(
       "axes, normalize=False, **kwargs", several=True, out=lambda a, x: S.dot_out(x, a.axes),
       examples=("layers.Dot(axes=1)  # input: [(None, 8), (None, 8)]  output: (None, 1)",
                 "layers.Dot(axes=(2, 2))  # input: [(None, 5, 8), (None, 7, 8)]"
                 "  output: (None, 5, 7)",
                 "layers.Dot(axes=-1, normalize=True)  # input: [(None, 5, 8), (None, 7, 8)]"
                 "  output: (None, 5, 7)")),
}
