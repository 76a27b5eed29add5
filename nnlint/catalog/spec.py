"""What a catalog entry is: one framework layer, its signature and pure formulas.

A `LayerSpec` never sees syntax. Its functions get the constructor's arguments
bound like the real signature (`Args`, defaults filled in) and, where it matters,
the input shape (a tuple with ``None`` for the batch and for unknown sizes).
Arithmetic on an `Unknown` argument gives `Unknown`, so formulas need no
special cases; `need(x)` turns a ``None`` dimension into an `Unknown`.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Mapping, Optional, Tuple

from nnlint.interpreter.values import Unknown, UnknownBranch

Shape = Optional[Tuple[Any, ...]]
Weights = Mapping[str, Any]  # weight name -> number of elements (int or Unknown)


class Args:
    """Bound constructor arguments, read as attributes: ``a.out_features``."""

    def __init__(self, values: dict, extra: dict | None = None):
        self.__dict__.update(values)
        self._extra = extra or {}

    def get(self, name: str, default=None):
        if name in self.__dict__:
            return self.__dict__[name]
        return self._extra.get(name, default)

    def items(self):
        """(name, value) of every argument, those of the signature first."""
        for k, v in self.__dict__.items():
            if k != "_extra":
                yield k, v
        yield from self._extra.items()

    def __repr__(self) -> str:
        items = {k: v for k, v in self.__dict__.items() if k != "_extra"}
        return f"Args({items}, extra={self._extra})"


class BindError(TypeError):
    """The call does not fit the layer's signature."""


_NO_DEFAULT = inspect.Parameter.empty


class _Plan:
    """A signature read once for binding: `bind` gives the Args inspect's bind and
    apply_defaults would, or None where inspect must decide (a missing or repeated
    argument, too many: it also words the error)."""

    def __init__(self, signature: inspect.Signature):
        kinds = inspect.Parameter
        self.defaults = {}  # name -> default of the named parameters (empty: required)
        self.positional = []  # names that may come by position, in order
        self.by_keyword = set()  # names that may come by keyword
        self.var_positional = self.var_keyword = None
        self.order = []  # every name, in order
        for p in signature.parameters.values():
            self.order.append(p.name)
            if p.kind is kinds.VAR_POSITIONAL:
                self.var_positional = p.name
            elif p.kind is kinds.VAR_KEYWORD:
                self.var_keyword = p.name
            else:
                self.defaults[p.name] = p.default
                if p.kind is not kinds.KEYWORD_ONLY:
                    self.positional.append(p.name)
                if p.kind is not kinds.POSITIONAL_ONLY:
                    self.by_keyword.add(p.name)

    def bind(self, args, kwargs) -> Optional[Args]:
        n = len(args)
        if n > len(self.positional) and self.var_positional is None:
            return None
        given = dict(zip(self.positional, args))
        extra = {}
        for k, v in kwargs.items():
            if k in given or (k not in self.by_keyword and self.var_keyword is None):
                return None  # twice, or a name the signature does not take
            if k in self.by_keyword:
                given[k] = v
            else:
                extra[k] = v
        values = {}
        for name in self.order:
            if name == self.var_positional:
                values[name] = tuple(args[len(self.positional):])
            elif name != self.var_keyword:
                if name in given:
                    values[name] = given[name]
                else:
                    default = self.defaults[name]
                    if default is _NO_DEFAULT:
                        return None  # a required argument is missing
                    values[name] = default
        return Args(values, extra)


@dataclass(frozen=True)
class LayerSpec:
    """One layer of a framework.

    signature:     the framework's own constructor signature, as written in its docs.
    weights:       (args, input_shape) -> {weight name: element count}; None for
                   layers without weights. torch calls it at construction with
                   input_shape None; Keras calls it when the layer is built.
    out_shape:     (args, input_shape) -> output shape, or None when unknown.
    non_trainable: weight names that Keras keeps non-trainable (moving statistics).
    lazy:          torch Lazy* modules: weights need the input shape of a forward pass.
    examples:      ``"nn.Linear(784, 10)  # params: 7850"`` lines, checked by a test.
    refuses:       args -> why the framework's constructor raises for these arguments
                   (``"in_channels 6 is not divisible by groups 4"``), or None. No model
                   exists then, so its count is not exact. Checks that need the input
                   shape (a Lazy module's in_channels, a Keras layer's input channels)
                   belong in `weights`, which raises `Refused` there.
    refused:       ``"nn.Conv2d(6, 8, 3, groups=4)  # refused: in_channels 6"`` lines: calls
                   the framework refuses (checked with the oracle), each with the start of
                   nnlint's message; checked by a test.
    loss:          torch: a subclass of ``torch.nn.modules.loss._Loss``, which the contract
                   never reports as a model (``criterion = nn.CrossEntropyLoss()``).
    none_when:     torch: (weight, argument) pairs: the constructor registers the weight as
                   None when the argument is False (``nn.Linear(4, 2, bias=False).bias``
                   is None, an attribute that exists; ``affine=False`` norms' weight and bias).
    """

    framework: str
    signature: str
    weights: Optional[Callable[[Args, Shape], Weights]] = None
    out_shape: Optional[Callable[[Args, Shape], Shape]] = None
    non_trainable: Tuple[str, ...] = ()
    lazy: bool = False
    examples: Tuple[str, ...] = ()
    # keras: weights need the input shape; torch: lazy modules need it too
    needs_input: bool = True
    refuses: Optional[Callable[[Args], Optional[str]]] = None
    refused: Tuple[str, ...] = ()
    # keras: the InputSpec a built layer checks on every later call (ValueError on a
    # mismatch): (args, build shape) -> (rank the input must keep or None, axis whose size
    # must stay what the build saw)
    input_spec: Optional[Callable[[Args, Shape], Tuple[Optional[int], int]]] = None
    # keras: the last size of the kernel (or embeddings) built on an input shape, which
    # SpectralNormalization's vector_u takes: (args, input shape) -> size
    kernel_last: Optional[Callable[[Args, Shape], int]] = None
    loss: bool = False
    none_when: Tuple[Tuple[str, str], ...] = ()
    name: str = field(default="", compare=False)

    @cached_property
    def _signature(self) -> inspect.Signature:
        return parse_signature(self.signature)

    @cached_property
    def _plan(self) -> "_Plan":
        return _Plan(self._signature)

    def bind(self, args: tuple, kwargs: dict) -> Args:
        """The arguments of a call bound to the signature, as Python binds them; BindError
        for a call Python refuses. Every layer made goes through here: the usual call binds
        by a precomputed plan, anything else by inspect (and its error message)."""
        fast = self._plan.bind(args, kwargs)
        if fast is not None:
            return fast
        return self._bind_slowly(args, kwargs)

    def _bind_slowly(self, args: tuple, kwargs: dict) -> Args:
        try:
            bound = self._signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise BindError(str(exc)) from None
        bound.apply_defaults()
        values = dict(bound.arguments)
        extra = {}
        for pname, param in self._signature.parameters.items():
            if param.kind is inspect.Parameter.VAR_KEYWORD:
                extra = values.pop(pname, {}) or {}
            elif param.kind is inspect.Parameter.VAR_POSITIONAL:
                values[pname] = tuple(values.get(pname, ()))
        return Args(values, extra)

    def refusal(self, args: Args) -> Optional[str]:
        """Why the framework refuses these arguments, or None (also when that is not
        known: a check that meets an Unknown or an odd value refuses nothing)."""
        negative = _negative_size(args)
        if negative is not None:
            return negative
        if self.refuses is None:
            return None
        try:
            return self.refuses(args)
        except (UnknownBranch, TypeError, ValueError, ArithmeticError, IndexError,
                AttributeError):
            return None

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]


def parse_signature(text: str) -> inspect.Signature:
    """Turn ``"in_features, out_features, bias=True"`` into an inspect.Signature.

    The text is ours (the catalog), never the analysed code; defaults must be
    literals.
    """
    from nnlint.source.guard import quiet
    with quiet():  # ast.parse on several threads at once fails in CPython 3.11
        fn = ast.parse(f"def f({text}): pass").body[0].args
    params = []
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD

    def default_of(node):
        return inspect.Parameter.empty if node is None else ast.literal_eval(node)

    positional = fn.posonlyargs + fn.args
    defaults = [None] * (len(positional) - len(fn.defaults)) + list(fn.defaults)
    for i, (arg, d) in enumerate(zip(positional, defaults)):
        k = inspect.Parameter.POSITIONAL_ONLY if i < len(fn.posonlyargs) else kind
        params.append(inspect.Parameter(arg.arg, k, default=default_of(d)))
    if fn.vararg:
        params.append(inspect.Parameter(fn.vararg.arg, inspect.Parameter.VAR_POSITIONAL))
    for arg, d in zip(fn.kwonlyargs, fn.kw_defaults):
        params.append(inspect.Parameter(arg.arg, inspect.Parameter.KEYWORD_ONLY,
                                        default=default_of(d)))
    if fn.kwarg:
        params.append(inspect.Parameter(fn.kwarg.arg, inspect.Parameter.VAR_KEYWORD))
    return inspect.Signature(params)


def need(value, what: str = "size"):
    """A dimension that a formula needs: ``None`` becomes Unknown."""
    if value is None:
        return Unknown(f"{what} not known statically")
    return value


def last_dim(shape: Shape, what: str = "input feature size"):
    if not shape:
        return Unknown(f"{what} not known (no input shape)")
    return need(shape[-1], what)


def prod(values):
    out = 1
    for v in values:
        out = out * v
    return out


def as_tuple(value, n: int):
    """Keras/torch accept ``3`` or ``(3, 3)`` for an n-d size."""
    if isinstance(value, (tuple, list)):
        if len(value) == 1 and n > 1:
            return tuple(value) * n
        return tuple(value)
    return (value,) * n


# -- arguments the framework refuses -------------------------------------------------------

# sizes a tensor dimension is made of: both frameworks refuse a negative one, even where two
# negatives would multiply to a positive count (nn.Linear(-3, -4, bias=False))
_SIZE_ARGUMENTS = (
    "in_features", "out_features", "in1_features", "in2_features", "in_channels",
    "out_channels", "num_features", "normalized_shape", "num_embeddings", "embedding_dim",
    "input_size", "hidden_size", "embed_dim", "kdim", "vdim", "d_model", "dim_feedforward",
    "num_channels", "num_parameters", "kernel_size", "units", "filters", "input_dim",
    "output_dim", "key_dim", "value_dim")
_SIZE_ORDER = {name: i for i, name in enumerate(_SIZE_ARGUMENTS)}


def _negative_size(args) -> Optional[str]:
    negative = []
    for name, value in args.items():
        if name in _SIZE_ORDER:
            items = value if isinstance(value, (tuple, list)) else (value,)
            if any(is_int(v) and v < 0 for v in items):
                negative.append((_SIZE_ORDER[name], name, value))
    if not negative:
        return None
    _, name, value = min(negative, key=lambda n: n[0])  # in the order of _SIZE_ARGUMENTS
    return f"{name} {value!r} is negative"


RAISES_HERE = "(the framework raises here)"


class Refused(ValueError):
    """Raised by a `weights` function for arguments the framework itself refuses
    once it sees the input (a Lazy module's first forward, a Keras layer's build).
    The runtime turns any ValueError there into an Unknown size, so the count is
    not exact and the message says why."""

    def __init__(self, why: str, when: str = RAISES_HERE):
        super().__init__(f"{why} {when}")


def holds(condition) -> bool:
    """A refusal condition known to be true; an Unknown one (``Unknown % 4 != 0``) is not."""
    return not isinstance(condition, Unknown) and bool(condition)


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def known_value(value) -> bool:
    """A plain Python value the framework's own check would see as written (not an
    Unknown, nor an object nnlint models only roughly)."""
    return value is None or isinstance(value, (bool, int, float, str, tuple, list))
