"""The language server (`nnlint-lsp`, `nnlint lsp`): diagnostics, per-layer inlay hints, hovers and
quick fixes as you type (`server`), analysed on one worker thread that drops superseded versions
(`worker`)."""
