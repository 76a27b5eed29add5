"""The `nnlint` command: parse arguments, lint paths, print a format, exit with a status."""

from __future__ import annotations

import argparse
import os
import sys

from nnlint import __version__

FORMATS = ("text", "json")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="nnlint",
        description="Count PyTorch and Keras model parameters from source, "
                    "without importing or running it.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument("--version", action="version", version=f"nnlint {__version__}")
    return p


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = args.paths or ["."]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        print(f"nnlint: error: no such file or directory: {missing[0]}", file=sys.stderr)
        return EXIT_USAGE
    from nnlint.api import lint_paths
    from nnlint.output import json as json_out
    from nnlint.output import text as text_out

    reports = list(lint_paths(paths))
    render = {"json": json_out.render, "text": text_out.render}[args.format]
    sys.stdout.write(render(reports))
    errors = any(d.severity == "error" for r in reports for d in r.diagnostics)
    return EXIT_FINDINGS if errors else EXIT_OK
