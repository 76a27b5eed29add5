"""Where nnlint's time goes, as ratios measured side by side in one run (medians).

    python benchmarks/speed.py [PATH ...]     (default: ../shared/corpus and examples/)
    python benchmarks/speed.py --repos [DIR] [--against PYTHON]

`--repos`: whole-repository runs (`nnlint DIR`, one process each, as in CI or pre-commit)
over the real-world set's files (DIR, default ../rw: one folder per repository, as
`../shared/realworld/score.py --keep` materialises them), in lines per second. `--against`
runs another checkout's nnlint (its venv's python) in the same rounds, alternating, and
gives the ratio of the times: how this checkout compares with it, measured side by side.

For each round, over the same files: CPython's ast.parse, LibCST's parse alone, and
nnlint's lint_source (parse + positions + evaluation + counting). Also the start-up cost of
`nnlint --version` and of a run on files that mention no framework (skipped on their bytes).
The machine is shared and noisy: read the ratios, not the absolute times.
"""

from __future__ import annotations

import ast
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def files_under(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                out += [os.path.join(root, n) for n in sorted(names) if n.endswith(".py")]
        elif p.endswith(".py"):
            out.append(p)
    return out


def timed(fn, rounds):
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def repos(argv):
    """Whole-repository runs, medians of 3 rounds, alternating with --against."""
    against = None
    if "--against" in argv:
        i = argv.index("--against")
        against = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    base = argv[0] if argv else os.path.join(ROOT, "..", "rw")
    dirs = sorted(os.path.join(base, d) for d in os.listdir(base)
                  if os.path.isdir(os.path.join(base, d)))
    pythons = [sys.executable] + ([against] if against else [])

    def run(python, d):
        env = dict(os.environ, PYTHONPATH="")
        return lambda: subprocess.run([python, "-m", "nnlint", "--format", "json", d],
                                      capture_output=True, env=env, cwd=d)

    total = {p: 0.0 for p in pythons}
    all_lines = 0
    print(f"{'repository':32} {'files':>5} {'lines':>7} " +
          " ".join(f"{'this' if p == sys.executable else 'against':>16}" for p in pythons))
    for d in dirs:
        files = files_under([d])
        lines = sum(open(f, "rb").read().count(b"\n") for f in files)
        all_lines += lines
        times = {p: [] for p in pythons}
        for _ in range(3):
            for p in pythons:
                t = time.perf_counter()
                run(p, d)()
                times[p].append(time.perf_counter() - t)
        cells = []
        for p in pythons:
            med = statistics.median(times[p])
            total[p] += med
            cells.append(f"{med:6.2f} s {lines / med:6,.0f}/s")
        print(f"{os.path.basename(d):32} {len(files):5} {lines:7,} " + " ".join(cells))
    line = f"{'all':32} {'':5} {all_lines:7,} " + " ".join(
        f"{total[p]:6.2f} s {all_lines / total[p]:6,.0f}/s" for p in pythons)
    print(line)
    if against:
        print(f"this / against: {total[sys.executable] / total[against]:.2f}x the time")


def main(argv):
    if argv[:1] == ["--repos"]:
        return repos(argv[1:])
    import libcst

    from nnlint.api import lint_source

    paths = argv or [os.path.join(ROOT, "..", "shared", "corpus"), os.path.join(ROOT, "examples")]
    files = files_under(paths)
    data = [open(f, "rb").read() for f in files]
    lines = sum(d.count(b"\n") for d in data)
    rounds = 7
    t_ast = timed(lambda: [ast.parse(d) for d in data], rounds)
    t_cst = timed(lambda: [libcst.parse_module(d) for d in data], rounds)
    t_nn = timed(lambda: [lint_source(d, f) for f, d in zip(files, data)], rounds)
    plain = [b"import os\n\ndef f(x):\n    return x + 1\n" * 50] * len(files)
    t_skip = timed(lambda: [lint_source(d, "plain.py") for d in plain], rounds)
    t_version = timed(lambda: subprocess.run([sys.executable, "-m", "nnlint", "--version"],
                                             capture_output=True), 5)
    t_python = timed(lambda: subprocess.run([sys.executable, "-c", "pass"],
                                            capture_output=True), 5)
    print(f"{len(files)} files, {lines} lines, median of {rounds} rounds")
    print(f"  ast.parse            {t_ast * 1000:8.1f} ms   1.0x")
    print(f"  libcst.parse_module  {t_cst * 1000:8.1f} ms  {t_cst / t_ast:5.1f}x ast")
    print(f"  nnlint lint_source   {t_nn * 1000:8.1f} ms  {t_nn / t_ast:5.1f}x ast, "
          f"{t_nn / t_cst:4.2f}x libcst parse, {lines / t_nn:,.0f} lines/s")
    per_file = sorted(timed(lambda: lint_source(d, f), 3) for f, d in zip(files, data))
    print(f"  per file (an editor keystroke): median {statistics.median(per_file) * 1000:.1f} ms, "
          f"90th percentile {per_file[int(len(per_file) * 0.9)] * 1000:.1f} ms, "
          f"slowest {per_file[-1] * 1000:.1f} ms")
    print(f"  files without a framework: {t_skip / len(plain) * 1e6:.1f} us per file (not parsed)")
    print(f"  nnlint --version: {t_version * 1000:.0f} ms "
          f"({t_version / t_python:.1f}x a bare `python -c pass`)")


if __name__ == "__main__":
    main(sys.argv[1:])
