"""Image comparison for every chart type, in a pinned rendering setup.

Pinned: the figures are made with ``matplotlib.figure.Figure`` (no pyplot, no backend choice)
and saved as PNG by the Agg canvas at 72 dpi and a fixed size, in DejaVu Sans (shipped with
matplotlib), compared with ``matplotlib.testing.compare.compare_images`` at RMS tolerance
``TOLERANCE``. Baselines live in ``tests/present/baseline/``; ``QI_UPDATE_BASELINES=1`` rewrites
them (then look at each one before committing).

The data are small deterministic series built below; the results are real ``qi.chart``
results, so these images show what users see.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.testing.compare import compare_images

import qi
from qi.present.plot import plot_chart
from qi.present.timeline import pdsa_timeline

BASELINE = Path(__file__).parent / "baseline"
TOLERANCE = 2.0
DPI = 72
SIZE = (8.0, 4.6)

MONTHS = pd.date_range("2023-01-01", periods=24, freq="MS")
# A stable first year, then a step up (a shift from month 13).
LEVEL = np.array(
    [
        20,
        23,
        21,
        19,
        22,
        24,
        20,
        21,
        23,
        22,
        19,
        21,
        25,
        27,
        26,
        28,
        25,
        27,
        29,
        26,
        28,
        27,
        30,
        27,
    ],
    dtype=float,
)
DENOM = np.array(
    [
        40,
        52,
        45,
        38,
        60,
        55,
        42,
        47,
        58,
        50,
        44,
        49,
        51,
        57,
        46,
        53,
        48,
        59,
        55,
        50,
        61,
        47,
        56,
        52,
    ],
    dtype=float,
)


def _frame(**cols) -> pd.DataFrame:
    return pd.DataFrame({"month": MONTHS.strftime("%Y-%m-%d"), **cols})


def _subgroups() -> pd.DataFrame:
    """Five measurements a month: the level plus a fixed spread."""
    spread = np.array([-2.0, -1.0, 0.0, 1.0, 2.5])
    rows = [
        (m, lev + s * (1 + (i % 3) / 2))
        for i, (m, lev) in enumerate(zip(MONTHS.strftime("%Y-%m-%d"), LEVEL, strict=True))
        for s in spread
    ]
    return pd.DataFrame(rows, columns=["month", "minutes"])


def _case(name: str) -> tuple[qi.ChartResult, dict]:
    counts = np.round(LEVEL / 4)
    kw: dict = {}
    if name == "run":
        r = qi.chart(
            _frame(days=LEVEL),
            y="days",
            x="month",
            chart="run",
            rules="ihi",
            improvement="up",
            target=26,
            title="Days with a key-worker contact",
            unit="days",
        )
    elif name == "i":
        r = qi.chart(
            _frame(days=LEVEL),
            y="days",
            x="month",
            chart="i",
            phases=["2024-01-01"],
            exclude=["2023-06-01"],
            improvement="up",
            target=26,
            title="Days with a key-worker contact",
            definition="Days in the month on which the key worker saw or called the child",
        )
        kw = {
            "zones": True,
            "benchmarks": {"England": 24.0},
            "pdsa": pd.DataFrame(
                {
                    "start": ["2023-11-01", "2024-02-15"],
                    "end": ["2023-12-15", None],
                    "title": ["Weekly phone call", "Visit rota shared with carers"],
                    "decision": ["adapt", "adopt"],
                    "cycle_id": ["P1", "P2"],
                }
            ),
        }
    elif name == "mr":
        r = qi.chart(
            _frame(days=LEVEL), y="days", x="month", chart="mr", title="Moving ranges of days"
        )
    elif name in ("xbar", "s"):
        r = qi.chart(
            _subgroups(),
            y="minutes",
            x="month",
            chart=name,
            title=f"Minutes to first contact ({name})",
            unit="minutes",
        )
    elif name in ("p", "pp"):
        r = qi.chart(
            _frame(placed=LEVEL, leavers=DENOM),
            y="placed",
            n="leavers",
            x="month",
            chart=name,
            improvement="up",
            target=0.55,
            title="Care leavers in suitable accommodation",
        )
    elif name == "np":
        r = qi.chart(
            _frame(placed=LEVEL, leavers=np.full(24, 50.0)),
            y="placed",
            n="leavers",
            x="month",
            chart="np",
            title="Care leavers placed (of 50)",
        )
    elif name == "c":
        r = qi.chart(
            _frame(moves=counts),
            y="moves",
            x="month",
            chart="c",
            improvement="down",
            title="Placement moves",
        )
    elif name in ("u", "up"):
        r = qi.chart(
            _frame(moves=counts, children=DENOM / 10),
            y="moves",
            n="children",
            x="month",
            chart=name,
            improvement="down",
            title="Moves per 10 children",
        )
    elif name == "g":
        r = qi.chart(
            _frame(between=LEVEL - 15),
            y="between",
            x="month",
            chart="g",
            title="Placements between breakdowns",
        )
    elif name == "t":
        r = qi.chart(
            _frame(days=LEVEL * 2),
            y="days",
            x="month",
            chart="t",
            title="Days between breakdowns",
            unit="days",
        )
    elif name == "mdc":
        r = qi.chart(
            _frame(waits=60 - LEVEL),
            y="waits",
            x="month",
            chart="i",
            rules="mdc",
            baseline=12,
            improvement="down",
            target=30,
            title="Weeks waiting for a panel",
        )
        kw = {
            "icons": True,
            "trajectory": pd.Series(
                [38.0, 34.0, 30.0], index=pd.to_datetime(["2024-01-01", "2024-07-01", "2024-12-01"])
            ),
        }
    elif name == "by":
        frame = pd.concat(
            [
                _frame(days=LEVEL, area="North"),
                _frame(days=LEVEL[::-1], area="South"),
                _frame(days=np.roll(LEVEL, 5), area="East $coast$"),
            ]
        )
        r = qi.chart(
            frame,
            y="days",
            x="month",
            chart="i",
            by="area",
            improvement="up",
            title="Days with a key-worker contact, by area",
        )
        return r, {}
    elif name == "empty":
        r = qi.chart(
            _frame(days=np.full(24, np.nan)).head(3),
            y="days",
            x="month",
            chart="run",
            title="A measure with no data yet",
        )
    else:  # pragma: no cover
        raise KeyError(name)
    return r, kw


CASES = [
    "run",
    "i",
    "mr",
    "xbar",
    "s",
    "p",
    "np",
    "c",
    "u",
    "g",
    "t",
    "pp",
    "up",
    "mdc",
    "by",
    "empty",
]


def _check(fig, name: str, tmp_path: Path) -> None:
    actual = tmp_path / f"{name}.png"
    fig.savefig(actual, dpi=DPI)
    expected = BASELINE / f"{name}.png"
    if os.environ.get("QI_UPDATE_BASELINES") == "1":
        BASELINE.mkdir(exist_ok=True)
        shutil.copyfile(actual, expected)
    assert expected.exists(), (
        f"no baseline {expected}; run with QI_UPDATE_BASELINES=1 and look at it"
    )
    err = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert err is None, err


@pytest.mark.parametrize("name", CASES)
def test_chart_image(name, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIWarning)
        result, kw = _case(name)
    fig = plot_chart(result, figsize=None if name == "by" else SIZE, **kw)
    _check(fig, f"chart_{name}", tmp_path)


def test_timeline_image(tmp_path):
    frame = pd.DataFrame(
        {
            "cycle_id": ["call-1", "call-2", "call-3", "visit-1", "visit-2", "drop-1"],
            "change_idea": ["Phone call within a week"] * 3
            + ["Key worker visits"] * 2
            + ["Drop-in sessions"],
            "cycle_number": [1, 2, 3, 1, 2, 1],
            "title": [
                "One carer",
                "Five carers",
                "All carers in the West",
                "Two families",
                "Ten families",
                "One evening",
            ],
            "start": [
                "2024-01-08",
                "2024-02-05",
                "2024-03-11",
                "2024-02-01",
                "2024-03-20",
                "2024-04-01",
            ],
            "end": ["2024-01-26", "2024-02-28", "2024-04-30", "2024-03-01", None, "2024-04-20"],
            "scale": [1, 5, 20, 2, 10, 3],
            "status": ["complete"] * 5 + ["abandoned"],
            "decision": ["adapt", "adapt", "adopt", "adapt", None, "abandon"],
            "previous": [None, "call-1", "call-2", None, "visit-1", None],
            "measures": [["m1"]] * 6,
        }
    )
    _check(pdsa_timeline(frame, title="Kinship care: PDSA ramps"), "timeline", tmp_path)


def test_into_given_axes_image(tmp_path):
    """Two results side by side in the caller's own figure (ax=...): title and caption sit on
    each axes, the legend inside it."""
    from matplotlib.figure import Figure

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIWarning)
        left, _ = _case("c")
        right, _ = _case("p")
    fig = Figure(figsize=(11.0, 4.6), layout="constrained")
    a, b = fig.subplots(1, 2)
    plot_chart(left, ax=a)
    plot_chart(right, ax=b)
    _check(fig, "chart_into_axes", tmp_path)
