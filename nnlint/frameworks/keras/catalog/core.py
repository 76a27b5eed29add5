"""Core layers (keras/src/layers/core): Dense, EinsumDense, Embedding,
ReversibleEmbedding, Identity, Masking and Lambda.
"""

from __future__ import annotations

from nnlint.catalog.spec import last_dim, need, prod
from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import (
    REG_TAIL,
    kernel_weights,
    layer,
    positive_ints,
    same,
)
from nnlint.interpreter.values import Unknown, UnknownBranch


# the InputSpec of the built layer (verified with Keras 3: a later call on another size raises)
def _last_axis_spec(a, shape):
    return None, -1


def _no_shape(a, x):
    return None


_DENSE_TAIL = ("kernel_initializer='glorot_uniform', bias_initializer='zeros', "
               "kernel_regularizer=None, bias_regularizer=None")


def _dense_weights(a, x):
    return kernel_weights(a, (last_dim(x), a.units), a.units if a.use_bias else None)


def _dense_shape(a, x):
    return None if not S.is_shape(x) else tuple(x[:-1]) + (a.units,)


def _einsum(a, x):
    shapes = S.analyze_einsum(a.equation, a.bias_axes, x, a.output_shape)
    if shapes is None:
        raise UnknownBranch(Unknown("EinsumDense shapes not known"))
    return shapes


def _einsum_weights(a, x):
    kernel, bias, _ = _einsum(a, x)
    bias = None if bias is None else prod(need(d, "bias dimension") for d in bias)
    return kernel_weights(a, kernel, bias)


def _embedding_weights(a, x):
    return kernel_weights(a, (a.input_dim, a.output_dim), name="embeddings")


def _reversible_embedding_weights(a, x):
    w = kernel_weights(a, (a.input_dim, a.output_dim), name="embeddings")
    if not a.tie_weights:
        w["reverse_embeddings"] = a.output_dim * a.input_dim
    return w


def _embedding_shape(a, x):
    return None if not S.is_shape(x) else tuple(x) + (a.output_dim,)


LAYERS = {
    "Dense": layer(
       "units, activation=None, use_bias=True, " + _DENSE_TAIL + ", " + REG_TAIL
       + ", lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs",
       _dense_weights, _dense_shape, non_trainable=("frozen_kernel",),
       input_spec=_last_axis_spec, kernel_last=lambda a, x: a.units,
       refuses=positive_ints(units=True), refused=(
          "layers.Dense(0)  # refused: units 0 is not a positive integer",
          "layers.Dense(-3)  # refused: units -3",
          "layers.Dense(3.0)  # refused: units 3.0"),
       examples=(
           "layers.Dense(10)  # input: (None, 64)  params: 650  output: (None, 10)",
           "layers.Dense(8, use_bias=False)  # input: (None, 5, 16)  params: 128"
           "  output: (None, 5, 8)",
           "layers.Dense(16, lora_rank=4)  # input: (None, 32)  params: 720  non_trainable: 512"
           "  output: (None, 16)",
       )),
    "EinsumDense": layer(
       "equation, output_shape, activation=None, bias_axes=None, " + _DENSE_TAIL
       + ", kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None, "
       "gptq_unpacked_column_size=None, quantization_config=None, **kwargs",
       _einsum_weights, lambda a, x: _einsum(a, x)[2],
       non_trainable=("frozen_kernel",),
       examples=(
           "layers.EinsumDense('ab,bc->ac', output_shape=64, bias_axes='c')  # input: (None, 32)"
           "  params: 2112  output: (None, 64)",
           "layers.EinsumDense('abc,cd->abd', output_shape=(None, 64), bias_axes='d')"
           "  # input: (None, 10, 32)  params: 2112  output: (None, None, 64)",
           "layers.EinsumDense('abc,cde->abde', output_shape=(None, 4, 8), bias_axes='de')"
           "  # input: (None, 10, 32)  params: 1056  output: (None, None, 4, 8)",
           "layers.EinsumDense('...b,bc->...c', output_shape=16)  # input: (None, 3, 5, 8)"
           "  params: 128  output: (None, 5, 3, 16)",
           "layers.EinsumDense('abc,cd->abd', output_shape=(10, 64), bias_axes='bd')"
           "  # input: (None, 10, 32)  params: 2688  output: (None, 10, 64)",
           "layers.EinsumDense('ab...,bc->ac...', output_shape=(6,), bias_axes='c')"
           "  # input: (None, 4, 7)  params: 30  output: (None, 6, 7)",
       )),
    "Embedding": layer(
       "input_dim, output_dim, embeddings_initializer='uniform', embeddings_regularizer=None, "
       "embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, "
       "lora_alpha=None, quantization_config=None, **kwargs",
       _embedding_weights, _embedding_shape, non_trainable=("frozen_embeddings",),
       kernel_last=lambda a, x: a.output_dim,
       refuses=positive_ints(input_dim=False, output_dim=False), refused=(
          "layers.Embedding(0, 4)  # refused: input_dim 0 is not a positive integer",
          "layers.Embedding(10, 0)  # refused: output_dim 0"),
       examples=(
           "layers.Embedding(1000, 64)  # input: (None, 20)  params: 64000"
           "  output: (None, 20, 64)",
           "layers.Embedding(50, 8, lora_rank=2)  # input: (None, 7)"
           "  params: 516  non_trainable: 400  output: (None, 7, 8)",
       )),
    "ReversibleEmbedding": layer(
       "input_dim, output_dim, tie_weights=True, embeddings_initializer='uniform', "
       "embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False, "
       "reverse_dtype=None, logit_soft_cap=None, **kwargs",
       _reversible_embedding_weights, _embedding_shape,
       refuses=positive_ints(input_dim=False, output_dim=False),
       refused=("layers.ReversibleEmbedding(0, 16)  # refused: input_dim 0",),
       examples=(
           "layers.ReversibleEmbedding(100, 16)  # input: (None, 9)  params: 1600"
           "  output: (None, 9, 16)",
           "layers.ReversibleEmbedding(100, 16, tie_weights=False)  # input: (None, 9)"
           "  params: 3200  output: (None, 9, 16)",
       )),
    "Identity": layer("**kwargs", out=same,
                      examples=("layers.Identity()  # input: (None, 3, 4)"
                                "  output: (None, 3, 4)",)),
    "Masking": layer("mask_value=0.0, **kwargs", out=same,
                     examples=("layers.Masking()  # input: (None, 10, 8)"
                               "  output: (None, 10, 8)",)),
    "Lambda": layer("function, output_shape=None, mask=None, arguments=None, **kwargs",
                    out=_no_shape),
}
