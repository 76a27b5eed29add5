"""The language server end to end: JSON-RPC over stdio, as an editor speaks it.

Model totals here come from the oracle (torch 2.13): Block 2,336, Net 113,804 (113,694
trainable), build() 61,644 (61,534), MLP 7,850; a layer's count is its own formula.

No test sleeps or times anything: each waits for the message it needs (a watchdog
kills a server that never answers), and the cancellation test drives the worker
with events, so a slow, loaded machine only makes them slower.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("pygls")

SOURCE = """import torch.nn as nn


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)


bad = nn.Linear(int(input()), 10)
"""

LAYERS = """import torch.nn as nn


class Block(nn.Module):
    def __init__(self, c=16):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(c)


class Net(nn.Module):  # nnlint: max-params=2M
    def __init__(self, hidden=128):
        super().__init__()
        self.fc1 = nn.Linear(784, hidden)
        self.heads = nn.ModuleList([nn.Linear(hidden, 10) for _ in range(3)])
        self.blocks = self._make(4)
        self.act = nn.ReLU()
        self.frozen = nn.Linear(10, 10)
        self.frozen.requires_grad_(False)

    def _make(self, n):
        return nn.Sequential(*[Block() for _ in range(n)])


def build():
    return Net(64)
"""


class Client:
    def __init__(self, cwd=None, argv=("-m", "nnlint.adapters.lsp.server")):
        self.proc = subprocess.Popen([sys.executable, *argv], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     cwd=cwd)
        self.next_id = 0
        self.seen = []  # every message read, in order
        # a server that never answers must fail the test, not hang it: reads see EOF
        self.watchdog = threading.Timer(240, self.proc.kill)
        self.watchdog.daemon = True
        self.watchdog.start()

    def message(self, method, params, request=True):
        msg = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        body = json.dumps(msg).encode()
        return msg.get("id"), b"Content-Length: %d\r\n\r\n" % len(body) + body

    def write(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, method, params, request=True):
        rid, data = self.message(method, params, request)
        self.write(data)
        return rid

    def read(self):
        headers = {}
        while True:
            line = self.proc.stdout.readline()
            if line == b"":
                raise AssertionError("the server closed its output")
            if line == b"\r\n":
                break
            k, _, v = line.decode().partition(":")
            headers[k.strip().lower()] = v.strip()
        msg = json.loads(self.proc.stdout.read(int(headers["content-length"])))
        self.seen.append(msg)
        if "method" in msg and "id" in msg:  # a request from the server: answer it
            body = json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": None}).encode()
            self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        return msg

    def wait_for(self, predicate, limit=200):
        for _ in range(limit):
            msg = self.read()
            if predicate(msg):
                return msg
        raise AssertionError("no such message")

    def request(self, method, params):
        rid = self.send(method, params)
        return self.wait_for(lambda m: m.get("id") == rid and "method" not in m)["result"]

    def start(self, capabilities=None, root=None):
        self.request("initialize", {"processId": None, "capabilities": capabilities or {},
                                    "rootUri": Path(root).as_uri() if root else None})
        self.send("initialized", {}, request=False)

    def open(self, uri, text, version=1):
        self.send("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": version, "text": text}},
            request=False)

    def diagnostics(self, uri, version=None):
        msg = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri
                            and (version is None or m["params"].get("version") == version))
        return msg["params"]["diagnostics"]

    def hints(self, uri):
        result = self.request("textDocument/inlayHint", {"textDocument": {"uri": uri}, "range": {
            "start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}}})
        return {h["position"]["line"] + 1: h for h in result}

    def hover(self, uri, line, character=4):
        result = self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": {"line": line - 1,
                                                                  "character": character}})
        return None if result is None else result["contents"]["value"]

    def close(self):
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None)
                self.send("exit", None, request=False)
                assert self.proc.wait(timeout=60) == 0
        finally:
            self.watchdog.cancel()
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture
def client():
    c = Client()
    c.start()
    yield c
    c.close()


def test_language_server_publishes_counts_and_hovers(client):
    uri = "file:///tmp/nnlint_lsp_example.py"
    client.open(uri, SOURCE)
    codes = {d["code"] for d in client.diagnostics(uri)}
    assert "NNL101" in codes  # bad: size from input() is not known
    assert "7,850" in client.hover(uri, 4, 6)
    hints = client.hints(uri)
    assert hints[4]["label"] == "7,850 params"
    assert hints[10]["label"].startswith("10+ params")
    # one space of padding, given by the client: none in the label itself
    assert all(h["paddingLeft"] and not h["label"].startswith(" ") for h in hints.values())


def test_every_layer_line_has_its_count_and_a_hover_with_its_formula(client):
    uri = "file:///tmp/nnlint_lsp_layers.py"
    client.open(uri, LAYERS)
    client.diagnostics(uri)
    labels = {line: h["label"] for line, h in client.hints(uri).items()}
    assert labels[7] == "2,304"  # conv of Block: 16*16*3*3, Block's own line
    assert labels[8] == "32"
    assert labels[14] == "100,480"
    assert labels[15] == "3,870 (×3)"  # built three times in a comprehension
    assert labels[16] == "9,344"  # self.blocks = self._make(4): what the helper builds
    assert labels[18] == "110"
    assert 17 not in labels  # nn.ReLU(): no parameters, no hint
    assert labels[11] == "113,804 params · 113,694 trainable · budget 2M"
    assert labels[25] == "61,644 params · 61,534 trainable"  # build(): Net(64)
    hover = client.hover(uri, 14)
    assert "Linear(in_features=784, out_features=128, bias=True): 128*784 + 128 = 100,480" \
        in hover
    assert "(×3)" in client.hover(uri, 15)
    assert "Total params: 113,804" in client.hover(uri, 11)  # the model's summary table
    use = client.hover(uri, 22, 34)  # `Block()` inside _make
    assert use.startswith("**Block**") and "2,336 params" in use
    used = LAYERS + "\n\ndef other():\n    return [build()]\n"
    client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                           "contentChanges": [{"text": used}]}, request=False)
    client.diagnostics(uri, 2)
    assert "61,644 params" in client.hover(uri, 30, 13)  # `build` in `[build()]`


def test_code_actions_add_a_budget_a_noqa_and_a_module_list(client):
    uri = "file:///tmp/nnlint_lsp_actions.py"
    text = ("import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.layers = [nn.Linear(64, 64) for _ in range(4)]\n"
            "        self.fc = nn.Linear(784, 128)\n\n"
            "    def forward(self, x):\n        return self.fc(x)\n")
    client.open(uri, text)
    assert "NNL302" in {d["code"] for d in client.diagnostics(uri)}

    def actions(line):
        result = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": line - 1, "character": 0},
                      "end": {"line": line - 1, "character": 0}},
            "context": {"diagnostics": []}})
        return {a["title"]: a["edit"]["changes"][uri] for a in result}

    budget = actions(4)
    (title, edits), = budget.items()
    assert title == "Add a budget of 110K parameters for Net"  # 100,480 rounded up
    assert edits[0]["newText"] == "  # nnlint: max-params=110K"
    found = actions(7)
    assert found["Suppress NNL302 on this line (# noqa: NNL302)"][0]["newText"] == \
        "  # noqa: NNL302"
    wrap = found["Register the layers: wrap in nn.ModuleList(...)"]
    line = text.splitlines()[6]
    for e in sorted(wrap, key=lambda e: -e["range"]["start"]["character"]):
        col = e["range"]["start"]["character"]
        line = line[:col] + e["newText"] + line[col:]
    assert line == "        self.layers = nn.ModuleList([nn.Linear(64, 64) for _ in range(4)])"


def test_a_burst_of_edits_publishes_the_last_version(client):
    uri = "file:///tmp/nnlint_lsp_burst.py"
    client.open(uri, SOURCE)
    client.diagnostics(uri, 1)
    burst = b""
    for version in range(2, 12):  # ten edits in one write: as fast as a client can send
        text = SOURCE.replace("784", str(700 + version))
        burst += client.message("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}]}, request=False)[1]
    client.write(burst)
    client.diagnostics(uri, 11)
    published = [m["params"]["version"] for m in client.seen
                 if m.get("method") == "textDocument/publishDiagnostics"]
    assert published == sorted(published)  # never an older version after a newer one
    assert client.hover(uri, 7, 8).count("711*10") or "7,120" in client.hover(uri, 7, 8)


def test_configuration_problems_are_diagnostics_and_a_fix_is_read_without_restart(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.nnlint]\nmax-params = "5 million"\n')
    model = tmp_path / "model.py"
    model.write_text(SOURCE)
    uri = model.as_uri()
    c = Client(cwd=tmp_path)
    try:
        c.start(root=tmp_path)
        c.open(uri, SOURCE)
        diags = c.diagnostics(uri)
        assert diags[0]["code"] == "NNL005" and "5 million" in diags[0]["message"]
        shown = c.wait_for(lambda m: m.get("method") == "window/showMessage")
        assert "5 million" in shown["params"]["message"]
        assert c.hints(uri)[4]["label"] == "7,850 params"  # counts go on meanwhile
        (tmp_path / "pyproject.toml").write_text("[tool.nnlint]\nmax-params = 1000\n")
        c.send("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": (tmp_path / "pyproject.toml").as_uri(), "type": 2}]}, request=False)
        codes = {d["code"] for d in c.diagnostics(uri)}
        assert "NNL005" not in codes and "NNL201" in codes  # the budget now applies
        assert c.hints(uri)[4]["label"] == "7,850 params · budget 1K"
    finally:
        c.close()


def test_a_newer_version_cancels_the_analysis_of_an_older_one():
    from nnlint.adapters.lsp.worker import Worker
    started, done = threading.Event(), []

    def analyse(uri, text):
        if text == "slow":  # an analysis that would never end unless cancelled
            started.set()
            while True:
                sum(range(100))
        return text.upper()

    worker = Worker(analyse, lambda *a: done.append(a), debounce=0)
    try:
        worker.submit("a", 1, "slow")
        assert started.wait(60)
        for version in range(2, 12):
            worker.submit("a", version, f"v{version}")
        assert worker.wait_first("a", 60) == (11, "V11")
        assert worker.cancelled == [("a", 1)]
        assert worker.analysed[-1] == ("a", 11) and ("a", 1) not in worker.analysed
    finally:
        worker.stop()


def test_hints_answer_from_the_last_finished_analysis_without_waiting():
    from nnlint.adapters.lsp.worker import Worker
    release, started = threading.Event(), threading.Event()

    def analyse(uri, text):
        if text == "second":
            started.set()
            release.wait(60)
        return text

    worker = Worker(analyse, lambda *a: None, debounce=0)
    try:
        worker.submit("a", 1, "first")
        assert worker.wait_first("a", 60) == (1, "first")
        worker.submit("a", 2, "second")
        assert started.wait(60)
        assert worker.latest("a") == (1, "first")  # while version 2 is analysed
    finally:
        release.set()
        worker.stop()


def test_an_edit_waits_for_the_typing_to_pause_only_in_a_burst():
    """An edit within the debounce time of the last one waits only while that one is not
    analysed yet (a burst); after a finished analysis it is analysed at once. The clock
    is the test's: it moves only when the test says."""
    from nnlint.adapters.lsp.worker import Worker
    now, finished = [100.0], threading.Event()
    release, started = threading.Event(), threading.Event()

    def analyse(uri, text):
        if text == "slow":
            started.set()
            release.wait(60)
        return text

    def done(uri, version, result):
        if version == 3:
            finished.set()

    stopped = threading.Event()
    worker = Worker(analyse, done, debounce=10, clock=lambda: now[0],
                    cancelled=lambda uri: stopped.set())
    try:
        worker.submit("a", 1, "first")
        assert worker.wait_first("a", 60) == (1, "first")
        now[0] += 0.001
        worker.submit("a", 2, "slow")  # right after a finished analysis: at once
        assert started.wait(60)
        now[0] += 0.001
        worker.submit("a", 3, "third")  # while 2 is analysed: a burst, it waits
        release.set()
        assert stopped.wait(60)  # 2 is cancelled; 3 waits for a clock that does not move
        assert worker.pending("a") and worker.latest("a")[0] == 1 and not finished.is_set()
        now[0] += 10  # the typing paused
        with worker._cond:
            worker._cond.notify_all()
        assert finished.wait(60) and worker.latest("a") == (3, "third")
    finally:
        release.set()
        worker.stop()


@pytest.mark.parametrize("argv", [("-m", "nnlint.adapters.lsp.server"), ("-m", "nnlint", "lsp")])
def test_help_and_version_answer_and_exit(argv):
    for flag, expected in (("--version", "nnlint-lsp "), ("--help", "usage: nnlint-lsp")):
        out = subprocess.run([sys.executable, *argv, flag], capture_output=True, text=True,
                             timeout=120, stdin=subprocess.DEVNULL)
        assert out.returncode == 0 and out.stdout.startswith(expected), out
    assert os.path.exists  # the spelling `nnlint lsp` reaches the same server


def test_layer_details_are_plain_data_a_cache_can_keep():
    from nnlint.adapters.lsp.server import lint_text
    report = lint_text(LAYERS, "/tmp/nnlint_lsp_plain.py")
    details = [x.detail for m in report.models for x in m.layers if x.detail]
    assert details and json.loads(json.dumps(details))  # no interpreter objects inside
    fc1 = next(x for x in report.models[1].layers if x.name == "fc1")
    assert fc1.detail["args"][:2] == (("in_features", "784"), ("out_features", "128"))


def test_notebook_cells_get_the_hints_of_the_notebook_they_belong_to(client):
    nb = "file:///tmp/nnlint_lsp_notebook.ipynb"
    cells = [("import torch.nn as nn\n%matplotlib inline\n"),
             ("class MLP(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
              "        self.fc = nn.Linear(784, 10)\n")]
    uris = [f"vscode-notebook-cell:/tmp/nnlint_lsp_notebook.ipynb#C{i}" for i in (1, 2)]
    client.send("notebookDocument/didOpen", {
        "notebookDocument": {"uri": nb, "notebookType": "jupyter-notebook", "version": 1,
                             "cells": [{"kind": 2, "document": u} for u in uris]},
        "cellTextDocuments": [{"uri": u, "languageId": "python", "version": 1, "text": t}
                              for u, t in zip(uris, cells)]}, request=False)
    client.diagnostics(uris[1])  # published to each cell
    hints = {line: h["label"] for line, h in client.hints(uris[1]).items()}
    assert hints == {1: "7,850 params", 4: "7,850"}  # the cell's own lines
    assert client.hints(uris[0]) == {}
    assert "10*784 + 10 = 7,850" in client.hover(uris[1], 4, 12)


def test_an_edit_shows_what_a_fresh_open_of_the_same_text_does(client):
    """The server parses an edited document reusing the statements that did not change
    (nnlint.source.incremental); the hints, hovers and diagnostics of the edited version
    are those of the same text opened afresh: lines moved by the edit, counts changed."""
    uri = "file:///tmp/nnlint_lsp_edited.py"
    client.open(uri, LAYERS)
    client.diagnostics(uri, 1)
    edited = "# one\n# two\n\n" + LAYERS.replace(
        "        self.act = nn.ReLU()\n",
        "        self.act = nn.ReLU()\n        self.extra = nn.Linear(10, 5)\n")
    client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                           "contentChanges": [{"text": edited}]},
                request=False)
    after_edit = client.diagnostics(uri, 2)
    fresh = "file:///tmp/nnlint_lsp_fresh.py"
    client.open(fresh, edited)
    assert client.diagnostics(fresh, 1) == after_edit
    labels = {line: h["label"] for line, h in client.hints(uri).items()}
    assert labels == {line: h["label"] for line, h in client.hints(fresh).items()}
    assert labels[17] == "100,480" and labels[21] == "55"  # fc1 three lines down; extra
    assert labels[14].endswith("trainable · budget 2M")  # Net's line, three lines down
    assert client.hover(uri, 17) == client.hover(fresh, 17)
