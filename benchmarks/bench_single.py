"""A loop of 1,000 single charts beside one ``by=`` call over the same 1,000 series (run by hand).

    .venv/bin/python benchmarks/bench_single.py

Issue 12: a user who charts 1,000 series of 60 points one by one should wait under 0.5 s
(0.5 ms a chart), and ``by=`` must not get slower (0.020 s for 1,000 x 60 when the issue was
filed). Since the frames of a ChartResult are built on first read, a chart that is only judged
costs the computation alone; the baseline measured in the same process is the same loop reading
``.data``, ``.phases`` and ``.signals`` (what every call paid before). Best of 3 wall-clock runs;
the machine is shared, so compare the ratios, not the absolute figures, between runs.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
from timing import best_of  # benchmarks/timing.py

import qi
from qi.errors import QIWarning

N_SERIES, N_POINTS = 1_000, 60


def main() -> None:
    warnings.simplefilter("ignore", QIWarning)
    rng = np.random.default_rng(2024)
    frames = [
        pd.DataFrame({"week": np.arange(1, N_POINTS + 1), "y": rng.normal(50, 5, N_POINTS)})
        for _ in range(N_SERIES)
    ]
    long = pd.concat([f.assign(ward=f"w{i:04d}") for i, f in enumerate(frames)], ignore_index=True)

    for chart, rules in (("run", "ihi"), ("i", "hcdg")):

        def loop(read: bool = False, chart: str = chart, rules: str = rules) -> None:
            for f in frames:
                res = qi.chart(f, y="y", x="week", chart=chart, rules=rules)
                if read:
                    res.data, res.phases, res.signals  # noqa: B018 - build the frames

        def by(chart: str = chart, rules: str = rules) -> None:
            res = qi.chart(long, y="y", x="week", by="ward", chart=chart, rules=rules)
            res.data, res.phases, res.signals  # noqa: B018

        loop()
        t_loop, t_read, t_by = best_of(loop), best_of(lambda: loop(True)), best_of(by)
        t0 = time.process_time()
        loop()
        cpu = time.process_time() - t0
        print(
            f"{chart:>3} chart, rules {rules}: loop of {N_SERIES} single charts {t_loop:.3f} s "
            f"({t_loop / N_SERIES * 1e3:.2f} ms a chart; CPU {cpu / N_SERIES * 1e3:.2f} ms), "
            f"reading every frame {t_read:.3f} s ({t_read / t_loop:.1f}x); one by= call with "
            f"frames {t_by:.3f} s"
        )


if __name__ == "__main__":
    main()
