"""What the structural rules need to know about a module, read from its syntax alone.

- the import aliases (``nn`` -> ``torch.nn``), so ``nn.Linear`` resolves to
  ``torch.nn.Linear`` as `nnlint.interpreter.resolve.canonical` spells it;
- module-level integer constants assigned once (``HIDDEN = 128``);
- the classes of the file that are torch modules, and their methods.

Nothing is evaluated: a size is known only when it is a literal or a constant,
so a rule can never be wrong because of a value it guessed.
"""

from __future__ import annotations

from typing import Dict, Optional

import libcst as cst

from nnlint.interpreter.resolve import canonical
from nnlint.source.walk import children, walk  # noqa: F401  (walk: the rules read it here)

_MAX_INT = 10**12


class _End:
    """Popped after every node under `node`: its subtree ends there."""

    __slots__ = ("node", "start")

    def __init__(self, node, start):
        self.node = node
        self.start = start


class StatementNodes:
    """One walk of a top-level statement: every node in it, in the order `walk` gives,
    and where each function's body and each class lie in that list, so that a function's
    nodes are a slice of it (`body_nodes`) instead of another walk. A statement that
    stays the same from one version of a file to the next keeps its walk
    (`Positions.memo`), with what the rules gather from it (`nnlint.rules.Context`)."""

    def __init__(self, stmt):
        self.nodes = nodes = []
        self.bodies = {}  # id(function body) -> (start, end) in nodes
        classes = []  # (start, end) of each class, the class node itself at start
        watched = set()  # ids of function bodies
        stack = [stmt]
        while stack:
            n = stack.pop()
            t = type(n)
            if t is _End:
                if type(n.node) is cst.ClassDef:
                    classes.append((n.start, len(nodes)))
                else:
                    self.bodies[id(n.node)] = (n.start, len(nodes))
                continue
            if t is cst.FunctionDef:
                watched.add(id(n.body))
            if t is cst.ClassDef or id(n) in watched:
                stack.append(_End(n, len(nodes)))
            nodes.append(n)
            stack.extend(reversed(children(n)))
        self.classes = sorted(classes)

    def body_nodes(self, fn):
        """`list(walk(fn.body, prune=(cst.ClassDef,)))`, from the walk; None when `fn` is
        not in this statement."""
        span = self.bodies.get(id(fn.body))
        if span is None:
            return None
        start, end = span
        out = []
        at = start
        for first, last in self.classes:
            if at <= first < end:  # a class inside: the class node, not what it holds
                out.extend(self.nodes[at:first + 1])
                at = last
        out.extend(self.nodes[at:end])
        return out


def dotted(node) -> Optional[str]:
    """``a.b.c`` of a Name/Attribute chain, else None."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def _import_name(node) -> str:
    return dotted(node) or ""


class ModuleFacts:
    def __init__(self, module: cst.Module):
        self.module = module
        self.aliases: Dict[str, str] = {}
        self.constants: Dict[str, int] = {}
        self.classes: Dict[str, cst.ClassDef] = {}
        self._bases = None
        self._collect()

    # ------------------------------------------------------------ collection
    def _collect(self) -> None:
        assigned: Dict[str, int] = {}
        values: Dict[str, cst.BaseExpression] = {}
        for stmt in self.module.body:
            if isinstance(stmt, cst.ClassDef):
                self.classes[stmt.name.value] = stmt
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        full = _import_name(alias.name)
                        if alias.asname is not None:
                            self.aliases[alias.asname.name.value] = full
                        else:
                            top = full.split(".")[0]
                            self.aliases[top] = top
                elif isinstance(small, cst.ImportFrom) and not small.relative:
                    base = _import_name(small.module) if small.module else ""
                    if isinstance(small.names, cst.ImportStar):
                        continue
                    for alias in small.names:
                        name = alias.name.value if isinstance(alias.name, cst.Name) else ""
                        local = alias.asname.name.value if alias.asname else name
                        if name:
                            self.aliases[local] = f"{base}.{name}"
                elif isinstance(small, cst.Assign) and len(small.targets) == 1:
                    target = small.targets[0].target
                    if isinstance(target, cst.Name):
                        assigned[target.value] = assigned.get(target.value, 0) + 1
                        values[target.value] = small.value
        # names assigned anywhere else at module level (loops, ifs) are not constants
        for stmt in self.module.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                for node in _assigned_names(stmt):
                    assigned[node] = assigned.get(node, 0) + 2
        for name, value in values.items():
            if assigned.get(name) == 1:
                self.constants[name] = None  # placeholder while evaluating
                n = self.const_int(value)
                if n is None:
                    del self.constants[name]
                else:
                    self.constants[name] = n

    # ------------------------------------------------------------ queries
    def qualname(self, node) -> Optional[str]:
        """The canonical framework name of a callee, or None (locals, attributes of values)."""
        name = dotted(node)
        return None if name is None else self.resolve(name)

    def resolve(self, name: str) -> Optional[str]:
        """The canonical framework name of a dotted name (`nn.Linear`), or None."""
        head, _, rest = name.partition(".")
        full = self.aliases.get(head)
        if full is None:
            return None
        return canonical(f"{full}.{rest}" if rest else full)

    def const_int(self, node) -> Optional[int]:
        """A non-negative int that the expression certainly has, or None."""
        value = self._const(node)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < _MAX_INT:
            return None
        return value

    def _const(self, node):
        if isinstance(node, cst.Integer):
            try:
                return int(node.value.replace("_", ""), 0)
            except ValueError:
                return None
        if isinstance(node, cst.Name):
            return self.constants.get(node.value)
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            v = self._const(node.expression)
            return None if v is None else -v
        if isinstance(node, cst.BinaryOperation):
            left, right = self._const(node.left), self._const(node.right)
            if not isinstance(left, int) or not isinstance(right, int):
                return None
            op = node.operator
            if isinstance(op, cst.Add):
                return left + right
            if isinstance(op, cst.Subtract):
                return left - right
            if isinstance(op, cst.Multiply):
                return left * right if abs(left * right) < _MAX_INT else None
            if isinstance(op, cst.FloorDivide) and right:
                return left // right
            return None
        return None

    def const_bool(self, node) -> Optional[bool]:
        if isinstance(node, cst.Name) and node.value in ("True", "False"):
            return node.value == "True"
        return None

    def const_int_tuple(self, node):
        """(28, 28, 1) / [784] / (None, 10): ints or None per dimension, or None if unknown."""
        if isinstance(node, (cst.Tuple, cst.List)):
            out = []
            for el in node.elements:
                if isinstance(el, cst.StarredElement):
                    return None
                if isinstance(el.value, cst.Name) and el.value.value == "None":
                    out.append(None)
                    continue
                n = self.const_int(el.value)
                if n is None:
                    return None
                out.append(n)
            return tuple(out)
        return None

    def is_torch_module_class(self, cls: cst.ClassDef, _seen=None) -> bool:
        """A class of this file deriving from a torch.nn class (through local classes too)."""
        seen = _seen or set()
        if cls.name.value in seen:
            return False
        seen.add(cls.name.value)
        for base in cls.bases:
            q = self.qualname(base.value)
            if q is not None and q.startswith("torch.nn.") and q.rsplit(".", 1)[-1][:1].isupper():
                return True
            local = dotted(base.value)
            if local in self.classes and self.is_torch_module_class(self.classes[local], seen):
                return True
        return False

    def subclasses_of(self, name: str):
        """Classes of this file that derive from `name`, directly or not."""
        if self._bases is None:  # class name -> the dotted names of its bases
            self._bases = {cname: {dotted(b.value) for b in cls.bases}
                           for cname, cls in self.classes.items()}
        found = {name}
        changed = True
        while changed:
            changed = False
            for cname, bases in self._bases.items():
                if cname not in found and not bases.isdisjoint(found):
                    found.add(cname)
                    changed = True
        found.discard(name)
        return [self.classes[n] for n in found]


def _assigned_names(stmt):
    """Names a compound module-level statement binds (not inside functions or classes)."""
    names = []
    for node in walk(stmt, prune=(cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For)):
            target = node.target
            if isinstance(target, cst.Name):
                names.append(target.value)
        elif isinstance(node, cst.NamedExpr) and isinstance(node.target, cst.Name):
            names.append(node.target.value)
    return names


def methods(cls: cst.ClassDef) -> Dict[str, cst.FunctionDef]:
    out = {}
    if isinstance(cls.body, cst.IndentedBlock):
        for stmt in cls.body.body:
            if isinstance(stmt, cst.FunctionDef):
                out[stmt.name.value] = stmt
    return out


def self_name(fn: cst.FunctionDef) -> Optional[str]:
    params = list(fn.params.posonly_params) + list(fn.params.params)
    return params[0].name.value if params else None


def self_attr(node, self_var: str) -> Optional[str]:
    """``attr`` for ``self.attr``, else None."""
    if (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name)
            and node.value.value == self_var):
        return node.attr.value
    return None


def call_args(call: cst.Call):
    """(positional, keywords, has_star) of a call's arguments."""
    pos, kw, star = [], {}, False
    for a in call.args:
        if a.star:
            star = True
        elif a.keyword is not None:
            kw[a.keyword.value] = a.value
        else:
            pos.append(a.value)
    return pos, kw, star
