"""Differential tests: qi against plain, loop-by-loop re-implementations of the two reference
packages, written from their published method (qicharts2's ``qic()`` and NHSRplotthedots'
``ptd_spc()``, as docs/method/charts.md and rules.md describe them) independently of qi's vectorised code, on random series
with ties, values on the centre line, missing values, exclusions and frozen baselines.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import qi

# --- NHSRplotthedots 0.2.2 (ptd_spc_standard.R, ptd_calculate_point_type.R) ---------------


def ptd_reference(y: np.ndarray, improvement: int = 1):
    """Limits and point types as NHSRplotthedots computes them, one loop per rule."""
    n = len(y)
    mean = np.nanmean(y)
    mr = np.r_[np.nan, np.abs(np.diff(y))]
    amr = np.nanmean(mr)
    mr = np.where(mr < 3.267 * amr, mr, np.nan)  # screening, strict <, one pass
    amr = np.nanmean(mr)
    lpl, upl = mean - 2.66 * amr, mean + 2.66 * amr
    nlpl, nupl = mean - 2 * (2.66 / 3) * amr, mean + 2 * (2.66 / 3) * amr
    outside = (y > upl) | (y < lpl)
    rel = np.sign(y - mean)
    close = ~outside & ((y < nlpl) | (y > nupl))
    marker = np.zeros(n, bool)
    for i in range(6, n):
        marker[i] = rel[i] != 0 and bool(np.all(rel[i - 6 : i + 1] == rel[i]))
    run = np.array([marker[i : i + 7].any() for i in range(n)])
    tmark = np.zeros(n, int)
    for i in range(6, n):
        d = np.sign(np.diff(y[i - 6 : i + 1]))
        tmark[i] = 1 if np.all(d == 1) else (-1 if np.all(d == -1) else 0)
    trend = np.array([(tmark[i : i + 7] != 0).any() for i in range(n)])
    cp = np.r_[0, 0, close.astype(int), 0, 0]
    rp = np.r_[0, 0, rel, 0, 0]
    two3 = np.zeros(n, bool)
    for i in range(n):
        j = i + 2
        hit = any(
            cp[a : a + 3].sum() >= 2 and abs(rp[a : a + 3].sum()) == 3 for a in (j - 2, j - 1, j)
        )
        two3[i] = hit and close[i]
    sdy = np.sign(np.diff(y))
    types = []
    for i in range(n):
        if outside[i]:
            v = 1 if rel[i] == 1 else -1
        elif trend[i]:
            step = sdy[i] if (i + 1 < n and trend[i + 1]) else sdy[i - 1]
            v = 1 if step == 1 else -1
        elif two3[i] or run[i]:
            v = 1 if rel[i] == 1 else -1
        else:
            types.append("common_cause")
            continue
        types.append(
            "special_cause_improvement" if v * improvement > 0 else "special_cause_concern"
        )
    return lpl, upl, np.array(types)


def _series(rng: np.random.Generator, k: int) -> np.ndarray:
    n = int(rng.integers(8, 40))
    kind = k % 4
    if kind == 0:
        return rng.normal(10, 2, n).round(1)
    if kind == 1:
        return rng.poisson(3, n).astype(float)
    if kind == 2:
        return np.cumsum(rng.integers(-1, 3, n)).astype(float)
    return (rng.normal(0, 1, n) + np.r_[np.zeros(n // 2), np.full(n - n // 2, 2.0)]).round(0)


def test_mdc_matches_a_loop_reimplementation_of_nhsrplotthedots():
    rng = np.random.default_rng(1)
    checked = 0
    for k in range(400):
        y = _series(rng, k)
        lpl, upl, types = ptd_reference(y)
        if not np.isfinite(upl):
            continue  # constant series: NHSRplotthedots gives NaN limits (pinned elsewhere)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = qi.chart(pd.DataFrame({"y": y}), y="y", chart="i", rules="mdc", improvement="up")
        d = res.data
        assert np.allclose(d["lcl"], lpl) and np.allclose(d["ucl"], upl), y.tolist()
        assert (d["signal_type"].to_numpy(dtype=str) == types).all(), y.tolist()
        checked += 1
    assert checked > 300


# --- qicharts2 0.8.1 (helper.functions.R: qic.i/p/u/c/g/t/run, runs.analysis) --------------


def _qbinom05(size: int) -> int:
    total = 0.0
    for c in range(size + 1):
        total += math.comb(size, c) / 2**size
        if total >= 0.05 - 1e-12:
            return c
    return size


def _runs(y, cl, inc):
    s = np.sign(y[inc] - cl[inc])
    s = s[~np.isnan(s)]
    s = s[s != 0]
    if len(s) == 0:
        return (np.nan,) * 4
    changes = np.flatnonzero(np.diff(s) != 0)
    bounds = np.r_[0, changes + 1, len(s)]
    return np.diff(bounds).max(), round(math.log2(len(s))) + 3, len(changes), _qbinom05(len(s) - 1)


def _sigma_mr(v):
    mr = np.abs(np.diff(v))
    mr = mr[~np.isnan(mr)]
    amr = mr.mean()
    return mr[mr < 3.267 * amr].mean() / 1.128


@pytest.mark.parametrize("kind", ["run", "i", "p", "u", "c", "g", "t"])
def test_limits_and_runs_match_a_loop_reimplementation_of_qicharts2(kind):
    rng = np.random.default_rng(sum(map(ord, kind)))
    for _ in range(60):
        N = int(rng.integers(12, 40))
        n = rng.integers(20, 80, N).astype(float)
        if kind == "p":
            y = rng.binomial(n.astype(int), 0.3).astype(float)
        elif kind in ("u", "c"):
            y = rng.poisson(5, N).astype(float)
        elif kind in ("g", "t"):
            y = rng.exponential(10, N).round(1) + 0.1
        else:
            y = rng.normal(50, 5, N).round(0)
        if rng.random() < 0.3:
            y[rng.integers(0, N)] = np.nan
        excl = sorted(set(rng.integers(1, N + 1, 2).tolist())) if rng.random() < 0.4 else []
        freeze = int(rng.integers(10, N)) if rng.random() < 0.4 else None
        x = np.arange(1, N + 1)
        inc = ~np.isin(x, excl)
        b = (x <= freeze if freeze else np.ones(N, bool)) & inc
        nan_limits = np.zeros(N, bool)
        yv = y
        if kind in ("p", "u"):
            yv = y / n
            cl = np.nansum(y[b]) / np.nansum(np.where(np.isnan(y[b]), np.nan, n[b]))
            sig = np.sqrt(cl * (1 - cl) / n) if kind == "p" else np.sqrt(cl / n)
            centre, ucl, lcl = np.full(N, cl), cl + 3 * sig, np.maximum(cl - 3 * sig, 0)
            if kind == "p":
                ucl = np.minimum(ucl, 1)
            nan_limits = np.isnan(y)  # complete.cases: n is NA too, so n = 0 and limits NA
        elif kind == "i":
            cl, s = np.nanmean(y[b]), _sigma_mr(y[b])
            centre, ucl, lcl = np.full(N, cl), np.full(N, cl + 3 * s), np.full(N, cl - 3 * s)
        elif kind == "c":
            cl = np.nanmean(y[b])
            centre, ucl = np.full(N, cl), np.full(N, cl + 3 * math.sqrt(cl))
            lcl = np.full(N, max(0.0, cl - 3 * math.sqrt(cl)))
        elif kind == "g":
            m = np.nanmean(y[b])
            centre = np.full(N, np.nanmedian(y[b]))
            ucl, lcl = np.full(N, m + 3 * math.sqrt(m * (m + 1))), np.zeros(N)
        elif kind == "t":
            z = y ** (1 / 3.6)
            cl, s = np.nanmean(z[b]), _sigma_mr(z[b])
            low = cl - 3 * s
            centre, ucl = np.full(N, cl**3.6), np.full(N, (cl + 3 * s) ** 3.6)
            lcl = np.full(N, 0.0 if low < 0 else low**3.6)
        else:
            centre, ucl, lcl = (
                np.full(N, np.nanmedian(y[b])),
                np.full(N, np.nan),
                np.full(N, np.nan),
            )
        ucl = np.where(nan_limits, np.nan, ucl)
        lcl = np.where(nan_limits, np.nan, lcl)
        df = pd.DataFrame({"x": x, "y": y, "n": n})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = qi.chart(
                df,
                y="y",
                x="x",
                n="n" if kind in ("p", "u") else None,
                chart=kind,
                exclude=excl or None,
                baseline=freeze,
                rules="anhoej",
            )
        d, ph = res.data, res.phases.iloc[0]
        case = (kind, y.tolist(), excl, freeze)
        assert np.allclose(d["centre"], centre, equal_nan=True), case
        assert np.allclose(d["ucl"], ucl, equal_nan=True), case
        assert np.allclose(d["lcl"], lcl, equal_nan=True), case
        want = _runs(yv, centre, inc)
        got = (ph["longest_run"], ph["longest_run_max"], ph["crossings"], ph["crossings_min"])
        for w, g in zip(want, got, strict=True):
            assert (np.isnan(w) and pd.isna(g)) or w == g, (case, want, got)


def test_xbar_and_s_match_qicharts2_pooled_and_mean_sd():
    """qic.xbar/qic.s: size-weighted grand mean; pooled SD when sizes vary, else mean SD;
    A3 = 3/(c4 sqrt(n)), B3/B4 = 1 -/+ 3 c5/c4 with exact c4."""
    from qi.constants import c4

    rng = np.random.default_rng(3)
    for k in range(40):
        N, vary = int(rng.integers(12, 30)), k % 2 == 0
        sizes = rng.integers(2, 7, N) if vary else np.full(N, 5)
        rows = [(i + 1, v) for i in range(N) for v in rng.normal(10, 2, sizes[i]).round(1)]
        df = pd.DataFrame(rows, columns=["x", "y"])
        g = df.groupby("x")["y"]
        m, s, ln = g.mean().to_numpy(), g.std().to_numpy(), g.size().to_numpy()
        cl = (ln * m).sum() / ln.sum()
        sd = math.sqrt(((ln - 1) * s**2).sum() / (ln - 1).sum()) if vary else s.mean()
        c4v = np.array([c4(n) for n in ln])
        c5 = np.sqrt(1 - c4v**2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            xb = qi.chart(df, y="y", x="x", chart="xbar").data
            sc = qi.chart(df, y="y", x="x", chart="s").data
        assert np.allclose(xb["y"], m) and np.allclose(xb["centre"], cl)
        assert np.allclose(xb["ucl"], cl + 3 / (c4v * np.sqrt(ln)) * sd)
        assert np.allclose(sc["y"], s) and np.allclose(sc["centre"], sd)
        assert np.allclose(sc["ucl"], (1 + 3 * c5 / c4v) * sd)
        assert np.allclose(sc["lcl"], np.maximum(0, 1 - 3 * c5 / c4v) * sd)


@pytest.mark.parametrize("kind", ["pp", "up"])
def test_laney_charts_match_qicharts2(kind):
    """qic.pp/qic.up: sigma_z = screened mean |diff(z)| / 1.128; limits cl -/+ 3 sigma_i sigma_z."""
    rng = np.random.default_rng(4)
    for _ in range(40):
        N = int(rng.integers(12, 30))
        n = rng.integers(50, 2000, N).astype(float)
        if kind == "pp":
            y = rng.binomial(n.astype(int), np.clip(rng.normal(0.3, 0.05, N), 0.01, 0.99)).astype(
                float
            )
        else:
            y = rng.poisson(n * np.clip(rng.normal(0.5, 0.1, N), 0.01, None)).astype(float)
        cl = y.sum() / n.sum()
        sig = np.sqrt(cl * (1 - cl) / n) if kind == "pp" else np.sqrt(cl / n)
        z = (y / n - cl) / sig
        mr = np.abs(np.diff(z))
        sz = mr[mr < 3.267 * mr.mean()].mean() / 1.128
        ucl, lcl = cl + 3 * sig * sz, np.maximum(cl - 3 * sig * sz, 0)
        if kind == "pp":
            ucl = np.minimum(ucl, 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d = qi.chart(pd.DataFrame({"y": y, "n": n}), y="y", n="n", chart=kind).data
        assert np.allclose(d["ucl"], ucl) and np.allclose(d["lcl"], lcl)
