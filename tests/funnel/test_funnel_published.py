"""qi.funnel() against published figures: FunnelPlotR's vignette "Funnel Plots for
Indirectly-standardised ratios" (nhs-r-community/FunnelPlotR, articles/funnel_plots).

The vignette fits ``glm(los ~ hmo + died + age80 + factor(type), family = "poisson")`` to the
``medpar`` data and compares the 54 hospitals' observed over expected length of stay (data and
provenance: tests/funnel/data/README.md). It prints:

- "A funnel plot object with 54 points of which 25 are outliers. Plot is not adjusted for
  overdispersion." (99.8% limits);
- "A funnel plot object with 54 points of which 9 are outliers. Plot is adjusted for
  overdispersion." (``sr_method = "SHMI"``, 99.8% limits).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import qi
from qi.constants import FUNNEL_Z_998

DATA = Path(__file__).parent / "data" / "medpar_providers.csv"
pytestmark = pytest.mark.filterwarnings("ignore::qi.errors.QIWarning")


@pytest.fixture(scope="module")
def hospitals() -> pd.DataFrame:
    return pd.read_csv(DATA)


def ratio_funnel(hospitals: pd.DataFrame, **kw) -> qi.FunnelResult:
    return qi.funnel(
        hospitals, y="observed", n="expected", unit="provnum", chart="ratio", target=1.0, **kw
    )


def test_the_data_are_the_vignettes_fit(hospitals):
    # 54 hospitals; a Poisson GLM with an intercept predicts, in total, exactly what was
    # observed (its first score equation), so the expected days add up to the observed days
    assert len(hospitals) == 54
    assert hospitals["expected"].sum() == pytest.approx(hospitals["observed"].sum(), rel=1e-9)


def test_25_of_54_hospitals_are_outliers_before_any_adjustment(hospitals):
    # FunnelPlotR flags a hospital by its z-score beyond 3.090232 (the 99.8% point); qi's z is
    # the same square-root z (Spiegelhalter 2005b; FunnelPlotR's "CQC" z-score)
    res = ratio_funnel(hospitals)
    assert int((np.abs(res.data["z"]) > FUNNEL_Z_998).sum()) == 25
    # qi's own "outside" reads Spiegelhalter's exact Poisson limits, which are asymmetric:
    # two of the 25 fall just inside them (docs/method/funnel.md)
    assert int(res.data["outside"].sum()) == 23


def test_9_of_54_hospitals_are_outliers_with_the_shmi_adjustment(hospitals):
    res = ratio_funnel(hospitals, overdispersion="shmi")
    assert res.adjusted
    assert int(res.data["outside"].sum()) == 9
    assert int((np.abs(res.data["z"]) > FUNNEL_Z_998).sum()) == 9  # limits and z agree


def test_shmi_phi_and_tau2_by_hand(hospitals):
    # The SHMI method by hand (NHS Digital's specification as FunnelPlotR codes it): z =
    # sqrt(E) log(O / E); rank the 54 z-scores, keep groups 1..8 of floor(rank x 10 / 55) (the
    # lowest and highest 10% dropped); phi = mean of the kept z^2; tau^2 = (I phi - (I - 1)) /
    # (sum w - sum w^2 / sum w) over the kept, w = E
    o, e = hospitals["observed"].to_numpy(float), hospitals["expected"].to_numpy(float)
    z = np.sqrt(e) * np.log(o / e)
    rank = np.argsort(np.argsort(z)) + 1  # no ties in these data
    group = np.floor(rank * 10 / 55)
    kept = (group >= 1) & (group <= 8)
    assert kept.sum() == 44
    phi = float(np.mean(z[kept] ** 2))
    w = e[kept]
    tau2 = (44 * phi - 43) / (w.sum() - (w * w).sum() / w.sum())
    res = ratio_funnel(hospitals, overdispersion="shmi")
    assert res.phi == pytest.approx(phi, rel=1e-12)
    assert res.tau2 == pytest.approx(tau2, rel=1e-12)
    # the limits at a hospital's E are exp(-/+ 3.090232 sqrt(1/E + tau^2)) around 1
    row = res.data.iloc[0]
    width = FUNNEL_Z_998 * np.sqrt(1 / row["n"] + tau2)
    assert (row["lcl_998"], row["ucl_998"]) == pytest.approx((np.exp(-width), np.exp(width)))


def test_shmi_is_for_standardised_ratios_only(hospitals):
    with pytest.raises(qi.ValidationError, match="standardised ratios") as info:
        qi.funnel(
            hospitals,
            y="observed",
            n="expected",
            unit="provnum",
            chart="rate",
            overdispersion="shmi",
        )
    assert info.value.field == "overdispersion"


def test_shmi_with_a_unit_that_observed_nothing():
    # log(0 / E) has no z-score: the unit is ranked lowest and left out of phi, and it is
    # outside any finite lower limit (0 < exp(-3.09 sqrt(1/E + tau^2)))
    df = pd.DataFrame(
        {
            "h": list("abcdef"),
            "o": [0, 40, 55, 61, 70, 90],
            "e": [30.0, 50, 55, 60, 65, 70],
        }
    )
    res = qi.funnel(df, y="o", n="e", unit="h", chart="ratio", target=1.0, overdispersion="shmi")
    assert np.isfinite(res.phi) and np.isfinite(res.tau2)
    a = res.data.set_index("unit").loc["a"]
    assert a["outside"] and a["direction"] == -1
