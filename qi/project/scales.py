"""Project score scales as data: YAML files listing levels, wording, stage bands and evidence.

The default, ``ihi_1_10``, ships in ``qi/data/scales/``. A charter names its scale with
``score_scale:``; a name is looked up among the shipped scales, anything ending in ``.yaml`` is
read as a file relative to the project folder.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import Field, model_validator

from qi.errors import ValidationError, unknown_name
from qi.project.model import QIModel
from qi.project.validate import build_or_raise
from qi.project.yamlio import load_document

EVIDENCE_KEYS: tuple[str, ...] = (
    "project_identified",
    "charter_and_team",
    "measures_defined",
    "data_collected",
    "changes_tested",
    "change_adopted",
    "special_cause_improvement",
    "outcome_improvement",
    "implementing",
    "sustained_improvement",
    "aim_met",
)


class Level(QIModel):
    """One level of a scale."""

    score: float
    label: str
    description: str | None = None
    evidence: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_evidence(self) -> Level:
        for key in self.evidence:
            if key not in EVIDENCE_KEYS:
                raise ValueError(str(unknown_name("evidence check", key, EVIDENCE_KEYS)))
        return self


class Stage(QIModel):
    """A band of scores (the seed charter's plan stages)."""

    name: str
    from_: float = Field(alias="from")
    to: float


class Scale(QIModel):
    """A project score scale."""

    id: str
    name: str
    source: str | None = None
    levels: list[Level]
    stages: list[Stage] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        scores = [level.score for level in self.levels]
        if not scores:
            raise ValueError("a scale needs at least one level")
        if scores != sorted(set(scores)):
            raise ValueError("levels must be listed in increasing score order, each score once")
        return self

    @property
    def scores(self) -> list[float]:
        """The valid scores, lowest first."""
        return [level.score for level in self.levels]

    def level(self, score: float) -> Level:
        """The level with this score; a score not on the scale is a :class:`ValidationError`."""
        for level in self.levels:
            if level.score == score:
                return level
        raise ValidationError(
            f"score {score:g} is not on the scale '{self.id}'",
            field="score",
            hint=f"use one of: {', '.join(f'{s:g}' for s in self.scores)}",
        )

    def stages_of(self, score: float) -> list[str]:
        """Names of the stage bands that contain ``score`` (bands may overlap, as in seed 000)."""
        return [stage.name for stage in self.stages if stage.from_ <= score <= stage.to]


def shipped_scales() -> list[str]:
    """Names of the scales shipped with qi."""
    folder = resources.files("qi") / "data" / "scales"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_scale(name: str, *, base: Path | None = None) -> Scale:
    """Load a shipped scale by name, or a scale file (``*.yaml``) relative to ``base``."""
    if name.endswith((".yaml", ".yml")):
        path = Path(name)
        if not path.is_absolute() and base is not None:
            path = base / path
        return build_or_raise(Scale, load_document(path), file=str(path))
    names = shipped_scales()
    if name not in names:
        raise unknown_name("score scale", name, names, field="score_scale")
    return _shipped(name).model_copy(deep=True)


@cache
def _shipped(name: str) -> Scale:
    """A shipped scale, read once per process (callers get a deep copy)."""
    resource = resources.files("qi") / "data" / "scales" / f"{name}.yaml"
    with resources.as_file(resource) as path:
        return build_or_raise(Scale, load_document(path), file=f"qi/data/scales/{name}.yaml")
