"""Module-level loops that use the models only in ways that cannot change a count.

A script's training loop (`for epoch in ...: model.fit(...); model.predict(...)`) runs after
its models are built. What it does with data is often unknown (random samples, files,
printing), and it may be long. When every use of a model, layer or parameter in the loop,
and in the code the loop reaches by name, is a call of a method that changes no count
(`fit`, `evaluate`, `predict`, `train_on_batch`, `summary`, `save_weights`, torch's `train`,
`eval`, `zero_grad` ...), on a model that is already built, nothing the loop leaves unknown
can reach those models: its notes are not theirs, and a loop stopped by the step allowance
does not taint them.

Operations that cannot change a count are known as such, in one place here: they neither
taint nor poison a model, and cost nothing in a training loop (docs/how-it-works.md lists
them for users):

- calls of these outside functions never change a module they receive
  (`NEVER_CHANGE_MODELS`); of them, `HARMLESS` are also taken never to raise, and their
  result is not needed;
- methods of a model that return it or nothing and change no parameter: torch's
  `.to() .cuda() .cpu() .train() .eval() .float() .half() .double() .bfloat16()
  .zero_grad() .state_dict() .load_state_dict()` (torch_rt._METHODS) and Keras'
  `compile summary fit evaluate predict save save_weights load_weights` (keras_rt._METHODS);
  a tensor's `.backward()`, an optimizer's `.step()` / `.zero_grad()`;
- calling a module that is not lazy runs its forward() for shapes; in a training loop
  cut short (evaluator.module_loop) it is skipped where no forward() of the model's
  classes can change a module (`forward_cannot_change`).
"""

from __future__ import annotations

import libcst as cst

from nnlint.interpreter.resolve import dotted_name
from nnlint.interpreter.runtime import ModelObject, ParameterObject
from nnlint.source.walk import walk

# outside functions that never change the parameters of a module they receive
NEVER_CHANGE_MODELS = (
    "torch.nn.init.", "torch.save", "torch.load", "torch.manual_seed", "torch.no_grad",
    "torch.compile", "torch.jit.", "torch.onnx.export", "torch.cuda.", "torch.device",
    "torch.nn.functional.", "torch.flatten", "torch.cat", "torch.stack", "torch.numel",
    "torch.nn.utils.clip_grad", "torch.nn.utils.parameters_to_vector", "torch.is_tensor",
    "torch.set_", "torch.get_", "torch.backends.", "torch.autograd.", "torch.optim.",
    "torch.utils.data.", "torch.utils.tensorboard.", "torch.utils.checkpoint.",
    "torch.nn.parallel.data_parallel", "torch.accelerator.", "torch.amp.", "torch.inference_mode",
    "torch.enable_grad", "torch.set_grad_enabled",
)

# ... of which these also never raise, and what they return is not needed
HARMLESS = (
    "torch.nn.init.", "torch.manual_seed", "torch.cuda.", "torch.no_grad", "torch.device",
    "print", "logging.", "warnings.", "random.seed", "numpy.random.seed", "np.random.seed",
    "keras.utils.set_random_seed", "keras.utils.plot_model", "tf.random.set_seed",
    "tensorflow.random.set_seed", "torchinfo.summary", "torchsummary.summary",
    "keras.backend.clear_session", "os.makedirs", "os.path.", "time.", "torch.set_",
    "torch.backends.", "torch.jit.", "torch.save", "torch.compile",
)

# calls on a module (or on self) that change what it registers or trains
_MUTATORS = {"add_module", "register_module", "register_parameter", "append", "extend",
             "insert", "update", "pop", "requires_grad_", "apply", "__setattr__",
             "__delattr__", "load_state_dict", "to_empty"}


def forward_cannot_change(interp, modules) -> bool:
    """Calling the module whose modules (itself included) are `modules` cannot change any
    parameter: none of them is lazy, and no forward() of their classes (nor the methods of
    self it calls) stores on self, calls a method that registers or freezes, or hands self
    to a function."""
    cache = interp.neutral_cache
    for mod in modules:
        if mod.lazy_pending:
            return False
        cls = mod.cls
        if cls is None:
            continue
        hit = cache.get(id(cls))
        if hit is None or hit[0] is not cls:
            hit = (cls, _class_is_clean(cls))
            cache[id(cls)] = hit
        if not hit[1]:
            return False
    return True


def _class_is_clean(cls) -> bool:
    from nnlint.interpreter.objects import Function
    todo, seen = ["forward"], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for c in cls.mro():  # each class's own: super().forward() reaches them
            ns = getattr(c, "ns", None)
            if ns is None or name not in ns:
                continue  # the framework's own forward(), or not a method
            fn = ns[name]
            if not isinstance(fn, Function) or isinstance(fn.node, cst.Lambda):
                return False
            scan = _Scan()
            fn.node.visit(scan)
            if scan.dirty:
                return False
            todo.extend(scan.self_calls)
    return True


def _rooted_at_self(node) -> bool:
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return isinstance(node, cst.Name) and node.value == "self"


class _Stores(cst.CSTVisitor):
    """Calls `stored(target)` for each name, attribute or item the code stores into."""

    def _store(self, target):
        if isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self._store(el.value)
        elif isinstance(target, cst.StarredElement):
            self._store(target.value)
        else:
            self.stored(target)

    def stored(self, target):
        raise NotImplementedError

    def visit_AssignTarget(self, node):
        self._store(node.target)

    def visit_AugAssign(self, node):
        self._store(node.target)

    def visit_AnnAssign(self, node):
        self._store(node.target)


class _Scan(_Stores):
    def __init__(self):
        self.dirty = False
        self.self_calls = set()

    def stored(self, target):
        if isinstance(target, (cst.Attribute, cst.Subscript)) and _rooted_at_self(target):
            self.dirty = True

    def visit_Del(self, node):
        self._store(node.target)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, cst.Name) and func.value in ("setattr", "delattr", "exec", "eval"):
            self.dirty = True
        if isinstance(func, cst.Attribute):
            if func.attr.value in _MUTATORS and _rooted_at_self(func.value):
                self.dirty = True
            if isinstance(func.value, cst.Name) and func.value.value == "self":
                self.self_calls.add(func.attr.value)
        if any(isinstance(a.value, cst.Name) and a.value.value == "self" for a in node.args):
            self.dirty = True  # helper(self) may do anything to it


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
    holders = {name: v for name, v in interp.globals.vars.items() if _holds_model(v)}
    if not holders:
        return {}
    g = interp.globals.vars
    names = {n.value for n in walk(stmt) if type(n) is cst.Name}
    reached = interp.reachable_code([g[n] for n in names if n in g])
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
        if isinstance(value, ModelObject) and value.settled():
            out[name] = value
        else:
            return {}  # an unbuilt model may be built by fit(): not neutral
    return out


def _holds_model(value, depth=0):
    if isinstance(value, (ModelObject, ParameterObject)):
        return True
    if depth > 3:
        return False
    from nnlint.interpreter.objects import Instance
    items = value.values() if isinstance(value, dict) else value.attrs.values() \
        if isinstance(value, Instance) else value if isinstance(value, (list, tuple, set)) \
        else ()
    return any(_holds_model(v, depth + 1) for v in list(items))


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
    return value.neutral_methods if isinstance(value, ModelObject) else ()


# calls that only make new objects or read: code not run that makes no other call, and
# stores only into plain names, can leave parameters out of a count but never remove,
# replace or freeze one (Note.bound)
_ADDING_CALLS = frozenset({
    "range", "len", "int", "float", "str", "bool", "print", "list", "tuple", "dict", "set",
    "min", "max", "sum", "abs", "round", "enumerate", "zip", "isinstance", "sorted"})
_ADDING_METHODS = frozenset({
    "append", "extend", "insert", "format", "join", "startswith", "endswith", "get",
    "items", "keys", "values", "lower", "upper", "split", "strip", "replace", "copy"})
_CONSTRUCTOR_ROOTS = ("nn.", "torch.nn.", "layers.", "keras.layers.", "tf.keras.layers.")


class _MayRemove(_Stores):
    def __init__(self):
        self.found = False

    def stored(self, target):
        if not isinstance(target, cst.Name):
            self.found = True

    def visit_Del(self, node):
        self.found = True

    def visit_Global(self, node):
        self.found = True

    def visit_Nonlocal(self, node):
        self.found = True

    def visit_For(self, node):
        self._store(node.target)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, cst.Name) and func.value in _ADDING_CALLS:
            return
        if isinstance(func, cst.Attribute):
            if func.attr.value in _ADDING_METHODS:
                return
            if (dotted_name(func) + ".").startswith(_CONSTRUCTOR_ROOTS):
                return
        self.found = True


def only_adds(stmt) -> bool:
    """True when code that may or may not have run can only have added parameters: no
    del, no store into an attribute or item, no call but those that make or read."""
    visitor = _MayRemove()
    stmt.visit(visitor)
    return not visitor.found
