"""Which files of the project import a changed file, directly or through other files.

A model moves when a file it imports changes (`HIDDEN = 20` in config.py), so review
mode compares the files that import a changed file as well. Each side of the change
(review_git.Revision, WorkingTree) is searched on its own, with the import rules of
the run that counts it (`Project.find`), so an import means here what it means when
the file is linted.

Finding them costs little: `git grep` picks the files that contain a changed file's
module name (or, for a package's __init__.py, its folder's name or a relative
import); of those, only the lines that begin an import statement (in functions and
branches too: nnlint may run any of them) are parsed, with Python's `ast`. An import
that shares its line with another statement (`if x: import y`, `a = 1; import b`) is
not seen. Nothing is imported.
"""

from __future__ import annotations

import os
import re

from nnlint.source.imports import imports_of

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RELATIVE = r"from[[:space:]]+\."  # `from . import x`, `from ..pkg import y`


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
        self._found = {}  # (dotted, level, folder) -> project file (rel) or None

    def imports(self, rel) -> set:
        if rel not in self._imports:
            found = set()
            try:
                text = self.source_text(rel, self.side.read(rel))
            except OSError:
                text = None
            importer = self.side.full(rel)
            for dotted, level in imports_of(text) if text else ():
                target = self._find(dotted, level, importer)
                if target is not None:
                    found.add(target)
            self._imports[rel] = found
        return self._imports[rel]

    def _find(self, dotted, level, importer):
        """Project.find's answer as a path relative to the root; it depends only on the
        importer's folder."""
        key = (dotted, level, os.path.dirname(importer))
        if key not in self._found:
            path = self.side.project.find(dotted, level, importer)
            self._found[key] = self.side.rel(path) if path else None
        return self._found[key]

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
            candidates = sorted(self.side.grep(patterns) - closure)
            self.side.prefetch(candidates)
            for rel in candidates:
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
