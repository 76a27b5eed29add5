"""`--format json`: the document of docs/json.md (schema: docs/nnlint.schema.json).

Lines and columns are 1-based, as in every other format."""

from __future__ import annotations

import json

from nnlint import __version__
from nnlint.config import DTYPES


def _cell(out: dict, item) -> dict:
    """A notebook's positions name their cell (`line` then counts in that cell)."""
    if getattr(item, "cell", None) is not None:
        out["cell"] = item.cell
    return out


def _layer(layer):
    return _cell({"name": layer.name, "type": layer.type, "line": layer.line,
                  "params": layer.params,
                  "output_shape": _row_shape(layer.output_shape),
                  "macs": layer.macs},
                 layer)


def _row_shape(shape):
    """A layer's output shape as the contract has it: `null` for the batch dimension (the
    first: Keras' own `None`, or the declared input's batch on a torch forward pass)."""
    if not shape:
        return None
    if all(d is None or isinstance(d, int) for d in shape):
        return [None] + list(shape[1:])
    return list(shape)


def _shape(value):
    """A shape as a list; several (a tuple or dict of outputs) as a list or dict of them."""
    if isinstance(value, dict):
        return {str(k): _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    if isinstance(value, tuple):
        return list(value)
    return None


def _memory(m, config):
    from nnlint.models.memory import activation_elements, memory
    dtype = getattr(config, "dtype", "fp32")
    inputs = m.input_shapes
    activations = activation_elements(m.layers, inputs[0][0]) if inputs else None
    return memory(m, DTYPES.get(dtype, 4), getattr(config, "optimizer", "adam"), activations)


def _model(m, config=None):
    out = {
        "name": m.name, "framework": m.framework, "kind": m.kind,
        "line": m.line, "column": m.column + 1,
        "total_params": m.total_params, "trainable_params": m.trainable_params,
        "non_trainable_params": m.non_trainable_params, "exact": m.exact,
        "layers": [_layer(layer) for layer in m.layers],
        "input_shapes": None if m.input_shapes is None else [list(s) for s in m.input_shapes],
        "output_shape": _shape(m.output_shape),
        "macs": m.macs, "macs_exact": m.macs_exact,
        "memory": _memory(m, config),
    }
    if m.keras_name:
        out["keras_name"] = m.keras_name
    if m.same_as:
        out["same_as"] = m.same_as
    budget = getattr(m, "budget", None)
    if budget is not None:
        out["budget"] = budget.as_json()
    if getattr(m, "assuming_defaults", None) is not None:
        out["assuming_defaults"] = m.assuming_defaults
    return _cell(out, m)


def _diag(d):
    out = {"code": d.code, "line": d.line, "column": d.column + 1, "severity": d.severity,
           "message": d.message}
    if d.model:
        out["model"] = d.model
    return _cell(out, d)


def document(reports, config=None) -> dict:
    """`config`: a Config or Settings, for the dtype and optimizer of the memory sizes."""
    return {"nnlint": __version__,
            "files": [{"path": r.path, "models": [_model(m, _settings(config, r.path))
                                                  for m in r.models],
                       "diagnostics": [_diag(d) for d in r.diagnostics]}
                      for r in reports]}


def _settings(config, path):
    return config.for_path(path) if config is not None and hasattr(config, "for_path") \
        else config


def render(reports, config=None) -> str:
    return json.dumps(document(reports, config), indent=2) + "\n"
