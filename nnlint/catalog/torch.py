"""torch.nn layers: signature, weights and output shape of each.

Formulas follow the PyTorch source of each class's __init__ (weights: what
``named_parameters()`` lists; buffers such as BatchNorm's running statistics
are not parameters) and its forward (shapes, in `_torch_shapes`). Every
entry's examples are checked by tests/test_catalog.py with numbers from the
oracle (torch 2.13).

Conventions:
- Signatures are the documented ones; a default that is a function
  (``activation=F.relu``) is written as its name (``'relu'``).
- Lazy* modules take their input size from the first forward's input shape.
- Modules whose forward returns several tensors give a list of shapes, see
  `_torch_shapes`.
- Containers, TransformerEncoder/Decoder (clones of a layer) and
  nn.Module subclasses are handled by the runtime (`nnlint.torch_rt`).
"""

from __future__ import annotations

from nnlint.catalog import _torch_shapes as S
from nnlint.catalog.spec import (LayerSpec, Refused, holds, is_int, known_value, last_dim,
                                 need, prod)
from nnlint.values import Unknown, UnknownBranch

_FACTORY = "device=None, dtype=None"
_MAX_LISTED_LAYERS = 1000  # beyond this, stacked layers are not listed one by one


def _layer(signature, weights=None, out=S.same, examples=(), lazy=False, refuses=None,
           refused=(), loss=False):
    return LayerSpec("torch", signature=signature, weights=weights, out_shape=out,
                     examples=tuple(examples), lazy=lazy, refuses=refuses,
                     refused=tuple(refused), loss=loss)


def _stateless(signature, out=S.same, examples=(), refuses=None, refused=()):
    """A module without parameters (activations, pooling, reshaping ...)."""
    return _layer(signature, None, out, examples, refuses=refuses, refused=refused)


def _loss(signature, examples=()):
    """A subclass of torch's _Loss: never reported as a model."""
    return _layer(signature, None, S.loss, examples, loss=True)


# -- weight formulas -------------------------------------------------------------------

def _linear(n_in, n_out, bias, prefix=""):
    w = {prefix + "weight": n_in * n_out}
    if bias:
        w[prefix + "bias"] = n_out
    return w


def _affine(n, weight, bias, prefix=""):
    """Norm layers: weight when affine, bias when affine and bias."""
    w = {}
    if weight:
        w[prefix + "weight"] = n
        if bias:
            w[prefix + "bias"] = n
    return w


def _layers(n):
    if n > _MAX_LISTED_LAYERS:
        raise UnknownBranch(Unknown(f"{n} stacked layers are too many to list"))
    return range(n)


def _input_dim(x, index, ranks, what):
    """A size that a Lazy module reads from its first input (shape ranks allowed)."""
    if x is None:
        return need(None, what)
    if len(x) not in ranks:
        return Unknown(f"{what}: input of rank {len(x)} does not fit")
    return need(x[index], what)


def _conv(n, transposed=False, lazy=False):
    """Conv / ConvTranspose: weight (out, in/groups, *k) or (in, out/groups, *k)."""
    def weights(a, x):
        if lazy:  # LazyConv: input.shape[1] batched, [0] unbatched
            c_in = _input_dim(x, -n - 1, (n + 1, n + 2), "in_channels")
        else:
            c_in = a.in_channels
        if lazy and holds(c_in % a.groups != 0):
            raise Refused(f"in_channels {c_in} is not divisible by groups {a.groups}",
                          "(the framework raises at the first forward)")
        if lazy and holds(a.out_channels % a.groups != 0):
            raise Refused(f"out_channels {a.out_channels} is not divisible by groups "
                          f"{a.groups}", "(the framework raises at the first forward)")
        k = prod(S.tup(a.kernel_size, n))
        if transposed:
            w = {"weight": c_in * (a.out_channels // a.groups) * k}
        else:
            w = {"weight": a.out_channels * (c_in // a.groups) * k}
        if a.bias:
            w["bias"] = a.out_channels
        return w
    return weights


def _conv_refuses(n, transposed=False, lazy=False):
    """torch's _ConvNd.__init__ (and _ConvTransposeNd's padding_mode check)."""
    def refuses(a):
        g = a.groups
        if holds(g <= 0):
            return f"groups {g} is not a positive integer"
        for what in () if lazy else ("in_channels", "out_channels"):
            if holds(getattr(a, what) % g != 0):
                return f"{what} {getattr(a, what)} is not divisible by groups {g}"
        padding, mode = a.padding, a.padding_mode
        if isinstance(padding, str) and not transposed:  # ConvTranspose _ntuple()s it
            if padding not in ("same", "valid"):
                return f"padding {padding!r} is not 'same' or 'valid'"
            if padding == "same" and any(holds(s != 1) for s in S.tup(a.stride, n)):
                return f"padding='same' with stride {a.stride!r} (strided convolution)"
        if transposed and (isinstance(mode, str) or mode is None) and mode != "zeros":
            return f"padding_mode {mode!r}: only 'zeros' is supported"
        if (isinstance(mode, str) or mode is None) and mode not in _PADDING_MODES:
            return f"padding_mode {mode!r} is not one of {', '.join(_PADDING_MODES)}"
        return None
    return refuses


_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _batch_norm(lazy_ranks=None):
    """BatchNorm/InstanceNorm; Lazy ones read num_features from input.shape[1]."""
    def weights(a, x):
        if lazy_ranks:
            n = _input_dim(x, 1, lazy_ranks, "num_features")
        else:
            n = a.num_features
        return _affine(n, a.affine, a.bias)
    return weights


def _normalized_size(shape):
    """LayerNorm/RMSNorm: normalized_shape is an int or a sequence of ints."""
    return prod(shape) if isinstance(shape, (tuple, list)) else shape


def _layer_norm(a, x):
    return _affine(_normalized_size(a.normalized_shape), a.elementwise_affine, a.bias)


def _rms_norm(a, x):
    return _affine(_normalized_size(a.normalized_shape), a.elementwise_affine, False)


def _rnn(gates, lstm=False):
    """RNN (1 gate), GRU (3), LSTM (4): per layer and direction ih, hh, biases, hr."""
    def weights(a, x):
        hidden = a.hidden_size
        proj = a.proj_size if lstm else 0
        out = proj if proj else hidden
        dirs = 2 if a.bidirectional else 1
        w = {}
        for layer in _layers(a.num_layers):
            n_in = a.input_size if layer == 0 else out * dirs
            for suffix in ("", "_reverse")[:dirs]:
                name = f"l{layer}{suffix}"
                w[f"weight_ih_{name}"] = gates * hidden * n_in
                w[f"weight_hh_{name}"] = gates * hidden * out
                if a.bias:
                    w[f"bias_ih_{name}"] = gates * hidden
                    w[f"bias_hh_{name}"] = gates * hidden
                if proj:
                    w[f"weight_hr_{name}"] = proj * hidden
        return w
    return weights


def _rnn_cell(gates):
    def weights(a, x):
        w = {"weight_ih": gates * a.hidden_size * a.input_size,
             "weight_hh": gates * a.hidden_size * a.hidden_size}
        if a.bias:
            w["bias_ih"] = gates * a.hidden_size
            w["bias_hh"] = gates * a.hidden_size
        return w
    return weights


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
    w.update(_linear(e, e, bias, prefix + "out_proj."))
    return w


def _mha(a, x):
    return _attention(a.embed_dim, a.bias, a.add_bias_kv, a.kdim, a.vdim)


def _encoder_layer(d, ff, bias, prefix=""):
    w = _attention(d, bias, prefix=prefix + "self_attn.")
    w.update(_linear(d, ff, bias, prefix + "linear1."))
    w.update(_linear(ff, d, bias, prefix + "linear2."))
    for norm in ("norm1.", "norm2."):
        w.update(_affine(d, True, bias, prefix + norm))
    return w


def _decoder_layer(d, ff, bias, prefix=""):
    w = _attention(d, bias, prefix=prefix + "self_attn.")
    w.update(_attention(d, bias, prefix=prefix + "multihead_attn."))
    w.update(_linear(d, ff, bias, prefix + "linear1."))
    w.update(_linear(ff, d, bias, prefix + "linear2."))
    for norm in ("norm1.", "norm2.", "norm3."):
        w.update(_affine(d, True, bias, prefix + norm))
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
        for i in _layers(depth):
            w.update(make(d, ff, bias, f"{name}.layers.{i}."))
        w.update(_affine(d, True, bias, f"{name}.norm."))
    return w


def _group_norm_refuses(a):
    if holds(a.num_groups == 0) or holds(a.num_channels % a.num_groups != 0):
        return f"num_channels {a.num_channels} is not divisible by num_groups {a.num_groups}"
    return None


def _rnn_refuses(lstm=False, nonlinearity=False):
    """torch's RNNBase.__init__ (and RNN's nonlinearity)."""
    def refuses(a):
        p = a.dropout
        if isinstance(p, (bool, str)) or p is None or (
                isinstance(p, (int, float)) and not 0 <= p <= 1):
            return f"dropout {p!r} is not a number in [0, 1]"
        for what in ("input_size", "hidden_size", "num_layers"):
            if holds(getattr(a, what) <= 0):
                return f"{what} {getattr(a, what)} is not greater than zero"
        if lstm and holds(a.proj_size < 0):
            return f"proj_size {a.proj_size} is negative"
        if lstm and holds(a.proj_size >= a.hidden_size):
            return f"proj_size {a.proj_size} is not smaller than hidden_size {a.hidden_size}"
        for what in ("bias", "batch_first"):
            if known_value(getattr(a, what)) and not isinstance(getattr(a, what), bool):
                return f"{what} {getattr(a, what)!r} is not a bool"
        mode = a.nonlinearity if nonlinearity else "tanh"
        if known_value(mode) and mode not in ("tanh", "relu"):
            return f"nonlinearity {mode!r} is not 'tanh' or 'relu'"
        return None
    return refuses


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


def _padding_idx_refuses(a):
    i, n = a.padding_idx, a.num_embeddings
    if i is None:
        return None
    if holds(i > 0) and holds(i >= n) or holds(i < 0) and holds(i < -n):
        return f"padding_idx {i} is not within num_embeddings {n}"
    return None


def _dropout_refuses(a):
    if isinstance(a.p, (int, float)) and not 0 <= a.p <= 1:
        return f"dropout probability {a.p!r} is not between 0 and 1"
    return None


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


def _embedding(a, x):
    return {"weight": a.num_embeddings * a.embedding_dim}


def _adaptive_log_softmax(a, x):
    cutoffs = list(a.cutoffs) + [a.n_classes]
    n_clusters = len(cutoffs) - 1
    w = _linear(a.in_features, cutoffs[0] + n_clusters, a.head_bias, "head.")
    for i in range(n_clusters):
        hidden = int(a.in_features // (a.div_value ** (i + 1)))
        w.update(_linear(a.in_features, hidden, False, f"tail.{i}.0."))
        w.update(_linear(hidden, cutoffs[i + 1] - cutoffs[i], False, f"tail.{i}.1."))
    return w


def _linear_cross_entropy(a, x):
    n_out = a.num_classes * prod(a.out_features)
    return _linear(a.in_features, n_out, a.bias, "linear.")


# -- signatures shared by families --------------------------------------------------------

_CONV = ("in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, "
         f"bias=True, padding_mode='zeros', {_FACTORY}")
_CONV_T = ("in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, "
           f"groups=1, bias=True, dilation=1, padding_mode='zeros', {_FACTORY}")
_LAZY_CONV = _CONV.replace("in_channels, ", "")
_LAZY_CONV_T = _CONV_T.replace("in_channels, ", "")
_BATCH_NORM = ("num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, "
               f"{_FACTORY}, *, bias=True")
_INSTANCE_NORM = ("num_features, eps=1e-05, momentum=0.1, affine=False, "
                  f"track_running_stats=False, {_FACTORY}, *, bias=True")
# Lazy norms share _LazyNormBase's defaults: affine and running stats on, also for InstanceNorm.
_LAZY_NORM = ("eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, "
              f"{_FACTORY}, *, bias=True")
_MAX_POOL = ("kernel_size, stride=None, padding=0, dilation=1, return_indices=False, "
             "ceil_mode=False")
_AVG_POOL = ("kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, "
             "divisor_override=None")
_LP_POOL = "norm_type, kernel_size, stride=None, ceil_mode=False"
_FRACTIONAL = ("kernel_size, output_size=None, output_ratio=None, return_indices=False, "
               "_random_samples=None")
_UNPOOL = "kernel_size, stride=None, padding=0"
_RNN_TAIL = "batch_first=False, dropout=0.0, bidirectional=False"
_TRANSFORMER_LAYER = ("d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', "
                      "layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, "
                      f"{_FACTORY}")
_ANY = "*args, **kwargs"
_INPLACE = "inplace=False"
_DIM = "dim=None"
_P = "p=0.5, inplace=False"
_LEGACY = "size_average=None, reduce=None, reduction='mean'"


LAYERS = {
    # -- linear ------------------------------------------------------------------------
    "torch.nn.Identity": _stateless(_ANY, examples=(
        "nn.Identity(54, unused='x')  # params: 0  input: (2, 7)  output: (2, 7)",)),
    "torch.nn.Linear": _layer(
        f"in_features, out_features, bias=True, {_FACTORY}",
        lambda a, x: _linear(a.in_features, a.out_features, a.bias),
        lambda a, x: S.with_last(x, a.out_features),
        examples=("nn.Linear(784, 10)  # params: 7850",
                  "nn.Linear(64, 32, bias=False)  # params: 2048  input: (2, 5, 64)"
                  "  output: (2, 5, 32)")),
    "torch.nn.LazyLinear": _layer(
        f"out_features, bias=True, {_FACTORY}",
        lambda a, x: _linear(last_dim(x, "in_features"), a.out_features, a.bias),
        lambda a, x: S.with_last(x, a.out_features),
        examples=("nn.LazyLinear(10)  # params: 80  input: (2, 3, 7)  output: (2, 3, 10)",),
        lazy=True),
    "torch.nn.Bilinear": _layer(
        f"in1_features, in2_features, out_features, bias=True, {_FACTORY}",
        lambda a, x: {"weight": a.out_features * a.in1_features * a.in2_features,
                      **({"bias": a.out_features} if a.bias else {})},
        lambda a, x: S.with_last(x, a.out_features),
        examples=("nn.Bilinear(3, 4, 5)  # params: 65  input: (2, 6, 3)  output: (2, 6, 5)",
                  "nn.Bilinear(20, 30, 40, bias=False)  # params: 24000")),

    # -- convolution -------------------------------------------------------------------
    "torch.nn.Conv1d": _layer(_CONV, _conv(1), S.conv(1), refuses=_conv_refuses(1), examples=(
        "nn.Conv1d(16, 33, 3, stride=2)  # params: 1617  input: (2, 16, 50)  output: (2, 33, 24)",
        "nn.Conv1d(4, 8, 5, padding='same', dilation=2, padding_mode='circular')  # params: 168"
        "  input: (4, 20)  output: (8, 20)")),
    "torch.nn.Conv2d": _layer(_CONV, _conv(2), S.conv(2), refuses=_conv_refuses(2), examples=(
        "nn.Conv2d(3, 16, 3)  # params: 448  input: (2, 3, 32, 32)  output: (2, 16, 30, 30)",
        "nn.Conv2d(32, 64, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1), groups=4, "
        "bias=False)  # params: 7680  input: (2, 32, 28, 28)  output: (2, 64, 15, 28)",
        "nn.Conv2d(8, 8, 3, padding='valid', groups=8)  # params: 80  input: (1, 8, 10, 10)"
        "  output: (1, 8, 8, 8)"), refused=(
        "nn.Conv2d(6, 8, 3, groups=4)  # refused: in_channels 6 is not divisible by groups 4",
        "nn.Conv2d(8, 6, 3, groups=4)  # refused: out_channels 6 is not divisible by groups 4",
        "nn.Conv2d(8, 8, 3, groups=0)  # refused: groups 0 is not a positive integer",
        "nn.Conv2d(8, 8, 3, padding='same', stride=(1, 2))  # refused: padding='same' with",
        "nn.Conv2d(8, 8, 3, padding='full')  # refused: padding 'full'",
        "nn.Conv2d(8, 8, 3, padding_mode='constant')  # refused: padding_mode 'constant'")),
    "torch.nn.Conv3d": _layer(_CONV, _conv(3), S.conv(3), refuses=_conv_refuses(3), examples=(
        "nn.Conv3d(16, 33, (3, 5, 2), stride=(2, 1, 1), padding=(4, 2, 0))  # params: 15873"
        "  input: (2, 16, 10, 12, 14)  output: (2, 33, 8, 12, 13)",)),
    "torch.nn.ConvTranspose1d": _layer(
        _CONV_T, _conv(1, True), S.conv(1, True), refuses=_conv_refuses(1, True),
        examples=(
            "nn.ConvTranspose1d(16, 8, 4, stride=2, padding=1)  # params: 520  input: (2, 16, 25)"
            "  output: (2, 8, 50)",)),
    "torch.nn.ConvTranspose2d": _layer(
        _CONV_T, _conv(2, True), S.conv(2, True), refuses=_conv_refuses(2, True),
        examples=(
            "nn.ConvTranspose2d(16, 33, 3, stride=2, padding=1, output_padding=1)  # params: 4785"
            "  input: (2, 16, 12, 12)  output: (2, 33, 24, 24)",
            "nn.ConvTranspose2d(12, 6, (3, 5), stride=(2, 3), padding=(1, 2), dilation=(2, 1), "
            "groups=3, bias=False)  # params: 360  input: (1, 12, 7, 9)  output: (1, 6, 15, 25)"),
        refused=("nn.ConvTranspose2d(6, 8, 3, groups=4)  # refused: in_channels 6 is not",
                 "nn.ConvTranspose2d(8, 8, 3, padding_mode='reflect')"
                 "  # refused: padding_mode 'reflect': only 'zeros'")),
    "torch.nn.ConvTranspose3d": _layer(
        _CONV_T, _conv(3, True), S.conv(3, True), refuses=_conv_refuses(3, True),
        examples=(
            "nn.ConvTranspose3d(16, 33, (3, 5, 2), stride=(2, 1, 1), padding=(0, 4, 2))"
            "  # params: 15873  input: (2, 16, 6, 10, 8)  output: (2, 33, 13, 6, 5)",)),
    "torch.nn.LazyConv1d": _layer(
        _LAZY_CONV, _conv(1, lazy=True), S.conv(1), lazy=True,
        refuses=_conv_refuses(1, lazy=True),
        examples=("nn.LazyConv1d(8, 3)  # params: 128  input: (2, 5, 20)  output: (2, 8, 18)",)),
    "torch.nn.LazyConv2d": _layer(
        _LAZY_CONV, _conv(2, lazy=True), S.conv(2), lazy=True,
        refuses=_conv_refuses(2, lazy=True),
        examples=("nn.LazyConv2d(16, 3, groups=2)  # params: 448  input: (2, 6, 9, 9)"
                  "  output: (2, 16, 7, 7)",
                  "nn.LazyConv2d(4, 3)  # params: 112  input: (3, 8, 8)  output: (4, 6, 6)"),
        refused=("nn.LazyConv2d(8, 3, groups=4)  # input: (1, 6, 5, 5)"
                 "  refused: in_channels 6 is not divisible by groups 4",
                 "nn.LazyConv2d(6, 3, groups=4)  # input: (1, 8, 5, 5)  refused: out_channels 6",
                 "nn.LazyConv2d(8, 3, padding='same', stride=2)  # refused: padding='same'")),
    "torch.nn.LazyConv3d": _layer(
        _LAZY_CONV, _conv(3, lazy=True), S.conv(3), lazy=True,
        refuses=_conv_refuses(3, lazy=True),
        examples=("nn.LazyConv3d(4, 2, stride=2)  # params: 100  input: (1, 3, 6, 6, 6)"
                  "  output: (1, 4, 3, 3, 3)",)),
    "torch.nn.LazyConvTranspose1d": _layer(
        _LAZY_CONV_T, _conv(1, True, lazy=True), S.conv(1, True), lazy=True,
        refuses=_conv_refuses(1, True, lazy=True),
        examples=("nn.LazyConvTranspose1d(8, 3, stride=2)  # params: 128  input: (2, 5, 10)"
                  "  output: (2, 8, 21)",)),
    "torch.nn.LazyConvTranspose2d": _layer(
        _LAZY_CONV_T, _conv(2, True, lazy=True), S.conv(2, True), lazy=True,
        refuses=_conv_refuses(2, True, lazy=True),
        examples=("nn.LazyConvTranspose2d(4, 3, groups=2)  # params: 112  input: (2, 6, 8, 8)"
                  "  output: (2, 4, 10, 10)",)),
    "torch.nn.LazyConvTranspose3d": _layer(
        _LAZY_CONV_T, _conv(3, True, lazy=True), S.conv(3, True), lazy=True,
        refuses=_conv_refuses(3, True, lazy=True),
        examples=("nn.LazyConvTranspose3d(4, 2, bias=False)  # params: 96  input: (1, 3, 4, 4, 4)"
                  "  output: (1, 4, 5, 5, 5)",)),
    "torch.nn.Fold": _stateless(
        "output_size, kernel_size, dilation=1, padding=0, stride=1", S.fold, examples=(
            "nn.Fold(output_size=(4, 5), kernel_size=(2, 2))  # params: 0  input: (1, 12, 12)"
            "  output: (1, 3, 4, 5)",)),
    "torch.nn.Unfold": _stateless(
        "kernel_size, dilation=1, padding=0, stride=1", S.unfold, examples=(
            "nn.Unfold(kernel_size=(2, 3), padding=1, stride=2)  # params: 0  input: (2, 5, 8, 9)"
            "  output: (2, 30, 25)",)),

    # -- normalization -----------------------------------------------------------------
    "torch.nn.BatchNorm1d": _layer(_BATCH_NORM, _batch_norm(), examples=(
        "nn.BatchNorm1d(100)  # params: 200  input: (4, 100)  output: (4, 100)",
        "nn.BatchNorm1d(16, affine=False)  # params: 0  input: (4, 16, 7)  output: (4, 16, 7)")),
    "torch.nn.BatchNorm2d": _layer(_BATCH_NORM, _batch_norm(), examples=(
        "nn.BatchNorm2d(64)  # params: 128  input: (2, 64, 8, 8)  output: (2, 64, 8, 8)",
        "nn.BatchNorm2d(64, track_running_stats=False, bias=False)  # params: 64")),
    "torch.nn.BatchNorm3d": _layer(_BATCH_NORM, _batch_norm(), examples=(
        "nn.BatchNorm3d(12)  # params: 24  input: (2, 12, 3, 4, 5)  output: (2, 12, 3, 4, 5)",)),
    "torch.nn.LazyBatchNorm1d": _layer(_LAZY_NORM, _batch_norm((2, 3)), lazy=True, examples=(
        "nn.LazyBatchNorm1d()  # params: 20  input: (4, 10)  output: (4, 10)",)),
    "torch.nn.LazyBatchNorm2d": _layer(_LAZY_NORM, _batch_norm((4,)), lazy=True, examples=(
        "nn.LazyBatchNorm2d()  # params: 12  input: (2, 6, 5, 5)  output: (2, 6, 5, 5)",
        "nn.LazyBatchNorm2d(affine=False)  # params: 0  input: (2, 6, 5, 5)"
        "  output: (2, 6, 5, 5)")),
    "torch.nn.LazyBatchNorm3d": _layer(_LAZY_NORM, _batch_norm((5,)), lazy=True, examples=(
        "nn.LazyBatchNorm3d()  # params: 6  input: (2, 3, 2, 2, 2)  output: (2, 3, 2, 2, 2)",)),
    "torch.nn.SyncBatchNorm": _layer(
        "num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, "
        f"process_group=None, {_FACTORY}, *, bias=True", _batch_norm(),
        examples=("nn.SyncBatchNorm(100)  # params: 200",)),
    "torch.nn.InstanceNorm1d": _layer(_INSTANCE_NORM, _batch_norm(), examples=(
        "nn.InstanceNorm1d(100)  # params: 0  input: (2, 100, 40)  output: (2, 100, 40)",
        "nn.InstanceNorm1d(100, affine=True)  # params: 200  input: (100, 40)"
        "  output: (100, 40)")),
    "torch.nn.InstanceNorm2d": _layer(_INSTANCE_NORM, _batch_norm(), examples=(
        "nn.InstanceNorm2d(32, affine=True)  # params: 64  input: (2, 32, 6, 6)"
        "  output: (2, 32, 6, 6)",
        "nn.InstanceNorm2d(32, affine=True, bias=False, track_running_stats=True)  # params: 32")),
    "torch.nn.InstanceNorm3d": _layer(_INSTANCE_NORM, _batch_norm(), examples=(
        "nn.InstanceNorm3d(8, affine=True)  # params: 16  input: (2, 8, 3, 3, 3)"
        "  output: (2, 8, 3, 3, 3)",)),
    "torch.nn.LazyInstanceNorm1d": _layer(_LAZY_NORM, _batch_norm((3,)), lazy=True, examples=(
        "nn.LazyInstanceNorm1d()  # params: 10  input: (2, 5, 7)  output: (2, 5, 7)",)),
    "torch.nn.LazyInstanceNorm2d": _layer(_LAZY_NORM, _batch_norm((4,)), lazy=True, examples=(
        "nn.LazyInstanceNorm2d(affine=False)  # params: 0  input: (2, 5, 7, 7)"
        "  output: (2, 5, 7, 7)",
        "nn.LazyInstanceNorm2d(bias=False)  # params: 5  input: (2, 5, 7, 7)"
        "  output: (2, 5, 7, 7)")),
    "torch.nn.LazyInstanceNorm3d": _layer(_LAZY_NORM, _batch_norm((5,)), lazy=True, examples=(
        "nn.LazyInstanceNorm3d()  # params: 8  input: (1, 4, 2, 3, 2)  output: (1, 4, 2, 3, 2)",)),
    "torch.nn.LayerNorm": _layer(
        f"normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, {_FACTORY}",
        _layer_norm, examples=(
            "nn.LayerNorm(512)  # params: 1024  input: (2, 10, 512)  output: (2, 10, 512)",
            "nn.LayerNorm([10, 10])  # params: 200  input: (4, 3, 10, 10)  output: (4, 3, 10, 10)",
            "nn.LayerNorm((5, 6), bias=False)  # params: 30",
            "nn.LayerNorm(64, elementwise_affine=False)  # params: 0")),
    "torch.nn.GroupNorm": _layer(
        f"num_groups, num_channels, eps=1e-05, affine=True, {_FACTORY}, *, bias=True",
        lambda a, x: _affine(a.num_channels, a.affine, a.bias), refuses=_group_norm_refuses,
        refused=("nn.GroupNorm(4, 6)  # refused: num_channels 6 is not divisible by num_groups 4",
                 "nn.GroupNorm(0, 6)  # refused: num_channels 6"), examples=(
            "nn.GroupNorm(3, 6)  # params: 12  input: (2, 6, 10, 10)  output: (2, 6, 10, 10)",
            "nn.GroupNorm(8, 64, affine=False)  # params: 0")),
    "torch.nn.RMSNorm": _layer(
        f"normalized_shape, eps=None, elementwise_affine=True, {_FACTORY}", _rms_norm,
        examples=("nn.RMSNorm([4, 5])  # params: 20  input: (2, 3, 4, 5)  output: (2, 3, 4, 5)",
                  "nn.RMSNorm(256, elementwise_affine=False)  # params: 0")),
    "torch.nn.LocalResponseNorm": _stateless("size, alpha=0.0001, beta=0.75, k=1.0", examples=(
        "nn.LocalResponseNorm(2)  # params: 0  input: (2, 8, 5, 5)  output: (2, 8, 5, 5)",)),
    "torch.nn.CrossMapLRN2d": _stateless("size, alpha=0.0001, beta=0.75, k=1"),

    # -- embeddings --------------------------------------------------------------------
    "torch.nn.Embedding": _layer(
        "num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, "
        f"scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, {_FACTORY}",
        _embedding, S.embedding, refuses=_padding_idx_refuses, refused=(
            "nn.Embedding(10, 3, padding_idx=10)  # refused: padding_idx 10 is not within",
            "nn.Embedding(10, 3, padding_idx=-11)  # refused: padding_idx -11"), examples=(
            "nn.Embedding(10, 3)  # params: 30  input: (2, 4)  output: (2, 4, 3)",
            "nn.Embedding(30000, 128, padding_idx=0, max_norm=1.0)  # params: 3840000")),
    "torch.nn.EmbeddingBag": _layer(
        "num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, "
        "mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, "
        f"{_FACTORY}", _embedding, S.embedding_bag, refuses=_padding_idx_refuses,
        refused=("nn.EmbeddingBag(10, 3, padding_idx=10)  # refused: padding_idx 10",),
        examples=(
            "nn.EmbeddingBag(10, 3, mode='sum')  # params: 30  input: (2, 4)  output: (2, 3)",)),

    # -- recurrent ---------------------------------------------------------------------
    "torch.nn.RNN": _layer(
        f"input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, {_RNN_TAIL}, "
        f"{_FACTORY}", _rnn(1), S.rnn(), refuses=_rnn_refuses(nonlinearity=True), refused=(
            "nn.RNN(10, 20, nonlinearity='gelu')  # refused: nonlinearity 'gelu'",
            "nn.RNN(10, 20, num_layers=0)  # refused: num_layers 0"), examples=(
            "nn.RNN(10, 20, 2)  # params: 1480  input: (5, 3, 10)"
            "  output: [(5, 3, 20), (2, 3, 20)]",
            "nn.RNN(10, 20, 2, 'relu', False, True, 0.0, True)  # params: 3600  input: (3, 5, 10)"
            "  output: [(3, 5, 40), (4, 3, 20)]")),
    "torch.nn.LSTM": _layer(
        f"input_size, hidden_size, num_layers=1, bias=True, {_RNN_TAIL}, proj_size=0, {_FACTORY}",
        _rnn(4, lstm=True), S.rnn(lstm=True), refuses=_rnn_refuses(lstm=True), refused=(
            "nn.LSTM(10, 20, proj_size=20)  # refused: proj_size 20 is not smaller than",
            "nn.LSTM(10, 20, proj_size=-1)  # refused: proj_size -1 is negative",
            "nn.LSTM(10, 20, dropout=1.5)  # refused: dropout 1.5",
            "nn.LSTM(0, 20)  # refused: input_size 0"), examples=(
            "nn.LSTM(10, 20, 2)  # params: 5920  input: (5, 3, 10)"
            "  output: [(5, 3, 20), ((2, 3, 20), (2, 3, 20))]",
            "nn.LSTM(10, 20, num_layers=2, bidirectional=True, proj_size=5, batch_first=True)"
            "  # params: 5840  input: (3, 5, 10)  output: [(3, 5, 10), ((4, 3, 5), (4, 3, 20))]",
            "nn.LSTM(8, 16, bias=False)  # params: 1536  input: (7, 8)"
            "  output: [(7, 16), ((1, 16), (1, 16))]")),
    "torch.nn.GRU": _layer(
        f"input_size, hidden_size, num_layers=1, bias=True, {_RNN_TAIL}, {_FACTORY}",
        _rnn(3), S.rnn(), refuses=_rnn_refuses(), refused=(
            "nn.GRU(10, 20, dropout=-0.1)  # refused: dropout -0.1",
            "nn.GRU(10, 20, bias=1)  # refused: bias 1 is not a bool"), examples=(
            "nn.GRU(10, 20, 2)  # params: 4440  input: (5, 3, 10)"
            "  output: [(5, 3, 20), (2, 3, 20)]",
            "nn.GRU(32, 64, num_layers=3, batch_first=True, bidirectional=True)  # params: 186624"
            "  input: (4, 9, 32)  output: [(4, 9, 128), (6, 4, 64)]")),
    "torch.nn.RNNCell": _layer(
        f"input_size, hidden_size, bias=True, nonlinearity='tanh', {_FACTORY}",
        _rnn_cell(1), S.rnn_cell(), examples=(
            "nn.RNNCell(10, 20)  # params: 640  input: (3, 10)  output: (3, 20)",
            "nn.RNNCell(10, 20, bias=False, nonlinearity='relu')  # params: 600  input: (10,)"
            "  output: (20,)")),
    "torch.nn.LSTMCell": _layer(
        f"input_size, hidden_size, bias=True, {_FACTORY}", _rnn_cell(4), S.rnn_cell(lstm=True),
        examples=("nn.LSTMCell(10, 20)  # params: 2560  input: (3, 10)"
                  "  output: [(3, 20), (3, 20)]",)),
    "torch.nn.GRUCell": _layer(
        f"input_size, hidden_size, bias=True, {_FACTORY}", _rnn_cell(3), S.rnn_cell(),
        examples=("nn.GRUCell(10, 20)  # params: 1920  input: (3, 10)  output: (3, 20)",)),

    # -- attention and transformers ----------------------------------------------------
    "torch.nn.MultiheadAttention": _layer(
        "embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, "
        f"kdim=None, vdim=None, batch_first=False, {_FACTORY}", _mha, S.multihead_attention,
        refuses=lambda a: _heads_refuse(a.embed_dim, a.num_heads), refused=(
            "nn.MultiheadAttention(10, 3)  # refused: embed_dim 10 is not divisible by num_heads 3",
            "nn.MultiheadAttention(10, 0)  # refused: embed_dim 10 and num_heads 0"),
        examples=("nn.MultiheadAttention(512, 8)  # params: 1050624",
                  "nn.MultiheadAttention(16, 4, kdim=8, vdim=12, add_bias_kv=True)  # params: 928",
                  "nn.MultiheadAttention(64, 8, bias=False, kdim=64, batch_first=True)"
                  "  # params: 16384")),
    "torch.nn.TransformerEncoderLayer": _layer(
        _TRANSFORMER_LAYER, lambda a, x: _encoder_layer(a.d_model, a.dim_feedforward, a.bias),
        refuses=_transformer_layer_refuses, refused=(
            "nn.TransformerEncoderLayer(10, 3)  # refused: d_model 10 is not divisible by nhead 3",
            "nn.TransformerEncoderLayer(8, 2, activation='tanh')  # refused: activation 'tanh'"),
        examples=("nn.TransformerEncoderLayer(d_model=512, nhead=8)  # params: 3152384"
                  "  input: (10, 2, 512)  output: (10, 2, 512)",
                  "nn.TransformerEncoderLayer(64, 4, 128, bias=False, batch_first=True)"
                  "  # params: 32896  input: (2, 10, 64)  output: (2, 10, 64)")),
    "torch.nn.TransformerDecoderLayer": _layer(
        _TRANSFORMER_LAYER, lambda a, x: _decoder_layer(a.d_model, a.dim_feedforward, a.bias),
        refuses=_transformer_layer_refuses,
        refused=("nn.TransformerDecoderLayer(10, 4)  # refused: d_model 10 is not divisible",),
        examples=("nn.TransformerDecoderLayer(d_model=512, nhead=8)  # params: 4204032"
                  "  input: (10, 2, 512)  output: (10, 2, 512)",
                  "nn.TransformerDecoderLayer(32, 2, 64, norm_first=True, bias=False)"
                  "  # params: 12384")),
    "torch.nn.Transformer": _layer(
        "d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, "
        "dim_feedforward=2048, dropout=0.1, activation='relu', custom_encoder=None, "
        "custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, "
        f"bias=True, {_FACTORY}", _transformer, S.transformer,
        refuses=_transformer_refuses, refused=(
            "nn.Transformer(10, 3)  # refused: d_model 10 is not divisible by nhead 3",
            "nn.Transformer(10, 2, num_encoder_layers=0, activation='tanh')"
            "  # refused: activation 'tanh'"),
        examples=("nn.Transformer()  # params: 44140544",
                  "nn.Transformer(d_model=32, nhead=4, num_encoder_layers=2, "
                  "num_decoder_layers=1, dim_feedforward=64)  # params: 30048",
                  "nn.Transformer(16, 2, 1, 2, 32, bias=False)  # params: 8352")),

    # -- activations -------------------------------------------------------------------
    "torch.nn.PReLU": _layer(
        f"num_parameters=1, init=0.25, {_FACTORY}",
        lambda a, x: {"weight": a.num_parameters}, examples=(
            "nn.PReLU()  # params: 1  input: (2, 3)  output: (2, 3)",
            "nn.PReLU(64)  # params: 64  input: (2, 64, 4, 4)  output: (2, 64, 4, 4)")),
    "torch.nn.ReLU": _stateless(_INPLACE, examples=(
        "nn.ReLU()  # params: 0  input: (2, 3, 4)  output: (2, 3, 4)",)),
    "torch.nn.ReLU6": _stateless(_INPLACE),
    "torch.nn.LeakyReLU": _stateless("negative_slope=0.01, inplace=False", examples=(
        "nn.LeakyReLU(0.2, inplace=True)  # params: 0  input: (2, 5)  output: (2, 5)",)),
    "torch.nn.RReLU": _stateless("lower=0.125, upper=0.3333333333333333, inplace=False"),
    "torch.nn.ELU": _stateless("alpha=1.0, inplace=False"),
    "torch.nn.CELU": _stateless("alpha=1.0, inplace=False"),
    "torch.nn.SELU": _stateless(_INPLACE),
    "torch.nn.GELU": _stateless("approximate='none'", examples=(
        "nn.GELU(approximate='tanh')  # params: 0  input: (2, 8)  output: (2, 8)",)),
    "torch.nn.SiLU": _stateless(_INPLACE),
    "torch.nn.Mish": _stateless(_INPLACE),
    "torch.nn.Sigmoid": _stateless(_ANY),
    "torch.nn.Tanh": _stateless(_ANY),
    "torch.nn.LogSigmoid": _stateless(_ANY),
    "torch.nn.Softsign": _stateless(_ANY),
    "torch.nn.Tanhshrink": _stateless(_ANY),
    "torch.nn.Softplus": _stateless("beta=1.0, threshold=20.0"),
    "torch.nn.Softshrink": _stateless("lambd=0.5"),
    "torch.nn.Hardshrink": _stateless("lambd=0.5"),
    "torch.nn.Hardtanh": _stateless(
        "min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None"),
    "torch.nn.Hardswish": _stateless(_INPLACE),
    "torch.nn.Hardsigmoid": _stateless(_INPLACE),
    "torch.nn.Threshold": _stateless("threshold, value, inplace=False", examples=(
        "nn.Threshold(0.1, 20)  # params: 0  input: (2, 3)  output: (2, 3)",)),
    "torch.nn.GLU": _stateless("dim=-1", S.glu, examples=(
        "nn.GLU()  # params: 0  input: (4, 10)  output: (4, 5)",
        "nn.GLU(dim=1)  # params: 0  input: (2, 6, 5)  output: (2, 3, 5)")),
    "torch.nn.Softmax": _stateless(_DIM, examples=(
        "nn.Softmax(dim=1)  # params: 0  input: (2, 3)  output: (2, 3)",)),
    "torch.nn.Softmin": _stateless(_DIM),
    "torch.nn.LogSoftmax": _stateless(_DIM),
    "torch.nn.Softmax2d": _stateless(_ANY, examples=(
        "nn.Softmax2d()  # params: 0  input: (2, 3, 4, 5)  output: (2, 3, 4, 5)",)),

    # -- dropout -----------------------------------------------------------------------
    "torch.nn.Dropout": _stateless(_P, examples=(
        "nn.Dropout(0.2)  # params: 0  input: (2, 3)  output: (2, 3)",), refuses=_dropout_refuses,
        refused=("nn.Dropout(1.5)  # refused: dropout probability 1.5 is not between 0 and 1",)),
    "torch.nn.Dropout1d": _stateless(_P, refuses=_dropout_refuses),
    "torch.nn.Dropout2d": _stateless(_P, refuses=_dropout_refuses, refused=(
        "nn.Dropout2d(-0.5)  # refused: dropout probability -0.5",)),
    "torch.nn.Dropout3d": _stateless(_P, refuses=_dropout_refuses),
    "torch.nn.AlphaDropout": _stateless(_P, refuses=_dropout_refuses),
    "torch.nn.FeatureAlphaDropout": _stateless(_P, refuses=_dropout_refuses),

    # -- pooling -----------------------------------------------------------------------
    "torch.nn.MaxPool1d": _stateless(_MAX_POOL, S.pool(1, "max"), examples=(
        "nn.MaxPool1d(3, stride=2)  # params: 0  input: (2, 16, 50)  output: (2, 16, 24)",
        "nn.MaxPool1d(4, stride=3, padding=2, dilation=2, ceil_mode=True)  # params: 0"
        "  input: (2, 4, 21)  output: (2, 4, 7)")),
    "torch.nn.MaxPool2d": _stateless(_MAX_POOL, S.pool(2, "max"), examples=(
        "nn.MaxPool2d(2)  # params: 0  input: (2, 16, 32, 32)  output: (2, 16, 16, 16)",
        "nn.MaxPool2d(3, stride=2, ceil_mode=True)  # params: 0  input: (1, 3, 10, 11)"
        "  output: (1, 3, 5, 5)",
        "nn.MaxPool2d((3, 2), stride=(2, 1), padding=1, return_indices=True)  # params: 0"
        "  input: (1, 3, 9, 9)  output: [(1, 3, 5, 10), (1, 3, 5, 10)]")),
    "torch.nn.MaxPool3d": _stateless(_MAX_POOL, S.pool(3, "max"), examples=(
        "nn.MaxPool3d((3, 2, 2), stride=(2, 1, 2))  # params: 0  input: (1, 2, 10, 9, 8)"
        "  output: (1, 2, 4, 8, 4)",)),
    "torch.nn.AvgPool1d": _stateless(
        "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True",
        S.pool(1, "avg"), examples=(
            "nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True)  # params: 0  input: (2, 4, 10)"
            "  output: (2, 4, 6)",)),
    "torch.nn.AvgPool2d": _stateless(_AVG_POOL, S.pool(2, "avg"), examples=(
        "nn.AvgPool2d(3, stride=2)  # params: 0  input: (2, 16, 15, 15)  output: (2, 16, 7, 7)",
        "nn.AvgPool2d((3, 2), stride=(2, 1), ceil_mode=True)  # params: 0  input: (3, 8, 6)"
        "  output: (3, 4, 5)")),
    "torch.nn.AvgPool3d": _stateless(_AVG_POOL, S.pool(3, "avg"), examples=(
        "nn.AvgPool3d(2, stride=(1, 2, 2))  # params: 0  input: (1, 2, 5, 6, 7)"
        "  output: (1, 2, 4, 3, 3)",)),
    "torch.nn.LPPool1d": _stateless(_LP_POOL, S.pool(1, "lp"), examples=(
        "nn.LPPool1d(2, 3, stride=2)  # params: 0  input: (2, 16, 50)  output: (2, 16, 24)",)),
    "torch.nn.LPPool2d": _stateless(_LP_POOL, S.pool(2, "lp"), examples=(
        "nn.LPPool2d(1.2, (3, 2), stride=(2, 1), ceil_mode=True)  # params: 0  input: (2, 4, 9, 8)"
        "  output: (2, 4, 4, 7)",)),
    "torch.nn.LPPool3d": _stateless(_LP_POOL, S.pool(3, "lp"), examples=(
        "nn.LPPool3d(2, 2)  # params: 0  input: (1, 2, 5, 6, 7)  output: (1, 2, 2, 3, 3)",)),
    "torch.nn.AdaptiveAvgPool1d": _stateless("output_size", S.adaptive_pool(1), examples=(
        "nn.AdaptiveAvgPool1d(5)  # params: 0  input: (1, 64, 8)  output: (1, 64, 5)",)),
    "torch.nn.AdaptiveAvgPool2d": _stateless("output_size", S.adaptive_pool(2), examples=(
        "nn.AdaptiveAvgPool2d((1, 1))  # params: 0  input: (2, 512, 7, 7)  output: (2, 512, 1, 1)",
        "nn.AdaptiveAvgPool2d((None, 7))  # params: 0  input: (1, 64, 10, 9)"
        "  output: (1, 64, 10, 7)")),
    "torch.nn.AdaptiveAvgPool3d": _stateless("output_size", S.adaptive_pool(3), examples=(
        "nn.AdaptiveAvgPool3d((5, None, 7))  # params: 0  input: (1, 64, 8, 9, 10)"
        "  output: (1, 64, 5, 9, 7)",)),
    "torch.nn.AdaptiveMaxPool1d": _stateless(
        "output_size, return_indices=False", S.adaptive_pool(1, True), examples=(
            "nn.AdaptiveMaxPool1d(4)  # params: 0  input: (2, 3, 9)  output: (2, 3, 4)",)),
    "torch.nn.AdaptiveMaxPool2d": _stateless(
        "output_size, return_indices=False", S.adaptive_pool(2, True), examples=(
            "nn.AdaptiveMaxPool2d(7, return_indices=True)  # params: 0  input: (1, 64, 10, 9)"
            "  output: [(1, 64, 7, 7), (1, 64, 7, 7)]",)),
    "torch.nn.AdaptiveMaxPool3d": _stateless(
        "output_size, return_indices=False", S.adaptive_pool(3, True), examples=(
            "nn.AdaptiveMaxPool3d((3, None, 2))  # params: 0  input: (1, 2, 8, 9, 10)"
            "  output: (1, 2, 3, 9, 2)",)),
    "torch.nn.FractionalMaxPool2d": _stateless(_FRACTIONAL, S.fractional_max_pool(2), examples=(
        "nn.FractionalMaxPool2d(3, output_size=(13, 12))  # params: 0  input: (2, 16, 50, 32)"
        "  output: (2, 16, 13, 12)",
        "nn.FractionalMaxPool2d(2, output_ratio=(0.5, 0.6))  # params: 0  input: (1, 3, 11, 11)"
        "  output: (1, 3, 5, 6)")),
    "torch.nn.FractionalMaxPool3d": _stateless(_FRACTIONAL, S.fractional_max_pool(3), examples=(
        "nn.FractionalMaxPool3d(2, output_ratio=0.5, return_indices=True)  # params: 0"
        "  input: (1, 2, 9, 10, 11)  output: [(1, 2, 4, 5, 5), (1, 2, 4, 5, 5)]",)),
    "torch.nn.MaxUnpool1d": _stateless(_UNPOOL, S.max_unpool(1), examples=(
        "nn.MaxUnpool1d(2, stride=2)  # params: 0  input: (1, 1, 4)  output: (1, 1, 8)",)),
    "torch.nn.MaxUnpool2d": _stateless(_UNPOOL, S.max_unpool(2), examples=(
        "nn.MaxUnpool2d(3, stride=2, padding=1)  # params: 0  input: (1, 3, 5, 5)"
        "  output: (1, 3, 9, 9)",)),
    "torch.nn.MaxUnpool3d": _stateless(_UNPOOL, S.max_unpool(3), examples=(
        "nn.MaxUnpool3d(3, stride=2)  # params: 0  input: (1, 2, 4, 5, 6)"
        "  output: (1, 2, 9, 11, 13)",)),

    # -- padding -----------------------------------------------------------------------
    "torch.nn.ZeroPad1d": _stateless("padding", S.pad(1), examples=(
        "nn.ZeroPad1d((3, 1))  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.ZeroPad2d": _stateless("padding", S.pad(2), examples=(
        "nn.ZeroPad2d((1, 1, 2, 0))  # params: 0  input: (1, 1, 3, 3)  output: (1, 1, 5, 5)",
        "nn.ZeroPad2d((-1, 1, 0, -2))  # params: 0  input: (1, 1, 4, 4)  output: (1, 1, 2, 4)")),
    "torch.nn.ZeroPad3d": _stateless("padding", S.pad(3), examples=(
        "nn.ZeroPad3d(3)  # params: 0  input: (16, 3, 10, 20, 30)  output: (16, 3, 16, 26, 36)",)),
    "torch.nn.ConstantPad1d": _stateless("padding, value", S.pad(1), examples=(
        "nn.ConstantPad1d(2, 3.5)  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.ConstantPad2d": _stateless("padding, value", S.pad(2), examples=(
        "nn.ConstantPad2d((3, 0, 2, 1), 3.5)  # params: 0  input: (1, 2, 2)  output: (1, 5, 5)",)),
    "torch.nn.ConstantPad3d": _stateless("padding, value", S.pad(3), examples=(
        "nn.ConstantPad3d((3, 3, 6, 6, 0, 1), 3.5)  # params: 0  input: (16, 3, 10, 20, 30)"
        "  output: (16, 3, 11, 32, 36)",)),
    "torch.nn.ReflectionPad1d": _stateless("padding", S.pad(1), examples=(
        "nn.ReflectionPad1d((3, 1))  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.ReflectionPad2d": _stateless("padding", S.pad(2), examples=(
        "nn.ReflectionPad2d(2)  # params: 0  input: (1, 1, 3, 3)  output: (1, 1, 7, 7)",)),
    "torch.nn.ReflectionPad3d": _stateless("padding", S.pad(3), examples=(
        "nn.ReflectionPad3d(1)  # params: 0  input: (1, 1, 2, 2, 2)  output: (1, 1, 4, 4, 4)",)),
    "torch.nn.ReplicationPad1d": _stateless("padding", S.pad(1), examples=(
        "nn.ReplicationPad1d((3, 1))  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.ReplicationPad2d": _stateless("padding", S.pad(2), examples=(
        "nn.ReplicationPad2d((1, 1, 2, 0))  # params: 0  input: (1, 1, 3, 3)"
        "  output: (1, 1, 5, 5)",)),
    "torch.nn.ReplicationPad3d": _stateless("padding", S.pad(3), examples=(
        "nn.ReplicationPad3d(3)  # params: 0  input: (16, 3, 8, 32, 32)"
        "  output: (16, 3, 14, 38, 38)",)),
    "torch.nn.CircularPad1d": _stateless("padding", S.pad(1), examples=(
        "nn.CircularPad1d((3, 1))  # params: 0  input: (1, 2, 4)  output: (1, 2, 8)",)),
    "torch.nn.CircularPad2d": _stateless("padding", S.pad(2), examples=(
        "nn.CircularPad2d((1, 1, 2, 0))  # params: 0  input: (1, 1, 3, 3)"
        "  output: (1, 1, 5, 5)",)),
    "torch.nn.CircularPad3d": _stateless("padding", S.pad(3), examples=(
        "nn.CircularPad3d(1)  # params: 0  input: (2, 3, 4, 5, 6)  output: (2, 3, 6, 7, 8)",)),

    # -- resizing and reshaping --------------------------------------------------------
    "torch.nn.Flatten": _stateless("start_dim=1, end_dim=-1", S.flatten, examples=(
        "nn.Flatten()  # params: 0  input: (32, 1, 5, 5)  output: (32, 25)",
        "nn.Flatten(0, 2)  # params: 0  input: (32, 1, 5, 5)  output: (160, 5)")),
    "torch.nn.Unflatten": _stateless("dim, unflattened_size", S.unflatten, examples=(
        "nn.Unflatten(1, (2, 5, 5))  # params: 0  input: (2, 50)  output: (2, 2, 5, 5)",
        "nn.Unflatten(-1, (4, -1))  # params: 0  input: (3, 7, 12)  output: (3, 7, 4, 3)")),
    "torch.nn.Upsample": _stateless(
        "size=None, scale_factor=None, mode='nearest', align_corners=None, "
        "recompute_scale_factor=None", S.upsample(), examples=(
            "nn.Upsample(scale_factor=2, mode='nearest')  # params: 0  input: (1, 1, 2, 2)"
            "  output: (1, 1, 4, 4)",
            "nn.Upsample(scale_factor=1.7, mode='bilinear')  # params: 0  input: (1, 3, 7, 9)"
            "  output: (1, 3, 11, 15)",
            "nn.Upsample(size=(5, 6, 7), mode='trilinear')  # params: 0  input: (1, 2, 3, 3, 3)"
            "  output: (1, 2, 5, 6, 7)",
            "nn.Upsample(size=10, mode='linear')  # params: 0  input: (2, 3, 4)"
            "  output: (2, 3, 10)")),
    "torch.nn.UpsamplingNearest2d": _stateless(
        "size=None, scale_factor=None", S.upsample(2), examples=(
            "nn.UpsamplingNearest2d(scale_factor=2)  # params: 0  input: (1, 1, 2, 3)"
            "  output: (1, 1, 4, 6)",)),
    "torch.nn.UpsamplingBilinear2d": _stateless(
        "size=None, scale_factor=None", S.upsample(2), examples=(
            "nn.UpsamplingBilinear2d(size=(5, 4))  # params: 0  input: (1, 1, 2, 3)"
            "  output: (1, 1, 5, 4)",)),
    "torch.nn.PixelShuffle": _stateless("upscale_factor", S.pixel_shuffle, examples=(
        "nn.PixelShuffle(3)  # params: 0  input: (1, 9, 4, 4)  output: (1, 1, 12, 12)",)),
    "torch.nn.PixelUnshuffle": _stateless("downscale_factor", S.pixel_unshuffle, examples=(
        "nn.PixelUnshuffle(3)  # params: 0  input: (1, 1, 12, 12)  output: (1, 9, 4, 4)",)),
    "torch.nn.ChannelShuffle": _stateless("groups", examples=(
        "nn.ChannelShuffle(2)  # params: 0  input: (1, 4, 2, 2)  output: (1, 4, 2, 2)",)),

    # -- distances ---------------------------------------------------------------------
    # forward(x1, x2) broadcasts the two inputs; only x1's shape is seen here.
    "torch.nn.CosineSimilarity": _stateless("dim=1, eps=1e-08", None),
    "torch.nn.PairwiseDistance": _stateless("p=2.0, eps=1e-06, keepdim=False", None),

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
    "torch.nn.AdaptiveLogSoftmaxWithLoss": _layer(
        f"in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, {_FACTORY}",
        _adaptive_log_softmax, None, refuses=_cutoffs_refuse, refused=(
            "nn.AdaptiveLogSoftmaxWithLoss(64, 100, [10, 100])  # refused: cutoffs [10, 100]",
            "nn.AdaptiveLogSoftmaxWithLoss(64, 100, [50, 10])  # refused: cutoffs [50, 10]",
            "nn.AdaptiveLogSoftmaxWithLoss(64, 100, [])  # refused: cutoffs is empty"),
        examples=(
            "nn.AdaptiveLogSoftmaxWithLoss(64, 100, [10, 50], div_value=3.0)  # params: 3750",
            "nn.AdaptiveLogSoftmaxWithLoss(512, 10000, (100, 1000, 5000), head_bias=True)"
            "  # params: 422055")),
    "torch.nn.LinearCrossEntropyLoss": _layer(
        f"in_features, num_classes, *, out_features=(), bias=False, {_FACTORY}, "
        "reduction='mean', weight=None, ignore_index=None, label_smoothing=0.0, options=None",
        _linear_cross_entropy, S.loss, loss=True, examples=(
            "nn.LinearCrossEntropyLoss(8, 10)  # params: 80",
            "nn.LinearCrossEntropyLoss(16, 5, out_features=(3,), bias=True)  # params: 255")),
}
