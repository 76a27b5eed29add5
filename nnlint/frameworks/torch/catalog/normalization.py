"""Normalization (torch/nn/modules/batchnorm.py, instancenorm.py, normalization.py):
BatchNorm, InstanceNorm and their Lazy forms, SyncBatchNorm, LayerNorm, GroupNorm,
RMSNorm and the local response norms.
"""

from __future__ import annotations

from nnlint.catalog.spec import holds, prod
from nnlint.frameworks.torch.catalog.entries import (
    AFFINE_NONE,
    FACTORY,
    affine_weights,
    input_dim,
    layer,
    stateless,
    with_none,
)


def _batch_norm(lazy_ranks=None):
    """BatchNorm/InstanceNorm; Lazy ones read num_features from input.shape[1]."""
    def weights(a, x):
        if lazy_ranks:
            n = input_dim(x, 1, lazy_ranks, "num_features")
        else:
            n = a.num_features
        return affine_weights(n, a.affine, a.bias)
    return weights


def _normalized_size(shape):
    """LayerNorm/RMSNorm: normalized_shape is an int or a sequence of ints."""
    return prod(shape) if isinstance(shape, (tuple, list)) else shape


def _layer_norm(a, x):
    return affine_weights(_normalized_size(a.normalized_shape), a.elementwise_affine, a.bias)


def _rms_norm(a, x):
    return affine_weights(_normalized_size(a.normalized_shape), a.elementwise_affine, False)


def _group_norm_refuses(a):
    if holds(a.num_groups == 0) or holds(a.num_channels % a.num_groups != 0):
        return f"num_channels {a.num_channels} is not divisible by num_groups {a.num_groups}"
    return None


_BATCH_NORM = ("num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, "
               f"{FACTORY}, *, bias=True")
_INSTANCE_NORM = ("num_features, eps=1e-05, momentum=0.1, affine=False, "
                  f"track_running_stats=False, {FACTORY}, *, bias=True")
# Lazy norms share _LazyNormBase's defaults: affine and running stats on, also for InstanceNorm.
_LAZY_NORM = ("eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, "
              f"{FACTORY}, *, bias=True")


LAYERS = {
    "torch.nn.BatchNorm1d": layer(_BATCH_NORM, _batch_norm(), examples=(
       "nn.BatchNorm1d(100)  # params: 200  input: (4, 100)  output: (4, 100)",
       "nn.BatchNorm1d(16, affine=False)  # params: 0  input: (4, 16, 7)  output: (4, 16, 7)")),
    "torch.nn.BatchNorm2d": layer(_BATCH_NORM, _batch_norm(), examples=(
       "nn.BatchNorm2d(64)  # params: 128  input: (2, 64, 8, 8)  output: (2, 64, 8, 8)",
       "nn.BatchNorm2d(64, track_running_stats=False, bias=False)  # params: 64")),
    "torch.nn.BatchNorm3d": layer(_BATCH_NORM, _batch_norm(), examples=(
       "nn.BatchNorm3d(12)  # params: 24  input: (2, 12, 3, 4, 5)  output: (2, 12, 3, 4, 5)",)),
    "torch.nn.LazyBatchNorm1d": layer(_LAZY_NORM, _batch_norm((2, 3)), lazy=True, examples=(
       "nn.LazyBatchNorm1d()  # params: 20  input: (4, 10)  output: (4, 10)",)),
    "torch.nn.LazyBatchNorm2d": layer(_LAZY_NORM, _batch_norm((4,)), lazy=True, examples=(
       "nn.LazyBatchNorm2d()  # params: 12  input: (2, 6, 5, 5)  output: (2, 6, 5, 5)",
       "nn.LazyBatchNorm2d(affine=False)  # params: 0  input: (2, 6, 5, 5)"
       "  output: (2, 6, 5, 5)")),
    "torch.nn.LazyBatchNorm3d": layer(_LAZY_NORM, _batch_norm((5,)), lazy=True, examples=(
       "nn.LazyBatchNorm3d()  # params: 6  input: (2, 3, 2, 2, 2)  output: (2, 3, 2, 2, 2)",)),
    "torch.nn.SyncBatchNorm": layer(
       "num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, "
       f"process_group=None, {FACTORY}, *, bias=True", _batch_norm(),
       examples=("nn.SyncBatchNorm(100)  # params: 200",)),
    "torch.nn.InstanceNorm1d": layer(_INSTANCE_NORM, _batch_norm(), examples=(
       "nn.InstanceNorm1d(100)  # params: 0  input: (2, 100, 40)  output: (2, 100, 40)",
       "nn.InstanceNorm1d(100, affine=True)  # params: 200  input: (100, 40)"
       "  output: (100, 40)")),
    "torch.nn.InstanceNorm2d": layer(_INSTANCE_NORM, _batch_norm(), examples=(
       "nn.InstanceNorm2d(32, affine=True)  # params: 64  input: (2, 32, 6, 6)"
       "  output: (2, 32, 6, 6)",
       "nn.InstanceNorm2d(32, affine=True, bias=False, track_running_stats=True)  # params: 32")),
    "torch.nn.InstanceNorm3d": layer(_INSTANCE_NORM, _batch_norm(), examples=(
       "nn.InstanceNorm3d(8, affine=True)  # params: 16  input: (2, 8, 3, 3, 3)"
       "  output: (2, 8, 3, 3, 3)",)),
    "torch.nn.LazyInstanceNorm1d": layer(_LAZY_NORM, _batch_norm((3,)), lazy=True, examples=(
       "nn.LazyInstanceNorm1d()  # params: 10  input: (2, 5, 7)  output: (2, 5, 7)",)),
    "torch.nn.LazyInstanceNorm2d": layer(_LAZY_NORM, _batch_norm((4,)), lazy=True, examples=(
       "nn.LazyInstanceNorm2d(affine=False)  # params: 0  input: (2, 5, 7, 7)"
       "  output: (2, 5, 7, 7)",
       "nn.LazyInstanceNorm2d(bias=False)  # params: 5  input: (2, 5, 7, 7)"
       "  output: (2, 5, 7, 7)")),
    "torch.nn.LazyInstanceNorm3d": layer(_LAZY_NORM, _batch_norm((5,)), lazy=True, examples=(
       "nn.LazyInstanceNorm3d()  # params: 8  input: (1, 4, 2, 3, 2)  output: (1, 4, 2, 3, 2)",)),
    "torch.nn.LayerNorm": layer(
       f"normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, {FACTORY}",
       _layer_norm, examples=(
           "nn.LayerNorm(512)  # params: 1024  input: (2, 10, 512)  output: (2, 10, 512)",
           "nn.LayerNorm([10, 10])  # params: 200  input: (4, 3, 10, 10)  output: (4, 3, 10, 10)",
           "nn.LayerNorm((5, 6), bias=False)  # params: 30",
           "nn.LayerNorm(64, elementwise_affine=False)  # params: 0")),
    "torch.nn.GroupNorm": layer(
       f"num_groups, num_channels, eps=1e-05, affine=True, {FACTORY}, *, bias=True",
       lambda a, x: affine_weights(a.num_channels, a.affine, a.bias), refuses=_group_norm_refuses,
       refused=("nn.GroupNorm(4, 6)  # refused: num_channels 6 is not divisible by num_groups 4",
                "nn.GroupNorm(0, 6)  # refused: num_channels 6"), examples=(
           "nn.GroupNorm(3, 6)  # params: 12  input: (2, 6, 10, 10)  output: (2, 6, 10, 10)",
           "nn.GroupNorm(8, 64, affine=False)  # params: 0")),
    "torch.nn.RMSNorm": layer(
       f"normalized_shape, eps=None, elementwise_affine=True, {FACTORY}", _rms_norm,
       examples=("nn.RMSNorm([4, 5])  # params: 20  input: (2, 3, 4, 5)  output: (2, 3, 4, 5)",
                 "nn.RMSNorm(256, elementwise_affine=False)  # params: 0")),
    "torch.nn.LocalResponseNorm": stateless("size, alpha=0.0001, beta=0.75, k=1.0", examples=(
       "nn.LocalResponseNorm(2)  # params: 0  input: (2, 8, 5, 5)  output: (2, 8, 5, 5)",)),
    "torch.nn.CrossMapLRN2d": stateless("size, alpha=0.0001, beta=0.75, k=1"),
}
_AFFINE = [f"torch.nn.{lazy}{kind}Norm{d}d" for lazy in ("", "Lazy")
           for kind in ("Batch", "Instance") for d in (1, 2, 3)] + [
    "torch.nn.SyncBatchNorm", "torch.nn.GroupNorm"]
LAYERS.update(with_none({k: LAYERS[k] for k in _AFFINE}, AFFINE_NONE))
LAYERS.update(with_none({"torch.nn.LayerNorm": LAYERS["torch.nn.LayerNorm"]}, (
    ("weight", "elementwise_affine"), ("bias", "elementwise_affine"), ("bias", "bias"))))
LAYERS.update(with_none({"torch.nn.RMSNorm": LAYERS["torch.nn.RMSNorm"]},
                        (("weight", "elementwise_affine"),)))
