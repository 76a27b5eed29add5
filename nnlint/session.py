"""What a process keeps from one analysed file to the next: one object per adapter.

    from nnlint.session import Session, shared

    session = shared()                        # the process's: the flake8 plugin, the editor
    session = Session(cache=False)            # or one of your own, without the disk cache
    report = session.lint(data, path, config) # api.lint_source with the session's state
    session.lint_file(path, config)           # read from the disk
    session.lint_paths(paths, config)         # files and folders, in order

A session holds a `Project`, the parses of the files analysed files import (kept while
a file's text stays the same: an edited file is parsed again), and, unless `cache` is
False, the persistent cache (`nnlint.cache`: `.nnlint_cache/` in the project's root or
$NNLINT_CACHE_DIR; `cache=` a folder to put it elsewhere), which keeps analyses between
runs and between processes, and misses when the file, any file its analysis read, the
configuration or nnlint changes. What one file's code does to a module it imports is
never seen by another file: each analysis evaluates its imports afresh.

Not for several threads at once beyond what `api.lint_source` already serialises (one
analysis at a time per process).
"""

from __future__ import annotations

import os

_SHARED = []


class Session:
    def __init__(self, cache=True, project=None):
        from nnlint.source.project import Project
        self.project = project or Project()
        if cache is True:
            cache = None if os.environ.get("NNLINT_NO_CACHE") else _cache()
        elif cache is False or cache is None:
            cache = None
        elif isinstance(cache, (str, os.PathLike)):
            cache = _cache(os.fspath(cache))
        self.cache = cache  # a nnlint.cache.Cache, or None

    def lint(self, data, path="<string>", config=None):
        from nnlint.api import lint_source
        return lint_source(data, path, config, self.project, self.cache)

    def lint_file(self, path, config=None):
        from nnlint.api import lint_file
        return lint_file(path, config, self.project, self.cache)

    def lint_paths(self, paths, config=None):
        from nnlint.api import lint_paths
        return lint_paths(paths, config, self.project, self.cache)


def _cache(folder=None):
    from nnlint.cache import Cache
    return Cache(folder)


def shared() -> Session:
    """The process's session (created on first use, with the persistent cache unless
    $NNLINT_NO_CACHE is set)."""
    if not _SHARED:
        _SHARED.append(Session())
    return _SHARED[0]
