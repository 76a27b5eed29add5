#!/usr/bin/env python
"""nnlint MACs oracle: output shapes and multiply-accumulates from the real frameworks.

Run with the oracle venv's python (../../shared/oracle/setup.sh makes it):

    ~/.cache/nnlint-oracle/bin/python tests/oracle_macs.py PATH... [--out FILE]
        [--oracle-dir DIR] [--timeout S] [--jobs N]

tests/fixtures/macs/expected_macs.json is this run on a copy of tests/fixtures/macs/torch_*.py
(the Keras fixtures there have their own *.expected.json).

PATH is a .py file or a directory (its *.py files, recursively, sorted, as
oracle.py finds them).  Each file runs in its own subprocess, exactly as in
oracle.py (same tensorflow->Keras 3 shim, KERAS_BACKEND=torch, fresh
namespace), and its models are found and named as oracle.py names them:

  * top-level `class Foo(nn.Module | keras.Model)`: "Foo", built as Foo();
  * module-level assignment `net = <expr>` whose value is a model: "net";
  * top-level function callable with no arguments returning a model: its name.

A model is measured when it has an input:

  * declared: a comment `# nnlint: input=(1, 3, 224, 224)` on the class line
    (any line of the class header), on any line of the assignment statement,
    or on the def line of a factory function.  Several inputs: a list of
    tuples, `# nnlint: input=[(1, 10), (1, 20)]`.  Optional dtype, one for all
    inputs: `# nnlint: input=(1, 16) dtype=int64` (also `, dtype=long`).
  * Keras models without a declaration: the input shape(s) the model already
    has (model.inputs, or the shape given to model.build), batch set to 1.
    With a declaration, the declaration wins and the Keras shape is recorded
    beside it ("keras_input") so a disagreement is visible.

The model is put in eval() mode, called once on zeros of that shape as a
warm-up (Keras builds its layers on the first call, and that first call also
traces call() symbolically, which the counter would count as a second forward;
torch lazy modules materialize), then called inside
torch.utils.flop_counter.FlopCounterMode(display=False), twice:

  * "decomposed" (the primary numbers: flops / macs / flop_counts / by_module):
    grad mode on (so nn.MultiheadAttention / TransformerEncoderLayer do not
    take their fused CPU fast path), torch.backends.mkldnn disabled (so
    nn.LSTM runs as addmm per step instead of one mkldnn_rnn_layer kernel) and
    SDPA forced to the math backend (so F.scaled_dot_product_attention runs as
    two bmm instead of _scaled_dot_product_flash_attention_for_cpu).  Every op
    the counter sees is then one it has a formula for; for SDPA the math path
    gives exactly the counter's own sdpa formula.
  * "as_is": torch.no_grad(), default CPU backends - what a naive
    measurement on this machine gets.  Fused CPU kernels the counter has no
    formula for (mkldnn LSTM, flash-attention-for-cpu, the MHA fast path) count
    0 there.  Stored under "as_is" with its own flops/macs/flop_counts.

MACs = FLOPs // 2 (the counter counts a multiply-add as 2 FLOPs).

Output (sorted keys, indent 1):
  {"generated_by": "oracle_macs.py", "torch": ver, "keras": ver,
   "files": {"path.py": {"models": {"Name": {
        "framework", "kind", "line", "input": [[1,3,224,224], ...],
        "dtype": "float32", "input_source": "comment"|"keras",
        "output_shapes": <shape, or nested lists/dicts of shapes>,
        "flops", "macs", "flop_counts": {"aten.convolution": N, ...},
        "by_module": {"Global": {...}, "Net.layer1": {...}, ...},
        "as_is": {"flops", "macs", "flop_counts"},
        "total_params"}
      | {..., "error": "..."}},
     "skipped": {"Name": "why"},      (models with no input)
     "error": "..."}}}                 (only if the file failed to run)
"""

import argparse
import ast
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tokenize
import traceback
import types
from concurrent.futures import ThreadPoolExecutor

DEFAULT_ORACLE_DIR = os.environ.get(
    "NNLINT_ORACLE_DIR",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "oracle"))
if not os.path.exists(os.path.join(DEFAULT_ORACLE_DIR, "oracle.py")):
    DEFAULT_ORACLE_DIR = "/work/shared/oracle"

INPUT_RE = re.compile(r"#\s*nnlint:\s*input\s*=\s*([^#]*)")  # up to a next comment (# total: ...)
DTYPE_RE = re.compile(r",?\s*\bdtype\s*=\s*([A-Za-z_][A-Za-z0-9_.]*)\s*$")

DTYPE_ALIASES = {
    "float": "float32", "float32": "float32", "f32": "float32",
    "double": "float64", "float64": "float64",
    "half": "float16", "float16": "float16", "bfloat16": "bfloat16",
    "long": "int64", "int64": "int64", "int": "int64", "int32": "int32",
    "bool": "bool",
}


def _load_oracle(oracle_dir):
    sys.path.insert(0, os.path.abspath(oracle_dir))
    import oracle  # noqa: E402  the project's parameter oracle
    return oracle


# --------------------------------------------------------------------------
# declared inputs, from comments
# --------------------------------------------------------------------------

def parse_input_spec(text):
    """'(1, 3, 224, 224)' | '[(1, 10), (1, 20)]' [dtype=...] -> (shapes, dtype)."""
    text = text.strip()
    dtype = None
    m = DTYPE_RE.search(text)
    if m:
        name = m.group(1).split(".")[-1]
        if name not in DTYPE_ALIASES:
            raise ValueError(f"unknown dtype {m.group(1)!r}")
        dtype = DTYPE_ALIASES[name]
        text = text[:m.start()].strip()
    value = ast.literal_eval(text)
    if isinstance(value, tuple) and all(isinstance(d, int) for d in value):
        shapes = [list(value)]
    elif (isinstance(value, list) and value
          and all(isinstance(t, tuple) and all(isinstance(d, int) for d in t)
                  for t in value)):
        shapes = [list(t) for t in value]
    else:
        raise ValueError(f"not a shape or a list of shapes: {text!r}")
    if any(d < 0 for s in shapes for d in s):
        raise ValueError(f"negative dimension in {text!r}")
    return shapes, dtype or "float32"


def comments_by_line(source):
    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string
    return out


def declared_inputs(source, oracle):
    """{name: {"spec": ..., "line": n} | {"error": ...}} keyed as oracle.py names models."""
    tree = ast.parse(source)
    comments = comments_by_line(source)
    spans = {}  # name -> list of (first, last) line ranges to search

    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef):
            last = stmt.body[0].lineno - 1 if stmt.body else stmt.lineno
            spans.setdefault(stmt.name, []).append((stmt.lineno, max(last, stmt.lineno)))
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            last = stmt.body[0].lineno - 1 if stmt.body else stmt.lineno
            spans.setdefault(stmt.name, []).append((stmt.lineno, max(last, stmt.lineno)))
    for stmt in oracle._module_level_statements(tree.body):
        targets = []
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets = [stmt.target]
        for t in targets:
            for name in oracle._assigned_names(t):
                spans.setdefault(name, []).append((stmt.lineno, stmt.end_lineno or stmt.lineno))

    found = {}
    for name, ranges in spans.items():
        for first, last in ranges:
            for ln in range(first, last + 1):
                c = comments.get(ln)
                if not c:
                    continue
                m = INPUT_RE.search(c)
                if not m:
                    continue
                try:
                    shapes, dtype = parse_input_spec(m.group(1))
                    found[name] = {"input": shapes, "dtype": dtype, "comment_line": ln}
                except Exception as e:
                    found[name] = {"error": f"bad '# nnlint: input=' comment on line {ln}: "
                                            f"{type(e).__name__}: {e}", "comment_line": ln}
    return found


# --------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------

def _shape_tree(obj):
    import torch
    if isinstance(obj, torch.Tensor):
        return list(obj.shape)
    if isinstance(obj, (list, tuple)):
        return [_shape_tree(o) for o in obj]
    if isinstance(obj, dict):
        return {str(k): _shape_tree(v) for k, v in obj.items()}
    if obj is None:
        return None
    shape = getattr(obj, "shape", None)  # keras / numpy
    if shape is not None:
        return [int(d) for d in shape]
    return f"<{type(obj).__name__}>"


def _keras_input_shapes(model):
    """Input shapes a built Keras model has, batch set to 1; None if unknown."""
    shapes = None
    try:
        inputs = model.inputs
    except Exception:
        inputs = None
    if inputs:
        shapes = [list(t.shape) for t in inputs]
    else:
        d = getattr(model, "_build_shapes_dict", None) or {}
        if len(d) == 1:
            s = list(d.values())[0]
            if isinstance(s, (list, tuple)) and s and isinstance(s[0], (list, tuple)):
                shapes = [list(x) for x in s]
            elif s is not None:
                shapes = [list(s)]
    if not shapes:
        return None, "keras model has no known input shape"
    out = []
    for s in shapes:
        s = [1 if (i == 0 and d is None) else d for i, d in enumerate(s)]
        if any(d is None for d in s):
            return None, f"keras input shape {s} has unknown dimensions"
        out.append([int(d) for d in s])
    return out, None


def _counts(counter):
    per_module = {}
    for mod, ops in counter.get_flop_counts().items():
        per_module[str(mod)] = {str(op): int(n) for op, n in sorted(ops.items(), key=lambda kv: str(kv[0]))}
    total = int(counter.get_total_flops())
    return total, per_module.get("Global", {}), per_module


def _forward(model, framework, inputs):
    if framework == "keras":
        arg = inputs[0] if len(inputs) == 1 else list(inputs)
        return model(arg, training=False)
    return model(*inputs)


def measure(model, framework, shapes, dtype_name):
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    dtype = getattr(torch, dtype_name)
    if hasattr(model, "eval") and framework == "torch":
        model.eval()

    def make_inputs():
        return [torch.zeros(s, dtype=dtype) for s in shapes]

    # warm-up call outside the counter: builds Keras layers (a first Keras call
    # also traces call() symbolically, which the counter would see as a second
    # forward) and materializes torch lazy modules.
    with torch.no_grad():
        _forward(model, framework, make_inputs())

    result = {}
    # decomposed: every op reaches the counter as one it has a formula for
    from torch.nn.attention import sdpa_kernel, SDPBackend
    with torch.enable_grad(), torch.backends.mkldnn.flags(enabled=False), \
            sdpa_kernel(SDPBackend.MATH):
        counter = FlopCounterMode(display=False, depth=None)
        with counter:
            out = _forward(model, framework, make_inputs())
    total, glob, per_module = _counts(counter)
    result.update({"output_shapes": _shape_tree(out), "flops": total, "macs": total // 2,
                   "flop_counts": glob, "by_module": per_module})
    del out
    # as is: no_grad, default CPU kernels
    with torch.no_grad():
        counter = FlopCounterMode(display=False, depth=None)
        with counter:
            out2 = _forward(model, framework, make_inputs())
    total2, glob2, _ = _counts(counter)
    result["as_is"] = {"flops": total2, "macs": total2 // 2, "flop_counts": glob2}
    shapes2 = _shape_tree(out2)
    if shapes2 != result["output_shapes"]:
        result["as_is"]["output_shapes"] = shapes2
    return result


# --------------------------------------------------------------------------
# worker: one file
# --------------------------------------------------------------------------

def worker(path, out_path, oracle_dir):
    oracle = _load_oracle(oracle_dir)
    result = {"models": {}, "skipped": {}}
    log = []
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        classes, functions, assigns, _ = oracle.scan_source(source)
        declared = declared_inputs(source, oracle)
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {e}"
        _write(out_path, result, log)
        return

    os.environ["KERAS_BACKEND"] = "torch"
    filedir = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, filedir)
    sys.argv = [path]
    os.chdir(filedir)
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(0)

    modname = "__nnlint_oracle_target__"
    oracle._TensorflowShim(modname, filedir).install()
    module = types.ModuleType(modname)
    module.__file__ = os.path.abspath(path)
    sys.modules[modname] = module
    ns = module.__dict__
    try:
        exec(compile(source, path, "exec"), ns)
    except BaseException as e:
        result["error"] = f"{type(e).__name__}: {e}"
        log.append(traceback.format_exc(limit=-3))
        _write(out_path, result, log)
        return

    models, skipped = result["models"], result["skipped"]

    def record(name, kind, line, obj, framework):
        entry = {"framework": framework, "kind": kind, "line": line}
        decl = declared.get(name)
        try:
            if decl and "error" in decl:
                entry["error"] = decl["error"]
                models[name] = entry
                return
            keras_shapes, why = (None, None)
            if framework == "keras":
                keras_shapes, why = _keras_input_shapes(obj)
            if decl:
                shapes, dtype, source_ = decl["input"], decl["dtype"], "comment"
                if keras_shapes is not None and keras_shapes != shapes:
                    entry["keras_input"] = keras_shapes
            elif keras_shapes is not None:
                shapes, dtype, source_ = keras_shapes, "float32", "keras"
            else:
                skipped[name] = why or "no declared input"
                return
            entry.update({"input": shapes, "dtype": dtype, "input_source": source_})
            try:
                counts = oracle.count_model(obj, framework)
                if "total_params" in counts:
                    entry["total_params"] = counts["total_params"]
            except Exception:
                pass
            entry.update(oracle._call_with_alarm(
                lambda: measure(obj, framework, shapes, dtype), oracle.CALL_TIMEOUT))
            if "total_params" not in entry:
                try:  # lazy modules / unbuilt keras layers are built by the forward pass
                    entry["total_params"] = oracle.count_model(obj, framework)["total_params"]
                except Exception:
                    pass
        except BaseException as e:
            entry["error"] = f"{type(e).__name__}: {e}"
            log.append(f"{name}: " + traceback.format_exc(limit=-4))
        models[name] = entry

    for name, line in sorted(assigns.items()):
        if name not in ns:
            continue
        fw = oracle._framework_of_instance(ns[name])
        if fw:
            record(name, "assign", line, ns[name], fw)

    for name, line in sorted(classes.items()):
        cls = ns.get(name)
        fw = oracle._framework_of_class(cls)
        if not fw or getattr(cls, "__module__", None) != modname:
            continue
        if fw == "torch" and name not in declared:
            skipped[name] = "no declared input"
            continue
        try:
            obj = oracle._call_with_alarm(cls, oracle.CALL_TIMEOUT)
        except Exception as e:
            if name in declared:
                models[name] = {"framework": fw, "kind": "class", "line": line,
                                "error": f"{name}() failed: {type(e).__name__}: {e}"}
            else:
                skipped[name] = f"{name}() failed: {type(e).__name__}: {e}"
            continue
        record(name, "class", line, obj, fw)

    for name, line in sorted(functions.items()):
        fn = ns.get(name)
        if not isinstance(fn, types.FunctionType) or fn.__module__ != modname:
            continue
        co = fn.__code__
        n_required = co.co_argcount - len(fn.__defaults__ or ())
        kw_required = [k for k in co.co_varnames[co.co_argcount:co.co_argcount + co.co_kwonlyargcount]
                       if k not in (fn.__kwdefaults__ or {})]
        if n_required > 0 or kw_required:
            continue
        try:
            obj = oracle._call_with_alarm(fn, oracle.CALL_TIMEOUT)
        except Exception as e:
            log.append(f"skip function {name}(): {type(e).__name__}: {e}")
            continue
        fw = oracle._framework_of_instance(obj)
        if fw:
            record(name, "function", line, obj, fw)

    for name, decl in declared.items():
        if name not in models and name not in skipped:
            skipped[name] = "declared input, but no model of that name was found"
    if not skipped:
        del result["skipped"]
    _write(out_path, result, log)


def _write(out_path, result, log):
    result["_log"] = log
    with open(out_path, "w") as f:
        json.dump(result, f)


# --------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------

def run_one(full, rel, timeout, oracle_dir):
    fd, tmp = tempfile.mkstemp(prefix="nnlint-macs-", suffix=".json")
    os.close(fd)
    env = dict(os.environ, KERAS_BACKEND="torch", PYTHONHASHSEED="0",
               OMP_NUM_THREADS="1", TF_CPP_MIN_LOG_LEVEL="3")
    start = time.time()
    output = ""
    try:
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--worker", os.path.abspath(full), tmp,
             os.path.abspath(oracle_dir)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=timeout, env=env)
        output = proc.stdout.decode("utf-8", "replace")
        try:
            with open(tmp) as f:
                result = json.load(f)
        except Exception:
            result = {"models": {}, "error": f"worker died (exit {proc.returncode}): "
                                             + output.strip()[-500:]}
    except subprocess.TimeoutExpired:
        result = {"models": {}, "error": f"timeout after {timeout} s"}
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    log = result.pop("_log", [])
    return rel, result, log, output, time.time() - start


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", help=".py files or directories")
    ap.add_argument("--out", help="write the JSON here (default: stdout)")
    ap.add_argument("--oracle-dir", default=DEFAULT_ORACLE_DIR,
                    help="directory of the project's oracle.py (default: %(default)s)")
    ap.add_argument("--jobs", "-j", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    ap.add_argument("--timeout", type=float, default=300, help="seconds per file")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)

    os.environ["KERAS_BACKEND"] = "torch"
    import torch
    import keras
    oracle = _load_oracle(args.oracle_dir)

    jobs = []  # (full path, key in the output)
    for p in args.paths:
        if os.path.isdir(p):
            jobs += [(os.path.join(p, rel), rel) for rel in oracle.find_files(p)]
        else:
            jobs.append((p, os.path.basename(p) if len(args.paths) == 1 else p))
    if not jobs:
        print("oracle_macs: no *.py files", file=sys.stderr)
        return 2
    results, n_models, n_err = {}, 0, 0
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futs = [pool.submit(run_one, full, rel, args.timeout, args.oracle_dir) for full, rel in jobs]
        for fut in futs:
            rel, result, log, output, elapsed = fut.result()
            results[rel] = result
            models = result.get("models", {})
            n_models += len(models)
            bad = [k for k, v in models.items() if "error" in v]
            if "error" in result or bad:
                n_err += 1
            summary = ", ".join(
                f"{k}={'ERR' if 'error' in v else v['macs']}" for k, v in sorted(models.items()))
            status = f" ERROR {result['error']}" if "error" in result else ""
            print(f"[{elapsed:5.1f}s] {rel}: {summary}{status}", file=sys.stderr)
            if args.verbose or "error" in result or bad:
                for line in log:
                    print("    " + line.rstrip().replace("\n", "\n    "), file=sys.stderr)
                for k in bad:
                    print(f"    {k}: {models[k]['error']}", file=sys.stderr)
            if args.verbose and output.strip():
                print("    | " + output.rstrip().replace("\n", "\n    | "), file=sys.stderr)
    doc = {"generated_by": "oracle_macs.py", "torch": torch.__version__,
           "keras": keras.__version__,
           "modes": {"primary": "decomposed: eval(), grad on, mkldnn off, SDPA math backend",
                     "as_is": "eval(), torch.no_grad(), default CPU backends"},
           "files": results}
    text = json.dumps(doc, sort_keys=True, indent=1) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    print(f"oracle_macs: {len(jobs)} files, {n_models} models measured, "
          f"{n_err} with errors", file=sys.stderr)
    return 1 if n_err else 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3], sys.argv[4])
        sys.exit(0)
    sys.exit(main())
