"""Differential testing against the real frameworks: random but realistic model files,
counted by torch / Keras (../shared/oracle) and by nnlint; an exact but different number
is a bug.

    python benchmarks/differential.py --files 40 --models 30 --seed 1 [--jobs 2] [--keep DIR]

A seeded generator writes files of many models each (the oracle costs 1-3 s per file):
random layer kinds and sizes; every import spelling (torch.nn as nn, from torch import nn,
bare names, aliases; keras, tf.keras, tensorflow.keras, keras.layers names); every model
form (nn.Module classes with defaults and loops, ModuleList / ModuleDict / Sequential,
builder functions, module-level assignments, instances with arguments; Keras Sequential
with Input / input_shape / .add / build, functional models with residuals and branches,
subclassed models built or not); module constants, config dicts, arithmetic, loops,
comprehensions; frozen layers, tied and shared weights; lazy modules; and a few invalid
configurations the framework refuses. The oracle runs with the oracle venv's python
(`bash ../shared/oracle/setup.sh`); nnlint runs in-process. Each model is

    correct              nnlint exact, every number equal to the framework's (or, for
                         models the oracle calls indeterminate or whose constructor
                         raises, nnlint not exact)
    WRONG-count          nnlint exact and a number differs
    WRONG-indeterminate  nnlint exact where the oracle says no count exists yet
    WRONG-raises         nnlint exact for a model whose constructor raises
    unresolved           nnlint inexact or silent

The run prints the figures, lists every WRONG model with its file and line, keeps the
generated folder when anything is WRONG (always with --keep DIR), and exits 1 then.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORACLE = os.path.join(os.path.dirname(ROOT), "shared", "oracle", "oracle.py")
ORACLE_PY = os.path.join(os.environ.get("NNLINT_ORACLE_VENV",
                                        os.path.expanduser("~/.cache/nnlint-oracle")),
                         "bin", "python")

SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 32, 48, 50, 64, 96, 100, 128, 256]
ACTS_TORCH = ["ReLU()", "GELU()", "Tanh()", "Sigmoid()", "SiLU()", "LeakyReLU(0.1)",
              "ELU()", "Hardswish()", "Mish()", "Softplus()", "ReLU6()", "Identity()"]


# ========================================================================= helpers
class Source:
    """Lines of a generated file, with module constants and imported names."""

    def __init__(self, rng):
        self.rng = rng
        self.consts = []  # (name, value)
        self.imports = set()  # extra import lines
        self.lines = []
        self.count = 0

    def fresh(self, stem):
        self.count += 1
        return f"{stem}_{self.count}"

    def size(self, v, local=None):
        """Source text that evaluates to the int v: a literal, a constant, arithmetic."""
        r = self.rng.random()
        if local and r < 0.25:
            return local
        if r < 0.45:
            return str(v)
        if r < 0.65:
            name = self.fresh("DIM").upper()
            self.consts.append((name, str(v)))
            return name
        if r < 0.75 and v % 2 == 0 and v > 2:
            return f"{v // 2} * 2"
        if r < 0.82 and v > 3:
            return f"({v - 3} + 3)"
        if r < 0.88 and v & (v - 1) == 0 and v > 1:
            return f"2 ** {v.bit_length() - 1}"
        if r < 0.94:
            name = self.fresh("CFG").upper()
            self.consts.append((name, f"{{'width': {v}, 'depth': 2}}"))
            return f"{name}['width']"
        return f"int({v}.0)"


def pick(rng, items):
    return items[rng.randrange(len(items))]


def divisors(n):
    return [d for d in range(1, n + 1) if n % d == 0]


# ========================================================================== torch
class TorchNames:
    """One import spelling per file: how `Linear` and `Module` are written."""

    STYLES = ["nn", "from_torch", "torch_dot", "bare", "alias"]

    def __init__(self, rng):
        self.style = pick(rng, self.STYLES)
        self.used = set()

    def __call__(self, name):
        self.used.add(name)
        return {"nn": f"nn.{name}", "from_torch": f"nn.{name}", "torch_dot": f"torch.nn.{name}",
                "bare": name, "alias": f"tnn.{name}"}[self.style]

    def header(self):
        if self.style == "nn":
            return "import torch\nimport torch.nn as nn\n"
        if self.style == "from_torch":
            return "import torch\nfrom torch import nn\n"
        if self.style == "torch_dot":
            return "import torch\n"
        if self.style == "alias":
            return "import torch\nimport torch.nn as tnn\n"
        names = ", ".join(sorted(self.used))
        return f"import torch\nfrom torch.nn import {names}\n"


class TorchGen:
    def __init__(self, rng, src, names):
        self.rng, self.src, self.n = rng, src, names

    def act(self):
        name, args = pick(self.rng, ACTS_TORCH).split("(", 1)
        return f"{self.n(name)}({args}"

    # ---- one layer of a features (vector) chain: (code, out_features, is_invalid)
    def feature_layer(self, f):
        rng, n, s = self.rng, self.n, self.src
        k = rng.random()
        if k < 0.45:
            out = pick(rng, SIZES)
            bias = "" if rng.random() < 0.7 else f", bias={rng.random() < 0.5}"
            return f"{n('Linear')}({s.size(f)}, {s.size(out)}{bias})", out
        if k < 0.55:
            return self.act(), f
        if k < 0.62:
            return f"{n('Dropout')}({pick(rng, ['', '0.1', 'p=0.5'])})", f
        if k < 0.70:
            aff = pick(rng, ["", ", elementwise_affine=False", ", bias=False", ", eps=1e-6"])
            return f"{n('LayerNorm')}({s.size(f)}{aff})", f
        if k < 0.78:
            opt = pick(rng, ["", ", affine=False", ", track_running_stats=False",
                             ", momentum=0.01"])
            return f"{n('BatchNorm1d')}({s.size(f)}{opt})", f
        if k < 0.83:
            return f"{n('PReLU')}({pick(rng, ['', s.size(f), 'num_parameters=1'])})", f
        if k < 0.87:
            return f"{n('RMSNorm')}({s.size(f)})", f
        if k < 0.92:
            out = pick(rng, SIZES)
            return f"{n('Bilinear')}({s.size(f)}, {s.size(f)}, {s.size(out)})", out
        if k < 0.96:
            return f"{n('GLU')}()", f // 2 if f % 2 == 0 else f
        return f"{n('Identity')}()", f

    # ---- one layer of a convolution chain over `dims` spatial dims: (code, channels)
    def conv_layer(self, c, dims):
        rng, n, s = self.rng, self.n, self.src
        k = rng.random()
        if k < 0.35:
            out = pick(rng, [4, 8, 12, 16, 24, 32, 64])
            kernel = pick(rng, [1, 3, 5, "(3, 1)" if dims == 2 else 3])
            groups = pick(rng, [g for g in divisors(c) if out % g == 0]) \
                if rng.random() < 0.2 else 1
            args = [s.size(c), s.size(out), str(kernel)]
            if rng.random() < 0.4:
                args.append(f"stride={pick(rng, [1, 2])}")
            if rng.random() < 0.4:
                args.append(f"padding={pick(rng, [0, 1, 2])}")
            if rng.random() < 0.15:
                args.append(f"dilation={pick(rng, [1, 2])}")
            if groups > 1:
                args.append(f"groups={groups}")
            if rng.random() < 0.3:
                args.append(f"bias={rng.random() < 0.5}")
            if rng.random() < 0.1:
                args.append(f"padding_mode={pick(rng, [repr('reflect'), repr('circular')])}")
                if "padding=" not in " ".join(args):
                    args.append("padding=1")
            return f"{n(f'Conv{dims}d')}({', '.join(args)})", out
        if k < 0.45:
            out = pick(rng, [4, 8, 16, 32])
            stride = pick(rng, [1, 2])
            args = [s.size(c), s.size(out), str(pick(rng, [2, 3, 4])), f"stride={stride}"]
            if stride == 2 and rng.random() < 0.3:
                args.append("output_padding=1")
            if rng.random() < 0.3:
                args.append(f"bias={rng.random() < 0.5}")
            return f"{n(f'ConvTranspose{dims}d')}({', '.join(args)})", out
        if k < 0.57:
            opt = pick(rng, ["", ", affine=False", ", track_running_stats=False", ", eps=1e-3"])
            return f"{n(f'BatchNorm{dims}d')}({s.size(c)}{opt})", c
        if k < 0.63:
            g = pick(rng, divisors(c))
            opt = pick(rng, ["", ", affine=False"])
            return f"{n('GroupNorm')}({g}, {s.size(c)}{opt})", c
        if k < 0.67:
            opt = pick(rng, ["", ", affine=True", ", affine=True, track_running_stats=True"])
            return f"{n(f'InstanceNorm{dims}d')}({s.size(c)}{opt})", c
        if k < 0.80:
            return self.act(), c
        if k < 0.88:
            pool = pick(rng, ["MaxPool", "AvgPool"])
            return f"{n(f'{pool}{dims}d')}({pick(rng, [2, 3])})", c
        if k < 0.93:
            return f"{n(f'Dropout{dims}d' if dims > 1 else 'Dropout')}(0.1)", c
        return f"{n(f'AdaptiveAvgPool{dims}d')}({pick(rng, [1, 2])})", c

    def recurrent(self, f):
        rng, n, s = self.rng, self.n, self.src
        kind = pick(rng, ["LSTM", "GRU", "RNN"])
        hidden = pick(rng, [8, 16, 20, 32, 64])
        args = [s.size(f), s.size(hidden)]
        layers = pick(rng, [1, 1, 2, 3])
        if layers > 1:
            args.append(f"num_layers={layers}")
        bi = rng.random() < 0.3
        if bi:
            args.append("bidirectional=True")
        if rng.random() < 0.5:
            args.append("batch_first=True")
        if rng.random() < 0.2:
            args.append("bias=False")
        out = hidden
        if kind == "LSTM" and rng.random() < 0.2:
            proj = pick(rng, [d for d in [2, 4, 8] if d < hidden])
            args.append(f"proj_size={proj}")
            out = proj
        if kind == "RNN" and rng.random() < 0.3:
            args.append("nonlinearity='relu'")
        return f"{n(kind)}({', '.join(args)})", out * (2 if bi else 1)

    def attention(self, d):
        rng, n, s = self.rng, self.n, self.src
        heads = pick(rng, divisors(d))
        if rng.random() < 0.5:
            opt = pick(rng, ["", ", bias=False", ", add_bias_kv=True", ", batch_first=True",
                             f", kdim={pick(rng, SIZES)}, vdim={pick(rng, SIZES)}"])
            return f"{n('MultiheadAttention')}({s.size(d)}, {heads}{opt})", d
        ff = pick(rng, [16, 32, 64, 128])
        opt = pick(rng, ["", ", batch_first=True", ", norm_first=True", ", bias=False",
                         ", activation='gelu'"])
        kind = pick(rng, ["TransformerEncoderLayer", "TransformerDecoderLayer"])
        return f"{n(kind)}({s.size(d)}, {heads}, dim_feedforward={ff}{opt})", d

    def embedding(self):
        rng, n, s = self.rng, self.n, self.src
        v, d = pick(rng, [10, 50, 100, 1000]), pick(rng, [8, 16, 32, 64])
        opt = pick(rng, ["", ", padding_idx=0", ", max_norm=1.0", ", sparse=False"])
        kind = "Embedding" if rng.random() < 0.85 else "EmbeddingBag"
        return f"{n(kind)}({s.size(v)}, {s.size(d)}{opt})", d

    def chain(self, length, start=None):
        """A list of layer expressions that fit one after the other; (codes, out)."""
        rng = self.rng
        codes = []
        if start is None and rng.random() < 0.25:
            code, f = self.embedding()
            codes.append(code)
        elif start is None and rng.random() < 0.35:
            dims = pick(rng, [1, 2, 2, 2, 3])
            c = pick(rng, [1, 3, 4, 8])
            for _ in range(max(1, length - 2)):
                code, c = self.conv_layer(c, dims)
                codes.append(code)
            codes.append(f"{self.n(f'AdaptiveAvgPool{dims}d')}(1)")
            codes.append(f"{self.n('Flatten')}()")
            f = c
        else:
            f = start or pick(rng, SIZES)
        while len(codes) < length:
            r = rng.random()
            if r < 0.08:
                code, f = self.recurrent(f)
            elif r < 0.14:
                code, f = self.attention(f)
            else:
                code, f = self.feature_layer(f)
            codes.append(code)
        return codes, f

    def invalid_layer(self):
        """A constructor the framework refuses: nnlint must not call it exact."""
        rng, n = self.rng, self.n
        return pick(rng, [
            f"{n('Conv2d')}(3, 16, 3, groups=2)",
            f"{n('Conv2d')}(4, 6, 3, groups=4)",
            f"{n('MultiheadAttention')}(10, 3)",
            f"{n('Linear')}(10, -5)",
            f"{n('GroupNorm')}(3, 16)",
            f"{n('LSTM')}(8, 16, proj_size=16)",
            f"{n('TransformerEncoderLayer')}(30, 7)",
            f"{n('Embedding')}(10, 4, padding_idx=12)",
        ])

    # ------------------------------------------------------------ model forms
    def model(self, idx, rng_form=None):
        """Source lines of one model (or two), in one of the forms."""
        rng = self.rng
        form = rng_form or pick(rng, ["class", "class", "class_loop", "sequential",
                                      "builder", "builder_loop", "instance", "moduledict",
                                      "params", "tied", "lazy", "invalid", "block", "inherit",
                                      "dataclass", "partial", "while", "shared", "wrapped",
                                      "wrapped", "semantics", "semantics", "semantics",
                                      "more_layers", "more_layers"])
        return getattr(self, f"form_{form}")(idx)

    def _freeze(self, target, indent, has_weight=False):
        rng = self.rng
        forms = [f"{indent}for p in {target}.parameters():\n{indent}    p.requires_grad = False\n",
                 f"{indent}{target}.requires_grad_(False)\n"]
        if has_weight:
            forms.append(f"{indent}{target}.weight.requires_grad = False\n")
        return pick(rng, forms)

    def form_class(self, idx):
        rng, n, s = self.rng, self.n, self.src
        name = f"Net{idx}"
        hidden = pick(rng, SIZES)
        codes, f = self.chain(rng.randint(1, 5))
        lines = [f"class {name}({n('Module')}):",
                 f"    def __init__(self, hidden={s.size(hidden)}):",
                 "        super().__init__()"]
        attrs = []
        for i, code in enumerate(codes):
            attrs.append(f"l{i}")
            lines.append(f"        self.l{i} = {code}")
        if rng.random() < 0.5:
            lines.append(f"        self.head = {n('Linear')}({s.size(f)}, hidden)")
            attrs.append("head")
        frozen = ""
        if rng.random() < 0.25 and attrs:
            target = pick(rng, attrs)
            frozen = self._freeze(f"self.{target}", "        ", has_weight=target == "head")
        if rng.random() < 0.2 and attrs:
            lines.append(f"        self.again = self.{pick(rng, attrs)}")
        body = "\n".join(lines) + "\n" + frozen
        body += "\n    def forward(self, x):\n        return x\n"
        return body

    def form_class_loop(self, idx):
        rng, n, s = self.rng, self.n, self.src
        name = f"LoopNet{idx}"
        width, depth = pick(rng, SIZES), rng.randint(1, 6)
        container = pick(rng, ["ModuleList", "Sequential", "list"])
        act = self.act()
        lines = [f"class {name}({n('Module')}):",
                 f"    def __init__(self, width={s.size(width)}, depth={depth}):",
                 "        super().__init__()"]
        if container == "ModuleList":
            lines.append(f"        self.blocks = {n('ModuleList')}()")
            lines.append("        for i in range(depth):")
            lines.append(f"            self.blocks.append({n('Linear')}(width, width))")
        elif container == "Sequential":
            lines.append("        layers = []")
            lines.append("        for i in range(depth):")
            lines.append(f"            layers += [{n('Linear')}(width, width), {act}]")
            lines.append(f"        self.body = {n('Sequential')}(*layers)")
        else:
            dims = [pick(rng, SIZES) for _ in range(depth + 1)]
            self.src.consts.append((f"DIMS_{idx}", repr(dims)))
            lines.append(f"        self.layers = {n('ModuleList')}(")
            lines.append(f"            [{n('Linear')}(a, b) for a, b in zip(DIMS_{idx}[:-1], "
                         f"DIMS_{idx}[1:])])")
        if rng.random() < 0.3:
            lines.append(f"        self.norm = {n('LayerNorm')}(width)")
        return "\n".join(lines) + "\n"

    def form_sequential(self, idx):
        rng, n = self.rng, self.n
        codes, f = self.chain(rng.randint(1, 6))
        name = f"seq_{idx}"
        if rng.random() < 0.2:
            items = ", ".join(f"('l{i}', {c})" for i, c in enumerate(codes))
            return (f"from collections import OrderedDict\n\n"
                    f"{name} = {n('Sequential')}(OrderedDict([{items}]))\n")
        text = f"{name} = {n('Sequential')}(\n    " + ",\n    ".join(codes) + ",\n)\n"
        r = rng.random()
        if r < 0.2:
            text += f"{name}.add_module('extra', {n('Linear')}({f}, {pick(rng, SIZES)}))\n"
        elif r < 0.35:
            text += f"{name}.append({n('Linear')}({f}, {pick(rng, SIZES)}))\n"
        elif r < 0.45:
            text += self._freeze(f"{name}[0]", "", has_weight="Linear(" in codes[0])
        return text

    def form_builder(self, idx):
        rng, n = self.rng, self.n
        codes, f = self.chain(rng.randint(1, 5))
        name = f"build_{idx}"
        lines = [f"def {name}():", f"    model = {n('Sequential')}("]
        lines += [f"        {c}," for c in codes]
        lines.append("    )")
        if rng.random() < 0.3:
            lines.append(self._freeze("model", "    ").rstrip("\n"))
        lines.append("    return model")
        return "\n".join(lines) + "\n"

    def form_builder_loop(self, idx):
        rng, n = self.rng, self.n
        name = f"make_mlp_{idx}"
        sizes = [pick(rng, SIZES) for _ in range(rng.randint(2, 5))]
        lines = [f"def {name}(sizes={sizes!r}, dropout={pick(rng, [0.0, 0.1])}):",
                 "    layers = []",
                 "    for i in range(len(sizes) - 1):",
                 f"        layers.append({n('Linear')}(sizes[i], sizes[i + 1]))",
                 "        if i < len(sizes) - 2:",
                 f"            layers.append({self.act()})",
                 "            if dropout:",
                 f"                layers.append({n('Dropout')}(dropout))",
                 f"    return {n('Sequential')}(*layers)"]
        text = "\n".join(lines) + "\n"
        if rng.random() < 0.4:
            other = [pick(rng, SIZES) for _ in range(rng.randint(2, 4))]
            text += f"mlp_{idx} = {name}({other!r})\n"
        return text

    def form_instance(self, idx):
        rng, n, s = self.rng, self.n, self.src
        name = f"Block{idx}"
        a, b = pick(rng, SIZES), pick(rng, SIZES)
        text = (f"class {name}({n('Module')}):\n"
                f"    def __init__(self, cin, cout, expand={pick(rng, [1, 2, 4])}):\n"
                "        super().__init__()\n"
                f"        self.fc1 = {n('Linear')}(cin, cout * expand)\n"
                f"        self.fc2 = {n('Linear')}(cout * expand, cout)\n"
                f"        self.norm = {n('LayerNorm')}(cout)\n\n")
        text += f"block_{idx} = {name}({s.size(a)}, {s.size(b)})\n"
        if rng.random() < 0.5:
            text += f"wide_{idx} = {name}({s.size(a)}, cout={s.size(b)}, expand=3)\n"
        return text

    def form_block(self, idx):
        """A block class with required arguments (not a model) used by a model class."""
        rng, n, s = self.rng, self.n, self.src
        depth = rng.randint(1, 4)
        ch = pick(rng, [8, 16, 32])
        text = (f"class Res{idx}({n('Module')}):\n"
                "    def __init__(self, ch):\n"
                "        super().__init__()\n"
                f"        self.conv = {n('Conv2d')}(ch, ch, 3, padding=1, bias=False)\n"
                f"        self.bn = {n('BatchNorm2d')}(ch)\n\n"
                "    def forward(self, x):\n"
                "        return x + self.bn(self.conv(x))\n\n\n"
                f"class ResNet{idx}({n('Module')}):\n"
                f"    def __init__(self, ch={s.size(ch)}, depth={depth}, classes=10):\n"
                "        super().__init__()\n"
                f"        self.stem = {n('Conv2d')}(3, ch, 3, padding=1)\n"
                f"        self.blocks = {n('Sequential')}(*[Res{idx}(ch) for _ in range(depth)])\n"
                f"        self.fc = {n('Linear')}(ch, classes)\n")
        return text

    def form_moduledict(self, idx):
        rng, n, s = self.rng, self.n, self.src
        keys = rng.sample(["enc", "dec", "head", "proj", "gate"], rng.randint(1, 4))
        items = ", ".join(f"{k!r}: {n('Linear')}({s.size(pick(rng, SIZES))}, "
                          f"{s.size(pick(rng, SIZES))})" for k in keys)
        return f"heads_{idx} = {n('ModuleDict')}({{{items}}})\n"

    def form_params(self, idx):
        rng, n, s = self.rng, self.n, self.src
        a, b = pick(rng, SIZES), pick(rng, SIZES)
        grad = pick(rng, ["", ", requires_grad=False"])
        factory = pick(rng, ["torch.zeros", "torch.randn", "torch.ones", "torch.empty"])
        text = (f"class Scale{idx}({n('Module')}):\n"
                "    def __init__(self):\n"
                "        super().__init__()\n"
                f"        self.weight = {n('Parameter')}("
                f"{factory}({s.size(a)}, {s.size(b)}){grad})\n"
                f"        self.register_buffer('running', torch.zeros({a}))\n")
        if rng.random() < 0.5:
            text += f"        self.bias = {n('Parameter')}(torch.zeros({b}))\n"
        if rng.random() < 0.3:
            text += (f"        self.plist = {n('ParameterList')}("
                     f"[{n('Parameter')}(torch.ones(3)) for _ in range({rng.randint(1, 4)})])\n")
        return text

    def form_tied(self, idx):
        rng, n, s = self.rng, self.n, self.src
        v, d = pick(rng, [50, 100, 1000]), pick(rng, [16, 32, 64])
        bias = rng.random() < 0.5
        return (f"class Tied{idx}({n('Module')}):\n"
                f"    def __init__(self, vocab={s.size(v)}, dim={s.size(d)}):\n"
                "        super().__init__()\n"
                f"        self.emb = {n('Embedding')}(vocab, dim)\n"
                f"        self.mix = {n('Linear')}(dim, dim)\n"
                f"        self.out = {n('Linear')}(dim, vocab, bias={bias})\n"
                "        self.out.weight = self.emb.weight\n")

    def form_lazy(self, idx):
        n = self.n
        return (f"lazy_{idx} = {n('Sequential')}({n('LazyLinear')}({pick(self.rng, SIZES)}), "
                f"{n('ReLU')}(), {n('Linear')}(8, 2))\n")

    def form_inherit(self, idx):
        rng, n, s = self.rng, self.n, self.src
        a, b = pick(rng, SIZES), pick(rng, SIZES)
        extra = pick(rng, [f"        self.extra = {n('Linear')}(hidden, {pick(rng, SIZES)})\n",
                           f"        self.norm = {n('LayerNorm')}(hidden)\n",
                           "        self.fc = None\n",
                           f"        self.fc = {n('Linear')}(hidden, 1)\n"])
        return (f"class Base{idx}({n('Module')}):\n"
                f"    def __init__(self, hidden={s.size(a)}):\n"
                "        super().__init__()\n"
                f"        self.fc = {n('Linear')}({s.size(b)}, hidden)\n\n\n"
                f"class Child{idx}(Base{idx}):\n"
                f"    def __init__(self, hidden={s.size(pick(rng, SIZES))}):\n"
                "        super().__init__(hidden)\n" + extra)

    def form_dataclass(self, idx):
        rng, n = self.rng, self.n
        dim, depth, vocab = pick(rng, [16, 32, 64]), rng.randint(1, 3), pick(rng, [100, 500])
        heads = pick(rng, divisors(dim))
        self.src.imports.add("from dataclasses import dataclass")
        return (f"@dataclass\nclass Config{idx}:\n    dim: int = {dim}\n    depth: int = {depth}\n"
                f"    vocab: int = {vocab}\n    heads: int = {heads}\n    tie: bool = "
                f"{rng.random() < 0.5}\n\n\n"
                f"class Decoder{idx}({n('Module')}):\n"
                f"    def __init__(self, cfg=Config{idx}()):\n"
                "        super().__init__()\n"
                f"        self.tok = {n('Embedding')}(cfg.vocab, cfg.dim)\n"
                f"        self.blocks = {n('ModuleList')}([{n('TransformerEncoderLayer')}("
                "cfg.dim, cfg.heads, 4 * cfg.dim, batch_first=True) for _ in range(cfg.depth)])\n"
                f"        self.ln = {n('LayerNorm')}(cfg.dim)\n"
                f"        self.head = {n('Linear')}(cfg.dim, cfg.vocab, bias=False)\n"
                "        if cfg.tie:\n"
                "            self.head.weight = self.tok.weight\n")

    def form_partial(self, idx):
        rng, n = self.rng, self.n
        self.src.imports.add("from functools import partial")
        eps = pick(rng, ["1e-6", "1e-5"])
        width = pick(rng, SIZES)
        return (f"Norm{idx} = partial({n('LayerNorm')}, eps={eps})\n"
                f"ACTS_{idx} = {{'relu': {n('ReLU')}, 'gelu': {n('GELU')}, "
                f"'tanh': {n('Tanh')}}}\n\n\n"
                f"def mixer_{idx}(width={width}, act={pick(rng, ['relu', 'gelu', 'tanh'])!r}, "
                f"norm=Norm{idx}):\n"
                f"    return {n('Sequential')}(norm(width), {n('Linear')}(width, 2 * width), "
                f"ACTS_{idx}[act](), {n('Linear')}(2 * width, width))\n")

    def form_while(self, idx):
        rng, n = self.rng, self.n
        start = pick(rng, [64, 128, 256, 512])
        stop = pick(rng, [4, 8, 16])
        use_bn = rng.random() < 0.5
        self.src.consts.append((f"USE_BN_{idx}", str(use_bn)))
        return (f"class Funnel{idx}({n('Module')}):\n"
                "    def __init__(self):\n"
                "        super().__init__()\n"
                "        layers = []\n"
                f"        d = {start}\n"
                f"        while d > {stop}:\n"
                f"            layers.append({n('Linear')}(d, d // 2))\n"
                f"            if USE_BN_{idx}:\n"
                f"                layers.append({n('BatchNorm1d')}(d // 2))\n"
                "            d //= 2\n"
                f"        self.net = {n('Sequential')}(*layers)\n")

    def form_shared(self, idx):
        rng, n = self.rng, self.n
        w = pick(rng, SIZES)
        kind = pick(rng, ["repeat", "deepcopy", "list_mul", "getattr"])
        if kind == "repeat":
            return (f"layer_{idx} = {n('Linear')}({w}, {w})\n"
                    f"shared_{idx} = {n('Sequential')}(layer_{idx}, {self.act()}, layer_{idx})\n")
        if kind == "deepcopy":
            self.src.imports.add("import copy")
            return (f"proto_{idx} = {n('Linear')}({w}, {w})\n"
                    f"clones_{idx} = {n('ModuleList')}([copy.deepcopy(proto_{idx}) "
                    f"for _ in range({rng.randint(1, 4)})])\n")
        if kind == "list_mul":
            return (f"rep_{idx} = {n('ModuleList')}([{n('Linear')}({w}, {w})] * "
                    f"{rng.randint(1, 4)})\n")
        self.src.imports.add("import torch.nn")
        act = pick(rng, ["ReLU", "GELU", "Tanh"])
        return (f"dyn_{idx} = torch.nn.Sequential(getattr(torch.nn, 'Linear')({w}, {w}), "
                f"getattr(torch.nn, {act!r})())\n")

    def form_wrapped(self, idx):
        rng, n = self.rng, self.n
        a, b = pick(rng, SIZES), pick(rng, SIZES)
        how = pick(rng, ["weight_norm", "spectral_norm", "old_weight_norm", "slice", "extend",
                         "register", "init", "encoder", "transformer", "cells", "tuple"])
        if how == "weight_norm":
            return (f"wn_{idx} = torch.nn.utils.parametrizations.weight_norm("
                    f"{n('Linear')}({a}, {b}))\n")
        if how == "spectral_norm":
            return (f"sn_{idx} = torch.nn.utils.parametrizations.spectral_norm("
                    f"{n('Linear')}({a}, {b}))\n")
        if how == "old_weight_norm":
            return f"own_{idx} = torch.nn.utils.weight_norm({n('Conv1d')}({a}, {b}, 3))\n"
        if how == "slice":
            codes, _ = self.chain(rng.randint(2, 5))
            return (f"full_{idx} = {n('Sequential')}(" + ", ".join(codes) + ")\n"
                    f"trunk_{idx} = full_{idx}[:{pick(rng, [1, -1, 2])}]\n")
        if how == "extend":
            return (f"ml_{idx} = {n('ModuleList')}([{n('Linear')}({a}, {a})])\n"
                    f"ml_{idx}.extend([{n('Linear')}({a}, {b}), {n('ReLU')}()])\n"
                    f"ml_{idx}.insert(0, {n('Linear')}({b}, {a}))\n")
        if how == "register":
            return (f"class Gate{idx}({n('Module')}):\n    def __init__(self):\n"
                    "        super().__init__()\n"
                    f"        self.register_parameter('alpha', {n('Parameter')}(torch.ones({a})))\n"
                    f"        self.add_module('proj', {n('Linear')}({a}, {b}))\n"
                    f"        setattr(self, 'gate', {n('Linear')}({b}, 1))\n")
        if how == "init":
            return (f"init_{idx} = {n('Linear')}({a}, {b})\n"
                    f"torch.nn.init.xavier_uniform_(init_{idx}.weight)\n"
                    f"torch.nn.init.zeros_(init_{idx}.bias)\n"
                    f"init_{idx} = init_{idx}.to('cpu').float().eval()\n")
        d = pick(rng, [16, 32])
        heads = pick(rng, divisors(d))
        if how == "encoder":
            norm = pick(rng, ["", f", norm={n('LayerNorm')}({d})"])
            return (f"enc_layer_{idx} = {n('TransformerEncoderLayer')}({d}, {heads}, "
                    f"dim_feedforward={2 * d})\n"
                    f"encoder_{idx} = {n('TransformerEncoder')}(enc_layer_{idx}, "
                    f"num_layers={rng.randint(1, 3)}{norm})\n")
        if how == "transformer":
            return (f"tr_{idx} = {n('Transformer')}(d_model={d}, nhead={heads}, "
                    f"num_encoder_layers={rng.randint(1, 2)}, num_decoder_layers="
                    f"{rng.randint(1, 2)}, dim_feedforward={2 * d})\n")
        if how == "cells":
            kind = pick(rng, ["LSTMCell", "GRUCell", "RNNCell"])
            return f"cell_{idx} = {n(kind)}({a}, {b}, bias={rng.random() < 0.7})\n"
        return (f"enc_{idx}, dec_{idx} = {n('Linear')}({a}, {b}), {n('Linear')}({b}, {a})\n")

    def form_semantics(self, idx):
        """Python semantics an evaluator can get wrong: late binding, shared defaults,
        class attributes, globals, deletion, attribute reads, generators, recursion,
        properties and class methods, failed optional imports, star arguments."""
        rng, n = self.rng, self.n
        a, b = pick(rng, SIZES), pick(rng, SIZES)
        L = n("Linear")
        how = pick(rng, ["late_binding", "mutable_default", "class_registry", "global",
                         "delete", "replace", "attr_read", "generator", "recursion",
                         "methods", "optional_import", "star_args", "setitem", "iadd",
                         "super_forms", "closure", "comprehension_dict", "sorted_zip"])
        if how == "late_binding":
            return (f"def late_{idx}():\n"
                    f"    makers = [lambda: {L}(i + 1, {b}) for i in range({rng.randint(1, 4)})]\n"
                    f"    return {n('Sequential')}(*[m() for m in makers])\n")
        if how == "mutable_default":
            return (f"def collect_{idx}(width, acc=[]):\n"
                    f"    acc.append({L}(width, width))\n"
                    "    return acc\n\n\n"
                    f"collect_{idx}({a})\n"
                    f"pile_{idx} = {n('Sequential')}(*collect_{idx}({b}))\n")
        if how == "class_registry":
            return (f"class Reg{idx}({n('Module')}):\n"
                    "    seen = []\n\n"
                    f"    def __init__(self, w={pick(rng, [2, 4, 8])}):\n"
                    "        super().__init__()\n"
                    f"        Reg{idx}.seen.append(w)\n"
                    f"        self.fc = {L}(w * len(Reg{idx}.seen), 2)\n\n\n"
                    f"first_{idx} = Reg{idx}()\n"
                    f"second_{idx} = Reg{idx}({pick(rng, [1, 3])})\n")
        if how == "global":
            return (f"WIDTH_{idx} = {a}\n\n\n"
                    f"def widen_{idx}():\n"
                    f"    global WIDTH_{idx}\n"
                    f"    WIDTH_{idx} = WIDTH_{idx} * 2\n\n\n"
                    f"widen_{idx}()\n"
                    f"wide_net_{idx} = {L}(WIDTH_{idx}, {b})\n\n\n"
                    f"class UsesGlobal{idx}({n('Module')}):\n"
                    "    def __init__(self):\n"
                    "        super().__init__()\n"
                    f"        self.fc = {L}(WIDTH_{idx}, 1)\n")
        if how == "delete":
            gone = pick(rng, ["del self.b", "self.b = None", "delattr(self, 'b')"])
            return (f"class Prune{idx}({n('Module')}):\n"
                    "    def __init__(self):\n"
                    "        super().__init__()\n"
                    f"        self.a = {L}({a}, {b})\n"
                    f"        self.b = {L}({b}, {a})\n"
                    f"        {gone}\n")
        if how == "replace":
            return (f"class Swap{idx}({n('Module')}):\n"
                    "    def __init__(self):\n"
                    "        super().__init__()\n"
                    f"        self.a = {L}({a}, {b})\n"
                    f"        self.a = {L}({b}, {a}, bias=False)\n"
                    f"        self.head = self.a\n")
        if how == "attr_read":
            return (f"base_{idx} = {L}({a}, {b})\n"
                    f"head_{idx} = {L}(base_{idx}.out_features, base_{idx}.in_features)\n"
                    f"shape_{idx} = {L}(base_{idx}.weight.shape[1], "
                    f"base_{idx}.weight.numel() % 7 + 1)\n")
        if how == "generator":
            return (f"def blocks_{idx}(k):\n"
                    "    for i in range(k):\n"
                    f"        yield {L}({a}, {a})\n"
                    f"        yield {self.act()}\n\n\n"
                    f"gen_{idx} = {n('Sequential')}(*blocks_{idx}({rng.randint(1, 3)}))\n")
        if how == "recursion":
            return (f"def tree_{idx}(depth={rng.randint(1, 3)}):\n"
                    "    if depth == 0:\n"
                    f"        return {L}({a}, {a})\n"
                    f"    return {n('Sequential')}(tree_{idx}(depth - 1), tree_{idx}(depth - 1))\n")
        if how == "methods":
            return (f"class Conf{idx}({n('Module')}):\n"
                    f"    scale = {pick(rng, [1, 2, 3])}\n\n"
                    f"    def __init__(self, base={pick(rng, [2, 4, 8])}):\n"
                    "        super().__init__()\n"
                    "        self.fc = " + L + "(self.widen(base), self.size)\n\n"
                    "    @staticmethod\n    def widen(b):\n        return b * 3\n\n"
                    "    @property\n    def size(self):\n        return 4 * self.scale\n\n"
                    "    @classmethod\n    def small(cls):\n        return cls(1)\n\n\n"
                    f"small_{idx} = Conf{idx}.small()\n")
        if how == "optional_import":
            mod = pick(rng, ["apex", "flash_attn", "xformers", "bitsandbytes"])
            return (f"try:\n    import {mod}  # not installed\n    FAST_{idx} = {a}\n"
                    f"except ImportError:\n    FAST_{idx} = {b}\n"
                    f"opt_{idx} = {L}(FAST_{idx}, 2)\n")
        if how == "star_args":
            return (f"DIMS_{idx} = ({a}, {b})\n"
                    f"star_{idx} = {L}(*DIMS_{idx})\n"
                    f"kw_{idx} = {L}(**{{'in_features': {b}, 'out_features': {a}, "
                    f"'bias': {rng.random() < 0.5}}})\n")
        if how == "setitem":
            return (f"edit_{idx} = {n('Sequential')}({L}({a}, {b}), {self.act()}, {L}({b}, 2))\n"
                    f"edit_{idx}[0] = {L}({a}, {b}, bias=False)\n")
        if how == "iadd":
            return (f"grow_{idx} = {n('ModuleList')}()\n"
                    f"for w in [{a}, {b}]:\n"
                    f"    grow_{idx} += [{L}(w, w)]\n")
        if how == "super_forms":
            call = pick(rng, [f"super(Old{idx}, self).__init__()",
                              f"{n('Module')}.__init__(self)"])
            return (f"class Old{idx}({n('Module')}):\n"
                    "    def __init__(self):\n"
                    f"        {call}\n"
                    f"        self.fc = {L}({a}, {b})\n")
        if how == "closure":
            return (f"def factory_{idx}(width):\n"
                    "    def make(out):\n"
                    f"        return {L}(width, out)\n"
                    "    return make\n\n\n"
                    f"closure_{idx} = {n('Sequential')}(factory_{idx}({a})({b}), "
                    f"factory_{idx}({b})(1))\n")
        if how == "comprehension_dict":
            k = rng.randint(1, 4)
            return (f"named_{idx} = {n('ModuleDict')}({{f'layer{{i}}': {L}({a} + i, {b}) "
                    f"for i in range({k}) if i % 2 == 0}})\n")
        widths = [pick(rng, SIZES) for _ in range(rng.randint(2, 5))]
        return (f"WIDTHS_{idx} = {widths!r}\n"
                f"sorted_{idx} = {n('Sequential')}(*[{L}(x, y) for x, y in "
                f"zip(sorted(WIDTHS_{idx}), sorted(WIDTHS_{idx}, reverse=True))])\n")

    def form_more_layers(self, idx):
        """Layers with unusual parameters: pretrained embeddings, pruning, dicts, adaptive
        softmax, grouped transposed convolutions, lazy convolutions, parameter dicts."""
        rng, n = self.rng, self.n
        a, b = pick(rng, SIZES), pick(rng, [8, 16, 32])
        how = pick(rng, ["pretrained", "prune", "paramdict", "adaptive", "tconv", "lazyconv",
                         "syncbn", "bag", "lstm_proj", "misc"])
        if how == "pretrained":
            freeze = pick(rng, ["", ", freeze=False", ", freeze=True"])
            return (f"pre_{idx} = {n('Embedding')}.from_pretrained("
                    f"torch.randn({a}, {b}){freeze})\n")
        if how == "prune":
            self.src.imports.add("import torch.nn.utils.prune")
            return (f"pruned_{idx} = {n('Linear')}({a}, {b})\n"
                    f"torch.nn.utils.prune.l1_unstructured(pruned_{idx}, name='weight', "
                    "amount=0.5)\n")
        if how == "paramdict":
            return (f"class PD{idx}({n('Module')}):\n    def __init__(self):\n"
                    "        super().__init__()\n"
                    f"        self.p = {n('ParameterDict')}("
                    f"{{'a': {n('Parameter')}(torch.zeros({a})), "
                    f"'b': {n('Parameter')}(torch.zeros({b}, 2), requires_grad=False)}})\n")
        if how == "adaptive":
            cut = sorted(rng.sample(range(2, 40), 2))
            return (f"class AS{idx}({n('Module')}):\n    def __init__(self):\n"
                    "        super().__init__()\n"
                    f"        self.out = {n('AdaptiveLogSoftmaxWithLoss')}({b}, 50, {cut!r}, "
                    f"div_value={pick(rng, [2.0, 4.0])}, head_bias={rng.random() < 0.5})\n")
        if how == "tconv":
            g = pick(rng, [1, 2, 4])
            return (f"tconv_{idx} = {n('ConvTranspose2d')}({4 * g}, {2 * g}, 3, stride=2, "
                    f"groups={g}, dilation={pick(rng, [1, 2])}, bias={rng.random() < 0.5})\n")
        if how == "lazyconv":
            return (f"lazyconv_{idx} = {n('Sequential')}({n('LazyConv2d')}(8, 3), "
                    f"{n('LazyBatchNorm2d')}())\n")
        if how == "syncbn":
            return (f"norms_{idx} = {n('Sequential')}({n('SyncBatchNorm')}({b}), "
                    f"{n('LocalResponseNorm')}(2), {n('GroupNorm')}(1, {b}))\n")
        if how == "bag":
            mode = pick(rng, ['sum', 'max'])
            return (f"bag_{idx} = {n('EmbeddingBag')}({a}, {b}, mode={mode!r}, "
                    f"include_last_offset={rng.random() < 0.5})\n")
        if how == "lstm_proj":
            return (f"proj_{idx} = {n('LSTM')}({a}, {b}, num_layers={rng.randint(1, 3)}, "
                    f"proj_size={b // 2}, bidirectional={rng.random() < 0.5})\n")
        return (f"misc_{idx} = {n('Sequential')}({n('Conv2d')}(4, 8, 3), "
                f"{n('PixelShuffle')}(2), {n('Upsample')}(scale_factor=2), "
                f"{n('ChannelShuffle')}(2), {n('Unfold')}(2), {n('Flatten')}(), "
                f"{n('Unflatten')}(1, (2, -1)))\n")

    def form_invalid(self, idx):
        n = self.n
        return (f"class Broken{idx}({n('Module')}):\n"
                "    def __init__(self):\n"
                "        super().__init__()\n"
                f"        self.ok = {n('Linear')}(4, 4)\n"
                f"        self.bad = {self.invalid_layer()}\n")


# ========================================================================== keras
class KerasNames:
    STYLES = ["keras", "tf", "tf_from", "tfk_layers", "bare"]

    def __init__(self, rng):
        self.style = pick(rng, self.STYLES)
        self.used = set()

    def layer(self, name):
        self.used.add(name)
        return {"keras": f"layers.{name}", "tf": f"tf.keras.layers.{name}",
                "tf_from": f"keras.layers.{name}", "tfk_layers": f"layers.{name}",
                "bare": name}[self.style]

    def api(self, name):  # Sequential, Model, Input
        if self.style == "keras":
            return f"keras.{name}"
        if self.style == "tf":
            return f"tf.keras.{name}"
        if self.style == "tf_from":
            return f"keras.{name}"
        if self.style == "tfk_layers":
            return {"Sequential": "models.Sequential", "Model": "models.Model",
                    "Input": "Input"}[name]
        self.used.add(name)
        return name

    def header(self):
        if self.style == "keras":
            return "import keras\nfrom keras import layers\n"
        if self.style == "tf":
            return "import tensorflow as tf\n"
        if self.style == "tf_from":
            return "from tensorflow import keras\n"
        if self.style == "tfk_layers":
            return "from tensorflow.keras import Input, layers, models\n"
        lay = sorted(n for n in self.used if n not in ("Sequential", "Model", "Input"))
        out = "import keras\n"
        if lay:
            out += f"from keras.layers import {', '.join(lay)}\n"
        api = sorted(n for n in self.used if n in ("Sequential", "Model"))
        if api:
            out += f"from keras.models import {', '.join(api)}\n"
        if "Input" in self.used:
            out += "from keras import Input\n"
        return out


def _conv_out(n, k, s, padding, d=1):
    if padding == "same":
        return -(-n // s)
    return (n - d * (k - 1) - 1) // s + 1


class KerasGen:
    def __init__(self, rng, src, names):
        self.rng, self.src, self.k = rng, src, names

    def start_shape(self):
        return pick(self.rng, [(pick(self.rng, SIZES),),
                               (pick(self.rng, [8, 10, 16, 20]), pick(self.rng, [4, 8, 16])),
                               (pick(self.rng, [8, 16, 28, 32]), pick(self.rng, [8, 16, 28, 32]),
                                pick(self.rng, [1, 3]))])

    def layer(self, shape):
        """(code, new shape) of a layer that accepts `shape` (without the batch), or None."""
        rng, L, s = self.rng, self.k.layer, self.src
        rank = len(shape)
        r = rng.random()
        if rank == 1:
            (f,) = shape
            if r < 0.5:
                u = pick(rng, SIZES)
                opt = pick(rng, ["", ", activation='relu'", ", use_bias=False",
                                 ", activation='tanh'"])
                return f"{L('Dense')}({s.size(u)}{opt})", (u,)
            if r < 0.62:
                opt = pick(rng, ["", "momentum=0.9", "center=False", "scale=False"])
                return f"{L('BatchNormalization')}({opt})", shape
            if r < 0.7:
                return f"{L('LayerNormalization')}()", shape
            if r < 0.8:
                return f"{L('Dropout')}({pick(rng, ['0.1', '0.5'])})", shape
            if r < 0.87:
                return f"{L('Activation')}('relu')", shape
            if r < 0.93 and f % 2 == 0 and f > 2:
                return f"{L('Reshape')}(({f // 2}, 2))", (f // 2, 2)
            times = pick(rng, [2, 3])
            return f"{L('RepeatVector')}({times})", (times, f)
        if rank == 2:
            t, f = shape
            if r < 0.25:
                kind = pick(rng, ["LSTM", "GRU", "SimpleRNN"])
                u = pick(rng, [4, 8, 16, 32])
                seq = rng.random() < 0.5
                opt = ", return_sequences=True" if seq else ""
                if rng.random() < 0.2:
                    opt += ", use_bias=False"
                code = f"{L(kind)}({s.size(u)}{opt})"
                if rng.random() < 0.3:
                    return f"{L('Bidirectional')}({code})", ((t, 2 * u) if seq else (2 * u,))
                return code, ((t, u) if seq else (u,))
            if r < 0.45 and t is not None:
                filt, kern = pick(rng, [4, 8, 16]), pick(rng, [1, 3])
                pad = pick(rng, ["valid", "same"])
                out = _conv_out(t, kern, 1, pad)
                if out < 1:
                    return None
                return f"{L('Conv1D')}({filt}, {kern}, padding={pad!r})", (out, filt)
            if r < 0.6:
                u = pick(rng, SIZES)
                return f"{L('Dense')}({s.size(u)})", (t, u)
            if r < 0.7:
                return f"{L('LayerNormalization')}()", shape
            if r < 0.8:
                return f"{L(pick(rng, ['GlobalAveragePooling1D', 'GlobalMaxPooling1D']))}()", (f,)
            if r < 0.88 and t is not None:
                return f"{L('Flatten')}()", (t * f,)
            if r < 0.94:
                u = pick(rng, [4, 8])
                return f"{L('TimeDistributed')}({L('Dense')}({u}))", (t, u)
            return f"{L('Dropout')}(0.2)", shape
        h, w, c = shape
        if r < 0.3:
            filt, kern = pick(rng, [4, 8, 16, 32]), pick(rng, [1, 3, 5])
            stride, pad = pick(rng, [1, 1, 2]), pick(rng, ["valid", "same"])
            oh, ow = _conv_out(h, kern, stride, pad), _conv_out(w, kern, stride, pad)
            if oh < 1 or ow < 1:
                return None
            opt = f", strides={stride}" if stride > 1 else ""
            opt += f", padding={pad!r}" if pad != "valid" or rng.random() < 0.3 else ""
            opt += pick(rng, ["", ", use_bias=False", ", activation='relu'"])
            return f"{L('Conv2D')}({s.size(filt)}, {kern}{opt})", (oh, ow, filt)
        if r < 0.38:
            filt, kern = pick(rng, [4, 8, 16]), 3
            oh, ow = _conv_out(h, kern, 1, "same"), _conv_out(w, kern, 1, "same")
            kind = pick(rng, ["SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose"])
            if kind == "SeparableConv2D":
                return f"{L(kind)}({filt}, {kern}, padding='same')", (oh, ow, filt)
            if kind == "DepthwiseConv2D":
                m = pick(rng, [1, 2])
                return f"{L(kind)}({kern}, depth_multiplier={m}, padding='same')", (oh, ow, c * m)
            return f"{L(kind)}({filt}, {kern}, padding='same')", (h, w, filt)
        if r < 0.5:
            return f"{L('BatchNormalization')}()", shape
        if r < 0.62 and h >= 2 and w >= 2:
            kind = pick(rng, ["MaxPooling2D", "AveragePooling2D"])
            return f"{L(kind)}({pick(rng, ['2', 'pool_size=2', '(2, 2)'])})", (h // 2, w // 2, c)
        if r < 0.72:
            return f"{L('GlobalAveragePooling2D')}()", (c,)
        if r < 0.82:
            return f"{L('Flatten')}()", (h * w * c,)
        if r < 0.9:
            return f"{L('Dropout')}(0.25)", shape
        return f"{L('UpSampling2D')}()", (h * 2, w * 2, c)

    def chain(self, shape, length):
        codes = []
        tries = 0
        while len(codes) < length and tries < length * 5:
            tries += 1
            got = self.layer(shape)
            if got is None or (got[1] and None in got[1]):
                continue
            code, shape = got
            codes.append(code)
        return codes, shape

    def _shape_text(self, shape):
        return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"

    def model(self, idx):
        form = pick(self.rng, ["sequential_input", "sequential_input", "input_shape", "add",
                               "functional", "functional", "functional_residual",
                               "subclass_built", "subclass", "unbuilt", "frozen",
                               "shared_layer", "multi_input", "nested", "custom_layer", "text",
                               "attention", "conv_extras", "conv_extras", "invalid",
                               "more_layers", "more_layers"])
        return getattr(self, f"form_{form}")(idx)

    def form_sequential_input(self, idx, name=None):
        rng, k = self.rng, self.k
        shape = self.start_shape()
        codes, _ = self.chain(shape, rng.randint(1, 6))
        name = name or f"seq_{idx}"
        items = [f"{k.api('Input')}(shape={self._shape_text(shape)})"] + codes
        if rng.random() < 0.5:
            return f"def {name}():\n    return {k.api('Sequential')}([\n        " + \
                ",\n        ".join(items) + ",\n    ])\n"
        return f"{name} = {k.api('Sequential')}([\n    " + ",\n    ".join(items) + ",\n])\n"

    def form_input_shape(self, idx):
        rng, k = self.rng, self.k
        shape = self.start_shape()
        codes, _ = self.chain(shape, rng.randint(1, 5))
        if not codes:
            return self.form_sequential_input(idx)
        first = codes[0]
        first = first[:-1] + (", " if not first.endswith("()") else "") + \
            f"input_shape={self._shape_text(shape)})"
        body = ",\n        ".join([first] + codes[1:])
        return f"def model_{idx}():\n    return {k.api('Sequential')}([\n        {body},\n    ])\n"

    def form_add(self, idx):
        rng, k = self.rng, self.k
        shape = self.start_shape()
        codes, _ = self.chain(shape, rng.randint(1, 5))
        lines = [f"def stack_{idx}():", f"    m = {k.api('Sequential')}()"]
        build = rng.random() < 0.5
        if not build:
            lines.append(f"    m.add({k.api('Input')}(shape={self._shape_text(shape)}))")
        lines += [f"    m.add({c})" for c in codes]
        if build:
            lines.append(f"    m.build((None,) + {self._shape_text(shape)})")
        lines.append("    return m")
        return "\n".join(lines) + "\n"

    def form_functional(self, idx):
        rng, k = self.rng, self.k
        shape = self.start_shape()
        codes, _ = self.chain(shape, rng.randint(1, 6))
        lines = [f"def functional_{idx}():",
                 f"    inputs = {k.api('Input')}(shape={self._shape_text(shape)})",
                 "    x = inputs"]
        lines += [f"    x = {c}(x)" for c in codes]
        lines.append(f"    return {k.api('Model')}(inputs, x)")
        return "\n".join(lines) + "\n"

    def form_functional_residual(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        f = pick(rng, SIZES)
        u = pick(rng, SIZES)
        merge = pick(rng, ["Add", "Concatenate", "Multiply", "Average"])
        lines = [f"inputs_{idx} = {k.api('Input')}(shape=({f},))",
                 f"h_{idx} = {L('Dense')}({u}, activation='relu')(inputs_{idx})",
                 f"a_{idx} = {L('Dense')}({u})(h_{idx})",
                 f"b_{idx} = {L('Dense')}({u})(h_{idx})",
                 f"m_{idx} = {L(merge)}()([a_{idx}, b_{idx}])"]
        if rng.random() < 0.5:
            lines.append(f"m_{idx} = {L('BatchNormalization')}()(m_{idx})")
        out = pick(rng, [1, 2, 10])
        lines.append(f"out_{idx} = {L('Dense')}({out})(m_{idx})")
        lines.append(f"net_{idx} = {k.api('Model')}(inputs_{idx}, out_{idx})")
        if rng.random() < 0.3:
            lines.append(f"net_{idx}.layers[1].trainable = False")
        return "\n".join(lines) + "\n"

    def _subclass(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        f = pick(rng, SIZES)
        units = [pick(rng, SIZES) for _ in range(rng.randint(1, 4))]
        base = k.api("Model")
        lines = [f"class Sub{idx}({base}):",
                 f"    def __init__(self, units={units!r}, **kwargs):",
                 "        super().__init__(**kwargs)",
                 f"        self.hidden = [{L('Dense')}(u, activation='relu') for u in units]",
                 f"        self.out = {L('Dense')}({pick(rng, [1, 3, 10])})"]
        if rng.random() < 0.4:
            lines.append(f"        self.norm = {L('LayerNormalization')}()")
            norm = "        x = self.norm(x)\n"
        else:
            norm = ""
        text = "\n".join(lines) + "\n\n    def call(self, x):\n" \
            "        for layer in self.hidden:\n            x = layer(x)\n" + norm + \
            "        return self.out(x)\n"
        return text, f

    def form_subclass_built(self, idx):
        rng, k = self.rng, self.k
        text, f = self._subclass(idx)
        if rng.random() < 0.5:
            text += f"\n\ndef built_{idx}():\n    m = Sub{idx}()\n    m.build((None, {f}))\n" \
                "    return m\n"
        else:
            text += f"\n\ndef called_{idx}():\n    m = Sub{idx}()\n" \
                f"    m({k.api('Input')}(shape=({f},)))\n    return m\n"
        return text

    def form_subclass(self, idx):
        return self._subclass(idx)[0]  # never built: the oracle says indeterminate

    def form_shared_layer(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        f, u = pick(rng, SIZES), pick(rng, SIZES)
        return (f"def siamese_{idx}():\n"
                f"    a = {k.api('Input')}(shape=({f},))\n"
                f"    b = {k.api('Input')}(shape=({f},))\n"
                f"    shared = {L('Dense')}({u}, activation='relu')\n"
                f"    merged = {L(pick(rng, ['Concatenate', 'Subtract', 'Maximum']))}()"
                "([shared(a), shared(b)])\n"
                f"    out = {L('Dense')}(1)(merged)\n"
                f"    return {k.api('Model')}([a, b], out)\n")

    def form_multi_input(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        f1, f2 = pick(rng, SIZES), pick(rng, SIZES)
        u1, u2 = pick(rng, SIZES), pick(rng, SIZES)
        return (f"def two_towers_{idx}():\n"
                f"    left = {k.api('Input')}(shape=({f1},), name='left')\n"
                f"    right = {k.api('Input')}(shape=({f2},), name='right')\n"
                f"    x = {L('Dense')}({u1})(left)\n"
                f"    y = {L('Dense')}({u2}, use_bias=False)(right)\n"
                f"    z = {L('Concatenate')}(axis=-1)([x, y])\n"
                f"    z = {L('Dense')}({pick(rng, SIZES)}, activation='relu')(z)\n"
                f"    return {k.api('Model')}(inputs=[left, right], outputs={L('Dense')}(1)(z))\n")

    def form_nested(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        f = pick(rng, SIZES)
        inner = [f"{L('Dense')}({pick(rng, SIZES)}, activation='relu')"
                 for _ in range(rng.randint(1, 3))]
        freeze = pick(rng, ["", "    block.trainable = False\n"])
        return (f"def nested_{idx}():\n"
                f"    block = {k.api('Sequential')}([{', '.join(inner)}])\n" + freeze +
                f"    inputs = {k.api('Input')}(shape=({f},))\n"
                f"    x = block(inputs)\n"
                f"    x = {L('BatchNormalization')}()(x)\n"
                f"    return {k.api('Model')}(inputs, {L('Dense')}({pick(rng, [1, 5])})(x))\n")

    def form_custom_layer(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        f, u = pick(rng, SIZES), pick(rng, SIZES)
        bias = rng.random() < 0.6
        text = (f"class Affine{idx}({L('Layer')}):\n"
                f"    def __init__(self, units={u}, **kwargs):\n"
                "        super().__init__(**kwargs)\n"
                "        self.units = units\n\n"
                "    def build(self, input_shape):\n"
                "        self.w = self.add_weight(shape=(input_shape[-1], self.units))\n")
        if bias:
            text += ("        self.b = self.add_weight(shape=(self.units,), "
                     "initializer='zeros', trainable=False)\n")
        text += ("\n    def call(self, x):\n        return x\n\n\n"
                 f"custom_{idx} = {k.api('Sequential')}([{k.api('Input')}(shape=({f},)), "
                 f"Affine{idx}(), {L('Dense')}({pick(rng, SIZES)})])\n")
        return text

    def form_text(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        v, d, t = pick(rng, [100, 1000, 5000]), pick(rng, [8, 16, 32]), pick(rng, [10, 20, 50])
        rnn = pick(rng, ["LSTM", "GRU", "SimpleRNN"])
        opt = pick(rng, ["", ", reset_after=False" if rnn == "GRU" else "",
                         ", unit_forget_bias=False" if rnn == "LSTM" else "", ", use_bias=False"])
        wrap = f"{L(rnn)}({pick(rng, [8, 16, 32])}{opt})"
        if rng.random() < 0.4:
            merge = pick(rng, ['concat', 'sum', 'ave'])
            wrap = f"{L('Bidirectional')}({wrap}, merge_mode={merge!r})"
        mask = pick(rng, ["", ", mask_zero=True"])
        return (f"text_{idx} = {k.api('Sequential')}([\n"
                f"    {k.api('Input')}(shape=({t},)),\n"
                f"    {L('Embedding')}({v}, {d}{mask}),\n"
                f"    {wrap},\n"
                f"    {L('Dense')}({pick(rng, [1, 2, 5])}, activation='sigmoid'),\n"
                "])\n")

    def form_attention(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        t, d = pick(rng, [8, 16]), pick(rng, [16, 32, 64])
        heads, key_dim = pick(rng, [1, 2, 4]), pick(rng, [4, 8, 16])
        opt = pick(rng, ["", ", use_bias=False", f", value_dim={pick(rng, [4, 8])}",
                         f", output_shape={pick(rng, [8, 16])}"])
        return (f"def attention_{idx}():\n"
                f"    x = {k.api('Input')}(shape=({t}, {d}))\n"
                f"    h = {L('MultiHeadAttention')}(num_heads={heads}, "
                f"key_dim={key_dim}{opt})(x, x)\n"
                f"    h = {L('LayerNormalization')}()(h)\n"
                f"    h = {L('GlobalAveragePooling1D')}()(h)\n"
                f"    return {k.api('Model')}(x, {L('Dense')}(2)(h))\n")

    def form_conv_extras(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        kind = pick(rng, ["groups", "dilation", "causal", "conv3d", "bn_frozen", "sep"])
        if kind == "groups":
            c = pick(rng, [4, 8, 16])
            g = pick(rng, divisors(c))
            f = g * pick(rng, [1, 2, 4])
            layer, shape = f"{L('Conv2D')}({f}, 3, groups={g})", f"(16, 16, {c})"
        elif kind == "dilation":
            layer, shape = f"{L('Conv2D')}(8, 3, dilation_rate=2)", "(16, 16, 3)"
        elif kind == "causal":
            layer, shape = f"{L('Conv1D')}(8, 3, padding='causal')", "(20, 4)"
        elif kind == "conv3d":
            layer, shape = f"{L('Conv3D')}(4, 3, padding='same')", "(8, 8, 8, 2)"
        elif kind == "bn_frozen":
            layer, shape = f"{L('BatchNormalization')}(trainable=False)", "(16, 16, 3)"
        else:
            layer = f"{L('SeparableConv2D')}(8, 3, depth_multiplier={pick(rng, [1, 2, 3])})"
            shape = "(16, 16, 3)"
        return (f"conv_{idx} = {k.api('Sequential')}([{k.api('Input')}(shape={shape}), {layer}, "
                f"{L('Flatten')}(), {L('Dense')}(3)])\n")

    def form_invalid(self, idx):
        """A model Keras refuses to build: nnlint must not call it exact."""
        rng, k, L = self.rng, self.k, self.k.layer
        shape, layer = pick(rng, [
            ("(8,)", f"{L('Dense')}(-3)"),
            ("(8,)", f"{L('Dense')}(0)"),
            ("(4, 4, 3)", f"{L('Conv2D')}(8, 7)"),
            ("(20,)", f"{L('Reshape')}((7, 3))"),
            ("(6, 6, 3)", f"{L('MaxPooling2D')}(8)"),
            ("(10, 4)", f"{L('Conv1D')}(4, 12)"),
            ("(16, 16, 6)", f"{L('Conv2D')}(8, 3, groups=4)"),
        ])
        return (f"def broken_{idx}():\n"
                f"    return {k.api('Sequential')}([{k.api('Input')}(shape={shape}), {layer}, "
                f"{L('Flatten')}(), {L('Dense')}(2)])\n")

    def form_more_layers(self, idx):
        """Keras layers with unusual weights: Normalization statistics, GroupNormalization,
        channels-first convolutions, ConvLSTM, return_state, attention layers."""
        rng, k, L = self.rng, self.k, self.k.layer
        how = pick(rng, ["normalization", "groupnorm", "channels_first", "convlstm",
                         "return_state", "attention_layers", "conv1d_transpose", "td_conv",
                         "embedding_pool", "unit_norm"])
        if how == "normalization":
            width = pick(rng, SIZES)
            return (f"normed_{idx} = {k.api('Sequential')}([{k.api('Input')}(shape=({width},)), "
                    f"{L('Normalization')}(), {L('Dense')}(2)])\n")
        if how == "groupnorm":
            c = pick(rng, [4, 8, 16])
            return (f"gn_{idx} = {k.api('Sequential')}([{k.api('Input')}(shape=(8, 8, {c})), "
                    f"{L('GroupNormalization')}(groups={pick(rng, divisors(c))}), "
                    f"{L('Conv2D')}(4, 3)])\n")
        if how == "channels_first":
            return (f"cf_{idx} = {k.api('Sequential')}([{k.api('Input')}(shape=(3, 16, 16)), "
                    f"{L('Conv2D')}(8, 3, data_format='channels_first'), "
                    f"{L('BatchNormalization')}(axis=1), {L('Flatten')}(), {L('Dense')}(2)])\n")
        if how == "convlstm":
            return (f"convlstm_{idx} = {k.api('Sequential')}(["
                    f"{k.api('Input')}(shape=(4, 8, 8, 2)), "
                    f"{L('ConvLSTM2D')}(4, 3, return_sequences={rng.random() < 0.5}), "
                    f"{L('Flatten')}(), {L('Dense')}(1)])\n")
        if how == "return_state":
            return (f"def states_{idx}():\n"
                    f"    x = {k.api('Input')}(shape=(10, {pick(rng, [4, 8])}))\n"
                    f"    out, h, c = {L('LSTM')}({pick(rng, [4, 8, 16])}, return_state=True)(x)\n"
                    f"    y = {L('Concatenate')}()([out, h, c])\n"
                    f"    return {k.api('Model')}(x, {L('Dense')}(1)(y))\n")
        if how == "attention_layers":
            kind = pick(rng, ["Attention", "AdditiveAttention"])
            opt = pick(rng, ["", "use_scale=True"])
            return (f"def att_{idx}():\n"
                    f"    q = {k.api('Input')}(shape=(5, 8))\n"
                    f"    v = {k.api('Input')}(shape=(7, 8))\n"
                    f"    h = {L(kind)}({opt})([q, v])\n"
                    f"    return {k.api('Model')}([q, v], {L('Dense')}(3)(h))\n")
        if how == "conv1d_transpose":
            return (f"ct1_{idx} = {k.api('Sequential')}([{k.api('Input')}(shape=(10, 3)), "
                    f"{L('Conv1DTranspose')}(4, 3, strides=2)])\n")
        if how == "td_conv":
            return (f"td_{idx} = {k.api('Sequential')}([{k.api('Input')}(shape=(3, 8, 8, 1)), "
                    f"{L('TimeDistributed')}({L('Conv2D')}(4, 3)), "
                    f"{L('TimeDistributed')}({L('Flatten')}()), {L('GRU')}(8)])\n")
        if how == "embedding_pool":
            return (f"bow_{idx} = {k.api('Sequential')}([{k.api('Input')}(shape=(20,)), "
                    f"{L('Embedding')}({pick(rng, [50, 500])}, {pick(rng, [4, 16])}), "
                    f"{L('GlobalAveragePooling1D')}(), {L('Dense')}(1)])\n")
        return (f"un_{idx} = {k.api('Sequential')}([{k.api('Input')}(shape=(8,)), "
                f"{L('UnitNormalization')}(), {L('Dense')}(4), {L('Rescaling')}(0.5)])\n")

    def form_unbuilt(self, idx):
        rng, k, L = self.rng, self.k, self.k.layer
        return f"plain_{idx} = {k.api('Sequential')}([{L('Dense')}({pick(rng, SIZES)}), " \
               f"{L('Dense')}(1)])\n"

    def form_frozen(self, idx):
        rng = self.rng
        text = self.form_sequential_input(idx, name=f"frozen_{idx}")
        if text.startswith("def"):
            return text
        what = pick(rng, [f"frozen_{idx}.trainable = False\n",
                          f"frozen_{idx}.layers[0].trainable = False\n",
                          f"for layer in frozen_{idx}.layers[:-1]:\n    layer.trainable = False\n"])
        return text + what


# ===================================================================== whole files
def generate_file(rng, n_models, framework):
    src = Source(rng)
    if framework == "torch":
        names = TorchNames(rng)
        gen = TorchGen(rng, src, names)
    else:
        names = KerasNames(rng)
        gen = KerasGen(rng, src, names)
    bodies = [gen.model(i) for i in range(n_models)]
    if framework == "torch":
        names("Module")
    header = names.header() + "".join(f"{i}\n" for i in sorted(src.imports))
    consts = "".join(f"{k} = {v}\n" for k, v in src.consts)
    return f"# generated by benchmarks/differential.py ({framework})\n{header}\n{consts}\n\n" + \
        "\n\n".join(bodies)


# ========================================================== issue 17: honesty families
class HonestGen:
    """Models whose sizes hang on what nnlint must not guess (issue 17): process state,
    imports that work on some platforms only, writes to the module's namespace, set
    iteration order, two names for one object, hasattr on the frameworks, and the static
    cases (parse_args([]), json.loads of a literal). Each model is a Linear stack whose
    width comes from such a check; the truth is whatever the oracle's process does."""

    FAMILIES = ("process", "platform_import", "namespace", "set_order", "aliases",
                "hasattr", "static")

    def __init__(self, rng, src):
        self.rng = rng
        self.src = src
        src.imports.update({"import sys", "import os", "import json", "import argparse",
                            "import numpy as np", "import torch", "import torch.nn as nn"})

    def model(self, idx):
        family = pick(self.rng, self.FAMILIES)
        width, setup = getattr(self, "w_" + family)(idx)
        out = pick(self.rng, [1, 2, 3, 4, 8])
        name = f"{family}_{idx}"
        return setup + f"{name} = nn.Sequential(nn.Linear({width}, {out}), nn.ReLU())\n"

    def _fork(self, idx, test):
        a, b = self.rng.sample([2, 3, 4, 5, 6, 7, 8, 10, 12, 16], 2)
        w = f"w_{idx}"
        if self.rng.random() < 0.5:
            return w, f"if {test}:\n    {w} = {a}\nelse:\n    {w} = {b}\n"
        return w, f"{w} = {a} if {test} else {b}\n"

    def w_process(self, idx):
        test = pick(self.rng, [
            'sys.platform == "linux"', 'sys.platform.startswith("win")', 'os.name == "nt"',
            'os.sep == "/"', "sys.maxsize > 2**32", "sys.argv[1:] == []", "sys.argv[1:]",
            "not sys.argv[1:]", "bool(sys.warnoptions)", 'getattr(sys, "frozen", False)',
            'hasattr(sys, "ps1")', 'torch.__version__ >= "2"', "sys.prefix != sys.base_prefix",
            'os.environ.get("NNLINT_DIFF_FLAG")', '"CUDA_VISIBLE_DEVICES" in os.environ',
            'sys.version_info >= (3, 9)', "sys.flags.optimize"])
        if self.rng.random() < 0.15:
            w = f"w_{idx}"
            return w, f'{w} = {{"linux": 4, "darwin": 6, "win32": 8}}.get(sys.platform, 3)\n'
        return self._fork(idx, test)

    def w_platform_import(self, idx):
        module = pick(self.rng, ["winreg", "msvcrt", "winsound", "fcntl", "termios",
                                 "_winapi", "pwd", "resource"])
        a, b = self.rng.sample([2, 3, 4, 6, 8, 12], 2)
        w = f"w_{idx}"
        return w, (f"try:\n    import {module}\n    {w} = {a}\n"
                   f"except ImportError:\n    {w} = {b}\n")

    def w_namespace(self, idx):
        a, b = self.rng.sample([2, 3, 4, 6, 8, 12], 2)
        w = f"w_{idx}"
        how = pick(self.rng, [
            f'globals()["{w}"] = {b}\n', f'exec("{w} = {b}")\n',
            f'globals().update({{"{w}": {b}}})\n',
            f'setattr(sys.modules[__name__], "{w}", {b})\n',
            f'sys.modules[__name__].{w} = {b}\n',
            f'def set_{idx}():\n    global {w}\n    exec("{w} = {b}", globals())\n'
            f'set_{idx}()\n',
            f'vars()["{w}"] = {b}\n'])
        return w, f"{w} = {a}\n" + how

    def w_set_order(self, idx):
        items = self.rng.sample(range(1, 70), self.rng.randint(3, 7))
        pos = self.rng.randrange(len(items))
        w = f"w_{idx}"
        literal = "{" + ", ".join(map(str, items)) + "}"
        how = pick(self.rng, ["literal", "names", "comp", "copy", "update", "ops", "sorted"])
        if how == "literal":
            return w, f"{w} = list({literal})[{pos}]\n"
        if how == "names":
            names = [f"v{idx}_{i}" for i in range(len(items))]
            setup = "".join(f"{n} = {v}\n" for n, v in zip(names, items))
            return w, setup + f"{w} = list({{{', '.join(names)}}})[{pos}]\n"
        if how == "comp":
            return w, f"{w} = list({{x for x in {items!r}}})[{pos}]\n"
        if how == "copy":
            return w, f"s_{idx} = {literal}\n{w} = list(set(s_{idx}))[{pos}]\n"
        if how == "update":
            return w, (f"s_{idx} = {{{items[0]}}}\ns_{idx}.update({literal})\n"
                       f"{w} = list(s_{idx})[{pos}]\n")
        if how == "ops":
            other = set(self.rng.sample(range(1, 70), 3))
            return w, (f"s_{idx} = {literal} | {other!r}\n"
                       f"{w} = list(s_{idx})[{pos}]\n")
        return w, f"{w} = sorted({literal})[{pos}] + len({literal})\n"

    def w_aliases(self, idx):
        pairs = [("torch.half", "torch.float16"), ("torch.float", "torch.float32"),
                 ("torch.double", "torch.float64"), ("torch.long", "torch.int64"),
                 ("torch.float16", "torch.bfloat16"), ("np.single", "np.float32"),
                 ("np.double", "np.float64"), ("np.float32", "np.float64"),
                 ("nn.Module", "torch.nn.modules.module.Module"),
                 ("nn.BatchNorm2d", "torch.nn.modules.batchnorm.BatchNorm2d"),
                 ("nn.Linear", "torch.nn.modules.linear.Linear"), ("nn.ReLU", "nn.GELU"),
                 ("nn.Conv2d", "torch.nn.Conv2d"), ("os.path.join", "os.path.split")]
        a, b = pick(self.rng, pairs)
        if self.rng.random() < 0.5:
            a, b = b, a
        how = pick(self.rng, ["eq", "is", "in", "dict", "get"])
        if how in ("eq", "is"):
            return self._fork(idx, f"{a} {'==' if how == 'eq' else 'is'} {b}")
        if how == "in":
            return self._fork(idx, f"{a} in ({b}, nn.Identity)")
        w = f"w_{idx}"
        table = f"T_{idx} = {{{b}: 8, nn.Identity: 3}}\n"
        if how == "get":
            return w, table + f"{w} = T_{idx}.get({a}, 5)\n"
        return w, table + (f"try:\n    {w} = T_{idx}[{a}]\n"
                           f"except KeyError:\n    {w} = 6\n")

    def w_hasattr(self, idx):
        owner, attr = pick(self.rng, [
            ("nn", "RMSNorm"), ("nn", "FusedRMSNorm"), ("nn", "Linear"), ("nn", "Buffer"),
            ("nn.Linear", "in_features"), ("nn.Linear", "forward"), ("torch", "compile"),
            ("torch.nn.functional", "scaled_dot_product_attention"), ("nn", "FlashAttention"),
            ("torch.nn", "CircularPad2d")])
        how = pick(self.rng, ["has", "getattr", "try"])
        if how == "has":
            return self._fork(idx, f'hasattr({owner}, "{attr}")')
        if how == "getattr":
            return self._fork(idx, f'getattr({owner}, "{attr}", None) is None')
        w = f"w_{idx}"
        return w, (f"try:\n    {owner}.{attr}\n    {w} = 4\n"
                   f"except AttributeError:\n    {w} = 9\n")

    def w_static(self, idx):
        w = f"w_{idx}"
        a = pick(self.rng, [3, 4, 6, 8])
        how = pick(self.rng, ["argparse", "known", "json"])
        if how == "json":
            return w, f'{w} = json.loads(\'{{"width": {a}}}\')["width"]\n'
        call = "parse_args([])" if how == "argparse" else "parse_known_args([])[0]"
        return w, (f"p_{idx} = argparse.ArgumentParser()\n"
                   f'p_{idx}.add_argument("--width", type=int, default={a})\n'
                   f"{w} = p_{idx}.{call}.width\n")


def generate_honest_file(rng, n_models):
    src = Source(rng)
    gen = HonestGen(rng, src)
    bodies = [gen.model(i) for i in range(n_models)]
    header = "".join(f"{i}\n" for i in sorted(src.imports))
    return f"# generated by benchmarks/differential.py (honest)\n{header}\n\n" + \
        "\n\n".join(bodies)


# ======================================================================= comparing
def run_oracle(folder, jobs, timeout):
    out = os.path.join(folder, "oracle.json")
    proc = subprocess.run([ORACLE_PY, ORACLE, folder, "--out", out, "-v", "--jobs", str(jobs),
                           "--timeout", str(timeout)], capture_output=True, text=True)
    with open(out) as fh:
        doc = json.load(fh)
    raised = defaultdict(dict)  # file -> {model name: why}
    current = None
    for line in proc.stderr.splitlines():
        m = re.match(r"\[\s*[\d.]+s\] (\S+):", line)
        if m:
            current = m.group(1)
            continue
        m = re.match(r"\s+note: skip (?:class|function) (\w+)(?:\(\))?: (.*)", line)
        if m and current:
            raised[current][m.group(1)] = m.group(2)
    return doc, raised


def run_nnlint(folder, rels):
    sys.path.insert(0, ROOT)
    from nnlint.api import lint_file
    out = {}
    for rel in rels:
        report = lint_file(os.path.join(folder, rel))
        out[rel] = {m.name: m for m in report.models}
        out[rel]["__diagnostics__"] = report.diagnostics
    return out


def compare(doc, raised, ours):
    results = []  # (verdict, file, name, detail)
    for rel, entry in sorted(doc["files"].items()):
        mine = ours.get(rel, {})
        if "error" in entry:
            results.append(("file-error", rel, "*", entry["error"][:200]))
            continue
        for name, exp in sorted(entry["models"].items()):
            m = mine.get(name)
            if exp.get("indeterminate"):
                if m is not None and m.exact:
                    results.append(("WRONG-indeterminate", rel, name,
                                    f"exact {m.total_params} but the oracle "
                                    f"says indeterminate: {exp.get('why')}"))
                else:
                    results.append(("correct-indeterminate", rel, name, ""))
                continue
            if m is None:
                results.append(("unresolved-missing", rel, name, ""))
                continue
            if not m.exact:
                above = [f"{key} {getattr(m, key)} > {exp[key]}" for key in
                         ("total_params", "trainable_params", "non_trainable_params")
                         if getattr(m, key) is not None and getattr(m, key) > exp[key]]
                if above:  # a lower bound above the truth is as wrong as a wrong count
                    results.append(("WRONG-bound", rel, name, "; ".join(above) +
                                    f" (line {m.line})"))
                    continue
                why = "; ".join(n.message for n in m.notes[:2])
                results.append(("unresolved-inexact", rel, name, why[:200]))
                continue
            diffs = []
            for key in ("total_params", "trainable_params", "non_trainable_params"):
                got = getattr(m, key)
                if got is not None and got != exp[key]:
                    diffs.append(f"{key} {got} != {exp[key]}")
            if diffs:
                results.append(("WRONG-count", rel, name, "; ".join(diffs) + f" (line {m.line})"))
            else:
                results.append(("correct", rel, name, ""))
        for name, why in sorted(raised.get(rel, {}).items()):
            m = mine.get(name)
            if re.search(r"missing \d+ required (keyword-only |positional )?argument", why):
                continue  # a block that needs its sizes: not a model, for either side
            if m is not None and m.exact:
                results.append(("WRONG-raises", rel, name,
                                f"exact {m.total_params} but the framework "
                                f"raises: {why[:150]}"))
            else:
                results.append(("correct-raises", rel, name, ""))
        for name, m in mine.items():
            if name.startswith("__") or "." in name or name in entry["models"] or \
                    name in raised.get(rel, {}):
                continue
            if m.exact:
                results.append(("extra", rel, name, f"exact {m.total_params}, no oracle entry"))
    return results


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=20, help="files to generate (20)")
    ap.add_argument("--models", type=int, default=30, help="models per file (30)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--framework", choices=["torch", "keras", "both", "honest", "all"],
                    default="both", help="honest: issue 17's families; all: the three")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=600, help="oracle seconds per file")
    ap.add_argument("--keep", help="keep every generated file (and oracle.json) here")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--generate-only", action="store_true")
    args = ap.parse_args(argv)

    folder = args.keep or tempfile.mkdtemp(prefix="nnlint-differential-")
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(args.seed)
    rels = []
    for i in range(args.files):
        fw = {"both": ("torch", "keras")[i % 2], "all": ("torch", "keras", "honest")[i % 3]
              }.get(args.framework, args.framework)
        rel = f"gen_{args.seed}_{i:04d}_{fw}.py"
        with open(os.path.join(folder, rel), "w") as fh:
            fh.write(generate_honest_file(rng, args.models) if fw == "honest"
                     else generate_file(rng, args.models, fw))
        rels.append(rel)
    print(f"generated {len(rels)} files in {folder}", file=sys.stderr)
    if args.generate_only:
        return 0
    if not os.path.exists(ORACLE_PY):
        print(f"no oracle venv at {ORACLE_PY}: run bash ../shared/oracle/setup.sh",
              file=sys.stderr)
        return 2
    t0 = time.time()
    doc, raised = run_oracle(folder, args.jobs, args.timeout)
    t1 = time.time()
    ours = run_nnlint(folder, rels)
    t2 = time.time()
    results = compare(doc, raised, ours)
    verdicts = Counter(r[0] for r in results)
    scored = sum(v for k, v in verdicts.items() if k not in ("file-error", "extra"))
    print(f"models scored: {scored} in {len(rels)} files (seed {args.seed}); oracle "
          f"{t1 - t0:.0f} s, nnlint {t2 - t1:.1f} s")
    for k in sorted(verdicts):
        print(f"  {k:24s} {verdicts[k]}")
    for r in results:
        if r[0].startswith("WRONG") or r[0] == "file-error":
            print(f"{r[0]}: {r[1]} {r[2]}: {r[3]}")
    wrong_files = {r[1] for r in results if r[0].startswith("WRONG")}
    if wrong_files:
        print(f"files with WRONG models are kept in {folder}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"seed": args.seed, "files": len(rels), "verdicts": verdicts,
                       "results": results}, fh, indent=1)
    if not args.keep and not wrong_files:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if wrong_files else 0


if __name__ == "__main__":
    sys.exit(main())
