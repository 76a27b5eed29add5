"""Reading a LibCST tree fast: the child nodes of a node, from its dataclass fields.

LibCST's visitors rebuild every node they pass (`_visit_and_replace_children`, each new
node validated again), which costs more than the parse for a read-only walk. nnlint's
walks only read, so they follow the fields directly, skipping those that hold only
whitespace and punctuation. Parents come first and each subtree is walked whole before
the next, in the order of the node's fields (mostly the source's; not for an Arg, whose
value comes before its keyword, a conditional expression or decorators).
"""

from __future__ import annotations

from typing import Dict

import libcst as cst

# fields that hold only whitespace and punctuation: never walked into
_SKIP_FIELDS = frozenset({
    "whitespace_before", "whitespace_after", "whitespace_after_func", "whitespace_before_args",
    "whitespace_after_star", "whitespace_after_arg", "whitespace_before_colon",
    "whitespace_after_colon", "whitespace_before_indent", "whitespace_after_name",
    "whitespace_after_class", "whitespace_after_def", "whitespace_before_params",
    "whitespace_before_equal", "whitespace_after_equal", "whitespace_after_op",
    "whitespace_before_op", "whitespace_before_keyword", "whitespace_after_keyword",
    "whitespace_after_if", "whitespace_after_in", "whitespace_before_in",
    "whitespace_after_for", "whitespace_before_for", "whitespace_after_lambda",
    "whitespace_after_return", "whitespace_after_import", "whitespace_before_import",
    "whitespace_after_from", "whitespace_after_as", "whitespace_before_as",
    "whitespace_after_assert", "whitespace_after_del", "whitespace_after_raise",
    "whitespace_after_await", "whitespace_after_yield", "whitespace_after_global",
    "whitespace_after_nonlocal", "whitespace_after_walrus", "whitespace_before_walrus",
    "whitespace_after_except", "whitespace_after_with", "whitespace_after_while",
    "whitespace_after_async", "whitespace_before_from", "whitespace_after_dot",
    "whitespace_before_dot", "whitespace_after_star_star", "whitespace_after_indicator",
    "whitespace_after_match", "whitespace_after_case", "whitespace_after_type",
    "leading_lines", "lines_after_decorators", "trailing_whitespace", "header", "footer",
    "lpar", "rpar", "lbracket", "rbracket", "lbrace", "rbrace", "comma", "semicolon",
    "equal", "colon", "dot", "star", "operator", "asynchronous", "newline", "indent",
    "default_indent", "default_newline", "encoding", "star_arg_comma",
})
_FIELDS: Dict[type, tuple] = {}  # node type -> the names of its fields that may hold nodes
_IS_NODE: Dict[type, bool] = {}


def _fields(t: type) -> tuple:
    names = _FIELDS.get(t)
    if names is None:
        names = tuple(f for f in getattr(t, "__dataclass_fields__", ()) if f not in _SKIP_FIELDS)
        _FIELDS[t] = names
    return names


def _is_node(t: type) -> bool:
    known = _IS_NODE.get(t)
    if known is None:
        known = _IS_NODE[t] = isinstance(t, type) and issubclass(t, cst.CSTNode)
    return known


def children(node) -> list:
    """The nodes directly under `node`, in the order of its fields."""
    out = []
    for name in _FIELDS.get(type(node)) or _fields(type(node)):
        value = getattr(node, name)
        t = type(value)
        if t is tuple or t is list:
            out.extend(x for x in value if _IS_NODE.get(type(x)) or _is_node(type(x)))
        elif _IS_NODE.get(t) or _is_node(t):
            out.append(value)
    return out


def walk(node, prune=()):
    """Every node under `node` (itself included), parents first, each subtree whole. Nodes
    of the types in `prune` are yielded but not entered."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if prune and isinstance(n, prune):
            continue
        stack.extend(reversed(children(n)))
