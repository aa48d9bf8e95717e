"""Text for the terminal: user text is data, never terminal control (issue 11, finding 14).

Titles, ids, notes and file contents reach ``qi``'s messages and tables. An escape sequence in
them (``ESC [ 2 J`` clears the screen; OSC 8 forges links; OSC 52 writes the clipboard) or a
bidirectional override (Trojan Source, CVE-2021-42574) must be shown, not obeyed.
"""

from __future__ import annotations

import re

#: C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidirectional
#: embedding/override/isolate characters (U+202A-U+202E, U+2066-U+2069).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` with every control character written as a visible escape (``\\x1b``)."""
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", str(text)
    )
