"""NNL303: a submodule assigned in `__init__` that nothing ever reads.

`self.fc3 = nn.Linear(10, 10)` whose attribute name appears nowhere else in the
file (no `.fc3`, no "fc3" string) is counted, saved and optimised, yet cannot
affect the output. Classes that reach their submodules dynamically
(`self.children()`, `getattr(self, ...)`, `self._modules`...) or that inherit
methods from a class outside this file are skipped: their uses cannot be seen.
"""

from __future__ import annotations

import libcst as cst

from nnlint.rules.names import dotted, methods, self_attr, self_name
from nnlint.rules.plain_container import builds_weighted_module

_DYNAMIC = {"children", "named_children", "modules", "named_modules", "_modules",
            "__dict__", "parameters", "named_parameters", "state_dict"}
_DYNAMIC_CALLS = {"getattr", "vars", "setattr", "delattr"}


class _Words(cst.CSTVisitor):
    """Every attribute name read and every short string in the file."""

    def __init__(self):
        self.attrs = {}  # name -> number of Attribute nodes
        self.strings = set()

    def visit_Attribute(self, node):
        self.attrs[node.attr.value] = self.attrs.get(node.attr.value, 0) + 1

    def visit_SimpleString(self, node):
        text = node.raw_value
        if len(text) < 80:
            self.strings.add(text.split(".")[0])


class _Dynamic(cst.CSTVisitor):
    """Code that reaches submodules without naming them (initialisers excepted)."""

    def __init__(self):
        self.found = False
        self.in_init = 0

    def visit_FunctionDef(self, node):
        self.in_init += "init" in node.name.value

    def leave_FunctionDef(self, node):
        self.in_init -= "init" in node.name.value

    def visit_Attribute(self, node):
        if (node.attr.value in _DYNAMIC and isinstance(node.value, cst.Name)
                and not self.in_init):
            self.found = True

    def visit_Call(self, node):
        if isinstance(node.func, cst.Name) and node.func.value in _DYNAMIC_CALLS:
            self.found = True
        if (isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Call)
                and isinstance(node.func.value.func, cst.Name)
                and node.func.value.func.value == "super"
                and node.func.attr.value != "__init__"):
            self.found = True  # super().forward(...): code we may not see


def _inherits_only_known(ctx, cls, seen=None) -> bool:
    """Every base is a torch.nn class or a class of this file (recursively)."""
    seen = seen or set()
    seen.add(cls.name.value)
    for base in cls.bases:
        q = ctx.facts.qualname(base.value)
        if q is not None and q.startswith("torch.nn."):
            continue
        name = dotted(base.value)
        local = ctx.facts.classes.get(name) if name else None
        if local is None or name in seen or not _inherits_only_known(ctx, local, seen):
            return False
    return True


def check(ctx):
    words = None
    found = []
    for cls in ctx.facts.classes.values():
        if not ctx.facts.is_torch_module_class(cls):
            continue
        own = methods(cls)
        init = own.get("__init__")
        if init is None or "forward" not in own or not _inherits_only_known(ctx, cls):
            continue
        dynamic = _Dynamic()
        cls.visit(dynamic)
        if dynamic.found:
            continue
        for sub in ctx.facts.subclasses_of(cls.name.value):
            sub.visit(dynamic)
        if dynamic.found:
            continue
        candidates = _created_in_init(ctx, init)
        if not candidates:
            continue
        if words is None:
            words = _Words()
            ctx.module.visit(words)
        for attr, (node, count) in candidates.items():
            if words.attrs.get(attr, 0) > count or attr in words.strings:
                continue
            found.append(ctx.diagnostic("NNL303", node, (
                f"self.{attr} is created in {cls.name.value}.__init__ but never used: its "
                f"parameters are counted and trained, yet cannot affect the output")))
    return found


def _created_in_init(ctx, init: cst.FunctionDef):
    """attr -> (assignment node, number of `self.attr` assignment targets) for new layers."""
    me = self_name(init)
    if me is None:
        return {}

    class V(cst.CSTVisitor):
        def __init__(self):
            self.out = {}
            self.targets = {}

        def visit_Assign(self, node):
            for t in node.targets:
                attr = self_attr(t.target, me)
                if attr is None:
                    continue
                self.targets[attr] = self.targets.get(attr, 0) + 1
                if builds_weighted_module(ctx, node.value):
                    self.out.setdefault(attr, node)

        def visit_FunctionDef(self, node):
            return node is init

    v = V()
    init.visit(v)
    return {attr: (node, v.targets[attr]) for attr, node in v.out.items()}
