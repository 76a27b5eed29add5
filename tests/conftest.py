import os

# internal errors fail tests instead of becoming NNL003 diagnostics
os.environ.setdefault("NNLINT_RAISE_INTERNAL_ERRORS", "1")

import nnlint.api  # noqa: E402

nnlint.api.RAISE_INTERNAL_ERRORS = True

# caches of analyses go to a temporary folder, never into the repository or the fixtures
import tempfile  # noqa: E402

os.environ.setdefault("NNLINT_CACHE_DIR", tempfile.mkdtemp(prefix="nnlint-test-cache-"))
