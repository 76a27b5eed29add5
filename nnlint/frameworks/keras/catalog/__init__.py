"""keras.layers: signature, weights (created at build) and output shape of each.

Formulas follow the Keras 3 source of each layer's build() and
compute_output_shape(); every entry's examples are checked by
tests/test_catalog.py with numbers from the oracle (Keras 3, torch backend).

One module per family of layers, as Keras' own ``keras/src/layers/`` folders
are: `core`, `convolutional`, `pooling`, `rnn`, `normalization`, `attention`,
`activations`, `regularization`, `merging`, `reshaping`, `preprocessing`; each
holds ``LAYERS``, its entries by short name. `entries` builds an entry and holds
what several families share; `shapes` holds the output-shape arithmetic.

Conventions (see nnlint.catalog.spec):
- ``x`` is the input shape with the batch dimension; layers called on several
  tensors (merges, attention) get a list of shapes in call order.
- ``data_format=None`` is Keras' default image_data_format, channels_last.
- Recurrent layers with ``return_state=True`` give a list of shapes,
  ``[output, *states]``, as Keras' own compute_output_shape does.
- A weight that LoRA freezes is named ``frozen_kernel`` / ``frozen_embeddings``
  so that `non_trainable` can list it; quantized layers have unknown weights.
- Wrappers (Bidirectional, TimeDistributed, RNN, SpectralNormalization, ...) and
  InputLayer are handled by the runtime, not here.
- Even on the torch backend, Keras 3 needs TensorFlow for Hashing, HashedCrossing,
  StringLookup, IntegerLookup and TextVectorization, and scipy for STFTSpectrogram;
  their examples come from the same Keras release with those packages installed.
"""

from __future__ import annotations

from nnlint.catalog.names import KERAS_LAYER_ALIASES
from nnlint.frameworks.keras.catalog import (
    activations,
    attention,
    convolutional,
    core,
    merging,
    normalization,
    pooling,
    preprocessing,
    regularization,
    reshaping,
    rnn,
)

# in this order: the catalogue lists the layers family by family
FAMILIES = (core, convolutional, pooling, rnn, normalization, attention, activations,
            regularization, merging, reshaping, preprocessing)


def _table():
    entries = {}
    for family in FAMILIES:
        entries.update(family.LAYERS)
    for alias, name in KERAS_LAYER_ALIASES.items():
        entries[alias] = entries[name]
    return {f"keras.layers.{name}": spec for name, spec in entries.items()}


LAYERS = _table()
