"""--format sarif: SARIF 2.1.0 that GitHub code scanning accepts; snapshot and invariants."""

from __future__ import annotations

import json

from nnlint.diagnostics import RULES
from nnlint.output import sarif
from tests.snapshot import assert_snapshot, project_reports


def test_snapshot(monkeypatch):
    reports, settings = project_reports(monkeypatch)
    assert_snapshot("sarif.json", sarif.render(reports, settings))


def test_shape_github_needs(monkeypatch):
    reports, settings = project_reports(monkeypatch)
    doc = json.loads(sarif.render(reports, settings))
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(RULES)
    for r in rules:
        assert r["help"]["text"] and r["help"]["markdown"] and r["shortDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["results"], "the project has findings"
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"] == {"uri": "models.py", "uriBaseId": "%SRCROOT%"}
        assert phys["region"]["startLine"] >= 1 and phys["region"]["startColumn"] >= 1
        assert len(res["partialFingerprints"][sarif.FINGERPRINT]) == 32
    codes = {res["ruleId"] for res in run["results"]}
    assert "NNL101" not in codes  # notes are not alerts unless selected by code


def test_fingerprints_survive_moved_lines(monkeypatch):
    from nnlint.api import lint_source
    from nnlint.config import Config

    text = "import torch.nn as nn\nnet = nn.Sequential(nn.Linear(3, 4), nn.Linear(5, 1))\n"
    config = Config(max_params=1)

    def prints(source):
        doc = sarif.document([lint_source(source, "m.py", config)], config)
        return {r["ruleId"]: r["partialFingerprints"][sarif.FINGERPRINT]
                for r in doc["runs"][0]["results"]}

    before = prints(text)
    after = prints(text.replace("import torch.nn as nn\n", "import torch.nn as nn\n\n\n"))
    assert set(before) == {"NNL201", "NNL301"} and before == after


def test_absolute_paths_become_file_uris():
    assert sarif.artifact("/abs/my model.py") == {"uri": "file:///abs/my%20model.py"}
