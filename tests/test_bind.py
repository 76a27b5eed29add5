"""LayerSpec.bind binds as Python does: for every catalogue layer and many calls (right,
missing, repeated, unknown, too many arguments), the same Args as inspect's bind with
apply_defaults, or the same refusal."""

from __future__ import annotations

import random

import pytest

from nnlint import catalog
from nnlint.catalog.spec import BindError

SPECS = sorted(catalog.all_specs().items())


def _slow(spec, args, kwargs):
    try:
        return spec._bind_slowly(args, kwargs)
    except BindError as exc:
        return str(exc)


def _fast(spec, args, kwargs):
    try:
        return spec.bind(args, kwargs)
    except BindError as exc:
        return str(exc)


def _plain(result):
    if isinstance(result, str):
        return result
    return list(vars(result).items())


def _calls(spec, rng):
    params = list(spec._signature.parameters.values())
    names = [p.name for p in params]
    yield (), {}
    for _ in range(12):
        n = rng.randint(0, len(params) + 2)
        args = tuple(range(1, n + 1))
        kw = {}
        for name in rng.sample(names + ["unknown_kw", "name"], rng.randint(0, 3)):
            kw[name] = len(kw) + 100
        yield args, kw


@pytest.mark.parametrize("qualname,spec", SPECS, ids=[q for q, _ in SPECS])
def test_bind_agrees_with_inspect(qualname, spec):
    rng = random.Random(qualname)
    for args, kwargs in _calls(spec, rng):
        assert _plain(_fast(spec, args, kwargs)) == _plain(_slow(spec, args, kwargs)), \
            (args, kwargs)
