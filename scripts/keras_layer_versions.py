"""Print, for nnlint/catalog/versions.py, in which Keras 3 releases each keras.layers name exists.

    python scripts/keras_layer_versions.py /path/to/a/git/clone/of/keras

Reads every release tag v3.X.Y of the Keras repository: a public name is one a
`@keras_export(...)` decorator of that tag names (what Keras' API generator exports).
Prints each name's first and last minor release, and the names that a minor release's patch
releases do not agree on.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict

NAME = re.compile(r'"keras\.layers\.([A-Za-z0-9_]+)"')


def names_at(repo, tag):
    out = subprocess.run(["git", "-C", repo, "grep", "-h", "-A4", "keras_export(", tag, "--",
                          "keras/**/*.py"], capture_output=True, text=True, check=True).stdout
    return set(NAME.findall(out))


def main(repo):
    tags = subprocess.run(["git", "-C", repo, "tag"], capture_output=True, text=True,
                          check=True).stdout.split()
    tags = sorted((t for t in tags if re.fullmatch(r"v3\.\d+\.\d+", t)),
                  key=lambda t: tuple(map(int, t[1:].split("."))))
    by_minor = defaultdict(list)
    for tag in tags:
        major, minor, _ = map(int, tag[1:].split("."))
        by_minor[(major, minor)].append(names_at(repo, tag))
    minors = sorted(by_minor)
    always = {m: set.intersection(*sets) for m, sets in by_minor.items()}
    some = {m: set.union(*sets) - always[m] for m, sets in by_minor.items()}
    spans = {}
    for name in sorted(set.union(*always.values())):
        present = [m for m in minors if name in always[m]]
        spans[name] = (present[0], present[-1])
        gaps = [m for m in minors if present[0] <= m <= present[-1] and name not in always[m]]
        if gaps:
            print(f"# {name}: missing in {gaps}", file=sys.stderr)
    print(f"KERAS_RELEASES = {minors!r}")
    print("KERAS_LAYERS = {")
    for name, (first, last) in spans.items():
        print(f"    {name!r}: ({first!r}, {last!r}),")
    print("}")
    print(f"KERAS_PATCH_DEPENDENT = {{{', '.join(f'{m!r}: {sorted(v)!r}' for m, v in some.items() if v)}}}")


if __name__ == "__main__":
    main(sys.argv[1])
