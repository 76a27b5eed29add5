"""Comments that talk to nnlint, read from the source lines.

    x = f()  # noqa                      every code on this line
    x = f()  # noqa: NNL301, E501        these codes (prefixes, as flake8)
    x = f()  # nnlint: ignore            every nnlint code on this line
    x = f()  # nnlint: ignore[NNL301]    these codes
    class Net(nn.Module):  # nnlint: max-params=5M, max-trainable-params=1M
    class Net(nn.Module):  # nnlint: input=(1, 3, 224, 224) dtype=float32

A budget comment applies to the model defined on that line, and so does an input
declaration (nnlint/inputs.py). A comment nnlint

cannot read becomes an NNL006 diagnostic rather than being silently ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from nnlint.inputs import InputDecl, InputError, parse_dtype, parse_shapes
from nnlint.report import Diagnostic

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
                   re.IGNORECASE)
_NNLINT = re.compile(r"#\s*nnlint\s*:\s*(?P<body>.*)$", re.IGNORECASE)
_IGNORE = re.compile(r"ignore(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_SETTING = re.compile(r"(?P<key>[a-z][a-z-]*)\s*=\s*(?P<value>[^\s,;]+)", re.IGNORECASE)
_ANY = re.compile(r"noqa|nnlint", re.IGNORECASE)
_BUDGET_KEYS = ("max-params", "max-trainable-params")
_INPUT = re.compile(r"input\s*=\s*", re.IGNORECASE)
_KNOWN_KEYS = _BUDGET_KEYS + ("input", "dtype")
ALL = "*"


@dataclass
class Directives:
    noqa: Dict[int, Set[str]] = field(default_factory=dict)  # line -> codes or {ALL}
    ignore: Dict[int, Set[str]] = field(default_factory=dict)
    budgets: Dict[int, Dict[str, int]] = field(default_factory=dict)  # line -> key -> n
    inputs: Dict[int, InputDecl] = field(default_factory=dict)  # line -> declared input
    problems: List[Diagnostic] = field(default_factory=list)

    def suppresses(self, line: int, code: str, honor_noqa: bool = True) -> bool:
        for table in ((self.noqa, self.ignore) if honor_noqa else (self.ignore,)):
            codes = table.get(line)
            if codes and (ALL in codes or any(code.startswith(c) for c in codes)):
                return True
        return False


def read_directives(text: Optional[str]) -> Directives:
    found = Directives()
    if not text or not _ANY.search(text):
        return found
    for lineno, line in enumerate(text.splitlines(), 1):
        if "#" not in line:
            continue
        m = _NOQA.search(line)
        if m:
            codes = m.group("codes")
            found.noqa[lineno] = ({c.upper() for c in re.split(r"[,\s]+", codes) if c}
                                  if codes else {ALL})
        m = _NNLINT.search(line)
        if m:
            _read_nnlint(m.group("body"), lineno, m.start(), found)
    return found


def _read_nnlint(body: str, lineno: int, column: int, found: Directives) -> None:
    rest = body.split("#", 1)[0].strip()
    shapes, dtype = None, None
    while rest:
        m = _IGNORE.match(rest)
        if _INPUT.match(rest):
            shapes, end = _input(rest, lineno, column, found)
            if shapes is None:
                return
            rest = rest[end:].lstrip(" ,;\t")
            continue
        if m:
            codes = m.group("codes")
            names = {c.strip().upper() for c in re.split(r"[,\s]+", codes or "") if c.strip()}
            found.ignore.setdefault(lineno, set()).update(names or {ALL})
        else:
            m = _SETTING.match(rest)
            if m is None:
                found.problems.append(Diagnostic(
                    "NNL006", lineno, column,
                    f"cannot read nnlint comment {rest!r}: expected ignore, "
                    "ignore[CODES], max-params=N, max-trainable-params=N or "
                    "input=(1, 3, 224, 224)", "error"))
                return
            if m.group("key").lower() == "dtype":
                dtype = _dtype(m.group("value"), lineno, column, found)
                if dtype is None:
                    return
            elif not _budget(m, lineno, column, found):
                return
        rest = rest[m.end():].lstrip(" ,;\t")
    if dtype is not None and shapes is None:
        found.problems.append(Diagnostic("NNL006", lineno, column,
                                         "nnlint comment dtype= without input=", "error"))
    elif shapes is not None:
        found.inputs[lineno] = InputDecl(shapes, dtype or "float32",
                                         f"`# nnlint: input=` on line {lineno}")


def _input(rest: str, lineno: int, column: int, found: Directives):
    """`input=(1, 3, 224, 224)` or `input=[(1, 10), (1, 20)]` at the start of `rest`:
    (shapes, where the declaration ends), or (None, 0) with an NNL006 problem."""
    start = _INPUT.match(rest).end()
    depth, end = 0, len(rest)
    for i in range(start, len(rest)):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(rest[i], 0)
        if depth <= 0:
            end = i
            break
    text = rest[start:end + 1]
    try:
        if not text.startswith(("(", "[")) or depth > 0:
            raise InputError(f"{text!r} is not a shape: write (1, 3, 224, 224), or a list "
                             "of shapes for several inputs")
        return parse_shapes(text), end + 1
    except InputError as exc:
        found.problems.append(Diagnostic("NNL006", lineno, column,
                                         f"cannot read nnlint comment input=: {exc}", "error"))
        return None, 0


def _dtype(value: str, lineno: int, column: int, found: Directives):
    try:
        return parse_dtype(value)
    except InputError as exc:
        found.problems.append(Diagnostic("NNL006", lineno, column, str(exc), "error"))
        return None


def _budget(m, lineno: int, column: int, found: Directives) -> bool:
    from nnlint.config import ConfigError, parse_size

    key = m.group("key").lower()
    if key not in _BUDGET_KEYS:
        found.problems.append(Diagnostic(
            "NNL006", lineno, column,
            f"unknown nnlint comment setting '{key}' (known: {', '.join(_KNOWN_KEYS)})",
            "error"))
        return False
    try:
        value = parse_size(m.group("value"), key)
    except ConfigError as exc:
        found.problems.append(Diagnostic("NNL006", lineno, column, str(exc), "error"))
        return False
    found.budgets.setdefault(lineno, {})[key] = value
    return True


def keep(diag: Diagnostic, config, directives: Directives, path: str) -> bool:
    """Whether a diagnostic survives select/ignore, per-file-ignores and comments."""
    if not config.enabled(diag.code, path):
        return False
    return not directives.suppresses(diag.line, diag.code, config.honor_noqa)
