"""Outside objects with more than one name, and which names are certainly distinct objects.

`torch.half is torch.float16`, `np.single is np.float32`, `layers.Convolution2D is
layers.Conv2D`: one object each, several spellings. `IDENTITY` maps each extra spelling
(already canonical, see `nnlint.interpreter.resolve.canonical`) to the name of its object.

`DISTINCT` are the names (beside every catalogue layer and container) known to be
distinct objects once their aliases are resolved: two of them compare by name. Any
other pair of outside names might be one object (a module may rebind anything), so
nnlint leaves their identity undecided. Each fact is checked against the installed
frameworks by tests/test_oracle.py.
"""

from __future__ import annotations

_TORCH_DTYPES = {
    # alias: the dtype's own name
    "float": "float32", "double": "float64", "half": "float16", "cfloat": "complex64",
    "cdouble": "complex128", "chalf": "complex32", "short": "int16", "int": "int32",
    "long": "int64",
}
_TORCH_DTYPE_NAMES = ("float32", "float64", "float16", "bfloat16", "complex32", "complex64",
                      "complex128", "uint8", "int8", "int16", "int32", "int64", "bool")

# numpy's scalar types by C name, where the C type has one size on every platform
_NUMPY_TYPES = {
    "single": "float32", "double": "float64", "half": "float16", "csingle": "complex64",
    "cdouble": "complex128", "byte": "int8", "ubyte": "uint8", "short": "int16",
    "ushort": "uint16",
}
_NUMPY_TYPE_NAMES = ("float16", "float32", "float64", "complex64", "complex128", "int8",
                     "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")

KERAS_LAYER_ALIASES = {
    "Convolution1D": "Conv1D", "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
    "Convolution1DTranspose": "Conv1DTranspose", "Convolution2DTranspose": "Conv2DTranspose",
    "Convolution3DTranspose": "Conv3DTranspose",
    "SeparableConvolution1D": "SeparableConv1D", "SeparableConvolution2D": "SeparableConv2D",
    "MaxPool1D": "MaxPooling1D", "MaxPool2D": "MaxPooling2D", "MaxPool3D": "MaxPooling3D",
    "AvgPool1D": "AveragePooling1D", "AvgPool2D": "AveragePooling2D",
    "AvgPool3D": "AveragePooling3D",
    "GlobalAvgPool1D": "GlobalAveragePooling1D", "GlobalAvgPool2D": "GlobalAveragePooling2D",
    "GlobalAvgPool3D": "GlobalAveragePooling3D",
    "GlobalMaxPool1D": "GlobalMaxPooling1D", "GlobalMaxPool2D": "GlobalMaxPooling2D",
    "GlobalMaxPool3D": "GlobalMaxPooling3D",
}


def _identity() -> dict:
    out = {}
    for prefix, table in (("torch.", _TORCH_DTYPES), ("numpy.", _NUMPY_TYPES),
                          ("keras.layers.", KERAS_LAYER_ALIASES)):
        out.update({prefix + alias: prefix + name for alias, name in table.items()})
    return out


IDENTITY = _identity()

DISTINCT = frozenset(
    [f"torch.{n}" for n in _TORCH_DTYPE_NAMES] + [f"numpy.{n}" for n in _NUMPY_TYPE_NAMES] +
    ["torch.nn.Module", "torch.nn.Parameter", "torch.nn.Sequential", "torch.nn.ModuleList",
     "torch.nn.ModuleDict", "torch.nn.ParameterList", "torch.nn.ParameterDict", "keras.Model",
     "keras.Sequential", "keras.Layer", "keras.Input", "keras.layers.InputLayer"])
