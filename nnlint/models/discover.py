"""Finding a file's models, named as the contract says, and counting each.

The module's top level is evaluated once, statement by statement. Then, as the
oracle does: module-level names whose final value is a model (``"net"``),
top-level model classes built with their defaults (``"Foo"``), and top-level
functions callable without arguments that return a model (``"build"``).
"""

from __future__ import annotations

import ast

import libcst as cst

from nnlint.interpreter import wrapping
from nnlint.interpreter.calls import class_framework
from nnlint.interpreter.evaluator import Interpreter
from nnlint.interpreter.objects import ClassValue, Function
from nnlint.interpreter.runtime import framework_named, model_kind
from nnlint.interpreter.scopes import WatchedScope
from nnlint.interpreter.statements import OUTSIDE_THEIR_BLOCK, target_names
from nnlint.interpreter.values import Budget, Unknown, UserRaise
from nnlint.models import count
from nnlint.report import Diagnostic, ModelReport
from nnlint.source.walk import walk


def _module_statements(body):
    """Statements run at module level, looking inside if/try/with/for/while."""
    for stmt in body:
        yield stmt
        for name in ("body", "orelse", "finalbody"):
            block = getattr(stmt, name, None)
            if isinstance(stmt, (cst.If, cst.Try, cst.With, cst.For, cst.While)) and block:
                inner = getattr(block, "body", None)
                if isinstance(block, (cst.Else, cst.Finally)):
                    inner = block.body.body
                elif isinstance(block, cst.If):
                    yield from _module_statements([block])
                    continue
                if isinstance(inner, (list, tuple)):
                    yield from _module_statements(inner)
        for handler in getattr(stmt, "handlers", ()) or ():
            yield from _module_statements(handler.body.body)


def assignments(module: cst.Module) -> dict:
    """name -> the last module-level statement that assigns it."""
    return _assignments(module.body)


def _assignments(body) -> dict:
    out = {}
    for top in body:
        for stmt in _module_statements([top]):
            _record_assignment(stmt, top, out)
    return out


def _record_assignment(stmt, top, out):
    if True:
        if not isinstance(stmt, cst.SimpleStatementLine):
            return
        for small in stmt.body:
            names = []
            if isinstance(small, cst.Assign):
                for t in small.targets:
                    target_names(t.target, names)
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                target_names(small.target, names)
            for n in names:
                out[n] = (stmt, top)


def find_models(module: cst.Module, path: str, positions, project=None, cmdline=None,
                versions=None, inputs=None):
    """(models, file diagnostics) of one parsed module; `cmdline` (a CommandLine) says how
    the program is run and records what it read of its command line; `versions` are the
    framework releases the user states ({"torch": (2, 4)}); `inputs(name, line)` the input
    declared for a model (nnlint/inputs.py), if any."""
    interp = Interpreter(module, path, positions, project)
    if cmdline is not None:
        interp.cmdline = cmdline
    if inputs is not None:
        interp.input_for = inputs
    interp.globals = WatchedScope(is_module=True)
    interp.versions = dict(versions or {})
    name_notes = {}
    file_notes = []
    stopped = []
    raised = []  # Python stops the module at a statement that raises, and so does nnlint
    uncompilable = []  # a return / break / continue outside its block: Python runs nothing

    def on_statement(stmt, run):
        if stopped or raised or uncompilable:
            return
        collector = []
        interp.collectors.append(collector)
        try:
            run()
        except UserRaise as exc:
            if exc.foreign:  # what an imported file holds is bounded: may raise, not sure
                interp.taint("module-level code raises here when run (in code of another "
                             "file, which nnlint may not know in full)", stmt)
            else:
                raised.append(_raises_here(interp, stmt, exc))
        except Budget as exc:
            stopped.append(Diagnostic("NNL004", interp.line_of(stmt), 0, str(exc)))
        except RecursionError:
            stopped.append(Diagnostic("NNL004", interp.line_of(stmt), 0,
                                      "code nested too deeply to evaluate"))
        except OUTSIDE_THEIR_BLOCK as exc:
            uncompilable.append(_outside_its_block(interp, stmt, exc))
        finally:
            interp.collectors.pop()
        if collector:
            names = {n.value for n in walk(stmt) if type(n) is cst.Name}
            for n in names - interp.neutral_names.get(id(stmt), set()):
                name_notes.setdefault(n, []).extend(collector)

    interp.run_module(on_statement)
    if uncompilable:
        return [], uncompilable
    file_notes.extend(raised)
    file_notes.extend(stopped)
    # code not evaluated past a limit may have removed what was counted: no bound
    limit_notes = [count.note(d.code, d.message, d.line, bound=False) for d in stopped]

    models = {}
    g = interp.globals.vars
    for name, (stmt, top) in assignments(module).items():
        value = g.get(name)
        fw = model_kind(value)
        line, col = positions.of(stmt, top)
        if fw is None:
            lost = _lost_model(interp.globals, name, line, col) or \
                _unmade_model(value, name, line, col) or \
                _unmade_by_statement(module, g, value, name, line, col)
            if lost is not None:
                models[name] = lost
            continue
        notes = limit_notes + [count.note(n.code, n.message, n.line, n.bound)
                               for n in name_notes.get(name, [])]
        models[name] = _count(interp, name, value, fw, "assign", line, col, notes)

    # as the oracle does: every class by name, then every function by name, in one
    # process (a builder that bumps a global counter changes what comes after it)
    by_name = lambda s: s.name.value  # noqa: E731
    built = {}  # id(statement) -> the models it gave, reported below in file order
    for stmt in sorted((s for s in module.body if isinstance(s, cst.ClassDef)), key=by_name):
        cls = g.get(stmt.name.value)
        if not isinstance(cls, ClassValue) or cls.node is not stmt:
            continue
        fw = class_framework(cls)
        if fw not in ("torch", "keras-model") or _is_loss(cls):
            continue
        _candidate(interp, built.setdefault(id(stmt), {}), stmt, cls, "class", positions,
                   limit_notes, stopped)
    for stmt in sorted((s for s in module.body if isinstance(s, cst.FunctionDef)), key=by_name):
        fn = _builder(interp, g.get(stmt.name.value), stmt)
        if fn is None:
            continue
        _candidate(interp, built.setdefault(id(stmt), {}), stmt, fn, "function", positions,
                   limit_notes, stopped)
    entries = None  # the walk for them only where a function needs arguments
    for stmt in sorted((s for s in module.body if isinstance(s, cst.FunctionDef)), key=by_name):
        fn = g.get(stmt.name.value)
        if not isinstance(fn, Function) or fn.node is not stmt or _no_required(stmt):
            continue
        if entries is None:
            entries = _called_at_module_level(module)
        if stmt.name.value not in entries:
            continue
        _candidate(interp, built.setdefault(id(stmt), {}), stmt, fn, "entry", positions,
                   limit_notes, stopped)
    for stmt in module.body:
        models.update(built.get(id(stmt), {}))
    _same_models(module, models)
    _built_later(models, g)
    late = [d for d in stopped if d not in file_notes]  # limits hit while building candidates
    file_notes.extend(late)
    file_notes.extend(interp.notes)  # findings on the way (a forward pass's shape errors)
    return list(models.values()), file_notes


def _outside_its_block(interp, stmt, exc):
    """`return` outside a function, `break` / `continue` outside a loop: CPython refuses to
    compile the file (SyntaxError), so none of it runs and it has no models."""
    what = {"Return": "'return' outside function", "_Break": "'break' outside loop",
            "_Continue": "'continue' not properly in loop"}[type(exc).__name__]
    return Diagnostic("NNL001", interp.line_of(stmt), 0,
                      f"syntax error: {what} (Python does not compile this file)", "error")


def _raises_here(interp, stmt, exc):
    """The diagnostic for module-level code that certainly raises. Only a raise nnlint is
    sure of gets here: an `if` it cannot decide, a call it cannot follow, a `try` whose
    handler is not known and a `with` (its manager may suppress) give Unknown instead, and
    a raise inside an imported file's code only taints (that file is known within bounds)."""
    line = exc.args[0] if exc.args and exc.args[0] else interp.line_of(stmt)
    kind = exc.kind or "an exception"
    return Diagnostic("NNL101", line, 0,
                      f"module-level code raises {kind} here: Python stops running the file "
                      "at this line, so the models defined after it never exist and are not "
                      "counted", "warning")


def _candidate(interp, models, stmt, value, kind, positions, limit_notes, stopped):
    """Build one candidate: a class with its defaults, a function callable without
    arguments, or (kind "entry") a function the module calls, such as `main(args)`, called
    with arguments that are not known: only the models it assigns are reported then."""
    collector = []
    interp.collectors.append(collector)
    node = stmt.name
    interp.capture, interp.captured = (value, None) if kind != "class" else (None, None)
    interp.toplevel = stmt
    args = _unknown_arguments(stmt) if kind == "entry" else []
    result = None
    if not stopped:  # a file whose top level or an earlier candidate ran out gets no more
        interp.allow_steps()
    try:
        result = interp.call(value, args, {}, node)
    except UserRaise:
        if kind != "entry":
            return
    except (Budget, RecursionError) as exc:
        why = str(exc) if isinstance(exc, Budget) else "code nested too deeply to evaluate"
        if kind != "entry":
            stopped.append(Diagnostic("NNL004", interp.line_of(stmt), 0, why))
            return
        collector.append(count.note("NNL004", f"{stmt.name.value}(): {why}",
                                     interp.line_of(stmt), bound=False))
    finally:
        interp.collectors.pop()
    notes = limit_notes + [count.note(n.code, n.message, n.line, n.bound) for n in collector]
    local_scope, interp.capture, interp.captured = interp.captured, None, None
    if local_scope is not None and isinstance(stmt.body, cst.IndentedBlock):
        for name, (assign, _) in _assignments(stmt.body.body).items():
            value = local_scope.vars.get(name)
            local_fw = model_kind(value)
            qual = f"{stmt.name.value}.{name}"
            line, col = positions.of(assign, stmt)
            if local_fw is not None and not _parameter_free_layer(value):
                models[qual] = _count(interp, qual, value, local_fw, "assign", line, col, notes)
                if value is result:  # the model the function returns: one model, two names
                    models[qual].same_as = stmt.name.value
            elif name in local_scope.lost:
                lost = _lost_model(local_scope, name, line, col, qual)
                if lost is not None:  # `model = None` at the end: no model any more
                    models[qual] = lost
    if kind == "entry":
        return
    fw = model_kind(result)
    if fw is None:
        return
    line, col = positions.of(stmt, stmt)
    if kind == "class" and _missing_args(collector):
        return
    models[stmt.name.value] = _count(interp, stmt.name.value, result, fw, kind, line, col,
                                     notes)


def _parameter_free_layer(value) -> bool:
    """`act = nn.ReLU()` in a function: a layer of the catalog with no parameters and no
    modules is a building block held in a name, not a model."""
    from nnlint.frameworks.torch.runtime import TorchModule
    return (isinstance(value, TorchModule) and value.spec is not None and not value.params
            and not value.modules)


def _same_models(module, models) -> None:
    """`model = build()` at module level and the model `build()` returns are one model under
    two names, when their counts agree: the assignment says so (`same_as`)."""
    for name, (stmt, _top) in assignments(module).items():
        m = models.get(name)
        small = stmt.body[0] if len(stmt.body) == 1 else None  # a SimpleStatementLine
        call = getattr(small, "value", None)
        if m is None or not isinstance(call, cst.Call) or call.args or \
                not isinstance(call.func, cst.Name):
            continue
        built = models.get(call.func.value)
        if built is not None and built.kind == "function" and _same_counts(m, built):
            m.same_as = built.name


def _same_counts(a, b) -> bool:
    return (a.framework, a.exact, a.total_params, a.trainable_params, a.non_trainable_params,
            [(x.name, x.type, x.params) for x in a.layers]) == \
        (b.framework, b.exact, b.total_params, b.trainable_params, b.non_trainable_params,
         [(x.name, x.type, x.params) for x in b.layers])


def _built_later(models, g) -> None:
    """A subclassed Keras model that is not built by its constructor, but built in this file
    (`model = Net(); model.build(...)`), is reported through that instance, not also as an
    unbuilt class."""
    from nnlint.frameworks.keras.runtime import KerasLayer
    built = {id(v.cls) for v in g.values()
             if isinstance(v, KerasLayer) and v.cls is not None and v.built}
    for name, m in list(models.items()):
        cls = g.get(name)
        if m.kind == "class" and m.framework == "keras" and m.total_params is None and \
                id(cls) in built:
            del models[name]


def _unknown_arguments(fn: cst.FunctionDef):
    """Positional arguments for a function's required parameters, none of them known."""
    from nnlint.interpreter.values import Unknown
    p = fn.params
    return [Unknown(f"argument {x.name.value} of {fn.name.value}(), not known statically")
            for x in list(p.posonly_params) + list(p.params) if x.default is None]


def _called_at_module_level(module: cst.Module) -> set:
    """Names of the functions the module's own code calls (in `if __name__ ==
    "__main__":` too), outside any function or class body: a script's entry points."""
    return {node.func.value for stmt in module.body
            if not isinstance(stmt, (cst.FunctionDef, cst.ClassDef))
            for node in walk(stmt, _NOT_RUN_HERE)
            if type(node) is cst.Call and type(node.func) is cst.Name}


_NOT_RUN_HERE = (cst.FunctionDef, cst.ClassDef, cst.Lambda)  # bodies run when called


def _lost_model(scope, name, line, col, qual=None):
    """The report of a name that held a model and was then given a value nnlint does not
    know (or None): its count is not known, and the note says what it held and why."""
    held = scope.lost.get(name)
    if held is None or not isinstance(held[1], Unknown):
        return None  # `model = None`: the name no longer holds a model
    old, new = held
    fw = model_kind(old)
    before = _count(None, name, old, fw, "assign", line, col, []) if fw == "torch" else None
    size = (f" of {before.total_params:,} parameters" if before is not None and before.exact
            else "")
    where = f"line {new.line}" if new.line else "a later line"
    note = count.note("NNL101", f"{qual or name} held a model{size} until {where}, where it "
                       f"was given a value nnlint cannot know ({new.reason}): its count is "
                       "not known", new.line or line)
    framework = "torch" if fw == "torch" else "keras"
    return ModelReport(qual or name, framework, line, col, "assign", None, None, None, False,
                       [], [note])


def _unmade_model(value, name, line, col):
    """The report of a name given what a model class would have made, had code
    nnlint cannot follow not rebound that class first (`exec(open("config.py").read())`
    before `model = GPT(conf)`): it is a model nnlint cannot count, and says why."""
    if not isinstance(value, Unknown) or not isinstance(value.was, tuple):
        return None
    maker = value.was[1]
    fw = class_framework(maker) if isinstance(maker, ClassValue) else None
    if fw not in ("torch", "keras-model"):
        return None  # a function: what it would have returned is not known
    note = count.note("NNL101", f"{name} is made by {maker.name} where nnlint cannot follow "
                       f"the code ({value.reason}): its count is not known", line, bound=False)
    framework = "keras" if fw == "keras-model" else "torch"
    return ModelReport(name, framework, line, col, "assign", None, None, None, False, [], [note])


def _unmade_by_statement(module, g, value, name, line, col):
    """A name whose final value is not known, that a module-level statement assigns from a
    call of a model class (`model = GPT(conf)` in a branch nnlint could not join): a model
    nnlint cannot count, reported with why, never dropped."""
    if not isinstance(value, Unknown) or value.inert:
        return None
    for stmt in _module_statements(module.body):
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if not (isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) and
                    isinstance(small.value.func, cst.Name) and
                    any(isinstance(t.target, cst.Name) and t.target.value == name
                        for t in small.targets)):
                continue
            maker = g.get(small.value.func.value)
            if isinstance(maker, Unknown) and isinstance(maker.was, ClassValue):
                maker = maker.was
            if isinstance(maker, ClassValue) and \
                    class_framework(maker) in ("torch", "keras-model"):
                return _unmade_model(Unknown(value.reason, value.line, was=("made by", maker)),
                                     name, line, col)
    return None


def _missing_args(notes):
    return any("missing argument" in n.message or "missing keyword argument" in n.message
               for n in notes[:1])


def _count(interp, name, value, fw, kind, line, col, notes):
    return framework_named(fw).count(interp, name, value, kind, line, col, notes)


def _is_loss(cls):
    from nnlint.interpreter.resolve import canonical
    return any(canonical(b.qualname).startswith("torch.nn.modules.loss")
               or canonical(b.qualname).endswith("Loss") for b in cls.external_bases())


def _builder(interp, value, stmt):
    """The function Python finds under the def's name, when the oracle would call it: a
    function of this module (the def itself, or what its decorators returned: a wrapper
    defined here, or one that functools.wraps made this module's) whose own parameters all
    have defaults."""
    if not isinstance(value, Function):
        return None
    if value.node is not stmt:
        module = wrapping.function_attribute(interp, value, "__module__", stmt)
        if module != interp.module_name:
            return None
    return value if _no_required(value.node) else None


def _no_required(fn) -> bool:
    p = fn.params
    if any(x.default is None for x in list(p.posonly_params) + list(p.params)):
        return False
    return all(x.default is not None for x in p.kwonly_params)


def holds_no_models(text: str) -> bool:
    """Whether a file certainly has no models, read from CPython's parse alone (a tenth of
    LibCST's): the contract names models by module-level assignments, classes and functions,
    and a file whose top level only imports, documents and binds literals (a package's
    __init__.py, a constants module) has none, whatever the files it imports hold. Anything
    else, or a file CPython does not parse, is evaluated."""
    from nnlint.source.guard import python_ast
    try:
        tree = python_ast(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False
    return all(inert_statement(stmt) for stmt in tree.body)


def inert_statement(stmt) -> bool:
    """Whether one top-level statement (CPython's `ast`) is of those holds_no_models()
    allows (the language server's incremental parse asks it statement by statement)."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass)):
        return True
    if isinstance(stmt, ast.Expr):
        return isinstance(stmt.value, ast.Constant)  # a docstring
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        return stmt.value is None or _literal(stmt.value)
    if isinstance(stmt, ast.If):
        return all(inert_statement(s) for s in stmt.body + stmt.orelse)
    if isinstance(stmt, ast.Try):  # try: import x / except ImportError: x = None
        return all(inert_statement(s) for s in stmt.body + stmt.orelse + stmt.finalbody) and \
            all(inert_statement(s) for h in stmt.handlers for s in h.body)
    return False


def _literal(node) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _literal(k) for k in node.keys) and \
            all(_literal(v) for v in node.values)
    return False
