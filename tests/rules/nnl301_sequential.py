"""NNL301 in nn.Sequential: adjacent layers whose stated sizes disagree."""
import torch.nn as nn
from torch import nn as tnn

HIDDEN = 64
WIDE = HIDDEN * 2

mlp = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(64, 10))  # expect: NNL301
ok = nn.Sequential(nn.Linear(784, HIDDEN), nn.ReLU(), nn.Dropout(0.2), nn.Linear(HIDDEN, 10))
consts = nn.Sequential(tnn.Linear(10, WIDE), tnn.Linear(HIDDEN, 1))  # expect: NNL301
cnn = nn.Sequential(
    nn.Conv2d(3, 16, 3),
    nn.BatchNorm2d(16),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3),  # expect: NNL301
    nn.BatchNorm2d(64),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(64, 10),
)
bad_bn = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(16))  # expect: NNL301
pooled = nn.Sequential(nn.Conv2d(3, 8, 3), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
                       nn.Linear(16, 2))  # expect: NNL301
norm = nn.Sequential(nn.Linear(8, 32), nn.LayerNorm(16))  # expect: NNL301
nested = nn.Sequential(nn.Linear(4, 8), nn.Sequential(nn.Dropout(), nn.Linear(9, 2)))  # expect: NNL301
emb = nn.Sequential(nn.Embedding(100, 32), nn.Linear(16, 2))  # expect: NNL301


def unknown_sizes(n_in, hidden):
    # parameters are never guessed: no finding
    return nn.Sequential(nn.Linear(n_in, hidden), nn.Linear(hidden * 2, 1))


layers = [nn.Linear(3, 3)]
starred = nn.Sequential(nn.Linear(5, 6), *layers, nn.Linear(7, 1))
flat_unknown = nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten(), nn.Linear(4, 2))
linear_then_bn = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 1))
rnn = nn.Sequential(nn.Embedding(10, 8), nn.LSTM(8, 16), nn.Linear(3, 1))
