"""CLI commands of qi.project (registered on the main group by qi.cli)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this area's commands to the main `qi` group."""
