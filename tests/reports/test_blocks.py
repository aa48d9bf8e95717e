"""Report sections in-process: escaping of user text, the period cut, empty cases."""

from __future__ import annotations

import pandas as pd

from qi.reports import blocks

SCRIPT = "<script>alert(1)</script>"


def test_table_and_definition_list_escape_only_what_they_should():
    assert blocks.table([], ("a",)) == "<p><em>None.</em></p>"
    assert blocks.definition_list([("Sponsor", SCRIPT), ("Empty", None)]) == (
        "<dl><dt>Sponsor</dt><dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd></dl>"
    )


def test_title_block_escapes_and_names_the_period():
    html = blocks.title_block("Project", "A <b>", pd.Timestamp("2020-03-01"))
    assert "<h1>A &lt;b&gt;</h1>" in html and "Data up to 1 Mar 2020" in html


def test_sections_escape_user_text(real_project):
    end = pd.Timestamp("2020-12-31")
    for html in (
        blocks.pdsa_log(real_project, "rota", end),
        blocks.change_idea_summary(real_project, real_project.change_idea("rota")),
        blocks.charter_summary(real_project),
        blocks.score_block(real_project, end),
        blocks.latest_act(real_project, "rota", end),
        blocks.risks_table(real_project),
    ):
        assert "<script>" not in html and "<b>now</b>" not in html and "<u>high</u>" not in html


def test_period_end_cuts_cycles_and_acts(real_project):
    early = pd.Timestamp("2020-02-15")
    assert list(blocks.idea_cycles(real_project, "rota", early)["cycle_id"]) == ["rota-001"]
    assert "Try with three workers" in blocks.latest_act(real_project, "rota", early)
    assert "Roll out" in blocks.latest_act(real_project, "rota", None)
    assert "No cycle has reached Act yet" in blocks.latest_act(
        real_project, "rota", pd.Timestamp("2019-01-31")
    )


def test_measure_without_data_by_the_period_end_says_so(real_project):
    html = blocks.measure_block(real_project, "visits", pd.Timestamp("2018-06-30"))
    assert "No data for this measure yet" in html


def test_score_figure_labels_overlapping_stage_bands_apart():
    """The seed charter's bands overlap (7-10 and 9-10): each label sits at its band's foot,
    with its range, and user text is never read as mathtext."""
    from types import SimpleNamespace as S

    plan = [
        S(stage="Getting started", score_from=1, score_to=3),
        S(stage="Testing", score_from=4, score_to=7),
        S(stage="Sustaining $x$", score_from=7, score_to=10),
        S(stage="Spreading", score_from=9, score_to=10),
    ]
    scores = pd.DataFrame({"date": pd.to_datetime(["2020-01-01", "2020-06-01"]), "score": [2, 5]})
    fig = blocks.score_figure(scores, plan, 5.0)
    texts = fig.axes[0].texts
    assert [t.get_text() for t in texts] == [
        "Getting started (1–3)",
        "Testing (4–7)",
        "Sustaining $x$ (7–10)",
        "Spreading (9–10)",
    ]
    assert [round(t.get_position()[1], 2) for t in texts] == [0.55, 3.55, 6.55, 8.55]
    assert all(t.get_parse_math() is False for t in texts)
