"""NNL303: submodules created in __init__ and never used."""
import torch.nn as nn
import torch.nn.functional as F


class Leftover(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)
        self.fc_old = nn.Linear(128, 10)  # expect: NNL303
        self.act = nn.ReLU()  # no parameters: harmless
        self.gn = nn.GroupNorm(2, 8, affine=False)  # no parameters: harmless

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


class UsedElsewhere(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(8, 4)
        self.dec = nn.Linear(4, 8)
        self.aux = nn.Linear(4, 1)
        self.tied = nn.Linear(4, 8)
        self.tied.weight = self.dec.weight
        self.by_name = nn.Linear(4, 4)

    def encode(self, x):
        return self.enc(x)

    def forward(self, x):
        return self.dec(self.encode(x)) + getattr(self, "by_name")(x)


class Iterates(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 4)
        self.b = nn.Linear(4, 4)

    def forward(self, x):
        for m in self.children():
            x = m(x)
        return x


class InitLoop(nn.Module):
    def __init__(self):
        super().__init__()
        self.used = nn.Linear(4, 4)
        self.spare = nn.Linear(4, 4)  # expect: NNL303
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.used(x)


class NoForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.unused = nn.Linear(4, 4)


model = UsedElsewhere()
out = model.aux
