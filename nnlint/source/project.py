"""Other files of the same project: ``from .blocks import ResBlock``,
``from models.common import Conv``.

An import is looked up relative to the importing file (relative imports) or
under the file's folder and its package root (absolute imports). A file found
there is parsed and evaluated by nnlint's interpreter, never imported; it is
evaluated afresh for each analysed file that imports it, since each file runs in
its own process. Imports nnlint cannot find stay outside names (`External`).

Parses are shared by the run (by the process: nnlint.session), within a bound: the
MAX_PARSED files used last are kept (a parsed file costs 250 to 600 bytes per byte
of source), and an analysed file that no other file has imported is dropped once it
is linted. A parse is reused only for the same text (a file is read again for each
analysis that imports it). A file imported by others is parsed once per run while the
run's files stay under the bound; a file first imported after it was linted is parsed
a second time. The bound is well above
what one file may import (MAX_MODULES): below the imports that consecutive files
share, least-recently-used order re-parses on every file (torch/nn at 256: three
times the parses, twice the time, for 10 % less memory).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from functools import lru_cache

from nnlint.interpreter.objects import ModuleObject
from nnlint.interpreter.values import Budget, UserRaise

MAX_MODULES = 200  # files one analysed file may evaluate for imports
MAX_CHAIN = 16  # nested imports being evaluated at once
MAX_PARSED = 512  # parsed files a run keeps: 2.5 times what one file may import (MAX_MODULES)


def _read_file(path) -> bytes:
    from nnlint.source.guard import read_source  # regular files only, at most the size limit
    return read_source(path)


class Project:
    """reader(path) -> bytes and exists(path) -> bool give the files (default: the disk;
    review mode reads them at a git revision, and `label`, "git:<commit>", names them in the
    persistent cache's keys).

    One Project may serve a whole process (the flake8 plugin, the language server: see
    nnlint.session): a parse is reused only for the same file with the same text, so an
    edited file is parsed again. Evaluations are never shared between analysed files.
    For each analysis (`begin()` ... `linted()`), `reads` and `probes` record what the
    result depends on: the files read (real path -> bytes, None when unreadable) and the
    paths whose existence was asked (path -> bool); the persistent cache keys on them."""

    def __init__(self, reader=None, exists=None, library_path=None, label=""):
        self.read = reader or _read_file
        self._exists = exists or os.path.isfile
        self.on_disk = reader is None and exists is None  # else: a git revision's files
        self.label = label  # which files those are ("git:<commit>"): part of cache keys
        # folders where installed libraries are read (torchvision.models ...): None for
        # the environment nnlint runs in (see nnlint.source.libraries.default_search_path)
        self._library_path = library_path
        self._library_real = None
        self._parsed = OrderedDict()  # real path -> (text, (module, positions) or None)
        self._imported = set()  # real paths of files some file of the run imported
        self._chain = 0
        self._found = {}  # (dotted, level, importer's folder) -> file: for one analysis
        self._git = {}  # folder -> whether it holds .git: for one analysis
        self._real = {}  # path -> its real path: for one analysis
        self._roots = {}  # (importer's folder, top package) -> folders searched: for one analysis
        self.reads = {}  # for one analysis: real path -> bytes read (None: unreadable)
        self.probes = {}  # for one analysis: path -> whether it exists
        self.parses = 0  # files parsed (tests check that bounding the cache costs few)

    def real(self, path) -> str:
        """os.path.realpath(path), asked once per analysis (every import asks it again)."""
        hit = self._real.get(path)
        if hit is None:
            hit = self._real[path] = os.path.realpath(path)
        return hit

    def _has_git(self, folder) -> bool:
        """Whether a folder holds .git (a folder or a file), asked once per analysis: every
        import walks up from its file to the project's root."""
        hit = self._git.get(folder)
        if hit is None:
            hit = self._git[folder] = _holds_git(folder)
        return hit

    def begin(self):
        """A new analysed file: forget what the last one looked up and depended on."""
        self._git = {}
        self._real = {}
        self._roots = {}
        self._found = {}
        self.reads = {}
        self.probes = {}

    def current(self, path):
        """A file's bytes as this project reads them now, or None when it cannot."""
        try:
            return self.read(path)
        except (OSError, ValueError):
            return None

    def is_file(self, path) -> bool:
        """Whether a file exists now, asked afresh (the persistent cache checks its entries)."""
        return bool(self._exists(path))

    def exists(self, path) -> bool:
        """Whether a file exists (asked once per analysis, and recorded in `probes`)."""
        hit = self.probes.get(path)
        if hit is None:
            hit = self.probes[path] = bool(self._exists(path))
        return hit

    def _keep(self, key, entry):
        self._parsed[key] = entry
        self._parsed.move_to_end(key)
        while len(self._parsed) > MAX_PARSED:
            self._parsed.popitem(last=False)  # the least recently used

    # ---------------------------------------------------------------- parsing
    def _text(self, path, key):
        """The decoded text of a file, or None when it cannot be read or decoded."""
        try:
            data = self.read(path)
        except (OSError, ValueError):
            self.reads[key] = None
            return None
        self.reads[key] = data
        from nnlint.source.guard import decode
        return decode(data, path)[0]

    def parse(self, path, text=None):
        """(module, positions) of a file, parsed once while its text stays the same; None
        if it does not parse."""
        key = self.real(path)
        if text is None:
            text = self._text(path, key)
        hit = self._parsed.get(key)
        if hit is not None and hit[0] == text:
            self._parsed.move_to_end(key)
            return hit[1]
        result = None if text is None else self._parse_text(text)
        self._keep(key, (text, result))
        return result

    def _parse_text(self, text):
        import libcst as cst

        from nnlint.source import guard
        from nnlint.source.positions import Positions
        if guard.check(text) is not None:
            return None
        try:
            self.parses += 1
            module = guard.parse_module(text)
        except (ValueError, cst.ParserSyntaxError, RecursionError, MemoryError):
            return None
        return module, Positions(module, text)

    def parsed(self, path, text):
        """The parse of `path` if this run already has one of exactly `text`."""
        key = self.real(path)
        hit = self._parsed.get(key)
        if hit is not None and hit[0] == text:
            self._parsed.move_to_end(key)
            return hit[1]
        return None

    def remember(self, path, text, module, positions):
        """A file the run has parsed for itself: imports of it reuse the parse."""
        if not path.startswith("<"):
            self.parses += 1
            self._keep(self.real(path), (text, (module, positions)))

    def linted(self, path):
        """`path` is linted: drop its parse unless another file imported it (then more
        may). A file that imports it later parses it again, once."""
        if not path.startswith("<"):
            key = self.real(path)
            if key not in self._imported:
                self._parsed.pop(key, None)

    # ---------------------------------------------------------------- imports
    @property
    def library_path(self):
        if self._library_path is None:
            from nnlint.source.libraries import default_search_path
            self._library_path = default_search_path()
        return self._library_path

    def load_library_module(self, dotted, interp):
        """The module object of an installed library's file (`torchvision.models`), read
        from the library search path and evaluated as a project file; None if not found."""
        from nnlint.source.libraries import find_module_file
        path = find_module_file(dotted, self.library_path, self.exists)
        if path is None:
            return None
        return self._evaluate(path, dotted, interp)

    def in_library(self, path) -> bool:
        """Whether a file lies in one of the library search path's folders."""
        if self._library_real is None:
            self._library_real = [os.path.realpath(d) + os.sep for d in self.library_path]
        real = self.real(path)
        return any(real.startswith(d) for d in self._library_real)

    def load_module(self, dotted, level, interp):
        """The module object of a project file, evaluated for `interp`'s file; None when
        the file is not found.

        A statement of it that raises is skipped and the rest run: Python would fail the
        import, but nnlint's view of a module reached through a chain of imports is
        bounded (MAX_MODULES), and a registry filled by a module it did not evaluate
        looks empty; in torch's own tree that made 87 of 136 imports "raise"."""
        path = self.find(dotted, level, interp.path)
        if path is None:
            return None
        if not level and "." in dotted:  # Python imports `a` and `a.b` before `a.b.c`
            self.load_module(dotted.rsplit(".", 1)[0], 0, interp)
        return self._evaluate(path, dotted, interp)

    def _evaluate(self, path, dotted, interp):
        key = self.real(path)
        evaluated = interp.imported  # per analysed file: files run apart, as in Python
        if key in evaluated:
            return evaluated[key]  # while it is being evaluated (an import cycle): as far as
            # it has run, as Python's partially initialised module
        if len(evaluated) >= MAX_MODULES or self._chain >= MAX_CHAIN:
            return None
        self._imported.add(key)
        parsed = self.parse(path)
        if parsed is None:
            return None
        module_node, positions = parsed
        name = dotted or os.path.splitext(os.path.basename(path))[0]
        sub = type(interp)(module_node, path, positions, self, module_name=name)
        sub.steps, sub.limit, sub.budget = interp.steps, interp.limit, interp.budget
        sub.imported = evaluated
        sub.cmdline = interp.cmdline  # one process, one command line
        sub.versions = interp.versions  # ... and one installation
        evaluated[key] = mod = ModuleObject(name, sub.globals.vars)
        self._chain += 1
        try:
            for stmt in module_node.body:
                sub.toplevel = stmt
                try:
                    sub.exec_stmt(stmt, sub.globals)
                except UserRaise:
                    continue
        except (Budget, RecursionError):
            pass
        finally:
            self._chain -= 1
            interp.steps = sub.steps
        return mod

    def imports_model_code(self, data: bytes, path: str) -> bool:
        """Whether a file that names no framework imports, itself or through other project
        files, a project file that does: `net = Block()` with Block from such a file is a
        model of this file. Read from its import lines (nnlint.source.imports), at most
        MAX_MODULES files."""
        from nnlint.interpreter.resolve import mentions_framework
        from nnlint.source.guard import decode
        from nnlint.source.imports import imports_of
        seen = {self.real(path)}
        todo = [(data, path)]
        while todo and len(seen) <= MAX_MODULES:
            data, importer = todo.pop()
            text = decode(data, importer)[0]
            for dotted, level in imports_of(text) if text else ():
                found = self.find(dotted, level, importer)
                if found is None or self.real(found) in seen:
                    continue
                seen.add(self.real(found))
                try:
                    imported = self.read(found)
                except (OSError, ValueError):
                    continue
                if mentions_framework(imported):
                    return True
                todo.append((imported, found))
        return False

    def find(self, dotted, level, importer):
        """The file that `import dotted` (with `level` leading dots) means, or None."""
        key = (dotted, level, importer, bool(self._library_path))
        if key not in self._found:
            self._found[key] = self._find(dotted, level, importer)
        return self._found[key]

    def _find(self, dotted, level, importer):
        if not importer or importer.startswith("<"):
            return None
        parts = [p for p in dotted.split(".") if p]
        here = os.path.dirname(os.path.abspath(importer))
        if level:
            base = here
            for _ in range(level - 1):
                base = os.path.dirname(base)
            return _module_file(base, parts, self.exists)
        if not parts:
            return None
        if parts[0] in FRAMEWORKS and self._library_path and self.in_library(importer):
            # an installed library's own `import torch` is the framework, not its files
            from nnlint.source.libraries import read_as_library
            if not read_as_library(dotted):
                return None
        roots = self._roots.get((here, parts[0]))
        if roots is None:  # the same for every import of the package from this folder
            roots = self._roots[here, parts[0]] = _roots(here, self.exists, parts[0],
                                                          self._has_git)
        for root in roots:
            found = _module_file(root, parts, self.exists)
            if found is not None:
                return found
        return None


@lru_cache(maxsize=4096)  # pure on its strings; asked at every import statement run
def framework_import(dotted, level, importer):
    """The framework's qualified name where `import dotted` (`level` leading dots) in the
    file `importer` means the framework as nnlint models it (its catalogue and runtimes),
    whatever files of that name are around; None otherwise. That is so where the file is
    part of the framework's own package (it lies inside a folder named like the framework,
    as keras/src/applications/vgg16.py in a checkout of keras-team/keras, whether it says
    `from keras.src import layers` or `from ... import layers`) and the name is one nnlint
    models (`keras.src.layers`, `keras.src.backend`, not the plain code of
    `keras.src.applications.imagenet_utils`). Elsewhere Python's rule holds: a local folder
    named `torch` next to a script shadows torch, and nnlint reads it."""
    from nnlint.interpreter.resolve import framework_of, modelled
    if not importer or importer.startswith("<"):
        return None
    folder = os.path.dirname(os.path.abspath(importer))
    if level:
        for _ in range(level - 1):
            folder = os.path.dirname(folder)
        inner = []
        while os.path.basename(folder) and framework_of(
                _canonical_top(os.path.basename(folder))) is None:
            inner.append(os.path.basename(folder))
            folder = os.path.dirname(folder)
        if not os.path.basename(folder):
            return None
        dotted = ".".join([os.path.basename(folder)] + inner[::-1] + [p for p in
                                                                       dotted.split(".") if p])
    elif not _inside(folder, dotted.split(".")[0]):
        return None
    return dotted if modelled(dotted) else None


def _canonical_top(name):
    from nnlint.interpreter.resolve import canonical
    return canonical(name + ".x").split(".")[0]


def _inside(folder, top):
    """Whether `folder` is, or lies inside, a folder named `top`."""
    while os.path.basename(folder):
        if os.path.basename(folder) == top:
            return True
        folder = os.path.dirname(folder)
    return False


def _module_file(base, parts, exists):
    if not parts:
        init = os.path.join(base, "__init__.py")
        return init if exists(init) else None
    path = os.path.join(base, *parts)
    if exists(path + ".py"):
        return path + ".py"
    init = os.path.join(path, "__init__.py")
    if exists(init):
        return init
    return None


# top-level names that are the frameworks nnlint models: a script of the framework's own
# repository (keras-team/keras's examples/) that imports it means the installed framework
FRAMEWORKS = {"torch", "keras", "tensorflow", "tf_keras"}


def _roots(here, exists, package, has_git):
    """The importing file's folder, the folder above its top package, then the folder
    above the nearest enclosing folder named like the imported `package` (a file of a
    package without __init__.py files, a namespace package or a partial checkout, that
    imports its own package by its full name, as ``keras/src/applications/vgg16.py``
    imports ``keras.src.applications.imagenet_utils``), then, unless `package` is a
    framework, the project's root and its src/ folder: a script or test
    (`tests/test_net.py`, `scripts/train.py`) that imports the repository's own package
    finds it as an installed project would."""
    roots = [here]
    top = here
    while exists(os.path.join(top, "__init__.py")):
        parent = os.path.dirname(top)
        if parent == top:
            break
        top = parent
    if top != here:
        roots.append(top)
    folder = here
    while os.path.basename(folder) and os.path.basename(folder) != package:
        folder = os.path.dirname(folder)
    if os.path.basename(folder) == package and os.path.dirname(folder) not in roots:
        roots.append(os.path.dirname(folder))
    root = project_root(here, exists, has_git) if package not in FRAMEWORKS else None
    if root is not None:
        for folder in (root, os.path.join(root, "src")):
            if folder not in roots:
                roots.append(folder)
    return roots


# files that mark a project's root folder (and a .git folder or file)
ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg")
MAX_ROOT_DEPTH = 32  # folders walked up from a file to find its project's root


def _holds_git(folder) -> bool:
    return os.path.exists(os.path.join(folder, ".git"))  # a folder, or a worktree's file


def project_root(here, exists=os.path.isfile, has_git=_holds_git):
    """The nearest folder at or above `here` with pyproject.toml, setup.py, setup.cfg or
    .git; None when there is none."""
    folder = here
    for _ in range(MAX_ROOT_DEPTH):
        if any(exists(os.path.join(folder, m)) for m in ROOT_MARKERS) or has_git(folder):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return None
