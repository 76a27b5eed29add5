"""A classic MNIST multi-layer perceptron, written two ways: a module class and a Sequential."""
import torch.nn as nn


class MLP(nn.Module):
    def __init__(self, hidden=128, num_classes=10):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, hidden)
        self.drop = nn.Dropout(0.2)
        self.fc2 = nn.Linear(hidden, num_classes)

    def forward(self, x):
        return self.fc2(self.drop(self.fc1(x.flatten(1)).relu()))


net = nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
