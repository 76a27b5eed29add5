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
