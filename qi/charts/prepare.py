"""Step 2 of :func:`qi.chart`: sort, aggregate, and mark phases, baseline and excluded points.

The result is one long set of arrays, one element per chart point, sorted by series (in order
of first appearance) and x, with a ``segment`` id per (series, phase): the limits and the rules
work on all segments at once.

Semantics (qicharts2 `qic.agg()`; ``docs/method/charts.md`` sections 1, 2 and 6):

- Rows with the same x (and series) become one point: ``y_sum`` is the sum of y, ``y_length``
  the number of non-missing y, ``y_mean``/``y_sd``/``y_range`` their mean, sample SD and
  range (the subgroups of xbar, s and r charts). With a denominator, ``n`` is the sum of n and the value is
  ``sum(y) / sum(n)``; without, the value is the mean of y. When ``n`` is given, a row missing
  either y or n counts as missing in both (R's ``complete.cases``).
- A point whose rows are all missing stays in the frame with y NaN; it counts in ``n_obs``.
  (Departures from qicharts2, on purpose: such a point has ``y_sum`` NaN, where qicharts2 gives
  0 for two or more missing rows, and ``n`` NaN, where qicharts2 gives 0. Limits are NaN either
  way.)
- ``phases``: a column of labels (a new phase starts where the label changes; a label may not
  come back after another one) or x values at which a new phase starts (each must be an x of
  the data; in every series the new phase starts at the first point at or after it; the phases
  are then labelled "1", "2", ... within each series). Without phases every series has one phase "1".
- ``baseline``: an int k (the first k points, missing values included, as qicharts2's
  ``freeze``) or an x value (the points up to and including it). The baseline applies within the
  FIRST phase of each series; later phases estimate from all their points. A baseline longer than
  the first phase is an error (qicharts2 silently ignores ``freeze`` when ``part`` is given).
- ``exclude``: x values; the points are kept (``included`` False) in every series that has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from qi.charts.kinds import XKind
from qi.charts.result import ChartOptions
from qi.charts.validate import ValidData, x_keys
from qi.errors import ValidationError


@dataclass(frozen=True)
class Prepared:
    """Chart points, sorted by (series, x). Per-point arrays have length N; ``seg_*`` length S."""

    series: np.ndarray  # int64 code into series_labels
    x: np.ndarray  # float64 or datetime64[ns]
    x_key: np.ndarray
    value: np.ndarray  # sum(y)/sum(n) with n, mean(y) without
    n: np.ndarray  # sum of n (NaN without n or when every row is missing)
    y_sum: np.ndarray
    y_length: np.ndarray  # int64: non-missing y values aggregated into the point
    y_mean: np.ndarray
    y_sd: np.ndarray
    y_range: np.ndarray  # max - min of the non-missing y of the point (NaN for fewer than 2)
    phase: np.ndarray  # int64 code into phase_labels
    segment: np.ndarray  # int64, 0..S-1, non-decreasing
    baseline: np.ndarray  # bool
    included: np.ndarray  # bool
    seg_start: np.ndarray  # int64, first point of each segment
    seg_series: np.ndarray
    seg_phase: np.ndarray
    series_labels: tuple[str, ...]
    phase_labels: tuple[str, ...]
    x_kind: XKind
    has_n: bool

    @cached_property
    def x_shown(self) -> np.ndarray:
        """x as shown in results: int64 when every number is whole, else as prepared."""
        x = self.x
        if (
            self.x_kind == "number"
            and len(x)
            and np.abs(x).max() < 2**53
            and bool(np.all(np.mod(x, 1) == 0))
        ):
            return x.astype(np.int64)
        return x

    @property
    def n_points(self) -> int:
        return len(self.value)

    @property
    def n_segments(self) -> int:
        return len(self.seg_start)


def _flags_change(*arrays: np.ndarray) -> np.ndarray:
    """True where any of the arrays differs from the previous element (True at 0)."""
    size = len(arrays[0])
    out = np.zeros(size, dtype=bool)
    if size:
        out[0] = True
        for a in arrays:
            out[1:] |= a[1:] != a[:-1]
    return out


def _already_sorted(codes: np.ndarray, keys: np.ndarray) -> bool:
    """True when rows are grouped by series (codes non-decreasing) and x strictly increases
    within each series (so there is nothing to sort or aggregate)."""
    if len(codes) < 2:
        return True
    dc = np.diff(codes)
    if (dc < 0).any():
        return False
    return bool(((dc > 0) | (keys[1:] > keys[:-1])).all())


def _aggregate(
    valid: ValidData,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Sort rows by (series, x) and aggregate rows sharing both into one point.

    Returns (the sort order of the rows, True at each row starting a point, the sorted row
    where each point starts, the point columns of :func:`_point_stats`)."""
    order, codes, keys, y, n = _sorted_rows(valid)
    new = _flags_change(codes, keys)
    starts = np.flatnonzero(new)
    return order, new, starts, _point_stats(y, n, new, starts)


def _sorted_rows(
    valid: ValidData,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """(order, series codes, x keys, y, n) of the rows sorted by (series, x), y and n as
    complete cases: a row missing either counts as missing in both (R's ``complete.cases``)."""
    y = valid.y
    n = valid.n
    if n is not None:
        incomplete = np.isnan(y) | np.isnan(n)
        if incomplete.any():
            y = np.where(incomplete, np.nan, y)
            n = np.where(incomplete, np.nan, n)
    codes, keys = valid.series_codes, valid.x_key
    if _already_sorted(codes, keys):  # the common case: skip the sort and the copies
        return np.arange(len(codes)), codes, keys, y, n
    order = np.lexsort((keys, codes))
    return order, codes[order], keys[order], y[order], n[order] if n is not None else None


def _point_stats(
    ys: np.ndarray, ns: np.ndarray | None, new: np.ndarray, starts: np.ndarray
) -> dict[str, np.ndarray]:
    """y_sum, y_length, y_mean, y_sd, y_range and n of each point, from the sorted rows ``ys``
    and ``ns``; a point begins at each of ``starts`` (``new`` True there)."""
    ok = ~np.isnan(ys)
    if len(starts) == len(ys):  # every (series, x) once: nothing to aggregate
        return {
            "y_sum": ys,
            "y_length": ok.astype(np.int64),
            "y_mean": ys,
            "y_sd": np.full(len(ys), np.nan),
            "y_range": np.full(len(ys), np.nan),
            "n": ns if ns is not None else np.full(len(ys), np.nan),
        }
    gid = np.cumsum(new) - 1
    length = np.add.reduceat(ok.astype(np.int64), starts)
    total = np.add.reduceat(np.where(ok, ys, 0.0), starts)
    has = length > 0
    y_sum = np.where(has, total, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        y_mean = y_sum / np.where(has, length, 1)
        dev = np.where(ok, ys - y_mean[gid], 0.0)
        ss = np.add.reduceat(dev * dev, starts)
        y_sd = np.where(length >= 2, np.sqrt(ss / np.maximum(length - 1, 1)), np.nan)
        y_range = np.where(
            length >= 2, np.fmax.reduceat(ys, starts) - np.fmin.reduceat(ys, starts), np.nan
        )
    return {
        "y_sum": y_sum,
        "y_length": length,
        "y_mean": y_mean,
        "y_sd": y_sd,
        "y_range": y_range,
        "n": _point_n(ns, starts),
    }


def _point_n(ns: np.ndarray | None, starts: np.ndarray) -> np.ndarray:
    """The sum of n of each point: NaN when every n of the point is missing, or without n."""
    if ns is None:
        return np.full(len(starts), np.nan)
    n_ok = ~np.isnan(ns)
    n_sum = np.add.reduceat(np.where(n_ok, ns, 0.0), starts)
    n_has = np.add.reduceat(n_ok.astype(np.int64), starts) > 0
    return np.where(n_has, n_sum, np.nan)


def _phase_from_column(
    valid: ValidData,
    order: np.ndarray,
    new: np.ndarray,
    starts: np.ndarray,
    g_series: np.ndarray,
    series_start: np.ndarray,
) -> tuple[np.ndarray, tuple[str, ...], np.ndarray]:
    labels = valid.phase_labels[order]  # type: ignore[index]
    codes, uniques = pd.factorize(labels, sort=False)
    codes = codes.astype(np.int64, copy=False)
    gcodes = codes[starts]
    if len(starts) != len(codes):
        gid = np.cumsum(new) - 1
        mismatch = codes != gcodes[gid]
        if mismatch.any():
            raise ValidationError(
                "rows with the same x have different phase labels",
                field="phases",
                rows=list(valid.index[order[mismatch]]),
                hint="give all rows of one period the same phase label",
            )
    change = series_start | _flags_change(gcodes)
    firsts = np.flatnonzero(change)
    pairs = g_series[firsts] * (len(uniques) + 1) + gcodes[firsts]
    _, first_pos, counts = np.unique(pairs, return_index=True, return_counts=True)
    if (counts > 1).any():
        bad = firsts[first_pos[counts > 1][0]]
        label = uniques[gcodes[bad]]
        raise ValidationError(
            f"phase '{label}' comes back after another phase; each phase must be one stretch of x",
            field="phases",
            hint="give the later stretch its own label (e.g. 'after 2')",
        )
    return gcodes, tuple(str(u) for u in uniques), change


def _phase_from_x(
    valid: ValidData, g_xkey: np.ndarray, series_start: np.ndarray, values: tuple[object, ...]
) -> tuple[np.ndarray, tuple[str, ...], np.ndarray]:
    keys = x_keys(values, valid.x_kind, "phases")
    unknown = ~np.isin(keys, g_xkey)
    if unknown.any():
        bad = ", ".join(repr(v) for v, u in zip(values, unknown, strict=True) if u)
        raise ValidationError(
            f"phase start(s) {bad} name no point of the data",
            field="phases",
            hint="give x values that are in the data (the first x of each new phase)",
        )
    keys = np.unique(keys)
    idx = np.searchsorted(keys, g_xkey, side="right").astype(np.int64)
    series_rank = np.cumsum(series_start) - 1
    first_idx = idx[np.flatnonzero(series_start)][series_rank]
    phase_no = idx - first_idx
    change = series_start | _flags_change(idx)
    labels = tuple(str(i + 1) for i in range(int(phase_no.max()) + 1 if len(phase_no) else 1))
    return phase_no, labels, change


def _label(prep_labels: tuple[str, ...], codes: np.ndarray) -> str:
    return ", ".join(prep_labels[c] for c in codes[:5])


def _included(valid: ValidData, opts: ChartOptions, g_xkey: np.ndarray) -> np.ndarray:
    """False for the points whose x is in ``exclude`` (in every series that has it)."""
    if not opts.exclude:
        return np.ones(len(g_xkey), dtype=bool)
    keys = x_keys(opts.exclude, valid.x_kind, "exclude")
    unknown = ~np.isin(keys, g_xkey)
    if unknown.any():
        bad = ", ".join(repr(v) for v, u in zip(opts.exclude, unknown, strict=True) if u)
        raise ValidationError(
            f"exclude names no point of the data: {bad}",
            field="exclude",
            hint="give x values that are in the data",
        )
    return ~np.isin(g_xkey, keys)


def _baseline(
    valid: ValidData,
    opts: ChartOptions,
    g_series: np.ndarray,
    g_xkey: np.ndarray,
    segment: np.ndarray,
    seg_start: np.ndarray,
    series_start: np.ndarray,
) -> np.ndarray:
    """True for the points the limits are estimated from: the baseline within the first phase
    of each series, every point of later phases."""
    n_pts = len(g_xkey)
    base = opts.baseline
    if base is None:
        return np.ones(n_pts, dtype=bool)
    seg_len = np.diff(np.append(seg_start, n_pts))
    series_rank = np.cumsum(series_start) - 1
    first_seg = segment[np.flatnonzero(series_start)]
    in_first = segment == first_seg[series_rank]
    if isinstance(base, int | np.integer):
        k = int(base)
        first_len = seg_len[first_seg]
        short = first_len < k
        if short.any():
            where = "its first phase" if opts.phases is not None else "the data"
            names = _label(valid.series_labels, g_series[seg_start[first_seg[short]]])
            raise ValidationError(
                f"baseline={k} runs past the end of {where} (series {names}: "
                f"{int(first_len[short].min())} points)",
                field="baseline",
                hint="give a baseline no longer than the first phase, or fewer points",
            )
        pos_in_seg = np.arange(n_pts) - seg_start[segment]
        return np.asarray(~in_first | (pos_in_seg < k))
    key = x_keys((base,), valid.x_kind, "baseline")[0]
    if n_pts and key > g_xkey.max():
        raise ValidationError(
            f"baseline {base!r} is after the last point of the data",
            field="baseline",
            hint="give the x value of the last baseline point (within the data)",
        )
    if n_pts and key < g_xkey.min():
        raise ValidationError(
            f"baseline {base!r} is before the first point of the data",
            field="baseline",
            hint="give the x value of the last baseline point (within the data)",
        )
    late = ~in_first & (g_xkey <= key)
    if late.any():
        names = _label(valid.series_labels, np.unique(g_series[late]))
        raise ValidationError(
            f"baseline {base!r} runs past the end of the first phase (series {names})",
            field="baseline",
            hint="the baseline freezes limits within the first phase: give an x value in it",
        )
    return np.asarray(~in_first | (g_xkey <= key))


def prepare(valid: ValidData, opts: ChartOptions) -> Prepared:
    """Sort, aggregate and segment the validated data (see the module docstring)."""
    order, new, starts, agg = _aggregate(valid)
    g_series = valid.series_codes[order][starts]
    g_xkey = valid.x_key[order][starts]
    g_x = valid.x[order][starts]
    n_pts = len(starts)
    series_start = _flags_change(g_series)

    if isinstance(opts.phases, str):
        phase, phase_labels, seg_new = _phase_from_column(
            valid, order, new, starts, g_series, series_start
        )
    elif opts.phases is not None:
        phase, phase_labels, seg_new = _phase_from_x(valid, g_xkey, series_start, opts.phases)
    else:
        phase, phase_labels, seg_new = np.zeros(n_pts, dtype=np.int64), ("1",), series_start
    segment = np.cumsum(seg_new) - 1
    seg_start = np.flatnonzero(seg_new)

    included = _included(valid, opts, g_xkey)
    baseline = _baseline(valid, opts, g_series, g_xkey, segment, seg_start, series_start)

    has_n = valid.n is not None
    with np.errstate(invalid="ignore", divide="ignore"):
        value = agg["y_sum"] / agg["n"] if has_n else agg["y_mean"]

    return Prepared(
        series=g_series,
        x=g_x,
        x_key=g_xkey,
        value=value,
        n=agg["n"],
        y_sum=agg["y_sum"],
        y_length=agg["y_length"],
        y_mean=agg["y_mean"],
        y_sd=agg["y_sd"],
        y_range=agg["y_range"],
        phase=phase,
        segment=segment,
        baseline=baseline,
        included=included,
        seg_start=seg_start,
        seg_series=g_series[seg_start],
        seg_phase=phase[seg_start],
        series_labels=valid.series_labels,
        phase_labels=phase_labels,
        x_kind=valid.x_kind,
        has_n=has_n,
    )
