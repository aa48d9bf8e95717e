"""Time the rule sets alone on 10,000 series x 60 points (run by hand, not in the tests).

    .venv/bin/python benchmarks/bench_rules.py

Builds one RuleInput of 600,000 points (I-chart-like limits per series), then times
``apply_rule_set`` for every rule set (best of 3) and ``runs_analysis``.
"""

from __future__ import annotations

import numpy as np
from timing import best_of  # benchmarks/timing.py

from qi.charts.rules import apply_rule_set, rule_sets
from qi.charts.rules.base import RuleInput
from qi.charts.rules.runs import runs_analysis


def make_input(n_series: int = 10_000, n_points: int = 60, seed: int = 1) -> RuleInput:
    rng = np.random.default_rng(seed)
    n = n_series * n_points
    y = rng.normal(size=n)
    y[rng.random(n) < 0.01] = np.nan
    seg = np.repeat(np.arange(n_series), n_points)
    centre = np.zeros(n)
    sigma = np.ones(n)
    return RuleInput(
        y=y,
        centre=centre,
        lcl=centre - 3 * sigma,
        ucl=centre + 3 * sigma,
        lcl_2s=centre - 2 * sigma,
        ucl_2s=centre + 2 * sigma,
        lcl_1s=centre - sigma,
        ucl_1s=centre + sigma,
        astro_lcl=centre - 3 * sigma,
        astro_ucl=centre + 3 * sigma,
        segment=seg,
        included=rng.random(n) > 0.005,
    )


def main() -> None:
    inp = make_input()
    print(f"{inp.y.shape[0]:,} points, 10,000 segments")
    for name in rule_sets():
        t = best_of(lambda name=name: apply_rule_set(name, inp, has_limits=True))
        print(f"apply_rule_set({name!r}): {t * 1000:7.1f} ms")
    t = best_of(lambda: runs_analysis(inp.y, inp.centre, inp.segment, inp.included))
    print(f"runs_analysis: {t * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
