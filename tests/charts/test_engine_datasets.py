"""Published worked examples shipped in qi.datasets, charted by qi and checked against the
figures their source prints (rounded as printed)."""

from __future__ import annotations

import pytest

import qi
from qi import datasets
from qi.errors import ValidationError


def test_names_and_unknown_name():
    assert datasets.names() == (
        "montgomery_orange_juice",
        "montgomery_circuit_boards",
        "montgomery_piston_rings",
    )
    with pytest.raises(ValidationError, match="unknown dataset 'oj'; choose one of"):
        datasets.load("oj")


def test_montgomery_orange_juice_p_chart():
    df = datasets.load("montgomery_orange_juice")
    pub = datasets.info("montgomery_orange_juice").published
    res = qi.chart(df, y="nonconforming", n="n", x="sample", chart="p")
    assert df["nonconforming"].sum() == 347 and len(df) == 30
    assert round(res.phases["centre"].iat[0], 4) == pub["centre"]  # 347 / 1500
    assert round(res.data["ucl"].iat[0], 4) == pub["ucl"]
    assert round(res.data["lcl"].iat[0], 4) == pub["lcl"]
    # samples 15 and 23 are above the UCL
    assert res.data.loc[res.data["outside"], "x"].tolist() == [15, 23]


def test_montgomery_circuit_boards_c_chart():
    df = datasets.load("montgomery_circuit_boards")
    pub = datasets.info("montgomery_circuit_boards").published
    res = qi.chart(df, y="nonconformities", x="sample", chart="c")
    assert df["nonconformities"].sum() == 516 and len(df) == 26
    assert round(res.phases["centre"].iat[0], 2) == pub["centre"]  # 516 / 26 = 19.846
    # the book rounds c-bar to 19.85 before computing the limits: 19.85 + 3 sqrt(19.85) = 33.22
    assert res.data["ucl"].iat[0] == pytest.approx(pub["ucl"], abs=0.01)
    assert res.data["lcl"].iat[0] == pytest.approx(pub["lcl"], abs=0.01)
    assert res.data.loc[res.data["outside"], "x"].tolist() == [6, 20]


def test_montgomery_piston_rings_xbar_and_s_charts():
    df = datasets.load("montgomery_piston_rings")
    pub = datasets.info("montgomery_piston_rings").published
    assert len(df) == 125 and df.groupby("sample").size().eq(5).all()
    ranges = df.groupby("sample")["diameter"].agg(lambda v: v.max() - v.min())
    assert round(ranges.mean(), 3) == pub["r_bar"]
    res = qi.chart(df, y="diameter", x="sample", chart="xbar")
    assert round(res.phases["centre"].iat[0], 3) == pub["centre"]
    assert round(res.data["ucl"].iat[0], 3) == pub["ucl"]
    assert round(res.data["lcl"].iat[0], 3) == pub["lcl"]
    assert res.data["n"].eq(5).all()
    # s chart: centre = mean of the 25 sample SDs; ucl = B4(5) x s-bar, Montgomery's table
    # gives B4(5) = 2.089 and B3(5) = 0
    s = qi.chart(df, y="diameter", x="sample", chart="s")
    sbar = df.groupby("sample")["diameter"].std().mean()
    assert s.phases["centre"].iat[0] == pytest.approx(sbar, rel=1e-12)
    assert round(s.data["ucl"].iat[0] / sbar, 3) == 2.089
    assert s.data["lcl"].iat[0] == 0.0
