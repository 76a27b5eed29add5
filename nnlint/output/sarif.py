"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning and other CI viewers read it.

Every rule of the code table is listed (id, name, help) so that a result's
`ruleIndex` is stable across runs. Results carry a `partialFingerprints` entry
that does not change when lines move: it hashes the file, the code, the model
(for budgets) or the text of the reported line, and the occurrence number.
"""

from __future__ import annotations

import hashlib
import json
import os
from urllib.parse import quote

from nnlint import __version__
from nnlint.diagnostics import RULES
from nnlint.output.findings import findings, in_cell

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "nnlint/v1"


def _codes():
    return sorted(RULES)


def _rule(code: str) -> dict:
    r = RULES[code]
    markdown = [r.summary, "", f"**Why:** {r.why}"]
    text = [r.summary, "", f"Why: {r.why}"]
    if r.example:
        markdown += ["", "**Example:**", "", "```python", r.example, "```"]
        text += ["", "Example:", r.example]
    if r.fix:
        markdown += ["", f"**Fix:** {r.fix}"]
        text += ["", f"Fix: {r.fix}"]
    return {
        "id": code,
        "name": r.name,
        "shortDescription": {"text": r.summary.split(". ")[0].rstrip(".") + "."},
        "fullDescription": {"text": r.summary},
        "help": {"text": "\n".join(text), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": {"tags": ["nnlint", _family(code)]},
    }


def _family(code: str) -> str:
    return {"0": "input", "1": "count", "2": "budget", "3": "structure"}.get(code[3], "other")


def artifact(path: str) -> dict:
    if os.path.isabs(path):
        return {"uri": "file://" + quote(path.replace(os.sep, "/"))}
    rel = os.path.normpath(path).replace(os.sep, "/")
    return {"uri": quote(rel), "uriBaseId": "%SRCROOT%"}


def _line_text(path: str, line: int, cache: dict) -> str:
    if path not in cache:
        try:
            with open(path, "rb") as fh:
                cache[path] = fh.read().decode("utf-8", "replace").splitlines()
        except OSError:
            cache[path] = []
    lines = cache[path]
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def fingerprint(path: str, diag, line_text: str, occurrence: int) -> str:
    anchor = f"model:{diag.model}" if diag.code.startswith("NNL2") and diag.model else line_text
    key = "\0".join([os.path.normpath(path).replace(os.sep, "/"), diag.code, anchor,
                     str(occurrence)])
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def document(reports, settings=None) -> dict:
    codes = _codes()
    index = {c: i for i, c in enumerate(codes)}
    results = []
    seen = {}
    cache = {}
    for report, d in findings(reports, settings):
        text = _line_text(report.path, d.line, cache)
        base = fingerprint(report.path, d, text, 0)
        seen[base] = seen.get(base, -1) + 1
        result = {
            "ruleId": d.code,
            "level": LEVELS.get(d.severity, "warning"),
            "message": {"text": in_cell(d)},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact(report.path),
                "region": {"startLine": max(d.line, 1), "startColumn": d.column + 1},
            }}],
            "partialFingerprints": {FINGERPRINT: fingerprint(report.path, d, text,
                                                             seen[base])},
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "nnlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(c) for c in codes],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render(reports, config=None) -> str:
    return json.dumps(document(reports, config), indent=2) + "\n"
