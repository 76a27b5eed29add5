"""A persistent, content-addressed cache of analyses, shared by runs and processes.

An entry is found by a key made of the file's path and bytes, nnlint's version (and
the bytes of its own code), the Python release, the library search path and the
effective configuration. It holds the analysis (models and diagnostics before budgets
and suppressions, which are applied again on every run) and what the analysis read:
the bytes of every other file (project files it imported, installed libraries' files)
and which paths existed. It is used only while every one of those files has the same
bytes and every path the same existence: editing an imported file, adding a file that
now shadows an import or upgrading nnlint misses.

Where: $NNLINT_CACHE_DIR, else `.nnlint_cache/` in the project's root (the folder with
pyproject.toml, setup.py, setup.cfg or .git above the current folder, else the current
folder), with a `.gitignore` of `*` in it. Entries are JSON, never pickles: a cache
folder someone else wrote can make nnlint miss, never run code. Writes go to a
temporary file renamed into place (concurrent runs see a whole entry or none); an entry
that is corrupt, of another version or of another shape is ignored and rewritten. The
folder is kept under MAX_BYTES: past it, the entries used longest ago go first.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile

from nnlint.report import Diagnostic, FileReport, LayerReport, ModelReport

MAX_BYTES = 256 << 20  # the folder's size past which the oldest entries go
TRIM_TO = 0.8  # ... down to this share of MAX_BYTES
TRIM_EVERY = 64  # entries written by a process between two checks of the size
FOLDER = ".nnlint_cache"
_FORMAT = 3  # entries of another format are ignored


def default_folder(start=None) -> str:
    """$NNLINT_CACHE_DIR, else .nnlint_cache in the project root above `start` (the
    current folder)."""
    env = os.environ.get("NNLINT_CACHE_DIR")
    if env:
        return env
    from nnlint.source.project import project_root
    here = os.path.abspath(start or os.getcwd())
    return os.path.join(project_root(here) or here, FOLDER)


_CODE_DIGEST = []


def code_digest() -> str:
    """nnlint's version and a digest of its own source: a changed nnlint misses."""
    if not _CODE_DIGEST:
        from nnlint import __version__
        h = hashlib.sha256(f"nnlint {__version__} format {_FORMAT} "
                           f"python {sys.version_info[:2]}".encode())
        root = os.path.dirname(os.path.abspath(__file__))
        for folder, dirs, files in sorted(os.walk(root)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".py"):
                    h.update(name.encode())
                    with open(os.path.join(folder, name), "rb") as fh:
                        h.update(fh.read())
        _CODE_DIGEST.append(h.hexdigest())
    return _CODE_DIGEST[0]


def _digest(data) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


class Cache:
    """get(data, path, context) -> (models, diagnostics) or None; put(...) stores them.
    `context` is a string of everything else the analysis depends on (configuration)."""

    def __init__(self, folder=None, max_bytes=None):
        self.folder = folder or default_folder()
        self.max_bytes = MAX_BYTES if max_bytes is None else max_bytes
        self._written = 0
        self._ready = False
        self.hits = self.misses = 0

    def _key(self, data: bytes, path: str, context: str) -> str:
        h = hashlib.sha256()
        for part in (code_digest(), os.path.realpath(path), context):
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        h.update(data)
        return h.hexdigest()

    def _file(self, key):
        return os.path.join(self.folder, f"v{_FORMAT}", key[:2], key[2:] + ".json")

    # ------------------------------------------------------------ reading
    def get(self, data, path, context, files=None):
        """The analysis kept for these bytes, if every file it read is as it was: on the
        disk, or as `files` reads them (a Project whose files are those of a git revision,
        in review mode: `files.current(path)` -> bytes or None, `files.is_file(path)`)."""
        name = self._file(self._key(data, path, context))
        try:
            with open(name, "rb") as fh:
                entry = json.loads(fh.read(), object_hook=_untag)
            result = _load(entry) if _still_valid(entry, files) else None
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            result = None
        if result is None:
            self.misses += 1
            return None
        self.hits += 1
        try:
            os.utime(name)  # used now: the last to go when the folder is trimmed
        except OSError:
            pass
        return result

    # ------------------------------------------------------------ writing
    def put(self, data, path, context, report, reads, probes):
        """Store an analysis with what it read (real path -> bytes or None) and the paths
        whose existence it asked (path -> bool). Failing to write is not an error."""
        try:
            entry = {"format": _FORMAT, "report": _dump(report),
                     "reads": {p: _digest(d) for p, d in reads.items()},
                     "probes": dict(probes)}
            payload = json.dumps(entry, separators=(",", ":")).encode()
        except (TypeError, ValueError, RecursionError):
            return  # something the cache cannot represent: analysed again next time
        name = self._file(self._key(data, path, context))
        try:
            self._prepare()
            os.makedirs(os.path.dirname(name), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(name), suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(payload)
                os.replace(tmp, name)
            except BaseException:
                _remove(tmp)
                raise
        except OSError:
            return
        self._written += 1
        if (self._written - 1) % TRIM_EVERY == 0:
            self.trim()

    def _prepare(self):
        if self._ready:
            return
        os.makedirs(self.folder, exist_ok=True)
        ignore = os.path.join(self.folder, ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w") as fh:
                fh.write("# nnlint's cache (safe to delete)\n*\n")
        self._ready = True

    def trim(self):
        """Remove the entries used longest ago while the folder is over max_bytes."""
        entries, total = [], 0
        for folder, _, files in os.walk(self.folder):
            for name in files:
                if not name.endswith((".json", ".tmp")):
                    continue  # .gitignore
                full = os.path.join(folder, name)
                try:
                    st = os.stat(full)
                except OSError:
                    continue
                entries.append((st.st_mtime, st.st_size, full))
                total += st.st_size
        if total <= self.max_bytes:
            return
        for _, size, full in sorted(entries):
            if total <= self.max_bytes * TRIM_TO:
                break
            _remove(full)
            total -= size


def _remove(path):
    try:
        os.unlink(path)
    except OSError:
        pass


_FILE_DIGESTS = {}  # real path -> ((size, mtime_ns, inode), digest): for one process


def _current_digest(path):
    """The digest of a file's bytes now, or None when it cannot be read."""
    from nnlint.source.guard import read_source
    try:
        st = os.stat(path)
        stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
        hit = _FILE_DIGESTS.get(path)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        digest = _digest(read_source(path))
    except (OSError, ValueError):
        return None
    _FILE_DIGESTS[path] = (stamp, digest)
    return digest


def _still_valid(entry, files=None) -> bool:
    if entry.get("format") != _FORMAT:
        return False
    if files is None:
        digest_now, is_file = _current_digest, os.path.isfile
    else:
        digest_now, is_file = (lambda path: _digest(files.current(path))), files.is_file
    for path, digest in entry["reads"].items():
        if digest_now(path) != digest:
            return False
    return all(is_file(path) == bool(was) for path, was in entry["probes"].items())


# ---------------------------------------------------------------- JSON, both ways
_TUPLE, _DICT = "\0tuple", "\0dict"  # tags no field name or path can be (NUL)


_ATOMS = frozenset({type(None), bool, int, float, str})


def _plain(value):
    """Values of a report as JSON: a tuple as {_TUPLE: items}, a dict as {_DICT: pairs},
    so that every JSON object is either a tag or a report's own fields."""
    atoms = _ATOMS  # most values: written as they are, without a call each
    if type(value) in atoms or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {_TUPLE: [v if type(v) in atoms else _plain(v) for v in value]}
    if isinstance(value, list):
        return [v if type(v) in atoms else _plain(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {_DICT: [[k, v if type(v) in atoms else _plain(v)] for k, v in value.items()]}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _untag(obj):
    """json.loads' object_hook: tags back to tuples and dicts (inner objects first)."""
    if len(obj) == 1:
        if _TUPLE in obj:
            return tuple(obj[_TUPLE])
        if _DICT in obj:
            return {k: v for k, v in obj[_DICT]}
    return obj


def _fields(obj, skip=()):
    atoms = _ATOMS
    return {k: v if type(v) in atoms else _plain(v) for k, v in vars(obj).items()
            if k not in skip}


def _dump(report: FileReport) -> dict:
    models = []
    for m in report.models:
        if m.budget is not None:
            raise TypeError("a report with budgets applied")
        d = _fields(m, ("layers", "notes", "budget"))
        d["layers"] = [_fields(x) for x in m.layers]
        d["notes"] = [_fields(n) for n in m.notes]
        models.append(d)
    return {"models": models, "diagnostics": [_fields(d) for d in report.diagnostics]}


def _load(entry):
    """(models, diagnostics) of an entry; a note that is also a file diagnostic is the
    same object again, as the analysis made it."""
    plain = entry["report"]
    notes = {}

    def diagnostic(d):
        made = Diagnostic(**d)
        return notes.setdefault(repr((made, made.bound)), made)

    models = []
    for d in plain["models"]:
        m = ModelReport(**{k: v for k, v in d.items() if k not in ("layers", "notes")})
        m.layers = [LayerReport(**x) for x in d["layers"]]
        m.notes = [diagnostic(n) for n in d["notes"]]
        models.append(m)
    return models, [diagnostic(d) for d in plain["diagnostics"]]
