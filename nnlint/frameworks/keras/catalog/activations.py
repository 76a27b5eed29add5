"""Activation layers (keras/src/layers/activations): Activation, ReLU, LeakyReLU,
ELU, Softmax, and PReLU, the one with weights.
"""

from __future__ import annotations

from nnlint.catalog.spec import need, prod
from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import layer, same
from nnlint.interpreter.values import Unknown


def _prelu_weights(a, x):
    if not S.is_shape(x):
        return {"alpha": Unknown("input shape not known")}
    shared = a.shared_axes
    if S.is_none(shared):
        shared = ()
    elif not isinstance(shared, (list, tuple)):
        shared = (shared,)
    if any(not 1 <= i < len(x) for i in shared):
        return {"alpha": Unknown(f"shared_axes {a.shared_axes!r} do not fit the input")}
    dims = [1 if i in shared else need(d, "PReLU input dimension")
            for i, d in enumerate(x[1:], start=1)]
    return {"alpha": prod(dims)}


LAYERS = {
    "Activation": layer("activation, **kwargs", out=same,
                        examples=("layers.Activation('relu')  # input: (None, 10)"
                                  "  output: (None, 10)",)),
    "ReLU": layer("max_value=None, negative_slope=0.0, threshold=0.0, **kwargs", out=same,
                  examples=("layers.ReLU(6.0)  # input: (None, 8, 8, 3)"
                            "  output: (None, 8, 8, 3)",)),
    "LeakyReLU": layer("negative_slope=0.3, **kwargs", out=same,
                       examples=("layers.LeakyReLU(0.1)  # input: (None, 10)"
                                 "  output: (None, 10)",)),
    "ELU": layer("alpha=1.0, **kwargs", out=same,
                 examples=("layers.ELU()  # input: (None, 7)  output: (None, 7)",)),
    "Softmax": layer("axis=-1, **kwargs", out=same,
                     examples=("layers.Softmax()  # input: (None, 3, 10)"
                               "  output: (None, 3, 10)",)),
    "PReLU": layer(
       "alpha_initializer='Zeros', alpha_regularizer=None, alpha_constraint=None, "
       "shared_axes=None, **kwargs",
       _prelu_weights, same,
       examples=("layers.PReLU()  # input: (None, 10)  params: 10  output: (None, 10)",
                 "layers.PReLU()  # input: (None, 8, 8, 16)  params: 1024"
                 "  output: (None, 8, 8, 16)",
                 "layers.PReLU(shared_axes=[1, 2])  # input: (None, 8, 8, 16)  params: 16"
                 "  output: (None, 8, 8, 16)",
                 "layers.PReLU(shared_axes=1)  # input: (None, 5, 16)  params: 16"
                 "  output: (None, 5, 16)")),
}
