"""Each widget driven through its Python API: values set, button clicked, then the file
written, the project refreshed, and for bad input the error beside the field with nothing
written."""

from __future__ import annotations

import datetime as dt

import pytest

from qi.lab import ChartAnnotator, CycleForm, NotesPanel, ScorePanel
from qi.project.store import load_project

from .conftest import snapshot


def _file(project, cid: str):
    return project.path / "pdsa" / cid.rsplit("-", 1)[0] / f"{cid}.yaml"


# --- the PDSA cycle form -----------------------------------------------------------------------
def test_new_cycle_form_writes_the_worksheet(project) -> None:
    form = CycleForm(project, change_idea="triage")
    form.rows["title"].input.value = "Phone first"
    form.rows["start"].input.value = "2020-03-02"
    form.rows["measures"].input.value = ("visits",)
    form.rows["plan.objective"].input.value = "Test phoning before writing"
    form.rows["plan.predictions"].input.value = "Half reply in a week\n\nNo complaints\n"
    form.rows["plan.predictions_written"].input.value = "2020-02-27"
    form.rows["study.predictions_met"].input.value = "partly"
    form.rows["do.carried_out_as_planned"].input.value = "yes"
    form.save.click()
    assert form.status.value.endswith("Saved new cycle triage-002.</span>")
    assert form.cycle_id == "triage-002" and "PDSA cycle triage-002" in form.heading.value
    text = _file(project, "triage-002").read_text()
    assert "title: Phone first\n" in text and "start: 2020-03-02\n" in text
    assert "  predictions:\n    - Half reply in a week\n    - No complaints\n" in text
    assert (
        "  predictions_written: 2020-02-27\n" in text and "  carried_out_as_planned: true\n" in text
    )
    cycle = project.cycle("triage-002")  # the project object refreshed itself
    assert (
        cycle.plan.objective == "Test phoning before writing"
        and cycle.study.predictions_met == "partly"
    )
    assert cycle.previous == "triage-001" and cycle.measures == ["visits"]


def test_edit_form_writes_only_what_changed_and_keeps_comments(project) -> None:
    form = CycleForm(project, "triage-001")
    assert form.rows["plan.predictions"].input.value == "It will work"
    assert form.rows["title"].input.value == "First test"
    form.rows["study.learning"].input.value = "Families prefer a call"
    form.rows["act.decision"].input.value = "adapt"
    assert form.changed() == {"study.learning": "Families prefer a call", "act.decision": "adapt"}
    form.save.click()
    assert "Saved triage-001: study.learning, act.decision." in form.status.value
    text = _file(project, "triage-001").read_text()
    assert "# Cycle comment: keep me." in text and "# keep this inline comment too" in text
    assert "study:\n  learning: Families prefer a call\nact:\n  decision: adapt\n" in text
    assert project.cycle("triage-001").act.decision == "adapt"
    assert form.changed() == {}  # the form now shows the saved cycle


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("start", "31/01/2020", "write dates as YYYY-MM-DD"),
        ("plan.predictions_written", "soon", "write dates as YYYY-MM-DD"),
        ("title", "", "Input should be a valid string"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_written(
    project, field, value, expected
) -> None:
    before = snapshot(project.path)
    form = CycleForm(project, "triage-001")
    form.rows[field].input.value = value
    form.save.click()
    assert expected in form.rows[field].error.value
    assert "Nothing was saved" in form.status.value
    assert all(not r.error.value for name, r in form.rows.items() if name != field)
    assert snapshot(project.path) == before
    form.rows[field].input.value = {
        "start": "2020-01-31",
        "plan.predictions_written": "2020-01-02",
        "title": "Renamed",
    }[field]
    form.save.click()  # corrected: the error goes, the file is written
    assert form.rows[field].error.value == "" and "Saved triage-001" in form.status.value


def test_a_problem_of_the_whole_cycle_goes_to_the_status(project) -> None:
    before = snapshot(project.path)
    form = CycleForm(project, "triage-001")
    form.rows["start"].input.value = "2020-03-01"
    form.rows["end"].input.value = "2020-02-01"
    form.save.click()
    assert "end 2020-02-01 is before start 2020-03-01" in form.status.value
    assert snapshot(project.path) == before


# --- notes -------------------------------------------------------------------------------------
def test_notes_panel_adds_and_withdraws(project) -> None:
    panel = NotesPanel(project, "triage-001")
    assert "First note" in panel.notes_view.value
    panel.rows["author"].input.value = "Bo"
    panel.rows["text"].input.value = "Called <two> families"
    panel.add.click()
    assert "Note added to triage-001." in panel.status.value
    assert (
        "Called &lt;two&gt; families" in panel.notes_view.value
        and panel.rows["text"].input.value == ""
    )
    assert [n.text for n in project.cycle("triage-001").notes] == [
        "First note",
        "Called <two> families",
    ]
    assert panel.withdraw_rows["note"].input.options == (1, 2)
    panel.withdraw_rows["note"].input.value = 1
    panel.withdraw_rows["reason"].input.value = "wrong cycle"
    panel.withdraw.click()
    assert (
        "<s>" in panel.notes_view.value
        and "withdrawn" in panel.notes_view.value
        and "wrong cycle" in panel.notes_view.value
    )
    assert panel.withdraw_rows["note"].input.options == (2,)
    assert project.cycle("triage-001").notes[0].withdrawn.by == "Bo"


def test_notes_panel_errors_beside_the_fields(project) -> None:
    before = snapshot(project.path)
    panel = NotesPanel(project, "triage-001")
    panel.rows["text"].input.value = "A note"
    panel.add.click()
    assert "the note has no author" in panel.rows["author"].error.value
    panel.rows["author"].input.value = "Bo"
    panel.withdraw.click()
    assert "a withdrawal needs a reason" in panel.withdraw_rows["reason"].error.value
    assert snapshot(project.path) == before


# --- scores ------------------------------------------------------------------------------------
def test_score_panel_shows_the_words_and_the_evidence_live(project) -> None:
    panel = ScorePanel(project)
    supported = project.evidence_check().supported
    assert panel.rows["score"].input.value == 2.0  # the latest score
    for level in project.scale.levels:
        assert level.label in panel.levels.value
    panel.rows["score"].input.value = 10.0
    assert f"10 is above what the evidence supports ({supported:g})" in panel.verdict.value
    assert "background:#fff3c4;font-weight:bold'><td>10</td>" in panel.levels.value
    panel.rows["score"].input.value = 1.0
    assert f"1 is within the evidence ({supported:g})" in panel.verdict.value


def test_score_panel_records_and_refreshes(project) -> None:
    panel = ScorePanel(project)
    panel.rows["score"].input.value = 3.0
    panel.rows["rationale"].input.value = "Team formed, first test planned"
    panel.rows["by"].input.value = "Ann"
    panel.rows["date"].input.value = "2020-02-29"
    panel.save.click()
    assert "Score 3 recorded for 2020-02-29." in panel.status.value
    assert (project.path / "scores.csv").read_text().splitlines()[
        -1
    ] == '2020-02-29,3,"Team formed, first test planned",Ann'
    assert project.scores["score"].tolist() == [2.0, 3.0]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("rationale", " ", "a score needs a rationale"),
        ("date", "29/02/2020", "write the date as YYYY-MM-DD"),
    ],
)
def test_score_panel_errors_beside_the_fields(project, field, value, expected) -> None:
    before = snapshot(project.path)
    panel = ScorePanel(project)
    panel.rows["rationale"].input.value = "evidence"
    panel.rows[field].input.value = value
    panel.save.click()
    assert expected in panel.rows[field].error.value and "Nothing was saved" in panel.status.value
    assert snapshot(project.path) == before


# --- chart annotation --------------------------------------------------------------------------
def test_annotator_attaches_a_note_and_links_a_cycle_then_draws_them(project) -> None:
    panel = ChartAnnotator(project, "visits")
    options = panel.rows["period"].input.options
    assert options[0] == ("2020-01-01: 3", dt.datetime(2020, 1, 1)) and len(options) == 12
    assert len(panel.figure.texts) == 0 or all("1." not in t.get_text() for t in panel.figure.texts)
    panel.rows["period"].input.value = options[2][1]
    panel.rows["text"].input.value = "Letters redesigned"
    panel.rows["author"].input.value = "Ann"
    panel.save.click()
    assert "Note added to visits at 2020-03-01." in panel.status.value
    panel.mode.value = "PDSA cycle"
    panel.rows["period"].input.value = options[4][1]
    panel.rows["cycle"].input.value = "triage-001"
    panel.save.click()
    assert "triage-001 linked to visits at 2020-05-01." in panel.status.value
    lines = (project.path / "data" / "measures.csv").read_text().splitlines()
    assert lines[3] == "visits,2020-03,4,,Letters redesigned (Ann)"
    assert lines[5] == "visits,2020-05,5,,PDSA triage-001: First test (Ann)"
    assert project.cycle("triage-001").measures == ["visits"]
    # drawn: a numbered marker at each noted point, the notes listed under the chart
    ax = panel.figure.axes[0]
    markers = {a.get_text(): a.xy for a in ax.texts if a.get_text() in ("1", "2")}
    assert markers["1"][1] == 4 and markers["2"][1] == 5
    listed = panel.figure.get_supxlabel()
    assert (
        "1. Mar 2020: Letters redesigned (Ann)" in listed
        and "2. May 2020: PDSA triage-001" in listed
    )
    assert panel.chart.value[:4] == b"\x89PNG"


def test_annotator_adds_to_a_note_and_refuses_an_empty_one(project) -> None:
    panel = ChartAnnotator(project, "visits")
    panel.rows["text"].input.value = "first"
    panel.save.click()
    panel.rows["text"].input.value = "second"
    panel.save.click()
    assert load_project(project.path).measure_data("visits")["note"].iloc[-1] == "first; second"
    before = snapshot(project.path)
    panel.rows["text"].input.value = "  "
    panel.save.click()
    assert "the note is empty" in panel.rows["text"].error.value
    assert snapshot(project.path) == before


def test_point_notes_are_drawn_as_typed(project) -> None:
    from qi.lab import plot_with_notes
    from qi.present.display import figure_png

    project.annotate_point("visits", "2020-04", "cost $5 per family, not $x^2$", author="Ann")
    fig = plot_with_notes(project, "visits")
    assert fig.get_supxlabel() == "1. Apr 2020: cost $5 per family, not $x^2$ (Ann)"
    assert figure_png(fig)[:4] == b"\x89PNG"  # drawn as text, not parsed as mathtext
