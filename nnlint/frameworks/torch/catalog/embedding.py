"""Embeddings (torch/nn/modules/sparse.py): Embedding and EmbeddingBag."""

from __future__ import annotations

from nnlint.catalog.spec import holds
from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import FACTORY, layer


def _padding_idx_refuses(a):
    i, n = a.padding_idx, a.num_embeddings
    if i is None:
        return None
    if holds(i > 0) and holds(i >= n) or holds(i < 0) and holds(i < -n):
        return f"padding_idx {i} is not within num_embeddings {n}"
    return None


def _embedding(a, x):
    return {"weight": a.num_embeddings * a.embedding_dim}


LAYERS = {
    "torch.nn.Embedding": layer(
       "num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, "
       f"scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, {FACTORY}",
       _embedding, S.embedding, refuses=_padding_idx_refuses, refused=(
           "nn.Embedding(10, 3, padding_idx=10)  # refused: padding_idx 10 is not within",
           "nn.Embedding(10, 3, padding_idx=-11)  # refused: padding_idx -11"), examples=(
           "nn.Embedding(10, 3)  # params: 30  input: (2, 4)  output: (2, 4, 3)",
           "nn.Embedding(30000, 128, padding_idx=0, max_norm=1.0)  # params: 3840000")),
    "torch.nn.EmbeddingBag": layer(
       "num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, "
       "mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, "
       f"{FACTORY}", _embedding, S.embedding_bag, refuses=_padding_idx_refuses,
       refused=("nn.EmbeddingBag(10, 3, padding_idx=10)  # refused: padding_idx 10",),
       examples=(
           "nn.EmbeddingBag(10, 3, mode='sum')  # params: 30  input: (2, 4)  output: (2, 3)",)),
}
