"""Distances and losses (torch/nn/modules/distance.py, loss.py, adaptive.py): modules
that compare inputs. The losses (torch's _Loss subclasses) are never reported as models;
AdaptiveLogSoftmaxWithLoss and LinearCrossEntropyLoss have parameters of their own.
"""

from __future__ import annotations

from nnlint.catalog.spec import is_int, prod
from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import FACTORY, layer, linear_weights, stateless


def _loss(signature, examples=()):
    """A subclass of torch's _Loss: never reported as a model."""
    return layer(signature, None, S.loss, examples, loss=True)


def _cutoffs_refuse(a):
    """AdaptiveLogSoftmaxWithLoss: unique increasing integers in [1, n_classes - 1]."""
    cutoffs, n = a.cutoffs, a.n_classes
    if not isinstance(cutoffs, (list, tuple)) or not all(
            isinstance(c, (int, float)) for c in cutoffs) or not is_int(n):
        return None
    cutoffs = list(cutoffs)
    if not cutoffs:
        return "cutoffs is empty"
    if (cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > n - 1
            or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs)):
        return (f"cutoffs {a.cutoffs!r} are not unique increasing integers between 1 and "
                f"n_classes - 1 = {n - 1}")
    return None


def _adaptive_log_softmax(a, x):
    cutoffs = list(a.cutoffs) + [a.n_classes]
    n_clusters = len(cutoffs) - 1
    w = linear_weights(a.in_features, cutoffs[0] + n_clusters, a.head_bias, "head.")
    for i in range(n_clusters):
        hidden = int(a.in_features // (a.div_value ** (i + 1)))
        w.update(linear_weights(a.in_features, hidden, False, f"tail.{i}.0."))
        w.update(linear_weights(hidden, cutoffs[i + 1] - cutoffs[i], False, f"tail.{i}.1."))
    return w


def _linear_cross_entropy(a, x):
    n_out = a.num_classes * prod(a.out_features)
    return linear_weights(a.in_features, n_out, a.bias, "linear.")


_LEGACY = "size_average=None, reduce=None, reduction='mean'"


LAYERS = {
    # forward(x1, x2) broadcasts the two inputs; only x1's shape is seen here.
    "torch.nn.CosineSimilarity": stateless("dim=1, eps=1e-08", None),
    "torch.nn.PairwiseDistance": stateless("p=2.0, eps=1e-06, keepdim=False", None),

    # -- losses ------------------------------------------------------------------------
    "torch.nn.L1Loss": _loss(_LEGACY, examples=(
        "nn.L1Loss()  # params: 0  input: (3, 5)  output: ()",)),
    "torch.nn.MSELoss": _loss(_LEGACY, examples=(
        "nn.MSELoss()  # params: 0  input: (3, 5)  output: ()",
        "nn.MSELoss(reduction='sum')  # params: 0  input: (3, 5)  output: ()")),
    "torch.nn.CrossEntropyLoss": _loss(
        "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', "
        "label_smoothing=0.0"),
    "torch.nn.CTCLoss": _loss("blank=0, reduction='mean', zero_infinity=False"),
    "torch.nn.NLLLoss": _loss(
        "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'"),
    "torch.nn.NLLLoss2d": _loss(
        "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'"),
    "torch.nn.PoissonNLLLoss": _loss(
        "log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, "
        "reduction='mean'"),
    "torch.nn.GaussianNLLLoss": _loss("*, full=False, eps=1e-06, reduction='mean'"),
    "torch.nn.KLDivLoss": _loss(f"{_LEGACY}, log_target=False", examples=(
        "nn.KLDivLoss(reduction='batchmean')  # params: 0  input: (3, 5)  output: ()",)),
    "torch.nn.BCELoss": _loss(f"weight=None, {_LEGACY}"),
    "torch.nn.BCEWithLogitsLoss": _loss(f"weight=None, {_LEGACY}, pos_weight=None"),
    "torch.nn.MarginRankingLoss": _loss(f"margin=0.0, {_LEGACY}"),
    "torch.nn.HingeEmbeddingLoss": _loss(f"margin=1.0, {_LEGACY}"),
    "torch.nn.MultiLabelMarginLoss": _loss(_LEGACY),
    "torch.nn.HuberLoss": _loss("reduction='mean', delta=1.0", examples=(
        "nn.HuberLoss(delta=0.5)  # params: 0  input: (3, 5)  output: ()",)),
    "torch.nn.SmoothL1Loss": _loss(f"{_LEGACY}, beta=1.0", examples=(
        "nn.SmoothL1Loss(reduce=True)  # params: 0  input: (3, 5)  output: ()",)),
    "torch.nn.SoftMarginLoss": _loss(_LEGACY),
    "torch.nn.MultiLabelSoftMarginLoss": _loss(f"weight=None, {_LEGACY}"),
    "torch.nn.CosineEmbeddingLoss": _loss(f"margin=0.0, {_LEGACY}"),
    "torch.nn.MultiMarginLoss": _loss(f"p=1, margin=1.0, weight=None, {_LEGACY}"),
    "torch.nn.TripletMarginLoss": _loss(
        f"margin=1.0, p=2.0, eps=1e-06, swap=False, {_LEGACY}"),
    "torch.nn.TripletMarginWithDistanceLoss": _loss(
        "*, distance_function=None, margin=1.0, swap=False, reduction='mean'"),
    # Losses with parameters of their own.
    "torch.nn.AdaptiveLogSoftmaxWithLoss": layer(
       f"in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, {FACTORY}",
       _adaptive_log_softmax, None, refuses=_cutoffs_refuse, refused=(
           "nn.AdaptiveLogSoftmaxWithLoss(64, 100, [10, 100])  # refused: cutoffs [10, 100]",
           "nn.AdaptiveLogSoftmaxWithLoss(64, 100, [50, 10])  # refused: cutoffs [50, 10]",
           "nn.AdaptiveLogSoftmaxWithLoss(64, 100, [])  # refused: cutoffs is empty"),
       examples=(
           "nn.AdaptiveLogSoftmaxWithLoss(64, 100, [10, 50], div_value=3.0)  # params: 3750",
           "nn.AdaptiveLogSoftmaxWithLoss(512, 10000, (100, 1000, 5000), head_bias=True)"
           "  # params: 422055")),
    "torch.nn.LinearCrossEntropyLoss": layer(
       f"in_features, num_classes, *, out_features=(), bias=False, {FACTORY}, "
       "reduction='mean', weight=None, ignore_index=None, label_smoothing=0.0, options=None",
       _linear_cross_entropy, S.loss, loss=True, examples=(
           "nn.LinearCrossEntropyLoss(8, 10)  # params: 80",
           "nn.LinearCrossEntropyLoss(16, 5, out_features=(3,), bias=True)  # params: 255")),
}
