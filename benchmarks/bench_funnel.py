"""Speed of qi.funnel() for 10,000 units, against plain-numpy normal limits (run by hand).

    .venv/bin/python benchmarks/bench_funnel.py

Issue 12: a funnel for 10,000 units in under 0.2 s. Cases: exact binomial limits
(proportions), exact Poisson limits (rates), additive overdispersion (tau^2). The reference in
the same process computes the normal-approximation limits and z-scores in plain numpy (no
validation, no frame): the floor of the work. Best of 3 wall-clock runs.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from timing import best_of  # benchmarks/timing.py

import qi
from qi.errors import QIWarning

UNITS = 10_000


def reference(y: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Normal-approximation 95% and 99.8% limits and z-scores of proportions."""
    p0 = y.sum() / n.sum()
    se = np.sqrt(p0 * (1 - p0) / n)
    z = (y / n - p0) / se
    return np.stack([p0 - 1.96 * se, p0 + 1.96 * se, p0 - 3.09 * se, p0 + 3.09 * se, z])


def main() -> None:
    warnings.simplefilter("ignore", QIWarning)
    rng = np.random.default_rng(2024)
    n = rng.integers(50, 20_000, UNITS)
    y = rng.binomial(n, rng.beta(20, 180, UNITS))  # overdispersed around 10%
    frame = pd.DataFrame({"unit": [f"u{i:05d}" for i in range(UNITS)], "y": y, "n": n})
    t_ref = best_of(lambda: reference(y.astype(float), n.astype(float)))
    for label, kw in (
        ("proportion, exact binomial", {}),
        ("rate, exact Poisson", {"chart": "rate"}),
        ("proportion, additive overdispersion", {"overdispersion": "additive"}),
        ("proportion, normal limits", {"limits": "normal"}),
    ):
        t = best_of(lambda kw=kw: qi.funnel(frame, y="y", n="n", unit="unit", **kw))
        print(
            f"{UNITS:,} units, {label}: {t:.3f} s (target < 0.2 s); numpy normal-limits floor "
            f"{t_ref:.4f} s ({t / t_ref:.0f}x)"
        )


if __name__ == "__main__":
    main()
