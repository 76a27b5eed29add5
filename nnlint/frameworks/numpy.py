"""NumPy's array functions (nnlint.numpy_rt), which model-building code uses for sizes."""

from nnlint.numpy_rt import NUMPY  # noqa: F401  (registers itself)
