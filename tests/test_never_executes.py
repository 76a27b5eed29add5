"""nnlint never runs the code it analyses: a booby-trapped project is analysed and nothing happens.

Every trap would create a marker file if any of its code ran: module-level os.system and
__import__, exec/eval of strings, a constructor that writes a file, a builder function that
starts a process, an imported helper module, a sitecustomize.py / usercustomize.py next to
the model, a .pth file (site's way of running an `import` line), and local `torch` and
`nnlint` packages that shadow the real ones. The proof is twofold: no marker exists afterwards, and
Python's audit hooks (PEP 578) saw no code of the project executed, no process started,
no module of the project imported and no file opened for writing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nnlint.api import lint_paths, lint_source
from tests.test_robustness import assert_well_formed

MARKERS = ["system", "dunder_import", "exec", "eval", "init", "builder", "helper",
           "sitecustomize", "usercustomize", "pth", "torch_shadow", "class_body", "default",
           "decorator", "del", "metaclass", "nnlint_shadow"]


def _trap(marker_dir: Path, name: str) -> str:
    """Python that creates the marker `name` when run (and only then)."""
    return f"open({str(marker_dir / name)!r}, 'w').write('ran')"


def write_project(root: Path, markers: Path) -> Path:
    t = lambda name: _trap(markers, name)  # noqa: E731
    model = f'''import os
import torch.nn as nn
import evil_helper
import sitecustomize

os.system("touch " + {str(markers / "system")!r})
__import__("os").system("touch " + {str(markers / "dunder_import")!r})
exec("{t("exec")}")
eval(compile("{t("eval")}", "x", "exec"))


def trap_decorator(fn):
    {t("decorator")}
    return fn


class Meta(type):
    def __new__(mcs, *args):
        {t("metaclass")}
        return super().__new__(mcs, *args)


class Net(nn.Module):
    {t("class_body")}

    def __init__(self, hidden=8, side_effect=print({t("default")!r})):
        super().__init__()
        {t("init")}
        self.fc1 = nn.Linear(4, hidden)
        self.fc2 = nn.Linear(hidden, 2)

    def __del__(self):
        {t("del")}


@trap_decorator
def build():
    import subprocess
    subprocess.run(["touch", {str(markers / "builder")!r}])
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


net = Net()
'''
    (root / "model.py").write_text(model)
    (root / "evil_helper.py").write_text(f"import torch\n{t('helper')}\nWIDTH = 8\n")
    (root / "sitecustomize.py").write_text(f"import torch\n{t('sitecustomize')}\n")
    (root / "usercustomize.py").write_text(f"import torch\n{t('usercustomize')}\n")
    (root / "evil.pth").write_text(f"import os; {t('pth')}\n")
    shadow = root / "torch"
    (shadow / "nn").mkdir(parents=True)
    (shadow / "__init__.py").write_text(f"{t('torch_shadow')}\n")
    (shadow / "nn" / "__init__.py").write_text(f"{t('torch_shadow')}\n")
    # `python -m nnlint` in this folder would import this package (the current directory
    # comes first on sys.path); the `nnlint` command and `python -P -m nnlint` do not
    (root / "nnlint").mkdir()
    for name in ("__init__.py", "__main__.py"):
        (root / "nnlint" / name).write_text(f"{t('nnlint_shadow')}\n")
    return root / "model.py"


@pytest.fixture
def project(tmp_path):
    root, markers = tmp_path / "project", tmp_path / "markers"
    root.mkdir()
    markers.mkdir()
    model = write_project(root, markers)
    return root, markers, model


def _no_markers(markers: Path):
    assert sorted(p.name for p in markers.iterdir()) == []


def test_the_traps_are_live(project):
    """Run for real, the project does create markers: their absence below means something.
    (It stops at `class Net(nn.Module)`: the shadowing `torch` has no Module.)"""
    root, markers, model = project
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    subprocess.run([sys.executable, "model.py"], cwd=root, env=env, capture_output=True,
                   timeout=60)
    assert {"torch_shadow", "helper", "sitecustomize", "system", "dunder_import", "exec",
            "eval"} <= {p.name for p in markers.iterdir()}


# --------------------------------------------------------------- audit hooks
_EVENTS = None  # list while recording, None otherwise


def _audit(event, args):
    if _EVENTS is not None:
        _EVENTS.append((event, args))


sys.addaudithook(_audit)  # hooks cannot be removed; this one records only while asked


def _record(fn):
    global _EVENTS
    _EVENTS = []
    try:
        result = fn()
    finally:
        events, _EVENTS = _EVENTS, None
    return result, events


def _suspicious(events, root: Path):
    """Audit events that mean the project's code ran, a process started or a file was written."""
    root_s = str(root)
    bad = []
    for event, args in events:
        if event == "exec":
            code = args[0]
            filename = getattr(code, "co_filename", "")
            if root_s in filename or filename in ("<string>", "x", "h"):
                bad.append((event, filename))
        elif event == "import":
            module, filename = args[0], args[1]
            if (filename and root_s in str(filename)) or module in (
                    "model", "evil_helper", "usercustomize"):
                bad.append((event, module, filename))
        elif event in ("os.system", "subprocess.Popen", "os.exec", "os.posix_spawn",
                       "os.spawn", "os.fork", "os.forkpty", "os.startfile", "os.kill",
                       "os.remove", "os.rename", "os.rmdir", "os.truncate", "shutil.rmtree",
                       "shutil.move", "os.chmod", "os.mkdir", "ctypes.dlopen", "socket.connect"):
            bad.append((event, args))
        elif event == "open":
            path, mode = args[0], args[1]
            if isinstance(mode, str) and any(c in mode for c in "wax+"):
                bad.append((event, path, mode))
            elif isinstance(mode, int) and mode & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                bad.append((event, path, mode))
    return bad


def test_lint_paths_runs_nothing(project):
    root, markers, model = project
    lint_source(b"import torch.nn as nn\nx = nn.Linear(2, 2)\n", "warm_up.py")
    modules_before = set(sys.modules)
    path_before = list(sys.path)
    reports, events = _record(lambda: list(lint_paths([str(root)])))
    assert not _suspicious(events, root)
    _no_markers(markers)
    assert set(sys.modules) - modules_before <= {
        m for m in sys.modules if m.startswith(("nnlint", "libcst", "_"))}
    assert sys.path == path_before
    for r in reports:
        assert_well_formed(r)
    found = {Path(r.path).name: r for r in reports}
    # the shadowing local `torch` package is read (never imported) and decides what
    # `nn.Module` means, as it would for Python: no torch model is claimed from it
    assert not any(m.exact for m in found["model.py"].models)


def test_the_model_counts_when_torch_is_not_shadowed(project):
    root, markers, model = project
    import shutil
    shutil.rmtree(root / "torch")
    (report,), events = _record(lambda: list(lint_paths([str(model)])))
    assert not _suspicious(events, root)
    _no_markers(markers)
    counts = {m.name: (m.total_params, m.exact) for m in report.models}
    assert counts == {"Net": (58, True), "net": (58, True), "build": (58, True)}


def _nnlint_command():
    """The installed `nnlint` script, else `python -P -m nnlint` (-P: no cwd on sys.path)."""
    script = Path(sys.executable).with_name("nnlint")
    return [str(script)] if script.exists() else [sys.executable, "-P", "-m", "nnlint"]


def test_cli_in_the_project_folder_runs_nothing(project):
    """The command line, started inside the trapped folder."""
    root, markers, model = project
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    for fmt in ("json", "text"):
        result = subprocess.run(_nnlint_command() + ["--format", fmt, "."],
                                cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
    _no_markers(markers)
    assert not list(root.rglob("__pycache__"))


def test_flake8_plugin_runs_nothing(project):
    pytest.importorskip("flake8")
    root, markers, model = project
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    subprocess.run([sys.executable, "-P", "-m", "flake8", "--select", "NNL", "model.py"],
                   cwd=root, env=env, capture_output=True, text=True, timeout=120)
    _no_markers(markers)
