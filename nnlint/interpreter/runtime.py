"""The seam between the interpreter and the frameworks: what a framework plugs in.

The interpreter (evaluator, calls, builtins, join, ...) imports no framework. A framework
plugs in two ways, both defined here:

- Its runtime objects (a torch module, a Keras layer, a tensor, a weight) subclass
  `RuntimeObject` and answer the interpreter's questions about themselves: an attribute,
  an item, a call, iteration, arithmetic, a copy. What a class does not answer is
  `UNHANDLED`, and the interpreter does what it does for any other object. `ModelObject`
  marks the objects that hold parameters (what discovery reports and counting counts),
  `TensorObject` the values a forward pass computes.
- A `Framework` registered with `register()` owns qualified-name prefixes ("torch.",
  "keras.") and answers for its names: a call of one of them, a class of the analysed code
  built on one of its base classes, a model a library provides.

Each package under `nnlint/frameworks/` is a framework: `frameworks()` imports them all the
first time the interpreter asks (as flake8 loads its plugins), so adding a framework is
adding a folder.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

# what a RuntimeObject answers to a question it leaves to the interpreter
UNHANDLED = NotImplemented


class RuntimeObject:
    """An object of a framework's runtime, as the interpreter meets it."""

    __slots__ = ()

    def attribute(self, interp, name, node):
        return UNHANDLED

    def set_attribute(self, interp, name, value, node):
        """Set it and answer None, or UNHANDLED."""
        return UNHANDLED

    def delete_attribute(self, interp, name, node):
        """Delete it and answer None, or UNHANDLED."""
        return UNHANDLED

    def item(self, interp, key, node):
        return UNHANDLED

    def set_item(self, interp, key, value, node):
        """Set it and answer None, or UNHANDLED."""
        return UNHANDLED

    def iterate(self, interp, node):
        """The items `for x in self` gives (a list, or an Unknown), or UNHANDLED."""
        return UNHANDLED

    def length(self, interp, node):
        return UNHANDLED

    def call(self, interp, args, kwargs, node):
        return UNHANDLED

    def binop(self, interp, op, left, right, node):
        """`left op right` where self is one of the two."""
        return UNHANDLED

    def negate(self):
        return UNHANDLED

    def copy(self, memo):
        """copy.deepcopy(self); UNHANDLED where the copy is not known."""
        return UNHANDLED

    def number(self):
        """The Python number int(self) / float(self) converts, None where it is not known;
        UNHANDLED for objects that are not numbers."""
        return UNHANDLED

    def is_callable(self):
        return UNHANDLED

    def truth(self):
        """bool(self): True, False, an Unknown, or UNHANDLED."""
        return UNHANDLED

    def written(self):
        """Code wrote into it, or handed it to code nnlint does not follow: forget what was
        known of its values."""

    def is_instance(self, qualname):
        """isinstance(self, the framework class `qualname`): True, False or UNHANDLED."""
        return UNHANDLED

    def base_method(self, interp, qualname, method, args, kwargs, node):
        """`super().method(...)` reaching the framework base class `qualname`."""
        return UNHANDLED


class ModelObject(RuntimeObject):
    """A module or layer: it holds parameters, and code that reaches it may change them.

    `taints` collects the notes that make its count inexact."""

    __slots__ = ()
    class_prefix = ""  # its framework class's name is class_prefix + type_name
    # two of them may hold the very same parameters (`nn.DataParallel(net)` and `net`)
    may_share_parameters = False
    keyed = False  # `model[key] = value` sets one of its items (a torch container's)
    neutral_methods = frozenset()  # methods that change no parameter (neutral.py's tables)

    def is_callable(self):
        return True

    def reported_as(self) -> str | None:
        """The framework name a report gives it ("torch"), None if it is not a model a
        report counts (a loss function, a single Keras layer)."""
        return None

    def extended_by(self, other) -> bool:
        """`self += other` extends it (a torch ModuleList)."""
        return False

    def settled(self) -> bool:
        """Using it cannot change its parameters any more (built, nothing lazy left)."""
        return False

    def parameter_states(self, flag):
        """([(parameter, size, trainability)], [(child model, flag)]): what it holds
        itself, and the models whose parameters it holds too; `flag` is what the parent
        passes down (Keras' `trainable`)."""
        raise NotImplementedError

    def uncounted_containers(self):
        """Containers it holds that no count reads (a torch module's plain attributes)."""
        return ()


def model_kind(value) -> str | None:
    """The framework name of a model a report counts, None for anything else."""
    return value.reported_as() if isinstance(value, ModelObject) else None


def written(*objects):
    """Code wrote into these objects: framework objects forget the values they knew."""
    for obj in objects:
        if isinstance(obj, RuntimeObject):
            obj.written()


class ParameterObject(RuntimeObject):
    """A parameter or weight a model holds: code that reaches it may change a count."""

    __slots__ = ()


class TensorObject(RuntimeObject):
    """A tensor, symbolic or with known values: what the model computes, not what it holds."""

    __slots__ = ()
    symbolic = False  # a graph-building tensor (Keras'): calls on it may build a model


class Framework:
    """A framework the interpreter knows: the names it owns and what they make."""

    name = ""
    prefixes: tuple = ()  # qualified names it owns: "torch" and "torch.*"

    def owns(self, qualname) -> bool:
        return any(qualname == p or qualname.startswith(p + ".") for p in self.prefixes)

    def call(self, interp, qualname, args, kwargs, node):
        """A call of one of its names (a layer, a function, a class)."""
        raise NotImplementedError

    def base_kind(self, qualname) -> str | None:
        """What a class of the analysed code built on the base `qualname` is
        ("torch", "keras-model", "keras-layer"), None if it is not one of its bases."""
        return None

    def instantiate(self, interp, cls, args, kwargs, node):
        """An instance of cls, a class of the analysed code built on one of its bases."""
        raise NotImplementedError

    def knows_class(self, qualname) -> bool:
        """A class of the framework whose behaviour nnlint knows (a layer, a base class)."""
        return False

    def layers(self) -> dict:
        """Its layer catalogue: canonical qualified name -> catalog.spec.LayerSpec."""
        return {}

    def function(self, qualname):
        """A Builtin for a function it models outside its own names (numpy's), or None."""
        return None

    def unread_model(self, interp, qualname, size, node):
        """A model a library makes, whose count is known but whose code was not read."""
        raise NotImplementedError

    def count(self, interp, name, model, kind, line, column, notes):
        """The ModelReport of one of its models."""
        raise NotImplementedError


_REGISTERED: list = []


def register(framework: Framework) -> Framework:
    _REGISTERED.append(framework)
    return framework


@functools.lru_cache(maxsize=None)
def frameworks() -> tuple:
    """Every framework, imported on the first call."""
    package = importlib.import_module("nnlint.frameworks")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        importlib.import_module(f"{package.__name__}.{info.name}")
    return tuple(_REGISTERED)


@functools.lru_cache(maxsize=16384)  # asked at every outside call; the owners never change
def framework_of(qualname: str) -> Framework | None:
    """The framework that owns a (canonical) qualified name."""
    for fw in frameworks():
        if fw.owns(qualname):
            return fw
    return None


def framework_named(name: str) -> Framework | None:
    for fw in frameworks():
        if fw.name == name:
            return fw
    return None
