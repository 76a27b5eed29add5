"""NNL304: a Keras layer that declares an input size its Sequential does not give it.

In `keras.Sequential([...])` and in `model.add(...)` statements that follow
`model = keras.Sequential(...)` in the same block, the feature size (last axis)
is followed through layers whose output size is written in the code (Dense,
convolutions, recurrent layers, Embedding) and layers that keep it (Dropout,
normalisation, activations, pooling). A later layer with `input_shape=` or
`input_dim=` that disagrees is reported: Keras ignores the declaration.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from nnlint.rules.names import call_args, dotted, walk
from nnlint.rules.torch_layers import Size

_UNITS = {"Dense": "units", "SimpleRNN": "units", "LSTM": "units", "GRU": "units",
          "Conv1D": "filters", "Conv2D": "filters", "Conv3D": "filters",
          "SeparableConv1D": "filters", "SeparableConv2D": "filters",
          "Conv1DTranspose": "filters", "Conv2DTranspose": "filters",
          "Conv3DTranspose": "filters", "Embedding": "output_dim"}
_UNITS_INDEX = {"Embedding": 1}
_KEEP = {
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
    "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Activation", "ReLU",
    "LeakyReLU", "PReLU", "ELU", "Softmax", "BatchNormalization", "LayerNormalization",
    "UnitNormalization", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D",
    "AveragePooling2D", "AveragePooling3D", "GlobalAveragePooling1D",
    "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GlobalMaxPooling1D",
    "GlobalMaxPooling2D", "GlobalMaxPooling3D", "ZeroPadding1D", "ZeroPadding2D",
    "Cropping1D", "Cropping2D", "UpSampling1D", "UpSampling2D",
}
_INPUTS = {"keras.Input", "keras.layers.InputLayer"}
_SEQUENTIAL = "keras.Sequential"


class _Fold:
    def __init__(self, ctx, report: bool):
        self.ctx = ctx
        self.report = report
        self.found = []

    def step(self, state: Optional[Size], node, first: bool) -> Optional[Size]:
        """The last-axis size after one element of a Sequential."""
        if not isinstance(node, cst.Call):
            return None
        q = self.ctx.facts.qualname(node.func)
        if q is None or not q.startswith("keras."):
            return None
        pos, kw, star = call_args(node)
        if star:
            return None
        if q in _INPUTS:
            shape = kw.get("shape", kw.get("input_shape", pos[0] if pos else None))
            return self._last_of(shape, node)
        if not q.startswith("keras.layers."):
            return None
        name = q[len("keras.layers."):]
        declared = self._declared(name, kw, node)
        if declared is not None:
            if state is not None and not first and declared.value != state.value:
                if self.report:
                    ctx = self.ctx
                    self.found.append(ctx.diagnostic("NNL304", node, (
                        f"{ctx.label(node)} declares {declared.value} input features, but the "
                        f"layer before it gives {state.value} ({ctx.where(state.node)}); Keras "
                        f"ignores the declaration and builds the layer on {state.value}")))
            if state is None:
                state = declared
        if name in _KEEP:
            if kw.get("data_format") is not None:
                return None
            return state
        if name in _UNITS:
            if kw.get("data_format") is not None:
                return None
            arg = kw.get(_UNITS[name])
            index = _UNITS_INDEX.get(name, 0)
            if arg is None and len(pos) > index:
                arg = pos[index]
            n = self.ctx.facts.const_int(arg) if arg is not None else None
            return None if n is None else Size(n, node)
        return None

    def _declared(self, name, kw, origin) -> Optional[Size]:
        if "input_shape" in kw:
            return self._last_of(kw["input_shape"], origin)
        if "batch_input_shape" in kw:
            return self._last_of(kw["batch_input_shape"], origin)
        if "input_dim" in kw and name != "Embedding":
            n = self.ctx.facts.const_int(kw["input_dim"])
            return None if n is None else Size(n, origin)
        return None

    def _last_of(self, shape, origin) -> Optional[Size]:
        if shape is None:
            return None
        dims = self.ctx.facts.const_int_tuple(shape)
        if not dims or dims[-1] is None:
            return None
        return Size(dims[-1], origin)

    def elements(self, call: cst.Call, state=None):
        pos, kw, _star = call_args(call)
        items = kw.get("layers", pos[0] if pos else None)
        if items is None:
            return state, True
        if not isinstance(items, (cst.List, cst.Tuple)):
            return None, False
        first = True
        for el in items.elements:
            if isinstance(el, cst.StarredElement):
                state, first = None, False
                continue
            state = self.step(state, el.value, first)
            first = False
        return state, first


def check(ctx):
    sequentials = ctx.calls_of(_SEQUENTIAL)
    if not sequentials:
        return []
    folds = _Fold(ctx, report=True)
    for call in sequentials:
        folds.elements(call)
    adds = _Fold(ctx, report=True)
    _blocks(ctx, ctx.module.body, adds)
    return folds.found + adds.found


def _blocks(ctx, body, fold: _Fold):
    """`m = keras.Sequential(...)` followed by `m.add(layer)` statements in one block."""
    quiet = _Fold(ctx, report=False)
    models = {}  # name -> (state, first)
    for stmt in body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            models.clear()
            for inner in _inner_blocks(stmt):
                _blocks(ctx, inner, fold)
            continue
        for small in stmt.body:
            if (isinstance(small, cst.Assign) and len(small.targets) == 1
                    and isinstance(small.targets[0].target, cst.Name)):
                name = small.targets[0].target.value
                models.pop(name, None)
                value = small.value
                if isinstance(value, cst.Call) and ctx.facts.qualname(value.func) == _SEQUENTIAL:
                    models[name] = quiet.elements(value)
                continue
            call = small.value if isinstance(small, cst.Expr) else None
            if (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
                    and call.func.attr.value == "add" and dotted(call.func.value) in models
                    and len(call.args) == 1 and not call.args[0].star):
                name = dotted(call.func.value)
                state, first = models[name]
                models[name] = (fold.step(state, call.args[0].value, first), False)
            elif models:
                for name in _names(small):
                    models.pop(name, None)


def _inner_blocks(stmt):
    for name in ("body", "orelse", "finalbody"):
        block = getattr(stmt, name, None)
        if block is None:
            continue
        if isinstance(block, cst.If):
            yield from _inner_blocks(block)
            continue
        inner = getattr(block, "body", None)
        if isinstance(inner, cst.BaseSuite):
            inner = getattr(inner, "body", None)
        if isinstance(inner, (list, tuple)):
            yield inner
    for handler in getattr(stmt, "handlers", ()) or ():
        yield handler.body.body


def _names(node):
    return {n.value for n in walk(node) if isinstance(n, cst.Name)}
