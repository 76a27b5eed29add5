"""NNL301 along straight-line code in forward."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(64, 10)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = self.drop(x)
        return self.fc2(x)  # expect: NNL301


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(10, 20), nn.ReLU())
        self.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(30, 1))

    def forward(self, x):
        return self.head(self.body(x))  # expect: NNL301


class TextLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(1000, 128)
        self.lstm = nn.LSTM(100, 64, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(64, 2)

    def forward(self, x):
        x = self.emb(x)
        out, _ = self.lstm(x)  # expect: NNL301
        return self.fc(out)  # expect: NNL301


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 3)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv(x)))
        x = torch.flatten(x, 1)
        return self.fc(x)  # expect: NNL301


class Healthy(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(1000, 128)
        self.lstm = nn.LSTM(128, 64, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(128, 2)
        self.a = nn.Linear(10, 20)
        self.b = nn.Linear(20, 5)
        self.c = nn.Linear(10, 5)

    def forward(self, x, y):
        out, (h, c) = self.lstm(self.emb(x))
        if self.training:
            y = self.a(y)
        z = self.b(self.a(y))
        return self.fc(out[:, -1]) + z + self.c(y)


class Reassigned(nn.Module):
    def __init__(self, big=False):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.fc2 = nn.Linear(16, 4)
        if big:
            self.fc2 = nn.Linear(32, 4)

    def forward(self, x):
        return self.fc2(self.fc1(x))


class Base(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.fc2 = nn.Linear(32, 4)

    def forward(self, x):
        return self.fc2(self.fc1(x))


class Child(Base):
    def __init__(self):
        super().__init__()
        self.fc2 = nn.Linear(16, 4)


class MethodOfACall(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 20)
        self.fc2 = nn.Linear(30, 5)

    def forward(self, x):
        return self.fc2(self.fc1(x).relu())  # expect: NNL301


class ConvThenNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.bn = nn.BatchNorm2d(16)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))  # expect: NNL301


class ConvThenNormAgree(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.bn = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc(F.relu(self.bn(self.conv(x))).mean((2, 3)))
