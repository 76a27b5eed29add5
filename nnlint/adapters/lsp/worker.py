"""The language server's analyses: one worker thread, newest version first, stale work dropped.

    worker = Worker(analyse, done)    analyse(uri, text) -> result; done(uri, version, result)
    worker.submit(uri, version, text) on every change: nothing waits for the analysis
    worker.latest(uri)                the last finished (version, result), at once

Keeping up with typing: an edit that comes alone is analysed at once; an edit that
follows another within `debounce` seconds while that one is still waiting or being
analysed (a burst of typing) waits until no newer one has come for that long. (An edit
right after an analysis that finished is not a burst: a fast analysis must not make the
next edit wait.) A newer version of the document being analysed cancels that
analysis at once (`Superseded` is raised in the worker thread), so a burst of edits
costs one analysis after its last edit, never one per keystroke. Requests for hints
and hovers read `latest()`, the last analysis that finished, and never wait behind
an analysis of an old version.
"""

from __future__ import annotations

import ctypes
import threading
import time
from typing import Callable, Dict, Optional, Tuple

DEBOUNCE = 0.05  # seconds without a newer version before an analysis starts


class Superseded(BaseException):
    """Raised in the worker thread: the version it analyses is no longer the newest.
    A BaseException, so that no `except Exception` of the analysis swallows it."""


def _set_async_exc(ident, exc) -> None:
    """CPython's PyThreadState_SetAsyncExc: `exc` raised in thread `ident` at its next
    bytecode boundary (None withdraws one not yet raised)."""
    fn = ctypes.pythonapi.PyThreadState_SetAsyncExc
    fn.argtypes = (ctypes.c_ulong, ctypes.py_object)
    if exc is None:
        fn(ident, ctypes.py_object())
    elif fn(ident, exc) != 1:  # no such thread, or a thread just starting shares the id:
        fn(ident, ctypes.py_object())  # withdraw it; the stale result is dropped anyway


class Worker:
    def __init__(self, analyse: Callable, done: Callable, debounce: float = DEBOUNCE,
                 cancelled: Optional[Callable] = None, clock=time.monotonic):
        self._analyse = analyse
        self._done = done
        self._cancelled = cancelled or (lambda uri: None)  # told after each cancellation
        self._debounce = debounce
        self._clock = clock
        self._cond = threading.Condition()
        # uri -> (version, text, time from which it may start)
        self._pending: Dict[str, Tuple[object, str, float]] = {}
        self._last_submit: Dict[str, float] = {}
        self._running: Optional[Tuple[str, object]] = None
        self._cancel_sent = False
        self._finished: Dict[str, Tuple[object, object]] = {}
        self._waiters: Dict[str, list] = {}
        self._stopped = False
        self.analysed = []  # (uri, version) of each analysis that finished, for tests
        self.cancelled = []  # (uri, version) of each analysis stopped midway
        from nnlint.source.guard import start_big_stack_thread
        # it parses in place (a thread started per parse could receive a cancellation
        # meant for this one: CPython gives a starting thread its parent's id at first)
        self._thread = start_big_stack_thread(self._loop, "nnlint-lsp-worker")

    # ------------------------------------------------------------ requests
    def submit(self, uri: str, version, text: str) -> None:
        with self._cond:
            now = self._clock()
            last = self._last_submit.get(uri)
            self._last_submit[uri] = now
            running = self._running
            busy = uri in self._pending or (running is not None and running[0] == uri)
            burst = busy and last is not None and now - last < self._debounce
            self._pending[uri] = (version, text, now + self._debounce if burst else now)
            if running is not None and running[0] == uri and running[1] != version:
                self._cancel_running()
            self._cond.notify_all()

    def latest(self, uri: str) -> Optional[Tuple[object, object]]:
        """(version, result) of the last analysis of `uri` that finished, or None."""
        return self._finished.get(uri)

    def wait_first(self, uri: str, timeout: float) -> Optional[Tuple[object, object]]:
        """latest(uri), waiting up to `timeout` for a first analysis when there is none."""
        with self._cond:
            end = self._clock() + timeout
            while uri not in self._finished and (uri in self._pending or self._running):
                left = end - self._clock()
                if left <= 0 or self._stopped:
                    break
                self._cond.wait(left)
            return self._finished.get(uri)

    def forget(self, uri: str) -> None:
        with self._cond:
            self._pending.pop(uri, None)
            self._finished.pop(uri, None)
            self._last_submit.pop(uri, None)
            if self._running is not None and self._running[0] == uri:
                self._cancel_running()

    def pending(self, uri: str) -> bool:
        with self._cond:
            return uri in self._pending or (self._running is not None
                                            and self._running[0] == uri)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._pending.clear()
            if self._running is not None:
                self._cancel_running()
            self._cond.notify_all()

    # ------------------------------------------------------------ the thread
    def _cancel_running(self) -> None:
        """Raise Superseded in the worker thread (at its next bytecode boundary)."""
        if self._cancel_sent:
            return
        self._cancel_sent = True
        _set_async_exc(self._thread.ident, Superseded)

    def _next(self):
        """The pending version whose quiet time is over (oldest first), waiting for it."""
        with self._cond:
            while not self._stopped:
                now = self._clock()
                ready = [(t, uri) for uri, (_, _, t) in self._pending.items() if t <= now]
                if ready:
                    uri = min(ready)[1]
                    version, text, _ = self._pending.pop(uri)
                    self._running = (uri, version)
                    self._cancel_sent = False
                    return uri, version, text
                wait = None
                if self._pending:
                    wait = max(0.0, min(t for _, _, t in self._pending.values()) - now)
                self._cond.wait(wait)
            return None

    def _loop(self) -> None:
        while True:
            try:
                job = self._next()
                if job is None:
                    return
                self._run(*job)
            except Superseded:  # arrived between two analyses: nothing to stop
                self._finish_cancel()

    def _run(self, uri, version, text) -> None:
        try:
            result = self._analyse(uri, text)
            with self._cond:
                self._settle()
                superseded = uri in self._pending
                if not superseded:
                    self._finished[uri] = (version, result)
                    self.analysed.append((uri, version))
                self._cond.notify_all()
        except Superseded:
            self._finish_cancel()
            self.cancelled.append((uri, version))
            self._cancelled(uri)
            return
        if not superseded:
            self._done(uri, version, result)

    def _settle(self) -> None:
        """The analysis is over: a cancellation not yet delivered is withdrawn (under the
        lock, so none can be sent after it)."""
        if self._cancel_sent:
            _set_async_exc(self._thread.ident, None)
        self._running = None
        self._cancel_sent = False

    def _finish_cancel(self) -> None:
        with self._cond:
            self._running = None
            self._cancel_sent = False
            self._cond.notify_all()
