"""The numbers of the portfolio page: one row per project and what needs attention (data only).

Rows (:data:`PORTFOLIO_COLUMNS`): project id and title, latest score and its date, the previous
score, the score's trend, its stage band(s), the highest score the evidence supports, the PDSA
cycles started in the period, and the MDC variation/assurance states of its outcome measures.

Attention items (:data:`ATTENTION_COLUMNS`), the three the board asked for in issue 5:

* ``score above evidence``: the recorded score is above what the evidence check supports;
* ``no new data``: a measure's latest value is :data:`~qi.constants.NO_NEW_DATA_PERIODS` or
  more periods (of its own frequency) before the period end;
* ``balancing concern``: a balancing measure shows special-cause concern in its current phase;

and one more the runner needs: ``invalid project`` (a project that failed validation).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from qi.constants import NO_NEW_DATA_PERIODS, REPORT_PERIOD_MONTHS
from qi.errors import QIError, QIWarning

#: Columns of :func:`portfolio_rows`.
PORTFOLIO_COLUMNS: tuple[str, ...] = (
    "project",
    "title",
    "score",
    "score_date",
    "previous_score",
    "trend",
    "stage",
    "supported",
    "cycles_in_period",
    "period_months",
    "period_words",
    "cycles_total",
    "key_measures",
)

#: Columns of :func:`attention_items`.
ATTENTION_COLUMNS: tuple[str, ...] = ("project", "kind", "subject", "detail")

#: Offsets of one period for each measure frequency (qi.project frequencies).
_PERIOD = {
    "weekly": pd.DateOffset(weeks=1),
    "monthly": pd.DateOffset(months=1),
    "quarterly": pd.DateOffset(months=3),
    "financial_year": pd.DateOffset(years=1),
}


@dataclass
class LoadedPortfolio:
    """A portfolio's projects, each loaded on its own so one invalid project hides no other.

    Attributes
    ----------
    name:
        From ``portfolio.yaml``.
    projects:
        The valid projects (``qi.project.store.Project``).
    invalid:
        ``(folder name, [problem, ...])`` for each project that failed validation.
    """

    name: str
    projects: list[Any]
    invalid: list[tuple[str, list[str]]]


def load_portfolio_tolerant(path: str | Path) -> LoadedPortfolio:
    """Load every project of a portfolio, keeping the invalid ones as problem lists."""
    from qi.errors import ProblemList
    from qi.project.layout import PORTFOLIO_FILE, project_folders
    from qi.project.store import load_project
    from qi.project.yamlio import load_document

    root = Path(path)
    config = load_document(root / PORTFOLIO_FILE).plain or {}  # qi's one safe YAML loader
    projects, invalid = [], []
    for folder in project_folders(root):
        try:
            projects.append(load_project(folder))
        except ProblemList as err:
            invalid.append((folder.name, [str(p) for p in err.problems]))
        except QIError as err:
            invalid.append((folder.name, [str(err)]))
    name = str(config.get("name") or root.name) if isinstance(config, dict) else root.name
    return LoadedPortfolio(name, projects, invalid)


def project_end(project: Any, as_of: str | None) -> pd.Timestamp | None:
    """The period end a project is judged at: ``as_of``, else its own latest period with data.

    Projects of one portfolio can run years apart (the example's seeds span 2016-2022); without
    an ``as_of`` each is read at its own latest data, so an older project is not reported as
    "no new data" for the years before the newest one started.
    """
    if as_of:
        return pd.Timestamp(as_of)
    return project.data["period"].max() if len(project.data) else None


def cut_data(frame: pd.DataFrame, end: pd.Timestamp | None, column: str = "period") -> pd.DataFrame:
    """Rows of ``frame`` up to and including ``end`` (all rows if ``end`` is None)."""
    if end is None:
        return frame
    return frame[frame[column] <= end].reset_index(drop=True)


def chart_measure(project: Any, measure_id: str, end: pd.Timestamp | None) -> Any:
    """The measure's chart with data up to ``end``, or None when it has no data by then.

    Uses the project's own chart spec (chart type, baseline, phases, target) on the cut data.
    Chart warnings (trial limits) are not shown here: the narrative states them.
    """
    from qi.charts.api import chart

    try:
        spec = project.chart_spec(measure_id)
    except QIError:
        return None
    frame = cut_data(spec.frame, end)
    if frame["value"].notna().sum() == 0:
        return None
    kwargs = {k: v for k, v in spec.kwargs.items() if v is not None or k == "n"}
    baseline = kwargs.get("baseline")
    if baseline is not None and end is not None and pd.Timestamp(baseline) > end:
        kwargs.pop("baseline")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        result = chart(frame, **kwargs)
    result.extras["chart_reason"] = spec.reason
    result.extras.update(spec.extras)
    result.extras["measure"] = measure_id
    result.extras["project"] = project.id
    return result


def scores_until(project: Any, end: pd.Timestamp | None) -> pd.DataFrame:
    """The score history up to ``end`` (``date, score, rationale, scored_by``)."""
    scores = project.scores.copy()
    scores["date"] = pd.to_datetime(scores["date"])
    return cut_data(scores, end, "date")


def _trend(scores: pd.DataFrame) -> str:
    if len(scores) < 2:
        return "first score" if len(scores) else "no score"
    last, before = float(scores["score"].iloc[-1]), float(scores["score"].iloc[-2])
    return "up" if last > before else "down" if last < before else "level"


def cycles_in_period(project: Any, end: pd.Timestamp | None, months: int) -> int:
    """PDSA cycles that started in the ``months`` months up to ``end``."""
    frame = project.pdsa_frame()
    if end is None or frame.empty:
        return 0
    start = end - pd.DateOffset(months=months)
    return int(((frame["start"] > start) & (frame["start"] <= end)).sum())


def cycles_total(project: Any, end: pd.Timestamp | None) -> int:
    """PDSA cycles started by ``end`` (all cycles with a start date when ``end`` is None)."""
    frame = project.pdsa_frame()
    started = frame["start"].notna()
    if end is not None:
        started &= frame["start"] <= end
    return int(started.sum())


def evidence_checks(projects: Sequence[Any]) -> dict[str, Any]:
    """Each project's evidence check (it charts every measure: compute it once per page)."""
    return {p.id: p.evidence_check() for p in projects}


def portfolio_rows(
    projects: Sequence[Any],
    as_of: str | None = None,
    months: int = REPORT_PERIOD_MONTHS,
    checks: dict[str, Any] | None = None,
    readings: dict[str, dict[str, Any]] | None = None,
) -> pd.DataFrame:
    """One row per project (:data:`PORTFOLIO_COLUMNS`): scores and charts up to ``as_of`` (all
    of them without it), cycles in the ``months`` up to :func:`project_end`;
    ``key_measures`` holds ``[{measure, name, variation, assurance}]`` for each outcome measure
    with data. ``checks`` (from :func:`evidence_checks`) saves recomputing them."""
    checks = checks if checks is not None else evidence_checks(projects)
    from qi.reports.readings import read_measure

    rows = []
    cut = pd.Timestamp(as_of) if as_of else None
    for project in projects:
        end = project_end(project, as_of)
        scores = scores_until(project, cut)
        score = float(scores["score"].iloc[-1]) if len(scores) else None
        key = []
        for measure in project.measures:
            if measure.type != "outcome":
                continue
            # the icons come from the verdict, so they say what the page's words say
            reading = (
                readings[project.id][measure.id]
                if readings is not None
                else read_measure(project, measure.id, cut)
            )
            if not reading.has_data:
                continue
            key.append(
                {
                    "measure": measure.id,
                    "name": measure.name,
                    "variation": reading.verdict.variation_icon,
                    "assurance": reading.verdict.assurance_icon,
                    "headline": reading.headline(),
                }
            )
        rows.append(
            {
                "project": project.id,
                "title": project.title,
                "score": score,
                "score_date": scores["date"].iloc[-1] if len(scores) else None,
                "previous_score": float(scores["score"].iloc[-2]) if len(scores) > 1 else None,
                "trend": _trend(scores),
                "stage": ", ".join(project.stage(score)) if score is not None else "",
                "supported": float(checks[project.id].supported),
                "cycles_in_period": cycles_in_period(project, end, months),
                "period_months": months,
                "period_words": _period_words(end, months),
                "cycles_total": cycles_total(project, cut),
                "key_measures": key,
            }
        )
    return pd.DataFrame(rows, columns=list(PORTFOLIO_COLUMNS))


def measure_readings(
    projects: Sequence[Any], as_of: str | None = None
) -> dict[str, dict[str, Any]]:
    """Every measure of every project read once (chart and verdict up to ``as_of``), for the
    summary, the rows and the attention list of one portfolio page."""
    from qi.reports.readings import read_measures

    cut = pd.Timestamp(as_of) if as_of else None
    return {p.id: read_measures(p, cut) for p in projects}


def portfolio_summary(readings: dict[str, dict[str, Any]]) -> dict[str, int]:
    """How many measures are improving, need attention or show no real change yet (the same
    groups as a project page's summary), and how many have no data."""
    counts = {"better": 0, "attention": 0, "changing": 0, "steady": 0, "no_data": 0}
    for per_project in readings.values():
        for r in per_project.values():
            counts[r.group if r.has_data else "no_data"] += 1
    return counts


def _period_words(end: pd.Timestamp | None, months: int) -> str:
    """``"quarter to March 2021"``: the project's own reporting period, in words."""
    from qi.reports.readings import Period

    return Period(end, months).words(capital=False)


def _stale(project: Any, measure: Any, end: pd.Timestamp | None) -> str | None:
    data = project.measure_data(measure.id)
    data = data[data["value"].notna()]
    if end is None:
        return None
    if data.empty:
        return "no data at all"
    latest = data["period"].max()
    step = _PERIOD.get(measure.frequency, pd.DateOffset(months=1))
    if latest + NO_NEW_DATA_PERIODS * step <= end:
        return (
            f"no new data since {latest:%B %Y} ({NO_NEW_DATA_PERIODS} or more periods before "
            f"{end:%B %Y})"
        )
    return None


def attention_items(
    projects: Sequence[Any],
    as_of: str | None = None,
    invalid: Sequence[tuple[str, Sequence[str]]] = (),
    checks: dict[str, Any] | None = None,
    readings: dict[str, dict[str, Any]] | None = None,
) -> pd.DataFrame:
    """What needs the board's attention (:data:`ATTENTION_COLUMNS`), one row per item: charts
    up to ``as_of`` (all data without it), "no new data" judged at :func:`project_end`."""
    checks = checks if checks is not None else evidence_checks(projects)
    items = [_item(name, "invalid project", name, _invalid_detail(p)) for name, p in invalid]
    from qi.reports.readings import read_measure

    cut = pd.Timestamp(as_of) if as_of else None
    for project in projects:
        end = project_end(project, as_of)
        check = checks[project.id]
        if check.above_evidence:
            detail = (
                f"recorded score {check.current:g} is above the {check.supported:g} "
                "the evidence supports"
            )
            items.append(_item(project.id, "score above evidence", "project score", detail))
        for measure in project.measures:
            stale = _stale(project, measure, end)
            if stale:
                items.append(_item(project.id, "no new data", measure.name, stale))
            reading = (
                readings[project.id][measure.id]
                if readings is not None
                else read_measure(project, measure.id, cut)
            )
            if reading.has_data and reading.attention:
                kind = "balancing concern" if measure.type == "balancing" else "measure at risk"
                items.append(_item(project.id, kind, measure.name, _risk_detail(reading)))
    return pd.DataFrame(items, columns=list(ATTENTION_COLUMNS))


def _item(project: str, kind: str, subject: str, detail: str) -> dict[str, str]:
    """One row of :func:`attention_items` (:data:`ATTENTION_COLUMNS`)."""
    return {"project": project, "kind": kind, "subject": subject, "detail": detail}


def _invalid_detail(problems: Sequence[str]) -> str:
    """How an invalid project failed: the number of problems and the first."""
    return f"failed validation: {len(problems)} problem(s), first: {problems[0]}"


def _risk_detail(reading: Any) -> str:
    """A measure at risk: its headline, then each reason to look at it as a sentence ("getting
    worse" is left out: the headline says it)."""
    reasons = (a[:1].upper() + a[1:] + "." for a in reading.attention if a != "getting worse")
    return " ".join([reading.headline(), *reasons])
