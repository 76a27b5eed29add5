"""The modules a file's import statements may load, read from the lines that begin an
import statement (in functions and branches too: nnlint may run any of them) with
Python's `ast`, without parsing the rest of the file. An import that shares its line with
another statement (`if x: import y`, `a = 1; import b`) is not seen. Review mode finds the
importers of a changed file with it; a file that names no framework is analysed when it
imports model code (`Project.imports_model_code`).
"""

from __future__ import annotations

import ast
import re

# a line that begins an import statement, with its continuation lines: inside
# parentheses, or after a backslash
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+[.\w]+[ \t]+import[ \t]*\([^)]*\)|(?:from|import)\b"
                     r"[^\n]*(?:\\\n[^\n]*)*)", re.M)


def imports_of(text) -> list:
    """(dotted, level) of every module an import statement of `text` may load, parent
    packages of an absolute import included (Python runs `a` and `a.b` before `a.b.c`)."""
    statements = [m.group(0).strip() for m in _IMPORT.finditer(text)]
    out = []
    for tree in _parsed(statements):
        for node in tree.body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    out.extend(_with_parents(alias.name))
            elif isinstance(node, ast.ImportFrom):
                module, level = node.module or "", node.level or 0
                out.extend(_with_parents(module) if not level else [(module, level)])
                for alias in node.names:
                    if alias.name != "*":  # `from pkg import sub` may load pkg/sub.py
                        out.append((f"{module}.{alias.name}" if module else alias.name,
                                    level))
    return out


def _parsed(statements) -> list:
    """The statements parsed at once, or one by one where that fails (a line of a
    docstring that begins with "from" is not Python)."""
    from nnlint.source import guard
    with guard.quiet():
        try:
            return [ast.parse("\n".join(statements))]
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
        out = []
        for statement in statements:
            try:
                out.append(ast.parse(statement))
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
        return out


def _with_parents(dotted):
    parts = dotted.split(".")
    return [(".".join(parts[:i]), 0) for i in range(1, len(parts) + 1)]
