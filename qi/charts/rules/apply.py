"""Applying a rule set to a chart's points.

:func:`apply_rule_set` runs every rule of a set over one long :class:`RuleInput` (all series and
phases, each a segment) and resolves which rule labels each point (the set's precedence order).
:func:`signal_types` turns a point's direction into improvement, concern or neutral.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qi.charts.kinds import Improvement
from qi.charts.rules.base import RuleInput, RuleOutput, RuleSet
from qi.charts.rules.registry import get_rule_set
from qi.charts.rules.runs import episodes
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.errors import ValidationError


@dataclass(frozen=True)
class RuleApplication:
    """The result of applying a rule set to the points of a chart.

    Attributes
    ----------
    rule_names:
        The rules of the set, in precedence order.
    flags, directions, extents:
        Per rule: bool flags, int8 directions (+1/-1/0 on flagged points), and the bool extent of
        each pattern (flagged points plus the skipped points between them; for episodes).
    skipped:
        Rules that need limits, on a chart without them (all False).
    signal:
        Any rule flags the point.
    signal_code:
        int8: 1 + the precedence position of the rule that labels the point, 0 when no rule
        flags it (cheap; ``signal_rule`` spells it out).
    signal_direction:
        int8: the direction given by that rule (0 when no signal).
    """

    rule_names: tuple[str, ...]
    flags: dict[str, np.ndarray]
    directions: dict[str, np.ndarray]
    extents: dict[str, np.ndarray]
    skipped: tuple[str, ...]
    signal: np.ndarray
    signal_code: np.ndarray
    signal_direction: np.ndarray

    @property
    def signal_rule(self) -> np.ndarray:
        """Object array: the first rule in precedence order that flags the point, "" otherwise."""
        names = np.array(["", *self.rule_names], dtype=object)
        return np.asarray(names[self.signal_code])

    def episodes(self, segment: np.ndarray) -> dict[str, np.ndarray]:
        """One element per signal episode of every rule (see :func:`runs.episodes`).

        Returns arrays ``rule`` (object), ``start``, ``end`` (point indices), ``n_points``
        (flagged points in the episode) and ``direction`` (int8), sorted by start and then by
        rule precedence. The engine maps indices to series, phase and x.
        """
        rules, starts, ends, counts, dirs, order = [], [], [], [], [], []
        for rank, name in enumerate(self.rule_names):
            flag = self.flags[name]
            s, e = episodes(flag, segment, self.directions[name], self.extents[name])
            flagged = np.flatnonzero(flag) if s.shape[0] else s
            rules.append(np.full(s.shape[0], name, dtype=object))
            starts.append(s)
            ends.append(e)
            counts.append(
                np.searchsorted(flagged, e, "right") - np.searchsorted(flagged, s, "left")
            )
            dirs.append(self.directions[name][s].astype(np.int8))
            order.append(np.full(s.shape[0], rank))
        if not starts:  # a rule set without rules (a cumulative measure's): no episodes
            empty = np.zeros(0, dtype=np.int64)
            return {
                "rule": np.zeros(0, dtype=object),
                "start": empty,
                "end": empty,
                "n_points": empty,
                "direction": np.zeros(0, dtype=np.int8),
            }
        start = np.concatenate(starts)
        sort = np.lexsort((np.concatenate(order), start))
        return {
            "rule": np.concatenate(rules)[sort],
            "start": start[sort],
            "end": np.concatenate(ends)[sort],
            "n_points": np.concatenate(counts)[sort],
            "direction": np.concatenate(dirs)[sort],
        }


_INPUT_FIELDS = (
    "y",
    "centre",
    "lcl",
    "ucl",
    "lcl_2s",
    "ucl_2s",
    "lcl_1s",
    "ucl_1s",
    "astro_lcl",
    "astro_ucl",
    "segment",
    "included",
)


def _check_input(inp: RuleInput) -> int:
    """Every array of the input has the same length; segments are non-decreasing."""
    n = np.asarray(inp.y).shape[0]
    for name in _INPUT_FIELDS:
        arr = np.asarray(getattr(inp, name))
        if arr.ndim != 1 or arr.shape[0] != n:
            raise ValidationError(
                f"RuleInput.{name} has shape {arr.shape}; every array must be one-dimensional "
                f"with {n} elements (the length of y)",
                field=name,
                hint="build the RuleInput with one element per point for every field",
            )
    seg = np.asarray(inp.segment)
    if n > 1:
        bad = np.flatnonzero(seg[1:] < seg[:-1])
        if bad.shape[0]:
            raise ValidationError(
                "RuleInput.segment must be non-decreasing (points sorted by segment, then x)",
                field="segment",
                rows=(bad + 1).tolist(),
                hint="sort the points by (segment, x) before applying the rules",
            )
    return int(n)


def apply_rule_set(rule_set: RuleSet | str, inp: RuleInput, has_limits: bool) -> RuleApplication:
    """Apply every rule of ``rule_set`` to ``inp`` and resolve the labelling rule of each point.

    Rules that need limits are skipped on a chart without them (``has_limits=False``): their
    flags are all False and their names are listed in ``skipped``. Where several rules flag a
    point, the first in the set's order labels it (``signal_rule``, ``signal_direction``).
    """
    rs = get_rule_set(rule_set)
    n = _check_input(inp)
    flags: dict[str, np.ndarray] = {}
    directions: dict[str, np.ndarray] = {}
    extents: dict[str, np.ndarray] = {}
    skipped: list[str] = []
    for rule in rs.rules:
        if rule.needs_limits and not has_limits:
            skipped.append(rule.name)
            out = RuleOutput(flag=np.zeros(n, dtype=bool), direction=np.zeros(n, dtype=np.int8))
        else:
            out = rule.func(inp)
        flag = np.asarray(out.flag, dtype=bool)
        flags[rule.name] = flag
        directions[rule.name] = np.where(flag, out.direction, 0).astype(np.int8)
        extents[rule.name] = (
            flag if out.extent is None else (np.asarray(out.extent, dtype=bool) | flag)
        )
    signal_code = np.zeros(n, dtype=np.int8)
    signal_direction = np.zeros(n, dtype=np.int8)
    for pos in range(len(rs.rules), 0, -1):  # the first rule in precedence order is written last
        name = rs.rules[pos - 1].name
        flag = flags[name]
        signal_code[flag] = pos
        signal_direction[flag] = directions[name][flag]
    signal = signal_code > 0
    return RuleApplication(
        rule_names=rs.rule_names,
        flags=flags,
        directions=directions,
        extents=extents,
        skipped=tuple(skipped),
        signal=signal,
        signal_code=signal_code,
        signal_direction=signal_direction,
    )


def signal_types(
    signal: np.ndarray, direction: np.ndarray, improvement: Improvement | None
) -> np.ndarray:
    """Each point's signal type (``qi.charts.schema``): common cause, improvement, concern, neutral.

    ``improvement="up"``: direction +1 is an improvement and -1 a concern; ``"down"`` the
    reverse. With ``improvement=None`` or direction 0 (a pattern with no side, e.g. too many
    runs) a signal is neutral. Points without a signal are common cause.
    """
    if improvement not in (None, "up", "down"):
        raise ValidationError(
            f"improvement must be 'up', 'down' or None; got {improvement!r}",
            field="improvement",
            hint="use improvement='up' when higher is better, 'down' when lower is better, "
            "or leave it out",
        )
    signal = np.asarray(signal, dtype=bool)
    direction = np.asarray(direction)
    out = np.full(signal.shape[0], COMMON_CAUSE, dtype=object)
    out[signal] = NEUTRAL
    if improvement is not None:
        better = 1 if improvement == "up" else -1
        out[signal & (direction == better)] = IMPROVEMENT
        out[signal & (direction == -better)] = CONCERN
    return out
