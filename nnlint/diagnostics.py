"""The table of diagnostic codes. Each entry documents itself; docs/rules.md is generated from it.

Codes: NNL0xx input problems, NNL1xx counts that are not exact, NNL2xx budgets,
NNL3xx structural mistakes in model code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # error | warning | info
    summary: str
    why: str
    example: str = ""
    fix: str = ""


RULES = {r.code: r for r in [
    Rule("NNL001", "syntax-error", "error",
         "The file is not valid Python, so nothing in it could be counted.",
         "nnlint parses every file before counting; a file that does not parse has no models.",
         "class Net(nn.Module)\n    ...", "Fix the syntax error; Python's own message is shown."),
    Rule("NNL002", "unreadable-file", "error",
         "The file could not be read as Python source (binary data, an undecodable encoding, "
         "or a read error).",
         "Counting needs the source text.", "", "Check the file's encoding (UTF-8 or a PEP 263 "
         "coding line)."),
    Rule("NNL003", "internal-error", "error",
         "nnlint failed on this file. The run goes on with the other files.",
         "A bug in nnlint must never stop a lint run.", "", "Please report it with the file."),
    Rule("NNL004", "evaluation-limit", "warning",
         "Evaluating the file's model code reached one of nnlint's limits (steps, loop size, "
         "recursion, nesting); counts after that point are not exact.",
         "nnlint never runs your code, it evaluates it within bounds so that it can never hang.",
         "for _ in range(10**12): ...", "Nothing to fix in most cases; the counts are lower "
         "bounds."),
    Rule("NNL101", "count-not-exact", "info",
         "A model's count is not exact: something it depends on is not known statically. The "
         "message names what and where; the total is a lower bound.",
         "nnlint never prints a wrong exact number: when a size comes from sys.argv, a config "
         "file, an unknown layer class or a call it cannot follow, it says so.",
         "hidden = int(sys.argv[1])\nnet = nn.Linear(784, hidden)",
         "Use literal sizes, module constants or constructor defaults."),
    Rule("NNL102", "keras-model-not-built", "info",
         "A Keras model has no input shape, so Keras itself has not created its weights yet.",
         "Keras creates weights on the first call; without an Input(shape=...), input_shape= "
         "or model.build(shape), no count exists.",
         "model = keras.Sequential([layers.Dense(10)])",
         "Start the model with keras.Input(shape=...) or call model.build((None, n))."),
    Rule("NNL103", "lazy-module-not-materialized", "info",
         "A torch Lazy* module never saw an input, so its parameters do not exist yet.",
         "LazyLinear and friends infer their input size on the first forward pass.",
         "fc = nn.LazyLinear(10)", "Run the model once on an example input, or give the size."),
]}


def rule(code: str) -> Rule:
    return RULES[code]
