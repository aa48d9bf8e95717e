"""What every qi.lab widget shares: a labelled input with its error beside it, and the mapping
of a :class:`~qi.errors.ValidationError` (or a list of them) onto those fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

try:
    import ipywidgets as w
except ImportError as err:  # pragma: no cover - the lab extra is not installed
    from qi.errors import QIError

    raise QIError(
        "qi.lab needs ipywidgets", hint="install the lab extra: pip install 'qi[lab]'"
    ) from err

from qi.errors import ProblemList, QIError, ValidationError

#: Width of the labels, so the inputs line up (CSS).
LABEL_WIDTH = "14em"
ERROR_STYLE = "color:#b00020"
OK_STYLE = "color:#1b5e20"


class FieldRow(w.HBox):
    """A label, an input widget and the error shown beside it."""

    def __init__(self, name: str, label: str, widget: w.Widget) -> None:
        self.name = name
        self.input = widget
        self.error = w.HTML("")
        self.error.add_class("qi-error")
        title = w.HTML(f"<b>{escape(label)}</b>", layout=w.Layout(width=LABEL_WIDTH))
        super().__init__([title, widget, self.error])
        self.add_class(f"qi-field-{name.replace('.', '-')}")

    def show_error(self, text: str) -> None:
        self.error.value = f"<span style='{ERROR_STYLE}'>{escape(text)}</span>"

    def clear(self) -> None:
        self.error.value = ""


def error_text(err: ValidationError) -> str:
    """A problem as the widget shows it: the message and the fix (no file path: the widget
    already says which cycle or project it writes)."""
    return err.message + (f" ({err.hint})" if err.hint else "")


def _field_key(field: str | None) -> str | None:
    if not field:
        return None
    return re.sub(r"\[\d+\]", "", field)


def show_errors(err: QIError, rows: Mapping[str, FieldRow], status: w.HTML) -> None:
    """Put each problem beside its field; what no field owns goes to ``status``."""
    problems = err.problems if isinstance(err, ProblemList) else [err]
    loose: list[str] = []
    for problem in problems:
        key = _field_key(getattr(problem, "field", None))
        row = rows.get(key) if key else None
        if row is None and key:  # "plan" problems go to the first field of that section
            row = next((r for name, r in rows.items() if name.startswith(f"{key}.")), None)
        if row is not None:
            row.show_error(
                error_text(problem) if isinstance(problem, ValidationError) else str(problem)
            )
        else:
            loose.append(
                error_text(problem) if isinstance(problem, ValidationError) else str(problem)
            )
    text = "Nothing was saved." + (
        " " + " ".join(loose) if loose else " See the fields marked in red."
    )
    status.value = f"<span style='{ERROR_STYLE}'>{escape(text)}</span>"


def run_save(rows: Mapping[str, FieldRow], status: w.HTML, action: Callable[[], str]) -> bool:
    """Clear old errors, run ``action`` (a write that returns a success message), and show
    either the message or every problem beside its field. True when it saved."""
    for row in rows.values():
        row.clear()
    try:
        message = action()
    except QIError as err:
        show_errors(err, rows, status)
        return False
    status.value = f"<span style='{OK_STYLE}'>{escape(message)}</span>"
    return True


def text_or_none(value: str) -> str | None:
    """A text input's value, None when blank."""
    return value if value.strip() else None


def lines(value: str) -> list[str]:
    """A one-item-per-line text area as a list (blank lines dropped)."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def shown(value: Any) -> str:
    """A model value as an input shows it: lists one per line, booleans yes/no, None blank."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
