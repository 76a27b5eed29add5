"""The oracle over the fixtures, with what ../shared/oracle/oracle.py does not record.

Run with the oracle virtualenv's python (torch + Keras), never by pytest itself:

    python tests/oracle_run.py FIXTURES_DIR --out truth.json

Each file goes through oracle.py's own `worker` (the same models, names and counts), in a
child forked from one process that imported torch and Keras once (an import costs seconds,
a fork milliseconds). The child also records, for tests/test_oracle.py:

- `function_models`: `"build.m"`, the models held by the locals of a top-level function
  when it returns from the oracle's own call of it (the contract's names; oracle.py keeps
  only what the function returns);
- `layers`: line -> the parameter counts of every torch module / Keras layer whose
  constructor call is on that line of the file (the `# params:` annotations). torch:
  `sum(p.numel() for p in m.parameters())`; Keras: `count_params()` once built.

and, once, `facts`: the installed releases, the public names of torch.nn and keras.layers,
and which of the names given with --names are one object (nnlint.catalog.names).
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ORACLE = Path(__file__).resolve().parents[2] / "shared" / "oracle" / "oracle.py"
JOBS = 2


def load_oracle(path):
    spec = importlib.util.spec_from_file_location("nnlint_oracle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Recorder:
    """Constructor lines of modules and layers, and the locals of top-level functions."""

    def __init__(self, oracle, path):
        self.oracle = oracle
        self.path = os.path.abspath(path)
        self.created = []  # (line, object)
        self.locals = {}   # function name -> {local name: value}

    def on_init(self, obj):
        frame = sys._getframe(2)
        while frame is not None:
            inside_own_init = frame.f_code.co_name == "__init__" and \
                frame.f_locals.get("self") is obj
            if frame.f_code.co_filename == self.path and not inside_own_init:
                self.created.append((frame.f_lineno, obj))
                return
            frame = frame.f_back

    def call(self, fn, seconds):
        """oracle._call_with_alarm, keeping the locals of a function of the file."""
        code = getattr(fn, "__code__", None)
        if code is None or code.co_filename != self.path:
            return self.real_call(fn, seconds)
        here = sys._getframe()

        def local(frame, event, arg):
            if event == "return":
                self.locals[code.co_name] = dict(frame.f_locals)
            return local

        def outer(frame, event, arg):
            if frame.f_code is code and frame.f_back is not None and \
                    frame.f_back.f_back is here:
                return local
            return None

        sys.settrace(outer)
        try:
            return self.real_call(fn, seconds)
        finally:
            sys.settrace(None)


def layer_params(obj):
    import keras
    import torch
    if isinstance(obj, keras.layers.Layer):
        if not obj.built:
            return None
        try:
            return int(obj.count_params())
        except Exception:
            return None
    params = list(obj.parameters())
    if any(isinstance(p, torch.nn.parameter.UninitializedParameter) for p in params):
        return None
    return int(sum(p.numel() for p in params))


def function_models(oracle, recorder, source):
    _, _, _, indeterminate = oracle.scan_source(source)
    out = {}
    for fname, local_vars in recorder.locals.items():
        for name, value in local_vars.items():
            framework = oracle._framework_of_instance(value)
            if framework is None:
                continue
            full = f"{fname}.{name}"
            try:
                entry = oracle.count_model(value, framework)
            except Exception as exc:
                entry = {"indeterminate": True, "why": f"{type(exc).__name__}: {exc}"}
            if indeterminate is not None and (not indeterminate or full in indeterminate):
                entry = {"indeterminate": True, "why": "file marked indeterminate"}
            out[full] = dict(entry, framework=framework)
    return out


def import_roots(path, fixtures):
    """Folders a fixture's imports resolve from, as its project would install them: each
    folder between it and the fixtures root, their `src/` layouts, and the fake installed
    libraries of tests/fixtures/site."""
    roots = [str(fixtures / "site")]
    folder = Path(path).resolve().parent
    while folder != fixtures and fixtures in folder.parents:
        roots += [str(folder / "src"), str(folder)]
        folder = folder.parent
    return [r for r in roots if os.path.isdir(r)]


_DECLARED = re.compile(r"^class (\w+)\b.*#\s*nnlint:\s*input=(\(.*?\)|\[.*?\])")


def declared_inputs(source) -> dict:
    """class name -> the input shapes its line declares (`# nnlint: input=(1, 16, 16, 3)`)."""
    out = {}
    for line in source.splitlines():
        m = _DECLARED.match(line)
        if m:
            try:
                shapes = ast.literal_eval(m.group(2))
            except (ValueError, SyntaxError):  # a malformed declaration (NNL006 in nnlint)
                continue
            out[m.group(1)] = [shapes] if isinstance(shapes, tuple) else list(shapes)
    return out


def built_on_declared_input(count_model, declared):
    """oracle.count_model that first builds a subclassed Keras model on the input its class
    line declares, as nnlint does: the parameters it would have in the declared use."""
    def count(obj, framework):
        shapes = declared.get(type(obj).__name__)
        if framework == "keras" and shapes and not getattr(obj, "built", True):
            import numpy as np
            obj(*[np.zeros(s, dtype="float32") for s in shapes])
        return count_model(obj, framework)
    return count


def child(oracle, path, out_path, fixtures):
    import torch
    sys.path[:0] = import_roots(path, fixtures)
    recorder = Recorder(oracle, path)
    recorder.real_call = oracle._call_with_alarm
    oracle._call_with_alarm = recorder.call
    oracle.count_model = built_on_declared_input(oracle.count_model,
                                                 declared_inputs(Path(path).read_text()))
    real_init = torch.nn.Module.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        recorder.on_init(self)

    torch.nn.Module.__init__ = init
    oracle.worker(path, out_path)
    torch.nn.Module.__init__ = real_init
    result = json.loads(Path(out_path).read_text())
    source = Path(path).read_text()
    try:
        result["function_models"] = function_models(oracle, recorder, source)
    except Exception as exc:
        result["function_models_error"] = f"{type(exc).__name__}: {exc}"
    layers = {}
    for line, obj in recorder.created:
        try:
            n = layer_params(obj)
        except Exception:
            n = None
        if n is not None:
            layers.setdefault(str(line), []).append(n)
    result["layers"] = {k: sorted(set(v)) for k, v in layers.items()}
    result.pop("_log", None)
    Path(out_path).write_text(json.dumps(result))


def run_all(oracle, root, files, timeout):
    results, running, queue = {}, {}, list(files)
    while queue or running:
        while queue and len(running) < JOBS:
            rel = queue.pop(0)
            fd, tmp = tempfile.mkstemp(suffix=".json")
            os.close(fd)
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    sys.stdout.flush()
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, 1)
                    os.dup2(devnull, 2)
                    child(oracle, str(root / rel), tmp, root)
                except BaseException:
                    code = 1
                os._exit(code)
            running[pid] = (rel, tmp, time.monotonic())
        time.sleep(0.02)
        for pid, (rel, tmp, start) in list(running.items()):
            done, _ = os.waitpid(pid, os.WNOHANG)
            late = time.monotonic() - start > timeout
            if not done and not late:
                continue
            if not done:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            del running[pid]
            try:
                results[rel] = json.loads(Path(tmp).read_text())
            except Exception:
                results[rel] = {"models": {}, "error": "timeout" if late else "worker died"}
            os.unlink(tmp)
            print(f"[{time.monotonic() - start:5.1f}s] {rel}", file=sys.stderr)
    return results


def facts(names):
    """What the installed frameworks say of nnlint's facts about names: each name's object
    (an id shared by two names of one object; None where there is no such name), the
    releases, and the public names of torch.nn and keras.layers."""
    import importlib

    import keras
    import torch

    def resolve(name):
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            try:
                for part in parts[i:]:
                    obj = getattr(obj, part)
            except AttributeError:
                return None
            return id(obj)
        return None

    return {"objects": {n: resolve(n) for n in names},
            "torch": torch.__version__, "keras": keras.__version__,
            "torch.nn": sorted(n for n in dir(torch.nn) if n[:1].isupper()),
            "keras.layers": sorted(n for n in dir(keras.layers) if not n.startswith("_"))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fixtures")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("--oracle", default=str(ORACLE))
    ap.add_argument("--names", help="a JSON list of qualified names to resolve (facts)")
    args = ap.parse_args()
    os.environ["KERAS_BACKEND"] = "torch"
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    oracle = load_oracle(args.oracle)
    import keras  # noqa: F401  (imported once, before the forks)
    import numpy  # noqa: F401
    import torch
    torch.set_num_threads(1)
    root = Path(args.fixtures).resolve()
    files = oracle.find_files(str(root))
    start = time.monotonic()
    results = run_all(oracle, root, files, args.timeout)
    names = json.loads(Path(args.names).read_text()) if args.names else []
    Path(args.out).write_text(json.dumps({"facts": facts(names), "files": results},
                                         sort_keys=True, indent=1))
    print(f"oracle_run: {len(files)} files, {time.monotonic() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
