"""A model's declared input: the tensor shapes (and dtype) its forward pass is followed with.

    class Net(nn.Module):  # nnlint: input=(1, 3, 224, 224)
    net = Two()  # nnlint: input=[(1, 10), (1, 20)]
    class Text(nn.Module):  # nnlint: input=(1, 12) dtype=int64

    [tool.nnlint.inputs]
    "models/*.py::Net" = [1, 3, 224, 224]
    "Two" = [[1, 10], [1, 20]]
    "Text" = {shape = [1, 12], dtype = "int64"}

    nnlint --input-shape 1,3,224,224 ...    # every model without a declaration of its own

The comment on the model's line wins, then the first `[tool.nnlint.inputs]` key matching
`path::Model` (keys as `[tool.nnlint.budgets]`), then `--input-shape`. Nothing here imports
LibCST.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Optional, Tuple

MAX_RANK = 8
MAX_INPUTS = 16
# the dtypes an input may be declared with: torch's names and their aliases
DTYPE_NAMES = {
    "float32": "float32", "float": "float32", "float16": "float16", "half": "float16",
    "bfloat16": "bfloat16", "float64": "float64", "double": "float64",
    "int64": "int64", "long": "int64", "int32": "int32", "int": "int32", "int16": "int16",
    "int8": "int8", "uint8": "uint8", "bool": "bool",
}


class InputError(ValueError):
    """A declaration nnlint cannot read; the message says what was expected."""


@dataclass(frozen=True)
class InputDecl:
    shapes: Tuple[Tuple[int, ...], ...]  # one shape per argument of forward()
    dtype: str = "float32"
    source: str = ""  # where it was declared, for messages

    def as_json(self) -> list:
        return [list(s) for s in self.shapes]


def parse_shapes(value) -> Tuple[Tuple[int, ...], ...]:
    """"(1, 3, 224, 224)", "1,3,224,224", "[(1, 10), (1, 20)]", [1, 3] or [[1, 10], [1, 20]]
    -> ((1, 3, 224, 224),) ...; raises InputError."""
    if isinstance(value, str):
        text = value.strip()
        if text and text[0] not in "([":
            text = f"({text},)"
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise InputError(f"{value!r} is not a shape: write (1, 3, 224, 224), or a list "
                             "of shapes for several inputs") from None
    if isinstance(value, (list, tuple)) and value and all(_is_dim(d) for d in value):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value or len(value) > MAX_INPUTS:
        raise InputError(f"{value!r} is not a shape or a list of up to {MAX_INPUTS} shapes")
    shapes = []
    for shape in value:
        if not isinstance(shape, (list, tuple)) or len(shape) > MAX_RANK or \
                not all(_is_dim(d) for d in shape):
            raise InputError(f"{shape!r} is not a shape: expected up to {MAX_RANK} sizes, "
                             "each a whole number from 0 to 2**31")
        shapes.append(tuple(shape))
    return tuple(shapes)


def parse_dtype(value) -> str:
    name = str(value).strip().lower()
    for prefix in ("torch.", "np.", "numpy."):
        if name.startswith(prefix):
            name = name[len(prefix):]
    if name not in DTYPE_NAMES:
        raise InputError(f"unknown input dtype {value!r} (known: {', '.join(DTYPE_NAMES)})")
    return DTYPE_NAMES[name]


def statement_end(lines, line: int) -> int:
    """The last line of the logical line (statement, or class / def header) starting at
    `line` (1-based) of the source `lines`: where its NEWLINE token is."""
    import io
    import tokenize
    text = "".join(lines[line - 1:line - 1 + MAX_STATEMENT_LINES])
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.NEWLINE:
                return line + tok.start[0] - 1
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return line


MAX_STATEMENT_LINES = 60


def _is_dim(d) -> bool:
    return isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 2**31


def input_for(config, path: str, model: str, line: int, directives,
              last: Optional[int] = None) -> Optional[InputDecl]:
    """The input declared for one model, if any (see the module's docstring for the order);
    a comment may be on any line from `line` to `last`, the end of a statement (a class
    header or an assignment) written over several lines."""
    for at in range(line, max(line, last or line) + 1):
        inline = directives.inputs.get(at) if directives is not None else None
        if inline is not None:
            return inline
    if config is None:
        return None
    rel = config.relative(path)
    for entry in getattr(config, "inputs", ()):
        if entry.matches(rel, model):
            return entry.decl
    return getattr(config, "input_shape", None)
