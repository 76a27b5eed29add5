"""Where nnlint runs: the command line, the flake8 plugin, the language server, review mode."""
