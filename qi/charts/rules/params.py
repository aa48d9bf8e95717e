"""Typed, validated parameters of a rule set (``get_rule_set("mdc", run_length=6)``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from qi.errors import ValidationError, closest


@dataclass(frozen=True)
class IntParam:
    """An integer parameter: a default, and either a set of choices or a minimum."""

    name: str
    default: int
    doc: str
    choices: tuple[int, ...] | None = None
    minimum: int | None = None

    def check(self, rule_set: str, value: object) -> int:
        """The value as an int, or a ValidationError naming the parameter and the fix."""
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (self.choices is None or value in self.choices)
            and (self.minimum is None or value >= self.minimum)
        ):
            return int(value)
        if self.choices is not None:
            allowed = "one of " + ", ".join(str(c) for c in self.choices)
        else:
            allowed = f"a whole number >= {self.minimum}"
        raise ValidationError(
            f"rule set '{rule_set}' parameter {self.name} must be {allowed}; got {value!r}",
            field=self.name,
            hint=f"pass {self.name}={self.default} (the default) or another {allowed}",
        )


def resolve_params(
    rule_set: str, specs: tuple[IntParam, ...], given: Mapping[str, object]
) -> dict[str, int]:
    """Defaults overridden by ``given``; unknown names and bad values raise ValidationError."""
    by_name = {p.name: p for p in specs}
    for key in given:
        if key not in by_name:
            valid = ", ".join(by_name) if by_name else "none"
            near = closest(key, list(by_name))
            hint = (
                f"did you mean '{near}'? " if near else ""
            ) + f"parameters of '{rule_set}': {valid}"
            raise ValidationError(
                f"rule set '{rule_set}' has no parameter '{key}'",
                field=key,
                hint=hint,
            )
    return {
        p.name: p.check(rule_set, given[p.name]) if p.name in given else p.default for p in specs
    }
