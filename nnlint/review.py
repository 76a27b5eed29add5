"""Review mode: how a change moves each model's parameter count.

    nnlint review [--base REV] [--format text|json|markdown] [PATH ...]

Compares every model in the Python files that differ between REV (default: the
merge base with origin/main, else HEAD) and the working tree. The old version of
a file is read with `git show REV:path`; nothing is checked out and nothing is
run, so it is as safe on an untrusted pull request as the rest of nnlint.
Imports of other project files are read at the same revision as the file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Optional


class GitError(Exception):
    pass


def _git(args, cwd) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {' '.join(args)}: {exc}") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(msg[-1] if msg else f"git {' '.join(args)} failed")
    return proc.stdout


def default_base(root) -> str:
    for ref in ("origin/main", "origin/master", "main", "master"):
        try:
            return _git(["merge-base", ref, "HEAD"], root).decode().strip()
        except GitError:
            continue
    return "HEAD"


def changed_files(root, base, paths) -> list:
    out = _git(["diff", "--name-only", "--diff-filter=ACMRD", base, "--", *paths], root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "--", *paths], root)
    names = set(out.decode().splitlines()) | set(untracked.decode().splitlines())
    from nnlint.api import is_source
    return sorted(n for n in names if is_source(n))


class RevisionProject:
    """A Project whose files are read at a git revision instead of from the disk."""

    def __init__(self, root, rev):
        from nnlint.project import Project
        self.root = root
        self.rev = rev
        self.inner = Project(reader=self.read, exists=self.exists)
        self._listing = None

    def exists(self, path):
        if self._listing is None:
            out = _git(["ls-tree", "-r", "--name-only", self.rev], self.root)
            self._listing = set(out.decode().splitlines())
        rel = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        return rel in self._listing

    def read(self, path):
        rel = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        try:
            return _git(["show", f"{self.rev}:{rel}"], self.root)
        except GitError:
            raise OSError(f"{rel} not at {self.rev}")


@dataclass
class Change:
    path: str
    model: str
    framework: str
    before: Optional[int]
    after: Optional[int]
    exact: bool  # both sides exact

    @property
    def delta(self):
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def compare(root, base, paths) -> list:
    from nnlint.api import lint_source
    from nnlint.project import Project

    changes = []
    old_project = RevisionProject(root, base)
    new_project = Project()
    for rel in changed_files(root, base, paths):
        full = os.path.join(root, rel)
        try:
            old_bytes = old_project.read(full)
        except OSError:
            old_bytes = None
        old = lint_source(old_bytes, full, project=old_project.inner) if old_bytes else None
        new = None
        if os.path.exists(full):
            with open(full, "rb") as fh:
                new = lint_source(fh.read(), full, project=new_project)
        before = {m.name: m for m in (old.models if old else [])}
        after = {m.name: m for m in (new.models if new else [])}
        for name in sorted(set(before) | set(after)):
            b, a = before.get(name), after.get(name)
            fw = (a or b).framework
            bt = b.total_params if b else None
            at = a.total_params if a else None
            exact = (b is None or b.exact) and (a is None or a.exact)
            if b is not None and a is not None and bt == at and b.exact == a.exact:
                continue
            changes.append(Change(rel, name, fw, bt, at, exact))
    return changes


def _fmt(n):
    return "-" if n is None else f"{n:,}"


def _delta(c):
    d = c.delta
    if c.before is None:
        return "new"
    if c.after is None:
        return "removed"
    if d is None:
        return "?"
    pct = f" ({d / c.before:+.1%})" if c.before else ""
    return f"{d:+,}{pct}" + ("" if c.exact else " (not exact)")


def render_text(changes) -> str:
    if not changes:
        return "no model changed its parameter count\n"
    lines = [f"{'model':<40}{'before':>14}{'after':>14}  change"]
    for c in changes:
        lines.append(f"{(c.path + '::' + c.model)[:39]:<40}{_fmt(c.before):>14}"
                     f"{_fmt(c.after):>14}  {_delta(c)}")
    return "\n".join(lines) + "\n"


def render_markdown(changes) -> str:
    if not changes:
        return "nnlint: no model changed its parameter count.\n"
    lines = ["| model | before | after | change |", "| --- | ---: | ---: | --- |"]
    for c in changes:
        lines.append(f"| `{c.path}::{c.model}` | {_fmt(c.before)} | {_fmt(c.after)} | "
                     f"{_delta(c)} |")
    return "\n".join(lines) + "\n"


def render_json(changes) -> str:
    return json.dumps({"changes": [
        {"path": c.path, "model": c.model, "framework": c.framework, "before": c.before,
         "after": c.after, "delta": c.delta, "exact": c.exact} for c in changes]}, indent=2) + "\n"


def main(argv=None) -> int:
    from nnlint.cli import Parser

    parser = Parser(prog="nnlint review",
                    description="How a change moves each model's "
                                "parameter count (compared with a git revision).")
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--base", help="git revision to compare with "
                                       "(default: merge base with origin/main, else HEAD)")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    args = parser.parse_args(argv)
    try:
        root = _git(["rev-parse", "--show-toplevel"], os.getcwd()).decode().strip()
        base = args.base or default_base(root)
        _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], root)
        paths = [os.path.relpath(os.path.abspath(p), root) for p in args.paths]
        changes = compare(root, base, paths)
    except GitError as exc:
        print(f"nnlint review: {exc}", file=sys.stderr)
        return 2
    render = {"text": render_text, "json": render_json, "markdown": render_markdown}
    sys.stdout.write(render[args.format](changes))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and args.format != "markdown":
        try:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write("## nnlint: parameter counts\n\n" + render_markdown(changes))
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
