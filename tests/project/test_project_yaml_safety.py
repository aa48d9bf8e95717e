"""One safe YAML loader for every reader (issue 11, findings 2 and 5).

Aliases are refused before anything is expanded (a "billion laughs" file of 10^9 leaves ran out
of memory before), duplicate keys are errors naming the key and both lines, and the same loader
serves ``qi validate``, the commands and the reports' ``portfolio.yaml``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qi.errors import ValidationError
from qi.project import yamlio
from qi.project.store import add_note, load_project, validate_project

#: 10 levels of 10 aliases each: 10^9 leaves once expanded (issue 11's memory-exhausting file).
BILLION_LAUGHS = (
    "a0: &a0 [lol]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
    + "id: demo\n"
)


@pytest.mark.parametrize("reader", ["tree", "plain"])
def test_billion_laughs_is_refused_at_its_first_alias(reader: str) -> None:
    doc = yamlio.Document(BILLION_LAUGHS, file="charter.yaml")
    with pytest.raises(ValidationError) as err:
        getattr(doc, reader)
    assert str(err.value).startswith("charter.yaml:2: YAML alias '*a0' is not allowed")


def test_recursive_alias_is_a_clear_error_not_a_recursion_error() -> None:
    with pytest.raises(ValidationError, match=r"x.yaml:1: YAML alias '\*a' is not allowed"):
        yamlio.load_text("a: &a [*a]\n", file="x.yaml")


def test_a_star_in_text_is_not_an_alias() -> None:
    assert yamlio.Document("aim: 'cut waits * 2'\nnote: \"5 * 3\"\n", file="x").plain == {
        "aim": "cut waits * 2",
        "note": "5 * 3",
    }


@pytest.mark.parametrize("reader", ["tree", "plain"])
def test_duplicate_key_names_the_key_and_both_lines(reader: str) -> None:
    text = "id: demo\ntitle: T\nmeasures:\n  - id: a\n    name: A\n    id: b\nid: other\n"
    doc = yamlio.Document(text, file="charter.yaml")
    with pytest.raises(ValidationError) as err:
        getattr(doc, reader)
    message = str(err.value)
    # the first duplicate met: PyYAML builds inner mappings first, ruamel reads top-down
    assert message.startswith(
        (
            "charter.yaml:6, 'id': key 'id' is given twice in one mapping (first at line 4)",
            "charter.yaml:7, 'id': key 'id' is given twice in one mapping (first at line 1)",
        )
    )
    assert "YAML would silently use only the last one" in message


def test_validate_and_note_agree_on_a_duplicate_key(project_dir: Path) -> None:
    """`qi validate` used to pass a file that `qi pdsa note` then refused."""
    file = project_dir / "pdsa" / "triage" / "triage-001.yaml"
    file.write_text(file.read_text() + "status: doing\n")
    problems = validate_project(project_dir)
    assert [(p.message, p.line) for p in problems] == [
        ("key 'status' is given twice in one mapping (first at line 5)", 12)
    ]
    with pytest.raises(ValidationError, match="key 'status' is given twice"):
        add_note(project_dir, "triage-001", "n", author="A", date=dt.date(2020, 2, 1))


def test_a_second_id_no_longer_changes_the_project_id(project_dir: Path) -> None:
    charter = project_dir / "charter.yaml"
    charter.write_text(charter.read_text() + "id: someone_else\n")
    with pytest.raises(ValidationError, match="key 'id' is given twice"):
        load_project(project_dir)


def test_portfolio_yaml_goes_through_the_same_loader(tmp_path: Path) -> None:
    from qi.reports.jobs import project_folders
    from qi.reports.portfolio_data import load_portfolio_tolerant

    (tmp_path / "portfolio.yaml").write_text("name: &n P\nother: *n\n")
    with pytest.raises(ValidationError, match="YAML alias"):
        load_portfolio_tolerant(tmp_path)
    assert project_folders(tmp_path) == []  # discovery ignores it; `qi validate` names it
