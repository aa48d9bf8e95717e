"""The fast reader and ruamel's round-trip reader give the same values (YAML 1.2 core schema)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qi.project.yamlio import Document, load_text, to_plain

from .conftest import CHARTER, CYCLE, EXAMPLES

TRICKY = """\
yes_word: yes
no_word: no
on_word: on
off_word: Off
true_word: true
false_word: FALSE
octal_like: 010
octal: 0o10
hex: 0x1f
sexagesimal: 1:30
float: .5
exp: 1e3
negative: -2
inf: .inf
null_word: ~
empty:
month: 2019-07
date: 2019-07-31
fy: 2016/17
quarter: 2016 Q1
version: 5.2
quoted: "5.2"
list: [a, 1, 2.5, yes]
"""


def _both(text: str) -> tuple[object, object]:
    return Document(text, file="x.yaml").plain, to_plain(load_text(text, file="x.yaml"))


def test_tricky_scalars_read_the_same() -> None:
    fast, slow = _both(TRICKY)
    assert fast == slow
    assert fast["yes_word"] == "yes" and fast["on_word"] == "on"  # YAML 1.2: not booleans
    assert fast["octal_like"] == 10 and fast["octal"] == 8 and fast["hex"] == 31
    assert (
        fast["sexagesimal"] == "1:30"
        and fast["date"] == "2019-07-31"
        and fast["month"] == "2019-07"
    )


@pytest.mark.parametrize(
    "path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: str(p.relative_to(EXAMPLES))
)
def test_every_example_file_reads_the_same(path: Path) -> None:
    fast, slow = _both(path.read_text(encoding="utf-8"))
    assert fast == slow


@pytest.mark.parametrize("text", [CHARTER, CYCLE])
def test_fixture_files_read_the_same(text: str) -> None:
    fast, slow = _both(text)
    assert fast == slow


def test_impossible_date_falls_back_to_the_round_trip_reader() -> None:
    fast, slow = _both("by_when: 2021-02-30\n")
    assert fast == slow == {"by_when": "2021-02-30"}


def test_a_valid_project_is_read_without_the_round_trip_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import qi
    from qi.project import yamlio

    def refuse(text: str, *, file: str) -> object:
        raise AssertionError(f"round-trip parse of {file}")

    monkeypatch.setattr(yamlio, "load_text", refuse)
    project = qi.load_project(EXAMPLES / "kinship")
    assert len(project.cycles) == 7
