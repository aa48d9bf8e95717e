"""The distribution is ours on PyPI, its metadata is complete, and the command line answers to
`python -m qi` and `-h` everywhere."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import qi
from qi.cli import main

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_distribution_name_is_not_the_libqi_robot_sdk() -> None:
    # `qi` on PyPI is Aldebaran's LibQi (robot SDK); ours installs as qi-improve, imports as qi
    assert PROJECT["name"] == "qi-improve"
    assert metadata.distribution("qi-improve").read_text("top_level.txt") in (None, "qi\n")
    assert metadata.version("qi-improve") == qi.__version__


def test_license_is_an_spdx_string_and_the_file_ships() -> None:
    # a TOML table here is what printed setuptools' "project.license as a TOML table is
    # deprecated" banner during `make demo`
    assert PROJECT["license"] == "MIT"
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert metadata.metadata("qi-improve")["License-Expression"] == "MIT"


def test_metadata_is_complete() -> None:
    assert PROJECT["authors"] and PROJECT["keywords"]
    assert "Intended Audience :: Healthcare Industry" in PROJECT["classifiers"]
    assert "Operating System :: OS Independent" in PROJECT["classifiers"]
    assert not [
        c for c in PROJECT["classifiers"] if c.startswith("License ::")
    ]  # PEP 639: the expression only


def test_python_dash_m_qi() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qi", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"qi, version {qi.__version__}"


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out += _commands(command, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


@pytest.mark.parametrize("words", _commands(main), ids=lambda w: " ".join(w) or "qi")
def test_dash_h_is_help_everywhere(words: tuple[str, ...]) -> None:
    short = CliRunner().invoke(main, [*words, "-h"])
    long = CliRunner().invoke(main, [*words, "--help"])
    assert short.exit_code == 0, short.output
    assert short.output == long.output and short.output.startswith("Usage: ")
