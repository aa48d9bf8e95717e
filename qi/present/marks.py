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
from qi.present.style import BENCHMARK_COLOUR, DECISION_COLOURS, LABEL_WIDTH, PDSA_WORDS
from qi.present.words import format_value, shorten, show_value

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
        pdsa, PDSA_REQUIRED, field="pdsa",
        type_hint="pass project.pdsa_frame() or a DataFrame with 'start' and 'title'",
        missing_hint="give each cycle a 'start' date and a 'title'",
    )
    out = pd.DataFrame({"title": pdsa["title"].astype(str).to_numpy()})
    for col in ("start", "end"):
        if col not in pdsa.columns:
            out[col] = pd.NaT if kind == "date" else np.nan
            continue
        raw = pdsa[col]
        conv = pd.to_datetime(raw, errors="coerce") if kind == "date" else pd.to_numeric(raw, errors="coerce")
        bad = conv.isna().to_numpy() & raw.notna().to_numpy()
        if bad.any():
            what = "dates" if kind == "date" else "numbers (the chart's x is numeric)"
            raise ValidationError(
                f"column '{col}' has values that are not {what}: "
                f"{', '.join(show_value(v) for v in raw[bad].tolist()[:5])}",
                field="pdsa", rows=[int(i) for i in np.flatnonzero(bad)],
                hint=f"write {col} as {'ISO dates, e.g. 2024-03-01' if kind == 'date' else 'x values'}",
            )
        out[col] = conv.to_numpy()
    out["decision"] = (
        pdsa["decision"].fillna("undecided").astype(str).str.lower().to_numpy()
        if "decision" in pdsa.columns else "undecided"
    )
    out["cycle_id"] = (
        pdsa["cycle_id"].astype(str).to_numpy() if "cycle_id" in pdsa.columns
        else [f"C{i + 1}" for i in range(len(pdsa))]
    )
    numbers = pd.to_numeric(pdsa["cycle_number"], errors="coerce").to_numpy(dtype=float) if (
        "cycle_number" in pdsa.columns) else np.full(len(out), np.nan)
    out["label"] = [
        f"#{int(n)} {t}" if np.isfinite(n) else t for n, t in zip(numbers, out["title"], strict=True)
    ]
    # planned cycles without a start date have not run: nothing to mark yet
    out = out[out["start"].notna()]
    return out.sort_values("start", kind="stable").reset_index(drop=True)


def draw_pdsa(ax: Axes, cycles: pd.DataFrame) -> None:
    """Each cycle: a dotted line at its start, a bar to its end near the top, and a label
    ``<cycle_id>: <title>`` staggered on three levels so neighbours do not overlap."""
    import matplotlib.transforms as mtransforms

    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    has_phase_labels = any(t.get_gid() == "phase-label" for t in ax.texts)
    levels = (0.90, 0.82, 0.74) if has_phase_labels else (0.96, 0.88, 0.80)
    for i, c in cycles.iterrows():
        colour = DECISION_COLOURS.get(c["decision"], K.PDSA_COLOUR_UNDECIDED)
        level = levels[int(i) % len(levels)]
        ax.axvline(c["start"], color=colour, lw=0.9, ls=(0, (1, 1.5)), zorder=1,
                   gid=f"pdsa:{c['cycle_id']}", label=PDSA_WORDS.get(c["decision"], PDSA_WORDS["undecided"]))
        ax.plot([c["start"]], [level], transform=trans, marker="v", ms=5, color=colour,
                zorder=5, clip_on=False, gid=f"pdsa-marker:{c['cycle_id']}")
        if pd.notna(c["end"]):
            ax.plot([c["start"], c["end"]], [level, level], transform=trans, color=colour, lw=2.5,
                    solid_capstyle="butt", zorder=5, gid=f"pdsa-span:{c['cycle_id']}")
        ax.text(c["start"], level - 0.025, " " + shorten(c["label"], LABEL_WIDTH),
                transform=trans, ha="left", va="top", fontsize=7, color="#262626",
                gid=f"pdsa-label:{c['cycle_id']}", parse_math=False, clip_on=True)


def benchmark_marks(benchmarks: Any) -> list[tuple[str, float]]:
    if isinstance(benchmarks, pd.DataFrame):
        if not {"label", "value"} <= set(benchmarks.columns):
            raise ValidationError(
                f"a benchmarks DataFrame needs 'label' and 'value' columns; found: "
                f"{', '.join(map(str, benchmarks.columns))}",
                field="benchmarks", hint="rename the columns to 'label' and 'value'",
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
                field="benchmarks", hint='pass e.g. {"England": 0.45}',
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
                field="benchmarks", hint="give each benchmark a numeric value on the chart's scale",
            )
        out.append((str(lab), v))
    return out


def draw_benchmark(ax: Axes, label: str, value: float, chart: str) -> None:
    ax.axhline(value, color=BENCHMARK_COLOUR, lw=0.9, ls="-.", zorder=1.5, gid=f"benchmark:{label}")
    ax.annotate(f"{shorten(label, LABEL_WIDTH)} {format_value(value, chart)}", (0.0, value),
                xycoords=("axes fraction", "data"), xytext=(3, 2), textcoords="offset points",
                va="bottom", ha="left", fontsize=7, color=BENCHMARK_COLOUR, parse_math=False,
                gid="benchmark-label")


def trajectory_marks(trajectory: Any, kind: str) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(trajectory, pd.Series):
        xs, ys = trajectory.index.to_series(), trajectory
    elif isinstance(trajectory, pd.DataFrame) and {"x", "y"} <= set(trajectory.columns):
        xs, ys = trajectory["x"], trajectory["y"]
    else:
        raise ValidationError(
            f"expected a Series indexed by x or a DataFrame with 'x' and 'y' columns, found "
            f"{type(trajectory).__name__}",
            field="trajectory", hint="pass e.g. pd.Series([0.5, 0.6], index=pd.to_datetime([...]))",
        )
    xv = as_x(xs.reset_index(drop=True), kind)
    yv = pd.to_numeric(pd.Series(list(ys)), errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(yv) | (pd.isna(xv) if kind == "date" else np.isnan(xv))
    if bad.any():
        raise ValidationError(
            "trajectory has x or y values that cannot be read as the chart's x and numbers",
            field="trajectory", rows=[int(i) for i in np.flatnonzero(bad)],
            hint="give dates (or numbers) as x and numbers as y",
        )
    return xv, yv
