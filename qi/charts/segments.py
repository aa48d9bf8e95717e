"""Vectorised statistics per segment (one segment = one phase of one series).

Points are sorted by segment; ``seg`` holds non-decreasing int64 ids 0..S-1. Every function
works on all segments at once with ``np.bincount`` / ``ufunc.reduceat`` (no Python loop over
segments), returns one value per segment, and gives NaN for a segment with nothing to summarise.
"""

from __future__ import annotations

import numpy as np

from qi.constants import CONSTANT_RTOL, MR_SCREEN_MULTIPLIER


def seg_count(mask: np.ndarray, seg: np.ndarray, n_seg: int) -> np.ndarray:
    """Number of True values of ``mask`` per segment (int64)."""
    return np.bincount(seg[mask], minlength=n_seg).astype(np.int64)


def seg_sum(values: np.ndarray, mask: np.ndarray, seg: np.ndarray, n_seg: int) -> np.ndarray:
    """Sum of ``values[mask]`` per segment, NaNs left out (0.0 for an empty segment)."""
    ok = mask & ~np.isnan(values)
    return np.bincount(seg[ok], weights=values[ok], minlength=n_seg)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def seg_mean(values: np.ndarray, mask: np.ndarray, seg: np.ndarray, n_seg: int) -> np.ndarray:
    """Mean of ``values[mask]`` per segment, NaNs left out (R's ``mean(x, na.rm = TRUE)``)."""
    ok = mask & ~np.isnan(values)
    total = np.bincount(seg[ok], weights=values[ok], minlength=n_seg)
    count = np.bincount(seg[ok], minlength=n_seg)
    return _ratio(total, count)


def seg_median(values: np.ndarray, mask: np.ndarray, seg: np.ndarray, n_seg: int) -> np.ndarray:
    """Median of ``values[mask]`` per segment, NaNs left out (R's ``median(x, na.rm = TRUE)``:
    the mean of the two middle values for an even count)."""
    ok = mask & ~np.isnan(values)
    idx = np.flatnonzero(ok)
    v = values[idx]
    s = seg[idx]
    order = np.lexsort((v, s))
    v = v[order]
    counts = np.bincount(s, minlength=n_seg)
    starts = np.cumsum(counts) - counts
    out = np.full(n_seg, np.nan)
    has = counts > 0
    lo = starts[has] + (counts[has] - 1) // 2
    hi = starts[has] + counts[has] // 2
    out[has] = (v[lo] + v[hi]) / 2.0
    return out


def moving_ranges(
    values: np.ndarray, mask: np.ndarray, seg: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Moving ranges ``|v[j+1] - v[j]|`` over the vector of ``mask`` points, within segments.

    As qicharts2 `qic.i`: the points outside ``mask`` (excluded points, points after a freeze)
    are removed first, so a moving range *bridges* them; a missing value stays in the vector, so
    both moving ranges next to it are NaN and are dropped (missing values are not bridged).

    Returns
    -------
    (mr, mr_seg)
        The finite moving ranges and the segment of each.
    """
    idx = np.flatnonzero(mask)
    v = values[idx]
    s = seg[idx]
    mr = np.abs(np.diff(v))
    keep = (s[1:] == s[:-1]) & ~np.isnan(mr)
    return mr[keep], s[1:][keep]


def seg_mean_mr(
    values: np.ndarray, mask: np.ndarray, seg: np.ndarray, n_seg: int, *, screen: bool
) -> np.ndarray:
    """Mean moving range per segment, optionally screened once (Nelson 1982).

    Screening, as qicharts2 (with the package attached) and NHSRplotthedots 0.2.2: compute the
    mean MR, keep only the moving ranges strictly below ``3.267 x mean MR``, and average those.
    Done once, not repeated. A segment whose moving ranges are all equal (e.g. constant values)
    keeps none of them and gets NaN, as both packages do.
    """
    mr, s = moving_ranges(values, mask, seg)
    amr = _ratio(np.bincount(s, weights=mr, minlength=n_seg), np.bincount(s, minlength=n_seg))
    if not screen:
        return amr
    keep = mr < MR_SCREEN_MULTIPLIER * amr[s]
    return _ratio(
        np.bincount(s[keep], weights=mr[keep], minlength=n_seg),
        np.bincount(s[keep], minlength=n_seg),
    )


def seg_constant(values: np.ndarray, seg_start: np.ndarray) -> np.ndarray:
    """Per segment: the value when it is the same on every point (NaN ignored), else NaN."""
    if len(values) == 0:
        return np.full(len(seg_start), np.nan)
    lo = np.fmin.reduceat(values, seg_start)
    hi = np.fmax.reduceat(values, seg_start)
    with np.errstate(invalid="ignore"):
        same = np.abs(hi - lo) <= CONSTANT_RTOL * np.maximum(np.abs(hi), 1e-300)
    return np.where(same, lo, np.nan)


def varies(values: np.ndarray, seg_start: np.ndarray) -> np.ndarray:
    """Per segment: True when ``values`` (no NaN) take more than one value."""
    if len(values) == 0:
        return np.zeros(len(seg_start), dtype=bool)
    return np.asarray(
        np.minimum.reduceat(values, seg_start) != np.maximum.reduceat(values, seg_start)
    )
