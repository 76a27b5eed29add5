"""keras.layers: signature, weights (created at build) and output shape of each.

Formulas follow the Keras 3 source of each layer's build(); every entry's
examples are checked by tests/test_catalog.py with numbers from the oracle.
"""

from __future__ import annotations

from nnlint.catalog.spec import LayerSpec, last_dim, prod

_COMMON = "**kwargs"


def _dense_weights(a, x):
    w = {"kernel": last_dim(x) * a.units}
    if a.use_bias:
        w["bias"] = a.units
    return w


def _flatten_shape(a, x):
    if x is None:
        return None
    rest = x[1:]
    return (x[0], None if any(d is None for d in rest) else prod(rest))


LAYERS = {
    "keras.layers.Dense": LayerSpec(
        "keras",
        signature="units, activation=None, use_bias=True, kernel_initializer='glorot_uniform', "
                  "bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, "
                  "activity_regularizer=None, kernel_constraint=None, bias_constraint=None, "
                  "lora_rank=None, **kwargs",
        weights=_dense_weights,
        out_shape=lambda a, x: None if x is None else tuple(x[:-1]) + (a.units,),
        examples=("layers.Dense(10)  # input: (None, 64)  params: 650  output: (None, 10)",),
    ),
    "keras.layers.Flatten": LayerSpec("keras", signature="data_format=None, **kwargs",
                                      out_shape=_flatten_shape),
    "keras.layers.Dropout": LayerSpec("keras", signature="rate, noise_shape=None, seed=None, **kwargs",
                                      out_shape=lambda a, x: x),
}
