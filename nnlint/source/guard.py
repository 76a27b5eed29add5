"""Source on its way to the parser: read safely, checked for size and nesting, parsed
on a thread of its own, and syntax errors placed where CPython places them.

LibCST's native parser recurses on the machine stack. An expression nested a
thousand levels deep (``((((1))))``, ``-----1``, ``a.b.c...``, ``lambda: lambda: ...``)
overflows it and kills the whole process with a segmentation fault, which no
``except`` can catch; its time also grows with the square of such a chain, and
its memory is about 250 to 600 bytes per byte of source. So, before parsing:

- a file larger than `MAX_SOURCE_BYTES`, or of more than `MAX_TOKENS` tokens
  (words and punctuation: memory follows the token count), is refused (NNL004);
- `nesting()` estimates, with one regular-expression pass, how deep the deepest
  expression is, and a file deeper than `MAX_NESTING` is refused (NNL004).
  CPython itself refuses more than 200 nested brackets.

`parse_module()` then runs the parser on the main thread when its stack (the
process's RLIMIT_STACK) holds four times what the text's nesting and indentation
may need, else on a thread of its own with a large stack (`PARSE_STACK_BYTES`),
so that the depth it survives does not depend on the caller's thread (512 KB on
macOS, 1 MB on Windows) and a wrong estimate still has a wide margin.
`read_source()` reads only regular files, and only up to the size limit;
`syntax_error()` words NNL001. See docs/robustness.md.
"""

from __future__ import annotations

import ast
import contextlib
import errno
import io
import os
import re
import stat
import threading
import tokenize
import warnings

from nnlint.report import Diagnostic

_QUIET = threading.RLock()


@contextlib.contextmanager
def quiet():
    """Silence Python's warnings about the analysed code ("\\d": an invalid escape) while
    it is parsed or read. warnings.catch_warnings() swaps a process-wide list, so two
    threads overlapping in it could leave the filters of one behind; the lock serialises.
    Every ast.parse / compile runs under it too: CPython 3.11's AST constructor is not safe
    on several threads at once ("AST constructor recursion depth mismatch")."""
    with _QUIET, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


MAX_SOURCE_BYTES = 1_000_000
MAX_TOKENS = 250_000  # a 10,000-line file of 5,000 layers is 100,000: legitimate
MAX_NESTING = 400
PARSE_STACK_BYTES = 64 << 20

_WORD = re.compile(r"\w+|[^\w\s]")
_TOKEN = re.compile(r"""
    (?P<str>(?i:[rbuf]{0,2})(?:'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
        |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))
  | (?P<comment>\#[^\n]*)
  | (?P<cont>\\\r?\n)
  | (?P<trailer>(?<=[\w)\]}'"])[ \t]*[(\[])
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<sep>[,;])
  | (?P<nl>\n)
  | (?P<op>\b(?:and|or|not|lambda|if|else|for|await|in|is)\b
        |\*\*|//|<<|>>|[-+*/%@&|^~.<>])
""", re.VERBOSE | re.DOTALL)


def _fstring_body(token: str):
    """The text between the quotes of an f-string token, or None for other strings."""
    quote = min(i for i in (token.find("'"), token.find('"')) if i >= 0)
    if "f" not in token[:quote].lower():
        return None
    width = 3 if token[quote:quote + 3] in ("'''", '"""') else 1
    return token[quote + width:len(token) - width]


def nesting(text: str, _level: int = 0):
    """(estimated depth of the deepest expression, offset where it is reached).

    The estimate adds the open brackets to the operators, keywords, strings and
    calls or subscripts met since the last comma or statement at each bracket
    level: ``a + b + c`` and ``f()()()`` are trees three deep, a list of a million
    items is one level deep.
    """
    counts = [0]  # per open bracket level: nesting tokens since the last separator
    total = 1  # sum(counts) + len(counts)
    deepest, where = 0, 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "op" or kind == "str":
            counts[-1] += 1
            total += 1
            body = _fstring_body(m.group()) if kind == "str" and _level < 4 else None
            if body:  # f"{((((1))))}": the expressions inside count too
                inner, _ = nesting(body, _level + 1)
                if total + inner > deepest:
                    deepest, where = total + inner, m.start()
        elif kind == "open":
            counts.append(0)
            total += 1
        elif kind == "trailer":  # f(x)(y)[0]: a call or subscript nests what precedes it
            counts[-1] += 1
            counts.append(0)
            total += 2
        elif kind == "close":
            if len(counts) > 1:
                total -= counts.pop() + 1
        elif kind == "sep" or (kind == "nl" and len(counts) == 1):
            total -= counts[-1]
            counts[-1] = 0
            continue
        else:
            continue
        if total > deepest:
            deepest, where = total, m.start()
    return deepest, where


def check(text: str):
    """An NNL004 Diagnostic when the text is too large or too deep to parse safely, else None."""
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) * 4 > MAX_SOURCE_BYTES \
        else len(text)
    if size > MAX_SOURCE_BYTES:
        return Diagnostic("NNL004", 1, 0,
                          f"file not analysed: larger than nnlint's limit of "
                          f"{MAX_SOURCE_BYTES:,} bytes", "warning")
    tokens = count_tokens(text)
    if tokens > MAX_TOKENS:
        return Diagnostic("NNL004", 1, 0,
                          f"file not analysed: about {tokens:,} tokens, more than nnlint's limit "
                          f"of {MAX_TOKENS:,}", "warning")
    depth, offset = _nesting(text)
    if depth > MAX_NESTING:
        line = text.count("\n", 0, offset) + 1
        return Diagnostic("NNL004", line, 0,
                          f"file not analysed: an expression nested about {depth} levels deep "
                          f"(nnlint's limit is {MAX_NESTING})", "warning")
    return None


def count_tokens(text: str) -> int:
    """The words and punctuation check() counts. A file cut at line starts is counted
    piece by piece: the counts add up (the incremental parser keeps one per statement)."""
    return len(_WORD.findall(text))


def read_source(path: str, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """A file's bytes, read so that no file can block or exhaust memory.

    Only regular files: a FIFO named model.py would block the run forever, a link to
    /dev/zero would never end. At most `limit` + 1 bytes: check() refuses more (a notebook
    has a larger limit, its outputs are not analysed).
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a FIFO, device or socket)")
    with open(path, "rb") as fh:
        return fh.read(limit + 1)


_stack_lock = threading.Lock()


def start_big_stack_thread(target, name):
    """Start a daemon thread with a PARSE_STACK_BYTES stack, on which parse_module parses
    in place: a long-lived thread that parses often (the language server's worker)
    starts no thread per parse."""
    with _stack_lock:
        try:
            old = threading.stack_size(PARSE_STACK_BYTES)
        except (ValueError, RuntimeError):  # platform without settable stacks
            old = None
        try:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.nnlint_big_stack = old is not None
            thread.start()
        finally:
            if old is not None:
                threading.stack_size(old)
    return thread


def _for_the_last_text(compute):
    """compute(text), kept for the last text it was asked of: one (text, result) tuple,
    replaced whole, so that a thread never reads one text's result for another's."""
    last = [(None, None)]

    def remembered(text):
        last_text, found = last[0]
        if last_text is not text:
            found = compute(text)
            last[0] = (text, found)
        return found
    return remembered


@_for_the_last_text
def python_ast(text: str):
    """CPython's parse of `text` (SyntaxError and the like as ast.parse raises them):
    deciding whether a file can hold models and placing its statements both read it."""
    with quiet():  # invalid escapes etc.: the analysed code's, not ours
        return ast.parse(text)


# nesting(text), kept for the text parse_module() is given after check() measured it
_nesting = _for_the_last_text(nesting)


# stack the native parser may use, per level of the nesting() estimate and per column of
# indentation (each block it is nested in costs about 25 KB, and a block may be indented by
# one column): measured with LibCST 1.x, with room to spare
_BYTES_PER_LEVEL = 8 << 10
_BYTES_PER_COLUMN = 32 << 10
_INDENT = re.compile(r"^[ \t]+", re.M)


def _room_here(text: str) -> bool:
    """Whether the calling thread's stack can hold the parser's recursion on `text` with a
    wide margin (four times the estimate): only the main thread, whose stack size the
    process limit gives (RLIMIT_STACK). A thread of its own costs a memory arena of its own
    to the allocator (a run over torchvision kept 25 MB more) and a start."""
    if threading.current_thread() is not threading.main_thread():
        return False
    limit = _main_stack_bytes()
    if limit is None:
        return False
    columns = max((len(m.group().expandtabs()) for m in _INDENT.finditer(text)), default=0)
    need = _nesting(text)[0] * _BYTES_PER_LEVEL + columns * _BYTES_PER_COLUMN
    return 4 * need <= limit


def _main_stack_bytes():
    try:
        import resource
        soft, _hard = resource.getrlimit(resource.RLIMIT_STACK)
    except (ImportError, OSError, ValueError):  # Windows: no such limit to read
        return None
    return PARSE_STACK_BYTES if soft == resource.RLIM_INFINITY else soft


def parse_module(text: str):
    """`libcst.parse_module(text)` where the stack has room for it: on the calling thread
    when it can hold the parser's recursion on this text (`_room_here`), else on a thread
    with a PARSE_STACK_BYTES stack."""
    import libcst as cst

    if getattr(threading.current_thread(), "nnlint_big_stack", False) or _room_here(text):
        return cst.parse_module(text)  # a big-stack thread (the language server's), or room
    result = {}

    def run():
        try:
            result["module"] = cst.parse_module(text)
        except BaseException as exc:  # handed to the caller's thread
            result["error"] = exc

    with _stack_lock:
        try:
            old = threading.stack_size(PARSE_STACK_BYTES)
        except (ValueError, RuntimeError):  # platform without settable stacks
            return cst.parse_module(text)
        try:
            worker = threading.Thread(target=run, name="nnlint-parse", daemon=True)
            worker.start()
        finally:
            threading.stack_size(old)
    worker.join()
    if "error" in result:
        raise result["error"]
    return result["module"]


def syntax_error(text: str, exc) -> Diagnostic:
    """NNL001 for a file LibCST cannot parse, placed and worded by CPython's parser.

    LibCST's native parser puts tokenizer errors at line 1 and parser errors a
    token late, with a message listing expected tokens; CPython, asked again, says
    "Missing parentheses in call to 'print'" on the right line. Where CPython
    accepts the file (newer syntax than LibCST reads, or a LibCST gap such as
    `(x): int = 5`), the message says so, in LibCST's words.
    """
    line, column = exc.raw_line, exc.raw_column
    message = f"syntax error: {exc.message}"
    try:
        with quiet():  # invalid escapes etc.: not ours to print
            compile(text, "<nnlint>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as err:
        if err.lineno:
            line, column = err.lineno, max((err.offset or 1) - 1, 0)
            message = f"syntax error: {err.msg}"
    except (ValueError, RecursionError, MemoryError, OverflowError):
        pass
    else:  # valid for this Python: LibCST's own gap, e.g. `(x): int = 5`
        message = f"LibCST, nnlint's parser, cannot read this valid Python: {exc.message}"
    return Diagnostic("NNL001", line, column, message, "error")


def decode(data: bytes, path: str):
    """(text, None) or (None, Diagnostic) for bytes that are not Python source."""
    if b"\0" in data:
        return None, Diagnostic("NNL002", 1, 0, "binary file (NUL bytes): not Python source",
                                "error")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        return None, Diagnostic("NNL002", 1, 0, f"cannot decode file: {exc}", "error")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None
