"""Snapshot files for the output formats (ruff's message/ snapshots, in miniature).

    assert_snapshot("sarif.json", text)

compares with tests/snapshots/<name>. Set NNLINT_UPDATE_SNAPSHOTS=1 to write the
files instead (then review the diff and commit it).
"""

from __future__ import annotations

import os
from pathlib import Path

from nnlint import __version__

SNAPSHOTS = Path(__file__).parent / "snapshots"
PROJECT = SNAPSHOTS / "project"


def normalise(text: str) -> str:
    return text.replace(__version__, "<version>")


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    text = normalise(text)
    if os.environ.get("NNLINT_UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}: run with NNLINT_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (f"{name} differs from its snapshot; if the change is intended, "
                              "run with NNLINT_UPDATE_SNAPSHOTS=1 and review the diff")


def project_reports(monkeypatch):
    """Reports and settings for tests/snapshots/project, paths relative to it."""
    from nnlint.api import lint_paths
    from nnlint.config import Settings

    monkeypatch.chdir(PROJECT)
    settings = Settings()
    return list(lint_paths(["models.py"], settings)), settings
