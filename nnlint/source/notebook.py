"""Jupyter notebooks (.ipynb): the Python source of their code cells, and where each line was.

The code cells are joined in order into one source, analysed as a file is. IPython syntax that
is not Python is replaced line for line, so lines keep their numbers: a line magic
(`%matplotlib inline`), a shell line (`!pip install ...`, `files = !ls`) and a help line
(`obj?`) become `pass` at the same indentation; a cell magic (`%%bash`) leaves its cell out,
except the magics that run their body as Python (`%%time`, `%%timeit`, `%%capture`).
Positions are reported back as cell and line, as ruff does (`net.ipynb:cell 3:2:5`).
"""

from __future__ import annotations

import json
import re
from typing import List, Optional, Tuple

SUFFIX = ".ipynb"
# a notebook's outputs (images, tables) are read and dropped; its code is then held to the
# limits of any source (guard.check)
MAX_NOTEBOOK_BYTES = 64_000_000
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun"}
_SHELL_OR_MAGIC = re.compile(r"^(\s*)(?:[%!]|[\w.\[\]'\"]+\s*=\s*[%!])")
_HELP = re.compile(r"^(\s*)(?:\?\??[\w.]+|[\w.]+\?\??)\s*$")


class NotANotebook(ValueError):
    """The bytes are not a notebook nnlint can read; the message says why."""


def is_notebook(path: str) -> bool:
    return path.endswith(SUFFIX)


def python_source(data: bytes) -> Tuple[str, List[Tuple[int, int]]]:
    """(source, cells): cells lists (cell number, first line in source), both 1-based."""
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise NotANotebook(f"notebook not analysed: larger than nnlint's limit of "
                           f"{MAX_NOTEBOOK_BYTES:,} bytes")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise NotANotebook(f"not a valid notebook (JSON): {exc}") from None
    except RecursionError:
        raise NotANotebook("not a valid notebook: JSON nested too deeply") from None
    cells = doc.get("cells") if isinstance(doc, dict) else None
    if not isinstance(cells, list):
        raise NotANotebook("not a valid notebook: no list of cells")
    lines: List[str] = []
    starts = []
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            continue
        starts.append((number, len(lines) + 1))
        lines.extend(_python_lines(source.splitlines()))
    return "".join(line + "\n" for line in lines), starts


def _python_lines(lines: List[str]) -> List[str]:
    if lines and lines[0].startswith("%%"):
        magic = lines[0][2:].split(maxsplit=1)
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return [""] * len(lines)  # %%bash, %%writefile ...: not Python
        lines = [""] + lines[1:]
    out = []
    for line in lines:
        found = _SHELL_OR_MAGIC.match(line) or _HELP.match(line)
        out.append(found.group(1) + "pass" if found else line)
    return out


def cell_of(line: int, cells) -> Tuple[Optional[int], int]:
    """(cell number, line in that cell) of a line of the joined source."""
    found = None
    for number, start in cells:
        if start > line:
            break
        found = (number, line - start + 1)
    return found if found is not None else (None, line)


_LINE_IN_MESSAGE = re.compile(r"\bline (\d+)\b")


def to_cells(report, cells) -> None:
    """Rewrite every position of a report on the joined source as cell and line, also the
    lines a message names (`... from nn.Linear(784, 128) on line 8`)."""
    done = set()

    def cell_line(found):
        cell, line = cell_of(int(found.group(1)), cells)
        return f"cell {cell}, line {line}" if cell is not None else found.group(0)

    def move(item):
        if id(item) in done or not item.line:
            return
        done.add(id(item))
        item.cell, item.line = cell_of(item.line, cells)
        if hasattr(item, "message"):
            item.message = _LINE_IN_MESSAGE.sub(cell_line, item.message)

    for d in report.diagnostics:
        move(d)
    for m in report.models:
        move(m)
        for x in list(m.notes) + list(m.layers):
            move(x)
