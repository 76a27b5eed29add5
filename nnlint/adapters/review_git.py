"""Review mode's view of git: which files a change touches, and the files of each side.

Everything here reads: `git diff`, `git ls-tree`, `git show`, `git grep`. Nothing is
checked out and no hook or filter of the repository runs (`git show` of a blob applies
no textconv; the commands used run no hooks).

    Revision(root, commit)   the files at a commit, read with git show
    WorkingTree(root)        the files on disk: tracked ones and untracked, not ignored
    changed(root, commit)    [(old path or None, new path or None)], renames followed
"""

from __future__ import annotations

import os
import subprocess

from nnlint.source.project import Project

# the files review mode reads: those lint_source reads (api.is_source), Python and notebooks
SOURCE_GLOBS = ("*.py", "*.ipynb")


class GitError(Exception):
    """git failed or refused; the message is one line for the user."""


def git(args, cwd, allowed=(0,), data=None) -> bytes:
    """git's output (`data`: its input); GitError unless it exits with one of `allowed`."""
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, input=data,
                              stdin=subprocess.DEVNULL if data is None else None,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed (review mode reads the repository with git)") \
            from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {args[0]}: {exc}") from None
    if proc.returncode not in allowed:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(msg[-1] if msg else f"git {' '.join(args)} failed")
    return proc.stdout


def toplevel(cwd) -> str:
    try:
        return os.path.normpath(git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    except GitError:
        raise GitError("not inside a git repository (review mode compares with a git "
                       "revision)") from None


def commit_of(root, rev) -> str:
    """The commit a revision names; GitError "unknown revision 'nope'" otherwise."""
    if not rev or rev.startswith("-"):
        raise GitError(f"unknown revision '{rev}'")
    try:
        return git(["rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{rev}^{{commit}}"], root).decode().strip()
    except GitError:
        pass
    try:
        shallow = git(["rev-parse", "--is-shallow-repository"], root).strip() == b"true"
    except GitError:
        shallow = False
    hint = " (this clone is shallow: fetch the base's history, as with fetch-depth: 0 in " \
           "GitHub's checkout or GIT_DEPTH: 0 in GitLab)" if shallow else ""
    raise GitError(f"unknown revision '{rev}'{hint}")


def head_commit(root):
    """The commit checked out, or None in a repository without commits."""
    try:
        return commit_of(root, "HEAD")
    except GitError:
        return None


def default_base(root) -> str:
    """The merge base with origin/main (or master), else HEAD."""
    for ref in ("origin/main", "origin/master", "main", "master"):
        try:
            return git(["merge-base", ref, "HEAD"], root).decode().strip()
        except GitError:
            continue
    return "HEAD"


def is_source(rel) -> bool:
    from nnlint.api import is_source as readable
    return readable(rel)


def changed(root, commit) -> list:
    """(old path, new path) of every source file that differs between `commit` and the
    working tree, paths relative to the root; None for the side without it. A rename or
    move (`git diff -M`) is one pair; untracked files not ignored are added files."""
    out = git(["diff", "-M", "--name-status", "-z", "--no-ext-diff", commit, "--"], root)
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    pairs = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        kind = status[0]
        if kind in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
        else:
            old = new = fields[i + 1]
            i += 2
        if kind in "AC":  # added, or a copy (whose source is unchanged)
            old = None
        if kind == "D":
            new = None
        if (old and is_source(old)) or (new and is_source(new)):
            pairs.append((old if old and is_source(old) else None,
                          new if new and is_source(new) else None))
    for rel in WorkingTree(root).untracked():
        if is_source(rel):
            pairs.append((None, rel))
    return pairs


class Side:
    """The files of one side of the change, and the Project that reads them."""

    root: str
    project: Project

    def full(self, rel) -> str:
        return os.path.join(self.root, rel)

    def rel(self, path):
        """`path` relative to the root, or None when it lies outside the repository."""
        prefix = self.root + os.sep
        if path.startswith(prefix) and f"{os.sep}." not in path:  # the usual case, fast
            return path[len(prefix):].replace(os.sep, "/")
        rel = os.path.relpath(os.path.abspath(path), self.root)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return None
        return rel.replace(os.sep, "/")


class WorkingTree(Side):
    name = "working tree"

    def __init__(self, root):
        self.root = root
        self.project = Project()

    def untracked(self) -> list:
        out = git(["ls-files", "-z", "--others", "--exclude-standard"], self.root)
        return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]

    def read(self, rel) -> bytes:
        return self.project.read(self.full(rel))

    def _fetch_all(self) -> None:
        """Every source file of the revision in one `git cat-file --batch` (counting a
        file reads the files it imports, one by one), unless they weigh more than
        PREFETCH_BYTES together."""
        self._fetched_all = True
        sources = sorted(self.files())
        if sum(self._sizes.get(r, 0) for r in sources) <= PREFETCH_BYTES:
            self.prefetch(sources)

    def prefetch(self, rels) -> None:
        """Files on disk need no fetching."""

    def grep(self, words) -> set:
        """Source files in which one of `words` (extended regular expressions) matches."""
        args = ["grep", "-l", "-z", "-E", "--untracked", "-I"]
        for w in sorted(words):
            args += ["-e", w]
        return {p for p in _grep(args + ["--", *SOURCE_GLOBS], self.root) if is_source(p)}


PREFETCH_BYTES = 64 << 20


class Revision(Side):
    """The files at a commit. Files outside the repository, and those of installed
    libraries (torchvision.models ...), are read from the disk as in a normal run."""

    def __init__(self, root, commit):
        self.root = root
        self.commit = commit
        self.name = commit[:12]
        self._listing = None
        self._sources = None
        self._blobs = {}  # rel -> bytes fetched ahead (prefetch)
        self._ignores = {}  # rel -> whether git ignores it
        self._exists = {}  # path -> bool (imports ask for the same paths again and again)
        self._sizes = {}
        self._fetched_all = False
        self.project = Project(reader=self.read_path, exists=self.exists, label=f"git:{commit}")

    def files(self) -> set:
        """The source files of the revision."""
        if self._sources is None:
            self._sources = {p for p in self._load() if is_source(p)}
        return self._sources

    def _load(self) -> set:
        """Every path of the revision (the listing is read once)."""
        if self._listing is None:
            out = git(["ls-tree", "-r", "-z", "-l", "--full-tree", self.commit], self.root)
            self._listing, self._sizes = set(), {}
            for entry in out.decode("utf-8", "surrogateescape").split("\0"):
                meta, _, name = entry.partition("\t")
                if name:
                    self._listing.add(name)
                    fields = meta.split()
                    if len(fields) == 4 and fields[1] == "blob" and fields[3].isdigit():
                        self._sizes[name] = int(fields[3])
        return self._listing

    def _on_disk(self, path) -> bool:
        """Read from the disk: a file outside the repository, or one of an installed
        library in a folder git ignores (a .venv inside it); every file the revision has
        is read from the revision, also where an editable install lists its folder among
        the libraries."""
        rel = self.rel(path)
        if rel is None:
            return True
        if rel in self._load():
            return False
        return self.project.in_library(path) and self._ignored(rel)

    def _ignored(self, rel) -> bool:
        if rel not in self._ignores:
            out = git(["check-ignore", "--", rel], self.root, allowed=(0, 1))
            self._ignores[rel] = bool(out.strip())
        return self._ignores[rel]

    def exists(self, path) -> bool:
        found = self._exists.get(path)
        if found is None:
            if self._on_disk(path):
                found = os.path.isfile(path)
            else:
                found = self.rel(path) in self._listing
            self._exists[path] = found
        return found

    def read_path(self, path) -> bytes:
        if self._on_disk(path):
            from nnlint.source.guard import read_source
            return read_source(path)
        return self.read(self.rel(path))

    def read(self, rel) -> bytes:
        if rel not in self._blobs and not self._fetched_all:
            self._fetch_all()
        if rel in self._blobs:
            return self._blobs[rel]
        try:
            return git(["show", "--no-textconv", f"{self.commit}:{rel}"], self.root)
        except GitError:
            raise OSError(f"{rel} is not in {self.name}") from None

    def _fetch_all(self) -> None:
        """Every source file of the revision in one `git cat-file --batch` (counting a
        file reads the files it imports, one by one), unless they weigh more than
        PREFETCH_BYTES together."""
        self._fetched_all = True
        sources = sorted(self.files())
        if sum(self._sizes.get(r, 0) for r in sources) <= PREFETCH_BYTES:
            self.prefetch(sources)

    def prefetch(self, rels) -> None:
        """Read many files with one `git cat-file --batch`, not one `git show` each; files
        larger than nnlint reads are left to `read` (which then refuses them too)."""
        from nnlint.source.guard import MAX_SOURCE_BYTES
        rels = [r for r in rels if r not in self._blobs and "\n" not in r]
        if not rels:
            return
        query = "".join(f"{self.commit}:{r}\n" for r in rels).encode("utf-8", "surrogateescape")
        out = git(["cat-file", "--batch"], self.root, data=query)
        at = 0
        for rel in rels:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) != 3 or header[1] != b"blob":
                continue  # "<name> missing", or not a file
            size = int(header[2])
            if size <= MAX_SOURCE_BYTES:
                self._blobs[rel] = out[at:at + size]
            at += size + 1

    def grep(self, words) -> set:
        args = ["grep", "-l", "-z", "-E", "-I"]
        for w in sorted(words):
            args += ["-e", w]
        prefix = self.commit + ":"
        found = _grep(args + [self.commit, "--", *SOURCE_GLOBS], self.root)
        return {p[len(prefix):] if p.startswith(prefix) else p for p in found}


def _grep(args, root) -> list:
    """git grep's file list (it exits 1 when nothing matches)."""
    out = git(args, root, allowed=(0, 1))
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]
