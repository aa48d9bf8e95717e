"""The Project API other areas code against: data, chart arguments, context, PDSA frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import qi
from qi.constants import MEASURE_DATA_COLUMNS, MIN_POINTS_FOR_LIMITS, PDSA_FRAME_COLUMNS
from qi.errors import ValidationError
from qi.project.chartspec import FIRST_PHASE_LABEL, build_spec, choose_chart
from qi.project.model import Measure

from .conftest import EXAMPLES


def _data(values: list[float], dens: list[float] | None = None) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame(
        {
            "period": pd.date_range("2020-01-01", periods=n, freq="MS"),
            "value": np.asarray(values, dtype=float),
            "denominator": np.asarray(dens if dens is not None else [np.nan] * n, dtype=float),
            "note": [""] * n,
        }
    )


def _measure(**kw: object) -> Measure:
    return Measure(id="m", name="M", type="outcome", **kw)


@pytest.mark.parametrize(
    ("unit", "dens", "chart", "reason"),
    [
        ("percentage", True, "p", "p chart: a proportion with a denominator for every point"),
        ("rate", True, "u", "u chart: a rate of events per unit of opportunity"),
        ("count", False, "i", "I chart: a count without a known constant area of opportunity"),
        ("percentage", False, "i", "I chart: a percentage given without its denominators"),
        ("days", False, "i", "I chart: a measurement in days"),
    ],
)
def test_auto_chart_choice_is_explained(unit: str, dens: bool, chart: str, reason: str) -> None:
    data = _data([5.0] * MIN_POINTS_FOR_LIMITS, [10.0] * MIN_POINTS_FOR_LIMITS if dens else None)
    assert choose_chart(_measure(unit=unit), data) == (
        chart,
        choose_chart(_measure(unit=unit), data)[1],
    )
    assert choose_chart(_measure(unit=unit), data)[1].startswith(reason)


def test_auto_chart_is_a_run_chart_below_the_minimum_points() -> None:
    data = _data([1.0] * (MIN_POINTS_FOR_LIMITS - 1), [4.0] * (MIN_POINTS_FOR_LIMITS - 1))
    chart, reason = choose_chart(_measure(unit="percentage"), data)
    assert chart == "run"
    assert (
        reason
        == f"run chart: {MIN_POINTS_FOR_LIMITS - 1} points, fewer than the {MIN_POINTS_FOR_LIMITS} needed for useful control limits"
    )


def test_charter_chart_wins() -> None:
    assert choose_chart(_measure(unit="count", chart="c"), _data([1.0] * 20)) == (
        "c",
        "the charter sets chart: c",
    )


def test_spec_for_percentages_charts_proportions_and_scales_the_target() -> None:
    m = _measure(
        unit="percentage",
        improvement="up",
        target={"value": 45, "date": "2021-03"},
        baseline="2020-12",
        phases=[{"start": "2021-01", "label": "After"}],
    )
    data = _data([10.0] * 14, [40.0] * 14)
    spec = build_spec(m, data)
    assert spec.chart == "p" and spec.scale_factor == 0.01
    assert spec.kwargs["target"] == pytest.approx(0.45)
    assert spec.kwargs["n"] == "denominator" and spec.kwargs["unit"] == "proportion"
    assert spec.kwargs["baseline"] == pd.Timestamp("2020-12-01")
    assert spec.frame["phase"].tolist() == [FIRST_PHASE_LABEL] * 12 + ["After"] * 2
    # a run chart of the same measure charts value / denominator, still as a proportion
    run = build_spec(m, data, chart="run")
    assert run.frame["value"].tolist() == [0.25] * 14 and run.kwargs["n"] is None
    assert run.reason == "chart run requested by the caller"


def test_measure_data_columns_and_order() -> None:
    project = qi.load_project(EXAMPLES / "kinship")
    frame = project.measure_data("lac_placed_with_kin")
    assert list(frame.columns) == list(MEASURE_DATA_COLUMNS)
    assert frame["period"].is_monotonic_increasing
    assert str(frame["period"].dtype).startswith("datetime64")
    assert frame["denominator"].notna().all()
    assert project.measure_data("kinship_carers")["denominator"].isna().all()
    with pytest.raises(ValidationError, match="unknown measure 'carers'"):
        project.measure_data("carers")


def test_chart_hands_the_charter_to_qi_chart() -> None:
    project = qi.load_project(EXAMPLES / "kinship")
    data = project.measure_data("lac_placed_with_kin")
    result = project.chart("lac_placed_with_kin")
    assert result.options.chart == "p"
    assert result.options.improvement == "up"
    assert result.options.title == "% of looked after and accommodated population placed with kin"
    assert result.options.target == pytest.approx(0.45)
    assert result.extras["chart_reason"].startswith("p chart")
    # baseline through 2019-07: the first phase's centre is sum(numerators) / sum(denominators)
    base = data[data["period"] <= pd.Timestamp("2019-07-01")]
    expected = base["value"].sum() / base["denominator"].sum()
    first = result.data[result.data["phase"] == FIRST_PHASE_LABEL]
    assert first["centre"].iloc[0] == pytest.approx(expected)
    assert set(result.data["phase"]) == {FIRST_PHASE_LABEL, "Kinship Care Team in place"}
    assert (
        result.data.loc[result.data["x"] >= pd.Timestamp("2019-11-01"), "phase"]
        .eq("Kinship Care Team in place")
        .all()
    )
    override = project.chart("lac_placed_with_kin", chart="run", phases=None)
    assert override.options.chart == "run"


def test_chart_of_a_measure_without_data_is_a_clear_error(project_dir: Path) -> None:
    project = qi.load_project(project_dir)
    (project_dir / "data" / "measures.csv").write_text("measure,period,value\n")
    project = qi.load_project(project_dir)
    with pytest.raises(ValidationError, match="measure 'visits' has no data"):
        project.chart("visits")


def test_chart_context() -> None:
    project = qi.load_project(EXAMPLES / "permanence")
    ctx = project.chart_context("cic_rate")
    assert set(ctx) >= {"target", "target_date", "trajectory", "benchmarks", "pdsa"}
    assert ctx["benchmarks"] == [
        {"label": "England 2016/17", "value": 61.0},
        {"label": "Statistical neighbours 2016/17", "value": 48.0},
    ]
    assert ctx["target"] is None and ctx["trajectory"] is None
    carers = project.chart_context("connected_carers")
    assert carers["target"] == 175 and carers["target_date"] == pd.Timestamp("2021-03-01")
    assert carers["trajectory"]["value"].tolist() == [100, 125, 150, 175]
    kin = qi.load_project(EXAMPLES / "kinship").chart_context("lac_placed_with_kin")
    assert kin["target"] == pytest.approx(0.45)  # percentage target on the p chart's 0-1 scale
    assert kin["trajectory"]["value"].tolist() == pytest.approx([0.30, 0.35, 0.40, 0.45])
    assert kin["pdsa"]["cycle_id"].tolist() == ["kinship_team-001"]


def test_pdsa_frame() -> None:
    project = qi.load_project(EXAMPLES / "kinship")
    frame = project.pdsa_frame()
    assert list(frame.columns) == list(PDSA_FRAME_COLUMNS)
    assert len(frame) == len(project.cycles) == 7
    ramp = project.pdsa_frame("assessment_process")
    assert ramp["cycle_number"].tolist() == [1, 2, 3]
    assert ramp["decision"].tolist() == ["adapt", "adapt", "adopt"]
    assert ramp["previous"].tolist() == [None, "assessment_process-001", "assessment_process-002"]
    assert ramp["start"].iloc[0] == pd.Timestamp("2019-08-05")
    assert ramp["measures"].iloc[0] == ["stage1_assessments", "legal_orders"]
    assert pd.isna(project.pdsa_frame("assessment_framework")["end"].iloc[1])
    with pytest.raises(ValidationError, match="unknown change idea 'nope'"):
        project.pdsa_frame("nope")


def test_portfolio_loads_every_example_project() -> None:
    portfolio = qi.load_portfolio(EXAMPLES)
    assert [p.id for p in portfolio.projects] == [
        "kinship",
        "kinship_team",
        "fostering",
        "sufficiency",
        "permanence",
    ]
    assert portfolio.config.name.startswith("Children's services")
    assert portfolio.config.stretch_outcomes[0].id == "SO5"
    assert portfolio.project("fostering").charter.measures[1].target.value == 20
    for project in portfolio:
        assert project.charter.data_note and "illustrative" in project.charter.data_note.lower()


def test_example_data_are_what_the_generator_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_examples", EXAMPLES.parents[1] / "scripts" / "make_examples.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    module.main()
    for project in ("kinship", "kinship_team", "fostering", "sufficiency", "permanence"):
        generated = (tmp_path / project / "data" / "measures.csv").read_text()
        assert generated == (EXAMPLES / project / "data" / "measures.csv").read_text(), project


def test_portfolio_problems_are_listed(tmp_path: Path) -> None:
    (tmp_path / "portfolio.yaml").write_text("name: P\nprojects: [missing]\nstretch_outcome: []\n")
    from qi.project.store import validate_portfolio

    messages = [str(p) for p in validate_portfolio(tmp_path)]
    assert any(
        "unknown field 'stretch_outcome'" in m and "did you mean 'stretch_outcomes'?" in m
        for m in messages
    )
    (tmp_path / "portfolio.yaml").write_text("name: P\nprojects: [missing]\n")
    messages = [str(p) for p in validate_portfolio(tmp_path)]
    assert any("project folder 'missing' has no charter.yaml" in m for m in messages)
    with pytest.raises(ValidationError, match="has no charter.yaml"):
        qi.load_portfolio(tmp_path)


def test_pdsa_frame_feeds_the_timeline_and_chart_context_feeds_the_plot() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qi.constants import PDSA_FRAME_COLUMNS as declared
    from qi.present.timeline import PDSA_FRAME_COLUMNS as read_by_timeline

    assert tuple(read_by_timeline) == tuple(declared)
    project = qi.load_project(EXAMPLES / "kinship")
    figure = qi.pdsa_timeline(project.pdsa_frame(), title=project.title)
    plt.close(figure)
    result = project.chart("lac_placed_with_kin")
    context = project.chart_context("lac_placed_with_kin")
    figure = result.plot(
        pdsa=context["pdsa"],
        trajectory=context["trajectory"].rename(columns={"period": "x", "value": "y"}),
        benchmarks=pd.DataFrame(context["benchmarks"], columns=["label", "value"]),
    )
    plt.close(figure)


def test_notebook_html_escapes_what_users_wrote(tmp_path: Path) -> None:
    from .conftest import CHARTER, write_project

    text = CHARTER.replace("title: Demo project", "title: \"<script>alert('x')</script> & co\"")
    root = write_project(tmp_path / "p", text, data="measure,period,value\nvisits,2020-01,3\n")
    project = qi.load_project(root)
    page = project._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
    assert "<td>visits</td><td>Visits</td><td>process</td><td>count</td><td>1</td>" in page
    assert "not scored yet" in page
    portfolio = qi.load_portfolio(EXAMPLES)._repr_html_()
    assert portfolio.count("<tr>") == 6  # header and five projects


def test_portfolio_project_names_cannot_escape(tmp_path: Path) -> None:
    from qi.project.store import validate_portfolio

    (tmp_path / "portfolio.yaml").write_text("name: P\nprojects: [../outside, ok]\n")
    messages = [str(p) for p in validate_portfolio(tmp_path)]
    assert any(":2, 'projects[0]': '../outside' is not a valid id" in m for m in messages)
