"""Statements: blocks, `if`, loops, `with`, `try`, and code nnlint does not run.

A mixin of `evaluator.Interpreter`. Control flow it cannot decide forks and joins
(`join.py`); a block it cannot follow is havoc: what it could touch is no longer known.
"""

from __future__ import annotations

import operator

import libcst as cst

from nnlint.interpreter.namespace import SCOPED, Namespace
from nnlint.interpreter.objects import (
    BoundMethod,
    ClassValue,
    External,
    Function,
    Instance,
    Partial,
)
from nnlint.interpreter.runtime import UNHANDLED, ModelObject, RuntimeObject, written
from nnlint.interpreter.values import MAX_LEN, Unknown, UserRaise, bounded_pow
from nnlint.source.walk import children, walk

MAX_LOOP = 20_000


class OverBudget(Exception):
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


MIXED = object()  # alternatives that end differently (one returns, one goes on)


def _outcome(run, tail=None):
    """How an alternative ended: ("normal",), ("return", value), ("break",),
    ("continue",) or ("raise", exc); reaching the end of a function body is a return,
    of a loop body a continue."""
    try:
        run()
    except Return as ret:
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


class Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


# what a return / break / continue raises where no function or loop takes it
OUTSIDE_THEIR_BLOCK = (Return, _Break, _Continue)


BINOPS = {
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


_BINDS_TARGET = (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr)


def _names_in(stmt):
    """(names the code assigns, names it mentions): every Name but an attribute's own name
    and what an import alias spells, which it assigns instead."""
    assigned, referenced = set(), set()
    stack = [stmt]
    while stack:
        node = stack.pop()
        t = type(node)
        if t is cst.Name:
            referenced.add(node.value)
            continue
        if t is cst.Attribute:
            stack.append(node.value)  # `a.b` mentions a, not b
            continue
        if t is cst.ImportAlias:
            target = node.asname.name if node.asname is not None else node.name
            while isinstance(target, cst.Attribute):
                target = target.value
            if isinstance(target, cst.Name):
                assigned.add(target.value)
            continue
        if t in _BINDS_TARGET:
            target_names(node.target, out := [])
            assigned.update(out)
        elif t is cst.FunctionDef or t is cst.ClassDef:
            assigned.add(node.name.value)
        stack.extend(reversed(children(node)))
    return assigned, referenced


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
    return {n.name.value for g in walk(node) if type(g) is cst.Global for n in g.names}


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


class Statements:
    """The `Interpreter` methods of this module (see its docstring)."""

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
            if type(stmt) is cst.If:
                self.tick()
                if self.exec_if(stmt, scope, stmts[i + 1:], tail):
                    return  # the rest ran inside the alternatives
            else:
                self.exec_stmt(stmt, scope)

    def exec_stmt(self, stmt, scope):
        self.tick()
        if type(stmt) is cst.SimpleStatementLine:
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
        t = type(small)  # LibCST's statement classes have no subclasses: `is`, not isinstance
        if t is cst.Expr:
            self.eval(small.value, scope)
        elif t is cst.Assign:
            value = self.eval(small.value, scope)
            for target in small.targets:
                self.assign(target.target, value, scope)
        elif t is cst.AnnAssign:
            if small.value is not None:
                self.assign(small.target, self.eval(small.value, scope), scope)
        elif t is cst.AugAssign:
            self.exec_augassign(small, scope)
        elif t is cst.Return:
            raise Return(None if small.value is None else self.eval(small.value, scope))
        elif t is cst.Import or t is cst.ImportFrom:
            self.exec_import(small, scope)
        elif t is cst.Raise:
            exc = small.exc.func if isinstance(small.exc, cst.Call) else small.exc
            kind = exc.value if isinstance(exc, cst.Name) else None
            raise UserRaise(self.line_of(small), kind)
        elif t is cst.Assert:
            ok = self.truth(self.eval(small.test, scope), small.test)
            if ok is False:
                raise UserRaise(self.line_of(small), "AssertionError")
        elif t is cst.Global:
            if scope.globals is not None:
                scope.globals.update(n.name.value for n in small.names)
        elif t is cst.Break:
            raise _Break()
        elif t is cst.Continue:
            raise _Continue()
        elif t is cst.Del:
            self.exec_del(small.target, scope)
        elif t is cst.Nonlocal:
            names = {n.name.value for n in small.names}
            scope.nonlocals = (scope.nonlocals or set()) | names
            for name in sorted(names):
                if scope.enclosing_binding(name) is None:  # bound later in the enclosing code
                    self.taint(f"nonlocal {name} not bound yet", small)

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
            from nnlint.interpreter import environ
            if environ.is_environ(obj):  # del os.environ[name]
                environ.delete(self, key, target)
                return
            if isinstance(obj, Namespace):  # del globals()[name]
                obj = obj.names
                if not isinstance(key, str):
                    from nnlint.interpreter import namespace
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
        op = BINOPS[_AUGOPS[type(node.operator)]]
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
        """An `if` on a condition not known: both branches, joined (join.py). Where one
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
        if done is MIXED and rest and tail is not None:
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
        nnlint.interpreter.join). True when joined (a return, break, continue or raise they all
        end with is raised again); MIXED when they end differently; False when they
        cannot be joined (nothing was changed then: the caller havocs)."""
        from nnlint.interpreter import join
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
        except OverBudget:
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
        from nnlint.interpreter import join
        raising = [e for e in ends if e[0][0] == "raise"]
        if raising and len(raising) < len(ends):
            # an alternative that raises may happen: an enclosing try sees a call that
            # may raise; the count is that of the alternatives that go on
            self.opaque_calls += 1
            ends = [e for e in ends if e[0][0] != "raise"]
        kinds = {e[0][0] for e in ends}
        if len(kinds) > 1:
            heap.restore()
            return MIXED
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
            raise Return(value)
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
        joined too); MIXED where they cannot be joined (nothing changed then)."""
        def returning(compute):
            def run():
                raise Return(compute())
            return run
        try:
            done = self.fork(why, line, [node], scope, *map(returning, alternatives))
        except Return as ret:
            return ret.value
        except UserRaise:
            raise
        return MIXED if done is not True else None

    def fork_roots(self, stmts, scope):
        """(slots, roots) for join.Heap: the names the code mentions, in every scope it
        sees, and what super() reaches."""
        from nnlint.interpreter.join import ScopeSlot
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
        (nnlint.interpreter.neutral), and it may spend join.LOOP_STEPS (a loop run by it,
        join.INNER_LOOP_STEPS). Past that, unless it was building a model, it starts again
        from the state before it, with its turns not known (loop_fixpoint)."""
        from nnlint.interpreter import join
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
        except OverBudget:
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
        from nnlint.interpreter.iterators import iterator
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
        from nnlint.interpreter.join import MAX_ROUNDS

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
        from nnlint.interpreter.neutral import neutral_models
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
        from nnlint.interpreter.neutral import only_adds
        return self.walked_once("adds", stmt, only_adds)

    def havoc(self, stmt, scope, note):
        """Code that may or may not run: what it could touch is no longer known.

        Names it assigns become Unknown; model objects it mentions are tainted;
        containers and objects it mentions are poisoned (their contents unknown).
        """
        from nnlint.interpreter.iterators import OneShot
        if not note.bound and self.only_adds(stmt):
            note.bound = True
        self.havocs += 1
        assigned, referenced = self.names_in(stmt)
        if (assigned | referenced) & SCOPED:
            from nnlint.interpreter import namespace  # it may have rebound any name of the module
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
