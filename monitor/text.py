"""Text from strangers made inert for a terminal: no control characters, no bidi overrides.

Shared by the notifiers' escapers and the log formatters, which must not import each other.
"""

from __future__ import annotations

import re

# C0/C1 controls except tab/newline, and the bidi overrides that let text display reversed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """Drop control and bidi-override characters; keep newlines."""
    return _CONTROL.sub("", text or "")
