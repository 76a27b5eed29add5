"""NumPy's array functions (nnlint.numpy_rt), which model-building code uses for sizes."""

import nnlint.numpy_rt  # noqa: F401  (it registers itself)
