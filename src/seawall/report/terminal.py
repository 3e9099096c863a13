"""Writing to a terminal: ANSI styles, and making text from scanned files safe to print (a
manifest must not be able to send escape sequences or bidirectional overrides to a terminal).
Shared by the finding report (``text``) and the graph's text output (``graph_formats``)."""

from __future__ import annotations

import unicodedata

from seawall.core.severity import Severity

__all__ = [
    "BOLD",
    "DIM",
    "GREEN",
    "RESET",
    "SEVERITY_STYLE",
    "Paint",
    "defang",
    "escape",
    "unsafe",
]

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
GREEN = "\x1b[1;32m"
SEVERITY_STYLE = {
    Severity.CRITICAL: "\x1b[1;35m",
    Severity.HIGH: "\x1b[1;31m",
    Severity.MEDIUM: "\x1b[33m",
    Severity.LOW: "\x1b[36m",
    Severity.INFO: "\x1b[34m",
}

# Characters that reorder text on screen (CVE-2021-42574, "Trojan Source").
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Paint:
    """Wraps text in an ANSI style when colour is on."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color or not text:
            return text
        return f"{style}{text}{RESET}"


def unsafe(ch: str) -> bool:
    return (unicodedata.category(ch) == "Cc" and ch != "\t") or ch in _BIDI


def escape(text: str) -> str:
    """Escape control characters in a message (newlines are split off before this)."""
    if not any(unsafe(ch) for ch in text):
        return text
    return "".join(
        (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}") if unsafe(ch) else ch
        for ch in text
    )


def defang(line: str) -> str:
    # One replacement character per unsafe character keeps caret columns aligned.
    return "".join("\ufffd" if unsafe(ch) else ch for ch in line)
