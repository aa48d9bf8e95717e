"""The skeletons qi writes new files from, shipped as package data in ``qi/templates/skeleton/``
(``[tool.setuptools.package-data]`` in pyproject.toml) and found with :mod:`importlib.resources`,
so an installed wheel and an editable install read the same files::

    qi/templates/skeleton/
      project/      the folder `qi init` copies (charter, data, pdsa, scores)
      cycle.yaml    a new PDSA cycle (`qi pdsa new` without --from-file)

``cycle.yaml`` holds ``{name}`` fields filled with :meth:`str.format`; it is read in text mode, so
a checkout that turned its line endings into CRLF (git on Windows) still gives the same cycle.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

#: The folder `qi init` copies, under ``qi/templates/skeleton/``.
PROJECT_SKELETON = "project"
#: The template of a new PDSA cycle, under ``qi/templates/skeleton/``.
CYCLE_SKELETON = "cycle.yaml"


def skeleton_file(*parts: str) -> Traversable:
    """``qi/templates/skeleton/<parts...>`` inside the installed package."""
    node = resources.files("qi") / "templates" / "skeleton"
    for part in parts:
        node = node / part
    return node


def project_skeleton() -> Traversable:
    """The folder a new project is copied from (``qi init``)."""
    return skeleton_file(PROJECT_SKELETON)


def charter_skeleton_text() -> str:
    """The charter a new project starts with, as text."""
    return skeleton_file(PROJECT_SKELETON, "charter.yaml").read_text(encoding="utf-8")


def cycle_template() -> str:
    """The template of a new PDSA cycle, with its ``{cid}, {idea}, {number}, {title},
    {previous}, {written}`` fields still to fill."""
    return skeleton_file(CYCLE_SKELETON).read_text(encoding="utf-8")


def new_cycle_text(
    *, cid: str, idea: str, number: int, title: str, previous: str, written: str
) -> str:
    """A new cycle's YAML text: the template with its fields filled. ``title`` must already be
    a YAML scalar (quoted where YAML needs it); ``previous`` and ``written`` may be empty."""
    return cycle_template().format(
        cid=cid, idea=idea, number=number, title=title, previous=previous, written=written
    )


__all__ = [
    "CYCLE_SKELETON",
    "PROJECT_SKELETON",
    "charter_skeleton_text",
    "cycle_template",
    "new_cycle_text",
    "project_skeleton",
    "skeleton_file",
]
