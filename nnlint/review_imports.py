"""Which files of the project import a changed file, directly or through other files.

A model moves when a file it imports changes (`HIDDEN = 20` in config.py), so review
mode compares the files that import a changed file as well. Each side of the change
(review_git.Revision, WorkingTree) is searched on its own, with the import rules of
the run that counts it (`Project.find`), so an import means here what it means when
the file is linted.

Finding them costs little: `git grep` picks the files that contain a changed file's
module name (or, for a package's __init__.py, its folder's name or a relative
import), and only those are parsed, with Python's `ast`, for their import statements
(in functions and branches too: nnlint may run any of them). Nothing is imported.
"""

from __future__ import annotations

import ast
import os
import re

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RELATIVE = r"from[[:space:]]+\."  # `from . import x`, `from ..pkg import y`


def imports_of(text) -> list:
    """(dotted, level) of every module an import statement of `text` may load, parent
    packages of an absolute import included (Python runs `a` and `a.b` before `a.b.c`);
    [] for source that does not parse."""
    from nnlint import guard
    if guard.check(text) is not None:
        return []
    try:
        with guard.quiet():
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                out.extend(_with_parents(alias.name))
        elif isinstance(node, ast.ImportFrom):
            module, level = node.module or "", node.level or 0
            out.extend(_with_parents(module) if not level else [(module, level)])
            for alias in node.names:
                if alias.name != "*":  # `from pkg import sub` may load pkg/sub.py
                    out.append((f"{module}.{alias.name}" if module else alias.name, level))
    return out


def _with_parents(dotted):
    parts = dotted.split(".")
    return [(".".join(parts[:i]), 0) for i in range(1, len(parts) + 1)]


def _words(rel):
    """What an import of `rel` must contain: its module name, or its package's."""
    folder, name = os.path.split(os.path.splitext(rel)[0])
    if name == "__init__":
        name = os.path.basename(folder)
    return {name} if _IDENTIFIER.match(name or "") else set()


class Importers:
    """Who imports whom on one side; each file's imports are parsed once."""

    def __init__(self, side, source_text):
        self.side = side
        self.source_text = source_text  # (rel, bytes) -> text or None
        self._imports = {}  # rel -> set of project files (rel) it imports

    def imports(self, rel) -> set:
        if rel not in self._imports:
            found = set()
            try:
                text = self.source_text(rel, self.side.read(rel))
            except OSError:
                text = None
            importer = self.side.full(rel)
            for dotted, level in imports_of(text) if text else ():
                path = self.side.project.find(dotted, level, importer)
                target = self.side.rel(path) if path else None
                if target is not None:
                    found.add(target)
            self._imports[rel] = found
        return self._imports[rel]

    def dependents(self, targets) -> dict:
        """{file: the file it imports that brings it in} for every file that imports one
        of `targets`, directly or through other files."""
        via = {}
        closure = set(targets)
        frontier = set(targets)
        while frontier:
            patterns = set().union(*(_words(rel) for rel in frontier))
            if any(os.path.basename(rel).startswith("__init__.") for rel in frontier):
                patterns.add(_RELATIVE)
            if not patterns:
                break
            found = {}
            for rel in sorted(self.side.grep(patterns) - closure):
                reached = sorted(self.imports(rel) & closure)
                if reached:
                    found[rel] = reached[0]
            via.update(found)
            frontier = set(found)
            closure |= frontier
        return via


def chain(via, rel) -> list:
    """[the file rel imports, what that one imports, ...] down to a changed file."""
    out = []
    while rel in via and len(out) < 50:
        rel = via[rel]
        out.append(rel)
    return out
