"""One session per process (parses shared by path and text), and the persistent cache."""

from __future__ import annotations

import json
import os

from nnlint import cache as cache_module
from nnlint.cache import Cache
from nnlint.session import Session

BLOCKS = '''import torch.nn as nn

WIDTHS = [4]


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(w, w) for w in WIDTHS])
'''
USER = '''import torch.nn as nn
from .blocks import Block, WIDTHS

WIDTHS.append({extra})


class Net{i}(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()
'''


def make_tree(tmp_path, users=2):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "blocks.py").write_text(BLOCKS)
    for i in range(users):
        (pkg / f"user{i}.py").write_text(USER.format(i=i, extra=8 * (i + 1)))
    return pkg


def counts(reports):
    return {m.name: (m.exact, m.total_params) for r in reports for m in r.models}


# nn.Linear(4, 4) = 20, nn.Linear(8, 8) = 72, nn.Linear(16, 16) = 272 (torch 2.13, the oracle)
EXPECTED = {"Block": (True, 20), "Net0": (True, 20 + 72), "Net1": (True, 20 + 272)}


def test_what_one_file_does_to_an_imported_module_is_not_seen_by_the_next(tmp_path):
    pkg = make_tree(tmp_path)
    session = Session(cache=False)
    assert counts(session.lint_paths([str(pkg)])) == EXPECTED
    # the same files again in the same process, in the other order
    again = [session.lint_file(str(pkg / n)) for n in ("user1.py", "user0.py", "blocks.py")]
    assert counts(again) == EXPECTED


def test_an_edited_import_is_parsed_again(tmp_path):
    pkg = make_tree(tmp_path)
    session = Session(cache=False)
    user = str(pkg / "user0.py")
    assert counts([session.lint_file(user)]) == {"Net0": (True, 92)}
    (pkg / "blocks.py").write_text(BLOCKS.replace("[4]", "[2]"))  # Linear(2, 2) = 6
    assert counts([session.lint_file(user)]) == {"Net0": (True, 6 + 72)}


def test_the_cache_gives_the_same_reports_and_misses_on_any_change(tmp_path):
    pkg = make_tree(tmp_path)
    folder = tmp_path / "cache"
    first = list(Session(cache=str(folder)).lint_paths([str(pkg)]))
    warm = Session(cache=str(folder))
    second = list(warm.lint_paths([str(pkg)]))
    assert second == first and warm.cache.hits == 3 and warm.cache.misses == 0
    assert (folder / ".gitignore").read_text().strip().endswith("*")
    (pkg / "blocks.py").write_text(BLOCKS.replace("[4]", "[2]"))
    edited = Session(cache=str(folder))
    assert counts(edited.lint_paths([str(pkg)])) == {
        "Block": (True, 6), "Net0": (True, 6 + 72), "Net1": (True, 6 + 272)}
    assert edited.cache.hits == 0


def test_an_import_that_appears_misses(tmp_path):
    pkg = make_tree(tmp_path, users=1)
    (pkg / "blocks.py").unlink()
    folder = str(tmp_path / "cache")
    user = str(pkg / "user0.py")
    assert counts([Session(cache=folder).lint_file(user)]) != {"Net0": (True, 92)}
    (pkg / "blocks.py").write_text(BLOCKS)
    session = Session(cache=folder)
    assert counts([session.lint_file(user)]) == {"Net0": (True, 92)}
    assert session.cache.hits == 0


def test_corrupt_and_foreign_entries_are_ignored_and_rewritten(tmp_path):
    pkg = make_tree(tmp_path, users=1)
    folder = tmp_path / "cache"
    user = str(pkg / "user0.py")
    expected = counts([Session(cache=str(folder)).lint_file(user)])
    entries = [os.path.join(d, f)
               for d, _, fs in os.walk(folder / f"v{cache_module._FORMAT}") for f in fs]
    assert entries
    for i, entry in enumerate(entries):
        with open(entry, "w") as fh:
            fh.write("{not json" if i % 2 else json.dumps({"format": 99, "report": 1}))
    session = Session(cache=str(folder))
    assert counts([session.lint_file(user)]) == expected and session.cache.hits == 0
    again = Session(cache=str(folder))
    assert counts([again.lint_file(user)]) == expected and again.cache.hits == 1


def test_the_cache_stays_under_its_size(tmp_path, monkeypatch):
    pkg = make_tree(tmp_path, users=6)
    monkeypatch.setattr(cache_module, "TRIM_EVERY", 1)
    session = Session(cache=Cache(str(tmp_path / "cache"), max_bytes=3000))
    list(session.lint_paths([str(pkg)]))
    size = sum(os.path.getsize(os.path.join(d, f))
               for d, _, fs in os.walk(tmp_path / "cache" / f"v{cache_module._FORMAT}") for f in fs)
    assert 0 < size <= 3000


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    from nnlint.adapters.cli import main
    pkg = make_tree(tmp_path, users=1)
    monkeypatch.setenv("NNLINT_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["--no-cache", "--format", "json", str(pkg)]) == 0
    assert not (tmp_path / "cache").exists()
    assert main(["--format", "json", str(pkg)]) == 0
    assert (tmp_path / "cache" / ".gitignore").exists()


def test_workers_give_the_reports_of_one_process_in_order(tmp_path, capsys):
    from nnlint.adapters.cli import main
    pkg = make_tree(tmp_path, users=20)
    outputs = []
    for jobs in ("1", "2"):
        assert main(["--no-cache", "-j", jobs, "--format", "json", str(pkg)]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[1])["files"][-1]["path"].endswith("user9.py")


def test_a_long_legitimate_file_passes_the_guard():
    from nnlint.source import guard
    lines = ["import torch.nn as nn", "", "class Big(nn.Module):", "    def __init__(self):",
             "        super().__init__()"]
    lines += [f"        self.fc{i} = nn.Linear({i % 50 + 1}, {i % 50 + 2})" for i in range(5000)]
    lines += ["", "    def forward(self, x):"]
    lines += [f"        x = self.fc{i}(x)" for i in range(5000)]
    assert guard.check("\n".join(lines)) is None
    refused = guard.check("x = [" + "1, " * 300_000 + "]")
    assert "tokens" in refused.message and "limit of 250,000" in refused.message


def test_a_file_of_imports_and_literals_is_not_parsed_or_evaluated(tmp_path):
    pkg = make_tree(tmp_path)
    (pkg / "__init__.py").write_text(
        '"""The package."""\nimport torch\nfrom .blocks import *\nfrom . import user0\n'
        '__all__ = ["Block", ("x", 1)]\ntry:\n    import apex\nexcept ImportError:\n'
        '    apex = None\n')
    session = Session(cache=False)
    report = session.lint_file(str(pkg / "__init__.py"))
    assert (report.models, report.diagnostics, session.project.parses) == ([], [], 0)


def test_a_file_that_binds_anything_else_is_evaluated(tmp_path):
    pkg = make_tree(tmp_path)
    (pkg / "__init__.py").write_text("import torch\nfrom .blocks import Block\nnet = Block()\n")
    report = Session(cache=False).lint_file(str(pkg / "__init__.py"))
    assert counts([report]) == {"net": (True, 20)}


def test_a_run_served_from_the_cache_does_not_import_libcst(tmp_path):
    import subprocess
    import sys
    net = tmp_path / "net.py"
    net.write_text(BLOCKS)
    script = ("import sys; from nnlint.session import Session; "
              f"r = Session(cache={str(tmp_path / 'cache')!r}).lint_file({str(net)!r}); "
              "print(r.models[0].total_params, 'libcst' in sys.modules)")

    def run():
        return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True).stdout.split()
    assert run() == ["20", "True"]  # cold: parsed and evaluated
    assert run() == ["20", "False"]  # warm: the cache alone


def test_a_file_of_imports_reports_the_same_after_another_file_imported_it(tmp_path):
    pkg = make_tree(tmp_path)
    (pkg / "__init__.py").write_text("import torch\nfrom .blocks import Block\n")
    (pkg / "user2.py").write_text("import torch.nn as nn\nimport pkg\n\nnet = nn.Linear(2, 2)\n")
    alone = Session(cache=False).lint_file(str(pkg / "__init__.py"))
    session = Session(cache=False)
    session.lint_file(str(pkg / "user2.py"))  # parses pkg/__init__.py as an import
    after = session.lint_file(str(pkg / "__init__.py"))
    assert (after.models, after.diagnostics) == (alone.models, alone.diagnostics) == ([], [])
