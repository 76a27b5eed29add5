"""NNL302: layers created in a plain list or dict kept on an nn.Module.

`self.layers = [nn.Linear(64, 64) for _ in range(4)]` does not register the
layers: `model.parameters()`, `state_dict()` and `.to(device)` never see them.
Reported where the list or dict is built or filled with newly constructed
layers, unless the class hands the attribute to something that registers it
(`nn.ModuleList(self.layers)`, `nn.Sequential(*self.layers)`) or registers
modules itself (`add_module`, `register_module`, `setattr`).
"""

from __future__ import annotations

import libcst as cst

from nnlint import catalog
from nnlint.rules.names import dotted, methods, self_attr, self_name, walk

CONTAINERS = {"torch.nn.Sequential", "torch.nn.ModuleList", "torch.nn.ModuleDict",
              "torch.nn.ParameterList", "torch.nn.ParameterDict"}
_REGISTERS = {"add_module", "register_module", "register_parameter", "setattr"}
_FILL = {"append", "extend", "insert", "update", "setdefault"}


def builds_weighted_module(ctx, node) -> bool:
    """A call constructing a torch module that has parameters (or may: a local class)."""
    if not isinstance(node, cst.Call):
        return False
    q = ctx.facts.qualname(node.func)
    if q is not None:
        if q in CONTAINERS:
            return True
        spec = catalog.lookup(q)
        if spec is None or spec.framework != "torch" or spec.weights is None:
            return False
        return literal_weights(ctx, spec, node) != 0
    name = dotted(node.func)
    cls = ctx.facts.classes.get(name) if name else None
    return cls is not None and ctx.facts.is_torch_module_class(cls) and class_has_params(ctx, cls)


def class_has_params(ctx, cls: cst.ClassDef, seen=None) -> bool:
    """A module class of this file that visibly creates parameters: a layer with weights,
    an `nn.Parameter`, a torch base class with weights, or such a class of this file.
    (`class Swish(nn.Module)` has none: a list of them registers nothing that matters.)"""
    cache = ctx.class_has_params
    key = cls.name.value
    if key in cache:
        return cache[key]
    seen = (seen or set()) | {key}
    cache[key] = False  # while looking: a cycle proves nothing
    found = False
    for base in cls.bases:
        q = ctx.facts.qualname(base.value)
        spec = catalog.lookup(q) if q else None
        local = ctx.facts.classes.get(dotted(base.value) or "")
        if (q in CONTAINERS or (spec is not None and spec.weights is not None)
                or (local is not None and local.name.value not in seen
                    and class_has_params(ctx, local, seen))):
            found = True
    if not found:
        for fn in methods(cls).values():
            for node in ctx.body_nodes(fn, cst.Call):
                q = ctx.facts.qualname(node.func)
                if q == "torch.nn.Parameter" or (q is not None and q.startswith("torch.nn.")
                                                 and builds_weighted_module(ctx, node)):
                    found = True
                    break
                local = ctx.facts.classes.get(dotted(node.func) or "")
                if (local is not None and local.name.value not in seen
                        and ctx.facts.is_torch_module_class(local)
                        and class_has_params(ctx, local, seen)):
                    found = True
                    break
            if found:
                break
    cache[key] = found
    return found


def literal_weights(ctx, spec, call: cst.Call):
    """The layer's parameter count when its arguments are literals, else None.

    `nn.GroupNorm(4, 64, affine=False)` has none: keeping it unused or in a list
    costs nothing, so the rules leave it alone.
    """
    from nnlint.interpreter.values import Unknown

    def value(node):
        n = ctx.facts.const_int(node)
        if n is not None:
            return n
        if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.value]
        if isinstance(node, cst.SimpleString):
            return node.evaluated_value
        if isinstance(node, (cst.Tuple, cst.List)):
            return tuple(value(el.value) for el in node.elements)
        return Unknown("not a literal")

    args, kwargs = [], {}
    for a in call.args:
        if a.star:
            return None
        if a.keyword is not None:
            kwargs[a.keyword.value] = value(a.value)
        else:
            args.append(value(a.value))
    try:
        weights = spec.weights(spec.bind(tuple(args), kwargs), None)
        total = sum(weights.values())
    except Exception:  # unknown arguments, a bad call: not known
        return None
    return total if isinstance(total, int) else None


def _plain_kind(node):
    if isinstance(node, (cst.List, cst.ListComp, cst.Tuple)):
        return "list"
    if isinstance(node, (cst.Dict, cst.DictComp)):
        return "dict"
    return None


class _Method:
    """One method: plain containers of layers on self, and what hands them on."""

    def __init__(self, ctx, fn):
        self.ctx = ctx
        self.me = self_name(fn)
        self.built = {}  # attr -> (node, kind): assigned a list/dict holding new layers
        self.filled = {}  # attr -> node: .append(new layer), [k] = new layer, += [...]
        self.empty = {}  # attr -> kind: assigned [] or {}
        self.handed_on = set()  # attrs passed as an argument to any call
        self.registers = False
        self.local_layers = set()  # local names bound to a new layer
        if self.me is not None:
            for node in ctx.body_nodes(fn, cst.Assign, cst.AugAssign, cst.Call):
                if isinstance(node, cst.Assign):
                    self.assign(node)
                elif isinstance(node, cst.AugAssign):
                    self.augassign(node)
                elif isinstance(node, cst.Call):
                    self.call(node)

    def new_layers_in(self, node) -> bool:
        """A constructor call (or a local bound to one) inside a list, dict or argument."""
        for n in walk(node, prune=(cst.Lambda, cst.Attribute)):
            if isinstance(n, cst.Call) and builds_weighted_module(self.ctx, n):
                return True
            if isinstance(n, cst.Name) and n.value in self.local_layers:
                return True
        return False

    def assign(self, node):
        for t in node.targets:
            target = t.target
            if isinstance(target, cst.Name):
                if builds_weighted_module(self.ctx, node.value):
                    self.local_layers.add(target.value)
                else:
                    self.local_layers.discard(target.value)
                continue
            if isinstance(target, cst.Subscript):
                attr = self_attr(target.value, self.me)
                if attr is not None and self.new_layers_in(node.value):
                    self.filled.setdefault(attr, node)
                continue
            attr = self_attr(target, self.me)
            kind = _plain_kind(node.value)
            if attr is None or kind is None:
                continue
            if self.new_layers_in(node.value):
                self.built.setdefault(attr, (node, kind))
            elif not getattr(node.value, "elements", True):
                self.empty[attr] = kind

    def augassign(self, node):
        attr = self_attr(node.target, self.me)
        if attr is not None and _plain_kind(node.value) and self.new_layers_in(node.value):
            self.filled.setdefault(attr, node)

    def call(self, node):
        func = node.func
        called = func.attr.value if isinstance(func, cst.Attribute) else (
            func.value if isinstance(func, cst.Name) else None)
        if called in _REGISTERS:
            self.registers = True
        for arg in node.args:
            attr = self_attr(arg.value, self.me)
            if attr is not None:
                self.handed_on.add(attr)
        if called in _FILL and isinstance(func, cst.Attribute):
            attr = self_attr(func.value, self.me)
            if attr is not None and any(self.new_layers_in(a.value) for a in node.args):
                self.filled.setdefault(attr, node)


def check(ctx):
    found = []
    for cls in ctx.facts.classes.values():
        if not ctx.facts.is_torch_module_class(cls):
            continue
        built, filled, empty, handed_on = {}, {}, {}, set()
        registers = False
        for fn in methods(cls).values():
            m = _Method(ctx, fn)
            for attr, value in m.built.items():
                built.setdefault(attr, value)
            for attr, node in m.filled.items():
                filled.setdefault(attr, node)
            empty.update(m.empty)
            handed_on |= m.handed_on
            registers = registers or m.registers
        if registers:
            continue
        for attr, node in filled.items():
            if attr in empty and attr not in built:
                built[attr] = (node, empty[attr])
        for attr, (node, kind) in sorted(built.items()):
            if attr in handed_on:
                continue
            fix = "nn.ModuleDict" if kind == "dict" else "nn.ModuleList"
            found.append(ctx.diagnostic("NNL302", node, (
                f"self.{attr} keeps layers in a plain Python {kind}: PyTorch does not "
                f"register them, so their parameters are missing from "
                f"{cls.name.value}.parameters(), state_dict() and .to(device); use {fix}")))
    return found
