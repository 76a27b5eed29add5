"""Memory of a model: its weights, the activations of one forward pass, and training.

    params_bytes      every parameter at the `--dtype` size (fp32: 4 bytes)
    activation_bytes  the sum of every layer row's output size for the declared input,
                      at the same size: what one forward pass writes. torchinfo's
                      "Forward/backward pass size" is twice the outputs of the leaf layers
                      that hold parameters (x2 for their gradients), so it differs.
    training_bytes    weights + one gradient per trainable parameter + the optimizer's
                      state: `sgd` none, `momentum` one copy, `adam` / `adamw` two copies
                      (first and second moments) of the trainable parameters. Activations
                      are not in it (they depend on the batch): add activation_bytes.

A size is None when what it needs is not known; when the model's count is a lower
bound (`exact` False) so are its sizes.
"""

from __future__ import annotations

from fractions import Fraction

# copies of the trainable parameters each optimizer keeps
OPTIMIZER_STATES = {"sgd": 0, "momentum": 1, "adam": 2, "adamw": 2}


def _bytes(n, size):
    return None if n is None else int(Fraction(n) * Fraction(size))


def activation_elements(layers, batch):
    """Sum of the layer rows' output sizes (a leading None is the batch), or None when a
    row's shape is not known."""
    total = 0
    for layer in layers:
        shape = layer.output_shape
        if layer.type == "InputLayer":
            continue
        if isinstance(shape, tuple) and shape and shape[0] is None:
            shape = (batch,) + tuple(shape[1:])
        if not isinstance(shape, tuple) or not shape or \
                not all(isinstance(d, int) for d in shape):
            return None
        n = 1
        for d in shape:
            n *= d
        total += n
    return total


def memory(m, bytes_per_param=4, optimizer="adam", activations=None) -> dict:
    """The `memory` of a model's report (see the module's docstring); `activations` the
    activation element count, if known."""
    params = _bytes(m.total_params, bytes_per_param)
    trainable = _bytes(m.trainable_params, bytes_per_param)
    training = None
    if params is not None and trainable is not None:
        training = params + trainable * (1 + OPTIMIZER_STATES[optimizer])
    return {"params_bytes": params, "activation_bytes": _bytes(activations, bytes_per_param),
            "training_bytes": training, "optimizer": optimizer}
