"""Quick fixes the language server offers, as plain text edits on the lines asked about.

- a budget comment on a model's line: its exact count rounded up (`# nnlint: max-params=110K`);
- `# noqa: CODE` for a finding on its line (added to a `# noqa:` list already there);
- NNL302 (layers in a plain list or dict): `nn.ModuleList([...])` / `nn.ModuleDict({...})`
  around the literal or comprehension, where the assignment is on the diagnostic's line.

An edit is offered only where it is mechanical: never on a line that continues with a
backslash or lies inside a multi-line string, where a comment would change the code.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from typing import List, Optional, Tuple

from nnlint.adapters.lsp.views import rounded_up


@dataclass(frozen=True)
class Edit:
    line: int  # 1-based
    start: int  # columns (characters) on that line
    end: int
    text: str


@dataclass(frozen=True)
class Action:
    title: str
    edits: Tuple[Edit, ...]


def actions(report, text: str, first: int, last: int) -> List[Action]:
    lines = text.splitlines()
    unsafe = _unsafe_lines(text)
    out = []
    for m in report.models:
        if first <= m.line <= last and m.exact and m.total_params is not None \
                and (m.budget is None or m.budget.max_params is None):
            edit = _comment(lines, m.line, f"nnlint: max-params={rounded_up(m.total_params)}",
                            unsafe)
            if edit is not None:
                out.append(Action(f"Add a budget of {rounded_up(m.total_params)} parameters "
                                  f"for {m.name}", (edit,)))
    for d in report.diagnostics:
        if not first <= d.line <= last or d.code == "NNL005":
            continue
        if d.code == "NNL302":
            wrap = _wrap_container(text, lines, d.line)
            if wrap is not None:
                out.append(wrap)
        edit = _noqa(lines, d.line, d.code, unsafe)
        if edit is not None:
            out.append(Action(f"Suppress {d.code} on this line (# noqa: {d.code})", (edit,)))
    return out


def _unsafe_lines(text: str) -> set:
    """Lines where an added comment would change the code: inside a multi-line string,
    or continued with a backslash."""
    out = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.STRING and tok.end[0] > tok.start[0]:
                out.update(range(tok.start[0], tok.end[0]))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return set(range(1, text.count("\n") + 2))  # no edit on text that does not tokenize
    for number, line in enumerate(text.splitlines(), 1):
        if line.rstrip().endswith("\\"):
            out.add(number)
    return out


def _comment(lines, line, body, unsafe) -> Optional[Edit]:
    if line in unsafe or not 1 <= line <= len(lines):
        return None
    row = lines[line - 1]
    return Edit(line, len(row), len(row), f"  # {body}")


_NOQA = re.compile(r"#\s*noqa(?P<colon>:\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
                   re.IGNORECASE)


def _noqa(lines, line, code, unsafe) -> Optional[Edit]:
    if line in unsafe or not 1 <= line <= len(lines):
        return None
    row = lines[line - 1]
    m = _NOQA.search(row)
    if m is None:
        return Edit(line, len(row), len(row), f"  # noqa: {code}")
    if m.group("codes") is None:
        return None  # a bare `# noqa` suppresses every code already
    return Edit(line, m.end("codes"), m.end("codes"), f", {code}")


def _wrap_container(text, lines, line) -> Optional[Action]:
    from nnlint.source.guard import quiet
    try:
        with quiet():
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    nn = _torch_nn_name(tree)
    if nn is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.lineno == line \
                and node.value is not None:
            value = node.value
            kind = ("ModuleList" if isinstance(value, (ast.List, ast.ListComp)) else
                    "ModuleDict" if isinstance(value, (ast.Dict, ast.DictComp)) else None)
            if kind is None:
                return None
            start = _column(lines, value.lineno, value.col_offset)
            end = _column(lines, value.end_lineno, value.end_col_offset)
            return Action(f"Register the layers: wrap in {nn}.{kind}(...)", (
                Edit(value.end_lineno, end, end, ")"),
                Edit(value.lineno, start, start, f"{nn}.{kind}(")))
    return None


def _column(lines, line, utf8_offset) -> int:
    """ast's UTF-8 byte offset as a character column."""
    return len(lines[line - 1].encode("utf-8")[:utf8_offset].decode("utf-8", "replace"))


def _torch_nn_name(tree) -> Optional[str]:
    """How this file spells torch.nn: `nn` (import torch.nn as nn / from torch import nn)
    or `torch.nn` (import torch)."""
    spelled = None
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "torch" and node.level == 0:
            for alias in node.names:
                if alias.name == "nn":
                    return alias.asname or "nn"
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "torch.nn" and alias.asname:
                    return alias.asname
                if alias.name in ("torch", "torch.nn") and alias.asname is None:
                    spelled = "torch.nn"
    return spelled
