"""nnlint: count neural-network parameters from source, without running it."""

__version__ = "0.1.0"
