"""`qi --help` imports nothing heavy: the command line loads pandas, numpy, matplotlib,
papermill and pydantic only when a command runs (issue 13: `qi --help` under 0.3 s; the time is
measured by hand with benchmarks/bench_cli_help.py, this test pins the structure that gives it).

Each check runs in a fresh interpreter, since this test process has long imported pandas.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "matplotlib", "papermill", "pydantic", "nbconvert", "nbclient")

_PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _heavy_after(body: str) -> list[str]:
    code = _PROBE.format(body=body, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_cli_imports_no_heavy_package() -> None:
    assert _heavy_after("import qi.cli") == []


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["chart", "--help"],
        ["pdsa", "--help"],
        ["report", "--help"],
        ["score", "set", "--help"],
    ],
)
def test_help_and_version_import_no_heavy_package(args: list[str]) -> None:
    body = (
        "from click.testing import CliRunner\n"
        "from qi.cli import main\n"
        f"result = CliRunner().invoke(main, {args!r})\n"
        "assert result.exit_code == 0, result.output\n"
    )
    assert _heavy_after(body) == []


def test_the_probe_sees_a_heavy_import() -> None:
    # the check above can fail: a command that runs does import pandas
    assert "pandas" in _heavy_after("import qi.charts.api")
