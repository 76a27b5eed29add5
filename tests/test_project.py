"""Imports of other files of the project: relative and absolute, each file parsed once per run."""

from __future__ import annotations

import textwrap
from pathlib import Path

from nnlint.api import lint_paths
from nnlint.source import guard


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def make_package(tmp_path):
    write(tmp_path, "pkg/__init__.py", "")
    write(tmp_path, "pkg/layers/__init__.py", "from .blocks import Block\n")
    write(tmp_path, "pkg/layers/blocks.py", """
        import torch.nn as nn
        from ..config import WIDTH

        class Block(nn.Module):
            def __init__(self, n=WIDTH):
                super().__init__()
                self.fc = nn.Linear(n, n)
        """)
    write(tmp_path, "pkg/config.py", "WIDTH = 8\n")
    write(tmp_path, "pkg/model.py", """
        import torch.nn as nn
        from . import config
        from .layers import Block
        from pkg.layers.blocks import Block as SameBlock

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = Block()
                self.b = SameBlock(config.WIDTH * 2)
        """)
    return tmp_path


def test_relative_and_absolute_imports_resolve(tmp_path):
    root = make_package(tmp_path)
    reports = {r.path: r for r in lint_paths([str(root / "pkg")])}
    net = {m.name: m for m in reports[str(root / "pkg" / "model.py")].models}["Net"]
    # nn.Linear(8, 8) + nn.Linear(16, 16): 344 for torch 2.13 (the oracle)
    assert net.exact and net.total_params == 344
    assert [layer.name for layer in net.layers] == ["a.fc", "b.fc"]


def test_each_file_is_parsed_once_per_run(tmp_path, monkeypatch):
    root = make_package(tmp_path)
    parsed = []
    real = guard.parse_module

    def counting(text):
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(guard, "parse_module", counting)
    reports = list(lint_paths([str(root / "pkg")]))
    assert len(reports) == 5
    assert len(parsed) == len(set(parsed))  # no file twice, imports included


def test_missing_relative_import_is_not_exact(tmp_path):
    write(tmp_path, "solo.py", """
        import torch.nn as nn
        from .nowhere import WIDTH

        net = nn.Linear(WIDTH, 2)
        """)
    (report,) = lint_paths([str(tmp_path / "solo.py")])
    (net,) = report.models
    assert not net.exact


def test_what_one_file_does_to_an_imported_module_stays_in_that_file(tmp_path):
    # each file runs in its own process (the oracle's way): a's changes to settings are
    # not seen by b, though both import it in one nnlint run
    write(tmp_path, "settings.py", "HIDDEN = 32\nLAYERS = [16, 16]\n")
    write(tmp_path, "a_mutates.py", """
        import torch.nn as nn
        import settings

        settings.HIDDEN = 128
        settings.LAYERS.append(16)
        net_a = nn.Linear(10, settings.HIDDEN)
        """)
    write(tmp_path, "b_reads.py", """
        import torch.nn as nn
        import settings
        from settings import LAYERS

        net_b = nn.Linear(10, settings.HIDDEN)
        net_c = nn.Sequential(*[nn.Linear(4, w) for w in LAYERS])
        """)
    reports = list(lint_paths([str(tmp_path / "a_mutates.py"), str(tmp_path / "b_reads.py")]))
    models = {m.name: m for r in reports for m in r.models}
    # the oracle (torch 2.13): net_a 1408, net_b 352, net_c 160
    assert (models["net_a"].total_params, models["net_a"].exact) == (1408, True)
    assert (models["net_b"].total_params, models["net_b"].exact) == (352, True)
    assert (models["net_c"].total_params, models["net_c"].exact) == (160, True)


def test_framework_checkout_builder_with_pretrained_weights_default(tmp_path):
    """Keras' applications default to weights="imagenet": the file is fetched by a
    framework utility nnlint cannot follow and loaded into the built model, which changes
    no count. The model is the one tests/fixtures/project/framework_partial builds with
    weights=None (5466 parameters for Keras 3.15.1, the oracle)."""
    fixture = (Path(__file__).parent / "fixtures" / "project" / "framework_partial" / "keras"
               / "src" / "applications")
    app = tmp_path / "keras" / "src" / "applications"
    app.mkdir(parents=True)
    (app / "imagenet_utils.py").write_text((fixture / "imagenet_utils.py").read_text())
    text = (fixture / "tinynet.py").read_text().replace(
        "include_top=True, weights=None,", 'include_top=True, weights="imagenet",')
    (app / "tinynet.py").write_text(text)
    (report,) = lint_paths([str(app / "tinynet.py")])
    got = {m.name: (m.exact, m.total_params, m.non_trainable_params) for m in report.models}
    assert got["TinyNet"] == (True, 5466, 32)
def make_cyclic_package(tmp_path):
    """The analysed file's own package imports it back (pkg/__init__ -> models -> net), a
    registry refuses a second registration, and `from . import sizes` runs while its package
    is still being imported."""
    write(tmp_path, "pkg/__init__.py", "from .models import *\n")
    write(tmp_path, "pkg/registry.py", """
        REGISTRY = {}

        def register(fn):
            if fn.__name__ in REGISTRY:
                raise ValueError(fn.__name__)
            REGISTRY[fn.__name__] = fn
            return fn
        """)
    write(tmp_path, "pkg/layers/__init__.py", "from .conv import Block\n")
    write(tmp_path, "pkg/layers/sizes.py", "WIDTH = 6\n")
    write(tmp_path, "pkg/layers/conv.py", """
        import torch.nn as nn
        from . import sizes

        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(sizes.WIDTH, sizes.WIDTH)
        """)
    write(tmp_path, "pkg/models/__init__.py", "from .net import *\n")
    write(tmp_path, "pkg/models/net.py", """
        import torch.nn as nn
        import pkg
        from pkg.layers import Block
        from pkg.registry import register

        @register
        def build():
            return nn.Sequential(Block(), nn.Linear(6, 2))
        """)
    return tmp_path


def test_a_file_imported_back_by_its_package_runs_once(tmp_path):
    root = make_cyclic_package(tmp_path)
    net = root / "pkg" / "models" / "net.py"
    report = next(iter(lint_paths([str(net)])))
    models = {m.name: m for m in report.models}
    # Block (6*6+6) + Linear(6, 2): 56 for torch 2.13 (python -c "import pkg.models.net")
    assert models["build"].exact and models["build"].total_params == 56


def test_parent_packages_are_imported_first(tmp_path):
    """`from pkg.ops import Block` runs pkg/__init__.py before pkg/ops/__init__.py, as Python
    does: the root imports models (which imports ops) before ops, so no cycle leaves Block
    unbound where models/net.py reads it."""
    write(tmp_path, "pkg/__init__.py", "from pkg import models, ops\n")
    write(tmp_path, "pkg/ops/__init__.py",
          "from pkg.ops.helpers import scale\nfrom pkg.ops.blocks import Block\n")
    write(tmp_path, "pkg/ops/helpers.py", "import pkg\nscale = 2\n")
    write(tmp_path, "pkg/ops/blocks.py", """
        import torch.nn as nn

        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
        """)
    write(tmp_path, "pkg/models/__init__.py", "from pkg.models.net import Net\n")
    write(tmp_path, "pkg/models/net.py", """
        import torch.nn as nn
        from pkg.ops import Block

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.b = Block()
        """)
    app = write(tmp_path, "pkg/app.py", """
        import torch.nn as nn
        from pkg.ops import Block
        from pkg.models.net import Net

        model = Net()
        """)
    report = next(iter(lint_paths([str(app)])))
    model = {m.name: m for m in report.models}["model"]
    # Linear(4, 4): 20 for torch 2.13 (python -c "import pkg.app")
    assert model.exact and model.total_params == 20


def test_relative_imports_inside_a_framework_package_are_the_framework(tmp_path):
    """`from .. import layers` in keras/applications/tiny.py of a framework checkout means
    keras.layers, which the catalogue models: the local stand-in (no weights) is not read.
    Dense(10) on 784 inputs: 7850 parameters for Keras 3.15.1 (the oracle)."""
    write(tmp_path, "keras/__init__.py", "")
    write(tmp_path, "keras/layers/__init__.py", """
        class Dense:
            def __init__(self, *args, **kwargs):
                pass
        """)
    write(tmp_path, "keras/models.py", "Model = None\n")
    app = write(tmp_path, "keras/applications/tiny.py", """
        \"\"\"A tiny application of keras.\"\"\"
        from .. import layers
        from .. import models
        from ..layers import Dense

        def Tiny():
            inputs = layers.Input(shape=(784,))
            return models.Model(inputs, Dense(10)(inputs))
        """)
    write(tmp_path, "keras/applications/__init__.py", "")
    (report,) = lint_paths([str(app)])
    (tiny,) = report.models
    assert (tiny.name, tiny.exact, tiny.total_params) == ("Tiny", True, 7850)
