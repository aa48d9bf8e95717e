"""A funnel's warnings are records (issue 13, STYLE 16): ``ChartWarning(kind, message)`` with
kind ``"overdispersed"`` or ``"no_overdispersion"``; ``str(w)`` is the text issued as the
QIWarning, and the sentences of ``describe`` and of the project page's method note are worded
from the record's kind and the result's phi and tau^2 (computed by hand here as FunnelPlotR
does: Winsorised z on the arcsine scale, DerSimonian-Laird tau^2; Spiegelhalter 2005b)."""

from __future__ import annotations

import math
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import qi
from qi.charts import ChartWarning
from qi.errors import QIWarning
from qi.present.funnel import caveat_sentences
from qi.reports.blocks import method_block
from qi.reports.readings import read_measure

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"

WIDE = pd.DataFrame(
    {
        "unit": [f"u{i}" for i in range(10)],
        "y": [30, 55, 80, 41, 90, 20, 66, 120, 35, 70],
        "n": [400, 420, 500, 380, 450, 300, 520, 600, 350, 480],
    }
)
FLAT = pd.DataFrame({"u": list("abcdefgh"), "y": [10, 11, 9, 10, 12, 10, 9, 11], "n": [100] * 8})


def _phi_tau2(df: pd.DataFrame, y: str, n: str) -> tuple[float, float]:
    p = df[y].sum() / df[n].sum()
    z = (np.arcsin(np.sqrt(df[y] / df[n])) - math.asin(math.sqrt(p))) * 2 * np.sqrt(df[n])
    lo, hi = np.quantile(z, [0.1, 0.9])  # R's quantile type 7, 10% each end
    phi = float(np.mean(np.clip(z, lo, hi) ** 2))
    w = 4 * df[n].to_numpy(dtype=float)  # 1 / s^2 with s = 1 / (2 sqrt(n))
    k = len(df)
    return phi, max(0.0, (k * phi - (k - 1)) / (w.sum() - (w * w).sum() / w.sum()))


def _funnel(df, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", QIWarning)
        res = qi.funnel(df, **kw)
    return res, [str(c.message) for c in caught if issubclass(c.category, QIWarning)]


def test_overdispersed_units_without_an_adjustment_give_one_record():
    phi, tau2 = _phi_tau2(WIDE, "y", "n")
    assert phi > 1 and tau2 > 0  # the units vary more than chance allows
    res, issued = _funnel(WIDE, y="y", n="n", unit="unit")
    text = (
        f"the units vary more than chance allows (phi = {phi:.2f}, tau2 = {tau2:.3g}); "
        "consider overdispersion='additive' before judging units outside the limits"
    )
    assert res.warnings == (ChartWarning("overdispersed", text),)
    assert issued == [text] == [str(w) for w in res.warnings]
    assert caveat_sentences(res) == [
        f"The units vary more than chance allows (phi = {phi:.2f}, tau2 = {tau2:.3g}): limits "
        "that allow for it (overdispersion 'additive') would be wider, so judge units outside "
        "these limits with care."
    ]
    assert res.describe().splitlines()[-1] == caveat_sentences(res)[0]


def test_an_adjustment_the_data_do_not_need_gives_a_no_overdispersion_record():
    phi, tau2 = _phi_tau2(FLAT, "y", "n")
    assert phi < 1 and tau2 == 0.0
    res, issued = _funnel(FLAT, y="y", n="n", unit="u", overdispersion="additive")
    text = f"no overdispersion found (phi = {phi:.2f}); the exact limits are not widened"
    assert [(w.kind, str(w)) for w in res.warnings] == [("no_overdispersion", text)]
    assert issued == [text]
    assert caveat_sentences(res) == [
        f"No overdispersion was found (phi = {phi:.2f}), so the exact limits are not widened."
    ]


def test_a_funnel_with_nothing_to_say_has_no_records():
    res, issued = _funnel(FLAT, y="y", n="n", unit="u")  # phi < 1 and nothing asked for
    assert res.warnings == () and issued == [] and caveat_sentences(res) == []


def test_the_method_note_words_the_record(tmp_path):
    # the permanence example without its charter's `overdispersion: additive`: the rates of
    # Leicestershire and its neighbours are overdispersed (tau2 > 0, tests/reports/
    # test_comparison.py), so the note carries the "overdispersed" sentence, worded once
    root = tmp_path / "permanence"
    shutil.copytree(EXAMPLES / "permanence", root)
    charter = root / "charter.yaml"
    text = charter.read_text(encoding="utf-8")
    assert text.count("      overdispersion: additive\n") == 1
    charter.write_text(text.replace("      overdispersion: additive\n", ""), encoding="utf-8")
    reading = read_measure(qi.load_project(root), "cic_rate", None)
    assert [w.kind for w in reading.funnel.warnings] == ["overdispersed"]
    (sentence,) = caveat_sentences(reading.funnel)
    assert f"phi = {reading.funnel.phi:.2f}" in sentence
    html = method_block({"cic_rate": reading})
    assert sentence.replace("'", "&#x27;") in html
