"""The language server end to end: JSON-RPC over stdio, as an editor speaks it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

pytest.importorskip("pygls")

SOURCE = """import torch.nn as nn


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)


bad = nn.Linear(int(input()), 10)
"""


class Client:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "nnlint.lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0
        # a server that never answers must fail the test, not hang it: reads see EOF
        self.watchdog = threading.Timer(120, self.proc.kill)
        self.watchdog.daemon = True
        self.watchdog.start()

    def send(self, method, params, request=True):
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
            if line in (b"\r\n", b""):
                break
            k, _, v = line.decode().partition(":")
            headers[k.strip().lower()] = v.strip()
        return json.loads(self.proc.stdout.read(int(headers["content-length"])))

    def wait_for(self, predicate, limit=50):
        for _ in range(limit):
            msg = self.read()
            if predicate(msg):
                return msg
        raise AssertionError("no such message")


def test_language_server_publishes_counts_and_hovers():
    c = Client()
    try:
        rid = c.send("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        init = c.wait_for(lambda m: m.get("id") == rid)
        assert init["result"]["serverInfo"]["name"] == "nnlint"
        c.send("initialized", {}, request=False)
        uri = "file:///tmp/nnlint_lsp_example.py"
        c.send("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": SOURCE}}, request=False)
        diags = c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        codes = {d["code"] for d in diags["params"]["diagnostics"]}
        assert "NNL101" in codes  # bad: size from input() is not known
        rid = c.send("textDocument/hover", {"textDocument": {"uri": uri},
                                            "position": {"line": 3, "character": 6}})
        hover = c.wait_for(lambda m: m.get("id") == rid)
        assert "7,850" in hover["result"]["contents"]["value"]
        rid = c.send("textDocument/inlayHint", {"textDocument": {"uri": uri}, "range": {
            "start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}})
        hints = c.wait_for(lambda m: m.get("id") == rid)["result"]
        labels = {h["position"]["line"]: h["label"] for h in hints}
        assert labels[3].strip() == "7,850 params"
        assert labels[9].strip().endswith("+")
        rid = c.send("shutdown", None)
        c.wait_for(lambda m: m.get("id") == rid)
        c.send("exit", None, request=False)
        assert c.proc.wait(timeout=10) == 0
    finally:
        c.watchdog.cancel()
        if c.proc.poll() is None:
            c.proc.kill()
