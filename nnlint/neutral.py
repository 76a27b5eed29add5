"""Module-level loops that use the models only in ways that cannot change a count.

A script's training loop (`for epoch in ...: model.fit(...); model.predict(...)`) runs after
its models are built. What it does with data is often unknown (random samples, files,
printing), and it may be long. When every use of a model, layer or parameter in the loop,
and in the code the loop reaches by name, is a call of a method that changes no count
(`fit`, `evaluate`, `predict`, `train_on_batch`, `summary`, `save_weights`, torch's `train`,
`eval`, `zero_grad` ...), on a model that is already built, nothing the loop leaves unknown
can reach those models: its notes are not theirs, and a loop stopped by the step allowance
does not taint them.
"""

from __future__ import annotations

import libcst as cst

# methods of a built Keras model that change neither its weights' number nor trainability
KERAS_NEUTRAL = {
    "fit", "fit_generator", "evaluate", "evaluate_generator", "predict", "predict_generator",
    "predict_classes", "predict_proba", "predict_on_batch", "train_on_batch", "test_on_batch",
    "summary", "save", "save_weights", "load_weights", "to_json", "get_weights",
    "count_params", "compile", "reset_states",
}
# methods of a torch module without lazy parts that change no parameter
TORCH_NEUTRAL = {"train", "eval", "zero_grad", "to", "cuda", "cpu", "state_dict",
                 "load_state_dict"}
# names through which code may reach anything
_DYNAMIC = {"exec", "eval", "globals", "locals", "vars", "setattr", "delattr", "getattr",
            "__import__", "compile"}


def neutral_models(interp, stmt):
    """{name: model} of the module's models that the loop only uses through neutral methods,
    or {} when the loop (or code it reaches) may change a model, layer or parameter."""
    from nnlint import keras_rt, torch_rt
    holders = {name: v for name, v in interp.globals.vars.items() if _holds_model(v)}
    if not holders:
        return {}
    g = interp.globals.vars
    reached = interp.reachable_code([g[n] for n in _Names.of(stmt) if n in g])
    if reached is None:
        return {}
    nodes, reads = [stmt] + reached[0], reached[1]
    if any(_holds_model(v) and (where != id(interp.globals) or name not in holders)
           for (name, where), v in reads.items()):
        return {}  # a model reached under another name (a closure, an argument's default)
    used = set()
    for node in nodes:
        found = _Uses(holders)
        node.visit(found)
        if found.bad:
            return {}
        used |= found.used
    out = {}
    for name in sorted(used):
        value = holders[name]
        if isinstance(value, keras_rt.KerasLayer) and value.built and \
                value.kind in ("sequential", "functional", "subclass"):
            out[name] = value
        elif isinstance(value, torch_rt.TorchModule) and not value.lazy_pending:
            out[name] = value
        else:
            return {}  # an unbuilt model may be built by fit(): not neutral
    return out


def _holds_model(value, depth=0):
    from nnlint import keras_rt, torch_rt
    if isinstance(value, (keras_rt.KerasLayer, torch_rt.TorchModule, torch_rt.Param,
                          keras_rt.Weight)):
        return True
    if depth > 3:
        return False
    from nnlint.objects import Instance
    items = value.values() if isinstance(value, dict) else value.attrs.values() \
        if isinstance(value, Instance) else value if isinstance(value, (list, tuple, set)) \
        else ()
    return any(_holds_model(v, depth + 1) for v in list(items))


class _Names(cst.CSTVisitor):
    def __init__(self):
        self.names = set()

    def visit_Name(self, node):
        self.names.add(node.value)

    @classmethod
    def of(cls, node):
        v = cls()
        node.visit(v)
        return v.names


class _Uses(cst.CSTVisitor):
    """Is every mention of a model holder `holder.<neutral method>(...)`?"""

    def __init__(self, holders):
        self.holders = holders
        self.fine = set()  # ids of Name nodes used as the receiver of a neutral call
        self.used = set()
        self.bad = False

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            value = self.holders.get(func.value.value)
            if value is not None and func.attr.value in _neutral_methods(value):
                self.fine.add(id(func.value))

    def visit_Attribute(self, node):
        node.value.visit(self)  # the attribute's own name is not a variable
        return False

    def visit_Arg(self, node):
        node.value.visit(self)  # nor is a keyword's name
        return False

    def visit_Name(self, node):
        if node.value in _DYNAMIC or node.value in self.holders and id(node) not in self.fine:
            self.bad = True
        elif node.value in self.holders:
            self.used.add(node.value)


def _neutral_methods(value):
    from nnlint import keras_rt, torch_rt
    if isinstance(value, keras_rt.KerasLayer):
        return KERAS_NEUTRAL
    if isinstance(value, torch_rt.TorchModule):
        return TORCH_NEUTRAL
    return ()
