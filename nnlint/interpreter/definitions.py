"""Definitions and stores: imports, `def`, `class`, assignments, attribute and item stores.

A mixin of `evaluator.Interpreter`.
"""

from __future__ import annotations

import libcst as cst

from nnlint.interpreter import wrapping
from nnlint.interpreter.namespace import Namespace
from nnlint.interpreter.objects import (
    BoundMethod,
    Builtin,
    ClassValue,
    EnumMember,
    External,
    Function,
    Instance,
    ModuleObject,
    Partial,
    is_enum_class,
)
from nnlint.interpreter.resolve import canonical, dotted_name
from nnlint.interpreter.runtime import UNHANDLED, ModelObject, RuntimeObject, TensorObject, written
from nnlint.interpreter.scopes import ClassScope, Scope
from nnlint.interpreter.values import MAX_LEN, STAR_KWARGS, Unknown, UserRaise, costly_to_hash
from nnlint.source.project import framework_import

# decorators that return what they decorate, for counting purposes
# ... except these, which cache what the function returns: not followed
_CACHING_DECORATORS = ("functools.lru_cache", "functools.cache")


_IDENTITY_DECORATORS = (
    "torch.", "keras.", "tensorflow.", "tf_keras.", "functools.", "typing.", "abc.",
    "dataclasses.", "builtins.", "numba.", "jax.", "warnings.", "deprecated.",
    "typing_extensions.", "overrides.", "timm.models.registry.", "timm.models._registry.",
    "timm.layers.", "gin.", "torchvision.", "lightning.", "pytorch_lightning.",
)


class Definitions:
    """The `Interpreter` methods of this module (see its docstring)."""

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
                from nnlint.interpreter.resolve import star_names
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
        from nnlint.interpreter import outside
        if outside.import_may_fail(dotted, level) or (
                name is not None and outside.import_name_may_fail(dotted, name)):
            self.opaque_calls += 1

    def import_from(self, module, level, name, node):
        full = f"{module}.{name}" if module else name
        framework = framework_import(full, level, self.path)
        if framework is not None:
            from nnlint.interpreter.outside import outside_name
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
        from nnlint.interpreter.outside import outside_name
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
            from nnlint.interpreter.calls import setup_dataclass
            setup_dataclass(self, cls, node, body_scope, *dataclass)
        elif any(isinstance(b, External) and b.qualname in ("typing.NamedTuple",
                                                            "typing_extensions.NamedTuple")
                 for b in bases):
            from nnlint.interpreter.calls import setup_namedtuple
            setup_namedtuple(cls, node)
        else:
            from nnlint.interpreter.calls import setup_enum
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
        kind = type(target)  # LibCST's node classes have no subclasses: `is`, not isinstance
        if kind is cst.Name:
            scope.assign(target.value, value)
        elif kind is cst.Attribute:
            obj = self.eval(target.value, scope)
            self.setattr(obj, target.attr.value, value, target)
        elif kind is cst.Tuple or kind is cst.List:
            self.assign_unpack(target, value, scope)
        elif kind is cst.Subscript:
            obj = self.eval(target.value, scope)
            key = self.eval_slice(target.slice, scope)
            self.setitem(obj, key, value, target)
        elif kind is cst.StarredElement:
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
                from nnlint.interpreter import namespace
                namespace.forget(self, self.globals, f"attribute {name} set on a module "
                                 "that may be this one", node)
        elif isinstance(obj, TensorObject):
            written(obj)  # t.data = ...

    def setitem(self, obj, key, value, node):
        from nnlint.interpreter import environ, namespace
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
