"""Time the presentation of one measure (run by hand, not in the tests).

    .venv/bin/python benchmarks/bench_present.py

For a 44-point monthly I chart with two phases (the size of the kinship example's measures),
times, best of 5: ``plot_chart`` alone, ``plot_chart`` + PNG at 100 dpi (what a report
embeds), ``describe``, ``summary_table`` over 100 results and ``summary_html`` of that table.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
from timing import best_of  # benchmarks/timing.py

import qi
from qi.present.html import summary_html
from qi.present.narrate import describe
from qi.present.plot import plot_chart


def main() -> None:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "month": pd.date_range("2017-08-01", periods=44, freq="MS"),
            "y": np.r_[rng.normal(70, 2, 27), rng.normal(72, 3, 17)],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIWarning)
        r = qi.chart(
            frame,
            y="y",
            x="month",
            chart="i",
            phases=["2019-11-01"],
            improvement="up",
            target=75,
            title="Number of kinship carers",
        )

    def png() -> None:
        plot_chart(r).savefig(io.BytesIO(), format="png", dpi=100)

    results = {f"measure {i}": r for i in range(100)}
    table = qi.summary_table(results)
    rows = [
        ("plot_chart (Figure only)", best_of(lambda: plot_chart(r), repeat=5)),
        ("plot_chart + PNG 100 dpi", best_of(png, repeat=5)),
        ("describe", best_of(lambda: describe(r), repeat=5)),
        ("summary_table, 100 results", best_of(lambda: qi.summary_table(results), repeat=5)),
        ("summary_html, 100 rows", best_of(lambda: summary_html(table), repeat=5)),
    ]
    for name, t in rows:
        print(f"{name:32s} {t * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
