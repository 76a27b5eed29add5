"""Models from installed libraries: found on the search path without importing anything,
read as project files; not installed, reported inexact with what to install."""

from __future__ import annotations

import textwrap

from nnlint.api import lint_source
from nnlint.source.libraries import default_search_path, find_module_file
from nnlint.source.project import Project


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


SCRIPT = b"import torchvision\nnet = torchvision.models.mini(classes=3)\n"


def test_found_without_importing(tmp_path):
    # importing this package would raise: finding and reading it must not import it
    write(tmp_path, "torchvision/__init__.py", "raise SystemExit('imported')\n")
    write(tmp_path, "torchvision/models/__init__.py", "")
    found = find_module_file("torchvision.models", [str(tmp_path)])
    assert found == str(tmp_path / "torchvision" / "models" / "__init__.py")
    assert find_module_file("torchvision.nothing", [str(tmp_path)]) is None
    assert find_module_file("torchvision", []) is None


def test_library_model_read_with_the_call_arguments(tmp_path):
    # the library's own `import torch` is the framework, never a torch/ folder beside it
    write(tmp_path, "torch/__init__.py", "raise SystemExit('a torch folder was read')\n")
    write(tmp_path, "torch/nn/__init__.py", "Linear = None\n")
    write(tmp_path, "torchvision/__init__.py", "from . import models\n")
    write(tmp_path, "torchvision/models/__init__.py", """
        import torch.nn as nn

        def mini(classes=10):
            return nn.Linear(4, classes)
        """)
    report = lint_source(SCRIPT, str(tmp_path / "script" / "a.py"),
                         project=Project(library_path=[str(tmp_path)]))
    (net,) = report.models
    assert net.exact and net.total_params == 15  # nn.Linear(4, 3): 4 * 3 + 3


def test_not_installed_is_reported_with_what_to_install(tmp_path):
    report = lint_source(SCRIPT, str(tmp_path / "a.py"), project=Project(library_path=[]))
    (net,) = report.models
    assert not net.exact and net.total_params == 0
    assert any("pip install torchvision" in n.message for n in net.notes)


def test_search_path_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NNLINT_LIBRARY_PATH", f"{tmp_path}/a:{tmp_path}/b")
    assert default_search_path() == [f"{tmp_path}/a", f"{tmp_path}/b"]
    monkeypatch.delenv("NNLINT_LIBRARY_PATH")
    assert all(p for p in default_search_path())
