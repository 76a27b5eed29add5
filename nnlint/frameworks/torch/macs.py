"""Multiply-accumulates of torch's layers and operations, as torch.utils.flop_counter's
FlopCounterMode counts them (its FLOPs / 2; facts measured in tests/oracle_macs.py):

* counted: mm, addmm, bmm, baddbmm (and so matmul, einsum, F.linear and nn.Linear, which
  decompose into them), every convolution (transposed, grouped, depthwise too), attention's two
  matrix products, and recurrent layers as the matrix products of their gates (LSTM, GRU, RNN
  and their cells);
* 0: norms, activations, adds, softmax, pooling, cat / view, Embedding, matrix-vector and
  vector-vector products (mv, dot) and nn.Bilinear; a bias is never counted.

Every function returns an int, or None where the number is not known (a size not known, an
argument not understood): None never becomes a guess, it makes the model's MACs a lower bound.
"""

from __future__ import annotations

from typing import Optional, Tuple

from nnlint.frameworks.torch.catalog.shapes import broadcast

Shape = Tuple[Optional[int], ...]


def _prod(dims) -> Optional[int]:
    n = 1
    for d in dims:
        if not isinstance(d, int) or isinstance(d, bool):
            return None
        n *= d
    return n


def _known(shape) -> bool:
    return shape is not None and _prod(shape) is not None


def matmul(a: Optional[Shape], b: Optional[Shape]):
    """(output shape, MACs) of `a @ b` (torch.matmul's rules), each None where not known."""
    if a is None or b is None or not a or not b:
        return None, None
    if len(a) == 1 and len(b) == 1:
        return (), 0  # dot: not counted
    if len(b) == 1:  # matrix-vector: mv, not counted
        if a[-1] != b[0] and None not in (a[-1], b[0]):
            return None, None
        return tuple(a[:-1]), 0
    a2 = (1,) + tuple(a) if len(a) == 1 else tuple(a)
    if a2[-1] != b[-2] and None not in (a2[-1], b[-2]):
        return None, None
    batch = broadcast(a2[:-2], b[:-2]) if len(a2) > 2 or len(b) > 2 else ()
    if batch is None:
        return None, None
    out = tuple(batch) + ((a2[-2],) if len(a) > 1 else ()) + (b[-1],)
    macs = _prod(tuple(batch) + (a2[-2], a2[-1], b[-1]))
    return out, macs


def einsum(equation, shapes):
    """(output shape, MACs) of a two-operand torch.einsum: one bmm over every index the two
    share or the output keeps (an index only one operand has and the output drops is summed
    first, uncounted). One operand: no product (0). Else, and for `...`: (None, None)."""
    if not isinstance(equation, str) or "..." in equation or \
            any(s is None for s in shapes):
        return None, None
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(shapes) or len(terms) not in (1, 2):
        return None, None
    sizes = {}
    for term, shape in zip(terms, shapes):
        if len(term) != len(shape) or not term.isalpha():
            return None, None
        for letter, d in zip(term, shape):
            if sizes.setdefault(letter, d) != d:
                if sizes[letter] == 1:
                    sizes[letter] = d
                elif d != 1:
                    return None, None
    if not arrow:
        rhs = "".join(sorted(c for c in sizes if lhs.count(c) == 1))
    if not rhs.isalpha() and rhs != "":
        return None, None
    out = tuple(sizes.get(c) for c in rhs)
    if len(terms) == 1:
        return out, 0
    a, b = terms
    kept = [c for c in sizes if (c in a and c in b) or c in rhs]
    return out, _prod(sizes[c] for c in kept)


def attention(q: Optional[Shape], k: Optional[Shape], v: Optional[Shape]):
    """F.scaled_dot_product_attention, decomposed: Q K^T and A V (2 bmm's)."""
    if not (_known(q) and _known(k) and _known(v)) or len(q) < 2 or len(k) < 2 or len(v) < 2:
        return None, None
    batch = broadcast(q[:-2], k[:-2])
    batch = batch if batch is None else broadcast(batch, v[:-2])
    if batch is None:
        return None, None
    L, E, S, Ev = q[-2], q[-1], k[-2], v[-1]
    n = _prod(batch)
    return tuple(batch) + (L, Ev), n * L * S * E + n * L * S * Ev


# ------------------------------------------------------------------- layers
_LINEAR = {"torch.nn.Linear", "torch.nn.LazyLinear"}
_CONV = {f"torch.nn.{lazy}Conv{n}d" for lazy in ("", "Lazy") for n in (1, 2, 3)}
_CONV_T = {f"torch.nn.{lazy}ConvTranspose{n}d" for lazy in ("", "Lazy") for n in (1, 2, 3)}
_RNN = {"torch.nn.LSTM", "torch.nn.GRU", "torch.nn.RNN"}
_CELLS = {"torch.nn.LSTMCell", "torch.nn.GRUCell", "torch.nn.RNNCell"}
# layers with parameters whose forward has no product the counter counts
_NO_PRODUCT = {"torch.nn.Embedding", "torch.nn.EmbeddingBag", "torch.nn.Bilinear",
               "torch.nn.LayerNorm", "torch.nn.GroupNorm", "torch.nn.RMSNorm",
               "torch.nn.LocalResponseNorm", "torch.nn.PReLU"} | {
    f"torch.nn.{lazy}{kind}Norm{n}d" for lazy in ("", "Lazy") for kind in ("Batch", "Instance")
    for n in (1, 2, 3)} | {"torch.nn.SyncBatchNorm"}


def layer(name: str, module, args, kwargs, x: Optional[Shape], out) -> Optional[int]:
    """MACs of one call of a catalogue layer: `module` its runtime object (its parameters'
    sizes), `x` the first input's shape, `out` its output (a shape, or a nesting of them)."""
    weights = {k: (p.numel if p is not None else 0) for k, p in module.params.items()}
    if name in _LINEAR:
        if x is None or len(x) < 2:
            return None
        return _times(_prod(x[:-1]), weights.get("weight"))
    if name in _CONV:  # every output position: C_out x C_in / groups x kernel
        return _times(_positions(name, out), weights.get("weight"))
    if name in _CONV_T:  # every input position: C_in x C_out / groups x kernel
        return _times(_positions(name, x), weights.get("weight"))
    if name in _RNN:
        return _recurrent(module, x, weights)
    if name in _CELLS:
        if not _known(x):
            return None
        batch = x[0] if len(x) == 2 else 1
        return _times(batch, _sum(weights.get("weight_ih"), weights.get("weight_hh")))
    if name == "torch.nn.MultiheadAttention":
        return _multihead(module, args, kwargs)
    if name in _NO_PRODUCT or not any(weights.values()) and not module.params:
        return 0
    return None


def _positions(name, shape) -> Optional[int]:
    """Batch x spatial positions of a convolution's (N, C, *spatial) or (C, *spatial)."""
    n = int(name[-2])  # torch.nn.Conv2d, torch.nn.LazyConvTranspose3d
    if not _known(shape) or len(shape) not in (n + 1, n + 2):
        return None
    return _prod(shape[1:] if len(shape) == n + 1 else (shape[0],) + tuple(shape[2:]))


def _times(a, b) -> Optional[int]:
    if not isinstance(a, int) or not isinstance(b, int):
        return None
    return a * b


def _sum(*values) -> Optional[int]:
    return None if any(not isinstance(v, int) for v in values) else sum(values)


def _recurrent(module, x, weights) -> Optional[int]:
    """LSTM / GRU / RNN: per step, each layer and direction multiplies its input and its
    hidden state by its gates' weights (W_hh at the first step too): steps x batch x every
    weight_ih / weight_hh element. A projection (proj_size) is not followed."""
    if not _known(x) or len(x) not in (2, 3) or module.args.get("proj_size", 0):
        return None
    batch_first = module.args.get("batch_first", False)
    if len(x) == 2:
        steps, batch = x[0], 1
    else:
        steps, batch = (x[1], x[0]) if batch_first is True else (x[0], x[1])
        if batch_first not in (True, False):
            return None
    gates = [n for k, n in weights.items() if k.startswith(("weight_ih_l", "weight_hh_l"))]
    if not gates or any(not isinstance(n, int) for n in gates):
        return None
    return steps * batch * sum(gates)


def _multihead(module, args, kwargs) -> Optional[int]:
    """nn.MultiheadAttention: the q, k, v and output projections and the two products of
    attention (Q K^T and A V, each batch x L x S x embed_dim)."""
    names = ("query", "key", "value")
    shapes = []
    for i, n in enumerate(names):
        t = args[i] if i < len(args) else kwargs.get(n)
        shape = getattr(t, "shape", None)  # a tensor's (this module imports none)
        shapes.append(shape if isinstance(shape, tuple) else None)
    q, k, v = shapes
    a = module.args
    E = a.get("embed_dim")
    if a.get("add_bias_kv") is not False or a.get("add_zero_attn") is not False:
        return None  # a key and value longer by one
    if not all(_known(s) for s in shapes) or not isinstance(E, int) or \
            a.get("batch_first") not in (True, False) or len({len(s) for s in shapes}) != 1:
        return None
    if len(q) == 2:
        batch, L, S = 1, q[0], k[0]
    elif len(q) == 3:
        batch, L, S = (q[0], q[1], k[1]) if a.get("batch_first") else (q[1], q[0], k[0])
    else:
        return None
    kdim, vdim = k[-1], v[-1]
    projections = batch * (L * E * E + S * E * kdim + S * E * vdim + L * E * E)
    return projections + 2 * batch * L * S * E


# ----------------------------------------------------------- shape errors
_BATCH_NORM = {f"torch.nn.BatchNorm{n}d" for n in (1, 2, 3)} | {"torch.nn.SyncBatchNorm"}


def input_error(name: str, module, x: Optional[Shape]) -> Optional[str]:
    """Why torch would refuse this input of a layer (a size the layer states that the input
    does not have), or None (also when that is not known)."""
    if x is None or not x:
        return None
    a = module.args
    if name == "torch.nn.Linear":
        return _differs("in_features", a.get("in_features"), x[-1], x)
    if name in _CONV or name in _CONV_T:
        if "Lazy" in name:
            return None
        n = int(name[-2])
        if len(x) not in (n + 1, n + 2):
            return (f"{name.rsplit('.', 1)[-1]} expects a {n + 1}-D or {n + 2}-D input, "
                    f"gets a tensor of shape {shape_text(x)}")
        return _differs("in_channels", a.get("in_channels"), x[1 if len(x) == n + 2 else 0], x)
    if name in _RNN or name in _CELLS:
        return _differs("input_size", a.get("input_size"), x[-1], x)
    if name in _BATCH_NORM and len(x) >= 2:
        return _differs("num_features", a.get("num_features"), x[1], x)
    if name == "torch.nn.LayerNorm":
        shape = a.get("normalized_shape")
        shape = (shape,) if isinstance(shape, int) else shape
        if isinstance(shape, (tuple, list)) and all(isinstance(d, int) for d in shape) and \
                all(isinstance(d, int) for d in x[-len(shape):]) and shape and \
                (len(x) < len(shape) or tuple(x[-len(shape):]) != tuple(shape)):
            return (f"LayerNorm expects a tensor ending in {shape_text(tuple(shape))} "
                    f"(normalized_shape), gets a tensor of shape {shape_text(x)}")
    return None


def _differs(what, expected, got, x) -> Optional[str]:
    if not isinstance(expected, int) or isinstance(expected, bool) or \
            not isinstance(got, int) or expected == got:
        return None
    return f"expects {expected} ({what}), gets a tensor of shape {shape_text(x)}"


def shape_text(shape) -> str:
    return "(" + ", ".join("?" if d is None else str(d) for d in shape) + \
        ("," if len(shape) == 1 else "") + ")"
