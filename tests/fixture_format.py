"""Expectations written in fixture files, on the line they describe.

    class MLP(nn.Module):                      # total: 101770
    net = nn.Sequential(...)                   # total: 7850 trainable: 7800
    model = keras.Sequential([layers.Dense(3)])  # inexact
        self.fc1 = nn.Linear(784, 128)         # params: 100480

`total:` (with optional `trainable:` / `non_trainable:`) marks a model and its
exact counts; `inexact` marks a model nnlint must report with exact false (or
not at all), `inexact, reported` one it must report, with exact false, and
`inexact defaults: N` one whose count run without command-line arguments
(`assuming_defaults`, what the oracle counts) is N; `params:` checks the layer created on that line. Numbers come from
the oracle (../shared/oracle), never from arithmetic by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Optional

_MODEL = re.compile(r"#.*?\btotal:\s*([\d_,]+)(?:\s+trainable:\s*([\d_,]+))?"
                    r"(?:\s+non_trainable:\s*([\d_,]+))?")
_INEXACT = re.compile(r"#.*\binexact\b")
_DEFAULTS = re.compile(r"#.*\binexact\b.*?\bdefaults:\s*([\d_,]+)")
_REPORTED = re.compile(r"#.*\binexact\b,?\s*reported\b")
_PARAMS = re.compile(r"#.*?\bparams:\s*([\d_,]+)")
_NAME = re.compile(r"^\s*(?:class|def)\s+(\w+)|^\s*(\w+)\s*(?::[^=]*)?=|^\s*(\w+(?:\s*,\s*\w+)+)\s*=")


def _int(text):
    return int(text.replace("_", "").replace(",", "")) if text else None


@dataclass
class Expected:
    line: int
    total: Optional[int] = None
    trainable: Optional[int] = None
    non_trainable: Optional[int] = None
    exact: bool = True
    defaults: Optional[int] = None  # the total run without command-line arguments
    reported: bool = False  # an inexact model that must be reported all the same


@dataclass
class Fixture:
    models: Dict[str, Expected] = field(default_factory=dict)
    layers: Dict[int, int] = field(default_factory=dict)  # line -> params


def read_fixture(text: str) -> Fixture:
    fx = Fixture()
    function = None  # the top-level def we are in: its models are "build.m"
    for lineno, line in enumerate(text.splitlines(), 1):
        if line[:1].strip() and not line.startswith("#"):
            top = re.match(r"def\s+(\w+)", line)
            function = top.group(1) if top else None
        m = _MODEL.search(line)
        inexact = _INEXACT.search(line)
        if m or inexact:
            name = _NAME.match(line)
            assert name, f"line {lineno}: cannot tell the model name: {line!r}"
            names = [n.strip() for n in (name.group(1) or name.group(2) or
                                         name.group(3)).split(",")]
            if function and line[:1].isspace():
                names = [f"{function}.{n}" for n in names]
            for n in names:
                if inexact:
                    d = _DEFAULTS.search(line)
                    fx.models[n] = Expected(lineno, exact=False,
                                            defaults=_int(d.group(1)) if d else None)
                    fx.models[n] = Expected(lineno, exact=False,
                                            reported=bool(_REPORTED.search(line)))
                else:
                    fx.models[n] = Expected(lineno, _int(m.group(1)), _int(m.group(2)),
                                            _int(m.group(3)))
            continue
        p = _PARAMS.search(line)
        if p:
            fx.layers[lineno] = _int(p.group(1))
    return fx
