"""Run nnlint over every .py of the standard library and of site-packages: it must never
crash, hang or fail internally, and each file must finish within a time bound.

    python benchmarks/sweep.py                    # stdlib + this interpreter's site-packages
    python benchmarks/sweep.py --root DIR ...     # more folders (e.g. a venv with torch)
    python benchmarks/sweep.py --as-is            # only files that mention a framework
    python benchmarks/sweep.py --no-imports       # each file alone (fast on the stdlib)
    python benchmarks/sweep.py --json out.json --jobs 2 --timeout 60 --limit 2000

By default every file is analysed as if it mentioned torch (the byte filter that skips
other files is switched off), so the whole parser, guard and evaluator see the standard
library. Files are handed one at a time to worker processes; a file that exceeds the
timeout or kills its worker (a crash) is recorded and the worker replaced, so one bad file
never stops the sweep. Internal errors are raised in the workers (as in the tests) and
recorded with their traceback. The report ends with the slowest files.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import sysconfig
import time
import traceback
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ------------------------------------------------------------------ worker side
def worker(force: bool, imports: bool) -> None:
    """Read paths on stdin, write one JSON line per file on stdout."""
    sys.path.insert(0, ROOT)
    import resource

    import nnlint.api as api
    from nnlint.source.project import Project

    api.RAISE_INTERNAL_ERRORS = True
    if force:
        api.mentions_framework = lambda raw: True
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing nnlint prints may corrupt the protocol
    for line in sys.stdin:
        path = line.rstrip("\n")
        rec = {"path": path}
        start = time.perf_counter()
        try:
            # a fresh Project per file, as one `nnlint FILE` run; without imports, other
            # files of the tree stay outside names (a stdlib file imports half the stdlib)
            project = Project() if imports else Project(exists=lambda p: False)
            report = api.lint_file(path, project=project)
            rec["skipped"] = report.skipped
            rec["codes"] = sorted({d.code for d in report.diagnostics})
            rec["refused"] = any(d.code == "NNL004" and "not analysed" in d.message
                                 for d in report.diagnostics)
            rec["models"] = len(report.models)
            rec["exact"] = sum(m.exact for m in report.models)
        except BaseException as exc:  # an internal error: the point of the sweep
            rec["error"] = f"{type(exc).__name__}: {exc}"[:300]
            tb = traceback.extract_tb(exc.__traceback__)
            rec["where"] = [f"{os.path.relpath(f.filename, ROOT)}:{f.lineno} {f.name}"
                            for f in tb if "nnlint" in f.filename][-4:]
        rec["seconds"] = round(time.perf_counter() - start, 4)
        rec["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        out.write(json.dumps(rec) + "\n")
        out.flush()


# ------------------------------------------------------------------ driver side
class Worker:
    def __init__(self, force, imports):
        cmd = [sys.executable, os.path.abspath(__file__), "--worker"]
        if not force:
            cmd.append("--as-is")
        if not imports:
            cmd.append("--no-imports")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.path = None
        self.started = 0.0

    def send(self, path):
        self.path, self.started = path, time.perf_counter()
        self.proc.stdin.write(path + "\n")
        self.proc.stdin.flush()

    def kill(self):
        self.proc.kill()
        self.proc.wait()


def python_files(roots):
    seen = set()
    for root in roots:
        for dirpath, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".py"):
                    path = os.path.realpath(os.path.join(dirpath, name))
                    if path not in seen and os.path.isfile(path):
                        seen.add(path)
                        yield path


def default_roots():
    paths = sysconfig.get_paths()
    roots = [paths["stdlib"]]
    for key in ("purelib", "platlib"):
        if paths[key] not in roots and os.path.isdir(paths[key]):
            roots.append(paths[key])
    return roots


def run(files, jobs, timeout, force, imports, log=None, progress=True):
    records = []
    log = open(log, "w") if log else None

    def new_worker():
        return Worker(force, imports)

    def record(rec):
        records.append(rec)
        if log:
            log.write(json.dumps(rec) + "\n")
            log.flush()

    queue = list(files)
    total = len(queue)
    workers = [new_worker() for _ in range(min(jobs, len(queue)) or 1)]
    idle = list(workers)
    busy = {}
    shown = 0
    while queue or busy:
        while idle and queue:
            w = idle.pop()
            w.send(queue.pop(0))
            busy[w.proc.stdout.fileno()] = w
        ready, _, _ = select.select(list(busy), [], [], 1.0)
        for fd in ready:
            w = busy.pop(fd)
            line = w.proc.stdout.readline()
            if line:
                record(json.loads(line))
                idle.append(w)
            else:  # the worker died on this file: a crash (segfault, abort, OOM kill)
                code = w.proc.wait()
                record({"path": w.path, "crash": f"worker died (exit {code})",
                        "seconds": round(time.perf_counter() - w.started, 2)})
                idle.append(new_worker())
        now = time.perf_counter()
        for fd, w in list(busy.items()):
            if now - w.started > timeout:
                busy.pop(fd)
                w.kill()
                record({"path": w.path, "timeout": True, "seconds": round(now - w.started, 2)})
                idle.append(new_worker())
        if progress and len(records) >= shown + 1000:
            shown = len(records)
            print(f"  {shown}/{total} files", file=sys.stderr, flush=True)
    for w in idle + list(busy.values()):
        w.proc.stdin.close()
        w.kill()
    if log:
        log.close()
    return records


def summarize(records, roots, elapsed, top=15):
    codes = Counter(c for r in records for c in r.get("codes", []))
    errors = [r for r in records if "error" in r]
    crashes = [r for r in records if "crash" in r]
    timeouts = [r for r in records if r.get("timeout")]
    analysed = [r for r in records if "codes" in r and not r.get("skipped")]
    times = sorted((r["seconds"] for r in records if "seconds" in r), reverse=True)
    summary = {
        "roots": roots,
        "files": len(records),
        "analysed": len(analysed),
        "skipped_on_bytes": sum(1 for r in records if r.get("skipped")),
        "refused_by_guard": sum(1 for r in records if r.get("refused")),
        "syntax_errors": codes.get("NNL001", 0),
        "unreadable": codes.get("NNL002", 0),
        "evaluation_limits": codes.get("NNL004", 0),
        "internal_errors": len(errors),
        "crashes": len(crashes),
        "timeouts": len(timeouts),
        "models": sum(r.get("models", 0) for r in records),
        "exact_models": sum(r.get("exact", 0) for r in records),
        "seconds_total": round(elapsed, 1),
        "seconds_median": times[len(times) // 2] if times else 0,
        "seconds_max": times[0] if times else 0,
        "max_worker_rss_mb": max((r.get("rss_mb", 0) for r in records), default=0),
        "slowest": sorted(({"path": r["path"], "seconds": r["seconds"]} for r in records
                           if "seconds" in r), key=lambda r: -r["seconds"])[:top],
        "errors": [{k: r[k] for k in ("path", "error", "where") if k in r} for r in errors],
        "crashed": crashes,
        "timed_out": timeouts,
    }
    return summary


def print_summary(s):
    print(f"roots: {', '.join(s['roots'])}")
    print(f"files: {s['files']}  analysed: {s['analysed']}  skipped on bytes: "
          f"{s['skipped_on_bytes']}  refused by the guard: {s['refused_by_guard']}")
    print(f"syntax errors (NNL001): {s['syntax_errors']}  unreadable (NNL002): "
          f"{s['unreadable']}  evaluation limits (NNL004): {s['evaluation_limits']}")
    print(f"models: {s['models']}  exact: {s['exact_models']}")
    print(f"INTERNAL ERRORS: {s['internal_errors']}  CRASHES: {s['crashes']}  "
          f"TIMEOUTS: {s['timeouts']}")
    print(f"time: {s['seconds_total']} s total, median {s['seconds_median']} s/file, "
          f"max {s['seconds_max']} s; max worker RSS {s['max_worker_rss_mb']} MB")
    for e in s["errors"][:40]:
        print(f"  ERROR {e['path']}: {e['error']}\n        at {' <- '.join(e.get('where', []))}")
    for c in s["crashed"]:
        print(f"  CRASH {c['path']}: {c['crash']}")
    for t in s["timed_out"]:
        print(f"  TIMEOUT {t['path']} ({t['seconds']} s)")
    print("slowest files:")
    for r in s["slowest"]:
        print(f"  {r['seconds']:8.2f} s  {r['path']}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", action="append", default=[],
                    help="also sweep this folder (repeatable)")
    ap.add_argument("--only", action="store_true", help="sweep only the --root folders")
    ap.add_argument("--as-is", action="store_true",
                    help="keep the byte filter: analyse only files mentioning a framework")
    ap.add_argument("--no-imports", action="store_true",
                    help="do not follow imports into other files of the tree (much faster "
                         "on the standard library, where every file imports others)")
    ap.add_argument("--log", help="write each file's record here as it comes (JSON lines)")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per file (60)")
    ap.add_argument("--limit", type=int, default=0, help="at most this many files")
    ap.add_argument("--json", help="write the summary as JSON here")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(force=not args.as_is, imports=not args.no_imports)
        return 0
    roots = ([] if args.only else default_roots()) + args.root
    files = list(python_files(roots))
    if args.limit:
        files = files[:args.limit]
    print(f"sweeping {len(files)} files with {args.jobs} workers", file=sys.stderr)
    start = time.perf_counter()
    records = run(files, args.jobs, args.timeout, force=not args.as_is,
                  imports=not args.no_imports, log=args.log)
    summary = summarize(records, roots, time.perf_counter() - start)
    print_summary(summary)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(summary, fh, indent=1)
    bad = summary["internal_errors"] + summary["crashes"] + summary["timeouts"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
