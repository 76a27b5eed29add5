"""A run keeps a bounded number of parsed files (project.MAX_PARSED, least recently used
first out), drops an analysed file that nothing imported once it is linted, and still
parses a file imported by others once while its importers come within the bound."""

from __future__ import annotations

from nnlint.api import lint_paths
from nnlint.source import project as project_module
from nnlint.source.project import Project

BLOCK = '''import torch.nn as nn
from .config import WIDTH


class Block(nn.Module):
    def __init__(self, n=WIDTH):
        super().__init__()
        self.fc = nn.Linear(n, n)
'''
USER = '''import torch.nn as nn
from .blocks import Block


class Net{i}(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()
'''


def make_tree(tmp_path, users=6):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "config.py").write_text("WIDTH = 8\n")
    (pkg / "blocks.py").write_text(BLOCK)
    for i in range(users):
        (pkg / f"user{i}.py").write_text(USER.format(i=i))
    return pkg


def _run(pkg, project):
    seen = []
    for report in lint_paths([str(pkg)], project=project):
        seen.append(len(project._parsed))
        for m in report.models:
            yield m.name, m.exact, m.total_params, seen


def test_files_nothing_imports_are_dropped_once_linted(tmp_path):
    pkg = make_tree(tmp_path)
    project = Project()
    models = {name: (exact, total) for name, exact, total, _ in _run(pkg, project)}
    # nn.Linear(8, 8): 72 for torch 2.13 (the oracle)
    assert models == {f"Net{i}": (True, 72) for i in range(6)} | {"Block": (True, 72)}
    kept = {p.rsplit("/", 1)[-1] for p in project._parsed}
    assert kept == {"blocks.py", "config.py"}  # what others imported
    # blocks.py is linted before the users import it: parsed again once; config.py once
    # (as an import: on its own it mentions no framework), each user once
    assert project.parses == 1 + 2 + 6


def test_the_cache_is_bounded_and_counts_do_not_change(tmp_path, monkeypatch):
    pkg = make_tree(tmp_path, users=8)
    unbounded = sorted((n, e, t) for n, e, t, _ in _run(pkg, Project()))
    monkeypatch.setattr(project_module, "MAX_PARSED", 2)
    project = Project()
    bounded = []
    sizes = []
    for name, exact, total, seen in _run(pkg, project):
        bounded.append((name, exact, total))
        sizes = seen
    assert sorted(bounded) == unbounded
    assert max(sizes) <= 2
