"""The chart-type registry (qi/charts/types.py) against the facts it replaced.

Before issue 13 each fact was a string set in its own module; the sets below are copied from
those modules as they were (commit 4dcfc83), so a record that drifts from the old behaviour
fails here by name.
"""

from __future__ import annotations

import pandas as pd
import pytest

import qi
from qi.charts import types as T
from qi.charts.limits import LIMIT_FUNCTIONS, has_limits
from qi.charts.rules import default_rule_set
from qi.charts.schema import CHART_TYPES
from qi.errors import ValidationError
from qi.present.words import CENTRE_NAMES, CHART_NAMES, chart_name

# qi/charts/schema.py CHART_TYPES, as it was
OLD_CHART_TYPES = (
    "run",
    "i",
    "mr",
    "xbar",
    "s",
    "p",
    "np",
    "c",
    "u",
    "g",
    "t",
    "pp",
    "up",
    "ip",
    "r",
)
# qi/charts/validate.py, as it was
OLD_VALIDATE_COUNT_CHARTS = {"p", "np", "pp", "c", "u", "up", "g"}
OLD_NEEDS_N = {"p", "np", "pp", "u", "up"}
OLD_VALIDATE_PROPORTION_CHARTS = {"p", "np", "pp"}
OLD_NO_N = {
    "xbar": "an xbar chart's subgroups are the rows that share an x; drop n",
    "s": "an s chart's subgroups are the rows that share an x; drop n",
    "r": "an r chart's subgroups are the rows that share an x; drop n",
    "c": "for counts per denominator use chart='u' (rates) or chart='p' (proportions)",
    "g": "a g chart counts opportunities between events; drop n",
    "t": "a t chart charts times between events; drop n",
}
# qi/present/numbers.py, as it was (COUNT_CHARTS there meant something else than in validate.py)
OLD_NUMBERS_PROPORTION_CHARTS = {"p", "pp"}
OLD_NUMBERS_COUNT_CHARTS = {"c", "np", "g"}
OLD_NUMBERS_RATE_CHARTS = {"u", "up"}
# qi/project/chartspec.py, as it was
OLD_SPEC_PROPORTION_CHARTS = {"p", "pp", "np"}
OLD_SPEC_RATE_CHARTS = {"u", "up"}
# qi/constants.py NON_NEGATIVE_CHARTS and qi/charts/assemble.py SUBGROUP_CHARTS, as they were
OLD_NON_NEGATIVE_CHARTS = {"c", "np", "g", "p", "pp", "u", "up", "t", "mr", "s"}
OLD_SUBGROUP_CHARTS = {"xbar", "s", "r"}
# qi/present/words.py, as it was
OLD_CHART_NAMES = {
    "run": "run chart",
    "i": "I chart (individual values)",
    "mr": "MR chart (moving ranges)",
    "xbar": "X-bar chart (subgroup means)",
    "s": "S chart (subgroup standard deviations)",
    "p": "P chart (proportions)",
    "np": "NP chart (counts of cases)",
    "c": "C chart (counts)",
    "u": "U chart (rates)",
    "g": "G chart (cases between events)",
    "t": "T chart (time between events)",
    "pp": "P′ chart (Laney proportions)",
    "up": "U′ chart (Laney rates)",
    "ip": "I′ chart (individual rates or proportions, limits by denominator)",
    "r": "R chart (subgroup ranges)",
}
OLD_CENTRE_NAMES = {
    "run": "median",
    "i": "mean",
    "mr": "mean moving range",
    "xbar": "grand mean",
    "s": "average standard deviation",
    "p": "overall proportion",
    "pp": "overall proportion",
    "np": "mean count",
    "c": "mean count",
    "u": "overall rate",
    "up": "overall rate",
    "g": "median",
    "t": "centre line",
    "ip": "weighted mean",
    "r": "average range",
}


def test_names_in_the_old_order():
    assert CHART_TYPES == T.CHART_TYPES == OLD_CHART_TYPES
    assert tuple(LIMIT_FUNCTIONS) == OLD_CHART_TYPES


def test_denominators_as_before():
    assert T.NEEDS_N == OLD_NEEDS_N
    assert T.NO_N == OLD_NO_N
    takes_n = {c for c in OLD_CHART_TYPES if c not in OLD_NO_N}
    assert {c for c in OLD_CHART_TYPES if T.get_chart_type(c).takes_n} == takes_n


def test_the_two_count_facts_have_two_names():
    # validate.py's COUNT_CHARTS (y may not be negative) and numbers.py's (whole numbers)
    assert T.COUNTED_CHARTS == OLD_VALIDATE_COUNT_CHARTS
    assert T.WHOLE_NUMBER_CHARTS == OLD_NUMBERS_COUNT_CHARTS


def test_proportion_and_rate_facts_as_before():
    assert T.CASES_OF_N_CHARTS == OLD_VALIDATE_PROPORTION_CHARTS == OLD_SPEC_PROPORTION_CHARTS
    assert T.RATE_CHARTS == OLD_SPEC_RATE_CHARTS == OLD_NUMBERS_RATE_CHARTS
    assert T.PROPORTION_Y_CHARTS == OLD_NUMBERS_PROPORTION_CHARTS
    # chartspec passed numerators and denominators for its proportion and rate charts: NEEDS_N
    assert OLD_SPEC_PROPORTION_CHARTS | OLD_SPEC_RATE_CHARTS == T.NEEDS_N


def test_other_facts_as_before():
    assert T.NON_NEGATIVE_CHARTS == OLD_NON_NEGATIVE_CHARTS
    assert T.SUBGROUP_CHARTS == OLD_SUBGROUP_CHARTS
    assert [c for c in OLD_CHART_TYPES if not has_limits(c)] == ["run"]
    assert [c for c in OLD_CHART_TYPES if not T.get_chart_type(c).runs_signal] == ["mr"]
    assert [c for c in OLD_CHART_TYPES if T.get_chart_type(c).positive_y] == ["t"]
    assert [c for c in OLD_CHART_TYPES if T.get_chart_type(c).transformed] == ["t"]
    assert [c for c in OLD_CHART_TYPES if T.get_chart_type(c).sigma_from_range] == ["xbar"]
    assert {c: T.get_chart_type(c).default_rules for c in OLD_CHART_TYPES} == {
        c: ("ihi" if c == "run" else "hcdg") for c in OLD_CHART_TYPES
    }
    assert {c: default_rule_set(c) for c in OLD_CHART_TYPES} == {
        c: T.get_chart_type(c).default_rules for c in OLD_CHART_TYPES
    }


def test_words_as_before():
    assert CHART_NAMES == OLD_CHART_NAMES
    assert CENTRE_NAMES == OLD_CENTRE_NAMES
    assert chart_name("np") == "NP chart (counts of cases)"


def test_each_record_names_its_limit_function_and_source():
    for name in OLD_CHART_TYPES:
        record = T.get_chart_type(name)
        assert record.name == name
        assert record.limit_function.__name__ == f"{name}_limits"
        assert LIMIT_FUNCTIONS[name] is record.limit_function
        assert record.source.strip()
        assert bool(record.no_n_hint) == (not record.takes_n)
        assert bool(record.without_n) == record.needs_n


def test_aliases_are_not_chart_names_and_belong_to_one_chart():
    aliases = [a for name in OLD_CHART_TYPES for a in T.get_chart_type(name).aliases]
    assert len(aliases) == len(set(aliases))
    assert not set(aliases) & set(OLD_CHART_TYPES)
    assert all(a == a.lower() for a in aliases)


# --- qi.chart raises what it raised before ---------------------------------------------------

FRAME = pd.DataFrame({"y": [3, 4, 5, 6], "n": [10, 10, 10, 10], "x": [1, 2, 3, 4]})


def _error(**kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        qi.chart(FRAME, y="y", x="x", **kwargs)
    return info.value


@pytest.mark.parametrize(
    ("chart", "instead"), [("p", "i"), ("np", "i"), ("pp", "i"), ("u", "c"), ("up", "c")]
)
def test_chart_without_n_raises_the_same_error(chart, instead):
    err = _error(chart=chart)
    assert err.field == "n"
    assert err.message == f"a {chart} chart needs a denominator column"
    assert err.hint == (
        f"pass n='<denominator column>' (e.g. patients, days), or use chart='{instead}' for plain values"
    )


@pytest.mark.parametrize("chart", sorted(OLD_NO_N))
def test_chart_with_n_raises_the_same_error(chart):
    err = _error(chart=chart, n="n")
    assert (err.field, err.message, err.hint) == (
        "n",
        f"a {chart} chart takes no denominator",
        OLD_NO_N[chart],
    )


@pytest.mark.filterwarnings("ignore:phase 1")  # three points make trial limits; not the point here
def test_data_checks_follow_the_record():
    neg = pd.DataFrame({"y": [3, -1, 5], "x": [1, 2, 3]})
    with pytest.raises(ValidationError, match=r"negative counts \(a g chart counts events\)"):
        qi.chart(neg, y="y", x="x", chart="g")
    qi.chart(neg, y="y", x="x", chart="i")  # a measurement may be negative
    above = pd.DataFrame({"y": [3, 11, 5], "n": [10, 10, 10], "x": [1, 2, 3]})
    with pytest.raises(ValidationError, match="numerators above their denominators"):
        qi.chart(above, y="y", n="n", x="x", chart="np")
    qi.chart(above, y="y", n="n", x="x", chart="u")  # events may exceed n
    zero = pd.DataFrame({"y": [3.0, 0.0, 5.0], "x": [1, 2, 3]})
    with pytest.raises(ValidationError, match="a t chart needs times above 0"):
        qi.chart(zero, y="y", x="x", chart="t")
    with pytest.raises(ValidationError, match="applies to xbar charts, not to a r chart"):
        qi.chart(FRAME, y="y", x="x", chart="r", sigma_from="range")
    with pytest.raises(ValidationError, match="a run chart has a centre line only"):
        qi.chart(
            FRAME,
            y="y",
            x="x",
            chart="run",
            limits={"centre": 4, "lcl": 1, "ucl": 7, "source": "s"},
        )


def test_unknown_chart_lists_the_names_and_an_alias_names_qis_chart():
    err = _error(chart="zz")
    assert err.field == "chart"
    assert err.message == f"unknown chart 'zz'; choose one of: {', '.join(OLD_CHART_TYPES)}"
    err = _error(chart="XmR")
    assert err.message == f"unknown chart 'XmR'; choose one of: {', '.join(OLD_CHART_TYPES)}"
    assert err.hint == "did you mean 'i'?"
    assert _error(chart="p'").hint == "did you mean 'pp'?"
