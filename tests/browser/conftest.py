"""The real-browser tests run only from `make test-browser` (QI_BROWSER_TESTS=1): they need
JupyterLab, Playwright and Debian's chromium (`apt-get install -y chromium`)."""

from __future__ import annotations

import os

collect_ignore_glob = [] if os.environ.get("QI_BROWSER_TESTS") == "1" else ["test_*.py"]
