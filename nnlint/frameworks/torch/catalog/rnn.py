"""Recurrent layers (torch/nn/modules/rnn.py): RNN, LSTM and GRU, stacked and
bidirectional, and their cells.
"""

from __future__ import annotations

from nnlint.catalog.spec import holds, known_value
from nnlint.frameworks.torch.catalog import shapes as S
from nnlint.frameworks.torch.catalog.entries import FACTORY, layer, stacked_layers


def _rnn(gates, lstm=False):
    """RNN (1 gate), GRU (3), LSTM (4): per layer and direction ih, hh, biases, hr."""
    def weights(a, x):
        hidden = a.hidden_size
        proj = a.proj_size if lstm else 0
        out = proj if proj else hidden
        dirs = 2 if a.bidirectional else 1
        w = {}
        for i in stacked_layers(a.num_layers):
            n_in = a.input_size if i == 0 else out * dirs
            for suffix in ("", "_reverse")[:dirs]:
                name = f"l{i}{suffix}"
                w[f"weight_ih_{name}"] = gates * hidden * n_in
                w[f"weight_hh_{name}"] = gates * hidden * out
                if a.bias:
                    w[f"bias_ih_{name}"] = gates * hidden
                    w[f"bias_hh_{name}"] = gates * hidden
                if proj:
                    w[f"weight_hr_{name}"] = proj * hidden
        return w
    return weights


def _rnn_cell(gates):
    def weights(a, x):
        w = {"weight_ih": gates * a.hidden_size * a.input_size,
             "weight_hh": gates * a.hidden_size * a.hidden_size}
        if a.bias:
            w["bias_ih"] = gates * a.hidden_size
            w["bias_hh"] = gates * a.hidden_size
        return w
    return weights


def _rnn_refuses(lstm=False, nonlinearity=False):
    """torch's RNNBase.__init__ (and RNN's nonlinearity)."""
    def refuses(a):
        p = a.dropout
        if isinstance(p, (bool, str)) or p is None or (
                isinstance(p, (int, float)) and not 0 <= p <= 1):
            return f"dropout {p!r} is not a number in [0, 1]"
        for what in ("input_size", "hidden_size", "num_layers"):
            if holds(getattr(a, what) <= 0):
                return f"{what} {getattr(a, what)} is not greater than zero"
        if lstm and holds(a.proj_size < 0):
            return f"proj_size {a.proj_size} is negative"
        if lstm and holds(a.proj_size >= a.hidden_size):
            return f"proj_size {a.proj_size} is not smaller than hidden_size {a.hidden_size}"
        for what in ("bias", "batch_first"):
            if known_value(getattr(a, what)) and not isinstance(getattr(a, what), bool):
                return f"{what} {getattr(a, what)!r} is not a bool"
        mode = a.nonlinearity if nonlinearity else "tanh"
        if known_value(mode) and mode not in ("tanh", "relu"):
            return f"nonlinearity {mode!r} is not 'tanh' or 'relu'"
        return None
    return refuses


_RNN_TAIL = "batch_first=False, dropout=0.0, bidirectional=False"


LAYERS = {
    "torch.nn.RNN": layer(
       f"input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, {_RNN_TAIL}, "
       f"{FACTORY}", _rnn(1), S.rnn(), refuses=_rnn_refuses(nonlinearity=True), refused=(
           "nn.RNN(10, 20, nonlinearity='gelu')  # refused: nonlinearity 'gelu'",
           "nn.RNN(10, 20, num_layers=0)  # refused: num_layers 0"), examples=(
           "nn.RNN(10, 20, 2)  # params: 1480  input: (5, 3, 10)"
           "  output: [(5, 3, 20), (2, 3, 20)]",
           "nn.RNN(10, 20, 2, 'relu', False, True, 0.0, True)  # params: 3600  input: (3, 5, 10)"
           "  output: [(3, 5, 40), (4, 3, 20)]")),
    "torch.nn.LSTM": layer(
       f"input_size, hidden_size, num_layers=1, bias=True, {_RNN_TAIL}, proj_size=0, {FACTORY}",
       _rnn(4, lstm=True), S.rnn(lstm=True), refuses=_rnn_refuses(lstm=True), refused=(
           "nn.LSTM(10, 20, proj_size=20)  # refused: proj_size 20 is not smaller than",
           "nn.LSTM(10, 20, proj_size=-1)  # refused: proj_size -1 is negative",
           "nn.LSTM(10, 20, dropout=1.5)  # refused: dropout 1.5",
           "nn.LSTM(0, 20)  # refused: input_size 0"), examples=(
           "nn.LSTM(10, 20, 2)  # params: 5920  input: (5, 3, 10)"
           "  output: [(5, 3, 20), ((2, 3, 20), (2, 3, 20))]",
           "nn.LSTM(10, 20, num_layers=2, bidirectional=True, proj_size=5, batch_first=True)"
           "  # params: 5840  input: (3, 5, 10)  output: [(3, 5, 10), ((4, 3, 5), (4, 3, 20))]",
           "nn.LSTM(8, 16, bias=False)  # params: 1536  input: (7, 8)"
           "  output: [(7, 16), ((1, 16), (1, 16))]")),
    "torch.nn.GRU": layer(
       f"input_size, hidden_size, num_layers=1, bias=True, {_RNN_TAIL}, {FACTORY}",
       _rnn(3), S.rnn(), refuses=_rnn_refuses(), refused=(
           "nn.GRU(10, 20, dropout=-0.1)  # refused: dropout -0.1",
           "nn.GRU(10, 20, bias=1)  # refused: bias 1 is not a bool"), examples=(
           "nn.GRU(10, 20, 2)  # params: 4440  input: (5, 3, 10)"
           "  output: [(5, 3, 20), (2, 3, 20)]",
           "nn.GRU(32, 64, num_layers=3, batch_first=True, bidirectional=True)  # params: 186624"
           "  input: (4, 9, 32)  output: [(4, 9, 128), (6, 4, 64)]")),
    "torch.nn.RNNCell": layer(
       f"input_size, hidden_size, bias=True, nonlinearity='tanh', {FACTORY}",
       _rnn_cell(1), S.rnn_cell(), examples=(
           "nn.RNNCell(10, 20)  # params: 640  input: (3, 10)  output: (3, 20)",
           "nn.RNNCell(10, 20, bias=False, nonlinearity='relu')  # params: 600  input: (10,)"
           "  output: (20,)")),
    "torch.nn.LSTMCell": layer(
       f"input_size, hidden_size, bias=True, {FACTORY}", _rnn_cell(4), S.rnn_cell(lstm=True),
       examples=("nn.LSTMCell(10, 20)  # params: 2560  input: (3, 10)"
                 "  output: [(3, 20), (3, 20)]",)),
    "torch.nn.GRUCell": layer(
       f"input_size, hidden_size, bias=True, {FACTORY}", _rnn_cell(3), S.rnn_cell(),
       examples=("nn.GRUCell(10, 20)  # params: 1920  input: (3, 10)  output: (3, 20)",)),
}
