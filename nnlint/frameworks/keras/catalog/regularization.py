"""Regularization (keras/src/layers/regularization): the dropouts, Gaussian
noise and ActivityRegularization; none has weights.
"""

from __future__ import annotations

from nnlint.frameworks.keras.catalog.entries import layer, same


def _rate_refuses(a):
    """Dropout and its kin: ``if not 0 <= rate <= 1``."""
    if isinstance(a.rate, (int, float)) and not 0 <= a.rate <= 1:
        return f"rate {a.rate!r} is not between 0 and 1"
    return None


LAYERS = {
    "Dropout": layer("rate, noise_shape=None, seed=None, **kwargs", out=same,
                     refuses=_rate_refuses, refused=(
                         "layers.Dropout(1.5)  # refused: rate 1.5 is not between 0 and 1",
                         "layers.Dropout(-0.1)  # refused: rate -0.1"),
                     examples=("layers.Dropout(0.5)  # input: (None, 64)  output: (None, 64)",)),
    "SpatialDropout1D": layer("rate, seed=None, name=None, dtype=None", out=same,
                              refuses=_rate_refuses,
                              refused=("layers.SpatialDropout1D(2)  # refused: rate 2",),
                              examples=("layers.SpatialDropout1D(0.2)  # input: (None, 8, 4)"
                                        "  output: (None, 8, 4)",)),
    "SpatialDropout2D": layer("rate, data_format=None, seed=None, name=None, dtype=None",
                              out=same, refuses=_rate_refuses,
                              examples=("layers.SpatialDropout2D(0.2)  # input: (None, 8, 8, 4)"
                                        "  output: (None, 8, 8, 4)",)),
    "SpatialDropout3D": layer("rate, data_format=None, seed=None, name=None, dtype=None",
                              out=same, refuses=_rate_refuses,
                              examples=("layers.SpatialDropout3D(0.2)  # input: (None, 4, 4, 4, 2)"
                                        "  output: (None, 4, 4, 4, 2)",)),
    "GaussianNoise": layer("stddev, seed=None, **kwargs", out=same,
                           examples=("layers.GaussianNoise(0.1)  # input: (None, 16)"
                                     "  output: (None, 16)",)),
    "GaussianDropout": layer("rate, seed=None, **kwargs", out=same, refuses=_rate_refuses,
                             refused=("layers.GaussianDropout(1.5)  # refused: rate 1.5",),
                             examples=("layers.GaussianDropout(0.1)  # input: (None, 16)"
                                       "  output: (None, 16)",)),
    "AlphaDropout": layer("rate, noise_shape=None, seed=None, **kwargs", out=same,
                          refuses=_rate_refuses,
                          refused=("layers.AlphaDropout(-1)  # refused: rate -1",),
                          examples=("layers.AlphaDropout(0.1)  # input: (None, 16)"
                                    "  output: (None, 16)",)),
    "ActivityRegularization": layer("l1=0.0, l2=0.0, **kwargs", out=same,
                                    examples=("layers.ActivityRegularization(l2=0.01)"
                                              "  # input: (None, 16)  output: (None, 16)",)),
}
