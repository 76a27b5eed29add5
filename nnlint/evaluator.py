"""A bounded abstract interpreter for model-construction code, over LibCST nodes.

It runs nothing of the analysed program: it walks the syntax tree and computes
with nnlint's own stand-ins (`objects`, `torch_rt`, `keras_rt`). Anything it
cannot follow becomes an `Unknown` value; control flow it cannot decide, or a
call that could change a model behind its back, *taints* the objects being
built, which makes their counts inexact. Every evaluation is bounded: steps,
loop iterations, call depth, container sizes and integer sizes.
"""

from __future__ import annotations

import operator

import libcst as cst

from nnlint import wrapping
from nnlint.attributes import get_attribute
from nnlint.builtins import BUILTINS
from nnlint.operations import get_item, iterate, special_binop, tensor_unary, truth
from nnlint.cmdline import CommandLine
from nnlint.objects import (BoundMethod, Builtin, ClassValue, EnumMember, External, Function,
                            Instance, ModuleObject, Partial)
from nnlint.namespace import SCOPED, Namespace
from nnlint.objects import is_enum_class
from nnlint.project import framework_import
from nnlint.resolve import canonical, dotted_name
from nnlint.runtime import (UNHANDLED, ModelObject, RuntimeObject, TensorObject, model_kind,
                            written)
from nnlint.values import (MAX_LEN, STAR_KWARGS, Budget, Note, StarUnknown, Unknown,
                           UserRaise, bounded_pow, check_size, contains_unknown, costly_to_hash,
                           is_plain, safe_binop)

MAX_STEPS = 400_000  # for the module's top level, and again for each model candidate
FILE_MAX_STEPS = 3 * MAX_STEPS  # all of a file's evaluation together
MAX_LOOP = 20_000
MAX_DEPTH = 40


class _OverBudget(Exception):
    """A part of the evaluation spent its share of the budget: the alternatives of a fork
    (join.FORK_STEPS), a module-level loop (join.LOOP_STEPS)."""


# builtin exception classes and their bases, for matching `except` clauses
_EXC_BASES = {
    "KeyError": "LookupError", "IndexError": "LookupError", "LookupError": "Exception",
    "UnicodeError": "ValueError", "ValueError": "Exception", "TypeError": "Exception",
    "ZeroDivisionError": "ArithmeticError", "OverflowError": "ArithmeticError",
    "FloatingPointError": "ArithmeticError", "ArithmeticError": "Exception",
    "AttributeError": "Exception", "NameError": "Exception", "AssertionError": "Exception",
    "NotImplementedError": "RuntimeError", "RecursionError": "RuntimeError",
    "RuntimeError": "Exception", "ModuleNotFoundError": "ImportError",
    "ImportError": "Exception", "FileNotFoundError": "OSError", "OSError": "Exception",
    "StopIteration": "Exception", "Exception": "BaseException",
}
_UNDECIDED = object()


_MIXED = object()  # alternatives that end differently (one returns, one goes on)


def _outcome(run, tail=None):
    """How an alternative ended: ("normal",), ("return", value), ("break",),
    ("continue",) or ("raise", exc); reaching the end of a function body is a return,
    of a loop body a continue."""
    try:
        run()
    except _Return as ret:
        return ("return", ret.value)
    except _Break:
        return ("break", None)
    except _Continue:
        return ("continue", None)
    except UserRaise as exc:
        return ("raise", exc)
    if tail == "function":
        return ("return", None)
    if tail == "loop":
        return ("continue", None)
    return ("normal", None)


class _Body:
    """A block seen as an else clause (its .body is the block)."""

    __slots__ = ("body",)

    def __init__(self, block):
        self.body = block


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


# what a return / break / continue raises where no function or loop takes it
OUTSIDE_THEIR_BLOCK = (_Return, _Break, _Continue)


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


_BINOPS = {
    cst.Add: operator.add, cst.Subtract: operator.sub, cst.Multiply: operator.mul,
    cst.Divide: operator.truediv, cst.FloorDivide: operator.floordiv, cst.Modulo: operator.mod,
    cst.Power: bounded_pow, cst.MatrixMultiply: operator.matmul,
    cst.LeftShift: operator.lshift, cst.RightShift: operator.rshift,
    cst.BitAnd: operator.and_, cst.BitOr: operator.or_, cst.BitXor: operator.xor,
}
_AUGOPS = {
    cst.AddAssign: cst.Add, cst.SubtractAssign: cst.Subtract, cst.MultiplyAssign: cst.Multiply,
    cst.DivideAssign: cst.Divide, cst.FloorDivideAssign: cst.FloorDivide,
    cst.ModuloAssign: cst.Modulo, cst.PowerAssign: cst.Power,
    cst.MatrixMultiplyAssign: cst.MatrixMultiply, cst.LeftShiftAssign: cst.LeftShift,
    cst.RightShiftAssign: cst.RightShift, cst.BitAndAssign: cst.BitAnd,
    cst.BitOrAssign: cst.BitOr, cst.BitXorAssign: cst.BitXor,
}
_CMPOPS = {
    cst.Equal: operator.eq, cst.NotEqual: operator.ne, cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le, cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge,
}


class Interpreter:
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
            import os
            self.imported[os.path.realpath(path)] = ModuleObject(module_name, self.globals.vars)
        self.captured = None
        self.cmdline = CommandLine()  # how the program is run (shared with imported files)
        self.limit = MAX_STEPS  # steps at which tick() stops: the budget, or a fork's
        self.forks = 0  # alternatives joined (nnlint.join), bounded per file
        self.fork_steps = 0  # steps spent by outermost forks
        self.unforkable = {}  # id -> statement whose alternatives cost too much to join
        self.fork_cost = {}  # id(statement) -> steps its forks spent
        self.fork_depth = 0
        self.copied = 0  # objects copied by the forks
        self.site = None  # while code of another file runs: (its path, the line here)
        self.neutral = frozenset()  # ids of models the running loop cannot change (neutral.py)
        self.neutral_names = {}  # id(top-level loop) -> names of the models it leaves alone
        self.versions = {}  # framework releases the user states: {"torch": (2, 4)}
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
        where = f" (in {os.path.basename(path)}:{line})"
        return (message if message.endswith(where) else message + where), site

    def unknown(self, reason, node=None) -> Unknown:
        if node is None:
            return Unknown(reason, None)
        reason, line = self.here(reason, self.line_of(node))
        return Unknown(reason, line)

    def tick(self, n=1):
        self.steps += n
        if self.steps > self.limit:
            if self.steps > self.budget:
                raise Budget(f"evaluation stopped: step budget spent ({MAX_STEPS:,} steps for "
                             f"the top level and for each model, {FILE_MAX_STEPS:,} for the file)")
            raise _OverBudget()

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

    # -------------------------------------------------------------- statements
    def exec_block(self, body, scope, tail=None):
        """`tail`: what reaching the end of the block means ("function": return None,
        "loop": continue), for an `if` whose alternatives end differently."""
        if isinstance(body, cst.SimpleStatementSuite):
            for small in body.body:
                self.exec_small(small, scope)
            return
        self.exec_statements(body.body, scope, tail)

    def exec_statements(self, stmts, scope, tail=None):
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, cst.If):
                self.tick()
                if self.exec_if(stmt, scope, stmts[i + 1:], tail):
                    return  # the rest ran inside the alternatives
            else:
                self.exec_stmt(stmt, scope)

    def exec_stmt(self, stmt, scope):
        self.tick()
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self.exec_small(small, scope)
        elif isinstance(stmt, cst.FunctionDef):
            self.define_function(stmt, scope)
        elif isinstance(stmt, cst.ClassDef):
            self.define_class(stmt, scope)
        elif isinstance(stmt, cst.If):
            self.exec_if(stmt, scope)
        elif isinstance(stmt, cst.For):
            self.exec_loop(self.exec_for, stmt, scope)
        elif isinstance(stmt, cst.While):
            self.exec_loop(self.exec_while, stmt, scope)
        elif isinstance(stmt, cst.With):
            self.exec_with(stmt, scope)
        elif isinstance(stmt, (cst.Try, getattr(cst, "TryStar", cst.Try))):
            self.exec_try(stmt, scope)
        else:  # match statements and anything newer
            self.taint(f"statement {type(stmt).__name__} not followed", stmt)

    def exec_small(self, small, scope):
        if isinstance(small, cst.Expr):
            self.eval(small.value, scope)
        elif isinstance(small, cst.Assign):
            value = self.eval(small.value, scope)
            for target in small.targets:
                self.assign(target.target, value, scope)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                self.assign(small.target, self.eval(small.value, scope), scope)
        elif isinstance(small, cst.AugAssign):
            self.exec_augassign(small, scope)
        elif isinstance(small, cst.Return):
            raise _Return(None if small.value is None else self.eval(small.value, scope))
        elif isinstance(small, (cst.Import, cst.ImportFrom)):
            self.exec_import(small, scope)
        elif isinstance(small, cst.Raise):
            exc = small.exc.func if isinstance(small.exc, cst.Call) else small.exc
            kind = exc.value if isinstance(exc, cst.Name) else None
            raise UserRaise(self.line_of(small), kind)
        elif isinstance(small, cst.Assert):
            ok = self.truth(self.eval(small.test, scope), small.test)
            if ok is False:
                raise UserRaise(self.line_of(small), "AssertionError")
        elif isinstance(small, cst.Global):
            if scope.globals is not None:
                scope.globals.update(n.name.value for n in small.names)
        elif isinstance(small, cst.Break):
            raise _Break()
        elif isinstance(small, cst.Continue):
            raise _Continue()
        elif isinstance(small, cst.Del):
            self.exec_del(small.target, scope)
        elif isinstance(small, cst.Nonlocal):
            names = {n.name.value for n in small.names}
            scope.nonlocals = (scope.nonlocals or set()) | names
            for name in sorted(names):
                if scope.enclosing_binding(name) is None:  # bound later in the enclosing code
                    self.taint(f"nonlocal {name} not bound yet", small)
        # Pass: nothing to do

    def exec_del(self, target, scope):
        if isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.exec_del(el.value, scope)
        elif isinstance(target, cst.Name):
            s = scope
            while s is not None and target.value not in s.vars:
                s = s.parent
            if s is not None:
                del s.vars[target.value]
        elif isinstance(target, cst.Attribute):
            obj = self.eval(target.value, scope)
            name = target.attr.value
            done = obj.delete_attribute(self, name, target) \
                if isinstance(obj, RuntimeObject) else UNHANDLED
            if done is UNHANDLED and isinstance(obj, (ModelObject, Instance)):
                obj.attrs.pop(name, None)
        elif isinstance(target, cst.Subscript):
            obj = self.eval(target.value, scope)
            key = self.eval_slice(target.slice, scope)
            from nnlint import environ
            if environ.is_environ(obj):  # del os.environ[name]
                environ.delete(self, key, target)
                return
            if isinstance(obj, Namespace):  # del globals()[name]
                obj = obj.names
                if not isinstance(key, str):
                    from nnlint import namespace
                    namespace.forget(self, scope, "del globals()[...] of a name not known",
                                     target)
                    return
            if isinstance(obj, (list, dict)) and not isinstance(key, Unknown):
                try:
                    del obj[key]
                except (KeyError, IndexError, TypeError) as exc:
                    raise UserRaise(self.line_of(target), type(exc).__name__)
            elif isinstance(obj, ModelObject):
                obj.taints.append(self.taint("del of a model item not followed", target))
            elif isinstance(key, Unknown) and isinstance(obj, (list, dict)):
                self.poison(obj)

    def exec_augassign(self, node, scope):
        right = self.eval(node.value, scope)
        left = self.eval(node.target, scope)
        if isinstance(left, list) and isinstance(node.operator, cst.AddAssign):
            items = self.iterate(right, node)
            if isinstance(items, Unknown):
                self.missing(f"list extended with {items.reason}", node)
                self.poison(left)
                return
            if len(left) + len(items) > MAX_LEN:
                self.missing("list too long", node)
                return
            left.extend(items)
            return
        if isinstance(left, ModelObject) and isinstance(node.operator, cst.AddAssign) and \
                left.extended_by(right):
            self.call(self.getattr(left, "extend", node), [right], {}, node)  # ModuleList +=
            return
        written(left)  # t += 1 is in place for a tensor
        op = _BINOPS[_AUGOPS[type(node.operator)]]
        self.assign(node.target, self.binop(op, left, right, node), scope)

    def exec_if(self, stmt, scope, rest=(), tail=None):
        """True when the statements after it (`rest`) ran too, inside the alternatives."""
        while True:
            test = self.truth(self.eval(stmt.test, scope), stmt.test)
            if isinstance(test, Unknown):
                return self.fork_if(stmt, scope, test, rest, tail)
            if test:
                self.exec_block(stmt.body, scope)
                return False
            orelse = stmt.orelse
            if orelse is None:
                return False
            if isinstance(orelse, cst.If):
                stmt = orelse
                continue
            self.exec_block(orelse.body, scope)
            return False

    def fork_if(self, stmt, scope, test, rest, tail):
        """An `if` on a condition not known: both branches, joined (nnlint.join). Where one
        branch leaves the block (return, continue) and the other goes on, the rest of the
        block runs in both, up to where they meet (the end of the function or loop body)."""
        why, line = self.here(f"condition not known statically ({test.reason})",
                              self.line_of(stmt.test))

        def branch(block, more=()):
            def run():
                if isinstance(block, cst.If):  # elif: a fork as deep as this one
                    self.fork_depth -= 1
                    try:
                        self.exec_if(block, scope)
                    finally:
                        self.fork_depth += 1
                elif block is not None:
                    self.exec_block(block.body, scope)
                if more:
                    self.exec_statements(more, scope)
            return run

        body, orelse = branch(_Body(stmt.body)), branch(stmt.orelse)
        done = self.fork(why, line, [stmt], scope, body, orelse)
        if done is _MIXED and rest and tail is not None:
            done = self.fork(why, line, [stmt, *rest], scope,
                             branch(_Body(stmt.body), rest), branch(stmt.orelse, rest), tail=tail)
            if done is True:
                return True
        if done is True:
            return False
        self.havoc(stmt, scope, self.taint(why, line=line, mapped=True))
        return False

    def fork(self, why, line, stmts, scope, *alternatives, tail=None):
        """Run the alternatives from the same state and join what they leave (see
        nnlint.join). True when joined (a return, break, continue or raise they all
        end with is raised again); _MIXED when they end differently; False when they
        cannot be joined (nothing was changed then: the caller havocs)."""
        from nnlint import join
        if self.fork_depth >= join.MAX_FORK_DEPTH or self.forks >= join.MAX_FORKS or \
                self.copied >= join.MAX_COPIED or self.fork_steps >= join.MAX_FORK_STEPS or \
                id(stmts[0]) in self.unforkable:
            return False
        self.forks += 1
        try:
            heap = join.Heap(self, *self.fork_roots(stmts, scope))
        except join.CannotJoin:
            self.unforkable[id(stmts[0])] = stmts[0]
            return False
        self.tick(len(heap.objects) // join.OBJECTS_PER_STEP)  # copying is work too
        ends = []
        outer = self.fork_depth == 0
        start, limit = self.steps, self.limit
        if outer:
            self.limit = min(limit, self.steps + join.FORK_STEPS)
        self.fork_depth += 1
        try:
            for i, alternative in enumerate(alternatives):
                if i:
                    heap.restore()
                outcome = _outcome(alternative, tail)
                ends.append((outcome, heap.record() if i < len(alternatives) - 1 else None))
        except _OverBudget:
            if not outer or self.steps > limit:  # not this fork's share: an enclosing one's
                raise
            heap.restore()
            self.unforkable[id(stmts[0])] = stmts[0]
            return False
        finally:
            self.fork_depth -= 1
            if outer:
                self.limit = limit
                self.fork_steps += self.steps - start
            spent = self.fork_cost.get(id(stmts[0]), 0) + self.steps - start + \
                len(heap.objects) // join.OBJECTS_PER_STEP
            self.fork_cost[id(stmts[0])] = spent
            if spent > join.STATEMENT_FORK_STEPS:  # a fork on every turn of a long loop
                self.unforkable[id(stmts[0])] = stmts[0]
        return self.join_ends(heap, ends, why, line)

    def join_ends(self, heap, ends, why, line):
        from nnlint import join
        raising = [e for e in ends if e[0][0] == "raise"]
        if raising and len(raising) < len(ends):
            # an alternative that raises may happen: an enclosing try sees a call that
            # may raise; the count is that of the alternatives that go on
            self.opaque_calls += 1
            ends = [e for e in ends if e[0][0] != "raise"]
        kinds = {e[0][0] for e in ends}
        if len(kinds) > 1:
            heap.restore()
            return _MIXED
        try:
            if len(ends) == 1:
                self.joined_changes = ends[0][1] is None  # the last one ran: its state
                if ends[0][1] is not None:
                    heap.restore(ends[0][1])
            else:
                join.Join(self, heap, why, line).run(ends[0][1])
        except join.CannotJoin:
            heap.restore()
            return False
        kind = kinds.pop()
        if kind == "return":
            values = [e[0][1] for e in ends]
            value = values[-1]
            if len(values) > 1 and not join._Match(heap).agree(values[0], values[1]):
                value = Unknown(why, line)
            raise _Return(value)
        if kind == "break":
            raise _Break()
        if kind == "continue":
            raise _Continue()
        if kind == "raise":
            excs = [e[0][1] for e in ends]
            exc = UserRaise(excs[-1].args[0], excs[-1].kind if len(
                {x.kind for x in excs}) == 1 else None)
            exc.foreign = any(x.foreign for x in excs)
            raise exc
        return True

    def fork_values(self, why, line, node, scope, *alternatives):
        """The joined value of expressions evaluated as alternatives (their effects
        joined too); _MIXED where they cannot be joined (nothing changed then)."""
        def returning(compute):
            def run():
                raise _Return(compute())
            return run
        try:
            done = self.fork(why, line, [node], scope, *map(returning, alternatives))
        except _Return as ret:
            return ret.value
        except UserRaise:
            raise
        return _MIXED if done is not True else None

    def fork_roots(self, stmts, scope):
        """(slots, roots) for join.Heap: the names the code mentions, in every scope it
        sees, and what super() reaches."""
        from nnlint.join import ScopeSlot
        names = set()
        for stmt in stmts:
            assigned, referenced = self.names_in(stmt)
            names |= assigned | referenced
        slots = []
        s = scope
        while s is not None:
            slots.extend(ScopeSlot(s, n) for n in names)
            s = s.parent
        roots = []
        if "super" in names and self.frames:
            roots.extend(self.frames[-1])
        if names & (SCOPED | {"sys"}):  # globals()[k] = v, sys.modules[__name__].x = v
            roots.append(scope.module_scope().vars)
        return slots, roots

    def exec_for(self, stmt, scope):
        if self.neutral_forward or (self.depth == 0 and self.fork_depth == 0):
            self.module_loop(stmt, scope, self.exec_for_turns)
        else:
            self.exec_for_turns(stmt, scope)

    def exec_while(self, stmt, scope):
        if self.neutral_forward or (self.depth == 0 and self.fork_depth == 0):
            self.module_loop(stmt, scope, self.exec_while_turns)
        else:
            self.exec_while_turns(stmt, scope)

    def module_loop(self, stmt, scope, run):
        """A loop of the module's own code (a training or sampling loop, often): calling a
        model there does not run its forward() where that cannot change the model
        (nnlint.neutral), and it may spend join.LOOP_STEPS (a loop run by it,
        join.INNER_LOOP_STEPS). Past that, unless it was building a model, it starts again
        from the state before it, with its turns not known (loop_fixpoint)."""
        from nnlint import join
        try:
            heap = join.Heap(self, *self.fork_roots([stmt], scope))
        except join.CannotJoin:
            heap = None
        limit, neutral = self.limit, self.neutral_forward
        share = join.INNER_LOOP_STEPS if neutral else join.LOOP_STEPS  # loops in such a loop
        if heap is not None:
            self.limit = min(limit, self.steps + share)
        self.neutral_forward = True
        try:
            run(stmt, scope)
            return
        except _OverBudget:
            if heap is None or self.steps > limit:
                raise
            self.limit = limit
            grows = heap.models_changed()  # it builds a model: run it again in full
            heap.restore()
            if grows:
                self.neutral_forward = neutral
                run(stmt, scope)
                return
            why = f"loop stopped after {share} evaluation steps"
            if not self.loop_fixpoint(stmt, scope, why, self.line_of(stmt)):
                self.havoc(stmt, scope, self.taint(why, line=self.line_of(stmt), mapped=True))
        finally:
            self.neutral_forward = neutral
            self.limit = limit

    def exec_for_turns(self, stmt, scope):
        """Items are taken one at a time, as Python does: the body runs before the next
        one is computed (a generator, map() ...) or read (a list appended to)."""
        from nnlint.iterators import iterator
        source = iterator(self, self.eval(stmt.iter, scope), stmt.iter)
        broke = False
        count = 0
        while True:
            got = source if isinstance(source, Unknown) else source.step()
            if isinstance(got, Unknown) or count >= MAX_LOOP:
                # the items left are not known (or too many to take one by one): zero more
                # turns, joined with turns on an unknown item, until nothing changes
                why = f"loop over a value not known statically ({got.reason})" \
                    if isinstance(got, Unknown) else f"loop stopped after {MAX_LOOP} iterations"
                why, line = self.here(why, self.line_of(stmt.iter))
                if not self.loop_fixpoint(stmt, scope, why, line):
                    self.havoc(stmt, scope, self.taint(why, line=line, mapped=True))
                    return
                break
            if not got:
                break
            item = got[0]
            count += 1
            self.tick()
            self.assign(stmt.target, item, scope)
            try:
                self.exec_block(stmt.body, scope, tail="loop")
            except _Break:
                broke = True
                break
            except _Continue:
                continue
        if not broke and stmt.orelse is not None:
            self.exec_block(stmt.orelse.body, scope)

    def exec_while_turns(self, stmt, scope):
        for turn in range(MAX_LOOP + 1):
            self.tick()
            test = self.truth(self.eval(stmt.test, scope), stmt.test)
            if isinstance(test, Unknown) or turn == MAX_LOOP:
                why = f"loop condition not known statically ({test.reason})" \
                    if isinstance(test, Unknown) else f"loop stopped after {MAX_LOOP} iterations"
                why, line = self.here(why, self.line_of(stmt.test))
                if not self.loop_fixpoint(stmt, scope, why, line):
                    self.havoc(stmt, scope, self.taint(why, line=line, mapped=True))
                    return
                test = False
            if not test:
                if stmt.orelse is not None:
                    self.exec_block(stmt.orelse.body, scope)
                return
            try:
                self.exec_block(stmt.body, scope, tail="loop")
            except _Break:
                return
            except _Continue:
                continue

    def loop_fixpoint(self, stmt, scope, why, line):
        """The turns a loop has left, not known: join stopping here with one more turn (on
        an unknown item, the condition evaluated again), again from the joined state, until
        the join changes nothing (join.MAX_ROUNDS). True when that was reached: the state
        then holds after any number of turns. A turn that breaks or returns while stopping
        goes on cannot be joined (False: the caller havocs)."""
        from nnlint.join import MAX_ROUNDS

        def turn():
            if isinstance(stmt, cst.For):
                self.assign(stmt.target, Unknown(why, line), scope)
            try:
                self.exec_block(stmt.body, scope, tail="loop")
            except _Continue:
                pass
            if isinstance(stmt, cst.While):
                self.eval(stmt.test, scope)

        for _ in range(MAX_ROUNDS):
            self.joined_changes = True
            if self.fork(why, line, [stmt], scope, lambda: None, turn) is not True:
                return False
            if not self.joined_changes:
                return True
        return False

    def exec_loop(self, run, stmt, scope):
        """A top-level loop that uses the models only through methods that change no count
        (a training loop) leaves them as they are, whatever else it leaves unknown."""
        if scope is not self.globals or stmt is not self.toplevel:
            return run(stmt, scope)
        from nnlint.neutral import neutral_models
        neutral = neutral_models(self, stmt)
        self.neutral_names[id(stmt)] = set(neutral)
        saved = self.neutral
        self.neutral = saved | {id(m) for m in neutral.values()}
        try:
            return run(stmt, scope)
        finally:
            self.neutral = saved

    def exec_with(self, stmt, scope):
        for item in stmt.items:
            value = self.eval(item.item, scope)
            if item.asname is not None:
                self.assign(item.asname.name, value, scope)
        try:
            self.exec_block(stmt.body, scope)
        except UserRaise:
            # the manager's __exit__ may suppress it (contextlib.suppress): whether the
            # code after the with statement runs is not known
            note = self.taint("the body of this with statement raises; whether its context "
                              "manager suppresses the exception is not known", stmt)
            self.havoc(stmt, scope, note)

    def exec_try(self, stmt, scope):
        opaque = self.opaque_calls
        try:
            self.exec_block(stmt.body, scope)
        except UserRaise as exc:
            handler = _handler_for(stmt.handlers, exc)
            if handler is None:
                raise
            if handler is _UNDECIDED:
                note = self.taint("which except clause runs is not known statically", stmt)
                self.havoc(stmt, scope, note)
                return
            if handler.name is not None:
                self.assign(handler.name.name, Unknown("the exception caught", inert=True),
                            scope)
            self.exec_block(handler.body, scope)
        else:
            if stmt.handlers and self.opaque_calls != opaque:
                # open(), json.load(), an outside library... may have raised, and then
                # a handler would have run instead of the rest of the block
                note = self.taint("code in this try block calls or imports what nnlint "
                                  "cannot follow; whether it raises is not known", stmt)
                self.havoc(stmt, scope, note)
            elif stmt.orelse is not None:
                self.exec_block(stmt.orelse.body, scope)
        finally:
            if stmt.finalbody is not None:
                self.exec_block(stmt.finalbody.body, scope)

    def names_in(self, stmt):
        """_names_in(stmt), walked once per file: a loop whose body havocs on every turn
        re-walked the same subtree 20,000 times (pdb.py took 90 s)."""
        return self.walked_once("names", stmt, _names_in)

    def walked_once(self, kind, node, walk):
        """walk(node), computed once per file and node: a loop whose body havocs on every
        turn asked for the same subtree 20,000 times. Keyed by id, checked by identity."""
        key = (kind, id(node))
        hit = self.names_cache.get(key)
        if hit is None or hit[0] is not node:
            hit = (node, walk(node))
            self.names_cache[key] = hit
        return hit[1]

    def only_adds(self, stmt) -> bool:
        """neutral.only_adds(stmt), walked once per file (see names_in)."""
        from nnlint.neutral import only_adds
        return self.walked_once("adds", stmt, only_adds)

    def havoc(self, stmt, scope, note):
        """Code that may or may not run: what it could touch is no longer known.

        Names it assigns become Unknown; model objects it mentions are tainted;
        containers and objects it mentions are poisoned (their contents unknown).
        """
        from nnlint.iterators import OneShot
        if not note.bound and self.only_adds(stmt):
            note.bound = True
        self.havocs += 1
        assigned, referenced = self.names_in(stmt)
        if (assigned | referenced) & SCOPED:
            from nnlint import namespace  # it may have rebound any name of the module
            namespace.forget(self, scope, note.message, stmt)
        values = {}
        for name in referenced | assigned:
            try:
                values[name] = scope.lookup(name)
            except KeyError:
                continue
        self.havoc_reached(note, values, assigned | referenced)
        for name, value in values.items():
            if isinstance(value, ModelObject):
                if id(value) not in self.neutral:
                    value.taints.append(note)
                if name in assigned:
                    scope.assign(name, Unknown(note.message, note.line))
            elif name in assigned:
                scope.assign(name, Unknown(note.message, note.line))
            elif isinstance(value, (list, dict, Instance, set)):
                self.poison(value)
            elif isinstance(value, OneShot):
                value.broken = Unknown(note.message, note.line)  # items it took: not known
            else:
                written(value)

    def havoc_reached(self, note, values, named):
        """What the code may reach through the functions, methods and classes it names
        (`values`: name -> value): what their bodies read, where each was defined, is
        poisoned (models tainted); the module names they declare `global` become Unknown.
        `for _ in unknown: grow()` may add layers to a model the loop never names."""
        found = self.reachable_code(values.values())
        g = self.globals.vars
        if found is None:  # more code than followed: anything of the module may change
            found = ([], {(n, id(self.globals)): v for n, v in g.items()}, set())
        _, reads, writes = found
        for (name, _where), value in reads.items():
            if value is values.get(name):
                continue  # named by the statement itself: havoc() sees to it
            if isinstance(value, ModelObject):
                if id(value) not in self.neutral:
                    value.taints.append(note)
            elif isinstance(value, (list, dict, Instance, set)):
                self.poison(value)
                _taint_within(value, note)
            else:
                written(value)
        for name in writes - named:
            if name in g:
                g[name] = Unknown(note.message, note.line)

    def reachable_code(self, values, limit=200):
        """(syntax, {(name, id(scope)): value} read, names declared global) of the functions
        and classes that `values` reach, through the names their own bodies use, looked up
        where each was defined; None past `limit` of them."""
        out, seen, reads, writes = [], set(), {}, set()
        todo = [pair for v in values for pair in _code_of(v, self.globals)]
        while todo:
            node, where = todo.pop()
            if id(node) in seen:
                continue
            if len(seen) >= limit:
                return None  # not followed further: the caller assumes the worst
            seen.add(id(node))
            out.append(node)
            declared = self.globals_declared(node)
            writes |= declared
            for name in self.names_in(node)[1] | declared:
                key = (name, id(where))
                if key in reads:
                    continue
                try:
                    value = where.lookup(name)
                except KeyError:
                    continue
                reads[key] = value
                todo.extend(_code_of(value, self.globals))
        return out, reads, writes

    def globals_declared(self, node):
        """The names a function's body declares `global`, walked once per file."""
        return self.walked_once("global", node, _globals_declared)

    def poison(self, container):
        self.poisoned[id(container)] = container

    def is_poisoned(self, value) -> bool:
        return id(value) in self.poisoned and self.poisoned[id(value)] is value

    # ------------------------------------------------------------------ imports
    def exec_import(self, node, scope):
        if isinstance(node, cst.Import):
            for alias in node.names:
                dotted = dotted_name(alias.name)
                if alias.asname is not None:
                    self.assign(alias.asname.name, self.import_module(dotted, 0, node), scope)
                else:
                    top = dotted.split(".")[0]
                    self.assign(cst.Name(top), self.import_module(top, 0, node), scope)
            return
        level = len(node.relative)
        module = dotted_name(node.module) if node.module is not None else ""
        if isinstance(node.names, cst.ImportStar):
            mod = self.import_module(module, level, node)
            if isinstance(mod, ModuleObject):
                self.import_star(mod, scope, node)
            elif isinstance(mod, External):
                from nnlint.resolve import star_names
                for k, q in star_names(mod.qualname).items():
                    scope.assign(k, External(q))
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            value = self.import_from(module, level, name, node)
            target = alias.asname.name if alias.asname is not None else cst.Name(name)
            self.assign(target, value, scope)

    def import_star(self, mod, scope, node):
        """`from m import *` binds the names of m.__all__, or without it m's names that do
        not start with an underscore. An __all__ nnlint does not know may name any of m's
        names: each becomes unknown."""
        exported = mod.ns.get("__all__")
        if "__all__" not in mod.ns:
            names = [k for k in mod.ns if not k.startswith("_")]
        elif isinstance(exported, (list, tuple)) and not self.is_poisoned(exported) and \
                all(isinstance(k, str) for k in exported):
            names = list(exported)
        else:
            why = self.unknown(f"__all__ of {mod.name} not known statically", node)
            for k in mod.ns:
                if k not in ("__name__", "__all__"):
                    scope.assign(k, why)
            return
        for k in names:
            # a name of __all__ the module does not bind: its __getattr__, or code of it
            # nnlint did not see
            scope.assign(k, mod.ns[k] if k in mod.ns else self.unknown(
                f"{k} from {mod.name}.__all__ not found", node))

    def import_module(self, dotted, level, node):
        framework = framework_import(dotted, level, self.path)
        if framework is not None:
            return External(framework, "module")
        if self.project is not None:
            mod = self.project.load_module(dotted, level, self)
            if mod is not None:
                return mod
        self._outside_import(dotted, level)
        if level:
            return self.unknown(f"relative import {'.' * level}{dotted} not found", node)
        return External(dotted, "module")

    def _outside_import(self, dotted, level, name=None):
        """An import from outside the project that may fail where the code runs (apex,
        timm, winreg on Linux, tomllib before 3.11 ...): like a call nnlint cannot follow,
        it may raise."""
        from nnlint import outside
        if outside.import_may_fail(dotted, level) or (
                name is not None and outside.import_name_may_fail(dotted, name)):
            self.opaque_calls += 1

    def import_from(self, module, level, name, node):
        full = f"{module}.{name}" if module else name
        framework = framework_import(full, level, self.path)
        if framework is not None:
            from nnlint.outside import outside_name
            return outside_name(self, framework, node)
        if self.project is not None:
            mod = self.project.load_module(module, level, self)
            if mod is not None and name in mod.ns:
                return mod.ns[name]
            # a submodule, also of a package without __init__.py (a namespace package)
            sub = self.project.load_module(full, level, self)
            if sub is not None:
                return sub
            if mod is not None:
                return self.unknown(f"{name} not found in {module or '.'}", node)
        self._outside_import(module, level, name)
        if level:
            return self.unknown(f"{name} from a relative import not found", node)
        from nnlint.outside import outside_name
        return outside_name(self, f"{module}.{name}", node)

    # -------------------------------------------------------------- definitions
    def define_function(self, node, scope, owner=None):
        defaults, kw_defaults = self.eval_defaults(node.params, scope)
        kind = "function"
        for dec in node.decorators:
            name = dotted_name(dec.decorator) if isinstance(
                dec.decorator, (cst.Name, cst.Attribute)) else ""
            if name in ("staticmethod", "classmethod", "property"):
                kind = name
            elif name.endswith(".setter") or name.endswith(".deleter"):
                return None
        fn = Function(node, scope, node.name.value, defaults, kw_defaults, self, owner, kind)
        fn.toplevel = self.toplevel
        fn = self.apply_decorators(node, fn, scope)
        scope.assign(node.name.value, fn)
        return fn if isinstance(fn, Function) else None

    def apply_decorators(self, node, value, scope):
        """Decorators, innermost first. A user-defined decorator is followed; a framework
        or standard-library one is taken as the identity; any other one leaves the object
        as it is but marks it, so that what it builds is not exact."""
        for dec in reversed(node.decorators):
            expr = dec.decorator
            name = dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else ""
            if name in ("staticmethod", "classmethod", "property") or name.endswith(
                    (".setter", ".deleter", ".getter")):
                continue
            root = self.eval(expr.func if isinstance(expr, cst.Call) else expr, scope)
            if isinstance(root, (Function, BoundMethod, ClassValue)):
                decorator = self.eval(expr, scope) if isinstance(expr, cst.Call) else root
                result = self.call(decorator, [value], {}, dec)
                if isinstance(result, (Function, ClassValue, BoundMethod, Partial, Builtin)):
                    value = result
                    continue
                why = f"decorator {name or 'call'} returns something nnlint cannot follow"
            elif isinstance(root, External) and canonical(root.qualname) in wrapping.FUNCTIONS:
                result = self.call(self.eval(expr, scope), [value], {}, dec)  # functools.wraps
                if isinstance(result, Function):
                    value = result
                    continue
                why = f"decorator {name or 'call'} returns something nnlint cannot follow"
            elif isinstance(root, External) and root.qualname == "functools.cached_property":
                # computed on first access, stored past nn.Module.__setattr__: not modelled
                value = self.unknown("a functools.cached_property", dec)
                continue
            elif isinstance(root, External) and root.qualname in _CACHING_DECORATORS:
                why = (f"decorator {root.qualname} returns the same object to calls with the "
                       "same arguments")
            elif isinstance(root, External) and root.qualname.startswith(_IDENTITY_DECORATORS):
                continue
            elif isinstance(root, External) and root.qualname in (
                    "dataclasses.dataclass", "attr.s", "attr.define", "attrs.define"):
                continue
            else:
                what = root.qualname if isinstance(root, External) else (name or "decorator")
                why = f"decorator {what} is outside the analysed code"
            if isinstance(value, (Function, ClassValue)):
                value.note = why
        return value

    def eval_defaults(self, params, scope):
        defaults = {}
        for p in list(params.posonly_params) + list(params.params):
            if p.default is not None:
                defaults[p.name.value] = self.eval(p.default, scope)
        kw = {}
        for p in params.kwonly_params:
            if p.default is not None:
                kw[p.name.value] = self.eval(p.default, scope)
        return defaults, kw

    def define_class(self, node, scope):
        bases, keywords = self.class_bases(node, scope)
        dataclass = None  # (which library, the decorator's keywords)
        for dec in node.decorators:
            d = dec.decorator.func if isinstance(dec.decorator, cst.Call) else dec.decorator
            value = self.eval(d, scope)
            if isinstance(value, External) and value.qualname in (
                    "dataclasses.dataclass", "attr.s", "attr.define", "attrs.define"):
                options = {}
                if isinstance(dec.decorator, cst.Call):
                    for arg in dec.decorator.args:
                        key = arg.keyword.value if arg.keyword is not None else "\0positional"
                        options[key] = self.eval(arg.value, scope)
                dataclass = (value.qualname.partition(".")[0], options)
        ns = {}
        cls = ClassValue(node.name.value, bases, ns, node, self, dataclass is not None)
        cls.keywords = keywords
        body_scope = ClassScope(parent=scope)
        saved = self.current_class
        self.current_class = cls
        try:
            for stmt in node.body.body if isinstance(node.body, cst.IndentedBlock) else []:
                if isinstance(stmt, cst.FunctionDef):
                    fn = self.define_function(stmt, Scope(parent=scope), owner=cls)
                    if fn is not None:
                        fn.scope = scope
                        body_scope.vars[stmt.name.value] = fn
                else:
                    self.exec_stmt(stmt, body_scope)
        finally:
            self.current_class = saved
        ns.update(body_scope.vars)
        self.init_subclass(cls, node)
        if dataclass is not None:
            from nnlint.calls import setup_dataclass
            setup_dataclass(self, cls, node, body_scope, *dataclass)
        elif any(isinstance(b, External) and b.qualname in ("typing.NamedTuple",
                                                            "typing_extensions.NamedTuple")
                 for b in bases):
            from nnlint.calls import setup_namedtuple
            setup_namedtuple(cls, node)
        else:
            from nnlint.calls import setup_enum
            if is_enum_class(cls):
                setup_enum(self, cls, node, body_scope)
        cls = self.apply_decorators(node, cls, scope)
        scope.assign(node.name.value, cls)
        return cls

    def init_subclass(self, cls, node):
        """type.__new__ calls super(cls, cls).__init_subclass__(**keywords): a base's
        own __init_subclass__ (an implicit classmethod) runs as the class is made."""
        found = cls.lookup("__init_subclass__", start_after=cls)
        if found is None:
            return
        hook = found[0]
        if not isinstance(hook, Function) or hook.kind == "staticmethod":
            self.taint("__init_subclass__ not followed", node)
            return
        kwargs = {k: v for k, v in cls.keywords.items() if k != "metaclass"}
        if "**" in kwargs:
            kwargs[STAR_KWARGS] = kwargs.pop("**")
        self.call_function(hook, [], kwargs, node, receiver=cls)

    def class_bases(self, node, scope):
        """(bases, keywords) of a class statement. `Generic[T]` and `Base[int]` stand for
        the class subscripted, as `__mro_entries__` makes them in Python; `*bases` is
        spread where it is a known tuple or list."""
        bases, keywords = [], {}
        for arg in list(node.bases) + list(node.keywords):
            if arg.keyword is not None:
                keywords[arg.keyword.value] = self.eval(arg.value, scope)
                continue
            if arg.star == "**":
                keywords["**"] = self.unknown("class keywords from **", arg)
                continue
            if isinstance(arg.value, cst.Subscript):
                origin = self.eval(arg.value.value, scope)
                if isinstance(origin, (ClassValue, External)):
                    bases.append(origin)
                    continue
            value = self.eval(arg.value, scope)
            if arg.star == "*":
                if isinstance(value, (list, tuple)):
                    bases.extend(value)
                else:
                    bases.append(self.unknown("bases given with *", arg))
                continue
            bases.append(value)
        return bases, keywords

    # --------------------------------------------------------------- assignment
    def assign(self, target, value, scope):
        if isinstance(target, cst.Name):
            scope.assign(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            self.assign_unpack(target, value, scope)
        elif isinstance(target, cst.Attribute):
            obj = self.eval(target.value, scope)
            self.setattr(obj, target.attr.value, value, target)
        elif isinstance(target, cst.Subscript):
            obj = self.eval(target.value, scope)
            key = self.eval_slice(target.slice, scope)
            self.setitem(obj, key, value, target)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, value, scope)

    def assign_unpack(self, target, value, scope):
        elements = target.elements
        items = self.iterate(value, target)
        if isinstance(items, Unknown):
            for el in elements:
                self.assign(el.value, items, scope)
            return
        items = list(items)
        star = [i for i, el in enumerate(elements) if isinstance(el, cst.StarredElement)]
        if star:
            i = star[0]
            after = len(elements) - i - 1
            if len(items) < len(elements) - 1:
                raise UserRaise(self.line_of(target), "ValueError")
            groups = items[:i] + [list(items[i:len(items) - after])] + items[len(items) - after:]
        else:
            if len(items) != len(elements):
                raise UserRaise(self.line_of(target), "ValueError")
            groups = items
        for el, item in zip(elements, groups):
            self.assign(el.value, item, scope)

    def setattr(self, obj, name, value, node):
        if isinstance(obj, RuntimeObject) and \
                obj.set_attribute(self, name, value, node) is not UNHANDLED:
            return
        if isinstance(obj, Instance):
            obj.attrs[name] = value
        elif isinstance(obj, ClassValue):
            if obj.members is not None and name in obj.members:
                raise UserRaise(self.line_of(node), "AttributeError")  # cannot reassign
            obj.ns[name] = value
        elif isinstance(obj, EnumMember):
            self.taint(f"attribute {name} set on an enum member", node)
        elif isinstance(obj, ModuleObject):
            obj.ns[name] = value
        elif isinstance(obj, Function):
            wrapping.set_function_attribute(obj, name, value)
        elif isinstance(obj, Unknown):
            self.taint(f"attribute {name} set on a value not known statically", node)
            if getattr(obj, "maybe_module", False):  # sys.modules[name]: maybe this module
                from nnlint import namespace
                namespace.forget(self, self.globals, f"attribute {name} set on a module "
                                 "that may be this one", node)
        elif isinstance(obj, TensorObject):
            written(obj)  # t.data = ...

    def setitem(self, obj, key, value, node):
        from nnlint import environ, namespace
        if isinstance(obj, Namespace):
            namespace.set_item(self, obj, key, value, node)
            return
        if environ.is_environ(obj):
            environ.write(self, key, value)
            return
        written(obj)  # t[0] = 5 writes into a tensor (and its views)
        if isinstance(key, Unknown):
            if isinstance(obj, (list, dict)) or isinstance(obj, ModelObject) and obj.keyed:
                note = self.taint(f"item set with a key not known statically ({key.reason})",
                                  node)
                if isinstance(obj, ModelObject):
                    obj.taints.append(note)
                else:
                    self.poison(obj)  # which item changed is not known
            return
        if isinstance(obj, list):
            try:
                obj[key] = value
            except (IndexError, TypeError) as exc:
                raise UserRaise(self.line_of(node), type(exc).__name__)
        elif isinstance(obj, dict):
            if len(obj) >= MAX_LEN or costly_to_hash(key):
                self.taint("dict too large", node)
                return
            try:
                obj[key] = value
            except TypeError:
                self.taint("unhashable dict key", node)
        elif isinstance(obj, RuntimeObject) and \
                obj.set_item(self, key, value, node) is not UNHANDLED:
            return
        elif isinstance(obj, Unknown):
            self.taint("item set on a value not known statically", node)

    # -------------------------------------------------------------- expressions
    def eval(self, node, scope):
        self.tick()
        method = _EVAL.get(type(node))
        if method is None:
            return self.unknown(f"expression {type(node).__name__} not followed", node)
        return method(self, node, scope)

    def eval_name(self, node, scope):
        name = node.value
        try:
            return scope.lookup(name)
        except KeyError:
            pass
        if name in self.builtins:
            value = self.builtins[name]
            if name in SCOPED:  # globals(), exec() ... reach the namespace of this code
                return Builtin(name, value.fn, scope)
            return value
        return self.unknown(f"name {name} is not defined", node)

    def eval_attribute(self, node, scope):
        obj = self.eval(node.value, scope)
        return self.getattr(obj, node.attr.value, node)

    def getattr(self, obj, name, node=None):
        return get_attribute(self, obj, name, node)

    def eval_integer(self, node, scope):
        if _legacy_octal(node.value):
            return self.unknown("Python 2 octal literal", node)
        try:
            return check_size(int(node.value.replace("_", ""), 0))
        except ValueError:  # more than sys.get_int_max_str_digits() decimal digits
            return self.unknown("integer literal too long", node)

    def eval_float(self, node, scope):
        return float(node.value.replace("_", ""))

    def eval_imaginary(self, node, scope):
        return complex(node.value.replace("_", ""))

    def eval_string(self, node, scope):
        try:
            if "\\" not in node.value:
                return node.evaluated_value
            from nnlint.guard import quiet
            with quiet():  # "\d": the analysed code's warning, not ours
                return node.evaluated_value
        except Exception:
            return self.unknown("string literal", node)

    def eval_concat_string(self, node, scope):
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        if isinstance(left, (str, bytes)) and type(left) is type(right):
            return check_size(left + right)
        return self.unknown("string", node)

    def eval_fstring(self, node, scope):
        raw = "r" in node.start.lower()
        text = self._fstring_parts(node.parts, scope, node, raw)
        return check_size(text) if isinstance(text, str) else text

    def _fstring_parts(self, parts, scope, node, raw=False):
        out = []
        for part in parts:
            if isinstance(part, cst.FormattedStringText):
                # source text: {{ and }} stand for braces; escapes are not decoded here
                if "\\" in part.value and not raw:
                    return self.unknown("f-string with escape sequences", node)
                out.append(part.value.replace("{{", "{").replace("}}", "}"))
                continue
            value = self.eval(part.expression, scope)
            if not isinstance(value, (str, int, float, bool)) or value is None:
                return self.unknown("f-string with a value not known statically", node)
            if part.conversion in ("r", "a"):
                value = repr(value) if part.conversion == "r" else ascii(value)
            elif part.conversion == "s":
                value = str(value)
            spec = ""
            if part.format_spec is not None:  # {x:04d}, {x:{width}}
                spec = self._fstring_parts(part.format_spec, scope, node, raw)
                if not isinstance(spec, str):
                    return spec
            try:
                out.append(format(value, spec))
            except (ValueError, TypeError) as exc:
                raise UserRaise(self.line_of(node), type(exc).__name__)
        return "".join(out)

    def eval_binop(self, node, scope):
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        return self.binop(_BINOPS[type(node.operator)], left, right, node)

    def binop(self, op, left, right, node):
        if self.is_poisoned(left) or self.is_poisoned(right):
            return self.unknown("operation on a container changed by code nnlint could not "
                                "follow", node)
        special = special_binop(self, op, left, right, node)
        if special is not NotImplemented:
            return special
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return left if isinstance(left, Unknown) else right
        if not (is_plain(left) and is_plain(right)):
            return self.unknown(f"operation on {_kind(left)} and {_kind(right)}", node)
        result = safe_binop(op, left, right)
        if isinstance(result, Unknown) and result.line is None:
            result.line = self.line_of(node)
        return result

    def eval_unary(self, node, scope):
        value = self.eval(node.expression, scope)
        op = node.operator
        if isinstance(op, cst.Not):
            t = self.truth(value, node)
            return t if isinstance(t, Unknown) else (not t)
        if isinstance(value, Unknown):
            return value
        if isinstance(value, EnumMember):  # -Size.LARGE is -16; a pure member has no -
            if value.mixin is None:
                raise UserRaise(self.line_of(node), "TypeError")
            value = value.value
        if not isinstance(value, (int, float, complex, bool)):
            return tensor_unary(self, value, node)
        if isinstance(op, cst.Minus):
            return -value
        if isinstance(op, cst.Plus):
            return +value
        return ~value

    def eval_boolop(self, node, scope):
        left = self.eval(node.left, scope)
        t = self.truth(left, node.left)
        if isinstance(t, Unknown):
            # `a and b`: a where a is false, b where it is true (and b runs only then)
            why, line = self.here(f"{'and' if isinstance(node.operator, cst.And) else 'or'}"
                                  f" on a value not known ({t.reason})", self.line_of(node))
            joined = self.fork_values(why, line, node.right, scope, lambda: left,
                                      lambda: self.eval(node.right, scope))
            if joined is not _MIXED:
                return joined
            right = self.eval(node.right, scope)
            return t if not isinstance(right, Unknown) else right
        if isinstance(node.operator, cst.And):
            return self.eval(node.right, scope) if t else left
        return left if t else self.eval(node.right, scope)

    def eval_compare(self, node, scope):
        left = self.eval(node.left, scope)
        result = True
        for target in node.comparisons:
            right = self.eval(target.comparator, scope)
            r = self.compare(target.operator, left, right, node)
            if isinstance(r, Unknown):  # a truth value (or a tensor): never a model
                return r if r.inert else Unknown(r.reason, r.line, inert=True)
            if not r:
                return False
            left = right
        return result

    def compare(self, op, left, right, node):
        if not isinstance(op, (cst.Is, cst.IsNot)) and (
                self.is_poisoned(left) or self.is_poisoned(right)):
            return self.unknown("comparison with a container changed by code nnlint could "
                                "not follow", node)
        if isinstance(op, (cst.Is, cst.IsNot)):
            if isinstance(left, Unknown) or isinstance(right, Unknown):
                return left if isinstance(left, Unknown) else right
            same = left is right or (left is None and right is None) or (
                isinstance(left, bool) and left == right and isinstance(right, bool))
            if isinstance(left, External) and isinstance(right, External):
                same = self._same_outside(left, right)
                if isinstance(same, Unknown):
                    return same
            elif _unknown_outside(left, right) is not None:
                return self.unknown(_unknown_outside(left, right), node)
            return same if isinstance(op, cst.Is) else not same
        if isinstance(op, (cst.In, cst.NotIn)):
            if isinstance(right, Unknown) or isinstance(left, Unknown):
                return left if isinstance(left, Unknown) else right
            from nnlint import environ
            if environ.is_environ(right):
                found = environ.contains(self, left, node)
                return found if isinstance(found, Unknown) or isinstance(op, cst.In) \
                    else not found
            if isinstance(right, Namespace):
                from nnlint import namespace
                found = namespace.contains(self, right, left, node)
                return found if isinstance(found, Unknown) or isinstance(op, cst.In) \
                    else not found
            if isinstance(right, ClassValue) and right.members is not None:
                if not isinstance(left, EnumMember):  # Python 3.11: TypeError, not False
                    raise UserRaise(self.line_of(node), "TypeError")
                found = left.cls is right
                return found if isinstance(op, cst.In) else not found
            if isinstance(right, (str, bytes)):
                # a substring test, not a search among the characters
                if type(left) is not type(right):
                    raise UserRaise(self.line_of(node), "TypeError")
                return (left in right) if isinstance(op, cst.In) else (left not in right)
            from nnlint.values import range_len
            if isinstance(right, range) and (type(left) in (int, bool)
                                             or range_len(right) > MAX_LEN):
                # range's own test is arithmetic; iterating range(10**30) would never end
                if type(left) not in (int, bool):
                    return self.unknown("membership in a very long range", node)
                return (left in right) if isinstance(op, cst.In) else (left not in right)
            items = right.keys() if isinstance(right, dict) else right
            if isinstance(right, Instance) or not hasattr(items, "__iter__"):
                items = iterate(self, right, node)
                if isinstance(items, Unknown):
                    return items
            found = False
            for item in items:
                r = self._eq(left, item)
                if isinstance(r, Unknown):
                    return r
                if r:
                    found = True
                    break
            return found if isinstance(op, cst.In) else not found
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return left if isinstance(left, Unknown) else right
        fn = _CMPOPS[type(op)]
        if fn in (operator.eq, operator.ne):
            r = self._eq(left, right)
            if isinstance(r, Unknown):
                return r
            return r if fn is operator.eq else not r
        if isinstance(left, EnumMember) or isinstance(right, EnumMember):
            return self._member_order(op, left, right, node)
        if is_plain(left) and is_plain(right):
            try:
                return fn(left, right)
            except TypeError:
                raise UserRaise(self.line_of(node), "TypeError")
        return self.unknown("comparison of values not known statically", node)

    def _member_order(self, op, left, right, node):
        """<, <= ... of enum members: int and str members as their values; a pure Enum
        defines no order (TypeError against Python data and members)."""
        from nnlint.calls import enum_value
        lv, rv = enum_value(left), enum_value(right)
        if isinstance(lv, EnumMember) or isinstance(rv, EnumMember):
            other = rv if isinstance(lv, EnumMember) else lv
            if isinstance(other, EnumMember) or is_plain(other):
                raise UserRaise(self.line_of(node), "TypeError")
            return self.unknown("ordering of an enum member", node)
        return self.compare(op, lv, rv, node)

    def _eq(self, left, right):
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return left if isinstance(left, Unknown) else right
        if left is right and isinstance(left, (list, tuple, dict, set, frozenset)):
            return True  # a container equals itself: items are compared identity first
        if contains_unknown(left) or contains_unknown(right):
            return Unknown("comparison with a value not known statically")
        if is_plain(left) and is_plain(right):
            return left == right
        if isinstance(left, EnumMember) or isinstance(right, EnumMember):
            return self._member_eq(left, right)
        if left is right:
            return True
        containers = (list, tuple, dict, set, frozenset)
        if isinstance(left, containers) and isinstance(right, containers) and \
                type(left) is type(right):
            # [conv, relu] == [conv, relu] compares items, and huge values are not compared
            return Unknown("comparison of containers not computed")
        if isinstance(left, External) and isinstance(right, External):
            return self._same_outside(left, right)
        why = _unknown_outside(left, right)
        if why is not None:
            return Unknown(why)
        if is_plain(left) != is_plain(right):
            # a plain value never equals a model object, a function or a class
            if isinstance(left, Instance) or isinstance(right, Instance):
                return Unknown("comparison with an object")
            return False
        if any(isinstance(v, Instance) and _own_eq(v.cls) for v in (left, right)):
            return Unknown("comparison of objects whose class defines __eq__")
        return left is right

    @staticmethod
    def _same_outside(left, right):
        """Identity (and equality) of two outside objects (nnlint.outside.same); undecided
        where two names might be one object."""
        from nnlint import outside
        same = outside.same(left, right)
        if same is None:
            return Unknown(f"whether {left.qualname} and {right.qualname} are one object")
        return same

    def _member_eq(self, left, right):
        """An int or str member equals what its value equals; a pure Enum's member only
        itself (unless the other side's own __eq__ says otherwise)."""
        lv = left.value if isinstance(left, EnumMember) and left.mixin else left
        rv = right.value if isinstance(right, EnumMember) and right.mixin else right
        if isinstance(lv, EnumMember) or isinstance(rv, EnumMember):
            other = rv if isinstance(lv, EnumMember) else lv
            if isinstance(other, Instance) and _own_eq(other.cls):
                return Unknown("comparison with an object whose class defines __eq__")
            return left is right
        return self._eq(lv, rv)

    def eval_ifexp(self, node, scope):
        t = self.truth(self.eval(node.test, scope), node.test)
        if isinstance(t, Unknown):
            why, line = self.here(f"conditional expression on a value not known ({t.reason})",
                                  self.line_of(node))
            joined = self.fork_values(why, line, node, scope, lambda: self.eval(node.body, scope),
                                      lambda: self.eval(node.orelse, scope))
            if joined is not _MIXED:
                return joined
            a = self.eval(node.body, scope)
            b = self.eval(node.orelse, scope)
            if is_plain(a) and is_plain(b) and not isinstance(a, Unknown) and a == b:
                return a
            return Unknown(f"conditional expression on a value not known ({t.reason})",
                           self.line_of(node))
        return self.eval(node.body if t else node.orelse, scope)

    def eval_tuple(self, node, scope):
        items = self.eval_elements(node.elements, scope)
        return items if isinstance(items, Unknown) else tuple(items)

    def eval_list(self, node, scope):
        return self.eval_elements(node.elements, scope)

    def eval_set(self, node, scope):
        """A set built as CPython builds it, so that its iteration order is CPython's: a
        display of more than two constants is one frozenset constant (folded, then rebuilt
        when stored among the code's constants) copied into a new set
        (the copy may size the table differently from adding one by one); a starred part is
        an update with that very object (a set or dict source is merged, not added item by
        item); anything else is added in order."""
        parts = []
        for el in node.elements:
            value = self.eval(el.value, scope)
            if isinstance(value, Unknown):
                return value
            parts.append((isinstance(el, cst.StarredElement), value))
        if any(costly_to_hash(v) for starred, v in parts if not starred):
            return self.unknown("set of values too large to hash", node)
        out = set()
        try:
            if len(parts) > 2 and all(_constant(el.value) for el in node.elements):
                # the compiler folds the items into a frozenset, and storing it among the
                # code's constants builds it again from its own order (CPython 3.11)
                folded = frozenset(tuple(v for _, v in parts))
                out.update(frozenset(tuple(folded)))
                return out
            for starred, value in parts:
                if not starred:
                    out.add(value)
                    continue
                source = value if isinstance(value, (set, frozenset, dict)) else \
                    self.iterate(value, node)
                if isinstance(source, Unknown):
                    return source
                if len(out) + len(source) > MAX_LEN or any(costly_to_hash(i) for i in source):
                    return self.unknown("set too large", node)
                out.update(source)
        except TypeError:
            return self.unknown("set of unhashable values", node)
        return out

    def eval_elements(self, elements, scope):
        """The items of a list, tuple or set display; Unknown when a starred part is not
        known, since then no item after it has a known position and len() is not known."""
        out = []
        for el in elements:
            if isinstance(el, cst.StarredElement):
                items = self.iterate(self.eval(el.value, scope), el)
                if isinstance(items, Unknown):
                    return items
                out.extend(items)
            else:
                out.append(self.eval(el.value, scope))
            if len(out) > MAX_LEN:
                return self.unknown("literal too long", el)
        return out

    def eval_dict(self, node, scope):
        out = {}
        for el in node.elements:
            if isinstance(el, cst.StarredDictElement):
                value = self.eval(el.value, scope)
                if isinstance(value, dict):
                    out.update(value)
                else:
                    return self.unknown("dict unpacking of a value not known", el)
                continue
            key = self.eval(el.key, scope)
            value = self.eval(el.value, scope)
            if costly_to_hash(key):
                return self.unknown("dict key too large to hash", el)
            try:
                out[key] = value
            except TypeError:
                return self.unknown("unhashable dict key", el)
        return out

    def eval_comp(self, node, scope):
        """A comprehension: its first iterable is evaluated here, in `scope` (a class
        body's names are seen there only); the rest runs in a scope of its own. A
        generator expression runs when its items are asked for (late binding)."""
        from nnlint.iterators import OneShot, iterator
        first = self.eval(node.for_in.iter, scope)
        source = iterator(self, first, node.for_in.iter)
        if isinstance(source, Unknown):
            return Unknown(f"comprehension over a value not known ({source.reason})",
                           self.line_of(node.for_in.iter))
        inner = ComprehensionScope(parent=scope.closure())
        steps = self._comp_items(node.for_in, node, inner, source)
        if isinstance(node, cst.GeneratorExp):
            return OneShot(source=self._in_place(steps))
        results = OneShot(source=steps).take_all()
        if isinstance(results, Unknown):
            return results
        if any(costly_to_hash(r) for r in results) and not isinstance(node, cst.ListComp):
            return self.unknown("values too large to hash", node)
        if isinstance(node, cst.DictComp):
            out = {}
            for k, v in results:
                try:
                    out[k] = v
                except TypeError:
                    return self.unknown("unhashable dict key", node)
            return out
        if isinstance(node, cst.SetComp):
            try:
                return set(results)
            except TypeError:
                return self.unknown("set of unhashable values", node)
        return results

    def _in_place(self, steps):
        """steps, each run with the positions of the code that made it (a generator may
        be consumed in another module)."""
        where = (self.positions, self.toplevel)
        while True:
            saved = (self.positions, self.toplevel)
            self.positions, self.toplevel = where
            try:
                item = next(steps)
            except StopIteration as stop:
                return stop.value
            finally:
                self.positions, self.toplevel = saved
            yield item

    def _comp_items(self, comp, node, scope, source):
        """Yield the comprehension's values one at a time; return an Unknown where
        they stop being known."""
        from nnlint.iterators import iterator
        count = 0
        while True:
            got = source.step()
            if isinstance(got, Unknown):
                return Unknown(f"comprehension over a value not known ({got.reason})",
                               self.line_of(comp.iter))
            if not got:
                return None
            count += 1
            if count > MAX_LOOP:
                return self.unknown("comprehension too long", node)
            self.tick()
            self.assign(comp.target, got[0], scope)
            ok = True
            for cond in comp.ifs:
                t = self.truth(self.eval(cond.test, scope), cond.test)
                if isinstance(t, Unknown):
                    return Unknown(f"comprehension filter not known ({t.reason})",
                                   self.line_of(cond))
                if not t:
                    ok = False
                    break
            if not ok:
                continue
            if comp.inner_for_in is not None:
                inner = comp.inner_for_in
                inner_source = iterator(self, self.eval(inner.iter, scope), inner.iter)
                if isinstance(inner_source, Unknown):
                    return Unknown(f"comprehension over a value not known "
                                   f"({inner_source.reason})", self.line_of(inner.iter))
                status = yield from self._comp_items(inner, node, scope, inner_source)
                if isinstance(status, Unknown):
                    return status
            elif isinstance(node, cst.DictComp):
                yield (self.eval(node.key, scope), self.eval(node.value, scope))
            else:
                yield self.eval(node.elt, scope)

    def eval_subscript(self, node, scope):
        obj = self.eval(node.value, scope)
        key = self.eval_slice(node.slice, scope)
        return get_item(self, obj, key, node)

    def eval_slice(self, elements, scope):
        keys = []
        for el in elements:
            s = el.slice
            if isinstance(s, cst.Index):
                if s.star is not None:
                    return self.unknown("starred subscript", el)
                keys.append(self.eval(s.value, scope))
            else:
                parts = [None if p is None else self.eval(p, scope)
                         for p in (s.lower, s.upper, s.step)]
                bad = [p for p in parts if isinstance(p, Unknown)]
                keys.append(bad[0] if bad else slice(*parts))
        return keys[0] if len(keys) == 1 else tuple(keys)

    def eval_lambda(self, node, scope):
        defaults, kw = self.eval_defaults(node.params, scope)
        fn = Function(node, scope.closure(), "<lambda>", defaults, kw, self)
        fn.toplevel = self.toplevel
        return fn

    def eval_named(self, node, scope):
        value = self.eval(node.value, scope)
        self.assign(node.target, value, scope.function_scope())
        return value

    def eval_ellipsis(self, node, scope):
        return Ellipsis

    def eval_unsupported(self, node, scope):
        return self.unknown(f"{type(node).__name__} not followed", node)

    def eval_call(self, node, scope):
        func = self.eval(node.func, scope)
        args, kwargs = self.eval_args(node.args, scope)
        return self.call(func, args, kwargs, node)

    def eval_args(self, arg_nodes, scope):
        args, kwargs = [], {}
        for arg in arg_nodes:
            value = self.eval(arg.value, scope)
            if arg.star == "*":
                items = self.iterate(value, arg)
                if isinstance(items, Unknown):
                    args.append(StarUnknown(items))
                else:
                    args.extend(items)
            elif arg.star == "**":
                if isinstance(value, dict) and all(isinstance(k, str) for k in value) and \
                        not self.is_poisoned(value):
                    kwargs.update(value)
                else:
                    kwargs[STAR_KWARGS] = self.unknown("** arguments not known", arg)
            elif arg.keyword is not None:
                kwargs[arg.keyword.value] = value
            else:
                args.append(value)
        return args, kwargs

    # -------------------------------------------------------------------- calls
    def call(self, func, args, kwargs, node):
        from nnlint import calls
        return calls.call(self, func, list(args), dict(kwargs), node)

    def call_function(self, fn: Function, args, kwargs, node, receiver=None):
        if self.depth >= MAX_DEPTH:
            self.taint(f"call depth limit reached in {fn.name}()", node)
            return self.unknown(f"recursion too deep in {fn.name}()", node)
        if receiver is not None:
            args = [receiver] + list(args)
        if fn is self.capture and self.captured is None:
            scope = self.captured = WatchedScope(parent=fn.scope)
        else:
            scope = Scope(parent=fn.scope)
        problem = self.bind(fn, args, kwargs, scope, node)
        if problem is not None:
            self.taint(problem, node)
            return self.unknown(problem, node)
        self.depth += 1
        saved = (self.positions, self.toplevel, self.site)
        if fn.module is self:
            self.site = None
        elif self.site is None:
            self.site = (fn.module.path, self.line_of(node))
        self.positions, self.toplevel = fn.module.positions, fn.toplevel
        frame = fn.owner is not None and bool(args)
        if frame:
            self.frames.append((fn.owner, args[0]))
        try:
            try:
                if isinstance(fn.node, cst.Lambda):  # lambda: (yield) is a generator too
                    return self.eval(fn.node.body, scope)
                self.exec_block(fn.node.body, scope, tail="function")
            except _Return as ret:
                return ret.value
            except UserRaise as exc:
                if fn.module is not self:
                    exc.foreign = True
                raise
            except _Yield:
                # a generator function: its body runs lazily, which is not followed
                self.taint(f"generator function {fn.name}() is not followed", node)
                return self.unknown(f"generator {fn.name}()", node)
            return None
        finally:
            self.depth -= 1
            self.positions, self.toplevel, self.site = saved
            if frame:
                self.frames.pop()

    def bind(self, fn: Function, args, kwargs, scope, node):
        """Bind call arguments to fn's parameters in scope; an error message or None."""
        params = fn.node.params
        positional = list(params.posonly_params) + list(params.params)
        star = params.star_arg if isinstance(params.star_arg, cst.Param) else None
        args = list(args)
        kwargs = dict(kwargs)
        star_unknown = [a for a in args if isinstance(a, StarUnknown)]
        if star_unknown or STAR_KWARGS in kwargs:
            unknown = star_unknown[0].unknown if star_unknown else kwargs[STAR_KWARGS]
            # the arguments before the first unknown *args are where they are (a method's
            # receiver among them), a keyword given by name is that keyword's: the rest
            # may come from the unknown *args / **kwargs
            known = next((i for i, a in enumerate(args) if isinstance(a, StarUnknown)),
                         len(args))
            for i, p in enumerate(positional + list(params.kwonly_params)):
                name = p.name.value
                in_order = i < len(positional) and i < known
                value = args[i] if in_order else kwargs.get(name, unknown)
                scope.vars[name] = value
            if star is not None:
                scope.vars[star.name.value] = unknown
            if params.star_kwarg is not None:
                scope.vars[params.star_kwarg.name.value] = unknown
            return None
        for i, p in enumerate(positional):
            name = p.name.value
            if i < len(args):
                if name in kwargs:
                    return f"{fn.name}() got multiple values for {name}"
                scope.vars[name] = args[i]
            elif name in kwargs:
                scope.vars[name] = kwargs.pop(name)
            elif name in fn.defaults:
                scope.vars[name] = fn.defaults[name]
            else:
                return f"{fn.name}() missing argument {name}"
        extra = args[len(positional):]
        if star is not None:
            scope.vars[star.name.value] = tuple(extra)
        elif extra:
            return f"{fn.name}() takes {len(positional)} positional arguments"
        for p in params.kwonly_params:
            name = p.name.value
            if name in kwargs:
                scope.vars[name] = kwargs.pop(name)
            elif name in fn.kw_defaults:
                scope.vars[name] = fn.kw_defaults[name]
            else:
                return f"{fn.name}() missing keyword argument {name}"
        if params.star_kwarg is not None:
            scope.vars[params.star_kwarg.name.value] = kwargs
        elif kwargs:
            return f"{fn.name}() got unexpected keyword {next(iter(kwargs))}"
        return None

    # ------------------------------------------------------------------ helpers
    def truth(self, value, node=None):
        return truth(self, value, node)

    def iterate(self, value, node=None):
        return iterate(self, value, node)


# decorators that return what they decorate, for counting purposes
# ... except these, which cache what the function returns: not followed
_CACHING_DECORATORS = ("functools.lru_cache", "functools.cache")
_IDENTITY_DECORATORS = (
    "torch.", "keras.", "tensorflow.", "tf_keras.", "functools.", "typing.", "abc.",
    "dataclasses.", "builtins.", "numba.", "jax.", "warnings.", "deprecated.",
    "typing_extensions.", "overrides.", "timm.models.registry.", "timm.models._registry.",
    "timm.layers.", "gin.", "torchvision.", "lightning.", "pytorch_lightning.",
)


def _unknown_outside(left, right) -> str | None:
    """Why `left == right` / `left is right` is undecided: one side is an outside name
    whose value nnlint does not know (sys.platform, os.sep, torch.__version__)."""
    from nnlint import outside
    if isinstance(left, External) and isinstance(right, External) and \
            left.qualname == right.qualname:
        return None  # one name, one object (math.nan is a float here, not an External)
    for ext in (left, right):
        if isinstance(ext, External) and not outside.known(ext):
            return f"comparison with {ext.qualname}, whose value depends on where the code runs"
    return None


def _own_eq(cls) -> bool:
    """cls compares otherwise than by identity, or may (an __eq__ in the analysed code,
    one generated by @dataclass, a base from outside such as NamedTuple's tuple)."""
    for c in cls.mro():
        if isinstance(c, ClassValue):
            if "__eq__" in c.ns:
                return True
        elif not (isinstance(c, External) and c.qualname in ("builtins.object", "abc.ABC")):
            return True
    return False


def _handler_for(handlers, exc):
    """The except clause that catches `exc`; None if none does; _UNDECIDED if that
    depends on what nnlint does not know (the exception's class, a user class)."""
    for h in handlers:
        if h.type is None:
            return h
        types = h.type.elements if isinstance(h.type, cst.Tuple) else [h.type]
        names = [t.value.value if isinstance(t, cst.Element) and isinstance(t.value, cst.Name)
                 else t.value if isinstance(t, cst.Name) else None for t in types]
        if "Exception" in names or "BaseException" in names:
            return h
        if exc.kind is None or None in names:
            return _UNDECIDED
        if exc.kind in names:
            return h
        if exc.kind not in _EXC_BASES or any(n not in _EXC_BASES for n in names):
            return _UNDECIDED  # a user exception class: its bases are not followed here
        kind = exc.kind
        while kind in _EXC_BASES:
            kind = _EXC_BASES[kind]
            if kind in names:
                return h
    return None


def _legacy_octal(text: str) -> bool:
    return len(text) > 1 and text[0] == "0" and text[1:].isdigit() and set(text) != {"0"}


def _kind(value) -> str:
    return type(value).__name__


class _Names(cst.CSTVisitor):
    def __init__(self):
        self.assigned = set()
        self.referenced = set()

    def visit_Name(self, node):
        self.referenced.add(node.value)

    def visit_Attribute(self, node):
        node.value.visit(self)
        return False

    def visit_AssignTarget(self, node):
        out = []
        target_names(node.target, out)
        self.assigned.update(out)

    def visit_AugAssign(self, node):
        target_names(node.target, out := [])
        self.assigned.update(out)

    def visit_AnnAssign(self, node):
        target_names(node.target, out := [])
        self.assigned.update(out)

    def visit_For(self, node):
        target_names(node.target, out := [])
        self.assigned.update(out)

    def visit_NamedExpr(self, node):
        target_names(node.target, out := [])
        self.assigned.update(out)

    def visit_FunctionDef(self, node):
        self.assigned.add(node.name.value)

    def visit_ClassDef(self, node):
        self.assigned.add(node.name.value)

    def visit_ImportAlias(self, node):
        target = node.asname.name if node.asname is not None else node.name
        while isinstance(target, cst.Attribute):
            target = target.value
        if isinstance(target, cst.Name):
            self.assigned.add(target.value)
        return False


def target_names(target, out):
    """Append the names an assignment target binds (``a, (b, *c) = ...``) to out."""
    if isinstance(target, cst.Name):
        out.append(target.value)
    elif isinstance(target, (cst.Tuple, cst.List)):
        for el in target.elements:
            target_names(el.value, out)
    elif isinstance(target, cst.StarredElement):
        target_names(target.value, out)


_NO_CODE = (Unknown, External, int, float, str, bytes, type(None), tuple, list, dict, set)


def _code_of(value, module_scope):
    """(syntax, scope its names resolve in) of the code a value runs when called or used:
    a function's, a class's (with its methods), an object's or a model's class."""
    if isinstance(value, _NO_CODE):
        return ()
    if isinstance(value, Function):
        return ((value.node, value.scope or module_scope),)
    if isinstance(value, ClassValue):
        return tuple((c.node, module_scope) for c in value.mro()
                     if isinstance(c, ClassValue) and c.node is not None)
    if isinstance(value, BoundMethod):
        return _code_of(value.func, module_scope) + _code_of(value.receiver, module_scope)
    if isinstance(value, Partial):
        return _code_of(value.func, module_scope)
    cls = getattr(value, "cls", None)  # an object, a torch module or a Keras layer
    return _code_of(cls, module_scope) if isinstance(cls, ClassValue) else ()


def _globals_declared(node):
    out = set()

    class _Globals(cst.CSTVisitor):
        def visit_Global(self, g):
            out.update(n.name.value for n in g.names)

    node.visit(_Globals())
    return out


def _taint_within(value, note, depth=0):
    """Models held in a container or an object that code not followed may reach."""
    if isinstance(value, ModelObject):
        value.taints.append(note)
        return
    if depth > 3:
        return
    items = value.values() if isinstance(value, dict) else value.attrs.values() \
        if isinstance(value, Instance) else value if isinstance(value, (list, tuple, set)) \
        else ()
    for item in list(items):
        _taint_within(item, note, depth + 1)


def _names_in(stmt):
    v = _Names()
    stmt.visit(v)
    return v.assigned, v.referenced


class _Yield(Exception):
    """A yield was reached: the function is a generator."""


def _eval_yield(self, node, scope):
    if self.depth == 0:  # module or class body: Python refuses the file, nnlint goes on
        return self.unknown("yield outside a function", node)
    raise _Yield()


_EVAL = {
    cst.Name: Interpreter.eval_name,
    cst.Attribute: Interpreter.eval_attribute,
    cst.Integer: Interpreter.eval_integer,
    cst.Float: Interpreter.eval_float,
    cst.Imaginary: Interpreter.eval_imaginary,
    cst.SimpleString: Interpreter.eval_string,
    cst.ConcatenatedString: Interpreter.eval_concat_string,
    cst.FormattedString: Interpreter.eval_fstring,
    cst.BinaryOperation: Interpreter.eval_binop,
    cst.UnaryOperation: Interpreter.eval_unary,
    cst.BooleanOperation: Interpreter.eval_boolop,
    cst.Comparison: Interpreter.eval_compare,
    cst.IfExp: Interpreter.eval_ifexp,
    cst.Tuple: Interpreter.eval_tuple,
    cst.List: Interpreter.eval_list,
    cst.Set: Interpreter.eval_set,
    cst.Dict: Interpreter.eval_dict,
    cst.ListComp: Interpreter.eval_comp,
    cst.SetComp: Interpreter.eval_comp,
    cst.GeneratorExp: Interpreter.eval_comp,
    cst.DictComp: Interpreter.eval_comp,
    cst.Subscript: Interpreter.eval_subscript,
    cst.Lambda: Interpreter.eval_lambda,
    cst.NamedExpr: Interpreter.eval_named,
    cst.Ellipsis: Interpreter.eval_ellipsis,
    cst.Call: Interpreter.eval_call,
    cst.Yield: _eval_yield,
}


def _constant(node) -> bool:
    """An expression CPython's compiler folds into a constant: literals, True/False/None,
    a sign on a number, arithmetic and tuples of constants."""
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    if isinstance(node, cst.UnaryOperation):
        return _constant(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return _constant(node.left) and _constant(node.right)
    if isinstance(node, cst.Tuple):
        return all(isinstance(e, cst.Element) and _constant(e.value) for e in node.elements)
    return False
