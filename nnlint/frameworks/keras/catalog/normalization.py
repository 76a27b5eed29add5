"""Normalization (keras/src/layers/normalization): BatchNormalization,
LayerNormalization, GroupNormalization, RMSNormalization and UnitNormalization.
"""

from __future__ import annotations

from nnlint.catalog.spec import Refused, is_int, known_value, need, prod
from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import layer, same
from nnlint.interpreter.values import Unknown


# the InputSpec of the built layer (verified with Keras 3: a later call on another size raises)
def _axis_and_rank_spec(a, shape):
    return len(shape), a.axis


def _axis_dim(x, axis, what="normalized axis"):
    if not S.is_shape(x):
        return Unknown("input shape not known")
    if not isinstance(axis, int) or not -len(x) <= axis < len(x):
        return Unknown(f"axis {axis!r} does not fit input of rank {len(x)}")
    return need(x[axis], what)


def _axes_numel(x, axis):
    """Size of the weight of a layer normalized over one axis or a list of axes."""
    if isinstance(axis, (list, tuple)):
        return prod(_axis_dim(x, ax) for ax in axis)
    return _axis_dim(x, axis)


_RENORM = ("moving_stddev", "renorm_mean", "renorm_stddev")


def _batch_norm_weights(a, x):
    n = _axis_dim(x, a.axis)
    w = {}
    if a.scale:
        w["gamma"] = n
    if a.center:
        w["beta"] = n
    w["moving_mean"] = n
    w["moving_variance"] = n
    if a.renorm:
        w.update((name, n) for name in _RENORM)
    return w


def _layer_norm_weights(a, x):
    n = _axes_numel(x, a.axis)
    rms = a.get("rms_scaling", False)
    w = {}
    if a.scale or rms:
        w["gamma"] = n
    if a.center and not rms:
        w["beta"] = n
    return w


def _group_norm_refuses(a):
    g = a.groups
    if known_value(g) and (not is_int(g) or (g <= 0 and g != -1)):
        return f"groups {g!r} is not a positive integer (or -1)"
    return None


def _group_norm_weights(a, x):
    n = _axis_dim(x, a.axis)
    groups = n if a.groups == -1 else a.groups
    if n < groups or n % groups:
        raise Refused(f"{n} channels are not divisible by groups {a.groups}")
    w = {}
    if a.scale:
        w["gamma"] = n
    if a.center:
        w["beta"] = n
    return w


_BETA_GAMMA = ("beta_initializer='zeros', gamma_initializer='ones', beta_regularizer=None, "
               "gamma_regularizer=None, beta_constraint=None, gamma_constraint=None")

LAYERS = {
    "BatchNormalization": layer(
       "axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, "
       "beta_initializer='zeros', gamma_initializer='ones', moving_mean_initializer='zeros', "
       "moving_variance_initializer='ones', beta_regularizer=None, gamma_regularizer=None, "
       "beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None, "
       "renorm_momentum=0.99, synchronized=False, **kwargs",
       _batch_norm_weights, same, input_spec=_axis_and_rank_spec,
       non_trainable=("moving_mean", "moving_variance") + _RENORM,
       examples=("layers.BatchNormalization()  # input: (None, 28, 28, 32)"
                 "  params: 128  non_trainable: 64  output: (None, 28, 28, 32)",
                 "layers.BatchNormalization(axis=1, center=False)  # input: (None, 16, 8, 8)"
                 "  params: 48  non_trainable: 32  output: (None, 16, 8, 8)",
                 "layers.BatchNormalization(scale=False)  # input: (None, 10)"
                 "  params: 30  non_trainable: 20  output: (None, 10)",
                 "layers.BatchNormalization(renorm=True)  # input: (None, 12)"
                 "  params: 84  non_trainable: 60  output: (None, 12)")),
    "LayerNormalization": layer(
       "axis=-1, epsilon=0.001, center=True, scale=True, " + _BETA_GAMMA + ", **kwargs",
       _layer_norm_weights, same,
       examples=("layers.LayerNormalization()  # input: (None, 10, 64)  params: 128"
                 "  output: (None, 10, 64)",
                 "layers.LayerNormalization(axis=[1, 2], center=False)  # input: (None, 4, 6, 3)"
                 "  params: 24  output: (None, 4, 6, 3)",
                 "layers.LayerNormalization(rms_scaling=True)  # input: (None, 10, 64)  params: 64"
                 "  output: (None, 10, 64)")),
    "GroupNormalization": layer(
       "groups=32, axis=-1, epsilon=0.001, center=True, scale=True, " + _BETA_GAMMA
       + ", **kwargs",
       _group_norm_weights, same, input_spec=_axis_and_rank_spec,
       refuses=_group_norm_refuses, refused=(
           "layers.GroupNormalization(groups=0)  # refused: groups 0 is not a positive integer",
           "layers.GroupNormalization(groups=4)  # input: (None, 8, 8, 6)"
           "  refused: 6 channels are not divisible by groups 4",
           "layers.GroupNormalization(groups=8)  # input: (None, 8, 8, 6)  refused: 6 channels"),
       examples=("layers.GroupNormalization()  # input: (None, 8, 8, 64)  params: 128"
                 "  output: (None, 8, 8, 64)",
                 "layers.GroupNormalization(groups=4, axis=1, scale=False)"
                 "  # input: (None, 16, 5, 5)  params: 16  output: (None, 16, 5, 5)")),
    "RMSNormalization": layer(
       "axis=-1, epsilon=1e-06, **kwargs",
       lambda a, x: {"scale": _axes_numel(x, a.axis)}, same,
       examples=("layers.RMSNormalization()  # input: (None, 7, 32)  params: 32"
                 "  output: (None, 7, 32)",)),
    "UnitNormalization": layer("axis=-1, **kwargs", out=same,
                               examples=("layers.UnitNormalization()  # input: (None, 12)"
                                         "  output: (None, 12)",)),
}
