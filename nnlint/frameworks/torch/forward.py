"""A torch model's forward pass followed with its declared input (nnlint/inputs.py): the
output shape of the model and of each layer call, and the multiply-accumulates (macs.py).

The model's forward() runs on the interpreter with symbolic tensors of the declared shapes,
in eval mode (`self.training` is False, as the oracle measures), after everything it can
change has been copied (nnlint.interpreter.join.Heap): afterwards the model, the module's
names and the interpreter's step budget are put back as they were, so following forward()
never changes a count. What is not known stays unknown: a product met in code whose condition
was not decided, a call not followed, a layer or operation whose MACs are not known, an output
not known, each makes the MACs a lower bound (the products that certainly ran), never a guess.
"""

from __future__ import annotations

from nnlint.frameworks.torch import macs as M
from nnlint.frameworks.torch.runtime import Tensor
from nnlint.interpreter.values import Budget

TRACE_STEPS = 200_000  # evaluation steps a forward pass may take, apart from the file's


class Trace:
    """What one forward pass met: MACs that certainly ran, and why they may be more."""

    def __init__(self, interp, dtype="float32"):
        self.interp = interp
        # tensors carry no dtype here: an integer input (token ids) is taken to become floats
        # only through an embedding, and a float input cannot index one
        self.integer = dtype in _INTEGER
        self.embedded = False
        self.fork_depth = interp.fork_depth
        self.macs = 0
        self.unknown = []  # reasons the MACs are only a lower bound
        self.layers = {}  # id(module) -> [output shape or None, MACs or None]
        self.errors = []  # (module, message): inputs torch would refuse (shape errors)

    def _certain(self) -> bool:
        return self.interp.fork_depth == self.fork_depth

    def add(self, macs, what):
        """A product of `macs` (None: not known) met by the pass."""
        if macs and self.integer and not self.embedded:
            self.unknown.append(f"{what} on an integer input (torch refuses it)")
        elif macs is None:
            self.unknown.append(f"MACs of {what} not known")
        elif not self._certain():
            self.unknown.append(f"{what} in code whose condition is not known")
        else:
            self.macs += macs

    def layer(self, module, args, kwargs, x, out):
        """One call of a catalogue layer; its output, or an unknown tensor where torch
        would refuse the input."""
        name = module.spec.name
        if name in _EMBEDDINGS:
            if not self.integer:
                self.lost(f"{module.type_name} of a float input (torch refuses it)")
            self.embedded = True
        error = M.input_error(name, module, x)
        if error is not None:
            if self._certain():
                self.errors.append((module, error))
            self.lost(f"{module.type_name} {error}")
            return Tensor(None)
        try:
            macs = M.layer(name, module, args, kwargs, x, _shapes(out))
        except (TypeError, ValueError, ArithmeticError, IndexError, AttributeError):
            macs = None
        self.add(macs, module.type_name)
        row = self.layers.get(id(module))
        shape = out.shape if isinstance(out, Tensor) else None
        certain = self._certain()
        if row is None:
            self.layers[id(module)] = [shape, macs if certain else None]
        else:  # called again: shapes must agree, MACs add up
            row[0] = row[0] if row[0] == shape else None
            row[1] = None if row[1] is None or macs is None or not certain else row[1] + macs
        return out

    def lost(self, what):
        """An operation the pass could not follow (its products are not known)."""
        self.unknown.append(what)


def _shapes(value):
    """A result as shapes: a tuple for a tensor (None if not known), nested as it is."""
    if isinstance(value, Tensor):
        return value.shape
    if isinstance(value, (list, tuple)):
        return type(value)(_shapes(v) for v in value) if isinstance(value, list) else \
            tuple(_shapes(v) for v in value)
    return None


def output_shape(value):
    """The model's output as the report keeps it: a shape (tuple), a list or dict of them;
    None when not known."""
    if isinstance(value, Tensor):
        return value.shape
    if isinstance(value, (list, tuple)):
        return [output_shape(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: output_shape(v) for k, v in value.items()}
    return None


def fully_known(shape) -> bool:
    if isinstance(shape, tuple):
        return all(isinstance(d, int) for d in shape)
    if isinstance(shape, list):
        return bool(shape) and all(fully_known(s) for s in shape)
    if isinstance(shape, dict):
        return bool(shape) and all(fully_known(s) for s in shape.values())
    return False


def follow(interp, model, decl, report) -> None:
    """Run `model`'s forward() on `decl`'s shapes and fill the report's output shape, MACs
    and the layer rows' output shapes and MACs (rows of `report.layers` in the order
    count_torch made them, `modules` the module of each row or None)."""
    from nnlint.frameworks.torch.module import all_modules, call_module
    from nnlint.interpreter import join

    try:
        heap = join.Heap(interp, [join.ScopeSlot(interp.globals, n)
                                  for n in list(interp.globals.vars)], [model])
    except join.CannotJoin:
        return
    saved = {k: getattr(interp, k) for k in _SAVED}
    saved_dicts = {k: dict(getattr(interp, k)) for k in _SAVED_DICTS}
    trace = Trace(interp, decl.dtype)
    collector = []
    interp.collectors.append(collector)
    interp.trace, interp.neutral_forward = trace, False
    interp.budget = interp.limit = interp.steps + TRACE_STEPS
    forks, opaque = interp.forks, interp.opaque_calls
    out = None
    try:
        for m in all_modules(model):
            m.attrs["training"] = False  # model.eval(), as the oracle measures
        inputs = [Tensor(shape) for shape in decl.shapes]
        out = call_module(interp, model, inputs, {}, None)
    except (Budget, RecursionError):
        trace.lost("forward() stopped at a limit of evaluation")
    except Exception:  # an odd program: no MACs rather than a wrong number
        trace.lost("forward() could not be followed")
    finally:
        interp.collectors.pop()
        if collector or interp.opaque_calls != opaque:
            trace.lost("forward() does what nnlint cannot follow")
        if interp.forks != forks:
            trace.lost("forward() has conditions not known")
        heap.restore()
        for k, v in saved.items():
            setattr(interp, k, v)
        for k, v in saved_dicts.items():
            getattr(interp, k).clear()
            getattr(interp, k).update(v)
    shape = output_shape(out)
    if not fully_known(shape):
        trace.lost("the output's shape not known")
    report.output_shape = shape if shape is not None else None
    report.macs = trace.macs
    report.macs_exact = not trace.unknown
    return trace


_INTEGER = {"int64", "int32", "int16", "int8", "uint8", "bool"}
_EMBEDDINGS = {"torch.nn.Embedding", "torch.nn.EmbeddingBag"}
_SAVED = ("trace", "neutral_forward", "steps", "budget", "limit", "forks", "fork_steps",
          "copied", "opaque_calls")
_SAVED_DICTS = ("unforkable", "fork_cost")


def fill_rows(report, modules, trace) -> None:
    """Each layer row's output shape and MACs from the pass (None where not known). A
    parameter's row and a layer not called cost nothing of an exact pass (products between
    tensors, `x @ self.w`, count in the model's total, in no row)."""
    for row, module in zip(report.layers, modules):
        found = trace.layers.get(id(module)) if module is not None else None
        if found is None:  # a parameter's row, or a layer the pass never called
            row.macs = 0 if report.macs_exact else None
            continue
        shape, macs = found
        row.output_shape = shape
        row.macs = macs if report.macs_exact or macs is not None else None


def shape_errors(trace, decl) -> list:
    """NNL301 for each layer that forward() gives an input torch would refuse."""
    from nnlint.report import Diagnostic
    shapes = ", ".join(M.shape_text(s) for s in decl.shapes)
    return [Diagnostic("NNL301", module.line, 0,
                       f"{module.type_name} {error} in forward() of the declared input "
                       f"{shapes}: torch raises here when the model runs", "error")
            for module, error in trace.errors]
