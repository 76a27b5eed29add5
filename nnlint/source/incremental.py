"""Parsing a file again after an edit, reusing the statements that did not change.

    reparser = Reparser(inert)        # inert(ast statement): see Reparser
    parsed = reparser.parse(text)   # (module, positions), or None: parse it whole

The language server parses every version of a document someone is typing in. LibCST
parses a thousand lines in about 100 ms; CPython's `ast` in a tenth of that. So `ast`
finds where each top-level statement starts (after an edit, reading only the lines
from the statement the edit starts in to the first statement after it that the edit
left alone), the text is cut there into units (a statement, with the blank and comment
lines that follow it), and only a unit whose text was not in the last version is parsed
with LibCST, alone; the others are the last version's nodes. The module assembled from
them is the one `libcst.parse_module` makes of the whole text (the tests compare them
node by node, on every kind of file):

- a unit ends where the next statement starts, so the lines between two statements
  are parsed with the first: LibCST gives the ones indented into its last block to
  that block's footer, and leaves the others to the next statement's `leading_lines`,
  as in a parse of the whole text;
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
        self._lines = None  # the last version's text, split at its newlines
        self._statements = None  # [(first line, inert)] of its top-level statements

    def parse(self, text: str):
        """(module, positions) of `text`, reusing the last version's unchanged units;
        None when the whole text must be parsed instead (which reports any problem)."""
        if not _plain(text):
            return None
        lines = text.split("\n")
        statements = _statements(lines, self._lines, self._statements, self._inert)
        if not statements or all(inert for _, inert in statements):
            return None  # nothing to cut, or nothing the caller parses
        cuts = _cuts(text, [first for first, _ in statements])
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
        module, lines_of = built
        positions = Positions(module, text, lines_of, self._positions)
        self._units, self._positions = dict(zip(keys, units)), positions
        self._lines, self._statements = lines, statements
        return module, positions


def _plain(text: str) -> bool:
    """Whether the text is one `ast` and LibCST cut alike: within the guard's size, one
    kind of line ending, no byte-order mark."""
    if len(text) > guard.MAX_SOURCE_BYTES // 4 and \
            len(text.encode("utf-8", "surrogatepass")) > guard.MAX_SOURCE_BYTES:
        return False
    crlf = text.count("\r\n")
    return text.count("\r") == crlf and (not crlf or crlf == text.count("\n")) and \
        not text.startswith("\ufeff")


def _statements(lines: list, old_lines, old, inert):
    """[(first line, inert)] of the top-level statements of the text split as `lines`;
    `ast` reads again only the statements around what changed since the text `old_lines`
    of statements `old` (the whole text when that is not enough). None: `ast` fails."""
    if old is None:
        return _read(lines, 0, inert)
    changed = _changed_lines(old_lines, lines)
    if changed is None:
        return old
    first_changed, last_old = changed
    before = [s for s in old if s[0] <= first_changed]
    start = before[-1][0] if before else 1  # the statement the edit starts in
    after = [s for s in old if s[0] > last_old]  # the first line of each: not edited
    delta = len(lines) - len(old_lines)
    end = after[0][0] + delta if after else len(lines) + 1
    # a piece of complete statements, before unedited ones, that parses alone: the
    # statements the whole text has there (whatever would join it to its neighbours,
    # an open bracket, a decorator, an indented line, an `else:`, fails alone)
    found = _read(lines[start - 1:end - 1], start - 1, inert)
    if found is None:
        return _read(lines, 0, inert)
    return before[:-1] + found + [(line + delta, flag) for line, flag in after]


def _changed_lines(old: list, new: list):
    """(first line that differs, last line of `old` that differs, 1-based; the latter is
    one less for an insertion), or None for the same lines."""
    n = min(len(old), len(new))
    i = 0
    while i < n and old[i] == new[i]:
        i += 1
    if i == len(old) == len(new):
        return None
    same = 0  # lines equal at the end, not overlapping the equal start
    while same < n - i and old[-1 - same] == new[-1 - same]:
        same += 1
    return i + 1, len(old) - same


def _read(lines: list, offset: int, inert):
    """[(first line + offset, inert)] of each top-level statement of the text `lines`
    (statements sharing a line, `a = 1; b = 2`, once); None when `ast` does not parse it or
    a statement does not start its line."""
    try:
        with guard.quiet():
            tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    out = []
    end = 0
    for stmt in tree.body:
        decorators = getattr(stmt, "decorator_list", None)
        first = decorators[0].lineno if decorators else stmt.lineno
        if first == end:  # after a semicolon: one LibCST statement line
            end = stmt.end_lineno
            out[-1] = (out[-1][0], out[-1][1] and inert(stmt))
            continue
        if first < end or first > len(lines):
            return None
        line = lines[first - 1]
        if not (line.startswith("@") if decorators else stmt.col_offset == 0 and line[:1].strip()):
            return None
        out.append((first + offset, inert(stmt)))
        end = stmt.end_lineno
    return out


def _cuts(text: str, firsts: list) -> list:
    """Offsets where the units start (the text's start, then each statement's but the
    first's), and the text's length."""
    line_starts = [0]
    at = text.find("\n")
    while at >= 0:
        line_starts.append(at + 1)
        at = text.find("\n", at + 1)
    return [0] + [line_starts[line - 1] for line in firsts[1:]] + [len(text)]


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
