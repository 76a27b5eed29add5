"""How fast the language server keeps up with typing, measured as an editor sees it.

    python benchmarks/lsp.py [--vision DIR] [--rounds N]

Starts `python -m nnlint.adapters.lsp.server` and speaks LSP to it over stdin/stdout, then times:

1. edit-to-diagnostics on a generated 1,000-line file of model classes: one edit (a
   comment added at the end), then the wait for the diagnostics of that version (median
   of N edits); and the same for an edit inside a class in the middle of the file;
2. a burst of 10 edits 30 ms apart (fast typing): from the last edit to the diagnostics
   of the last version;
3. an edit to torchvision's `models/resnet.py` inside its repository (DIR, default
   ../rw/00-pytorch+vision, the real-world set's copy), once the server is warm: the
   first analysis (cold) and the median of N edits after it (a comment added at the
   end); and an edit inside its ResNet class.

Targets (issue 11): 1. < 100 ms, 2. < 300 ms after the last edit, 3. < 300 ms warm.
The machine is shared: the numbers vary from run to run; this is not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE_DIR = os.path.join(tempfile.gettempdir(), "nnlint-lsp-benchmark-cache")


def thousand_lines() -> str:
    out = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F", ""]
    i = 0
    while len(out) < 990:
        out += ["", "", f"class Block{i}(nn.Module):", f'    """Block number {i}."""', "",
                f"    def __init__(self, channels={16 + i}, hidden={64 + i}):",
                "        super().__init__()",
                "        self.conv1 = nn.Conv2d(3, channels, 3, padding=1)",
                "        self.bn1 = nn.BatchNorm2d(channels)",
                "        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)",
                "        self.bn2 = nn.BatchNorm2d(channels)",
                "        self.pool = nn.AdaptiveAvgPool2d(1)",
                "        self.heads = nn.ModuleList("
                "[nn.Linear(channels, hidden) for _ in range(3)])",
                "        self.fc = nn.Linear(hidden, 10)", "",
                "    def forward(self, x):",
                "        x = F.relu(self.bn1(self.conv1(x)))",
                "        x = F.relu(self.bn2(self.conv2(x)))",
                "        x = self.pool(x).flatten(1)",
                "        x = sum(h(x) for h in self.heads)",
                "        return self.fc(x)"]
        i += 1
    return "\n".join(out) + "\n"


class Server:
    def __init__(self, cwd):
        self.proc = subprocess.Popen([sys.executable, "-m", "nnlint.adapters.lsp.server"], cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL,
                                     env={**os.environ, "PYTHONPATH": ROOT,
                                          # the persistent cache out of the measured trees
                                          "NNLINT_CACHE_DIR": CACHE_DIR})
        self.next_id = 0
        self.versions = {}

    def send(self, method, params, request=False):
        msg = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return msg.get("id")

    def read(self):
        headers = {}
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server stopped")
            if line == b"\r\n":
                break
            k, _, v = line.decode().partition(":")
            headers[k.strip().lower()] = v.strip()
        return json.loads(self.proc.stdout.read(int(headers["content-length"])))

    def wait(self, predicate):
        while True:
            msg = self.read()
            if predicate(msg):
                return msg

    def start(self, root):
        rid = self.send("initialize", {"processId": None, "capabilities": {},
                                       "rootUri": Path(root).as_uri()}, request=True)
        self.wait(lambda m: m.get("id") == rid)
        self.send("initialized", {})

    def diagnostics_of(self, uri, version):
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri
                         and m["params"].get("version") == version)

    def open(self, uri, text):
        self.versions[uri] = 1
        self.send("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}})
        return self.diagnostics_of(uri, 1)

    def change(self, uri, text):
        self.versions[uri] += 1
        self.send("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": self.versions[uri]},
            "contentChanges": [{"text": text}]})
        return self.versions[uri]

    def close(self):
        rid = self.send("shutdown", None, request=True)
        self.wait(lambda m: m.get("id") == rid)
        self.send("exit", None)
        self.proc.wait(timeout=30)


def edit_times(server, uri, text, rounds):
    times = []
    for i in range(rounds):
        edited = text + f"\n# edit {i}\n"
        t = time.perf_counter()
        version = server.change(uri, edited)
        server.diagnostics_of(uri, version)
        times.append((time.perf_counter() - t) * 1000)
    return times


def middle_edit_times(server, uri, text, rounds):
    """Typing inside the file: a layer's size in the middle changed, and on every other
    round a line added above it too (every statement below moves)."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "self.fc = nn.Linear" in line
              and i > len(lines) // 2)
    times = []
    for i in range(rounds):
        edited = list(lines)
        edited[at] = edited[at].replace("10)", f"{11 + i})")
        if i % 2:
            edited.insert(at, "        # a note")
        t = time.perf_counter()
        version = server.change(uri, "\n".join(edited))
        server.diagnostics_of(uri, version)
        times.append((time.perf_counter() - t) * 1000)
    return times


def class_edit_times(server, uri, text, rounds):
    """Typing inside resnet.py's ResNet class: a line added to its __init__, the class
    (about 150 lines) parsed again and every statement after it moved."""
    anchor = "        self.dilation = 1\n"
    if anchor not in text:
        return []
    times = []
    for i in range(rounds):
        edited = text.replace(anchor, anchor + f"        self.note = {i}\n", 1)
        t = time.perf_counter()
        version = server.change(uri, edited)
        server.diagnostics_of(uri, version)
        times.append((time.perf_counter() - t) * 1000)
    return times


def burst(server, uri, text, edits=10, gap=0.03):
    for i in range(edits):
        if i:
            time.sleep(gap)
        last = time.perf_counter()
        version = server.change(uri, text + f"\n# burst {i}\n")
    server.diagnostics_of(uri, version)
    return (time.perf_counter() - last) * 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vision", default=os.path.join(ROOT, "..", "rw", "00-pytorch+vision"))
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "thousand.py"
        text = thousand_lines()
        path.write_text(text)
        server = Server(tmp)
        server.start(tmp)
        uri = path.as_uri()
        server.open(uri, text)
        times = edit_times(server, uri, text, args.rounds)
        print(f"1,000-line file ({text.count(chr(10))} lines): edit-to-diagnostics median "
              f"{statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}; "
              "target < 100)")
        times = middle_edit_times(server, uri, text, args.rounds)
        print(f"  an edit inside a class in the middle (a layer's size; a line added above "
              f"it every other time): median {statistics.median(times):.0f} ms "
              f"(min {min(times):.0f}, max {max(times):.0f})")
        drains = [burst(server, uri, text) for _ in range(3)]
        print(f"burst of 10 edits 30 ms apart: drained {statistics.median(drains):.0f} ms "
              f"after the last (median of 3: {', '.join(f'{d:.0f}' for d in drains)}; "
              "target < 300)")
        server.close()

    resnet = Path(args.vision) / "torchvision" / "models" / "resnet.py"
    if not resnet.is_file():
        print(f"resnet.py: skipped ({resnet} not found)")
        return 0
    server = Server(args.vision)
    server.start(args.vision)
    text = resnet.read_text()
    uri = resnet.as_uri()
    t = time.perf_counter()
    server.open(uri, text)
    cold = (time.perf_counter() - t) * 1000
    times = edit_times(server, uri, text, args.rounds)
    print(f"torchvision resnet.py in its repository: first analysis {cold:.0f} ms; warm edit "
          f"median {statistics.median(times):.0f} ms (min {min(times):.0f}, "
          f"max {max(times):.0f}; target < 300)")
    times = class_edit_times(server, uri, text, args.rounds)
    if times:
        print(f"  an edit inside class ResNet (a line added to its __init__): median "
              f"{statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f})")
    drain = burst(server, uri, text)
    print(f"  burst of 10 edits there: drained {drain:.0f} ms after the last")
    server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
