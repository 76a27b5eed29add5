"""How torch layers pass sizes along, for the adjacent-layer check (NNL301).

A `State` maps an axis to the size that is known there: ``"last"`` (the
feature axis that Linear and LayerNorm read) or ``"channels"`` (dim 1, read by
ConvNd and BatchNormNd). A layer `expects` sizes on some axes and `transform`s
the state; anything not in this table forgets everything (an empty state), so
the check only speaks where both sizes are certain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Optional

import libcst as cst

from nnlint.rules.names import call_args


@dataclass(frozen=True)
class Size:
    value: int
    node: object  # the layer call that gives it, for messages


State = Dict[str, Size]  # also "pooled1": the spatial size is 1 (after AdaptiveAvgPool(1))

AXIS_WORDS = {"last": "input features", "channels": "input channels"}


@dataclass
class LayerModel:
    node: object  # the constructor call, where a finding is reported
    expects: Dict[str, int]
    transform: Callable[[State], Optional[State]]
    tuple_out: bool = False  # RNNs return (output, state)
    inner: tuple = ()  # a Sequential's layers


def _arg(pos, kw, index, name):
    if name in kw:
        return kw[name]
    if index is not None and index < len(pos):
        return pos[index]
    return None


_PASS = {
    "ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish",
    "Sigmoid", "Tanh", "Hardtanh", "Hardswish", "Hardsigmoid", "Softplus", "Softsign",
    "Tanhshrink", "LogSigmoid", "Softmax", "LogSoftmax", "Softmin", "Identity", "Dropout",
    "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout",
    "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LocalResponseNorm", "Threshold",
}
_KEEP_CHANNELS = {
    "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
    "LPPool1d", "LPPool2d", "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d",
    "ZeroPad1d", "ZeroPad2d", "ZeroPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d",
    "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d",
    "ReplicationPad2d", "ReplicationPad3d",
}
_ADAPTIVE = {"AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
             "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d"}
_CONV = {"Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"}
_BATCHNORM = {"BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm"}
_RNN = {"RNN", "LSTM", "GRU"}


def _sized(axis, n, node) -> State:
    return {} if n is None else {axis: Size(n, node)}


def _keep(state: State) -> State:
    return dict(state)


def _keep_channels(state: State) -> State:
    return {k: v for k, v in state.items() if k == "channels"}


def flatten(state: State) -> State:
    """nn.Flatten() / torch.flatten(x, 1): features = channels only after a pool to 1."""
    if "pooled1" in state and "channels" in state:
        return {"last": state["channels"]}
    return {}


def torch_layer(facts, call: cst.Call, q: str) -> Optional[LayerModel]:
    """The model of one `torch.nn.X(...)` construction, or None when it is not known."""
    if not q.startswith("torch.nn."):
        return None
    name = q[len("torch.nn."):]
    pos, kw, star = call_args(call)
    if star or "." in name:
        return None
    origin = call
    const = facts.const_int

    def model(expects, transform, **extra):
        return LayerModel(call, {k: v for k, v in expects.items() if v is not None},
                          transform, **extra)

    if name == "Linear":
        n_in, n_out = const(_arg(pos, kw, 0, "in_features")), const(_arg(pos, kw, 1,
                                                                           "out_features"))
        return model({"last": n_in}, lambda s: _sized("last", n_out, origin))
    if name in _CONV:
        n_in = const(_arg(pos, kw, 0, "in_channels"))
        n_out = const(_arg(pos, kw, 1, "out_channels"))
        return model({"channels": n_in}, lambda s: _sized("channels", n_out, origin))
    if name in _BATCHNORM:
        return model({"channels": const(_arg(pos, kw, 0, "num_features"))}, _keep)
    if name == "GroupNorm":
        return model({"channels": const(_arg(pos, kw, 1, "num_channels"))}, _keep)
    if name == "LayerNorm":
        shape = _arg(pos, kw, 0, "normalized_shape")
        n = const(shape) if shape is not None else None
        if n is None and shape is not None:
            dims = facts.const_int_tuple(shape)
            n = dims[-1] if dims else None
        return model({"last": n}, _keep)
    if name in ("Embedding", "EmbeddingBag"):
        dim = const(_arg(pos, kw, 1, "embedding_dim"))
        return model({}, lambda s: _sized("last", dim, origin))
    if name in _RNN:
        return _rnn(facts, pos, kw, call)
    if name == "TransformerEncoderLayer":
        d = const(_arg(pos, kw, 0, "d_model"))
        return model({"last": d}, lambda s: _sized("last", d, origin))
    if name in _PASS:
        return model({}, _keep)
    if name in _KEEP_CHANNELS:
        if facts.const_bool(kw.get("return_indices")) is True:
            return None
        return model({}, _keep_channels)
    if name in _ADAPTIVE:
        if facts.const_bool(kw.get("return_indices")) is True:
            return None
        size = _arg(pos, kw, 0, "output_size")
        ones = const(size) == 1 if size is not None else False
        if size is not None and not ones:
            dims = facts.const_int_tuple(size)
            ones = bool(dims) and all(d == 1 for d in dims)

        def adaptive(s, ones=ones):
            out = _keep_channels(s)
            if ones and "channels" in out:
                out["pooled1"] = out["channels"]
            return out
        return model({}, adaptive)
    if name == "Flatten":
        if pos or kw:
            return model({}, lambda s: {})
        return model({}, flatten)
    return None


def _rnn(facts, pos, kw, call):
    n_in = facts.const_int(_arg(pos, kw, 0, "input_size"))
    hidden = facts.const_int(_arg(pos, kw, 1, "hidden_size"))
    bidirectional = kw.get("bidirectional")
    directions = 1
    if bidirectional is not None:
        flag = facts.const_bool(bidirectional)
        directions = None if flag is None else (2 if flag else 1)
    if len(pos) > 2 or "proj_size" in kw:
        hidden = None  # positional flags or projections: do not guess the output
    out = None if hidden is None or directions is None else hidden * directions
    return LayerModel(call, {} if n_in is None else {"last": n_in},
                      lambda s: _sized("last", out, call), tuple_out=True)


def sequential(children, node) -> LayerModel:
    """An nn.Sequential; None children are layers not in the table."""
    return LayerModel(node, {}, lambda s: {}, inner=tuple(children))


def run(layer: Optional[LayerModel], state: Optional[State], report=None) -> State:
    """The state after `layer`, calling report(layer, axis, expected, size) on mismatches.

    Inside a Sequential only sizes that came from outside it are reported: pairs
    of its own layers are checked where the Sequential is written.
    """
    state = state or {}
    if layer is None:
        return {}
    if not layer.inner:
        if report is not None:
            for axis, n, size in mismatches(layer, state):
                report(layer, axis, n, size)
        return layer.transform(state)
    incoming = {id(v) for v in state.values()}

    def outside(child, axis, n, size):
        if report is not None and id(size) in incoming:
            report(child, axis, n, size)

    for child in layer.inner:
        if child is None:
            return {}
        state = run(child, state, outside)
        if child.tuple_out:
            return {}
    return state


def mismatches(layer: LayerModel, state: Optional[State]):
    """(axis, expected, Size) for each axis where the layer expects another size."""
    if not state:
        return []
    return [(axis, n, state[axis]) for axis, n in layer.expects.items()
            if axis in state and state[axis].value != n]
