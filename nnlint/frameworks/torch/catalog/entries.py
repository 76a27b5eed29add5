"""How a torch catalogue entry is built, and what several layer families share.

`layer` makes an entry, `stateless` one without parameters; `linear_weights` is a
weight matrix and its bias, `affine_weights` a norm's elementwise weight and bias,
`input_dim` the size a Lazy module reads from its first input, `stacked_layers`
the indices of stacked layers (refusing more than can be listed).
"""

from __future__ import annotations

from dataclasses import replace

from nnlint.catalog.spec import LayerSpec, need
from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.interpreter.values import Unknown, UnknownBranch

# signature parts several families share
FACTORY = "device=None, dtype=None"
ANY = "*args, **kwargs"
_MAX_LISTED_LAYERS = 1000  # beyond this, stacked layers are not listed one by one


def layer(signature, weights=None, out=S.same, examples=(), lazy=False, refuses=None,
          refused=(), loss=False, none_when=()):
    return LayerSpec("torch", signature=signature, weights=weights, out_shape=out,
                     examples=tuple(examples), lazy=lazy, refuses=refuses,
                     refused=tuple(refused), loss=loss, none_when=tuple(none_when))


# (weight, argument): the weight is registered as None when the argument is False
BIAS_NONE = (("bias", "bias"),)
AFFINE_NONE = (("weight", "affine"), ("bias", "affine"), ("bias", "bias"))


def with_none(table: dict, pairs) -> dict:
    """The entries of a table whose constructors register weights as None (`pairs`)."""
    return {name: replace(spec, none_when=tuple(pairs)) for name, spec in table.items()}


def stateless(signature, out=S.same, examples=(), refuses=None, refused=()):
    """A module without parameters (activations, pooling, reshaping ...)."""
    return layer(signature, None, out, examples, refuses=refuses, refused=refused)


# -- weight formulas -------------------------------------------------------------------

def linear_weights(n_in, n_out, bias, prefix=""):
    w = {prefix + "weight": n_in * n_out}
    if bias:
        w[prefix + "bias"] = n_out
    return w


def affine_weights(n, weight, bias, prefix=""):
    """Norm layers: weight when affine, bias when affine and bias."""
    w = {}
    if weight:
        w[prefix + "weight"] = n
        if bias:
            w[prefix + "bias"] = n
    return w


def stacked_layers(n):
    if n > _MAX_LISTED_LAYERS:
        raise UnknownBranch(Unknown(f"{n} stacked layers are too many to list"))
    return range(n)


def input_dim(x, index, ranks, what):
    """A size that a Lazy module reads from its first input (shape ranks allowed)."""
    if x is None:
        return need(None, what)
    if len(x) not in ranks:
        return Unknown(f"{what}: input of rank {len(x)} does not fit")
    return need(x[index], what)
