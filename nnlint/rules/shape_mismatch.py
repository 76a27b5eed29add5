"""NNL301: adjacent torch layers that disagree on a size both of them state.

Two places are checked:
- the arguments of every `nn.Sequential(...)`, in order;
- straight-line code in a module's `forward`: `x = self.fc1(x)` then
  `self.fc2(x)`, also nested (`self.fc2(self.fc1(x).relu())`, `self.bn(self.conv(x))`:
  channels between convolutions and normalisations), where `self.fc1` and `self.fc2` are
  assigned once, in
  `__init__`, from a layer constructor. Any `if`/`for`/`with` forgets every
  size, and so does any call nnlint does not model.
"""

from __future__ import annotations

from typing import Dict, Optional

import libcst as cst

from nnlint.rules import torch_layers as tl
from nnlint.rules.names import call_args, dotted, methods, self_attr, self_name

# torch functions that keep the shape of their first argument
_SAME_SHAPE = {
    "torch.relu", "torch.sigmoid", "torch.tanh", "torch.nn.functional.relu",
    "torch.nn.functional.relu6", "torch.nn.functional.gelu", "torch.nn.functional.silu",
    "torch.nn.functional.elu", "torch.nn.functional.selu", "torch.nn.functional.leaky_relu",
    "torch.nn.functional.mish", "torch.nn.functional.softplus", "torch.nn.functional.tanh",
    "torch.nn.functional.sigmoid", "torch.nn.functional.dropout",
    "torch.nn.functional.softmax", "torch.nn.functional.log_softmax",
    "torch.nn.functional.hardswish", "torch.dropout",
}
_SAME_SHAPE_METHODS = {"relu", "sigmoid", "tanh", "contiguous", "float", "relu_", "clone"}


def layer_of(ctx, node) -> Optional[tl.LayerModel]:
    if not isinstance(node, cst.Call):
        return None
    q = ctx.facts.qualname(node.func)
    if q is None:
        return None
    if q == "torch.nn.Sequential":
        pos, kw, star = call_args(node)
        if kw:
            return None
        children = [None] if star else [layer_of(ctx, a) for a in pos]
        return tl.sequential(children, node)
    return tl.torch_layer(ctx.facts, node, q)


def check(ctx):
    found = []
    for call in ctx.calls_of("torch.nn.Sequential"):
        found.extend(_check_sequential(ctx, call))
    for cls in ctx.facts.classes.values():
        if ctx.facts.is_torch_module_class(cls):
            found.extend(_check_forward(ctx, cls))
    return found


def _check_sequential(ctx, call: cst.Call):
    found = []
    state: tl.State = {}
    for arg in call.args:
        if arg.star or arg.keyword is not None:
            state = {}
            continue
        child = layer_of(ctx, arg.value)

        def report(layer, axis, n, size):
            found.append(ctx.diagnostic("NNL301", layer.node, (
                f"{ctx.label(layer.node)} expects {n} {tl.AXIS_WORDS[axis]}, but gets "
                f"{size.value} from {ctx.where(size.node)}")))

        state = tl.run(child, state, report)
        if child is not None and child.tuple_out:
            state = {}
    return found


# ------------------------------------------------------------------ forward
def class_layers(ctx, cls: cst.ClassDef) -> Dict[str, tl.LayerModel]:
    """`self.X = Layer(...)` assigned exactly once in the class, in __init__."""
    counts: Dict[str, int] = {}
    values: Dict[str, cst.BaseExpression] = {}
    for name, fn in methods(cls).items():
        me = self_name(fn)
        if me is None:
            continue
        for target, value in _self_assignments(ctx, fn):
            attr = self_attr(target, me)
            if attr is None:
                continue
            counts[attr] = counts.get(attr, 0) + 1
            if name == "__init__":
                values[attr] = value
    redefined = set()
    for sub in ctx.facts.subclasses_of(cls.name.value):
        for fn in methods(sub).values():
            me = self_name(fn)
            redefined.update(self_attr(t, me) for t, _ in _self_assignments(ctx, fn))
    out = {}
    for attr, value in values.items():
        if counts.get(attr) == 1 and attr not in redefined and value is not None:
            layer = layer_of(ctx, value)
            if layer is not None:
                out[attr] = layer
    return out


def _self_assignments(ctx, fn):
    """(target, value) of every assignment in a function; value None when not one layer."""
    found = []
    for node in ctx.body_nodes(fn, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.For):
        if isinstance(node, cst.Assign):
            for t in node.targets:
                if isinstance(t.target, (cst.Tuple, cst.List)):
                    found.extend((el.value, None) for el in t.target.elements)
                else:
                    found.append((t.target, node.value))
        elif isinstance(node, cst.AnnAssign):
            found.append((node.target, node.value))
        elif isinstance(node, cst.AugAssign):
            found.append((node.target, None))
        elif isinstance(node, cst.For):
            found.append((node.target, None))
    return found


class _Forward:
    """Sizes of local variables along the straight-line top of `forward`."""

    def __init__(self, ctx, me: str, layers):
        self.ctx = ctx
        self.me = me
        self.layers = layers
        self.states: Dict[str, tl.State] = {}
        self.found = []

    def run(self, fn: cst.FunctionDef):
        if not isinstance(fn.body, cst.IndentedBlock):
            return
        for stmt in fn.body.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                self.states.clear()
                continue
            for small in stmt.body:
                self.statement(small)

    def statement(self, small):
        if isinstance(small, cst.Assign):
            value, out = self.eval(small.value)
            for t in small.targets:
                self.bind(t.target, value, out)
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            value, out = self.eval(small.value)
            self.bind(small.target, value, out)
        elif isinstance(small, cst.AugAssign):
            self.eval(small.value)
            self.bind(small.target, None, False)
        elif isinstance(small, (cst.Return, cst.Expr)) and small.value is not None:
            self.eval(small.value)
        else:
            self.states.clear()

    def bind(self, target, state, is_tuple):
        if isinstance(target, cst.Name):
            self.states.pop(target.value, None)
            if state and not is_tuple:
                self.states[target.value] = state
        elif isinstance(target, (cst.Tuple, cst.List)):
            for i, el in enumerate(target.elements):
                self.bind(el.value, state if i == 0 and is_tuple else None, False)
        else:
            for name in _names_in(target):
                self.states.pop(name, None)

    def eval(self, node):
        """(state, is_tuple) of an expression, reporting mismatches inside it."""
        if isinstance(node, cst.Name):
            return self.states.get(node.value), False
        if isinstance(node, cst.Call):
            return self.call(node)
        if isinstance(node, cst.BinaryOperation):
            self.eval(node.left)
            self.eval(node.right)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for el in node.elements:
                self.eval(el.value)
        return None, False

    def call(self, node: cst.Call):
        pos, kw, star = call_args(node)
        attr = self_attr(node.func, self.me)
        if attr is not None and attr in self.layers and len(pos) == 1 and not kw and not star:
            state, is_tuple = self.eval(pos[0])
            layer = self.layers[attr]
            source = _describe(pos[0])

            def report(child, axis, n, size):
                ctx = self.ctx
                what = (f"{ctx.label(child.node)}, line {ctx.line(child.node)}"
                        if child is layer else f"its {ctx.where(child.node)}")
                self.found.append(ctx.diagnostic("NNL301", node, (
                    f"self.{attr} expects {n} {tl.AXIS_WORDS[axis]} ({what}), but {source} "
                    f"has {size.value} here, from {ctx.where(size.node)}")))

            out = tl.run(layer, None if is_tuple else state, report)
            return out, layer.tuple_out
        sizes = [self.eval(a)[0] for a in pos]  # each argument once: mismatches inside
        for a in kw.values():
            self.eval(a)
        q = self.ctx.facts.qualname(node.func)
        if q in _SAME_SHAPE and pos:
            return sizes[0], False
        if q == "torch.flatten" and len(pos) >= 2 and _is_one(pos[1]):
            return tl.flatten(sizes[0] or {}), False
        if isinstance(node.func, cst.Attribute) and q is None:
            # a method of a value: `x.relu()`, also of a call's result, `self.fc1(x).relu()`
            inner = self.eval(node.func.value)[0]
            method = node.func.attr.value
            if inner is not None:
                if method in _SAME_SHAPE_METHODS and not pos and not kw:
                    return inner, False
                if method == "flatten" and len(pos) == 1 and _is_one(pos[0]) and not kw:
                    return tl.flatten(inner), False
                if method in ("view", "reshape") and len(pos) == 2 and _is_minus_one(pos[1]):
                    return tl.flatten(inner), False
        return None, False


def _is_one(node) -> bool:
    return isinstance(node, cst.Integer) and node.value == "1"


def _is_minus_one(node) -> bool:
    return (isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus)
            and isinstance(node.expression, cst.Integer) and node.expression.value == "1")


def _describe(node) -> str:
    name = dotted(node)
    return name if name else "its input"


def _names_in(target):
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for el in target.elements:
            yield from _names_in(el.value)
    elif isinstance(target, cst.StarredElement):
        yield from _names_in(target.value)


def _check_forward(ctx, cls: cst.ClassDef):
    fn = methods(cls).get("forward")
    if fn is None:
        return []
    me = self_name(fn)
    if me is None:
        return []
    layers = class_layers(ctx, cls)
    if len(layers) < 1:
        return []
    walker = _Forward(ctx, me, layers)
    walker.run(fn)
    return walker.found
