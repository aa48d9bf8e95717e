"""qi/constants.py keeps every name it had when two groups moved to their own modules (issue 13,
module sizes): the range tables (qi/constants_ranges.py) and the rule-set run lengths
(qi/constants_rules.py) are re-exported, so ``import qi.constants as K; K.NAME`` still works."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import qi.constants as K
import qi.constants_ranges as ranges
import qi.constants_rules as rules

QI = Path(__file__).resolve().parents[1] / "qi"


def _assigned(module: str) -> set[str]:
    """The upper-case names a module assigns at its top level, read from its source."""
    tree = ast.parse((QI / f"{module}.py").read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
        names |= {t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()}
    return names


@pytest.mark.parametrize("module", [ranges, rules])
def test_every_moved_constant_is_listed_and_answers_from_qi_constants(module) -> None:
    name = module.__name__.rsplit(".", 1)[1]
    assert set(module.__all__) == _assigned(name)
    assert all(getattr(K, n) is getattr(module, n) for n in module.__all__)


def test_the_moved_values_are_the_published_ones() -> None:
    # Montgomery Appendix VI: d2(5) = 2.326, D4(2) = 3.267; Perla et al. 2011 Table 1 at n = 20
    # is (6, 16); IHI shift 6, Anhøj offset 3, MDC run 7.
    assert (K.RANGE_D2[5], K.R_CHART_D4[2], K.RANGE_MAX_SUBGROUP) == (2.326, 3.267, 25)
    assert K.IHI_RUNS_TABLE[20] == (6, 16)
    assert (K.IHI_SHIFT_LENGTH, K.ANHOEJ_LONGEST_RUN_OFFSET, K.MDC_RUN_LENGTH) == (6, 3, 7)
    assert K.IHI_RUNS_MIN_USEFUL == K.MIN_USEFUL_FOR_RUNS == 10
