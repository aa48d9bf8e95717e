"""MDC icons as <img> with a data: SVG (they survive untrusted notebooks) and the printed
legend of their meanings."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest

from qi.errors import ValidationError
from qi.present.icons import (
    ASSURANCE_STATES,
    ASSURANCE_WORDS,
    LEGEND_WORDS,
    VARIATION_STATES,
    VARIATION_WORDS,
    icon_data_uri,
    icon_img,
    icon_legend,
    icon_svg,
)
from qi.reports.export import external_references

ALL_STATES = [*VARIATION_STATES, *ASSURANCE_STATES]
PREFIX = "data:image/svg+xml;charset=utf-8,"


def _src(img: str) -> str:
    return re.search(r'src="([^"]*)"', img).group(1)


@pytest.mark.parametrize("state", ALL_STATES)
def test_icon_img_holds_the_same_svg_as_a_data_uri(state):
    img = icon_img(state, 28)
    assert img.startswith(f'<img class="qi-icon qi-icon-{state}" src="{PREFIX}')
    uri = _src(img)
    assert not set(uri[len(PREFIX) :]) & set('"<>&#')  # safe inside an HTML attribute
    decoded = ET.fromstring(unquote(uri[len(PREFIX) :]))
    original = ET.fromstring(icon_svg(state, 28))
    assert ET.tostring(decoded) == ET.tostring(original)
    assert 'width="28" height="28"' in img
    assert "<svg" not in img
    assert external_references(img) == []


@pytest.mark.parametrize("state", ALL_STATES)
def test_icon_img_has_alt_text_in_words(state):
    words = {**VARIATION_WORDS, **ASSURANCE_WORDS}[state]
    img = icon_img(state)
    assert f'alt="{words}"' in img and f'title="{words}"' in img


def test_icon_img_alt_text_is_escaped_everywhere():
    img = icon_img("fail", title='Visits <b>"late"</b> & more')
    assert 'alt="Visits &lt;b&gt;&quot;late&quot;&lt;/b&gt; &amp; more"' in img
    svg = unquote(_src(img)[len(PREFIX) :])
    assert ET.fromstring(svg).find("{http://www.w3.org/2000/svg}title").text == (
        'Visits <b>"late"</b> & more'
    )


def test_icon_img_unknown_state():
    with pytest.raises(ValidationError, match="unknown icon state 'passed'; choose one of"):
        icon_img("passed")


def test_the_data_uri_is_cached_per_state_size_and_title():
    assert icon_data_uri("pass", 20) is icon_data_uri("pass", 20)
    assert icon_data_uri("pass", 20) != icon_data_uri("pass", 21)


def test_legend_words_cover_every_state_in_plain_words():
    assert set(LEGEND_WORDS) == set(ALL_STATES)
    for words in LEGEND_WORDS.values():
        low = words.lower()
        for jargon in ("sigma", "special cause", "common cause", "limit", "assurance"):
            assert jargon not in low, (jargon, words)


def test_legend_shows_every_icon_with_its_meaning():
    legend = icon_legend()
    assert legend.startswith('<table class="qi-legend"><caption>What the icons mean</caption>')
    for state in ALL_STATES:
        row = re.search(
            rf"<tr><td><img class=\"qi-icon qi-icon-{state}\"[^>]*></td>"
            r"<td>([^<]*)</td></tr>",
            legend,
        )
        assert row, state
        assert row.group(1) == LEGEND_WORDS[state].replace("'", "&#x27;")
    assert legend.count("<img") == len(ALL_STATES)
    assert legend.index("Variation: is something changing?") < legend.index("qi-icon-common_cause")
    assert legend.index("Assurance: will the target be met?") < legend.index("qi-icon-pass")
    assert "<svg" not in legend and external_references(legend) == []


def test_legend_of_the_states_on_a_page():
    legend = icon_legend(["fail", "common_cause", "fail"])
    assert legend.count("<img") == 2
    assert legend.index("qi-icon-common_cause") < legend.index("qi-icon-fail")  # legend order
    assert "Variation: is something changing?" in legend
    no_assurance = icon_legend(["improvement_high"])
    assert "Assurance" not in no_assurance and no_assurance.count("<img") == 1


def test_legend_rejects_an_unknown_state():
    with pytest.raises(ValidationError, match="unknown icon state 'better'"):
        icon_legend(["better"])
