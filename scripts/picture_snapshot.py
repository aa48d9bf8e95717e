"""Pixel-exact check that a refactor leaves the pictures and the numbers unchanged.

    cd <checkout A> && PYTHONPATH=. MPLBACKEND=Agg python scripts/picture_snapshot.py snap DIR_A
    cd <checkout B> && PYTHONPATH=. MPLBACKEND=Agg python scripts/picture_snapshot.py snap DIR_B
    python scripts/picture_snapshot.py compare DIR_A DIR_B

``snap`` draws every chart case of ``tests/present/test_present_images.py`` three ways (as the
image test draws it; with icons and zones at the default size; without a caption, with a title
holding ``$`` and ``<b>`` and page numbers for the PDSA cycles), a ``by=`` result cut to two
series, two results in the caller's axes, three PDSA timelines, and funnels of every chart,
limit method and overdispersion adjustment; it keeps each figure's RGBA pixels at 100 dpi, and
the verdicts (``repr`` and ``Verdict.frame()``) and funnel frames. ``compare`` lists the images
whose pixels differ and the number sets that are not equal. The image tests compare with a
tolerance against stored baselines; this compares two checkouts exactly, on one machine.
"""

from __future__ import annotations

import pickle
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


def snap(out: Path) -> None:
    sys.path.insert(0, str(Path("tests/present").resolve()))
    import test_present_images as cases  # the image tests' chart cases
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    import qi
    from qi.present.plot import plot_chart
    from qi.present.timeline import pdsa_timeline

    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    numbers: dict[str, Any] = {}

    def keep(name: str, fig: Any) -> None:
        fig.set_dpi(100)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        arrays[name] = np.asarray(canvas.buffer_rgba()).copy()

    warnings.simplefilter("ignore")
    trajectory = pd.DataFrame(
        {"x": pd.to_datetime(["2023-06-01", "2024-12-01"]), "y": [20.0, 30.0]}
    )
    for name in cases.CASES:
        r, kw = cases._case(name)
        keep(f"chart_{name}", plot_chart(r, figsize=None if name == "by" else cases.SIZE, **kw))
        keep(f"chart_{name}_default", plot_chart(r, icons=True, zones=True))
        keep(
            f"chart_{name}_nocaption",
            plot_chart(
                r, caption=False, title="Other $title$ & <b>", pdsa_numbers={"P1": 4, "P2": 7}, **kw
            ),
        )
        v = r.judge()
        numbers[f"judge_{name}"] = (repr(v), v.frame())
        if r.options.x_kind == "date":
            numbers[f"judge_trajectory_{name}"] = repr(
                qi.judge(r, changes_from="2023-09-01", trajectory=trajectory)
            )
    keep("by_series", plot_chart(cases._case("by")[0], series=["North", "South"]))
    fig = Figure(figsize=(11.0, 4.6), layout="constrained")
    a, b = fig.subplots(1, 2)
    plot_chart(cases._case("mdc")[0], ax=a, icons=True)
    plot_chart(cases._case("i")[0], ax=b, **cases._case("i")[1])
    keep("into_axes", fig)
    frame = pd.DataFrame(
        {
            "cycle_id": ["call-1", "call-2", "call-3", "visit-1", "visit-2", "drop-1", "plan-1"],
            "change_idea": ["Phone call within a week"] * 3
            + ["Key worker visits"] * 2
            + ["Drop-in sessions", "x"],
            "cycle_number": [1, 2, 3, 1, 2, 1, 1],
            "start": [
                "2024-01-08",
                "2024-02-05",
                "2024-03-11",
                "2024-02-01",
                "2024-03-20",
                "2024-04-01",
                None,
            ],
            "end": [
                "2024-01-26",
                "2024-02-28",
                "2024-04-30",
                "2024-03-01",
                None,
                "2024-04-20",
                None,
            ],
            "scale": [1, 5, "ward", 2, 10, 3, None],
            "decision": ["adapt", "adapt", "adopt", "adapt", None, "abandon", None],
            "previous": [None, "call-1", "call-2", None, "visit-1", None, None],
        }
    )
    keep("timeline", pdsa_timeline(frame, title="Kinship"))
    keep(
        "timeline_named",
        pdsa_timeline(frame, names={"Key worker visits": "KW"}, numbers={"call-2": 9}),
    )
    keep("timeline_empty", pdsa_timeline(frame.iloc[[6]]))
    rng = np.random.default_rng(3)
    units = pd.DataFrame(
        {
            "ward": [f"W{i}" for i in range(30)],
            "y": rng.integers(2, 40, 30),
            "n": rng.integers(60, 400, 30),
        }
    )
    for chart in ("proportion", "rate", "ratio"):
        for limits in ("exact", "normal"):
            for od in (None, "multiplicative", "additive"):
                f = qi.funnel(
                    units,
                    y="y",
                    n="n",
                    unit="ward",
                    chart=chart,
                    limits=limits,
                    overdispersion=od,
                    improvement="down",
                    multiply=100,
                )
                numbers[f"funnel_{chart}_{limits}_{od}"] = (
                    repr(f),
                    f.data,
                    f.curve,
                    f.warnings,
                    f.options,
                )
                if od is None:
                    keep(f"funnel_{chart}_{limits}", f.plot())
    means = units.assign(sd=rng.uniform(3, 6, 30))
    f = qi.funnel(
        means, y="y", n="n", unit="ward", chart="mean", sd="sd", target=20, target_source="England"
    )
    numbers["funnel_mean"] = (repr(f), f.data, f.curve, f.warnings, f.options)
    np.savez_compressed(out / "arrays.npz", **arrays)
    (out / "numbers.pkl").write_bytes(pickle.dumps(numbers))
    print(f"{len(arrays)} images, {len(numbers)} number sets in {out}")


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(x, y)
        except AssertionError:
            return False
        return True
    if isinstance(x, tuple):
        return len(x) == len(y) and all(_same(p, q) for p, q in zip(x, y, strict=True))
    return bool(x == y)


def compare(a: Path, b: Path) -> int:
    pa, pb = np.load(a / "arrays.npz"), np.load(b / "arrays.npz")
    names = sorted(set(pa.files) | set(pb.files))
    bad = [
        k
        for k in names
        if k not in pa.files or k not in pb.files or not np.array_equal(pa[k], pb[k])
    ]
    print(f"{len(names)} images compared pixel by pixel; differing: {bad or 'none'}")
    na = pickle.loads((a / "numbers.pkl").read_bytes())  # our own files, written by snap()
    nb = pickle.loads((b / "numbers.pkl").read_bytes())
    bad_n = [
        k
        for k in sorted(set(na) | set(nb))
        if k not in na or k not in nb or not _same(na[k], nb[k])
    ]
    print(f"{len(set(na) | set(nb))} number sets compared; differing: {bad_n or 'none'}")
    return 1 if bad or bad_n else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "snap":
        snap(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
