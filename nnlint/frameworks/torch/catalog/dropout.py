"""Dropout (torch/nn/modules/dropout.py): Dropout in 1, 2 and 3 dimensions,
AlphaDropout and FeatureAlphaDropout, with the probabilities they refuse.
"""

from __future__ import annotations

from nnlint.frameworks.torch.catalog.entries import stateless


def _dropout_refuses(a):
    if isinstance(a.p, (int, float)) and not 0 <= a.p <= 1:
        return f"dropout probability {a.p!r} is not between 0 and 1"
    return None


_P = "p=0.5, inplace=False"


LAYERS = {
    "torch.nn.Dropout": stateless(_P, examples=(
       "nn.Dropout(0.2)  # params: 0  input: (2, 3)  output: (2, 3)",), refuses=_dropout_refuses,
       refused=("nn.Dropout(1.5)  # refused: dropout probability 1.5 is not between 0 and 1",)),
    "torch.nn.Dropout1d": stateless(_P, refuses=_dropout_refuses),
    "torch.nn.Dropout2d": stateless(_P, refuses=_dropout_refuses, refused=(
       "nn.Dropout2d(-0.5)  # refused: dropout probability -0.5",)),
    "torch.nn.Dropout3d": stateless(_P, refuses=_dropout_refuses),
    "torch.nn.AlphaDropout": stateless(_P, refuses=_dropout_refuses),
    "torch.nn.FeatureAlphaDropout": stateless(_P, refuses=_dropout_refuses),
}
