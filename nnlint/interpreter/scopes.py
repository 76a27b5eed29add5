"""Scopes: where names live while the interpreter runs (module, function, class, comprehension).
"""

from __future__ import annotations

from nnlint.interpreter.runtime import model_kind


class Scope:
    __slots__ = ("vars", "parent", "globals", "nonlocals")

    def __init__(self, parent=None, is_module=False):
        self.vars = {}
        self.parent = parent
        self.globals = None if is_module else set()
        self.nonlocals = None  # names declared nonlocal: written where they live

    def closure(self):
        """The scope a function, lambda or comprehension defined here sees: a class
        body's names are not visible from inside them."""
        scope = self
        while isinstance(scope, ClassScope):
            scope = scope.parent
        return scope

    def function_scope(self):
        """Where an assignment expression in a comprehension binds (PEP 572)."""
        scope = self
        while isinstance(scope, ComprehensionScope):
            scope = scope.parent
        return scope

    def lookup(self, name):
        scope = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        raise KeyError(name)

    def module_scope(self):
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def assign(self, name, value):
        if self.globals and name in self.globals:
            self.module_scope().assign(name, value)
        elif self.nonlocals and name in self.nonlocals:
            target = self.enclosing_binding(name) or self.parent.closure()
            target.assign(name, value)
        else:
            self.vars[name] = value

    def enclosing_binding(self, name):
        """The enclosing function scope a `nonlocal name` refers to: the nearest one that
        holds the name (class bodies are skipped, as Python does)."""
        scope = self.parent.closure() if self.parent is not None else None
        while scope is not None and scope.parent is not None:
            if name in scope.vars or (scope.nonlocals and name in scope.nonlocals):
                return scope
            scope = scope.parent.closure() if scope.parent is not None else None
        return None


class WatchedScope(Scope):
    """A scope whose names are reported as models (the module's globals, a builder's
    locals): for a name that held a model and was then given something else, `lost`
    keeps the model it held and the value that replaced it, so that a model reassigned
    to what nnlint cannot know (`model = accelerator.prepare(model)`) is still reported."""

    __slots__ = ("lost",)

    def __init__(self, parent=None, is_module=False):
        super().__init__(parent, is_module)
        self.lost = {}  # name -> (the model it held, the value that replaced it)

    def assign(self, name, value):
        if (self.globals and name in self.globals) or (self.nonlocals and name in self.nonlocals):
            super().assign(name, value)
            return
        old = self.vars.get(name)
        self.vars[name] = value
        if model_kind(value) is not None:
            self.lost.pop(name, None)
        elif model_kind(old) is not None:
            self.lost[name] = (old, value)


class ClassScope(Scope):
    """A class body: its names are not seen by the functions, lambdas and
    comprehensions written in it (except a comprehension's first iterable)."""

    __slots__ = ()


class ComprehensionScope(Scope):
    """The scope of a comprehension's targets."""

    __slots__ = ()
