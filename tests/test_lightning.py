"""LightningModule subclasses are torch models: LightningModule is an nn.Module that adds
hooks, logging and hyperparameters but no parameter.

The oracle has no Lightning installed, so the counts below come from the oracle run on the
same classes with a stand-in base (an nn.Module with a no-op save_hyperparameters and an
empty hparams): LitA 25219, LitB 10, LitC 216.
"""

from __future__ import annotations

from nnlint.api import lint_source

SOURCE = '''
import torch
import torch.nn as nn
import pytorch_lightning as pl
import lightning as L
from lightning.pytorch import LightningModule


class LitA(pl.LightningModule):
    def __init__(self, hidden=32, lr=1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.encoder = nn.Sequential(nn.Linear(28 * 28, hidden), nn.ReLU(), nn.Linear(hidden, 3))
        self.lr = lr

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = nn.functional.mse_loss(self.encoder(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)


class LitB(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)


class LitC(LightningModule):
    def __init__(self, n=3):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(n)])
'''


def test_lightning_modules_are_counted_exactly():
    models = {m.name: m for m in lint_source(SOURCE, "lit.py").models}
    assert {n: (m.total_params, m.exact, m.framework) for n, m in models.items()} == {
        "LitA": (25219, True, "torch"), "LitB": (10, True, "torch"),
        "LitC": (216, True, "torch")}


def test_what_lightning_sets_at_run_time_is_not_known():
    src = SOURCE + ("\n\nclass LitD(pl.LightningModule):\n    def __init__(self):\n"
                    "        super().__init__()\n        self.fc = nn.Linear(self.hparams.n, 2)\n")
    models = {m.name: m for m in lint_source(src, "lit.py").models}
    assert not models["LitD"].exact
