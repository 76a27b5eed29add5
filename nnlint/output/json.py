"""`--format json`: the document of ../shared/contract.md."""

from __future__ import annotations

import json

from nnlint import __version__


def _layer(layer):
    return {"name": layer.name, "type": layer.type, "line": layer.line,
            "params": layer.params,
            "output_shape": list(layer.output_shape) if layer.output_shape else None}


def _model(m):
    out = {
        "name": m.name, "framework": m.framework, "kind": m.kind,
        "line": m.line, "column": m.column,
        "total_params": m.total_params, "trainable_params": m.trainable_params,
        "non_trainable_params": m.non_trainable_params, "exact": m.exact,
        "layers": [_layer(layer) for layer in m.layers],
    }
    budget = getattr(m, "budget", None)
    if budget is not None:
        out["budget"] = budget.as_json()
    if getattr(m, "assuming_defaults", None) is not None:
        out["assuming_defaults"] = m.assuming_defaults
    return out


def _diag(d):
    out = {"code": d.code, "line": d.line, "column": d.column, "severity": d.severity,
           "message": d.message}
    if d.model:
        out["model"] = d.model
    return out


def document(reports) -> dict:
    return {"nnlint": __version__,
            "files": [{"path": r.path, "models": [_model(m) for m in r.models],
                       "diagnostics": [_diag(d) for d in r.diagnostics]}
                      for r in reports]}


def render(reports, config=None) -> str:
    return json.dumps(document(reports), indent=2) + "\n"
