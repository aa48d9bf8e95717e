"""The method notes in docs/method/ and the code that points to them (issue 13: docstrings
point to the repository's own method notes, not to research notes outside it).

- No module of qi cites a ``research/`` file (there is no such folder in the repository).
- Every ``docs/method/<page>.md`` a module names exists, and a "section N" beside it is a
  numbered heading of that page.
- Perla et al.'s Table 1 as docs/method/rules.md prints it is ``IHI_RUNS_TABLE``, its exact
  column is what ``rules="ihi_exact"`` computes, and its last column marks exactly the rows
  where the two differ.
"""

from __future__ import annotations

import re
from pathlib import Path

from qi.charts.rules.thresholds import runs_limits, runs_table_differences
from qi.constants import IHI_RUNS_MAX_USEFUL, IHI_RUNS_MIN_USEFUL, IHI_RUNS_TABLE

ROOT = Path(__file__).resolve().parents[2]
QI = ROOT / "qi"
METHOD = ROOT / "docs" / "method"

# "docs/method/charts.md section 3", "``docs/method/rules.md`` sections 1, 2 and 6"
POINTER = re.compile(r"docs/method/(\w+)\.md`{0,2}(?:,? sections? ([\d, and]*\d))?")


def _modules() -> list[tuple[str, str]]:
    return [
        (str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted(QI.rglob("*.py"))
    ]


def _headings(page: str) -> set[int]:
    text = (METHOD / f"{page}.md").read_text(encoding="utf-8")
    return {int(m) for m in re.findall(r"^## (\d+)\.", text, flags=re.MULTILINE)}


def test_pointer_pattern_reads_pages_and_sections() -> None:
    text = "``docs/method/charts.md`` sections 1, 2 and 6; docs/method/rules.md section 4; x.md"
    found = POINTER.findall(text + " docs/method/verdict.md.")
    assert found == [("charts", "1, 2 and 6"), ("rules", "4"), ("verdict", "")]


def test_no_module_cites_research_notes_outside_the_repository() -> None:
    cited = [
        f"{name}:{i}"
        for name, text in _modules()
        for i, line in enumerate(text.splitlines(), start=1)
        if "research/" in line
    ]
    assert cited == []


def test_every_method_page_and_section_a_module_names_exists() -> None:
    missing = []
    pointers = 0
    for name, text in _modules():
        flat = " ".join(text.split())  # a pointer may wrap onto the next comment line
        for page, sections in POINTER.findall(flat):
            pointers += 1
            if not (METHOD / f"{page}.md").is_file():
                missing.append(f"{name}: docs/method/{page}.md")
                continue
            for number in re.findall(r"\d+", sections):
                if int(number) not in _headings(page):
                    missing.append(f"{name}: docs/method/{page}.md section {number}")
    assert missing == []
    assert pointers >= 10  # the pattern does find the pointers (not a test that cannot fail)


def _rules_md_table() -> dict[int, tuple[int, int, tuple[int, int], str]]:
    text = (METHOD / "rules.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| (\d+) \| (\d+) \| (\d+) \| (\d+)–(\d+) \| ([a-z ]*?) *\|$", text, flags=re.MULTILINE
    )
    return {int(n): (int(lo), int(hi), (int(a), int(b)), note) for n, lo, hi, a, b, note in rows}


def test_rules_md_prints_perla_table_1_as_the_code_uses_it() -> None:
    table = _rules_md_table()
    assert sorted(table) == list(range(IHI_RUNS_MIN_USEFUL, IHI_RUNS_MAX_USEFUL + 1))
    assert {n: (lo, hi) for n, (lo, hi, _, _) in table.items()} == IHI_RUNS_TABLE
    assert {n: exact for n, (_, _, exact, _) in table.items()} == {n: runs_limits(n) for n in table}


def test_rules_md_marks_the_rows_where_printed_and_exact_differ() -> None:
    table = _rules_md_table()
    differ = runs_table_differences()
    assert {n for n, row in table.items() if row[3]} == set(differ)
    for n, ((p_lo, p_hi), (e_lo, e_hi)) in differ.items():
        wider = p_lo <= e_lo and p_hi >= e_hi
        assert table[n][3] == ("printed wider" if wider else "printed narrower"), n
    assert len(differ) == 18  # "differ at 18 values of n" (rules.md, ihi_exact)
