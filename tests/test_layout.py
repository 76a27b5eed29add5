"""The package's layout stays as docs/how-it-works.md draws it: small modules, short import
circles, no private names across modules, and an interpreter that imports no framework."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nnlint"
MAX_LINES = 1200
MAX_CYCLE = 3


def _modules() -> dict:
    """dotted name -> path of every module of the package."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(modules) -> dict:
    """dotted name -> {(imported module, name or None)}: module-level and deferred imports."""
    out = {}
    for name, path in modules.items():
        found = out.setdefault(name, set())
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update((a.name, None) for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                for a in node.names:
                    sub = f"{base}.{a.name}"
                    if sub in modules:
                        found.add((sub, None))
                    elif base in modules:
                        found.add((base, a.name))
    return out


def _reach(edges, start) -> set:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _longest_cycle(edges) -> list:
    """The longest simple import circle, searched within each strongly connected part."""
    back = {}
    for m, targets in edges.items():
        for t in targets:
            back.setdefault(t, set()).add(m)
    best = []

    def walk(start, here, path, part):
        nonlocal best
        for nxt in edges.get(here, ()):
            if nxt == start and len(path) > len(best):
                best = list(path)
            elif nxt in part and nxt > start and nxt not in path:
                walk(start, nxt, path + [nxt], part)

    for start in edges:
        part = _reach(edges, start) & _reach(back, start)
        if len(part) > 1:
            walk(start, start, [start], part)
    return best


def test_no_module_is_longer_than_the_limit():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_no_import_circle_is_longer_than_three_modules():
    modules = _modules()
    edges = {m: {t for t, _ in found if t != m} for m, found in _imports(modules).items()}
    cycle = _longest_cycle(edges)
    assert len(cycle) <= MAX_CYCLE, " -> ".join(cycle)


def test_no_module_imports_another_modules_private_names():
    private = [(m, t, n) for m, found in _imports(_modules()).items() for t, n in found
               if n is not None and n.startswith("_") and not n.startswith("__")]
    assert not private, private


def test_the_interpreter_imports_no_framework():
    found = _imports(_modules())
    bad = [(m, t) for m, imported in found.items() if m.startswith("nnlint.interpreter")
           for t, _ in imported if t.startswith("nnlint.frameworks")]
    assert not bad, bad
