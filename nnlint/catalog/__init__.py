"""The layer catalog: every framework layer nnlint knows, by qualified name.

`lookup("torch.nn.Linear")` gives its `LayerSpec`. Names are canonical:
``torch.nn.X`` and ``keras.layers.X`` (tf.keras and tensorflow.keras spellings
are mapped to ``keras`` before lookup, see `nnlint.interpreter.resolve.canonical`).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from nnlint.catalog.spec import LayerSpec
from nnlint.interpreter.runtime import frameworks


@lru_cache(maxsize=None)
def _table() -> dict:
    table = {}
    for framework in frameworks():  # each brings its own catalogue (Framework.layers)
        for name, spec in framework.layers().items():
            table[name] = dataclasses.replace(spec, name=name)
    return table


def lookup(qualname: str) -> LayerSpec | None:
    return _table().get(qualname)


def all_specs() -> dict:
    return dict(_table())
