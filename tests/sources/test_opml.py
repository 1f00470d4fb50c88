"""import_opml / render_sources_toml: an OPML export becomes [[sources]] the config accepts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from monitor.config import SourceConfig
from monitor.sources.opml import OpmlError, import_opml, render_sources_toml

from .apiserver import FIXTURES

OPML = FIXTURES / "opml" / "subscriptions.opml"


def test_import_flattens_folders_and_names_feeds() -> None:
    assert import_opml(OPML) == [
        {"url": "https://feeds.example-wire.com/world.rss", "name": "Reuters: World"},
        {"url": "https://apnews.example/hub/ap-top-news.rss", "name": "AP Top News"},
        {"url": "https://feeds.example-wire.com/mideast.rss", "name": "Reuters: World (2)"},
        {"url": "https://www.tagesschau.example/xml/rss2/", "name": "tagesschau & mehr"},
        {
            "url": "https://bsky.app/profile/wirewatch.bsky.social/rss",
            "name": "bsky.app/profile-wirewatch.bsky.social-rss",
        },
    ]


def test_rendered_toml_loads_as_valid_sources() -> None:
    extra = {"url": 'https://x.example/"quoted"\\path', "name": 'say "hi" \\ there'}
    entries = [*import_opml(OPML), extra]
    text = render_sources_toml(entries)
    assert text.startswith(
        '[[sources]]\nurl = "https://feeds.example-wire.com/world.rss"\n'
        'name = "Reuters: World"\n\n[[sources]]\n'
    )
    doc = tomllib.loads(text)
    assert doc["sources"] == entries
    for source in doc["sources"]:
        SourceConfig(**source)  # each one passes the config's own validation


def test_render_nothing() -> None:
    assert render_sources_toml([]) == ""


def test_not_opml(tmp_path: Path) -> None:
    rss = tmp_path / "feed.xml"
    rss.write_text('<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    with pytest.raises(OpmlError, match="not OPML"):
        import_opml(rss)
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body><outline")
    with pytest.raises(OpmlError, match="not valid OPML"):
        import_opml(broken)
    with pytest.raises(OpmlError, match="cannot read"):
        import_opml(tmp_path / "missing.opml")


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.opml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<opml version="2.0"><body><outline text="&b;" xmlUrl="https://e.example/"/>'
        "</body></opml>"
    )
    with pytest.raises(OpmlError, match="not valid OPML"):
        import_opml(bomb)


@pytest.mark.parametrize(
    ("title", "name"),
    [
        # C1 controls and a bidi override are legal XML but no part of a config name
        ("Wire\u009b31m News\u202e", "Wire31m News"),
        # a zero-width space is no control character: import-opml keeps it, so the config must
        ("Wire\u200bNews", "Wire\u200bNews"),
    ],
)
def test_every_name_import_opml_makes_is_clean_and_one_the_config_takes(
    tmp_path: Path, title: str, name: str
) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><body>'
        f'<outline type="rss" xmlUrl="https://a.example/feed.xml" title="{title}"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    [entry] = import_opml(opml)
    assert entry["name"] == name
    SourceConfig(**entry)
