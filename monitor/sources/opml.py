"""`claimwatch import-opml`: a feed reader's OPML export as `[[sources]]` entries of the config.

OPML 1.0/2.0: every `<outline>` with an `xmlUrl` is a feed, wherever it is nested (folders are
outlines without one). The name is the outline's `title`, else its `text`, else derived from the
URL as the config would; names are made unique because the config requires it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as safe_parse

from monitor.config import SourceConfig, check_url, derive_source_name
from monitor.text import clean


class OpmlError(ValueError):
    """The file is not OPML claimwatch can read."""


def _fetchable(url: str) -> bool:
    try:
        check_url(url)
    except ValueError:
        return False
    return True


def import_opml(path: str | Path) -> list[dict[str, Any]]:
    """[{"url": ..., "name": ...}, ...] in document order, one per distinct feed URL."""
    try:
        root = safe_parse(str(path)).getroot()
    except (ParseError, DefusedXmlException) as e:  # defusedxml refuses entities and DTD tricks
        raise OpmlError(f"{path}: not valid OPML: {e}") from None
    except OSError as e:
        raise OpmlError(f"{path}: cannot read: {e.strerror}") from None
    assert root is not None  # a parsed file always has one: an empty file is a ParseError
    if root.tag.lower() != "opml":
        raise OpmlError(f"{path}: not OPML (the root element is <{root.tag}>)")
    entries: list[dict[str, Any]] = []
    urls: set[str] = set()
    names: set[str] = set()
    for outline in root.iter("outline"):
        attrs = {k.lower(): (v or "").strip() for k, v in outline.attrib.items()}
        url = attrs.get("xmlurl", "")
        if url in urls or not _fetchable(url):
            continue  # a folder, a duplicate, or a URL the config would refuse (feed://, a space)
        urls.add(url)
        # one line, nothing hidden: a title can hold any character, a config name cannot
        name = " ".join(clean(attrs.get("title") or attrs.get("text") or "").split())
        name = name or derive_source_name(SourceConfig(url=url))
        base, n = name, 2
        while name in names:
            name, n = f"{base} ({n})", n + 1
        names.add(name)
        entries.append({"url": url, "name": name})
    return entries


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in value:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def render_sources_toml(entries: list[dict[str, Any]]) -> str:
    """The entries as `[[sources]]` tables, ready to append to the config file."""
    blocks = []
    for entry in entries:
        lines = ["[[sources]]"]
        for key in ("kind", "url", "account", "name", "interval"):
            if entry.get(key) is not None:
                lines.append(f"{key} = {_toml_string(str(entry[key]))}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
