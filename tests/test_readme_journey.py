"""README's "Your first project in 10 minutes", run literally as a script in a temp folder.

The steps are read from the README itself (its fenced blocks, in order), so the README and this
test cannot drift: ``sh`` blocks run in bash, each ``yaml`` block replaces the line the text
before it names ("Replace the line `X` with:") in the charter the section opens, and the
``csv`` block is saved under the name the text gives ("Save this as `NAME`").
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
HEADING = "## Your first project in 10 minutes"


def _section(text: str, heading: str) -> str:
    start = text.index(heading) + len(heading)
    end = text.find("\n## ", start)
    return text[start:] if end < 0 else text[start:end]


SECTION = _section(README, HEADING)
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def steps(section: str) -> list[tuple[str, str, str]]:
    """``(kind, lead-in text, body)`` of each fenced block of the section, in order."""
    out, last = [], 0
    for match in BLOCK.finditer(section):
        out.append((match.group(1), section[last : match.start()], match.group(2)))
        last = match.end()
    return out


def _replace_line(file: Path, line: str, block: str) -> None:
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, text in enumerate(lines) if text.strip() == line.strip()]
    assert len(hits) == 1, (
        f"README says to replace the line {line!r}; {file} has it {len(hits)} times"
    )
    lines[hits[0]] = block
    file.write_text("".join(lines), encoding="utf-8")


@pytest.mark.skipif(shutil.which("bash") is None, reason="the README's shell steps are bash")
def test_first_project_in_10_minutes_works_as_written(tmp_path: Path) -> None:
    venv = Path(sys.prefix)
    if not (venv / "bin" / "activate").is_file():
        pytest.skip("tests run outside a venv; the README's first step activates .venv")
    (tmp_path / ".venv").symlink_to(venv, target_is_directory=True)
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "VIRTUAL_ENV": str(venv),
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    charter = tmp_path / re.search(r"Open `([^`]+)`", SECTION).group(1)  # type: ignore[union-attr]
    kinds = []
    outputs = []
    for kind, lead_in, body in steps(SECTION):
        kinds.append(kind)
        if kind == "sh":
            done = subprocess.run(
                ["bash", "-e", "-c", body],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert done.returncode == 0, f"step failed:\n{body}\n{done.stdout}\n{done.stderr}"
            outputs.append(done)
        elif kind == "yaml":
            line = re.findall(r"Replace the line `([^`]+)` with:", lead_in)[-1]
            _replace_line(charter, line, body)
        elif kind == "csv":
            name = re.findall(r"Save this as `([^`]+)`", lead_in)[-1]
            (tmp_path / name).write_text(body, encoding="utf-8")
        else:
            pytest.fail(
                f"the README's journey has a {kind!r} block this test does not know how to follow"
            )
    assert kinds.count("sh") == 2 and kinds.count("yaml") == 5 and kinds.count("csv") == 1
    checks = outputs[-1]
    # after the charter edits the project is valid and no template text is left
    assert "ok: falls is valid\n" in checks.stdout and "warning" not in checks.stderr
    assert "14 row(s) added" in checks.stdout and "huddle-001" in checks.stdout
    # every file the section tells the reader to open exists
    opened = re.findall(r"`([\w./-]+\.(?:png|html))`", SECTION)
    assert len(opened) == 3
    for name in opened:
        assert (tmp_path / name).is_file(), name


def test_the_readmes_portfolio_yaml_is_valid(tmp_path: Path) -> None:
    from qi.project.model import PortfolioConfig

    [block] = [body for kind, _, body in steps(_section(README, "## Portfolios")) if kind == "yaml"]
    config = PortfolioConfig.model_validate(yaml.safe_load(block))
    assert config.projects == ["kinship", "fostering"] and config.stretch_outcomes[0].id == "SO5"


def test_the_readme_says_how_to_run_qi_after_make_demo() -> None:
    for text in (
        "source .venv/bin/activate",
        ".venv/bin/qi",
        ".venv\\Scripts\\qi",
        "python -m qi",
        "pip install qi-improve",
    ):
        assert text in README, text
