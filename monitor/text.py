"""Text from strangers made inert for a terminal: no control characters, no bidi controls.

Shared by the notifiers' escapers, the log formatters and the CLI's JSON output, which must not
import each other.
"""

from __future__ import annotations

import re

# C0/C1 controls except tab/newline, and the bidi controls that let text display reversed or
# reordered: embeddings and overrides, isolates, and the marks LRM, RLM and ALM.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean(text: str | None) -> str:
    """Drop control and bidi characters; keep newlines."""
    return _CONTROL.sub("", text or "")


def inert_json(text: str) -> str:
    """JSON text with every character clean() would drop written as a \\uXXXX escape.

    json.dumps(ensure_ascii=False) leaves C1 and bidi controls raw (U+009B is a CSI to a
    terminal); escaped, the parsed data is unchanged while é or 日本 stay readable. A control
    can only occur inside a JSON string, where the escape means the same character.
    """
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
