"""Hostile input, each a test: every file ends in bounded time and memory, with a report
that is well formed and a diagnostic that says what happened.

Runaway arithmetic, loops and recursion become Unknown (NNL101, not exact) or a spent
budget (NNL004); files too large or too deeply nested for the parser are refused before
parsing (NNL004, see nnlint/source/guard.py); bytes that are not Python are NNL002; syntax that is
not Python 3 is NNL001 on its line. A huge but legitimate count is exact.
"""

from __future__ import annotations

import sys
import time

import pytest

from nnlint.api import lint_file, lint_source
from nnlint.source import guard
from tests.test_robustness import assert_well_formed

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None

H = "import torch.nn as nn\n"


def _peak_mb():
    if resource is None:  # pragma: no cover
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def lint(source, path="hostile.py", seconds=10.0, megabytes=500):
    """lint_source within a time and memory bound (peak RSS growth), well formed. Time is
    this process's CPU time: a machine busy with other work does not make it fail (a
    hang is caught by pytest's faulthandler_timeout)."""
    before = _peak_mb()
    start = time.process_time()
    report = lint_source(source, path)
    elapsed = time.process_time() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert _peak_mb() - before < megabytes, f"peak memory grew {_peak_mb() - before:.0f} MB"
    assert_well_formed(report, path)
    return report


def model(report, name):
    found = [m for m in report.models if m.name == name]
    assert found, f"{name} not reported: {[m.name for m in report.models]}"
    return found[0]


def codes(report):
    return [d.code for d in report.diagnostics]


def messages(report):
    return " | ".join(d.message for d in report.diagnostics)


# ------------------------------------------------------------------- huge numbers
def test_linear_10_to_the_30_is_exact():
    report = lint(H + "net = nn.Linear(10**30, 10**30)\n")
    net = model(report, "net")
    assert net.exact
    assert net.total_params == 10**60 + 10**30
    assert net.trainable_params == 10**60 + 10**30


def test_power_tower_is_refused_not_computed():
    report = lint(H + "x = 2 ** 2 ** 40\nnet = nn.Linear(x, 3)\n", seconds=2)
    net = model(report, "net")
    assert not net.exact
    assert "too large" in messages(report)


@pytest.mark.parametrize("expr", [
    "pow(10, 10**9)",
    "math.comb(10**7, 5 * 10**6)",
    "math.prod([2**2000 * 2**2000] * 10000)",
    "math.prod(range(0, 10**12))",
    "1 << 10**9",
    "10**4000 * 10**4000",
    "len('%0999999999d' % 1)",
    "len('%*d' % (999999999, 1))",
    "len('{:>999999999}'.format(1))",
    "len('{:{}}'.format(1, 999999999))",
    "len('1'.zfill(10**9))",
    "len(','.join(['a' * 100000] * 100000))",
    "len(('a' * 100000).replace('a', 'a' * 100000))",
    "len(sum([[0] * 100000] * 100000, []))",
    "sum(range(10**12), 0)",
    "len(list(range(10**30)))",
    "len(range(10**30)) % 7 + 1",
    "len(itertools.chain(*([[1] * 100000] * 10000)))",
    "len([0] * 10**9)",
    "len('ab' * 10**9)",
    "len((1,) * 10**30)",
])
def test_runaway_computation_is_bounded(expr):
    src = H + f"import math, itertools\nn = {expr}\nnet = nn.Linear(n, 2)\n"
    report = lint(src, seconds=3, megabytes=300)
    net = model(report, "net")
    if net.exact:  # computed for real: it must then be the true value
        assert expr == "len(range(10**30)) % 7 + 1"
        assert net.total_params == (10**30 % 7 + 1) * 2 + 2


@pytest.mark.parametrize("display", ["[1, *range(10**9)]", "[1, *sys.argv]", "(1, *sys.argv)",
                                     "{1, *sys.argv}", "[*range(150000), *range(150000)]",
                                     "dict([(1, 2), *((str(i), i) for i in range(10**6))])"])
def test_display_with_a_starred_part_not_known_has_no_length(display):
    """[1, *range(10**9)] kept the Unknown as one item: len() was 2, an exact wrong count."""
    src = H + f"import sys\nxs = {display}\nnet = nn.Linear(len(xs), 2)\n"
    assert not model(lint(src, seconds=3), "net").exact


def test_doubling_containers_stop_at_the_size_limit():
    src = H + ("t = (1,) * 100000\nl = [1] * 100000\nfor i in range(40):\n"
               "    t = t + t\n    l = l + l\nnet = nn.Linear(len(t) + len(l), 2)\n")
    assert not model(lint(src, seconds=3, megabytes=300), "net").exact


@pytest.mark.parametrize("operation", [
    "z = x == y", "z = {x}", "z = {x: 1}", "z = set([x])", "z = str(x)", "z = 5 in x",
    "z = sorted([x, y])", "z = max(x)", "z = f'{x}'", "z = copy.deepcopy(x)",
])
def test_shared_structure_that_expands_exponentially(operation):
    """x = (x, x) forty times is forty objects; ==, hash and str would walk 2**40 items."""
    src = H + ("import copy\nx = (0,)\ny = (0,)\nfor i in range(40):\n    x = (x, x)\n"
               f"    y = (y, y)\n{operation}\nnet = nn.Linear(4, 2)\n")
    lint(src, seconds=3)


# ------------------------------------------------------------------ loops
def test_for_loop_over_range_10_to_the_12():
    src = H + ("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
               "        self.layers = nn.ModuleList()\n"
               "        for _ in range(10**12):\n"
               "            self.layers.append(nn.Linear(4, 4))\n")
    net = model(lint(src, seconds=5), "Net")
    assert not net.exact
    assert any(n.line == 6 for n in net.notes), net.notes


def test_infinite_while_loop_is_not_a_count():
    """The loop stops at MAX_LOOP iterations: what it assigned is not known, not 20000."""
    src = H + "i = 0\nwhile True:\n    i += 1\nnet = nn.Linear(i, 2)\n"
    net = model(lint(src, seconds=5), "net")
    assert not net.exact
    assert "loop stopped" in messages(lint(src))


def test_long_for_loop_is_not_a_partial_count():
    src = H + "t = 0\nfor i in range(30000):\n    t += 1\nnet = nn.Linear(t, 2)\n"
    assert not model(lint(src, seconds=5), "net").exact


def test_loop_whose_body_is_not_known_on_every_turn():
    """Each turn havocs a large `if` (its condition is unknown): the statement's names are
    collected once, not 20,000 times (pdb.py took 90 s)."""
    body = "".join(f"            v{i} = v{i - 1} + w.attr{i}\n" for i in range(1, 150))
    src = H + ("import os\ndef f():\n    i = 0\n    while i < 5000:\n"
               "        if os.environ.get('FLAG'):\n            v0 = 1\n" + body +
               "        i += 1\n    return i\nf()\nnet = nn.Linear(3, 2)\n")
    report = lint(src, seconds=5)
    assert model(report, "net").total_params == 8


def test_nested_loops_spend_the_step_budget():
    src = H + ("def size():\n    t = 0\n    for i in range(20000):\n"
               "        for j in range(20000):\n            t += 1\n    return t\n"
               "net = nn.Linear(size(), 2)\n")
    report = lint(src, seconds=10)
    assert "NNL004" in codes(report)
    assert all(not m.exact for m in report.models)


# --------------------------------------------------------------- recursion
def test_class_that_instantiates_itself():
    src = H + ("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
               "        self.fc = nn.Linear(4, 2)\n        self.inner = Net()\n")
    net = model(lint(src, seconds=5), "Net")
    assert not net.exact
    assert "depth" in " ".join(n.message for n in net.notes)


def test_class_that_instantiates_itself_three_times():
    """3**40 constructors if followed: the step budget stops it, and says so."""
    src = H + ("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
               "        self.a = Net()\n        self.b = Net()\n        self.c = Net()\n")
    report = lint(src, seconds=20)
    assert all(not m.exact for m in report.models)
    assert "NNL004" in codes(report) or report.models


def test_classes_that_instantiate_each_other():
    src = H + ("class A(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
               "        self.fc = nn.Linear(4, 2)\n        self.b = B()\n"
               "class B(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
               "        self.a = A()\n")
    report = lint(src, seconds=5)
    assert {m.name for m in report.models} <= {"A", "B"}
    assert all(not m.exact for m in report.models)
    assert report.diagnostics


def test_module_list_of_itself():
    src = H + ("class Net(nn.Module):\n    def __init__(self, n=2):\n        super().__init__()\n"
               "        self.blocks = nn.ModuleList([Net(n) for _ in range(n)])\n")
    report = lint(src, seconds=20)
    assert all(not m.exact for m in report.models)


def test_mutually_recursive_helpers():
    src = H + ("def even(n):\n    return True if n == 0 else odd(n - 1)\n"
               "def odd(n):\n    return False if n == 0 else even(n - 1)\n"
               "def width(n):\n    return helper(n) + 1\ndef helper(n):\n    return width(n)\n"
               "a = nn.Linear(4 if even(10) else 5, 2)\nnet = nn.Linear(width(3), 2)\n")
    report = lint(src, seconds=5)
    assert model(report, "a").exact and model(report, "a").total_params == 10
    net = model(report, "net")
    assert not net.exact
    assert "recursion" in messages(report) or "depth" in messages(report)


def test_recursive_lambda_and_factorial():
    src = H + ("f = lambda n: f(n)\ndef fact(n):\n    return 1 if n == 0 else n * fact(n - 1)\n"
               "a = nn.Linear(f(1), 2)\nb = nn.Linear(fact(10**6), 2)\nc = nn.Linear(fact(5), 2)\n")
    report = lint(src, seconds=5)
    assert not model(report, "a").exact and not model(report, "b").exact
    assert model(report, "c").exact and model(report, "c").total_params == 242


def test_class_with_undefined_bases():
    """Found by the sweep (_pydecimal.py: class DecimalException(ArithmeticError)): an
    Unknown base reached `==` in the MRO computation, whose truth raises."""
    src = H + ("class E(ArithmeticError):\n    pass\nclass F(E, Undefined):\n    pass\n"
               "net = nn.Linear(2, 2)\n")
    assert model(lint(src), "net").total_params == 6


@pytest.mark.parametrize("code", [
    "g = type((lambda: (yield))())",  # _collections_abc.py
    "yield 5",
    "class C:\n    x = yield",
    "f = lambda: (yield nn.Linear(2, 2))\nseq = nn.Sequential(*f())",
])
def test_yield_in_a_lambda_or_outside_a_function(code):
    """Found by the sweep: a yield outside a def escaped the evaluator (internal error)."""
    report = lint(H + code + "\nnet = nn.Linear(2, 2)\n")
    assert model(report, "net").total_params == 6


def test_list_nested_15000_deep_by_a_loop():
    src = H + ("x = []\ny = []\nfor i in range(15000):\n    x = [x]\n    y = [y]\n"
               "z = x == y\nnet = nn.Linear(3 if z else 4, 2)\n")
    report = lint(src, seconds=5)
    assert "NNL004" in codes(report) or not model(report, "net").exact


# ------------------------------------------------- expressions nested 10,000 deep
DEEP = {
    "parentheses": lambda n: "(" * n + "1" + ")" * n,
    "lists": lambda n: "[" * n + "1" + "]" * n,
    "dicts": lambda n: "{1: " * n + "1" + "}" * n,
    "calls": lambda n: "f(" * n + "1" + ")" * n,
    "unary minus": lambda n: "-" * n + "1",
    "not": lambda n: "not " * n + "1",
    "sum": lambda n: " + ".join(["1"] * n),
    "power": lambda n: " ** ".join(["1"] * n),
    "and": lambda n: " and ".join(["1"] * n),
    "attributes": lambda n: "a" + ".b" * n,
    "call chain": lambda n: "f" + "()" * n,
    "subscripts": lambda n: "a" + "[0]" * n,
    "lambdas": lambda n: "lambda: " * n + "1",
    "conditionals": lambda n: "1 if a else " * n + "1",
    "string concatenation": lambda n: "(" + " ".join(['"a"'] * n) + ")",
    "f-strings": lambda n: 'f"{' * n + "1" + '}"' * n,
    "inside an f-string": lambda n: 'f"{' + "(" * n + "1" + ")" * n + '}"',
}


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_expression_nested_10000_deep(shape):
    """LibCST's parser segfaults past ~1,500 brackets: the file is refused before parsing."""
    src = H + "def f(x=0):\n    return x\na = 1\nx = " + DEEP[shape](10_000) + "\n"
    src += "net = nn.Linear(4, 2)\n"
    report = lint(src, seconds=5, megabytes=200)
    assert codes(report) == ["NNL004"], report.diagnostics
    assert "nested" in report.diagnostics[0].message
    assert report.diagnostics[0].line == 5


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_expression_nested_just_under_the_limit(shape):
    """Accepted by the guard, then either evaluated or stopped by Python's recursion limit."""
    depth = guard.MAX_NESTING - 10
    src = H + "def f(x=0):\n    return x\na = 1\nx = " + DEEP[shape](depth) + "\n"
    src += "net = nn.Linear(4, 2)\n"
    report = lint(src, seconds=10, megabytes=300)
    assert "NNL003" not in codes(report)


def test_blocks_nested_10000_deep():
    src = H + "".join(" " * i + "if x:\n" for i in range(10_000)) + " " * 10_000 + "pass\n"
    report = lint(src, seconds=10, megabytes=300)
    assert codes(report) in (["NNL001"], ["NNL004"]), report.diagnostics


@pytest.mark.parametrize("levels", [20, 63, 64, 99])
def test_blocks_nested_as_deep_as_python_allows(levels):
    """One-column indentation, the deepest per column: parsed where the stack has room
    (each block costs the parser about 25 KB of stack), else on a thread of its own."""
    src = H + "".join(" " * i + "if x:\n" for i in range(levels)) + " " * levels + "pass\n"
    src += "net = nn.Linear(4, 2)\n"
    report = lint(src, seconds=10, megabytes=300)
    assert "NNL003" not in codes(report)


def test_usual_code_is_parsed_on_the_calling_thread(monkeypatch):
    """A thread of its own per parse costs the allocator an arena of its own (25 MB more
    over torchvision): the main thread parses what its stack surely holds."""
    import threading
    started = []
    monkeypatch.setattr(guard, "_main_stack_bytes", lambda: 8 << 20)  # Linux's usual 8 MB
    monkeypatch.setattr(threading.Thread, "start", lambda self: started.append(self))
    module = guard.parse_module(H + "class Net(nn.Module):\n    def __init__(self):\n"
                                "        super().__init__()\n        self.fc = nn.Linear(4, 2)\n")
    assert module.body and started == []


# ------------------------------------------------------------------ huge files
def test_50_megabyte_file(tmp_path):
    path = tmp_path / "huge.py"
    line = b"x = nn.Linear(1000, 1000)  # " + b"padding " * 8 + b"\n"
    with open(path, "wb") as fh:
        fh.write(H.encode())
        block = line * 10_000
        while fh.tell() < 50 * 2**20:
            fh.write(block)
    before = _peak_mb()
    start = time.process_time()
    report = lint_file(str(path))
    assert time.process_time() - start < 5
    assert _peak_mb() - before < 400
    assert_well_formed(report, str(path))
    assert codes(report) == ["NNL004"]
    assert "bytes" in report.diagnostics[0].message


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX only")
def test_fifo_and_device_named_like_python_files(tmp_path):
    """In a hostile checkout, model.py can be a FIFO (reading blocks forever) or a link to
    /dev/zero (reading never ends), and a model can import them."""
    import os
    os.mkfifo(tmp_path / "fifo.py")
    os.symlink("/dev/zero", tmp_path / "zero.py")
    (tmp_path / "model.py").write_text(H + "import fifo\nimport zero\nnet = nn.Linear(2, 2)\n")
    from nnlint.api import lint_paths
    start = time.process_time()
    reports = {r.path.rsplit("/", 1)[-1]: r for r in lint_paths([str(tmp_path)])}
    assert time.process_time() - start < 5
    for name in ("fifo.py", "zero.py"):
        assert codes(reports[name]) == ["NNL002"]
        assert "not a regular file" in reports[name].diagnostics[0].message
    assert model(reports["model.py"], "net").total_params == 6


def test_literal_list_of_a_million_numbers():
    src = H + "xs = [" + ", ".join(str(i) for i in range(1_000_000)) + "]\n"
    src += "net = nn.Linear(len(xs), 2)\n"
    report = lint(src, seconds=5, megabytes=300)
    assert codes(report) == ["NNL004"]
    assert report.models == []


@pytest.mark.parametrize("literal", ["1" + "0" * 5000, "0x" + "f" * 200_000, "1e999999",
                                     '"' + "a" * 900_000 + '"'])
def test_huge_literals(literal):
    """A 5,001-digit decimal literal raised ValueError (Python's 4,300-digit limit)."""
    report = lint(H + f"x = {literal}\nnet = nn.Linear(3, 2)\n", seconds=3)
    assert model(report, "net").total_params == 8


def test_literal_list_of_ten_thousand_numbers_is_counted():
    src = H + "xs = [" + ", ".join(str(i) for i in range(10_000)) + "]\n"
    src += "net = nn.Linear(len(xs), 2)\n"
    net = model(lint(src, seconds=10), "net")
    assert net.exact and net.total_params == 20002


def test_many_tokens_under_the_byte_limit():
    src = H + "xs = [" + ",".join("f(g(1))" for _ in range(60_000)) + "]\n"
    report = lint(src, seconds=5)
    assert codes(report) == ["NNL004"]
    assert "tokens" in report.diagnostics[0].message


# ---------------------------------------------------------- bytes and encodings
MODEL = "import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n" \
        "        super().__init__()\n        self.fc = nn.Linear(4, 2)\n\nnet = nn.Linear(3, 2)\n"


def _same_as_plain(report):
    assert {m.name: (m.total_params, m.exact, m.line) for m in report.models} == {
        "Net": (10, True, 3), "net": (8, True, 8)}


def test_non_utf8_bytes():
    report = lint(b"import torch.nn as nn\nx = '\xff\xfe\xfa'\nnet = nn.Linear(3, 2)\n")
    assert codes(report) == ["NNL002"]
    assert "decode" in report.diagnostics[0].message
    assert report.models == []


def test_nul_bytes():
    report = lint(MODEL.encode().replace(b"super()", b"super\0()"))
    assert codes(report) == ["NNL002"]
    assert "NUL" in report.diagnostics[0].message


def test_utf8_bom():
    _same_as_plain(lint(b"\xef\xbb\xbf" + MODEL.encode()))


def test_bom_with_a_conflicting_coding_line():
    report = lint(b"\xef\xbb\xbf# -*- coding: latin-1 -*-\n" + MODEL.encode())
    assert codes(report) == ["NNL002"]


def test_declared_latin1():
    src = "# -*- coding: latin-1 -*-\n# \xe9t\xe9\n" + MODEL
    report = lint(src.encode("latin-1"))
    assert {m.name: m.total_params for m in report.models} == {"Net": 10, "net": 8}
    assert all(m.exact for m in report.models)


def test_unknown_coding():
    report = lint(b"# coding: no-such-codec\n" + MODEL.encode())
    assert codes(report) == ["NNL002"]


def test_crlf_line_endings():
    _same_as_plain(lint(MODEL.replace("\n", "\r\n").encode()))


def test_cr_only_line_endings():
    report = lint(MODEL.replace("\n", "\r").encode())
    assert "NNL003" not in codes(report)


def test_tab_indented_file():
    _same_as_plain(lint(MODEL.replace("    ", "\t").encode()))


def test_inconsistent_tabs_and_spaces():
    src = H + "class Net(nn.Module):\n    def __init__(self):\n\tsuper().__init__()\n"
    report = lint(src)
    assert codes(report) == ["NNL001"]
    assert report.diagnostics[0].line == 4


def test_str_input_with_lone_surrogates():
    """An editor buffer (str) can hold what no file can: it is reported, not parsed."""
    report = lint(H + "x = '\udcff'\nnet = nn.Linear(3, 2)\n")
    assert codes(report) == ["NNL002"]


def test_unicode_identifiers():
    report = lint(H + "層 = nn.Linear(3, 2)\nnétwork = nn.Sequential(層)\n")
    assert model(report, "層").total_params == 8 and model(report, "nétwork").exact


def test_form_feeds_and_no_final_newline():
    report = lint(H + "\x0c\nnet = nn.Linear(3, 2)")
    assert model(report, "net").total_params == 8


# ---------------------------------------------------------------- old and new syntax
@pytest.mark.parametrize("line, message", [
    ('print "hello"', "parentheses"),
    ('exec "x = 1"', ""),
    ("x = `1`", ""),
    ("x = 0777", "leading zeros"),
    ("x = 10L", ""),
    ("x = 1 <> 2", ""),
    ('x = ur"abc"', ""),
    ('raise ValueError, "bad"', ""),
    ("def f((a, b)):\n    pass", ""),
])
def test_python2_syntax(line, message):
    report = lint(H + line + "\nnet = nn.Linear(3, 2)\n")
    assert codes(report) == ["NNL001"]
    assert report.diagnostics[0].line == 2, report.diagnostics
    assert message in report.diagnostics[0].message
    assert report.models == []


def test_valid_python_that_libcst_cannot_read():
    """PEP 526 allows `(x): int = 5`; LibCST 1.x does not: say so, not 'syntax error'."""
    report = lint(H + "(width): int = 5\nnet = nn.Linear(3, 2)\n")
    assert codes(report) == ["NNL001"]
    assert "cannot read this valid Python" in report.diagnostics[0].message


@pytest.mark.xfail(strict=True, reason="LibCST accepts `except E, e:` (Python 2), so the file "
                   "is counted although Python 3 cannot run it; reported")
def test_python2_except_comma():
    report = lint(H + "try:\n    pass\nexcept ValueError, e:\n    pass\n"
                  "net = nn.Linear(3, 2)\n")
    assert codes(report) == ["NNL001"]


@pytest.mark.parametrize("source, name, total", [
    ("type Size = int\nnet = nn.Linear(3, 2)\n", "net", 8),
    ("def first[T](xs: list[T]) -> T:\n    return xs[0]\nnet = nn.Linear(first([3, 4]), 2)\n",
     "net", 8),
    ("class Net[T](nn.Module):\n    def __init__(self):\n        super().__init__()\n"
     "        self.fc = nn.Linear(4, 2)\n", "Net", 10),
    ('n = 4\ns = f"{f"{f"{n}"}"}"\nnet = nn.Linear(int(s), 2)\n', "net", 10),
    ('d = {"k": 3}\nnet = nn.Linear(int(f"{d["k"]}"), 2)\n', "net", 8),
    ('net = nn.Linear(int(f"{\n    1 + 2\n}"), 2)\n', "net", 8),
    ("def f[T = int](x: T) -> T:\n    return x\nnet = nn.Linear(f(3), 2)\n", "net", 8),
    ("type Pair[T = int] = tuple[T, T]\nnet = nn.Linear(3, 2)\n", "net", 8),
    ("try:\n    pass\nexcept* ValueError:\n    pass\nnet = nn.Linear(3, 2)\n", "net", 8),
], ids=["type-alias", "generic-function", "generic-model-class", "nested-fstrings",
        "fstring-same-quotes", "multiline-fstring", "type-param-default-3.13",
        "type-alias-default-3.13", "except-star"])
def test_python_312_and_313_syntax(source, name, total):
    m = model(lint(H + source), name)
    assert m.exact and m.total_params == total


def test_attribute_chain_grown_in_a_loop_stays_fast():
    """`while node: node = node.next` on an outside object built a name one attribute longer
    per turn, and every truth test split it whole: dis.py took 16 s (sweep, 2026-11-24)."""
    import time
    src = ("import torch.nn as nn\nimport types\nnode = types.head\nn = 0\n"
           "while node and n < 20000:\n    node = node.next\n    n += 1\n"
           "net = nn.Linear(4, 4)\n")
    start = time.process_time()
    report = lint_source(src, "chain.py")
    assert time.process_time() - start < 10
    assert [m.name for m in report.models] == ["net"]
