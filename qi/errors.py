"""The exception hierarchy of qi: one small family with structured fields.

Every error a user can cause is a :class:`QIError`. Its message names what was wrong (the
argument, column, file, row or field), what was found, and how to fix it. The CLI prints the
message without a traceback and exits with the error's ``exit_code``.
"""

from __future__ import annotations

from collections.abc import Sequence


class QIError(Exception):
    """Base class of every error qi raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n  fix: {self.hint}"
        return self.message


class ValidationError(QIError):
    """Bad input: an argument, a column, a file, a row or a field.

    Parameters
    ----------
    message:
        What is wrong, in words.
    field:
        The argument, column or field name at fault.
    rows:
        Offending row labels or line numbers (shown, at most ten).
    file:
        The file at fault, if any.
    line:
        The line in ``file``, if known.
    hint:
        How to fix it.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        rows: Sequence[object] | None = None,
        file: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.field = field
        self.rows = list(rows) if rows is not None else []
        self.file = file
        self.line = line
        super().__init__(message, hint=hint)

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"{self.file}" + (f":{self.line}" if self.line else ""))
        if self.field:
            where.append(f"'{self.field}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:10])
            more = f" and {len(self.rows) - 10} more" if len(self.rows) > 10 else ""
            text += f" (rows {shown}{more})"
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text


class ProblemList(ValidationError):
    """Several validation problems found at once (``qi validate`` lists them all)."""

    def __init__(self, problems: Sequence[ValidationError], *, file: str | None = None) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s):\n{lines}", file=file)


class ReportError(QIError):
    """A report failed to build: names the report, the cell and the message."""

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        report: str | None = None,
        cell: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.report = report
        self.cell = cell
        super().__init__(message, hint=hint)


class ConcurrencyError(QIError):
    """A lock could not be taken in time (another qi process is writing)."""

    exit_code = 4


class QIWarning(UserWarning):
    """Something a reader must know (trial limits, too few points), not an error."""


def closest(name: str, choices: Sequence[str]) -> str | None:
    """The nearest valid name to ``name`` (for "did you mean" hints), or None."""
    import difflib

    found = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_name(
    kind: str, name: str, choices: Sequence[str], *, field: str | None = None
) -> ValidationError:
    """The error for a name not in a registry: lists the valid ones, suggests the nearest."""
    near = closest(name, choices)
    return ValidationError(
        f"unknown {kind} '{name}'; choose one of: {', '.join(choices)}",
        field=field or kind,
        hint=f"did you mean '{near}'?" if near else None,  # the choices are listed once, above
    )
