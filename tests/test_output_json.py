"""--format json: the contract document, with budgets added to budgeted models."""

from __future__ import annotations

import json

from nnlint.output import json as json_out
from tests.snapshot import assert_snapshot, project_reports


def test_snapshot(monkeypatch):
    reports, settings = project_reports(monkeypatch)
    out = json_out.render(reports, settings)
    assert_snapshot("json.json", out)
    models = {m["name"]: m for m in json.loads(out)["files"][0]["models"]}
    assert models["Encoder"]["budget"]["max_trainable_params"]["limit"] == 50_000
    assert models["wide"]["budget"]["max_params"]["source"] == "max-params in pyproject.toml"
