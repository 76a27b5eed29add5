"""Notebooks in the language server: a notebook's code cells analysed as one document.

The editor sends a notebook as cells, each a text document of its own. The server joins
the code cells into a notebook (the same reading as `nnlint net.ipynb`: IPython magics
skipped, lines kept) and analyses it once; the report, whose positions are cell and line
(`notebook.to_cells`), is then cut into one view per cell, so that hints, hovers and
diagnostics of a cell use the cell's own lines.
"""

from __future__ import annotations

import copy
import json
from typing import List, Tuple

from nnlint.report import FileReport


def notebook_bytes(cells: List[str]) -> bytes:
    """The .ipynb bytes of code cells given in order (cell i of the report is cells[i-1])."""
    return json.dumps({"cells": [{"cell_type": "code", "source": text} for text in cells],
                       "nbformat": 4, "nbformat_minor": 5}).encode("utf-8")


def cell_report(report: FileReport, cell: int) -> FileReport:
    """What of a notebook's report lies in one cell (1-based), with the cell's lines."""
    out = FileReport(report.path)
    out.diagnostics = [d for d in report.diagnostics if _cell(d) == cell]
    for m in report.models:
        layers = [x for x in m.layers if _cell(x) == cell]
        if _cell(m) != cell and not layers:
            continue
        view = copy.copy(m)
        view.layers = layers
        if _cell(m) != cell:
            view.line = 0  # defined in another cell: only its layers are here
        out.models.append(view)
    return out


def _cell(item) -> int:
    """Diagnostics before the first cell (a notebook that does not parse) go to cell 1."""
    return getattr(item, "cell", None) or 1


def code_cells(workspace, notebook) -> List[Tuple[str, str]]:
    """(cell uri, text) of a notebook's code cells, in order."""
    out = []
    for cell in notebook.cells:
        if getattr(cell.kind, "value", cell.kind) != 2:  # NotebookCellKind.Code
            continue
        doc = workspace.get_text_document(cell.document)
        out.append((cell.document, doc.source))
    return out
