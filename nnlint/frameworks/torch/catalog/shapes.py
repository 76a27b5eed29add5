"""Output-shape arithmetic of torch.nn modules, as PyTorch's own shape code computes it.

Each function is ``(args, x) -> shape``: ``x`` is the shape of the module's
first forward argument, batch included (``(2, 3, 32, 32)``), or ``None``.
Dimensions may be ``None`` (not known) or `Unknown` (an argument nnlint could
not evaluate). A function returns ``None`` where the shape cannot be known
from that alone, never a guess; it may also raise `UnknownBranch`, `ValueError`,
`TypeError` or `IndexError`, which the runtime reads as "shape not known".

Modules whose forward returns several tensors give a list of shapes in
torch's own structure: ``MaxPool2d(..., return_indices=True)`` gives
``[out, indices]``, ``LSTM`` gives ``[output, (h_n, c_n)]``.
"""

from __future__ import annotations

import math

from nnlint.catalog.spec import prod
from nnlint.interpreter.values import Unknown, UnknownBranch

# -- small helpers ---------------------------------------------------------------------

def tup(value, n: int) -> tuple:
    """torch's _ntuple: ``3`` -> ``(3,) * n``; a sequence must have n items."""
    if isinstance(value, (tuple, list)):
        if len(value) != n:
            raise ValueError(f"expected {n} values, got {value!r}")
        return tuple(value)
    return (value,) * n


def dim(fn, *dims):
    """``fn(*dims)``, or None where a dimension is not known."""
    if any(d is None for d in dims):
        return None
    return fn(*dims)


def norm_axis(axis, rank: int) -> int:
    """A dimension index as torch normalises it (``-1`` is the last)."""
    if isinstance(axis, Unknown):
        raise UnknownBranch(axis)
    if not -rank <= axis < rank:
        raise IndexError(f"dimension {axis} out of range for rank {rank}")
    return axis % rank


def spatial_input(x, n: int) -> bool:
    """Does x look like an input of an n-d spatial layer: (N, C, *n) or (C, *n)?"""
    return x is not None and len(x) in (n + 1, n + 2)


def same(a, x):
    return x


def with_last(x, n):
    return None if x is None else tuple(x[:-1]) + (n,)


def pair_if(flag, shape):
    """``[shape, shape]`` for return_indices=True, else ``shape``."""
    if shape is None:
        return None
    return [shape, shape] if flag else shape


# -- convolution ---------------------------------------------------------------------

def conv_len(length, k, s, p, d):
    return (length + 2 * p - d * (k - 1) - 1) // s + 1


def conv_transpose_len(length, k, s, p, d, op):
    return (length - 1) * s - 2 * p + d * (k - 1) + op + 1


def conv(n: int, transposed: bool = False):
    """Conv{n}d / ConvTranspose{n}d (and their Lazy forms).

    ConvTranspose: the size without forward(..., output_size=...), which can
    ask for up to stride - 1 more.
    """
    def out_shape(a, x):
        if not spatial_input(x, n):
            return None
        k, s, d = tup(a.kernel_size, n), tup(a.stride, n), tup(a.dilation, n)
        spatial = tuple(x[-n:])
        if transposed:
            p, op = tup(a.padding, n), tup(a.output_padding, n)
            new = tuple(dim(conv_transpose_len, *t)
                        for t in zip(spatial, k, s, p, d, op))
        elif isinstance(a.padding, str):
            if a.padding == "same":
                new = spatial
            elif a.padding == "valid":
                new = tuple(dim(conv_len, *t) for t in zip(spatial, k, s, (0,) * n, d))
            else:
                return None
        else:
            p = tup(a.padding, n)
            new = tuple(dim(conv_len, *t) for t in zip(spatial, k, s, p, d))
        return tuple(x[:-n - 1]) + (a.out_channels,) + new
    return out_shape


# -- pooling ---------------------------------------------------------------------------

def pool_len(length, k, s, p, d, ceil_mode):
    """ATen's pooling_output_shape: floor or ceil, a last window must start inside."""
    out = (length + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= length + p:
        out = out - 1
    return out


def _stride(a, kernel, n):
    stride = a.stride
    if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0):
        return kernel
    return tup(stride, n)


def pool(n: int, kind: str):
    """MaxPool / AvgPool / LPPool: kind is "max", "avg" or "lp"."""
    def out_shape(a, x):
        if not spatial_input(x, n):
            return None
        k = tup(a.kernel_size, n)
        s = _stride(a, k, n)
        p = (0,) * n if kind == "lp" else tup(a.padding, n)
        d = tup(a.dilation, n) if kind == "max" else (1,) * n
        ceil_mode = a.ceil_mode
        new = tuple(dim(lambda v, *r: pool_len(v, *r, ceil_mode), *t)
                    for t in zip(x[-n:], k, s, p, d))
        out = tuple(x[:-n]) + new
        return pair_if(a.return_indices, out) if kind == "max" else out
    return out_shape


def adaptive_pool(n: int, returns_indices: bool = False):
    def out_shape(a, x):
        if not spatial_input(x, n):
            return None
        size = tup(a.output_size, n)
        new = tuple(old if want is None else want for old, want in zip(x[-n:], size))
        out = tuple(x[:-n]) + new
        return pair_if(a.return_indices, out) if returns_indices else out
    return out_shape


def fractional_max_pool(n: int):
    def out_shape(a, x):
        if not spatial_input(x, n):
            return None
        if a.output_size is not None:
            new = tup(a.output_size, n)
        elif a.output_ratio is not None:
            ratio = tup(a.output_ratio, n)
            new = tuple(dim(lambda v, r: math.floor(v * r), v, r) for v, r in zip(x[-n:], ratio))
        else:
            return None
        return pair_if(a.return_indices, tuple(x[:-n]) + new)
    return out_shape


def max_unpool(n: int):
    """The default size; forward(..., output_size=...) can ask for another one."""
    def out_shape(a, x):
        if not spatial_input(x, n):
            return None
        k = tup(a.kernel_size, n)
        s = _stride(a, k, n)
        p = tup(a.padding, n)
        new = tuple(dim(lambda v, k, s, p: (v - 1) * s - 2 * p + k, *t)
                    for t in zip(x[-n:], k, s, p))
        return tuple(x[:-n]) + new
    return out_shape


# -- padding, resizing, reshaping ------------------------------------------------------

def pad(n: int):
    """ZeroPad/ConstantPad/ReflectionPad/ReplicationPad/CircularPad{n}d.

    ``padding`` is an int or (left, right, top, bottom, front, back): the
    first pair pads the last dimension.
    """
    def out_shape(a, x):
        if not spatial_input(x, n):
            return None
        p = tup(a.padding, 2 * n)
        out = list(x)
        for i in range(n):
            out[-1 - i] = dim(lambda v: v + p[2 * i] + p[2 * i + 1], out[-1 - i])
        return tuple(out)
    return out_shape


def upsample(n=None):
    """Upsample (n from the input) and UpsamplingNearest2d/Bilinear2d (n=2)."""
    def out_shape(a, x):
        if x is None or len(x) < 3 or (n is not None and len(x) != n + 2):
            return None
        k = len(x) - 2
        if a.size is not None and a.scale_factor is None:
            new = tup(a.size, k)
        elif a.scale_factor is not None and a.size is None:
            scale = tup(a.scale_factor, k)
            new = tuple(dim(lambda v, f: math.floor(v * f), v, f)
                        for v, f in zip(x[2:], scale))
        else:
            return None
        return tuple(x[:2]) + new
    return out_shape


def pixel_shuffle(a, x):
    if x is None or len(x) < 3:
        return None
    r = a.upscale_factor
    c, h, w = x[-3:]
    return tuple(x[:-3]) + (dim(lambda c: c // (r * r), c), dim(lambda h: h * r, h),
                            dim(lambda w: w * r, w))


def pixel_unshuffle(a, x):
    if x is None or len(x) < 3:
        return None
    r = a.downscale_factor
    c, h, w = x[-3:]
    return tuple(x[:-3]) + (dim(lambda c: c * r * r, c), dim(lambda h: h // r, h),
                            dim(lambda w: w // r, w))


def flatten_shape(x, start, end):
    if x is None:
        return None
    if len(x) == 0:
        return (1,)
    start, end = norm_axis(start, len(x)), norm_axis(end, len(x))
    if start > end:
        raise ValueError("flatten: start_dim after end_dim")
    merged = x[start:end + 1]
    size = None if any(d is None for d in merged) else prod(merged)
    return tuple(x[:start]) + (size,) + tuple(x[end + 1:])


def flatten(a, x):
    return flatten_shape(x, a.start_dim, a.end_dim)


def unflatten(a, x):
    if x is None:
        return None
    axis = norm_axis(a.dim, len(x))
    sizes = list(a.unflattened_size)
    if sizes.count(-1) > 1:
        return None
    if -1 in sizes:
        rest = prod(s for s in sizes if s != -1)
        sizes[sizes.index(-1)] = dim(lambda v: v // rest, x[axis])
    return tuple(x[:axis]) + tuple(sizes) + tuple(x[axis + 1:])


def fold(a, x):
    """Fold: (N, C*prod(k), L) -> (N, C, *output_size); only 2-d output_size."""
    if x is None or len(x) not in (2, 3):
        return None
    k = tup(a.kernel_size, 2)
    c = dim(lambda v: v // prod(k), x[-2])
    return tuple(x[:-2]) + (c,) + tup(a.output_size, 2)


def unfold(a, x):
    """Unfold: (N, C, H, W) -> (N, C*prod(k), L); only 4-d (or unbatched 3-d) input."""
    if x is None or len(x) not in (3, 4):
        return None
    k, d, p, s = (tup(v, 2) for v in (a.kernel_size, a.dilation, a.padding, a.stride))
    blocks = [dim(conv_len, *t) for t in zip(x[-2:], k, s, p, d)]
    count = None if None in blocks else prod(blocks)
    return tuple(x[:-3]) + (dim(lambda c: c * prod(k), x[-3]), count)


def glu(a, x):
    if x is None:
        return None
    axis = norm_axis(a.dim, len(x))
    out = list(x)
    out[axis] = dim(lambda v: v // 2, x[axis])
    return tuple(out)


# -- embeddings, recurrent, attention ------------------------------------------------

def embedding(a, x):
    return None if x is None else tuple(x) + (a.embedding_dim,)


def embedding_bag(a, x):
    """2-d input: one bag per row; 1-d input: as many bags as offsets (not known)."""
    if x is None or len(x) not in (1, 2):
        return None
    return (x[0] if len(x) == 2 else None, a.embedding_dim)


def rnn(lstm: bool = False):
    """RNN/GRU: [output, h_n]; LSTM: [output, (h_n, c_n)].

    h_n and c_n are (D * num_layers, N, H) even when batch_first=True.
    """
    def out_shape(a, x):
        if x is None or len(x) not in (2, 3):
            return None
        dirs = 2 if a.bidirectional else 1
        h_out = a.proj_size if lstm and a.proj_size else a.hidden_size
        if len(x) == 2:
            output, batch = (x[0], dirs * h_out), ()
        elif a.batch_first:
            output, batch = (x[0], x[1], dirs * h_out), (x[0],)
        else:
            output, batch = (x[0], x[1], dirs * h_out), (x[1],)
        h_n = (dirs * a.num_layers,) + batch + (h_out,)
        if lstm:
            return [output, (h_n, (dirs * a.num_layers,) + batch + (a.hidden_size,))]
        return [output, h_n]
    return out_shape


def rnn_cell(lstm: bool = False):
    def out_shape(a, x):
        if x is None or len(x) not in (1, 2):
            return None
        h = tuple(x[:-1]) + (a.hidden_size,)
        return [h, h] if lstm else h
    return out_shape


def multihead_attention(a, x):
    """[attn_output, attn_weights]: the weights' shape depends on forward's arguments."""
    if x is None or len(x) not in (2, 3):
        return None
    return [with_last(x, a.embed_dim), None]


def transformer(a, x):
    """nn.Transformer(src, tgt) gives tgt's shape; only src's is seen here."""
    if x is None or len(x) not in (2, 3):
        return None
    if len(x) == 2:
        return (None, a.d_model)
    return (x[0], None, a.d_model) if a.batch_first else (None, x[1], a.d_model)


# -- losses ----------------------------------------------------------------------------

def loss(a, x):
    """A scalar for reduction 'mean'/'sum'/'batchmean'; 'none' depends on the target."""
    reduction = a.get("reduction", "mean")
    size_average, reduce = a.get("size_average"), a.get("reduce")
    if size_average is not None or reduce is not None:  # torch's legacy_get_string
        reduce = True if reduce is None else reduce
        if not reduce:
            return None
        return ()
    if isinstance(reduction, str) and reduction in ("mean", "sum", "batchmean"):
        return ()
    return None


def broadcast(a, b):
    """The shape torch broadcasting gives two shapes; None where they do not broadcast."""
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + tuple(a)
    b = (1,) * (n - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b):
        if x == 1:
            out.append(y)
        elif y == 1 or x == y:
            out.append(x)
        else:
            return None
    return tuple(out)
