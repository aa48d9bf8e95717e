"""Date axes written as the chart's periods, shared by the chart and the PDSA timeline.

Every tick label carries its year ("Mar 2021", "Jan–Mar 2021", "2020/21", "5 Mar 2021";
written by :mod:`qi.present.numbers`), and there are only as many ticks as fit side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qi import constants as K
from qi.present.numbers import format_date, write_period

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Months between ticks tried for monthly and quarterly axes, and years for yearly ones.
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 36, 60, 120)
QUARTER_STEPS = (3, 6, 12, 24, 36, 60, 120)
YEAR_STEPS = (1, 2, 5, 10, 20, 50)
#: Average width of an 8 pt tick character (points) and the space kept between tick labels.
TICK_CHAR_PT = 8 * 0.6
TICK_GAP_PT = 12.0


def date_axis(ax: Axes, pstyle: str) -> None:
    """Date ticks written as the chart's periods ("Mar 2021", "Jan–Mar 2021", "2020/21",
    "5 Mar 2021"): every tick has its year; as many ticks as fit without touching."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FixedLocator, FuncFormatter

    lo, hi = (pd.Timestamp(mdates.num2date(v)).tz_localize(None) for v in ax.get_xlim())
    style = pstyle if pstyle in ("month", "quarter", "year", "financial_year") else "day"
    sample = write_period(pd.Timestamp("2020-12-01"), style)
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    most = max(2, int(width_pt / (len(sample) * TICK_CHAR_PT + TICK_GAP_PT)))
    ticks: list[pd.Timestamp] = []
    if style in ("month", "quarter"):
        first = pd.Timestamp(lo.year, lo.month, 1) + pd.offsets.MonthBegin(0 if lo.day == 1 else 1)
        months = pd.date_range(first, hi, freq="MS")
        for step in MONTH_STEPS if style == "month" else QUARTER_STEPS:
            ticks = [m for m in months if ((m.year * 12 + m.month - 1) % step == 0)]
            if len(ticks) <= most:
                break
    elif style in ("year", "financial_year"):
        month = K.FINANCIAL_YEAR_START_MONTH if style == "financial_year" else 1
        years = [pd.Timestamp(y, month, 1) for y in range(lo.year, hi.year + 1)]
        years = [t for t in years if lo <= t <= hi]
        for step in YEAR_STEPS:
            ticks = [t for t in years if t.year % step == 0]
            if len(ticks) <= most:
                break
    if ticks:
        ax.xaxis.set_major_locator(
            FixedLocator([mdates.date2num(t.to_pydatetime()) for t in ticks])
        )
        ax.xaxis.set_major_formatter(
            FuncFormatter(
                lambda v, _pos: write_period(
                    pd.Timestamp(mdates.num2date(v)).tz_localize(None), style
                )
            )
        )
        return
    loc = mdates.AutoDateLocator(minticks=2, maxticks=max(2, most))
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(
        FuncFormatter(
            lambda v, _pos: format_date(pd.Timestamp(mdates.num2date(v)).tz_localize(None))
        )
    )
