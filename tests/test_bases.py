"""Bases nnlint cannot see make a model inexact, with the base and the line named.

A base from another package, an undefined one, a metaclass or class keyword nnlint does not
follow, a base an unknown decorator may have replaced, and __init_subclass__: any of these,
anywhere in the MRO, can add parameters (super().__init__() reaching a mixin, a metaclass's
__call__, __init_subclass__ wrapping __init__). The harmless standard-library bases stay
exact: tests/fixtures/torch/harmless_bases.py, counted by the oracle.
"""

from __future__ import annotations

import pytest

from nnlint.api import lint_source

HEADER = "import torch.nn as nn\nfrom somelib import Mixin, Meta, register\n\n"
BODY = """
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
"""

CASES = {
    "outside mixin first": ("class Net(Mixin, nn.Module):", "base class somelib.Mixin"),
    "outside mixin last": ("class Net(nn.Module, Mixin):", "base class somelib.Mixin"),
    "undefined base": ("class Net(Undefined, nn.Module):", "name Undefined is not defined"),
    "missing relative import": ("from .nowhere import Base\n\n\nclass Net(Base, nn.Module):",
                                "a base class of Net is"),
    "outside metaclass": ("class Net(nn.Module, metaclass=Meta):", "metaclass= of class Net"),
    "local metaclass": ("class M(type):\n    pass\n\n\nclass Net(nn.Module, metaclass=M):",
                        "metaclass= of class Net (M)"),
    "class keyword": ("class Net(nn.Module, flag=True):", "flag= of class Net"),
    "starred bases not known": ("class Net(nn.Module, *Mixin.bases):", "bases given with *"),
    "decorated base": ("@register\nclass Base(nn.Module):\n    pass\n\n\nclass Net(Base):",
                       "base class Base: decorator somelib.register"),
    "init_subclass": ("class Base(nn.Module):\n    def __init_subclass__(cls):\n        pass"
                      "\n\n\nclass Net(Base):", "Base.__init_subclass__ is not followed"),
    "keras": ("import keras\n\n\nclass Net(Mixin, keras.Model):", "base class somelib.Mixin"),
}


@pytest.mark.parametrize("head,reason", CASES.values(), ids=list(CASES))
def test_base_nnlint_cannot_see_makes_the_model_inexact(head, reason):
    body = BODY if "keras" not in head else """
    def __init__(self):
        super().__init__()
        self.fc = keras.layers.Dense(4)
"""
    source = HEADER + head + body
    report = lint_source(source.encode(), "net.py")
    net = {m.name: m for m in report.models}["Net"]
    assert not net.exact
    class_line = source.splitlines().index(head.splitlines()[-1]) + 1
    notes = [n for n in net.notes if reason in n.message]
    assert notes, [n.message for n in net.notes]
    assert notes[0].line == class_line


def test_outside_mixin_without_init_is_not_an_exact_zero():
    source = HEADER + "class Net(Mixin, nn.Module):\n    pass\n"
    net = lint_source(source.encode(), "net.py").models[0]
    assert not net.exact and "somelib.Mixin" in net.notes[0].message


def test_instance_built_at_module_level_is_inexact_too():
    source = HEADER + "class Net(nn.Module, Mixin):" + BODY + "\n\nnet = Net()\n"
    models = {m.name: m for m in lint_source(source.encode(), "net.py").models}
    assert not models["net"].exact
    assert any("somelib.Mixin" in n.message and n.line == len(source.splitlines())
               for n in models["net"].notes)
