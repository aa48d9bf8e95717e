"""Every bad-input message of qi.chart(): it names the argument or column, the rows and the fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qi
from qi.errors import ValidationError

pytestmark = pytest.mark.filterwarnings("ignore::qi.errors.QIWarning")

DF = pd.DataFrame(
    {
        "month": ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"],
        "cases": [3.0, 5, 4, 6],
        "patients": [50.0, 50, 60, 40],
    }
)


def err(**kw) -> ValidationError:
    data = kw.pop("data", DF)
    kw.setdefault("y", "cases")
    with pytest.raises(ValidationError) as info:
        qi.chart(data, **kw)
    return info.value


def test_missing_column_lists_the_ones_that_exist():
    e = err(y="falls")
    assert e.field == "y"
    assert "column 'falls' not found; the data has columns: month, cases, patients" in str(e)
    assert "fix:" in str(e)
    assert err(x="date").field == "x"
    assert err(n="denom", chart="p").field == "n"
    assert err(by="ward").field == "by"
    e = err(phases="2024-03-01")
    assert e.field == "phases" and "phases=['2024-03-01']" in str(e)


def test_non_numeric_values_name_the_rows():
    df = DF.assign(cases=["3", "five", "4", "n/a"])
    e = err(data=df)
    assert e.field == "y" and e.rows == [1, 3]
    assert "non-numeric values ('five', 'n/a')" in str(e)
    assert "(rows 1, 3)" in str(e)


def test_numbers_as_text_are_accepted():
    res = qi.chart(DF.assign(cases=["3", "5", "4", "6"]), y="cases", chart="c")
    assert res.data["y"].tolist() == [3.0, 5.0, 4.0, 6.0]


def test_infinite_values():
    e = err(data=DF.assign(cases=[1.0, np.inf, 2, 3]))
    assert "infinite" in str(e) and e.rows == [1]


def test_negative_counts():
    e = err(data=DF.assign(cases=[3.0, -1, 4, 6]), chart="c")
    assert e.field == "y" and e.rows == [1]
    assert "negative counts (a c chart counts events)" in str(e)


def test_negative_values_are_fine_on_an_i_chart():
    res = qi.chart(DF.assign(cases=[3.0, -1, 4, 6]), y="cases", chart="i")
    assert res.data["y"].iat[1] == -1.0


def test_numerators_above_denominators():
    e = err(data=DF.assign(cases=[3.0, 51, 4, 60]), n="patients", chart="p")
    assert e.field == "y" and e.rows == [1, 3]
    assert "numerators above their denominators in 'patients'" in str(e)


def test_zero_denominators():
    e = err(data=DF.assign(patients=[50.0, 0, 60, 40]), n="patients", chart="u")
    assert e.field == "n" and e.rows == [1]
    assert "zero denominators" in str(e) and "leave y and n empty" in str(e)


def test_negative_denominators():
    e = err(data=DF.assign(patients=[50.0, -5, 60, 40]), n="patients", chart="u")
    assert e.field == "n" and "negative denominators" in str(e)


def test_t_chart_values_must_be_above_zero():
    e = err(data=DF.assign(cases=[3.0, 0, 4, 6]), chart="t")
    assert e.field == "y" and e.rows == [1]
    assert "values of 0 or less; a t chart needs times above 0" in str(e)


def test_unparseable_x_names_rows():
    df = DF.assign(month=["2024-01-01", "Jan 2024?", "2024-03-01", "soon"])
    e = err(data=df, x="month")
    assert e.field == "x" and e.rows == [1, 3]
    assert "neither numbers nor dates ('Jan 2024?', 'soon')" in str(e)
    assert "YYYY-MM-DD" in str(e)


def test_missing_x_names_rows():
    e = err(data=DF.assign(month=["2024-01-01", None, "2024-03-01", "2024-04-01"]), x="month")
    assert e.field == "x" and e.rows == [1] and "missing x values" in str(e)


def test_unknown_chart_lists_valid_ones():
    e = err(chart="xmr")
    assert e.field == "chart"
    assert (
        "unknown chart 'xmr'; choose one of: run, i, mr, xbar, s, p, np, c, u, g, t, pp, up"
        in str(e)
    )


def test_unknown_rule_set_lists_valid_ones():
    e = err(rules="westgard")
    assert e.field == "rules"
    assert "unknown rule set 'westgard'; choose one of: ihi, anhoej, hcdg" in str(e)


def test_improvement_must_be_up_or_down():
    e = err(improvement="higher")
    assert e.field == "improvement" and "found 'higher'" in str(e)


def test_denominator_required_and_refused():
    assert "a p chart needs a denominator column" in str(err(chart="p"))
    e = err(chart="c", n="patients")
    assert e.field == "n" and "chart='u'" in str(e)


def test_exclusions_that_name_no_point():
    e = err(x="month", exclude=["2024-02-01", "2023-12-01"])
    assert e.field == "exclude" and "'2023-12-01'" in str(e) and "'2024-02-01'" not in str(e)


def test_exclusion_that_is_not_a_date():
    e = err(x="month", exclude=["February"])
    assert e.field == "exclude" and "not a date" in str(e)


def test_phases_that_name_no_point():
    e = err(x="month", phases=["2024-05-01"])
    assert e.field == "phases" and "name no point of the data" in str(e)


def test_phase_label_that_comes_back():
    df = DF.assign(stage=["a", "b", "a", "b"])
    e = err(data=df, phases="stage")
    assert e.field == "phases" and "phase 'a' comes back after another phase" in str(e)


def test_phase_labels_missing():
    e = err(data=DF.assign(stage=["a", None, "b", "b"]), phases="stage")
    assert e.field == "phases" and e.rows == [1]


def test_baseline_beyond_the_data():
    e = err(baseline=5)
    assert e.field == "baseline" and "baseline=5 runs past the end of the data" in str(e)
    e = err(x="month", baseline="2024-06-01")
    assert "after the last point" in str(e)
    e = err(x="month", baseline="2023-06-01")
    assert "before the first point" in str(e)


def test_baseline_must_stay_in_first_phase():
    e = err(x="month", phases=["2024-03-01"], baseline=3)
    assert "runs past the end of its first phase" in str(e)
    e = err(x="month", phases=["2024-03-01"], baseline="2024-03-01")
    assert "runs past the end of the first phase" in str(e)


def test_baseline_zero_or_bool():
    assert err(baseline=0).field == "baseline"
    assert err(baseline=True).field == "baseline"


def test_target_must_be_a_number():
    e = err(target="high")
    assert e.field == "target" and "finite number" in str(e)


def test_screen_mr_must_be_bool():
    assert err(screen_mr="yes").field == "screen_mr"


def test_a_mapping_of_columns_is_accepted():
    res = qi.chart({"y": [1.0, 2, 3]}, y="y", chart="i")
    assert res.data["y"].tolist() == [1.0, 2.0, 3.0]
    e = err(data={"y": [1.0, 2], "x": [1.0]})
    assert e.field == "data" and "same number of values" in str(e)


def test_data_must_be_a_frame_with_rows():
    assert err(data=[1, 2, 3]).field == "data"
    assert err(data=DF.iloc[:0]).field == "data"


def test_column_arguments_must_be_names():
    e = err(y=["cases"])
    assert e.field == "y" and "expected a column name" in str(e)


def test_missing_series_names():
    e = err(data=DF.assign(ward=["a", None, "b", "b"]), by="ward")
    assert e.field == "by" and e.rows == [1]


def test_same_x_with_different_phase_labels():
    df = pd.DataFrame({"x": [1, 1, 2], "y": [1.0, 2, 3], "stage": ["a", "b", "b"]})
    e = err(data=df, y="y", x="x", phases="stage")
    assert "rows with the same x have different phase labels" in str(e) and e.rows == [1]


def test_boolean_columns_are_refused():
    e = err(data=DF.assign(flag=[True, False, True, True]), y="flag")
    assert "true/false" in str(e)


def test_rows_are_the_frames_index_labels():
    df = DF.assign(cases=[3.0, -1, 4, 6]).set_axis([10, 20, 30, 40])
    e = err(data=df, chart="c")
    assert e.rows == [20]
