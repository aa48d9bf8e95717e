"""Fixtures of the engine tests: run the steps before the rules on a small frame."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from qi.charts.limits import Limits, compute_limits
from qi.charts.prepare import Prepared, prepare
from qi.charts.result import ChartOptions
from qi.charts.validate import validate_data


def steps(
    frame: pd.DataFrame | dict[str, Any],
    chart: str,
    *,
    y: str = "y",
    x: str | None = "x",
    n: str | None = None,
    screen_mr: bool = True,
    convention: str = "qicharts2",
    **kw: Any,
) -> tuple[Prepared, Limits]:
    """validate -> prepare -> limits, without the rules."""
    df = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    if x is not None and x not in df.columns:
        df = df.assign(**{x: range(1, len(df) + 1)})
    opts = ChartOptions(chart=chart, y=y, x=x, n=n, screen_mr=screen_mr, **kw)
    valid, opts = validate_data(df, opts)
    prep = prepare(valid, opts)
    return prep, compute_limits(chart, prep, screen_mr=screen_mr, convention=convention)  # type: ignore[arg-type]


@pytest.fixture
def run_steps():
    """The :func:`steps` function, as a fixture (tests import nothing from this folder)."""
    return steps
