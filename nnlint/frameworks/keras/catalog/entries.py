"""How a Keras catalogue entry is built, and what several layer families share.

`layer` makes an entry whose formulas answer an Unknown weight (or no shape) when
they meet an Unknown or a call on the wrong number of tensors; `positive_ints`
is Keras' refusal of sizes that are not positive integers; `kernel_weights` is a
kernel under LoRA or quantization, with its bias; `input_shapes` the shapes of a
layer called on a list of tensors.
"""

from __future__ import annotations

from functools import wraps

from nnlint.catalog.spec import LayerSpec, known_value, need, prod
from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.interpreter.values import Unknown, UnknownBranch


def _fits(x, several):
    """Is x the kind of input the layer takes: one shape, or a list of shapes?"""
    return x is None or isinstance(x, list) == several


def _weights_guard(fn, several):
    """A formula that meets an Unknown flag or shape answers with an Unknown weight."""
    @wraps(fn)
    def weights(a, x):
        if not _fits(x, several):
            return {"unknown": Unknown("layer called on the wrong number of tensors")}
        try:
            return fn(a, x)
        except UnknownBranch as exc:
            return {"unknown": exc.unknown}
    return weights


def _shape_guard(fn, several=False):
    @wraps(fn)
    def out_shape(a, x):
        if not _fits(x, several):
            return None
        try:
            return fn(a, x)
        except UnknownBranch:
            return None
    return out_shape


def layer(signature, weights=None, out=None, non_trainable=(), examples=(), several=False,
          refuses=None, refused=(), input_spec=None, kernel_last=None):
    """An entry; `several`: the layer is called on a list of tensors."""
    return LayerSpec(
        "keras",
        signature=signature,
        weights=None if weights is None else _weights_guard(weights, several),
        out_shape=None if out is None else _shape_guard(out, several),
        non_trainable=tuple(non_trainable),
        examples=tuple(examples),
        refuses=refuses,
        refused=tuple(refused),
        input_spec=input_spec,
        kernel_last=kernel_last,
    )


# -- arguments Keras refuses in a layer's __init__ -----------------------------------------

def _not_positive_int(value, bool_ok=False):
    """Keras' ``not isinstance(v, int) or v <= 0`` (Embedding also refuses bools)."""
    if not known_value(value):
        return False
    if isinstance(value, bool):
        return not bool_ok or not value
    return not isinstance(value, int) or value <= 0


def positive_ints(**names):
    """A refusal for arguments that must be positive integers (Dense units, Embedding dims,
    MultiHeadAttention heads ...); ``name=True`` lets a bool through, as Keras does."""
    def refuses(a):
        for name, bool_ok in names.items():
            if _not_positive_int(a.get(name), bool_ok):
                return f"{name} {a.get(name)!r} is not a positive integer"
        return None
    return refuses


def same(a, x):
    return x


# the tail of the signatures of Dense, the convolutions and the attention layers
REG_TAIL = "activity_regularizer=None, kernel_constraint=None, bias_constraint=None"

# -- shared weight formulas --------------------------------------------------------------

_QUANTIZED_DTYPES = ("int8", "int4", "float8", "gptq", "awq")


def _quantized(a) -> bool:
    if not S.is_none(a.get("quantization_config")):
        return True
    dtype = a.get("dtype")
    return isinstance(dtype, str) and dtype.startswith(_QUANTIZED_DTYPES)


def kernel_weights(a, kernel_shape, bias=None, name="kernel"):
    """A kernel (frozen and split into two factors under LoRA) and an optional bias."""
    if _quantized(a):
        return {name: Unknown("quantized layer: weight layout not modelled")}
    kernel_shape = [need(d, "weight dimension") for d in kernel_shape]
    rank = a.get("lora_rank")
    if S.is_none(rank) or not rank:
        w = {name: prod(kernel_shape)}
    else:
        w = {f"frozen_{name}": prod(kernel_shape),
             f"lora_{name}_a": prod(kernel_shape[:-1]) * rank,
             f"lora_{name}_b": rank * kernel_shape[-1]}
    if bias is not None:
        w["bias"] = bias
    return w


def input_shapes(x, n_min, n_max):
    """The shapes of a layer called on a list of tensors, or Unknown."""
    if not S.is_shape_list(x, n_min, n_max):
        raise UnknownBranch(Unknown("input shapes of the call not known"))
    return x
