"""Shared test setup: a headless matplotlib backend, set before anything imports pyplot."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
