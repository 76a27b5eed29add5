"""Recurrent layers (keras/src/layers/rnn): SimpleRNN, LSTM, GRU, their cells, and
ConvLSTM in 1, 2 and 3 dimensions. Bidirectional and RNN wrap a layer or cell and
are the runtime's (nnlint.frameworks.keras.runtime).
"""

from __future__ import annotations

from nnlint.catalog.spec import holds, is_int, last_dim, need, prod
from nnlint.frameworks.keras.catalog import shapes as S
from nnlint.frameworks.keras.catalog.entries import layer
from nnlint.interpreter.values import Unknown


def _units_refuses(a):
    """Recurrent layers and cells: ``if units <= 0``."""
    if holds(is_int(a.units) and a.units <= 0):
        return f"units {a.units} is not a positive integer"
    return None


_RNN_INIT = ("use_bias=True, kernel_initializer='glorot_uniform', "
             "recurrent_initializer='orthogonal', bias_initializer='zeros'")
_RNN_REG = ("kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None")
_RNN_CONSTRAINT = "kernel_constraint=None, recurrent_constraint=None, bias_constraint=None"
_RNN_FLAGS = "return_sequences=False, return_state=False, go_backwards=False, stateful=False"


def _rnn_weights(gates):
    def weights(a, x):
        u = a.units
        w = {"kernel": last_dim(x) * u * gates, "recurrent_kernel": u * u * gates}
        if a.use_bias:
            # GRU with reset_after keeps separate input and recurrent biases
            w["bias"] = u * gates * (2 if a.get("reset_after") else 1)
        return w
    return weights


def _rnn_out(n_states):
    def out(a, x):
        return S.rnn_out(x, a.units, a.return_sequences, a.return_state, n_states)
    return out


def _conv_lstm(rank):
    def weights(a, x):
        if not S.is_shape(x) or len(x) != rank + 3:
            return {"kernel": Unknown(f"input shape of rank {rank + 3} not known")}
        first = S.channels_first(a.data_format)
        spatial = x[3:] if first else x[2:-1]
        if any(d is None for d in spatial):
            return {"kernel": Unknown("ConvLSTM needs its spatial dimensions")}
        k = prod(S.standardize_tuple(a.kernel_size, rank))
        f = a.filters
        w = {"kernel": k * need(x[2] if first else x[-1], "input channels") * 4 * f,
             "recurrent_kernel": k * f * 4 * f}
        if a.use_bias:
            w["bias"] = 4 * f
        return w
    return weights, lambda a, x: S.conv_rnn_out(x, rank, a)


def _rnn_entries():
    lstm_cell = ("units, activation='tanh', recurrent_activation='sigmoid', " + _RNN_INIT
                 + ", unit_forget_bias=True, " + _RNN_REG + ", ")
    entries = {
        "SimpleRNN": layer(
           "units, activation='tanh', " + _RNN_INIT + ", " + _RNN_REG
           + ", activity_regularizer=None, " + _RNN_CONSTRAINT
           + ", dropout=0.0, recurrent_dropout=0.0, " + _RNN_FLAGS
           + ", unroll=False, seed=None, **kwargs",
           _rnn_weights(1), _rnn_out(1), refuses=_units_refuses,
           refused=("layers.SimpleRNN(0)  # refused: units 0 is not a positive integer",),
           examples=("layers.SimpleRNN(32)  # input: (None, 10, 8)  params: 1312"
                     "  output: (None, 32)",
                     "layers.SimpleRNN(16, return_sequences=True, use_bias=False)"
                     "  # input: (None, None, 4)  params: 320  output: (None, None, 16)",
                     "layers.SimpleRNN(8, return_state=True)  # input: (None, 5, 3)  params: 96"
                     "  output: [(None, 8), (None, 8)]")),
        "LSTM": layer(
           lstm_cell + "activity_regularizer=None, " + _RNN_CONSTRAINT
           + ", dropout=0.0, recurrent_dropout=0.0, seed=None, " + _RNN_FLAGS
           + ", unroll=False, use_cudnn='auto', **kwargs",
           _rnn_weights(4), _rnn_out(2), refuses=_units_refuses,
           refused=("layers.LSTM(0)  # refused: units 0 is not a positive integer",),
           examples=("layers.LSTM(64)  # input: (None, 20, 32)  params: 24832"
                     "  output: (None, 64)",
                     "layers.LSTM(16, return_sequences=True)  # input: (None, 20, 8)  params: 1600"
                     "  output: (None, 20, 16)",
                     "layers.LSTM(16, return_sequences=True, return_state=True)"
                     "  # input: (None, 20, 8)  params: 1600"
                     "  output: [(None, 20, 16), (None, 16), (None, 16)]")),
        "GRU": layer(
           "units, activation='tanh', recurrent_activation='sigmoid', " + _RNN_INIT + ", "
           + _RNN_REG + ", activity_regularizer=None, " + _RNN_CONSTRAINT
           + ", dropout=0.0, recurrent_dropout=0.0, seed=None, " + _RNN_FLAGS
           + ", unroll=False, reset_after=True, use_cudnn='auto', **kwargs",
           _rnn_weights(3), _rnn_out(1), refuses=_units_refuses,
           refused=("layers.GRU(0)  # refused: units 0 is not a positive integer",),
           examples=("layers.GRU(32)  # input: (None, 10, 16)  params: 4800"
                     "  output: (None, 32)",
                     "layers.GRU(32, reset_after=False)  # input: (None, 10, 16)  params: 4704"
                     "  output: (None, 32)",
                     "layers.GRU(8, return_state=True, return_sequences=True)"
                     "  # input: (None, 6, 5)  params: 360  output: [(None, 6, 8), (None, 8)]")),
        "SimpleRNNCell": layer(
           "units, activation='tanh', " + _RNN_INIT + ", " + _RNN_REG + ", " + _RNN_CONSTRAINT
           + ", dropout=0.0, recurrent_dropout=0.0, seed=None, **kwargs",
           _rnn_weights(1), refuses=_units_refuses,
           examples=("layers.SimpleRNNCell(16)  # input: (None, 8)  params: 400",)),
        "LSTMCell": layer(
           lstm_cell + _RNN_CONSTRAINT + ", dropout=0.0, recurrent_dropout=0.0, seed=None, "
           "**kwargs",
           _rnn_weights(4), refuses=_units_refuses,
           refused=("layers.LSTMCell(0)  # refused: units 0",),
           examples=("layers.LSTMCell(16)  # input: (None, 8)  params: 1600",)),
        "GRUCell": layer(
           "units, activation='tanh', recurrent_activation='sigmoid', " + _RNN_INIT + ", "
           + _RNN_REG + ", " + _RNN_CONSTRAINT
           + ", dropout=0.0, recurrent_dropout=0.0, reset_after=True, seed=None, **kwargs",
           _rnn_weights(3), refuses=_units_refuses,
           examples=("layers.GRUCell(16)  # input: (None, 8)  params: 1248",
                     "layers.GRUCell(16, reset_after=False, use_bias=True)  # input: (None, 8)"
                     "  params: 1200")),
    }
    for n in (1, 2, 3):
        entries[f"ConvLSTM{n}D"] = layer(
           "filters, kernel_size, strides=1, padding='valid', data_format=None, "
           "dilation_rate=1, activation='tanh', recurrent_activation='sigmoid', " + _RNN_INIT
           + ", unit_forget_bias=True, " + _RNN_REG + ", activity_regularizer=None, "
           + _RNN_CONSTRAINT + ", dropout=0.0, recurrent_dropout=0.0, seed=None, "
           + _RNN_FLAGS + ", **kwargs",
           *_conv_lstm(n), examples=_CONV_LSTM_EXAMPLES[n])
    return entries


_CONV_LSTM_EXAMPLES = {
    1: ("layers.ConvLSTM1D(8, 3)  # input: (None, 5, 20, 4)  params: 1184"
        "  output: (None, 18, 8)",
        "layers.ConvLSTM1D(8, 3, padding='same', return_sequences=True)  # input: (None, 5, 20, 4)"
        "  params: 1184  output: (None, 5, 20, 8)"),
    2: ("layers.ConvLSTM2D(16, (3, 3))  # input: (None, 10, 32, 32, 3)  params: 11008"
        "  output: (None, 30, 30, 16)",
        "layers.ConvLSTM2D(8, 3, strides=2, padding='same', return_sequences=True)"
        "  # input: (None, None, 16, 16, 3)  params: 3200  output: (None, None, 8, 8, 8)",
        "layers.ConvLSTM2D(4, 3, return_state=True, data_format='channels_first')"
        "  # input: (None, 5, 2, 12, 12)  params: 880"
        "  output: [(None, 4, 10, 10), (None, 4, 10, 10), (None, 4, 10, 10)]"),
    3: ("layers.ConvLSTM3D(4, 3, use_bias=False)  # input: (None, 3, 8, 8, 8, 2)  params: 2592"
        "  output: (None, 6, 6, 6, 4)",),
}


LAYERS = _rnn_entries()
