"""Memory estimates (nnlint/models/memory.py): weights, activations, training."""

from __future__ import annotations

import json

from nnlint.adapters.cli import main
from nnlint.models.memory import activation_elements, memory
from nnlint.report import LayerReport, ModelReport


def _model(total, trainable, exact=True):
    return ModelReport("m", "torch", 1, 0, "class", total, trainable, total - trainable, exact)


def test_training_adds_gradients_and_the_optimizer_state():
    m = _model(1000, 600)
    assert memory(m, 4, "sgd")["training_bytes"] == 4000 + 2400
    assert memory(m, 4, "momentum")["training_bytes"] == 4000 + 2 * 2400
    assert memory(m, 4, "adam")["training_bytes"] == 4000 + 3 * 2400
    assert memory(m, 2, "adamw") == {"params_bytes": 2000, "activation_bytes": None,
                                     "training_bytes": 2000 + 3 * 1200, "optimizer": "adamw"}


def test_unknown_counts_give_no_size():
    m = _model(0, 0)
    m.total_params = m.trainable_params = None
    assert memory(m, 4, "adam")["params_bytes"] is None
    assert memory(m, 4, "adam")["training_bytes"] is None


def test_activations_sum_the_rows_with_the_batch():
    rows = [LayerReport("input", "InputLayer", 1, 0, (None, 8)),
            LayerReport("a", "Dense", 2, 90, (None, 10)),
            LayerReport("b", "Dense", 3, 22, (None, 2, 1))]
    assert activation_elements(rows, 3) == 3 * 10 + 3 * 2
    rows.append(LayerReport("c", "Dense", 4, 3, None))
    assert activation_elements(rows, 3) is None


def test_cli_optimizer_reaches_the_json(tmp_path, capsys):
    src = tmp_path / "m.py"
    src.write_text("import keras\nfrom keras import layers\n"
                   "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])\n")
    main(["--format", "json", "--optimizer", "momentum", "--no-cache", str(src)])
    model = json.loads(capsys.readouterr().out)["files"][0]["models"][0]
    assert model["memory"] == {"params_bytes": 40, "activation_bytes": 8,
                               "training_bytes": 120, "optimizer": "momentum"}
    assert model["macs"] == 8 and model["macs_exact"] is True  # FlopCounterMode: mm 16 FLOPs
