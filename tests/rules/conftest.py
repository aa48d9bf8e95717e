"""Fixtures of the rule-set tests: a factory for RuleInput from short hand-written vectors."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest

from qi.charts.rules.base import RuleInput


def build_input(
    y: Sequence[float],
    centre: float | Sequence[float] = 0.0,
    sigma: float | Sequence[float] | None = 1.0,
    segment: Sequence[int] | None = None,
    included: Sequence[bool] | None = None,
    astro: tuple[float, float] | None = None,
) -> RuleInput:
    """A RuleInput with limits centre +/- k*sigma (k = 1, 2, 3); no limits when sigma is None."""
    yy = np.asarray(y, dtype=float)
    n = yy.shape[0]
    c = np.broadcast_to(np.asarray(centre, dtype=float), (n,)).copy()
    if sigma is None:
        s = np.full(n, np.nan)
    else:
        s = np.broadcast_to(np.asarray(sigma, dtype=float), (n,)).copy()
    if astro is None:
        alo, ahi = c - 3 * s, c + 3 * s
    else:
        alo, ahi = np.full(n, astro[0]), np.full(n, astro[1])
    return RuleInput(
        y=yy,
        centre=c,
        lcl=c - 3 * s,
        ucl=c + 3 * s,
        lcl_2s=c - 2 * s,
        ucl_2s=c + 2 * s,
        lcl_1s=c - s,
        ucl_1s=c + s,
        astro_lcl=alo,
        astro_ucl=ahi,
        segment=np.zeros(n, dtype=np.int64)
        if segment is None
        else np.asarray(segment, dtype=np.int64),
        included=np.ones(n, dtype=bool) if included is None else np.asarray(included, dtype=bool),
    )


@pytest.fixture
def make_input() -> Callable[..., RuleInput]:
    """``make_input(y, centre=0, sigma=1, segment=None, included=None, astro=None)``."""
    return build_input


def flagged_points(
    rule_set: str, rule: str, inp: RuleInput, has_limits: bool = True, **params: object
) -> tuple[list[int], list[int]]:
    """(indices flagged by one rule, their directions) after applying the whole rule set."""
    from qi.charts.rules import apply_rule_set, get_rule_set

    app = apply_rule_set(get_rule_set(rule_set, **params), inp, has_limits)
    idx = np.flatnonzero(app.flags[rule])
    return idx.tolist(), app.directions[rule][idx].tolist()


@pytest.fixture
def flagged() -> Callable[..., tuple[list[int], list[int]]]:
    """``flagged(rule_set, rule, inp, has_limits=True, **params) -> (indices, directions)``."""
    return flagged_points
