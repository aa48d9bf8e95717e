"""HTML output: inline images, escaping, the summary table with SVG icons; and no global
matplotlib state changed by importing or drawing."""

from __future__ import annotations

import base64
import subprocess
import sys

import pandas as pd
import pytest

from qi.errors import ValidationError
from qi.present.html import escape, figure_data_uri, figure_img, result_html, summary_html


def test_escape():
    assert (
        escape('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    )
    assert escape("a & b's") == "a &amp; b&#x27;s"
    assert escape(None) == ""


def test_figure_data_uri_is_an_svg_or_a_png():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    uri = figure_data_uri(fig)
    assert uri.startswith("data:image/svg+xml;base64,")  # issue 8: print resolution
    svg = base64.b64decode(uri.split(",", 1)[1])
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert figure_data_uri(fig) == uri  # no date, fixed ids: the same chart, the same bytes
    png = figure_data_uri(fig, fmt="png")
    assert base64.b64decode(png.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    img = figure_img(fig, alt='chart of "x" <y>')
    assert 'alt="chart of &quot;x&quot; &lt;y&gt;"' in img


def test_result_html_has_image_and_escaped_narrative(build):
    r = build([5, 6, 7], centre=6.0, sigma=1.0, title="<script>alert(1)</script>")
    html = result_html(r)
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2  # alt text and narrative
    assert '<img src="data:image/svg+xml;base64,' in html
    assert "No signal: the variation is consistent with common cause" in html
    assert r._repr_html_().startswith('<div class="qi-result">')


def test_summary_html(build):
    a = build(
        [5, 6, 12],
        centre=6.0,
        sigma=1.0,
        flags={"outside": [2]},
        improvement="up",
        target=2.0,
        title="Visits",
    )
    b = build(
        [0.4, 0.5],
        chart="p",
        centre=0.45,
        sigma=0.05,
        x=pd.to_datetime(["2024-01-01", "2024-02-01"]),
    )
    html = summary_html({"Home <visits>": a, "Reviews": b})
    assert html.startswith('<table class="qi qi-summary">')  # table.qi: the reports' page style
    assert "Home &lt;visits&gt;" in html and "<visits>" not in html
    # two variation icons, one assurance icon; as data: images (issue 8: untrusted notebooks)
    assert html.count('<img class="qi-icon ') == 3 and "<svg" not in html
    assert "special cause improvement (higher is better)" in html
    assert "the process will consistently meet the target" in html
    assert "<td>50.0%<br><small>Feb 2024</small></td>" in html
    assert "<small>not judged</small>" in html
    assert "<td>3 to 9</td>" in html


def test_summary_html_rejects_a_foreign_frame():
    with pytest.raises(
        ValidationError, match="'table': the table lacks column\\(s\\) measure, series"
    ):
        summary_html(pd.DataFrame({"x": [1]}))


RC_SNAPSHOT = (
    "import matplotlib, json; "
    "before = {k: repr(v) for k, v in matplotlib.rcParams.items()}; backend = matplotlib.get_backend(); "
    "{body}; "
    "after = {k: repr(v) for k, v in matplotlib.rcParams.items()}; "
    "print(json.dumps([k for k in before if before[k] != after[k]] + "
    "(['backend'] if matplotlib.get_backend() != backend else [])))"
)


@pytest.mark.parametrize(
    "body",
    [
        "import qi, qi.present, qi.present.plot, qi.present.icons, qi.present.html, qi.present.timeline, qi.present.narrate",
        "import pandas as pd, qi; r = qi.chart(pd.DataFrame({'y': [1.0, 3, 2, 4, 3, 5]}), y='y', chart='i'); "
        "r.plot(); r.describe(); r._repr_html_(); qi.summary_table([r])",
    ],
)
def test_no_global_matplotlib_state_changes(body):
    """Importing qi and drawing with it leave rcParams and the backend as they were."""
    code = RC_SNAPSHOT.replace("{body}", body)
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "MPLBACKEND": "Agg"},
    )
    assert out.stdout.strip() == "[]"
