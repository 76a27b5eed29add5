"""A bounded abstract interpreter for model-construction code, over LibCST nodes.

It runs nothing of the analysed program: it walks the syntax tree and computes
with nnlint's own stand-ins (`objects`, `torch_rt`, `keras_rt`). Anything it
cannot follow becomes an `Unknown` value; control flow it cannot decide, or a
call that could change a model behind its back, *taints* the objects being
built, which makes their counts inexact. Every evaluation is bounded: steps,
loop iterations, call depth, container sizes and integer sizes.
"""

from __future__ import annotations

import libcst as cst

from nnlint.interpreter.builtins import BUILTINS
from nnlint.interpreter.cmdline import CommandLine
from nnlint.interpreter.definitions import Definitions
from nnlint.interpreter.expressions import Expressions
from nnlint.interpreter.objects import ModuleObject
from nnlint.interpreter.operations import iterate, truth
from nnlint.interpreter.scopes import Scope
from nnlint.interpreter.statements import OverBudget, Statements
from nnlint.interpreter.values import Budget, LazyLine, Note, Unknown

MAX_STEPS = 400_000  # for the module's top level, and again for each model candidate
FILE_MAX_STEPS = 3 * MAX_STEPS  # all of a file's evaluation together


class Interpreter(Statements, Definitions, Expressions):
    """Evaluates one module (and the calls it makes) under a shared step budget."""

    JOIN_KEEPS = True  # join.py: an interpreter is never copied or compared

    def __init__(self, module_node: cst.Module, path: str, positions, project=None,
                 module_name="__nnlint__"):
        self.module_node = module_node
        self.path = path
        self.positions = positions
        self.project = project
        self.module_name = module_name
        self.steps = 0
        self.budget = MAX_STEPS  # steps past which evaluation stops (allow_steps raises it)
        self.depth = 0
        self.collectors = []  # lists that receive Notes (objects being built, candidates)
        self.notes = []  # file-level diagnostics
        self.globals = Scope(is_module=True)
        self.builtins = BUILTINS
        self.current_class = None
        self.frames = []  # (defining class, receiver) of the methods being run
        self.poisoned = {}  # id -> container whose contents are no longer known
        self.names_cache = {}  # (kind, id(node)) -> (node, what walked_once computed)
        self.opaque_calls = 0  # calls nnlint could not follow (any of them may raise)
        self.havocs = 0  # blocks not run (havoc): what they wrote is not known (environ.py)
        self.environ = {}  # os.environ as this file writes it (environ.py)
        self.toplevel = None  # the top-level statement whose code is running
        self.capture = None  # a Function whose local scope to keep (for "build.m" names)
        # project files this file imports, evaluated for this file alone: each file runs in
        # its own process, so what one file does to an imported module is not seen by another
        self.imported = {}  # real path -> ModuleObject (as far as it has run, while it runs)
        if project is not None and not path.startswith("<"):
            # a project file that imports this one back gets this very namespace, as far as
            # it has run (Python's circular import), not a second run of the file
            self.imported[project.real(path)] = ModuleObject(module_name, self.globals.vars)
        self.captured = None
        self.cmdline = CommandLine()  # how the program is run (shared with imported files)
        self.limit = MAX_STEPS  # steps at which tick() stops: the budget, or a fork's
        self.forks = 0  # alternatives joined (nnlint.interpreter.join), bounded per file
        self.fork_steps = 0  # steps spent by outermost forks
        self.unforkable = {}  # id -> statement whose alternatives cost too much to join
        self.fork_cost = {}  # id(statement) -> steps its forks spent
        self.fork_depth = 0
        self.copied = 0  # objects copied by the forks
        self.site = None  # while code of another file runs: (its path, the line here)
        self.neutral = frozenset()  # ids of models the running loop cannot change (neutral.py)
        self.neutral_names = {}  # id(top-level loop) -> names of the models it leaves alone
        self.versions = {}  # framework releases the user states: {"torch": (2, 4)}
        # (model name, line) -> its declared input (nnlint/inputs.py InputDecl) or None
        self.input_for = lambda name, line: None
        self.trace = None  # a framework's record of the forward pass it follows, if any
        self.neutral_forward = False  # calling a model skips a forward() that cannot change it
        self.neutral_cache = {}  # id(class) -> (class, its forward() cannot change a module)

    def current_function_frame(self):
        return self.frames[-1] if self.frames else None

    # ------------------------------------------------------------------ notes
    def line_of(self, node) -> int:
        return self.positions.line(node, self.toplevel) if node is not None else 0

    def taint(self, message, node=None, code="NNL101", line=None, mapped=False, bound=False):
        """A note for every object being built. In code of another file, the note names
        that file and line and is placed on the line of this file that called it.
        `bound=True` only where what is not known can only leave parameters out (Note)."""
        line = line if line is not None else self.line_of(node)
        if self.site is not None and not mapped:
            message, line = self.here(message, line)
        note = Note(code, message, line, bound=bound)
        for c in self.collectors:
            if not any(n.message == note.message and n.line == note.line for n in c):
                c.append(note)
        return note

    def missing(self, message, node=None, **kwargs):
        """taint() for what can only leave parameters out of the count (a size, a layer
        or items not known): the numbers counted stay true lower bounds."""
        return self.taint(message, node, bound=True, **kwargs)

    def here(self, message, line):
        """(message, line) of what happened on `line` of the file whose code runs, as
        this file reports it: on the line here that called into that file."""
        if self.site is None:
            return message, line
        import os
        path, site = self.site
        if type(site) is LazyLine:
            site = site.find()
        where = f" (in {os.path.basename(path)}:{line})"
        return (message if message.endswith(where) else message + where), site

    def unknown(self, reason, node=None) -> Unknown:
        if node is None:
            return Unknown(reason, None)
        if self.site is None:  # this file's own code: its line is found if it is reported
            return Unknown(reason, LazyLine(self.positions, node, self.toplevel))
        reason, line = self.here(reason, self.line_of(node))
        return Unknown(reason, line)

    def tick(self, n=1):
        self.steps += n
        if self.steps > self.limit:
            if self.steps > self.budget:
                raise Budget(f"evaluation stopped: step budget spent ({MAX_STEPS:,} steps for "
                             f"the top level and for each model, {FILE_MAX_STEPS:,} for the file)")
            raise OverBudget()

    def allow_steps(self):
        """A fresh allowance of MAX_STEPS (a model zoo file builds many models), within
        FILE_MAX_STEPS for the whole file."""
        self.budget = self.limit = min(self.steps + MAX_STEPS, FILE_MAX_STEPS)

    # ------------------------------------------------------------ module level
    def run_module(self, on_statement=None):
        """Execute the module's top-level statements, one at a time."""
        self.globals.vars["__name__"] = self.module_name
        for stmt in self.module_node.body:
            self.toplevel = stmt
            if on_statement is not None:
                on_statement(stmt, lambda s=stmt: self.exec_stmt(s, self.globals))
            else:
                self.exec_stmt(stmt, self.globals)


        # Pass: nothing to do


    # ------------------------------------------------------------------ helpers
    def truth(self, value, node=None):
        return truth(self, value, node)

    def iterate(self, value, node=None):
        return iterate(self, value, node)
