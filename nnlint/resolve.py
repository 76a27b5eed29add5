"""Qualified names: every import spelling of a framework name mapped to one canonical name.

``tf.keras.layers.Dense``, ``tensorflow.keras.layers.Dense``, ``keras.layers.core.Dense``
and ``keras.src.layers.Dense`` all become ``keras.layers.Dense``;
``torch.nn.modules.linear.Linear`` becomes ``torch.nn.Linear``.
"""

from __future__ import annotations

_PREFIXES = (
    ("tensorflow.python.keras.", "keras."),
    ("tensorflow.keras.", "keras."),
    ("tf_keras.", "keras."),
    ("keras.src.", "keras."),
    ("keras.api.", "keras."),
    ("keras._tf_keras.keras.", "keras."),
)

_EXACT = {
    "tensorflow.keras": "keras",
    "tf_keras": "keras",
    "keras.models.Sequential": "keras.Sequential",
    "keras.models.Model": "keras.Model",
    "keras.engine.training.Model": "keras.Model",
    "keras.layers.Input": "keras.Input",
    "keras.layers.InputLayer": "keras.layers.InputLayer",
    "keras.engine.input_layer.Input": "keras.Input",
    "keras.layers.Layer": "keras.Layer",
    "keras.engine.base_layer.Layer": "keras.Layer",
    "keras.models.clone_model": "keras.models.clone_model",
    "torch.nn.modules.module.Module": "torch.nn.Module",
    "torch.nn.parameter.Parameter": "torch.nn.Parameter",
}

# TensorFlow's elementwise functions, which code calls on Keras tensors inside call():
# each is the keras.ops function of the same meaning, its tensor the first argument and its
# result of the broadcast input shape (only names that exist in TensorFlow 2).
_TF_SAME = ("abs", "exp", "sqrt", "square", "sigmoid", "tanh", "negative", "sign", "floor",
            "round", "sin", "cos", "add", "subtract", "multiply", "divide", "maximum",
            "minimum")
_TF_AS_KERAS_OPS = {
    **{f"tensorflow.{n}": n for n in _TF_SAME + ("cast", "stop_gradient")},
    "tensorflow.pow": "power", "tensorflow.truediv": "true_divide",
    "tensorflow.floordiv": "floor_divide", "tensorflow.clip_by_value": "clip",
    **{f"tensorflow.math.{n}": n for n in _TF_SAME + (
        "log", "ceil", "rsqrt", "erf", "softplus", "softsign")},
    "tensorflow.math.pow": "power", "tensorflow.math.truediv": "true_divide",
    "tensorflow.math.floordiv": "floor_divide", "tensorflow.math.l2_normalize": "normalize",
    **{f"tensorflow.nn.{n}": n for n in (
        "relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "gelu", "silu",
        "swish", "elu", "selu", "softplus", "softsign", "leaky_relu")},
    "tensorflow.nn.l2_normalize": "normalize",
}
_EXACT.update({tf: f"keras.ops.{op}" for tf, op in _TF_AS_KERAS_OPS.items()})

# keras.layers sub-packages that people import from directly
_KERAS_LAYER_SUBPACKAGES = (
    "core", "convolutional", "pooling", "normalization", "recurrent", "merge", "merging",
    "embeddings", "advanced_activations", "activations", "regularization", "reshaping",
    "attention", "preprocessing", "rnn", "wrappers", "layer_normalization",
    "batch_normalization", "dense", "einsum_dense",
)


def canonical(qualname: str) -> str:
    name = qualname
    for old, new in _PREFIXES:
        if name.startswith(old):
            name = new + name[len(old):]
            break
    if name in _EXACT:
        return _EXACT[name]
    if name.startswith("keras.layers."):
        parts = name.split(".")
        # keras.layers.core.Dense / keras.layers.convolutional.conv2d.Conv2D -> keras.layers.Dense
        if len(parts) > 3 and parts[2] in _KERAS_LAYER_SUBPACKAGES:
            return "keras.layers." + parts[-1]
    if name.startswith("torch.nn.modules.") and name.count(".") >= 4:
        return "torch.nn." + name.rsplit(".", 1)[-1]
    return _EXACT.get(name, name)


def framework_of(qualname: str) -> str | None:
    if qualname == "torch" or qualname.startswith("torch."):
        return "torch"
    if qualname == "keras" or qualname.startswith("keras."):
        return "keras"
    return None


MENTIONS = (b"torch", b"keras", b"tensorflow")


def mentions_framework(data: bytes) -> bool:
    """Cheap test on the raw bytes: a file naming no framework has no model."""
    return any(m in data for m in MENTIONS)
