"""Score scales as data, score history, and the evidence check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import qi
from qi.errors import ValidationError
from qi.project.scales import load_scale, shipped_scales
from qi.project.scores import parse_scores
from qi.project.store import add_note, load_project, set_score, validate_project

from .conftest import CHARTER, EXAMPLES, write_project


def test_default_scale_is_the_ihi_scale_doubled_with_life_qi_wording() -> None:
    scale = load_scale("ihi_1_10")
    assert "ihi_1_10" in shipped_scales()
    assert scale.scores == [float(s) for s in range(1, 11)]
    # Life QI wording (domain.md 6b): 0.5 -> 1 "Intent to participate", 3.0 -> 6 "Modest improvement"
    assert scale.level(1).label == "Intent to participate"
    assert scale.level(6).label == "Modest improvement"
    assert "Expected results are 20% complete." in scale.level(6).description
    assert "Measures are graphically displayed with targets included." in scale.level(5).description
    assert scale.level(10).label == "Outstanding sustainable results"


@pytest.mark.parametrize(
    ("score", "stages"),
    [
        (2, ["Getting started"]),
        (5, ["Designing and testing changes"]),
        # seed 000's bands overlap: 4-7 and 7-10 share 7; 7-10 and 9-10 share 9 and 10
        (
            7,
            [
                "Designing and testing changes",
                "Implementing and sustaining changes that demonstrate improvement",
            ],
        ),
        (
            9,
            [
                "Implementing and sustaining changes that demonstrate improvement",
                "Spreading changes",
            ],
        ),
    ],
)
def test_stage_bands_of_the_seed_charter(score: float, stages: list[str]) -> None:
    assert load_scale("ihi_1_10").stages_of(score) == stages


def test_unknown_scale_name_suggests_the_nearest() -> None:
    with pytest.raises(ValidationError, match="unknown score scale 'ihi_1_1'.*"):
        load_scale("ihi_1_1")


def test_a_scale_loads_from_a_project_file(tmp_path: Path) -> None:
    (tmp_path / "five.yaml").write_text(
        "id: five\nname: Five steps\nlevels:\n"
        "  - {score: 1, label: Start, evidence: [project_identified]}\n"
        "  - {score: 2, label: Team, evidence: [charter_and_team]}\n"
        "stages:\n  - {name: All, from: 1, to: 2}\n"
    )
    scale = load_scale("five.yaml", base=tmp_path)
    assert scale.scores == [1.0, 2.0] and scale.stages_of(2) == ["All"]
    (tmp_path / "portfolio.yaml").write_text(
        "name: P\n"
    )  # issue 11: a scale is the project's or its portfolio's
    root = write_project(tmp_path / "p", CHARTER + "score_scale: ../five.yaml\n")
    assert validate_project(root) == []
    assert load_project(root).evidence_check().supported == 2


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ("  - {score: 1, label: A, evidence: [aim_mett]}\n", "unknown evidence check 'aim_mett'"),
        (
            "  - {score: 2, label: A}\n  - {score: 1, label: B}\n",
            "levels must be listed in increasing score order",
        ),
        ("  - {score: 1, label: A, colour: red}\n", "unknown field 'colour'"),
        ("  []\n", "a scale needs at least one level"),
    ],
)
def test_bad_scale_files_are_refused(tmp_path: Path, levels: str, expected: str) -> None:
    (tmp_path / "s.yaml").write_text("id: s\nname: S\nlevels:\n" + levels)
    with pytest.raises(ValidationError, match=expected):
        load_scale("s.yaml", base=tmp_path)


def test_score_file_problems_name_the_line() -> None:
    text = "date,score,rationale,scored_by\n2020-01-01,3,ok,A\n2020-13-01,3,bad date,A\n2020-02-01,12,off scale,A\n2020-03-01,x,bad,A\n"
    entries, problems = parse_scores(text, file="scores.csv", scale=load_scale("ihi_1_10"))
    assert len(entries) == 1
    messages = [str(p) for p in problems]
    assert messages[0].startswith("scores.csv:3, 'date':")
    assert messages[1].startswith("scores.csv:4, 'score': score 12 is not on the scale 'ihi_1_10'")
    assert messages[2].startswith("scores.csv:5, 'score':")
    with pytest.raises(ValidationError, match="missing column.*rationale"):
        parse_scores("date,score\n", file="scores.csv")


# --- evidence check ------------------------------------------------------------------------
def test_evidence_walks_the_levels_and_flags_a_high_score(project_dir: Path) -> None:
    check = load_project(project_dir).evidence_check()
    # charter, team, measures, change ideas and data exist; the only cycle is still planned
    assert check.supported == 4 and check.current == 2 and not check.above_evidence
    assert (
        check.reasons[-1]
        == "not 5 (Changes tested, but no improvement): no PDSA cycle has been carried out yet"
    )
    set_score(project_dir, 6, rationale="We feel good", date=dt.date(2020, 4, 1))
    check = load_project(project_dir).evidence_check()
    assert check.current == 6 and check.above_evidence
    assert check.reasons[-1] == "the recorded score 6 is above the 4 the evidence supports"
    assert set(check.to_dict()) == {"current", "supported", "reasons", "above_evidence"}


def _complete_cycle(root: Path, decision: str) -> None:
    file = root / "pdsa" / "triage" / "triage-001.yaml"
    file.write_text(
        file.read_text().replace(
            "status: planned", f"status: complete\nact:\n  decision: {decision}"
        )
    )


def test_adopted_change_supports_6_and_a_signal_supports_7(project_dir: Path) -> None:
    _complete_cycle(project_dir, "adopt")
    check = load_project(project_dir).evidence_check()
    assert check.supported == 6
    assert (
        "not 7 (Improvement): no process or outcome measure shows special-cause improvement"
        in check.reasons[-1]
    )
    # visits: 12 baseline months alternating 2 and 4 (mean 3, mean moving range 2, so the upper
    # limit is 3 + 2.66 * 2 = 8.3), then three months at 10: beyond the limit -> improvement.
    rows = [f"visits,2019-{m:02d},{2 if m % 2 else 4},," for m in range(1, 13)]
    rows += [f"visits,2020-{m:02d},10,," for m in range(1, 4)]
    text = CHARTER.replace(
        "    improvement: up\n  - id: share",
        "    improvement: up\n    baseline: 2019-12\n  - id: share",
    )
    write_project(
        project_dir, text, data="measure,period,value,denominator,note\n" + "\n".join(rows) + "\n"
    )
    check = load_project(project_dir).evidence_check()
    assert check.supported == 7
    assert "7 (Improvement): special-cause improvement in Visits" in check.reasons
    assert check.reasons[-1].startswith(
        "not 8 (Significant improvement): no outcome measure shows special-cause improvement"
    )


def test_abandoned_change_does_not_count_as_adopted(project_dir: Path) -> None:
    _complete_cycle(project_dir, "abandon")
    check = load_project(project_dir).evidence_check()
    assert check.supported == 5
    assert "no studied cycle ends in 'adopt'" in check.reasons[-1]


def test_missing_team_stops_at_1(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", CHARTER.replace("team:\n  - name: A Lead\n", ""))
    check = load_project(root).evidence_check()
    assert check.supported == 1 and check.current is None
    assert check.reasons[-1] == "not 2 (Charter and team established): the charter names no team"


def test_kinship_example_evidence() -> None:
    project = qi.load_project(EXAMPLES / "kinship")
    check = project.evidence_check()
    assert check.current == 8
    assert check.supported == 9
    assert any(
        r.startswith("9 (Sustainable improvement): Number of kinship carers: the phase")
        for r in check.reasons
    )
    # the aim: the latest phase's p-chart centre, sum(numerators) / sum(denominators), against 45%
    data = project.measure_data("lac_placed_with_kin")
    after = data[data["period"] >= "2019-11-01"]
    centre = after["value"].sum() / after["denominator"].sum()
    assert check.reasons[-1] == (
        "not 10 (Outstanding sustainable results): target not yet met: % of looked "
        f"after and accommodated population placed with kin ({centre * 100:.1f}% against "
        "a target of 45.0%)"
    )
    assert project.stage() == ["Implementing and sustaining changes that demonstrate improvement"]


def test_note_then_score_keep_the_project_valid(project_dir: Path) -> None:
    add_note(project_dir, "triage-001", "n", author="A")
    set_score(project_dir, 3, rationale="r")
    assert validate_project(project_dir) == []
