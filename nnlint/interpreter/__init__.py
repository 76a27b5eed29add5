"""The abstract interpreter of Python that nnlint runs construction code in.

It executes nothing: `evaluator.Interpreter` walks LibCST syntax with nnlint's own stand-ins
for values (`values`, `objects`); its mixins evaluate statements, definitions and
expressions; `builtins`, `stdlib`, `attributes` and `operations` are Python's own behaviour.
It imports no framework: frameworks plug in through `runtime`.
"""
