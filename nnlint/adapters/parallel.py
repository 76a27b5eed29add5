"""The command's runs over many files: worker processes (`-j N`) and a progress line.

Files go to the workers in consecutive runs (files of one folder import the same
siblings: a worker's session parses them once), and the reports come back in the
order of the files. The workers share the persistent cache through the disk (its
writes are atomic). Few files, or `-j 1`, run in this process: starting a worker
costs more than analysing a handful of files.

The progress line (`nnlint: 120/1000 files`) goes to stderr, only when stderr is a
terminal, not in CI ($CI set), and only once a run has lasted PROGRESS_AFTER seconds.
"""

from __future__ import annotations

import os
import sys
import time

PER_WORKER = 8  # files per worker below which a run stays in one process
CHUNKS_PER_WORKER = 4  # runs of consecutive files handed to each worker
PROGRESS_AFTER = 2.0  # seconds
PROGRESS_EVERY = 0.2  # seconds between two updates

_worker = {}


def default_jobs() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def lint_files(files, settings_args, cache, jobs):
    """The FileReports of `files`, in order. `settings_args` = (config path, overrides)
    builds each process's `Settings`; `cache` says whether to use the persistent cache."""
    progress = Progress(len(files))
    try:
        if jobs > 1 and len(files) >= PER_WORKER * 2:
            yield from _in_workers(files, settings_args, cache, jobs, progress)
        else:
            _start(settings_args, cache)
            for path in files:
                yield _lint_one(path)
                progress.advance(1)
    finally:
        progress.done()


def _start(settings_args, cache):
    from nnlint.config import Settings
    from nnlint.session import Session
    _worker["settings"] = Settings(*settings_args)
    _worker["session"] = Session(cache=cache)


def _lint_one(path):
    return _worker["session"].lint_file(path, _worker["settings"])


def _lint_chunk(paths):
    return [_lint_one(p) for p in paths]


def _in_workers(files, settings_args, cache, jobs, progress):
    from concurrent.futures import ProcessPoolExecutor
    size = max(1, -(-len(files) // (jobs * CHUNKS_PER_WORKER)))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start,
                             initargs=(settings_args, cache)) as pool:
        futures = [pool.submit(_lint_chunk, c) for c in chunks]
        for chunk, future in zip(chunks, futures):
            yield from future.result()
            progress.advance(len(chunk))


class Progress:
    def __init__(self, total):
        self.total = total
        self.count = 0
        self.start = self.last = time.monotonic()
        self.shown = False
        stream = sys.stderr
        self.on = bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")

    def advance(self, n):
        self.count += n
        now = time.monotonic()
        if self.on and now - self.start >= PROGRESS_AFTER and now - self.last >= PROGRESS_EVERY:
            self.last = now
            self.shown = True
            sys.stderr.write(f"\rnnlint: {self.count}/{self.total} files")
            sys.stderr.flush()

    def done(self):
        if self.shown:
            sys.stderr.write("\r" + " " * 40 + "\r")
            sys.stderr.flush()
