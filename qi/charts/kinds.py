"""The statuses a chart result carries, as ``Literal`` types declared once (STYLE 16: data,
not sentences). Modules compare a record's ``kind`` against these, never a message's words.

>>> from typing import get_args
>>> get_args(WarningKind)
('trial_limits', 'runs_rule_out_of_range', 'overdispersed', 'no_overdispersion')
"""

from __future__ import annotations

from typing import Literal

#: What a :class:`qi.charts.result.ChartWarning` is about (every warning ``qi.chart`` words):
#:
#: - ``"trial_limits"``: a phase's centre line (and limits) come from fewer than
#:   ``qi.constants.MIN_POINTS_FOR_LIMITS`` points (the Health Care Data Guide's trial limits;
#:   :func:`qi.charts.assemble.trial_warnings`);
#: - ``"runs_rule_out_of_range"``: a phase has more useful observations than the runs-count
#:   table covers (Perla et al.'s Table 1: 10-60), so the too-few/too-many-runs rule was not
#:   applied (:func:`qi.charts.assemble.caveat_words`);
#: - ``"overdispersed"``: a funnel's units vary more than chance allows (phi > 1 and tau^2 > 0,
#:   Spiegelhalter 2005b) and no overdispersion adjustment was asked for
#:   (:func:`qi.charts.funnel.funnel`);
#: - ``"no_overdispersion"``: an adjustment was asked for but the data are not overdispersed, so
#:   the funnel's limits are not widened.
WarningKind = Literal[
    "trial_limits", "runs_rule_out_of_range", "overdispersed", "no_overdispersion"
]

#: What a :class:`qi.charts.result.Caveat` record is about (see ``WarningKind``).
CaveatKind = Literal["runs_rule_out_of_range"]

#: The kind of pattern a rule looks for (:attr:`qi.charts.rules.base.Rule.kind`), so the
#: narrative words a direction by kind, not by the rule's label:
#:
#: - ``"outside"``: a point beyond the control (process) limits, or a candidate astronomical
#:   point; direction +1 above, -1 below;
#: - ``"shift"``: a run of points on one side of the centre line; +1 above, -1 below;
#: - ``"trend"``: points each higher (or each lower) than the one before; +1 rising, -1 falling;
#: - ``"zone"``: points beyond (or within) a 1- or 2-sigma line: +1 above, -1 below, 0 either
#:   side;
#: - ``"runs"``: too few or too many runs (crossings) of the centre line; no direction;
#: - ``"alternating"``: points going up and down in turn (Nelson's test 4); no direction;
#: - ``"other"``: a rule built outside qi that does not say (its direction is read as a side of
#:   the centre line).
RuleKind = Literal["outside", "shift", "trend", "zone", "runs", "alternating", "other"]

#: The signal type of a point or episode (``qi.charts.schema.SIGNAL_TYPES``, same order).
SignalType = Literal[
    "common_cause", "special_cause_improvement", "special_cause_concern", "special_cause_neutral"
]

#: Which way is better: ``"up"`` (higher is better) or ``"down"``; None on a chart means unset.
Improvement = Literal["up", "down"]

#: How a chart's x is shown and narrated.
XKind = Literal["number", "date"]

#: What a pattern does with a tie (equal neighbours) or a missing value inside it: ``"skip"``
#: it (it neither makes nor breaks the pattern) or ``"break"`` the pattern there
#: (:mod:`qi.charts.rules.patterns`; which rule set does which is in each rule's description).
SkipOrBreak = Literal["skip", "break"]

#: How an xbar chart estimates sigma: s-bar/c4 (qicharts2) or R-bar/d2 (Health Care Data Guide).
SigmaFrom = Literal["sd", "range"]
