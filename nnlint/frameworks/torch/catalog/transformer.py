"""Attention and transformers (torch/nn/modules/activation.py, transformer.py):
MultiheadAttention, TransformerEncoderLayer, TransformerDecoderLayer and Transformer.
TransformerEncoder/Decoder clone a layer and are the runtime's (nnlint.frameworks.torch.runtime).
"""

from __future__ import annotations

from nnlint.catalog.spec import holds
from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import (
    FACTORY,
    affine_weights,
    layer,
    linear_weights,
    stacked_layers,
)
from nnlint.interpreter.values import Unknown


def _attention(e, bias, add_bias_kv=False, kdim=None, vdim=None, prefix=""):
    """MultiheadAttention: one packed in_proj_weight unless kdim/vdim differ from e."""
    w = {}
    if kdim is None and vdim is None:
        packed = True
    else:
        kdim = e if kdim is None else kdim
        vdim = e if vdim is None else vdim
        packed = kdim == e and vdim == e
    if packed:
        w[prefix + "in_proj_weight"] = 3 * e * e
    else:
        w[prefix + "q_proj_weight"] = e * e
        w[prefix + "k_proj_weight"] = e * kdim
        w[prefix + "v_proj_weight"] = e * vdim
    if bias:
        w[prefix + "in_proj_bias"] = 3 * e
    if add_bias_kv:
        w[prefix + "bias_k"] = e
        w[prefix + "bias_v"] = e
    w.update(linear_weights(e, e, bias, prefix + "out_proj."))
    return w


def _mha(a, x):
    return _attention(a.embed_dim, a.bias, a.add_bias_kv, a.kdim, a.vdim)


def _encoder_layer(d, ff, bias, prefix=""):
    w = _attention(d, bias, prefix=prefix + "self_attn.")
    w.update(linear_weights(d, ff, bias, prefix + "linear1."))
    w.update(linear_weights(ff, d, bias, prefix + "linear2."))
    for norm in ("norm1.", "norm2."):
        w.update(affine_weights(d, True, bias, prefix + norm))
    return w


def _decoder_layer(d, ff, bias, prefix=""):
    w = _attention(d, bias, prefix=prefix + "self_attn.")
    w.update(_attention(d, bias, prefix=prefix + "multihead_attn."))
    w.update(linear_weights(d, ff, bias, prefix + "linear1."))
    w.update(linear_weights(ff, d, bias, prefix + "linear2."))
    for norm in ("norm1.", "norm2.", "norm3."):
        w.update(affine_weights(d, True, bias, prefix + norm))
    return w


def _transformer(a, x):
    """nn.Transformer: encoder/decoder stacks, each followed by a LayerNorm."""
    w = {}
    d, ff, bias = a.d_model, a.dim_feedforward, a.bias
    stacks = (("encoder", a.custom_encoder, a.num_encoder_layers, _encoder_layer),
              ("decoder", a.custom_decoder, a.num_decoder_layers, _decoder_layer))
    for name, custom, depth, make in stacks:
        if custom is not None:
            w[name] = Unknown(f"Transformer: parameters of custom_{name} not counted here")
            continue
        for i in stacked_layers(depth):
            w.update(make(d, ff, bias, f"{name}.layers.{i}."))
        w.update(affine_weights(d, True, bias, f"{name}.norm."))
    return w


def _heads_refuse(embed_dim, num_heads, names=("embed_dim", "num_heads")):
    """MultiheadAttention.__init__: both positive, embed_dim divisible by num_heads."""
    if holds(embed_dim <= 0) or holds(num_heads <= 0):
        return f"{names[0]} {embed_dim} and {names[1]} {num_heads} must both be positive"
    if holds(embed_dim % num_heads != 0):
        return f"{names[0]} {embed_dim} is not divisible by {names[1]} {num_heads}"
    return None


def _transformer_layer_refuses(a):
    why = _heads_refuse(a.d_model, a.nhead, ("d_model", "nhead"))
    if why is None and isinstance(a.activation, str) and a.activation not in ("relu", "gelu"):
        why = f"activation {a.activation!r} is not 'relu' or 'gelu'"
    return why


def _transformer_refuses(a):
    if a.custom_encoder is not None and a.custom_decoder is not None:
        return None  # no attention layer of its own is built
    return _transformer_layer_refuses(a)


_TRANSFORMER_LAYER = ("d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', "
                      "layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, "
                      f"{FACTORY}")


LAYERS = {
    "torch.nn.MultiheadAttention": layer(
       "embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, "
       f"kdim=None, vdim=None, batch_first=False, {FACTORY}", _mha, S.multihead_attention,
       refuses=lambda a: _heads_refuse(a.embed_dim, a.num_heads), refused=(
           "nn.MultiheadAttention(10, 3)  # refused: embed_dim 10 is not divisible by num_heads 3",
           "nn.MultiheadAttention(10, 0)  # refused: embed_dim 10 and num_heads 0"),
       examples=("nn.MultiheadAttention(512, 8)  # params: 1050624",
                 "nn.MultiheadAttention(16, 4, kdim=8, vdim=12, add_bias_kv=True)  # params: 928",
                 "nn.MultiheadAttention(64, 8, bias=False, kdim=64, batch_first=True)"
                 "  # params: 16384")),
    "torch.nn.TransformerEncoderLayer": layer(
       _TRANSFORMER_LAYER, lambda a, x: _encoder_layer(a.d_model, a.dim_feedforward, a.bias),
       refuses=_transformer_layer_refuses, refused=(
           "nn.TransformerEncoderLayer(10, 3)  # refused: d_model 10 is not divisible by nhead 3",
           "nn.TransformerEncoderLayer(8, 2, activation='tanh')  # refused: activation 'tanh'"),
       examples=("nn.TransformerEncoderLayer(d_model=512, nhead=8)  # params: 3152384"
                 "  input: (10, 2, 512)  output: (10, 2, 512)",
                 "nn.TransformerEncoderLayer(64, 4, 128, bias=False, batch_first=True)"
                 "  # params: 32896  input: (2, 10, 64)  output: (2, 10, 64)")),
    "torch.nn.TransformerDecoderLayer": layer(
       _TRANSFORMER_LAYER, lambda a, x: _decoder_layer(a.d_model, a.dim_feedforward, a.bias),
       refuses=_transformer_layer_refuses,
       refused=("nn.TransformerDecoderLayer(10, 4)  # refused: d_model 10 is not divisible",),
       examples=("nn.TransformerDecoderLayer(d_model=512, nhead=8)  # params: 4204032"
                 "  input: (10, 2, 512)  output: (10, 2, 512)",
                 "nn.TransformerDecoderLayer(32, 2, 64, norm_first=True, bias=False)"
                 "  # params: 12384")),
    "torch.nn.Transformer": layer(
       "d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, "
       "dim_feedforward=2048, dropout=0.1, activation='relu', custom_encoder=None, "
       "custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, "
       f"bias=True, {FACTORY}", _transformer, S.transformer,
       refuses=_transformer_refuses, refused=(
           "nn.Transformer(10, 3)  # refused: d_model 10 is not divisible by nhead 3",
           "nn.Transformer(10, 2, num_encoder_layers=0, activation='tanh')"
           "  # refused: activation 'tanh'"),
       examples=("nn.Transformer()  # params: 44140544",
                 "nn.Transformer(d_model=32, nhead=4, num_encoder_layers=2, "
                 "num_decoder_layers=1, dim_feedforward=64)  # params: 30048",
                 "nn.Transformer(16, 2, 1, 2, 32, bias=False)  # params: 8352")),
}
