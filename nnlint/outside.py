"""What nnlint knows of a name from outside the analysed code (an `External`).

`External("sys.platform")` stands for an object that lives in the process that will run the
code, not in nnlint's: its value depends on the platform, the interpreter, the command line
and the installed versions. nnlint knows only the *kind* of some outside names: a module bound
by an import statement, a framework class of the catalogue, a function nnlint implements.
Such an object equals nothing but itself, is true, and is never a plain value: those questions
are decided. Of every other outside name (`sys.platform`, `os.sep`, `sys.argv`,
`torch.__version__`, `somelib.FLAG`) nothing is known, so its comparisons, truth, dict lookups
and `hasattr` / `getattr(..., default)` are undecided.

One place decides this: `kind()`. The evaluator (`==`, `is`, `in`), `builtins.truth`,
`hasattr`, `getattr` and the dict lookups all ask it.
"""

from __future__ import annotations

from nnlint.objects import External

# torch.nn.functional and keras.activations hold functions, and a few data tables
# (torch.nn.functional.reproducibility_notes ...): only lower-case names not ending so
_NOT_FUNCTIONS = ("_notes",)
_TYPING = ("typing.", "typing_extensions.", "collections.abc.", "collections.")


def kind(ext: External) -> str | None:
    """"module", "class", "function", or None where what the name holds is not known."""
    if ext.kind is not None:
        return ext.kind
    from nnlint.resolve import canonical
    q = canonical(ext.qualname)
    return _class_kind(q) or _function_kind(q)


def known(ext: External) -> bool:
    return kind(ext) is not None


def _class_kind(q: str) -> str | None:
    from nnlint import catalog, keras_rt, torch_rt
    from nnlint.calls import ENUM_BASES
    if catalog.lookup(q) is not None or q in torch_rt.MODULE_BASES or \
            q in torch_rt.CONTAINERS or q in ("torch.nn.Parameter", "torch.Tensor"):
        return "class"
    if q in keras_rt.MODEL_BASES or q in keras_rt.LAYER_BASES or q in keras_rt.WRAPPERS:
        return "class"
    head, _, tail = q.rpartition(".")
    if head in ("torch.nn", "keras.layers") and tail[:1].isupper() and tail != "Input":
        return "class"  # every capitalised name there is a class (Input is a function)
    if q in ENUM_BASES or (head == "builtins" and tail[:1].isupper()) or \
            q in ("builtins.object", "builtins.staticmethod", "builtins.classmethod",
                  "builtins.property", "builtins.type"):
        return "class"
    return None


def _function_kind(q: str) -> str | None:
    from nnlint.builtins import stdlib_function
    head, _, tail = q.rpartition(".")
    if head in ("torch.nn.functional", "keras.activations", "keras.ops") and \
            tail[:1].islower() and not tail.endswith(_NOT_FUNCTIONS):
        return "function"
    if q == "keras.Input" or stdlib_function(q) is not None:
        return "function"
    return None


def generic_alias(ext: External) -> bool:
    """`List[int]`, `Optional[nn.Module]`, `nn.ModuleList[Block]`: subscripting it gives
    a type for annotations, not an item of a value."""
    return ext.qualname.startswith(_TYPING) or kind(ext) == "class"


def undecided(value) -> External | None:
    """An outside name inside `value` whose equality with plain data is not known: a dict
    lookup or a set test with it as the key is undecided."""
    if isinstance(value, External):
        return None if known(value) else value
    if isinstance(value, (tuple, frozenset)):
        for v in value:
            found = undecided(v)
            if found is not None:
                return found
    return None
