"""NNL303: a submodule assigned in `__init__` that nothing ever reads.

`self.fc3 = nn.Linear(10, 10)` whose attribute name appears nowhere else in the
file (no `.fc3`, no "fc3" string) is counted, saved and optimised, yet cannot
affect the output. Classes that reach their submodules without naming them
(`self.children()`, `getattr(self, ...)`, `self._modules`, `super().forward`)
or that inherit from a class outside this file are skipped: their uses cannot
be seen.
"""

from __future__ import annotations

import libcst as cst

from nnlint.rules.names import dotted, methods, self_attr, self_name
from nnlint.rules.plain_container import builds_weighted_module

_DYNAMIC = {"children", "named_children", "modules", "named_modules", "_modules",
            "__dict__", "parameters", "named_parameters", "state_dict"}
_DYNAMIC_CALLS = {"getattr", "vars", "setattr", "delattr"}


def _reaches_submodules_dynamically(ctx, cls: cst.ClassDef) -> bool:
    for fn in methods(cls).values():
        initialiser = "init" in fn.name.value  # for m in self.modules(): init weights
        for node in ctx.body_nodes(fn, cst.Attribute, cst.Call):
            if isinstance(node, cst.Attribute):
                if (not initialiser and node.attr.value in _DYNAMIC
                        and isinstance(node.value, cst.Name)):
                    return True
            elif isinstance(node, cst.Call):
                func = node.func
                if isinstance(func, cst.Name) and func.value in _DYNAMIC_CALLS:
                    return True
                if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call)
                        and dotted(func.value.func) == "super"
                        and func.attr.value != "__init__"):
                    return True  # super().forward(...): code we may not see
    return False


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
    found = []
    for cls in ctx.facts.classes.values():
        if not ctx.facts.is_torch_module_class(cls):
            continue
        own = methods(cls)
        init = own.get("__init__")
        if init is None or "forward" not in own or not _inherits_only_known(ctx, cls):
            continue
        candidates = _created_in_init(ctx, init)
        unused = {attr: v for attr, v in candidates.items()
                  if ctx.attr_names.get(attr, 0) <= v[1] and attr not in ctx.strings}
        if not unused:
            continue
        if _reaches_submodules_dynamically(ctx, cls) or any(
                _reaches_submodules_dynamically(ctx, sub)
                for sub in ctx.facts.subclasses_of(cls.name.value)):
            continue
        for attr, (node, _count) in unused.items():
            found.append(ctx.diagnostic("NNL303", node, (
                f"self.{attr} is created in {cls.name.value}.__init__ but never used: its "
                f"parameters are counted and trained, yet cannot affect the output")))
    return found


def _created_in_init(ctx, init: cst.FunctionDef):
    """attr -> (assignment, number of `self.attr = ...` targets) for new layers in __init__."""
    me = self_name(init)
    if me is None:
        return {}
    out, targets = {}, {}
    for node in ctx.body_nodes(init, cst.Assign):
        for t in node.targets:
            attr = self_attr(t.target, me)
            if attr is None:
                continue
            targets[attr] = targets.get(attr, 0) + 1
            if builds_weighted_module(ctx, node.value):
                out.setdefault(attr, node)
    return {attr: (node, targets[attr]) for attr, node in out.items()}
