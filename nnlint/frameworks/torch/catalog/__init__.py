"""torch.nn layers: signature, weights and output shape of each.

Formulas follow the PyTorch source of each class's __init__ (weights: what
``named_parameters()`` lists; buffers such as BatchNorm's running statistics
are not parameters) and its forward (shapes, in `shapes`). Every
entry's examples are checked by tests/test_catalog.py with numbers from the
oracle (torch 2.13).

One module per family of layers, as torch's own ``torch/nn/modules/`` files are:
`linear`, `conv`, `normalization`, `embedding`, `rnn`, `transformer`,
`activation`, `dropout`, `pooling`, `padding`, `reshaping`, `loss`; each holds
``LAYERS``, its entries by qualified name. `entries` builds an entry and holds
what several families share; `shapes` holds the output-shape arithmetic;
`attributes` the attribute names of torch's own module classes.

Conventions:
- Signatures are the documented ones; a default that is a function
  (``activation=F.relu``) is written as its name (``'relu'``).
- Lazy* modules take their input size from the first forward's input shape.
- Modules whose forward returns several tensors give a list of shapes, see
  `shapes`.
- Containers, TransformerEncoder/Decoder (clones of a layer) and
  nn.Module subclasses are handled by the runtime (`nnlint.frameworks.torch.runtime`).
"""

from __future__ import annotations

from nnlint.frameworks.torch.catalog import (
            activation,
            conv,
            dropout,
            embedding,
            linear,
            loss,
            normalization,
            padding,
            pooling,
            reshaping,
            rnn,
            transformer,
)

# in this order: the catalogue lists the layers family by family
FAMILIES = (linear, conv, normalization, embedding, rnn, transformer, activation, dropout,
            pooling, padding, reshaping, loss)

LAYERS = {name: spec for family in FAMILIES for name, spec in family.LAYERS.items()}
