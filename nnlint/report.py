"""What nnlint found in one file: models with their counts, and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple


@dataclass
class Diagnostic:
    code: str
    line: int
    column: int
    message: str
    severity: str = "warning"
    model: Optional[str] = None
    # what was not known can only leave parameters out of a count (evaluator.Note.bound)
    bound: bool = field(default=True, compare=False, repr=False)
    cell: Optional[int] = None  # in a notebook: the cell `line` counts in (notebook.py)


@dataclass
class LayerReport:
    name: str
    type: str
    line: int
    params: Optional[int]
    output_shape: Optional[Tuple] = None
    exact: bool = True
    cell: Optional[int] = None
    # multiply-accumulates of this layer's calls in the forward pass of the declared input
    # (FlopCounterMode's FLOPs / 2), None when not known; a lower bound when the model's
    # macs_exact is False
    macs: Optional[int] = None
    # a catalog layer's bound arguments and weights, for an editor's hover (plain data, so
    # that the report stays JSON): {"args": ((name, text), ...),
    # "weights": ((name, elements or None, shape or None), ...)}
    detail: Optional[dict] = field(default=None, compare=False, repr=False)


@dataclass
class ModelReport:
    name: str
    framework: str
    line: int
    column: int
    kind: str  # class | assign | function
    total_params: Optional[int]
    trainable_params: Optional[int]
    non_trainable_params: Optional[int]
    exact: bool
    layers: List[LayerReport] = field(default_factory=list)
    notes: List[Diagnostic] = field(default_factory=list)
    budget: Optional[object] = None  # nnlint.budgets.Budget that applies, if any
    # the count of a run without command-line arguments (cmdline.assume_defaults), if any
    assuming_defaults: Optional[dict] = None
    cell: Optional[int] = None
    same_as: Optional[str] = None  # `model = build()`: the model reported as "build" too
    keras_name: Optional[str] = None  # Keras' own name: name=, else "sequential" ...
    blocks: dict = field(default_factory=dict)  # "layer1.0" -> "BasicBlock": modules holding layers
    # the declared input (nnlint/inputs.py), one shape per forward() argument, or None
    input_shapes: Optional[List[Tuple]] = None
    # the model's output for that input: a shape (tuple, None for a size not known), or a
    # list / dict of them for a forward() returning several tensors; None when not known
    output_shape: Optional[object] = None
    # multiply-accumulates of one forward pass of the declared input, in the convention of
    # torch.utils.flop_counter.FlopCounterMode (FLOPs / 2, bias not counted); None when
    # nothing is known, a lower bound when macs_exact is False
    macs: Optional[int] = None
    macs_exact: bool = False


@dataclass
class FileReport:
    path: str
    models: List[ModelReport] = field(default_factory=list)
    diagnostics: List[Diagnostic] = field(default_factory=list)
    skipped: bool = False  # no framework mentioned: not parsed
