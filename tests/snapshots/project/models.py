"""Models for the output snapshots: a budget overshoot, a mismatch, a note, a warning."""
import sys

import torch.nn as nn
from tensorflow import keras
from tensorflow.keras import layers


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 32)
        self.spare = nn.Linear(32, 32)

    def forward(self, x):
        return self.fc2(self.fc1(x))


head = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(8, 2))
wide = nn.Linear(1024, 1024)
sized = nn.Linear(int(sys.argv[1]), 10)  # nnlint: max-params=1M
small = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(10)])
