"""Parsing a file again after an edit, reusing the statements that did not change.

    reparser = Reparser(inert)        # inert(ast statement): see Reparser
    parsed = reparser.parse(text)   # (module, positions), or None: parse it whole

The language server parses every version of a document someone is typing in. LibCST
parses a thousand lines in about 100 ms; CPython's `ast` in a tenth of that. So `ast`
finds where each top-level statement starts, the text is cut there into units (a
statement, with the blank and comment lines that follow it), and only a unit whose
text was not in the last version is parsed with LibCST, alone; the others are the
last version's nodes. The module assembled from them is the one `libcst.parse_module`
makes of the whole text (the tests compare them node by node, on every kind of file):

- a unit ends where the next statement starts, so the lines between two statements
  are parsed with the first: LibCST gives the ones indented into its last block to
  that block's footer, and leaves the others in the unit's module footer, which become
  the next statement's `leading_lines`, as in a parse of the whole text;
- the first unit holds what precedes the first statement (the module's header);
- the module's default indent is the first indented block's, and a unit parsed alone
  records its indented blocks relative to its own first one: a unit whose first
  block is indented otherwise (a file mixing 2 and 4 spaces) is not reused: the
  whole text is parsed instead.

Anything unusual (a syntax error, a lone carriage return, mixed line endings, a
decorator whose `@` is not where `ast` says, a file or piece too large or too deep for
`nnlint.source.guard`) returns None, and the caller parses the whole text, which
reports the problem as it always does. Positions (`nnlint.source.positions`) of the
reused statements come from the last version's tables, shifted.
"""

from __future__ import annotations

import ast

import libcst as cst

from nnlint.source import guard
from nnlint.source.positions import Positions


class _Unit:
    """One unit's parse: its statement (without leading lines, but the first unit's), the
    lines after it that no block of it owns, and what the module and the guard need."""

    __slots__ = ("statement", "header", "footer", "indent", "trailing", "tokens", "depth",
                 "joined")

    def __init__(self, statement, header, footer, indent, trailing, measure):
        self.statement = statement
        self.header = header  # the module's header: the first unit's only
        self.footer = footer
        self.indent = indent  # the default indent its blocks are relative to (None: no block)
        self.trailing = trailing  # whether the unit ends with a newline
        self.tokens, self.depth = measure
        self.joined = None  # (text of its leading lines, the statement with them)

    def after(self, before: str, leading) -> cst.CSTNode:
        """The statement with `leading` lines (the footer of the unit before, whose text is
        `before`): the same node from one version to the next while they stay the same."""
        if not leading:
            return self.statement
        text = _last_lines(before, len(leading))
        if self.joined is None or self.joined[0] != text:
            self.joined = (text, self.statement.with_changes(leading_lines=leading))
        return self.joined[1]


class Reparser:
    """The parses of one document, version after version (not for several threads)."""

    def __init__(self, inert=lambda stmt: False):
        # inert(top-level `ast` statement): a text of only such statements is not parsed
        # (lint_source parses no file that certainly holds no model)
        self._inert = inert
        self._units = {}  # (unit text, whether it ends the file) -> _Unit, of the last version
        self._positions = None

    def parse(self, text: str):
        """(module, positions) of `text`, reusing the last version's unchanged units;
        None when the whole text must be parsed instead (which reports any problem)."""
        cuts = _cuts(text, self._inert)
        if cuts is None:
            return None
        keys = [(text[a:b], b == len(text)) for a, b in zip(cuts, cuts[1:])]
        newline = "\r\n" if "\r\n" in text else "\n"
        if self._units:
            units = [self._units.get(key) or _parse_unit(*key, newline) for key in keys]
        else:  # a first version: one parse of the whole text is faster, then cut
            units = _units_of_whole(text, keys)
        if units is None or None in units:
            return None
        built = _assemble(newline, keys, units)
        if built is None:
            return None
        module, lines = built
        positions = Positions(module, text, lines, self._positions)
        self._units, self._positions = dict(zip(keys, units)), positions
        return module, positions


def _cuts(text: str, inert):
    """Offsets where the units start, and the text's length; None when `ast` cannot cut
    the text the way LibCST would read it."""
    if len(text) > guard.MAX_SOURCE_BYTES // 4 and \
            len(text.encode("utf-8", "surrogatepass")) > guard.MAX_SOURCE_BYTES:
        return None
    crlf = text.count("\r\n")
    if text.count("\r") != crlf or (crlf and crlf != text.count("\n")) or \
            text.startswith("\ufeff"):
        return None  # lone "\r" or mixed line endings: a whole parse decides
    try:
        with guard.quiet():
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    firsts = _first_lines(tree, text)
    if not firsts or all(inert(stmt) for stmt in tree.body):
        return None  # nothing to cut, or nothing the caller parses
    line_starts = [0]
    at = text.find("\n")
    while at >= 0:
        line_starts.append(at + 1)
        at = text.find("\n", at + 1)
    return [0] + [line_starts[line - 1] for line in firsts[1:]] + [len(text)]


def _first_lines(tree: ast.Module, text: str):
    """The first line (1-based) of each top-level statement, statements that share a line
    (`a = 1; b = 2`) counted once; None when a statement does not start a line."""
    lines = text.split("\n")
    firsts = []
    end = 0
    for stmt in tree.body:
        decorators = getattr(stmt, "decorator_list", None)
        first = decorators[0].lineno if decorators else stmt.lineno
        if first == end:
            end = stmt.end_lineno  # after a semicolon: one LibCST statement line
            continue
        if first < end or first > len(lines):
            return None
        line = lines[first - 1]
        if not (line.startswith("@") if decorators else stmt.col_offset == 0 and line[:1].strip()):
            return None
        firsts.append(first)
        end = stmt.end_lineno
    return firsts


def _measure(piece: str):
    """(tokens, depth) of a piece, as guard.check() counts them (they add up, and the
    deepest piece is the file's depth); None past the guard's limits."""
    depth = guard.nesting(piece)[0]
    tokens = guard.count_tokens(piece)
    if depth > guard.MAX_NESTING or tokens > guard.MAX_TOKENS:
        return None
    return tokens, depth


def _parse_unit(piece: str, last: bool, newline: str):
    """The _Unit of one piece of text (`last`: the end of the file), or None if it is too
    deep, does not parse, or is not one statement."""
    measure = _measure(piece)
    if measure is None:
        return None
    try:  # a `pass` after it takes the lines none of its blocks owns as its leading lines
        # (a module's footer would not do: LibCST drops a blank line before an indented
        # comment at the end of a file)
        module = guard.parse_module(piece if last else piece + "pass" + newline)
    except (cst.ParserSyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if len(module.body) != (1 if last else 2):
        return None
    block = _first_block(module.body[0])
    return _Unit(module.body[0], module.header,
                 module.footer if last else module.body[1].leading_lines,
                 None if block is None else module.default_indent,
                 module.has_trailing_newline, measure)


def _units_of_whole(text: str, keys: list):
    """The units of one parse of the whole text, or None (a file that mixes indents, too
    deep or large for the guard, or cut otherwise than LibCST reads it)."""
    measures = [_measure(piece) for piece, _ in keys]
    if None in measures or sum(m[0] for m in measures) > guard.MAX_TOKENS:
        return None
    try:
        module = guard.parse_module(text)
    except (cst.ParserSyntaxError, ValueError, RecursionError, MemoryError):
        return None
    body = module.body
    if len(body) != len(keys):
        return None
    units = []
    for i, stmt in enumerate(body):
        block = _first_block(stmt)
        if block is not None and block.indent is not None:
            return None  # its blocks are not relative to their first: parsed alone they would be
        bare = stmt.with_changes(leading_lines=()) if i and stmt.leading_lines else stmt
        last = i + 1 == len(body)
        unit = _Unit(bare, () if i else module.header,
                     module.footer if last else body[i + 1].leading_lines,
                     None if block is None else module.default_indent,
                     module.has_trailing_newline if last else True, measures[i])
        if bare is not stmt:
            unit.joined = (_last_lines(keys[i - 1][0], len(stmt.leading_lines)), stmt)
        units.append(unit)
    return units


def _assemble(newline: str, keys: list, units: list):
    """(module, id(statement) -> line its code starts on) from the units in order, or None
    when the units disagree about the default indent (a whole parse decides then)."""
    indent = next((u.indent for u in units if u.indent is not None), "    ")
    tokens = 0
    body, lines = [], {}
    line = 1
    before, leading = "", ()
    for i, ((piece, _), unit) in enumerate(zip(keys, units)):
        if unit.indent not in (None, indent) or (i and (unit.header or
                                                        unit.statement.leading_lines)):
            return None
        tokens += unit.tokens
        stmt = unit.after(before, leading)
        body.append(stmt)
        lines[id(stmt)] = line - len(leading) if i else line + len(unit.header)
        line += piece.count("\n")
        before, leading = piece, unit.footer
    if tokens > guard.MAX_TOKENS:
        return None
    module = cst.Module(body=body, header=units[0].header, footer=units[-1].footer,
                        encoding="utf-8", default_indent=indent, default_newline=newline,
                        has_trailing_newline=units[-1].trailing)
    return module, lines


def _last_lines(piece: str, count: int) -> str:
    """The last `count` lines of a piece that ends with a newline."""
    at = len(piece) - 1
    for _ in range(count):
        at = piece.rfind("\n", 0, at)
    return piece[at + 1:]


def _first_block(node):
    """A statement's first indented block in the source (its indent sets a unit's default
    indent), or None."""
    if isinstance(node, cst.IndentedBlock):
        return node
    if isinstance(node, cst.SimpleStatementLine):
        return None
    for name in ("body", "handlers", "orelse", "finalbody", "cases"):
        value = getattr(node, name, None)
        for child in value if isinstance(value, (tuple, list)) else (value,):
            if isinstance(child, cst.CSTNode):
                block = _first_block(child)
                if block is not None:
                    return block
    return None
