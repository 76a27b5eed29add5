"""The `nnlint` command: parse arguments, lint paths, print a format, exit with a status.

Exit status:
    0  nothing at error severity (warnings and notes may have been printed)
    1  a budget exceeded (NNL201/202/203) or another error-severity finding
       (a syntax error, a shape mismatch, an unreadable nnlint comment ...)
    2  usage or configuration error: a bad option, a missing path, a folder without
       Python files, a broken [tool.nnlint] value (the message names the key and the file);
       always a single line on stderr
"""

from __future__ import annotations

import argparse
import os
import sys

from nnlint import __version__

FORMATS = ("concise", "text", "json", "sarif", "github")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line (no usage block) and exits 2."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _size(text):
    from nnlint.config import ConfigError, parse_size
    try:
        return parse_size(text, "")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _jobs(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return value


def _codes(text):
    from nnlint.config import ConfigError, parse_codes
    try:
        return parse_codes(text, "codes", "the command line")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _input_shape(text):
    """`1,3,224,224`, or `1,10;1,20` for a forward() of two inputs."""
    from nnlint.inputs import InputDecl, InputError, parse_shapes
    parts = [p for p in text.split(";") if p.strip()]
    try:
        shapes = sum((parse_shapes(p) for p in parts), ()) if len(parts) > 1 else \
            parse_shapes(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return InputDecl(shapes, "float32", "--input-shape")


def _depth(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a depth (1, 2, 3 ...)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    from nnlint.config import DTYPES

    p = Parser(
        prog="nnlint",
        description="Count PyTorch and Keras model parameters from source, "
                    "without importing or running it; check budgets and model-code mistakes.",
        epilog="`nnlint summary [PATH...]` prints the per-layer tables (--format text). "
               "`nnlint lsp` starts the language server (see docs/editors.md). "
               "`nnlint review [--base REV]` compares the counts with a git revision "
               "(see docs/review.md). exit status: 0 clean (warnings allowed), 1 a budget "
               "exceeded or an error-severity finding, 2 usage or configuration error")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, folders or notebooks (default: .); - reads standard input")
    p.add_argument("--format", choices=FORMATS, default="concise",
                   help="output format (default: concise, one line per model; text is the "
                        "per-layer table of `nnlint summary`)")
    p.add_argument("--depth", type=_depth, metavar="N",
                   help="text format: fold layers nested deeper than N into their block")
    p.add_argument("--output-file", "-o", metavar="FILE",
                   help="write the output to FILE instead of standard output")
    p.add_argument("--stdin-filename", metavar="PATH",
                   help="the name of the source read from - (for configuration and messages)")
    p.add_argument("--config", metavar="PATH",
                   help="use this TOML file for every file instead of finding "
                        "[tool.nnlint] in the nearest pyproject.toml")
    p.add_argument("--max-params", type=_size, metavar="N",
                   help="budget for every model's total parameters (7993, 250K, 25.6M, 1.5B)")
    p.add_argument("--max-trainable-params", type=_size, metavar="N",
                   help="budget for every model's trainable parameters")
    p.add_argument("--input-shape", type=_input_shape, metavar="SHAPE",
                   help="the input every torch model's forward() is followed with, unless "
                        "declared (# nnlint: input=...): 1,3,224,224 (several: 1,10;1,20)")
    p.add_argument("--select", type=_codes, metavar="CODES",
                   help="only these codes or prefixes (comma-separated; replaces the config's)")
    p.add_argument("--extend-select", type=_codes, metavar="CODES",
                   help="these codes too (for example NNL1 to show notes in every format)")
    p.add_argument("--ignore", type=_codes, metavar="CODES",
                   help="skip these codes or prefixes (added to the config's)")
    p.add_argument("--dtype", choices=sorted(DTYPES),
                   help="bytes per parameter for the sizes in the text output (default fp32)")
    p.add_argument("--optimizer", choices=("sgd", "momentum", "adam", "adamw"),
                   help="the optimizer whose state the training memory estimate counts "
                        "(default adam)")
    p.add_argument("--allow-inexact", action=argparse.BooleanOptionalAction, default=None,
                   help="let a count that is a lower bound within budget pass (default: yes)")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the cache of analyses (.nnlint_cache/ in the "
                        "project's root, or $NNLINT_CACHE_DIR)")
    p.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                   help="worker processes for many files (default: the machine's cores)")
    p.add_argument("--exit-zero", action="store_true",
                   help="exit 0 even when there are error-severity findings")
    p.add_argument("--version", action="version", version=f"nnlint {__version__}")
    return p


def overrides_from(args) -> dict:
    return {"max_params": args.max_params, "max_trainable_params": args.max_trainable_params,
            "select": args.select, "extend_select": args.extend_select, "ignore": args.ignore,
            "dtype": args.dtype, "optimizer": args.optimizer,
            "allow_inexact": args.allow_inexact,
            "input_shape": args.input_shape}


def render(fmt: str, reports, settings, depth=None) -> str:
    from importlib import import_module
    if fmt == "text":
        from nnlint.output import text
        return text.render(reports, settings, depth)
    return import_module(f"nnlint.output.{fmt}").render(reports, settings)


def _reports(paths, args, settings):
    """Reports in the order of the paths; `-` is the source on standard input. Files go
    to worker processes (`-j`, nnlint.adapters.parallel) when there are many."""
    from nnlint.adapters.parallel import default_jobs, lint_files
    from nnlint.api import iter_python_files, lint_source
    from nnlint.session import Session

    def excluded(p):
        return settings.for_path(p).is_excluded(p)

    found = [[] if p == "-" else list(iter_python_files([p], excluded)) for p in paths]
    reports = lint_files([f for files in found for f in files],
                         (args.config, overrides_from(args)), not args.no_cache,
                         args.jobs or default_jobs())
    for path, files in zip(paths, found):
        if path == "-":  # not cached: it has no file to be the same as
            name = args.stdin_filename or "-"
            yield lint_source(sys.stdin.buffer.read(), name, settings, Session(False).project)
        for _ in files:
            yield next(reports)


def _write(text: str, target) -> None:
    if target is None:
        sys.stdout.write(text)
        return
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(text)


def exit_status(reports) -> int:
    errors = any(d.severity == "error" for r in reports for d in r.diagnostics)
    return EXIT_FINDINGS if errors else EXIT_OK


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["review"]:  # `nnlint review`: counts before and after a change
        from nnlint.adapters import review
        return review.main(argv[1:])
    if argv[:1] == ["summary"]:  # `nnlint summary`: the per-layer tables
        argv = ["--format", "text", *argv[1:]]
    if argv[:1] == ["lsp"]:  # `nnlint lsp`: the language server, as `nnlint-lsp`
        from nnlint.adapters.lsp import server as lsp
        return lsp.main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = args.paths or ["."]
    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    if missing:
        print(f"nnlint: error: no such file or directory: {missing[0]}", file=sys.stderr)
        return EXIT_USAGE
    from nnlint.api import iter_python_files

    empty = [p for p in paths if os.path.isdir(p) and next(iter_python_files([p]), None) is None]
    if empty:
        print(f"nnlint: error: no Python files in {empty[0]}", file=sys.stderr)
        return EXIT_USAGE
    from nnlint.config import ConfigError, Settings

    try:
        settings = Settings(args.config, overrides_from(args))
        reports = list(_reports(paths, args, settings))
    except ConfigError as exc:
        print(f"nnlint: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        _write(render(args.format, reports, settings, args.depth), args.output_file)
    except OSError as exc:
        print(f"nnlint: error: cannot write {args.output_file}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USAGE
    if args.format == "github":
        from nnlint.output import github
        github.write_step_summary(reports, settings)
    return EXIT_OK if args.exit_zero else exit_status(reports)
