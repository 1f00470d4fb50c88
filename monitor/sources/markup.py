"""A linear HTML tokenizer, shared by the feed text (`feed.html_to_text`) and the t.me page tree.

Not html.parser: it is quadratic on malformed input (64 KB of unclosed "<a " took 35 s) and costs
a method call per tag. This reads each character a bounded number of times. What is left unclosed
at the end (a tag, a comment) is dropped, as browsers drop it, instead of being scanned again
from the next "<"; a "<" that starts no tag while a ">" follows is a character.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape


# Plain slots classes: a NamedTuple costs three times as long to make, per tag of a page.
@dataclass(slots=True)
class StartTag:
    name: str  # lower case
    attr_text: str  # as written; attributes() reads it, for the tags that need it
    self_closing: bool  # written "<br/>"


@dataclass(slots=True)
class EndTag:
    name: str  # lower case


# A str token is text, entities decoded; a script or style body comes as written.
Token = StartTag | EndTag | str

# A start tag; a ">" or "<" inside quotes does not end it. Possessive quantifiers, so a match or a
# failure costs one pass. Quoted values may hold "<" only until a match fails: a failure may have
# scanned far, so from then on _START_SHORT is used, which never crosses a "<", and _START_LOOSE
# after an unbalanced quote, which ends at the first ">".
_START = re.compile(r"""<([A-Za-z][^\s/<>]*+)((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)>""")
_START_SHORT = re.compile(r"""<([A-Za-z][^\s/<>]*+)((?:[^<>"']++|"[^"<]*+"|'[^'<]*+')*+)>""")
_START_LOOSE = re.compile(r"<([A-Za-z][^\s/<>]*+)([^<>]*+)>")
_LETTERS = frozenset(string.ascii_letters)
_END_NAME = re.compile(r"[A-Za-z][^\s/<>]*+")
_ATTR = re.compile(r"""([^\s/=>"']+)(?:\s*=\s*(?:"([^"]*+)"|'([^']*+)'|([^\s>]++)))?""")
# Raw text: their body is not markup, up to their end tag.
_RAW_END = {name: re.compile(rf"</{name}[\s/>]", re.I) for name in ("script", "style")}


def attributes(attr_text: str) -> dict[str, str]:
    """Names in lower case, values with entities decoded; a repeated name keeps its last value."""
    attrs = {}
    for m in _ATTR.finditer(attr_text):
        value = m.group(2) or m.group(3) or m.group(4) or ""
        attrs[m.group(1).lower()] = unescape(value) if "&" in value else value
    return attrs


def tokens(markup: str) -> Iterator[Token]:
    """Start tags, end tags and text, in document order. Comments, doctypes and processing
    instructions are skipped. A "<![CDATA[" wrapper, and its "]]>", are a space: publishers
    double-wrap feed HTML, so its content is markup too. A script or style start tag is followed by
    one text token, its body (maybe empty), up to its end tag or the end of the markup."""
    start = _START
    last_gt = markup.rfind(">")
    cdata = 0  # open "<![CDATA[" wrappers
    pos, n = 0, len(markup)
    while pos < n:
        lt = markup.find("<", pos)
        stop = n if lt < 0 else lt
        if stop > pos:
            text = markup[pos:stop]
            if cdata and (closed := min(cdata, text.count("]]>"))):
                text = text.replace("]]>", " ", closed)  # in one pass, not one per wrapper
                cdata -= closed
            yield unescape(text) if "&" in text else text
        if lt < 0:
            break
        after = markup[lt + 1 : lt + 2]
        if after in _LETTERS:
            m = start.match(markup, lt)
            if m is None:
                start = _START_SHORT
                m = _START_LOOSE.match(markup, lt)
            if m is None:
                if lt > last_gt:
                    break  # a tag with no ">" after it: the rest is inside it
                yield "<"
                pos = lt + 1
                continue
            pos = m.end()
            name, attr_text = m.group(1).lower(), m.group(2)
            closed = attr_text.endswith("/")
            yield StartTag(name, attr_text, closed)
            if name in _RAW_END and not closed:
                end = _RAW_END[name].search(markup, pos)
                yield markup[pos : end.start() if end else n]
                pos = end.start() if end else n  # its end tag is read next
        elif markup.startswith("<!--", lt):
            close = markup.find("-->", lt + 2)  # "<!-->" is a whole (empty) comment
            if close < 0:
                break  # an unclosed comment hides the rest
            pos = close + 3
        elif markup.startswith("<![CDATA[", lt):
            cdata += 1
            yield " "
            pos = lt + 9
        elif after in ("!", "?", "/"):  # <!DOCTYPE>, <?pi?>, </end tag>, "</ >": up to ">"
            close = markup.find(">", lt)
            if close < 0:
                break
            if after == "/" and (m := _END_NAME.match(markup, lt + 2)):
                yield EndTag(m.group().lower())
            pos = close + 1
        else:  # "a < b", "<3": a character
            yield "<"
            pos = lt + 1
