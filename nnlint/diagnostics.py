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
    Rule("NNL104", "counted-assuming-defaults", "info",
         "A model's size depends on the script's command line (argparse options, sys.argv), "
         "so its count is not exact; run without arguments, it has the number this note "
         "gives. The note names each default used and the line that declares it.",
         "How a script is run is not in its source: the count under the defaults is what "
         "its author usually wants to see, but another command line gives another model. "
         "The model stays `exact: false` with its lower bound; JSON has the count as "
         "`assuming_defaults`.",
         "parser.add_argument(\"--hidden\", type=int, default=128)\n"
         "args = parser.parse_args()\nnet = nn.Linear(784, args.hidden)",
         "Nothing to fix; for an exact count, build the model from constants."),
    Rule("NNL005", "invalid-configuration", "error",
         "A [tool.nnlint] value cannot be used. The message names the key and the file. The "
         "command line stops with exit status 2; the flake8 plugin, which cannot stop flake8, "
         "reports it on line 1 of each file instead.",
         "A budget that is silently ignored because of a typo would let any model through.",
         '[tool.nnlint]\nmax-params = "5 million"',
         'Write counts as 7993, "7_993", "250K", "25.6M" or "1.5B"; see docs/configuration.md.'),
    Rule("NNL006", "invalid-comment", "error",
         "A `# nnlint:` comment cannot be read: an unknown setting or a count that is not a "
         "number.",
         "A budget comment that nnlint cannot read would otherwise check nothing, silently.",
         "class Net(nn.Module):  # nnlint: max-params=five",
         "Write `# nnlint: max-params=5M`, `# nnlint: max-trainable-params=1M`, "
         "`# nnlint: ignore` or `# nnlint: ignore[NNL301]`."),
    Rule("NNL201", "max-params-exceeded", "error",
         "A model has more parameters than its budget (`max-params`, a "
         "[tool.nnlint.budgets] entry or a `# nnlint: max-params=` comment). The message gives "
         "the count, the budget, the overshoot and where the budget was set. A count that is "
         "only a lower bound fails too when it is already over: the real count is larger.",
         "Parameter counts grow by accident: a wider default, an extra block, a vocabulary "
         "size. A budget catches it at commit time instead of at deployment.",
         "class Net(nn.Module):  # nnlint: max-params=1M\n"
         "    def __init__(self):\n"
         "        super().__init__()\n"
         "        self.fc = nn.Linear(4096, 4096)  # 16,781,312 parameters",
         "Shrink the model, or raise the budget where it is set if the growth is intended."),
    Rule("NNL202", "max-trainable-params-exceeded", "error",
         "A model has more trainable parameters than its `max-trainable-params` budget "
         "(frozen parameters and Keras non-trainable weights do not count).",
         "Fine-tuning setups often promise to train only a small head or adapter; unfreezing "
         "a backbone by mistake multiplies memory and time.",
         "[tool.nnlint.budgets]\n\"finetune.py::Classifier\" = {max-trainable-params = \"100K\"}",
         "Freeze what should be frozen (`requires_grad_(False)`, `trainable = False`), or "
         "raise the budget."),
    Rule("NNL203", "budget-unverified", "error",
         "A model has a budget but its count is not exact (see its NNL1xx notes), and the "
         "lower bound is within the budget, so nnlint cannot tell whether the model keeps to "
         "it. Only reported with `allow-inexact = false`; by default such a model passes.",
         "A strict project may prefer failing to passing a budget it cannot check.",
         "hidden = int(os.environ[\"HIDDEN\"])  # nnlint: max-params=1M\n"
         "net = nn.Linear(784, hidden)",
         "Make the sizes static (literals, constants, defaults), or set `allow-inexact = true`."),
    Rule("NNL204", "budget-matches-no-model", "warning",
         "A `[tool.nnlint.budgets]` key names this file (its part before `::`) but none of "
         "the models nnlint finds in it. Keys without a path apply to every file and are not "
         "checked this way.",
         "A misspelt model name, or a model renamed since the budget was written, would "
         "otherwise leave the budget silently checking nothing.",
         "[tool.nnlint.budgets]\n\"models/heads.py::Clasifier\" = \"2M\"  # the class is Classifier",
         "Spell the key as nnlint names the model (`nnlint models/heads.py` lists them)."),
    Rule("NNL301", "shape-mismatch", "error",
         "Two layers that follow each other disagree on a size that both state: the first "
         "gives N features (or channels), the next expects M. Checked in `nn.Sequential(...)` "
         "and along straight-line code in `forward` (`x = self.fc1(x)` then `self.fc2(x)`), "
         "where both sizes are literal numbers or module constants; and, for a torch model "
         "with a declared input (`# nnlint: input=(1, 3, 32, 32)`), wherever the forward pass "
         "nnlint follows gives a layer an input it would refuse (a `Linear` whose "
         "`in_features` is not the flattened size, a channel count), with both shapes.",
         "PyTorch raises `mat1 and mat2 shapes cannot be multiplied` only when the model "
         "first runs; nnlint finds it before anything runs.",
         "net = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(64, 10))",
         "Make the input size of the second layer equal the output size of the first."),
    Rule("NNL302", "module-in-plain-container", "warning",
         "Layers are created inside a plain Python list or dict kept on an `nn.Module` "
         "(`self.layers = [nn.Linear(...) ...]`). PyTorch does not register them: their "
         "parameters are missing from `model.parameters()` (the optimizer never trains them), "
         "from `state_dict()` and from `.to(device)`.",
         "The model runs, so nothing fails; it just never learns those layers, or fails later "
         "with tensors on two devices.",
         "self.layers = [nn.Linear(64, 64) for _ in range(4)]",
         "Use `nn.ModuleList([...])` for a list and `nn.ModuleDict({...})` for a dict."),
    Rule("NNL303", "unused-submodule", "warning",
         "A submodule assigned in `__init__` is never used: no method of the class (nor "
         "anything else in the file) reads the attribute. Its parameters are counted, saved "
         "and given to the optimizer, yet never affect the output.",
         "Usually a leftover from a refactor (a layer replaced but not deleted), or a forward "
         "that forgot a layer.",
         "self.fc1 = nn.Linear(784, 128)\nself.fc2 = nn.Linear(128, 10)\n"
         "self.fc3 = nn.Linear(10, 10)   # forward uses fc1 and fc2 only",
         "Delete the layer, or call it in forward. If another file uses it, add "
         "`# noqa: NNL303` on the assignment."),
    Rule("NNL304", "keras-declared-input-ignored", "warning",
         "A Keras layer that is not the first of its Sequential declares an input size "
         "(`input_shape=` / `input_dim=`) that differs from what the layer before it gives. "
         "Keras ignores the declaration and builds the layer on the real input, so its weights "
         "are not the size the code states.",
         "The declaration documents a model that does not exist; the real count differs "
         "from what a reader expects.",
         "keras.Sequential([keras.Input(shape=(784,)), layers.Dense(64),\n"
         "                  layers.Dense(10, input_dim=32)])",
         "Remove the declaration (only the first layer, or a keras.Input, sets the input) or "
         "fix the layer before it."),
]}


def rule(code: str) -> Rule:
    return RULES[code]
