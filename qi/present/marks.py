"""What is drawn on a chart besides the result: PDSA cycles, benchmarks and a trajectory.

Each comes from the caller, so each is validated here (a clear ``ValidationError`` naming the
argument, the rows and the fix) and then drawn. User text is drawn with ``parse_math=False``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi import constants as K
from qi.errors import ValidationError
from qi.present.frames import require_frame
from qi.present.style import (
    BENCHMARK_COLOUR,
    DECISION_COLOURS,
    DECISION_WORDS,
    LABEL_WIDTH,
    PDSA_WORDS,
)
from qi.present.words import shorten, show_value

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def as_x(values: pd.Series | Sequence[Any], kind: str) -> np.ndarray:
    """x values as matplotlib reads them: datetime64 for dates, floats otherwise."""
    s = pd.Series(list(values)) if not isinstance(values, pd.Series) else values
    if kind == "date":
        return pd.to_datetime(s).to_numpy(dtype="datetime64[ns]")
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


PDSA_REQUIRED = ("start", "title")


def pdsa_marks(pdsa: Any, kind: str) -> pd.DataFrame:
    require_frame(
        pdsa,
        PDSA_REQUIRED,
        field="pdsa",
        type_hint="pass project.pdsa_frame() or a DataFrame with 'start' and 'title'",
        missing_hint="give each cycle a 'start' date and a 'title'",
    )
    out = pd.DataFrame({"title": pdsa["title"].astype(str).to_numpy()})
    for col in ("start", "end"):
        if col not in pdsa.columns:
            out[col] = pd.NaT if kind == "date" else np.nan
            continue
        raw = pdsa[col]
        conv = (
            pd.to_datetime(raw, errors="coerce")
            if kind == "date"
            else pd.to_numeric(raw, errors="coerce")
        )
        bad = conv.isna().to_numpy() & raw.notna().to_numpy()
        if bad.any():
            what = "dates" if kind == "date" else "numbers (the chart's x is numeric)"
            raise ValidationError(
                f"column '{col}' has values that are not {what}: "
                f"{', '.join(show_value(v) for v in raw[bad].tolist()[:5])}",
                field="pdsa",
                rows=[int(i) for i in np.flatnonzero(bad)],
                hint=f"write {col} as {'ISO dates, e.g. 2024-03-01' if kind == 'date' else 'x values'}",
            )
        out[col] = conv.to_numpy()
    out["decision"] = (
        pdsa["decision"].fillna("undecided").astype(str).str.lower().to_numpy()
        if "decision" in pdsa.columns
        else "undecided"
    )
    out["cycle_id"] = (
        pdsa["cycle_id"].astype(str).to_numpy()
        if "cycle_id" in pdsa.columns
        else [f"C{i + 1}" for i in range(len(pdsa))]
    )
    # planned cycles without a start date have not run: nothing to mark yet
    out = out[out["start"].notna()]
    return out.sort_values("start", kind="stable").reset_index(drop=True)


def number_cycles(*frames: pd.DataFrame) -> dict[str, int]:
    """Numbers for the PDSA cycles of a page, unique across all its charts: 1, 2, 3... in
    order of start date (then cycle id), each cycle once. Pass the result as ``pdsa_numbers``
    to every chart of the page so that "3" means the same cycle everywhere."""
    rows = [
        f.loc[:, [c for c in ("cycle_id", "start") if c in f.columns]] for f in frames if len(f)
    ]
    if not rows:
        return {}
    every = pd.concat(rows, ignore_index=True)
    every["cycle_id"] = every["cycle_id"].astype(str)
    every["start"] = pd.to_datetime(every["start"], errors="coerce")
    every = every.sort_values(["start", "cycle_id"], kind="stable", na_position="last")
    return {cid: i + 1 for i, cid in enumerate(dict.fromkeys(every["cycle_id"]))}


def pdsa_key(cycles: pd.DataFrame, numbers: Mapping[str, int] | None = None) -> pd.DataFrame:
    """The key of the numbered PDSA markers: one row per drawn cycle, ``number, cycle_id,
    title, start, end, decision``, in number order (what a page prints beside the chart).

    ``cycles`` is :func:`pdsa_marks` of the caller's frame; ``numbers`` maps cycle ids to the
    page's numbers (:func:`number_cycles`); cycles it does not name are numbered after them.
    """
    numbers = dict(numbers or {})
    out = cycles.loc[:, ["cycle_id", "title", "start", "end", "decision"]].copy()
    nxt = max(numbers.values(), default=0) + 1
    assigned = []
    for cid in out["cycle_id"]:
        if cid not in numbers:
            numbers[cid] = nxt
            nxt += 1
        assigned.append(int(numbers[cid]))
    out.insert(0, "number", assigned)
    return out.sort_values(["number"], kind="stable").reset_index(drop=True)


def key_text(key: pd.DataFrame, period: Any) -> str:
    """The key as one paragraph: ``PDSA cycles: 1 Information evening (Sep 2019, adapt);
    2 ...``; ``period`` writes a start date (e.g. ``numbers.format_date``)."""
    parts = []
    for _, c in key.iterrows():
        decision = DECISION_WORDS.get(c["decision"], DECISION_WORDS["undecided"]).lower()
        parts.append(f"{c['number']} {shorten(c['title'], 60)} ({period(c['start'])}, {decision})")
    return "PDSA cycles: " + "; ".join(parts) + "."


#: Size of a numbered PDSA marker and the rows of the strip above the plot (points).
PDSA_MARKER_PT = 11.0
STRIP_ROW_PT = 13.0


def pdsa_rows(
    positions: Sequence[float], ends: Sequence[float], gap: float = PDSA_MARKER_PT + 3
) -> list[int]:
    """A row for each marker (0 = lowest) so that no two markers, nor a marker and a cycle's
    bar to its end, share space: ``positions`` and ``ends`` in points along the x axis, in
    start order; each row is filled left to right (greedy interval colouring)."""
    free: list[float] = []  # right end of what each row holds so far
    rows = []
    for x, e in zip(positions, ends, strict=True):
        row = next((r for r, right in enumerate(free) if x - gap / 2 >= right), len(free))
        if row == len(free):
            free.append(-math.inf)
        free[row] = max(x + gap / 2, e)
        rows.append(row)
    return rows


def draw_pdsa_lines(ax: Axes, cycles: pd.DataFrame) -> None:
    """A dotted line across the plot at each cycle's start, coloured by its decision (named in
    the legend); the numbered markers come later, with :func:`draw_pdsa`."""
    for _, c in cycles.iterrows():
        colour = DECISION_COLOURS.get(c["decision"], K.PDSA_COLOUR_UNDECIDED)
        ax.axvline(
            c["start"],
            color=colour,
            lw=0.9,
            ls=(0, (1, 1.5)),
            zorder=1,
            gid=f"pdsa:{c['cycle_id']}",
            label=PDSA_WORDS.get(c["decision"], PDSA_WORDS["undecided"]),
        )


def draw_pdsa(
    ax: Axes, cycles: pd.DataFrame, numbers: Mapping[str, int], *, base_pt: float, width_pt: float
) -> float:
    """Each cycle: above the plot a numbered marker on its start date (the key says which cycle
    it is) with a bar to the cycle's end. Markers close
    together go on separate rows, so none overprints another. Returns the height used above
    the plot (points), from ``base_pt`` (the rows start there)."""
    import matplotlib.transforms as mtransforms

    if cycles.empty:
        return base_pt
    lo, hi = ax.get_xlim()

    def pts(v: Any) -> float:
        x = float(mdates_num(v))
        return (x - lo) / (hi - lo) * width_pt if hi > lo else 0.0

    starts = [pts(v) for v in cycles["start"]]
    ends = [pts(e) if pd.notna(e) else s for s, e in zip(starts, cycles["end"], strict=True)]
    rows = pdsa_rows(starts, ends)
    blend = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    for (_, c), row in zip(cycles.iterrows(), rows, strict=True):
        colour = DECISION_COLOURS.get(c["decision"], K.PDSA_COLOUR_UNDECIDED)
        lift = base_pt + STRIP_ROW_PT * (row + 0.5)
        if pd.notna(c["end"]):
            shift = mtransforms.ScaledTranslation(0, lift / 72, ax.figure.dpi_scale_trans)
            ax.plot(
                [c["start"], c["end"]],
                [1.0, 1.0],
                transform=blend + shift,
                color=colour,
                lw=2.5,
                solid_capstyle="butt",
                zorder=5,
                clip_on=False,
                gid=f"pdsa-span:{c['cycle_id']}",
            )
        ax.annotate(
            str(numbers[c["cycle_id"]]),
            (mdates_num(c["start"]), 1.0),
            xycoords=blend,
            xytext=(0, lift),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=6.5,
            fontweight="bold",
            color="white",
            annotation_clip=False,
            zorder=6,
            bbox={"boxstyle": "circle,pad=0.25", "fc": colour, "ec": "white", "lw": 0.6},
            gid=f"pdsa-label:{c['cycle_id']}",
        )
    return base_pt + STRIP_ROW_PT * (max(rows) + 1)


def mdates_num(v: Any) -> float:
    """An x value as matplotlib's float (days since its epoch for dates)."""
    import matplotlib.dates as mdates

    if isinstance(v, pd.Timestamp | np.datetime64):
        return float(mdates.date2num(pd.Timestamp(v).to_pydatetime()))
    return float(v)


def benchmark_marks(benchmarks: Any) -> list[tuple[str, float]]:
    if isinstance(benchmarks, pd.DataFrame):
        if not {"label", "value"} <= set(benchmarks.columns):
            raise ValidationError(
                f"a benchmarks DataFrame needs 'label' and 'value' columns; found: "
                f"{', '.join(map(str, benchmarks.columns))}",
                field="benchmarks",
                hint="rename the columns to 'label' and 'value'",
            )
        pairs = list(zip(benchmarks["label"], benchmarks["value"], strict=True))
    elif isinstance(benchmarks, Mapping):
        pairs = list(benchmarks.items())
    else:
        try:
            pairs = [(lab, val) for lab, val in benchmarks]
        except (TypeError, ValueError):
            raise ValidationError(
                f"expected a dict, a list of (label, value) pairs or a DataFrame, found "
                f"{type(benchmarks).__name__}",
                field="benchmarks",
                hint='pass e.g. {"England": 0.45}',
            ) from None
    out = []
    for lab, val in pairs:
        try:
            v = float(val)
        except (TypeError, ValueError):
            v = math.nan
        if not math.isfinite(v):
            raise ValidationError(
                f"benchmark {str(lab)!r} has value {val!r}, which is not a number",
                field="benchmarks",
                hint="give each benchmark a numeric value on the chart's scale",
            )
        out.append((str(lab), v))
    return out


def draw_benchmark(ax: Axes, label: str, value: float) -> str:
    """The benchmark's line; returns its label text, placed with the other labels at the right
    of the plot (so none overlaps another) by the caller."""
    ax.axhline(value, color=BENCHMARK_COLOUR, lw=0.9, ls="-.", zorder=1.5, gid=f"benchmark:{label}")
    return shorten(label, LABEL_WIDTH)


def trajectory_marks(trajectory: Any, kind: str) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(trajectory, pd.Series):
        xs, ys = trajectory.index.to_series(), trajectory
    elif isinstance(trajectory, pd.DataFrame) and {"x", "y"} <= set(trajectory.columns):
        xs, ys = trajectory["x"], trajectory["y"]
    else:
        raise ValidationError(
            f"expected a Series indexed by x or a DataFrame with 'x' and 'y' columns, found "
            f"{type(trajectory).__name__}",
            field="trajectory",
            hint="pass e.g. pd.Series([0.5, 0.6], index=pd.to_datetime([...]))",
        )
    xv = as_x(xs.reset_index(drop=True), kind)
    yv = pd.to_numeric(pd.Series(list(ys)), errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(yv) | (pd.isna(xv) if kind == "date" else np.isnan(xv))
    if bad.any():
        raise ValidationError(
            "trajectory has x or y values that cannot be read as the chart's x and numbers",
            field="trajectory",
            rows=[int(i) for i in np.flatnonzero(bad)],
            hint="give dates (or numbers) as x and numbers as y",
        )
    return xv, yv
