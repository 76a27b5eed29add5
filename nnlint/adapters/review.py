"""Review mode: how a change moves each model's parameter count, and whether it may merge.

    nnlint review [--base REV] [--fail-over 5%|1M] [--format text|markdown|github|json]
                  [PATH ...]

Compares the models of every file that differs between REV (default: `base` of
[tool.nnlint.review], else the merge base with origin/main, else HEAD) and the working
tree, and of every file that imports one of them, directly or through other files
(review_imports), on both sides. Renamed and moved files are followed (`git diff -M`).
The old side is read with `git show` (review_git.Revision): nothing is checked out and
nothing is run, so it is as safe on an untrusted pull request as the rest of nnlint.

The verdict (review_verdict): budgets apply to the new side as in a normal run, and a
model that grows by more than a threshold fails; either makes the exit status 1.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import List, Optional

from nnlint.adapters.review_git import GitError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "markdown", "github", "json")
# diagnostics that mean a file's models were not counted at all on that side
NOT_COUNTED = ("NNL001", "NNL002", "NNL003", "NNL004")


@dataclass
class FileCompared:
    """One file on both sides: `path` on the new side (the old one for a removed file)."""
    path: str
    old_path: Optional[str]  # None: a new file
    new_exists: bool
    why: str  # "changed", "renamed", "imports models/config.py" ...
    models: List["Compared"] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)  # why a side was not counted
    size: float = 4  # bytes per parameter of its configured dtype
    dtype: str = "fp32"

    @property
    def renamed(self) -> bool:
        return self.old_path is not None and self.new_exists and self.old_path != self.path


@dataclass
class Compared:
    """One model on both sides of the change."""
    file: FileCompared
    name: str
    framework: str
    old: Optional[object]  # report.ModelReport, or None where the model is absent
    new: Optional[object]
    failures: List[str] = field(default_factory=list)  # why it fails review

    @property
    def before(self):
        return self.old.total_params if self.old else None

    @property
    def after(self):
        return self.new.total_params if self.new else None

    @property
    def exact(self) -> bool:
        """Both sides exact (a side without the model is exact: it has none)."""
        return (self.old is None or self.old.exact) and (self.new is None or self.new.exact)

    @property
    def delta(self):
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def delta_bound(self):
        """What `delta` is: "exact", "at least" (the count after is a lower bound, the one
        before exact), "at most" (the reverse), or None (both lower bounds, or absent)."""
        if self.delta is None:
            return None
        if self.old.exact and self.new.exact:
            return "exact"
        if self.old.exact:
            return "at least"
        return "at most" if self.new.exact else None

    @property
    def became_inexact(self) -> bool:
        return self.old is not None and self.new is not None and self.old.exact \
            and not self.new.exact

    @property
    def moved(self) -> bool:
        """Appeared, disappeared, or its count or exactness changed."""
        if self.old is None or self.new is None:
            return True
        return (self.before, self.old.trainable_params, self.old.exact) != \
            (self.after, self.new.trainable_params, self.new.exact)

    @property
    def line(self):
        return self.new.line if self.new else None

    @property
    def where(self) -> str:
        """"line 12", or "cell 3, line 2" in a notebook; "" for a removed model."""
        if self.new is None:
            return ""
        cell = getattr(self.new, "cell", None)
        return f"cell {cell}, line {self.line}" if cell else f"line {self.line}"


@dataclass
class Review:
    base_rev: str
    base: str  # commit
    head: Optional[str]  # the commit checked out (the new side is the working tree)
    files: List[FileCompared]
    thresholds: tuple = ()
    threshold_origin: str = ""

    @property
    def models(self):
        return [m for f in self.files for m in f.models]

    @property
    def failures(self):
        return [m for m in self.models if m.failures]


# ------------------------------------------------------------------ comparing
def source_text(rel, data):
    """The source nnlint reads of a file's bytes (for the import scan): a notebook's code
    cells joined, as lint_source reads them; None when it is not source."""
    from nnlint.source.notebook import NotANotebook, is_notebook, python_source
    if is_notebook(rel):
        try:
            return python_source(data)[0]
        except NotANotebook:
            return None
    from nnlint.api import decode
    return decode(data, rel)[0]


def compare(root, base, paths, settings, cache=None) -> List[FileCompared]:
    """`cache`: the persistent cache (nnlint.cache.Cache), or None. An entry is used on
    either side only if the files it read are as it read them on that side (at the base
    revision, or in the working tree), so the two sides never take each other's counts."""
    from nnlint.adapters.review_git import Revision, WorkingTree, changed
    from nnlint.adapters.review_imports import Importers, chain

    old, new = Revision(root, base), WorkingTree(root)
    pairs = {}  # new path (old path for a removed file) -> (old path, why)
    for old_rel, new_rel in changed(root, base):
        why = "renamed" if old_rel and new_rel and old_rel != new_rel else "changed"
        pairs[new_rel or old_rel] = (old_rel, new_rel is not None, why)
    changed_old = {o for o, _e, _w in pairs.values() if o}
    changed_new = {p for p, (_o, exists, _w) in pairs.items() if exists}
    for side, targets in ((old, changed_old), (new, changed_new)):
        via = Importers(side, source_text).dependents(targets)
        for rel in sorted(via):
            if rel not in pairs:  # unchanged, so at the same path on both sides
                pairs[rel] = (rel, True, "imports " + " -> ".join(chain(via, rel)))
    files = []
    for rel in sorted(pairs):
        old_rel, exists, why = pairs[rel]
        if _under(rel, paths) or (old_rel and _under(old_rel, paths)):
            files.append(_compare_file(FileCompared(rel, old_rel, exists, why),
                                       old, new, settings, cache))
    return files


def _under(rel, paths) -> bool:
    return not paths or any(p in ("", ".") or rel == p or rel.startswith(p.rstrip("/") + "/")
                            for p in paths)


def _compare_file(fc, old, new, settings, cache=None) -> FileCompared:
    from nnlint.api import lint_file, lint_source
    from nnlint.config import DTYPES

    before = after = None
    if fc.old_path is not None:
        try:
            data = old.read(fc.old_path)
        except OSError:
            data = None
        if data is not None:
            before = lint_source(data, old.full(fc.old_path), settings, old.project, cache)
    if fc.new_exists:
        after = lint_file(new.full(fc.path), settings, new.project, cache)
    config = settings.for_path(new.full(fc.path))
    fc.dtype, fc.size = config.dtype, DTYPES[config.dtype]
    for side, report in (("base", before), ("working tree", after)):
        for d in report.diagnostics if report else ():
            if d.code in NOT_COUNTED:
                fc.problems.append(f"{side}: {d.code} line {d.line}: {d.message}")
    olds = {m.name: m for m in (before.models if before else [])}
    news = {m.name: m for m in (after.models if after else [])}
    order = sorted(news, key=lambda n: (news[n].line, n)) + \
        sorted(set(olds) - set(news), key=lambda n: (olds[n].line, n))
    for name in order:
        o, n = olds.get(name), news.get(name)
        fc.models.append(Compared(fc, name, (n or o).framework, o, n))
    return fc


# ------------------------------------------------------------------ the command
def build_parser():
    import argparse

    from nnlint.adapters.cli import Parser
    from nnlint.config import DTYPES

    p = Parser(prog="nnlint review",
               description="How a change moves each model's parameter count, compared with "
                           "a git revision; fails on a budget exceeded or too much growth.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="report only models in files under these paths (default: all)")
    p.add_argument("--base", metavar="REV",
                   help="git revision to compare with (default: base in [tool.nnlint.review], "
                        "else the merge base with origin/main, else HEAD)")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--fail-over", type=_growth, action="append", metavar="GROWTH",
                   help="fail when a model grows by more than this: 5%% of its count, or a "
                        "number of parameters (1M); may be repeated")
    p.add_argument("--config", metavar="PATH", help="TOML file to use instead of finding "
                                                    "[tool.nnlint] in pyproject.toml")
    p.add_argument("--max-params", type=_size, metavar="N",
                   help="budget for every model's total parameters")
    p.add_argument("--max-trainable-params", type=_size, metavar="N",
                   help="budget for every model's trainable parameters")
    p.add_argument("--dtype", choices=sorted(DTYPES), help="bytes per parameter for sizes")
    p.add_argument("--allow-inexact", action=argparse.BooleanOptionalAction, default=None,
                   help="let a count that is a lower bound within budget pass (default: yes)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when review fails")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the cache of analyses (.nnlint_cache/ in the "
                        "project's root, or $NNLINT_CACHE_DIR)")
    return p


def _size(text):
    import argparse

    from nnlint.config import ConfigError, parse_size
    try:
        return parse_size(text, "")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _growth(text):
    import argparse

    from nnlint.config import ConfigError, parse_growth
    try:
        return parse_growth(text, "--fail-over")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args) -> Review:
    """The review the arguments ask for; GitError or ConfigError for the user."""
    from nnlint.adapters.review_git import commit_of, default_base, head_commit, toplevel
    from nnlint.config import Settings

    root = toplevel(os.getcwd())
    settings = Settings(args.config, {
        "max_params": args.max_params, "max_trainable_params": args.max_trainable_params,
        "dtype": args.dtype, "allow_inexact": args.allow_inexact})
    here = settings.for_path("<review>")  # the [tool.nnlint] of the current folder
    base_rev = args.base or here.review.base or default_base(root)
    base = commit_of(root, base_rev)
    paths = []
    for p in args.paths:
        rel = os.path.relpath(os.path.abspath(p), root).replace(os.sep, "/")
        if rel == os.pardir or rel.startswith(os.pardir + "/"):
            raise GitError(f"{p} is outside the repository {root}")
        paths.append(rel)
    if args.fail_over:
        thresholds, origin = tuple(args.fail_over), "--fail-over"
    else:
        thresholds = here.review.fail_over
        origin = f"fail-over in {here.relative(here.source)}" if here.source else ""
    from nnlint.session import Session
    cache = Session(cache=not args.no_cache).cache  # also off with $NNLINT_NO_CACHE
    review = Review(base_rev, base, head_commit(root),
                    compare(root, base, paths, settings, cache), thresholds, origin)
    from nnlint.adapters.review_verdict import judge
    judge(review)
    return review


def main(argv=None) -> int:
    from nnlint.config import ConfigError

    args = build_parser().parse_args(argv)
    try:
        review = run(args)
    except GitError as exc:
        print(f"nnlint review: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print(f"nnlint review: configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from nnlint.adapters import review_render
    sys.stdout.write(review_render.render(args.format, review))
    if args.format == "github":
        review_render.write_step_summary(review)
    if review.failures and not args.exit_zero:
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
