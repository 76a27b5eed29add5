"""Qualified names: every import spelling of a framework name mapped to one canonical name.

``tf.keras.layers.Dense``, ``tensorflow.keras.layers.Dense``, ``keras.layers.core.Dense``
and ``keras.src.layers.Dense`` all become ``keras.layers.Dense``;
``torch.nn.modules.linear.Linear`` becomes ``torch.nn.Linear``.
"""

from __future__ import annotations

from functools import lru_cache

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
    "keras.models.Functional": "keras.Model",
    "keras.models.functional.Functional": "keras.Model",
    "keras.models.model.Model": "keras.Model",
    "keras.models.sequential.Sequential": "keras.Sequential",
    "keras.engine.training.Model": "keras.Model",
    "keras.layers.Input": "keras.Input",
    "keras.layers.InputLayer": "keras.layers.InputLayer",
    "keras.engine.input_layer.Input": "keras.Input",
    "keras.layers.Layer": "keras.Layer",
    "keras.engine.base_layer.Layer": "keras.Layer",
    "keras.models.clone_model": "keras.models.clone_model",
    # where the sources of Keras (3, then 2) keep the functions of keras.utils
    "keras.ops.operation_utils.get_source_inputs": "keras.utils.get_source_inputs",
    "keras.utils.layer_utils.get_source_inputs": "keras.utils.get_source_inputs",
    "keras.engine.topology.get_source_inputs": "keras.utils.get_source_inputs",
    "keras.engine.network.get_source_inputs": "keras.utils.get_source_inputs",
    "keras.backend.common.keras_tensor.is_keras_tensor": "keras.backend.is_keras_tensor",
    "keras.utils.is_keras_tensor": "keras.backend.is_keras_tensor",
    "torch.nn.modules.module.Module": "torch.nn.Module",
    "torch.nn.parameter.Parameter": "torch.nn.Parameter",
}

# keras.layers sub-packages that people import from directly
_KERAS_LAYER_SUBPACKAGES = (
    "core", "convolutional", "pooling", "normalization", "recurrent", "merge", "merging",
    "embeddings", "advanced_activations", "activations", "regularization", "reshaping",
    "attention", "preprocessing", "rnn", "wrappers", "layer_normalization",
    "batch_normalization", "dense", "einsum_dense", "convolutional_recurrent", "noise",
    "local", "cudnn_recurrent",
)


@lru_cache(maxsize=16384)  # pure, and asked for every attribute of a framework name
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
        # keras.layers.core.Dense / keras.layers.convolutional.conv2d.Conv2D -> keras.layers.Dense;
        # keras.layers.layer.Layer (the module of a class, in Keras' own sources) -> keras.Layer
        if len(parts) > 3 and (parts[2] in _KERAS_LAYER_SUBPACKAGES or parts[-1][:1].isupper()):
            name = "keras.layers." + parts[-1]
            return _EXACT.get(name, name)
    if name.startswith("torch.nn.modules.") and name.count(".") >= 4:
        return "torch.nn." + name.rsplit(".", 1)[-1]
    return _EXACT.get(name, name)


# The parts of the frameworks that nnlint models itself (catalogue, runtimes, tables of
# harmless calls). Inside the framework's own repository (a checkout of keras-team/keras
# whose keras/src/applications/vgg16.py says `from keras.src import layers`), these names
# are the framework, not its source files: the catalogue wins over keras/src/layers/*.py.
# Other modules of the repository (keras.src.applications.imagenet_utils) are read as
# project files where they are found.
_MODELLED = {
    "torch": None,  # every torch name
    "keras": ("layers", "models", "ops", "backend", "activations", "random", "config", "utils",
              "initializers", "regularizers", "constraints", "losses", "metrics",
              "optimizers", "callbacks", "datasets", "engine", "api_export",
              "Input", "Model", "Sequential", "Layer"),
}


def modelled(qualname: str) -> bool:
    """True for a framework module or name that nnlint models without reading its source
    (`keras.src.layers`, `keras.src.backend.image_data_format`, `torch.nn`); False for
    other names, such as a module of the framework's repository that is plain code
    (`keras.src.applications.imagenet_utils`) or anything outside the frameworks."""
    name = canonical(qualname)
    top, _, rest = name.partition(".")
    if top not in _MODELLED:
        return False
    heads = _MODELLED[top]
    return heads is None or not rest or rest.split(".")[0] in heads


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


# what `from <framework module> import *` binds besides the catalogue's layers of it
_STAR_EXTRAS = {
    "keras.layers": ("Input", "InputLayer", "Layer", "Bidirectional", "TimeDistributed", "RNN",
                     "SpectralNormalization", "add", "concatenate", "subtract", "multiply",
                     "average", "maximum", "minimum", "dot"),
    "keras.models": ("Sequential", "Model", "load_model", "clone_model", "model_from_json"),
    "torch.nn": ("Module", "Sequential", "ModuleList", "ModuleDict", "ParameterList",
                 "ParameterDict", "Parameter"),
}


def star_names(dotted: str) -> dict:
    """{name: qualified name} that `from dotted import *` binds, for the framework modules
    whose public names nnlint knows (their layers, containers and model classes); {} for
    any other module. Names it does not list stay undefined, never guessed."""
    module = canonical(dotted)
    if module not in _STAR_EXTRAS:
        return {}
    from nnlint import catalog
    prefix = module + "."
    names = {q[len(prefix):] for q in catalog.all_specs()
             if q.startswith(prefix) and "." not in q[len(prefix):]}
    names.update(_STAR_EXTRAS[module])
    return {n: f"{dotted}.{n}" for n in sorted(names) if not n.startswith("_")}


def identity(qualname: str) -> str:
    """The name of the object an outside name stands for: `torch.half` is `torch.float16`,
    `keras.layers.Convolution2D` is `keras.layers.Conv2D` (see nnlint.catalog.names)."""
    from nnlint.catalog.names import IDENTITY
    name = canonical(qualname)
    return IDENTITY.get(name, name)


def same_object(a: str, b: str) -> bool | None:
    """Whether two outside names are one object: True, False, or None when nnlint does not
    know (two names it has no facts about might be one object under two spellings)."""
    a, b = identity(a), identity(b)
    if a == b:
        return True
    if known_object(a) and known_object(b):
        return False
    return None


def known_object(name: str) -> bool:
    """A name nnlint knows to stand for one object distinct from every other it knows
    (a catalogue layer, a dtype: nnlint.catalog.names), once its aliases are resolved."""
    from nnlint import catalog
    from nnlint.catalog.names import DISTINCT
    name = identity(name)
    return name in DISTINCT or catalog.lookup(name) is not None


def _dotted(node) -> str:
    kind = type(node).__name__  # by name: a run served from the cache never imports LibCST
    if kind == "Name":
        return node.value
    if kind == "Attribute":
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def dotted_name(node) -> str:
    return _dotted(node)
