"""NNL302: layers in plain lists and dicts on an nn.Module."""
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.fc = nn.Linear(c, c)

    def forward(self, x):
        return self.fc(x)


class Swish(nn.Module):
    def forward(self, x):
        return x * x.sigmoid()


class Scaled(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(1))

    def forward(self, x):
        return x * self.scale


class Bad(nn.Module):
    def __init__(self, depth=3):
        super().__init__()
        self.layers = [nn.Linear(8, 8) for _ in range(depth)]  # expect: NNL302
        self.heads = {"a": nn.Linear(8, 1), "b": nn.Linear(8, 2)}  # expect: NNL302
        self.blocks = []
        for _ in range(depth):
            self.blocks.append(Block(8))  # expect: NNL302
        self.named = {}
        self.named["x"] = nn.Conv2d(3, 3, 1)  # expect: NNL302
        layer = nn.Linear(8, 8)
        self.pair = [layer, layer]  # expect: NNL302
        self.scales = [Scaled() for _ in range(2)]  # expect: NNL302

    def forward(self, x):
        for layer in self.layers + self.blocks:
            x = layer(x)
        return self.heads["a"](x) + self.named["x"](x) + self.pair[0](x)


class Good(nn.Module):
    def __init__(self, teacher, depth=3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(depth)])
        self.heads = nn.ModuleDict({"a": nn.Linear(8, 1)})
        self._teacher = [teacher]  # hidden from parameters() on purpose: not new layers
        self.acts = [nn.ReLU(), nn.Tanh(), Swish()]  # no parameters
        self.norms = [nn.GroupNorm(2, 8, affine=False)]  # no parameters
        self.wrapped = [nn.Linear(8, 8) for _ in range(2)]
        self.net = nn.Sequential(*self.wrapped)
        self.later = []
        self.later.append(nn.Linear(2, 2))
        self.later = nn.ModuleList(self.later)
        self.sizes = [8, 16]

    def forward(self, x):
        return self.net(x)


class Registers(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = [nn.Linear(4, 4) for _ in range(3)]
        for i, b in enumerate(self.blocks):
            self.add_module(f"block{i}", b)

    def forward(self, x):
        for b in self.blocks:
            x = b(x)
        return x


def not_a_module():
    layers = [nn.Linear(2, 2)]
    return nn.Sequential(*layers)
