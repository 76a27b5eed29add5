"""--format text: the per-model summary with sizes in the configured dtype, and budgets."""

from __future__ import annotations

from nnlint.output import text
from tests.snapshot import assert_snapshot, project_reports


def test_snapshot(monkeypatch):
    reports, settings = project_reports(monkeypatch)
    out = text.render(reports, settings)
    assert_snapshot("text.txt", out)
    assert "Budget (max-trainable-params): 50,000" in out
    assert "Total params: 105,664 (206.38 KiB bf16)" in out  # Encoder, 2 bytes each in bf16
