"""Keras MACs: each layer's formula (frameworks/keras/macs.py) and whole models.

Every number below was measured with torch.utils.flop_counter.FlopCounterMode on the real
layer (Keras 3.15.1 on torch 2.13.0, the oracle's venv; MACs = FLOPs / 2, batch 1, a
keras.Model(Input, layer(Input)) called once to warm up, then under the counter with
mkldnn off and SDPA's math kernel, as /work/shared's MACs oracle does). None: a layer
nnlint does not model (the counter measures MACs there that nnlint would have to guess).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnlint import catalog
from nnlint.api import lint_source
from nnlint.frameworks.keras.macs import layer_macs

# (layer, its arguments, input shape(s) with the batch, measured MACs or None)
MEASURED = [
    ("Dense", (8,), {}, (None, 5, 16), 640),
    ("Dense", (16,), {"lora_rank": 4}, (None, 32), None),  # 2,560: LoRA's own matmul
    ("Conv1D", (16, 5), {"padding": "causal", "dilation_rate": 2}, (None, 100, 8), 64000),
    ("Conv2D", (16, 3), {"groups": 4}, (None, 10, 10, 8), 18432),
    ("Conv2D", (16, 3), {"data_format": "channels_first"}, (None, 3, 32, 30), 362880),
    ("Conv3D", (8, 3), {}, (None, 10, 12, 14, 2), 414720),
    ("Conv2DTranspose", (16, 3), {}, (None, 7, 7, 32), 225792),
    ("Conv2DTranspose", (16, 3), {"strides": 2, "padding": "same"}, (None, 7, 7, 32), 225792),
    ("Conv2DTranspose", (16, 2), {"strides": 3}, (None, 7, 7, 32), 100352),
    ("Conv1DTranspose", (8, 3), {"strides": 2, "output_padding": 1}, (None, 10, 4), 960),
    ("Conv2DTranspose", (8, 3), {"dilation_rate": 2, "use_bias": False}, (None, 7, 7, 4),
     14112),
    ("DepthwiseConv2D", (3,), {"depth_multiplier": 3, "strides": 2, "padding": "same",
                               "use_bias": False}, (None, 16, 16, 8), 13824),
    ("DepthwiseConv1D", (5,), {"depth_multiplier": 2, "padding": "same"}, (None, 20, 6), 1200),
    ("SeparableConv2D", (32, 3), {"depth_multiplier": 2, "strides": 2, "use_bias": False},
     (None, 32, 32, 16), 295200),
    ("SeparableConv1D", (16, 3), {}, (None, 50, 8), 7296),
    ("GRU", (32,), {}, (None, 10, 16), 46080),
    ("GRU", (32,), {"reset_after": False}, (None, 10, 16), None),  # 50,688
    ("SimpleRNN", (16,), {"return_sequences": True}, (None, 7, 4), None),  # 2,560
    ("LSTM", (16,), {"return_sequences": True}, (None, 20, 8), 30720),
    ("MultiHeadAttention", (), {"num_heads": 2, "key_dim": 8}, [(None, 5, 16), (None, 7, 12)],
     6368),
    ("MultiHeadAttention", (), {"num_heads": 4, "key_dim": 6, "value_dim": 5,
                                "output_shape": 10}, [(None, 9, 16), (None, 9, 16)], 15156),
    ("Dot", (), {"axes": (2, 2)}, [(None, 5, 8), (None, 7, 8)], 280),
    ("Attention", (), {}, [(None, 5, 8), (None, 7, 8)], 560),
    ("EinsumDense", ("abc,cd->abd",), {"output_shape": (None, 64), "bias_axes": "d"},
     (None, 10, 32), 20480),
    ("EinsumDense", ("abc,cde->abde",), {"output_shape": (None, 4, 8), "bias_axes": "de"},
     (None, 10, 32), 10240),
    ("EinsumDense", ("ab,bc->ac",), {"output_shape": 64, "bias_axes": "c"}, (None, 32), 2048),
    ("EinsumDense", ("abc,cd->abd",), {"output_shape": (10, 64), "bias_axes": "bd"},
     (None, 10, 32), 20480),
    ("EinsumDense", ("abcd,cde->abe",), {"output_shape": (None, 16)}, (None, 6, 4, 8), 3072),
    ("EinsumDense", ("abc,bcd->abd",), {"output_shape": (5, 7)}, (None, 5, 3), 105),
    ("EinsumDense", ("abc,cd->ad",), {"output_shape": (7,)}, (None, 5, 3), 21),
    ("ConvLSTM1D", (8, 3), {}, (None, 5, 20, 4), None),  # 124,416: not modelled
    ("Embedding", (100, 8), {}, (None, 12), 0),
    ("BatchNormalization", (), {}, (None, 8, 8, 4), 0),
    ("LayerNormalization", (), {}, (None, 8, 4), 0),
    ("Add", (), {}, [(None, 4, 4), (None, 4, 4)], 0),
    ("GlobalAveragePooling2D", (), {}, (None, 8, 8, 4), 0),
    ("UpSampling2D", (), {"interpolation": "bilinear"}, (None, 4, 4, 3), 0),
    ("Normalization", (), {"mean": 0.5, "variance": 2.0}, (None, 6, 3), 0),
]


@pytest.mark.parametrize("name, args, kwargs, x, expected", MEASURED,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(MEASURED)])
def test_layer_macs_match_the_counter(name, args, kwargs, x, expected):
    spec = catalog.lookup(f"keras.layers.{name}")
    bound = spec.bind(args, kwargs)
    out = spec.out_shape(bound, x) if spec.out_shape else None
    assert layer_macs(spec, bound, x, out) == expected


def test_unknown_sizes_give_no_number():
    spec = catalog.lookup("keras.layers.Dense")
    assert layer_macs(spec, spec.bind((8,), {}), (None, None, 16), (None, None, 8)) is None
    spec = catalog.lookup("keras.layers.Conv2D")
    assert layer_macs(spec, spec.bind((8, 3), {}), None, None) is None


# -- whole models: tests/fixtures/macs/keras_models.py against the counter's measurements --

HERE = Path(__file__).parent / "fixtures" / "macs"
FIXTURES = ("keras_models.py", "keras_more.py")
EXPECTED = {(f, name): exp for f in FIXTURES for name, exp in json.loads(
    (HERE / f).with_suffix(".expected.json").read_text())["models"].items()}


@pytest.fixture(scope="module")
def reports():
    out = {}
    for f in FIXTURES:
        report = lint_source((HERE / f).read_bytes(), str(HERE / f))
        out.update({(f, m.name): m for m in report.models})
    return out


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=[f"{f}::{n}" for f, n in sorted(EXPECTED)])
def test_model_macs_match_the_counter(reports, key):
    m, exp = reports[key], EXPECTED[key]
    if m.macs_exact:
        assert m.macs == exp["macs"]
        assert _plain(m.output_shape) == exp["output_shape"]
        assert [list(s) for s in m.input_shapes] == exp["input"]
    else:  # a lower bound, never above the truth
        assert m.macs is None or m.macs <= exp["macs"]


def test_the_exact_ones(reports):
    """Which models nnlint follows exactly (a regression guard on the list)."""
    exact = sorted(n for (f, n), m in reports.items() if m.macs_exact)
    assert exact == ["Residual", "SmallConvNet", "attention_model", "bi", "dense_seq",
                     "functional", "inner", "lstm_seq", "nested", "old_style", "seq",
                     "shared_model", "states", "twice", "two_inputs"]


def test_an_op_that_may_multiply_makes_a_lower_bound(reports):
    m = reports["keras_more.py", "WithMatmul"]
    assert not m.macs_exact and m.macs < EXPECTED["keras_more.py", "WithMatmul"]["macs"]


def test_layer_rows_sum_to_the_model(reports):
    m = reports["keras_models.py", "functional"]
    assert sum(row.macs for row in m.layers) == m.macs
    assert {row.type: row.macs for row in m.layers if row.type == "Concatenate"} == {
        "Concatenate": 0}


def _plain(shape):
    if isinstance(shape, list):
        return [_plain(s) for s in shape]
    return list(shape) if isinstance(shape, tuple) else shape


SUBCLASS_OPS = '''
import tensorflow as tf
import keras
from keras import layers


class OutsideOp(keras.Model):  # nnlint: input=(1, 5, 8)
    def __init__(self):
        super().__init__()
        self.proj = layers.Dense(8)

    def call(self, x):
        return tf.matmul(self.proj(x), x, transpose_b=True)


class TensorMethod(keras.Model):  # nnlint: input=(1, 5, 8)
    def __init__(self):
        super().__init__()
        self.proj = layers.Dense(8)

    def call(self, x):
        return self.proj(x).__matmul__(x)


class Elementwise(keras.Model):  # nnlint: input=(1, 5, 8)
    def __init__(self):
        super().__init__()
        self.proj = layers.Dense(8)

    def call(self, x):
        return keras.ops.relu(self.proj(x) + x) * 0.5
'''


def test_what_call_hands_to_code_not_followed_makes_a_lower_bound():
    """tf.matmul() or a tensor method may multiply: the MACs of the layers are a lower bound;
    elementwise keras.ops and arithmetic count 0 and keep them exact."""
    report = lint_source(SUBCLASS_OPS.encode(), "ops.py")
    exact = {m.name: m.macs_exact for m in report.models}
    assert [m.macs for m in report.models] == [320, 320, 320]  # Elementwise: the counter's 320
    assert exact == {"OutsideOp": False, "TensorMethod": False, "Elementwise": True}


def test_no_macs_when_the_count_is_not_exact(reports):
    """An unbuilt layer (Looped.unused): what else was not followed may reshape the model."""
    for name in ("Looped", "Branchy"):
        m = reports["keras_more.py", name]
        assert not m.exact and m.macs is None and not m.macs_exact


def test_a_user_activation_is_not_counted_as_zero():
    src = ("import keras\nfrom keras import layers\n\n\ndef mine(x):\n    return x * 2\n\n\n"
           "a = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation=mine)])\n"
           "b = keras.Sequential([keras.Input(shape=(4,)), layers.Activation(mine)])\n")
    report = lint_source(src.encode(), "act.py")
    assert [(m.macs, m.macs_exact) for m in report.models] == [(0, False), (0, False)]
