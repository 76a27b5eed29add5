"""Where nnlint's time goes, as ratios measured side by side in one run (medians).

    python benchmarks/speed.py [PATH ...]     (default: ../shared/corpus and examples/)
    python benchmarks/speed.py --repos [DIR] [--against PYTHON]
    python benchmarks/speed.py --done-when [--rounds N]

`--done-when`: the figures issue 10 asks for, side by side in one run, medians: flake8
-j1 with nnlint's plugin (cold cache, then warm) against flake8 alone (the same flake8
with the plugin left out) on the standard library's files, ../shared/corpus and
torchvision/models (../rw), and the floor of any plugin built on LibCST (flake8 alone, then
LibCST imported and every file parsed: nnlint's interpreter walks LibCST's trees, so no
analysis can cost less); `nnlint` cold against warm on torchvision/models; `-j 2`
against `-j 1` on 1,000 files (the corpus copied over); the 10,000-line file of 5,000
layers; the peak memory of `nnlint` on torchvision/models. Times are wall-clock and
CPU (user + system of the child processes); on a shared, loaded machine the CPU ratio
is the steadier one.

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


# flake8 without nnlint's plugin: the same flake8, its plugin finder told to skip nnlint
_FLAKE8_ALONE = """
import sys
import flake8.plugins.finder as finder
found = finder._find_importlib_plugins
finder._find_importlib_plugins = lambda: (p for p in found() if p.package != "nnlint")
from flake8.main.cli import main
sys.exit(main())
"""

# the least any plugin built on LibCST costs: flake8 alone, then LibCST imported and every
# file parsed (nnlint's interpreter walks LibCST's trees; flake8 hands plugins CPython's)
_FLAKE8_AND_LIBCST = _FLAKE8_ALONE.replace("sys.exit(main())", """try:
    main()
except SystemExit:
    pass
import os
import libcst
for p in [a for a in sys.argv[1:] if os.path.exists(a)]:
    for root, _, names in os.walk(p):
        for n in names:
            if n.endswith(".py"):
                try:
                    libcst.parse_module(open(os.path.join(root, n), "rb").read())
                except Exception:
                    pass
""")

_PEAK = """
import resource, sys
from nnlint.adapters.cli import main
main(["-j1", "--no-cache", "--format", "json", sys.argv[1]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _child(cmd, env=None, cwd=None):
    """(wall seconds, CPU seconds of the child, peak resident KB of the children so far)."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=env, cwd=cwd)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def _medians(runs):
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _ratio(name, mine, theirs, target):
    (w1, c1), (w0, c0) = _medians(mine), _medians(theirs)
    print(f"  {name:58} {w1:7.2f} s / {w0:6.2f} s = {w1 / w0:5.2f}x wall, "
          f"CPU {c1:6.2f} s / {c0:6.2f} s = {c1 / c0:5.2f}x   (target {target})")


def done_when(argv):
    import shutil
    import sysconfig
    import tempfile
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 5
    py = sys.executable
    tmp = tempfile.mkdtemp(prefix="nnlint-speed-")
    rw = os.path.join(ROOT, "..", "rw", "00-pytorch+vision")
    stdlib = sysconfig.get_paths()["stdlib"]
    library = [os.path.join(stdlib, d) for d in ("json", "email", "http", "asyncio")]
    sets = [("stdlib (json, email, http, asyncio)", library, "<= 1.10x"),
            ("../shared/corpus", [os.path.join(ROOT, "..", "shared", "corpus")], "<= 1.6x"),
            ("torchvision/models", [os.path.join(rw, "torchvision", "models")], "<= 3x")]
    print(f"flake8 -j1, medians of {rounds} rounds (cold: an empty cache each round)")
    for name, paths, target in sets:
        cold, warm, alone, floor = [], [], [], []
        for i in range(rounds):
            cache = os.path.join(tmp, f"flake8-{len(name)}-{i}")
            env = dict(os.environ, NNLINT_CACHE_DIR=cache)
            cmd = ["-j1", "--select", "NNL,E9,F", *paths]
            alone.append(_child([py, "-c", _FLAKE8_ALONE, *cmd]))
            floor.append(_child([py, "-c", _FLAKE8_AND_LIBCST, *cmd]))
            cold.append(_child([py, "-m", "flake8", *cmd], env))
            warm.append(_child([py, "-m", "flake8", *cmd], env))
        _ratio(f"{name}, empty cache / flake8 alone", cold, alone, target)
        _ratio(f"{name}, warm cache / flake8 alone", warm, alone, "<= 1.25x")
        _ratio(f"{name}, floor: + LibCST import and parse", floor, alone, "the least")
    models = os.path.join(rw, "torchvision", "models")
    cold, warm = [], []
    for i in range(rounds):
        env = dict(os.environ, NNLINT_CACHE_DIR=os.path.join(tmp, f"cli-{i}"))
        cold.append(_child([py, "-m", "nnlint", "-j1", "--format", "json", models], env))
        warm.append(_child([py, "-m", "nnlint", "-j1", "--format", "json", models], env))
    print("nnlint on torchvision/models")
    _ratio("cold / warm cache (the warm run's speed-up)", cold, warm, ">= 20x")
    jobs(max(rounds // 2, 1), tmp)
    big = os.path.join(tmp, "big.py")
    with open(big, "w") as fh:
        fh.write(_big_file())
    wall, cpu, _ = _child([py, "-m", "nnlint", "--no-cache", "--format", "json", big])
    out = subprocess.run([py, "-m", "nnlint", "--no-cache", "--format", "json", big],
                         capture_output=True, text=True).stdout
    print(f"10,000-line file of 5,000 layers: {wall:.1f} s wall, {cpu:.1f} s CPU, "
          f"counted: {'total_params' in out and 'NNL004' not in out}")
    peak = int(subprocess.run([py, "-c", _PEAK, models], capture_output=True, text=True,
                              env=dict(os.environ, NNLINT_NO_CACHE="1")).stderr.split()[-1])
    print(f"peak memory of `nnlint -j1` on torchvision/models, empty cache: "
          f"{peak / 1024:.0f} MB (target < 200 MB)")
    shutil.rmtree(tmp, ignore_errors=True)


def jobs(rounds, tmp=None):
    """-j 1 against -j 2 on 1,000 files (the corpus copied over), no cache."""
    import shutil
    import tempfile
    py = sys.executable
    tmp = tmp or tempfile.mkdtemp(prefix="nnlint-speed-")
    many = os.path.join(tmp, "many")
    corpus = files_under([os.path.join(ROOT, "..", "shared", "corpus")])
    for i in range(1000):
        folder = os.path.join(many, f"part{i // 50}")
        os.makedirs(folder, exist_ok=True)
        src = corpus[i % len(corpus)]
        shutil.copy(src, os.path.join(folder, f"f{i:04d}_{os.path.basename(src)}"))
    one, two = [], []
    for _ in range(rounds):
        one.append(_child([py, "-m", "nnlint", "--no-cache", "-j1", "--format", "json", many]))
        two.append(_child([py, "-m", "nnlint", "--no-cache", "-j2", "--format", "json", many]))
    print(f"1,000 files (the corpus copied), no cache: -j 1 {_medians(one)[0]:.2f} s, "
          f"-j 2 {_medians(two)[0]:.2f} s = {_medians(one)[0] / _medians(two)[0]:.2f}x faster "
          f"(target ~1.8x; {os.cpu_count()} cores)")


def _big_file():
    lines = ["import torch.nn as nn", "", "", "class Big(nn.Module):",
             "    def __init__(self):", "        super().__init__()"]
    lines += [f"        self.fc{i} = nn.Linear({i % 50 + 1}, {(i + 1) % 50 + 1})"
              for i in range(5000)]
    lines += ["", "    def forward(self, x):"]
    lines += [f"        x = self.fc{i}(x)" for i in range(5000)]
    return "\n".join(lines + ["        return x", ""])


def main(argv):
    if argv[:1] == ["--repos"]:
        return repos(argv[1:])
    if argv[:1] == ["--done-when"]:
        return done_when(argv[1:])
    if argv[:1] == ["--jobs"]:
        return jobs(int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 3)
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
