"""Issue 8: a cumulative (year-to-date) measure is shown against its target, never run through
the rules (a running total rises by construction: every point would be a "trend")."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from qi import load_project
from qi.present.verdict_words import headline

_spec = importlib.util.spec_from_file_location(
    "project_conftest", Path(__file__).with_name("conftest.py")
)
_conf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conf)

CHARTER = """\
id: ytd
title: Year to date
aim:
  statement: Train carers
measures:
  - id: trained
    name: Carers trained this year
    type: process
    unit: count
    improvement: up
    cumulative: {cumulative}
    target: {{value: 100, date: 2020-12}}
"""


def _project(tmp_path: Path, cumulative: bool):
    # 12 monthly running totals: 8 a month, so 8, 16, ... 96 (every step a rise)
    data = "measure,period,value,denominator,note\n" + "".join(
        f"trained,2020-{m:02d},{8 * m},,\n" for m in range(1, 13)
    )
    return load_project(
        _conf.write_project(
            tmp_path / "p", charter=CHARTER.format(cumulative=str(cumulative).lower()), data=data
        )
    )


def test_cumulative_measure_has_no_rules_and_no_signals(tmp_path):
    p = _project(tmp_path, True)
    res = p.chart("trained")
    assert res.options.chart == "run" and res.rule_set.rules == ()
    assert res.signals.empty and not res.data["signal"].any()
    verdict = res.judge().main
    assert verdict.signal_type == "common_cause"
    assert headline(verdict, res).startswith("A running total: 96 in Dec 2020.")


def test_the_same_totals_without_the_flag_are_a_trend(tmp_path):
    # the control: read as independent points, a running total is all "trend"
    res = _project(tmp_path, False).chart("trained", chart="run")
    assert res.signals["rule"].str.contains("trend").any()
