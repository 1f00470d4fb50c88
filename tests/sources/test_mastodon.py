"""MastodonSource against a local server that answers like the Mastodon API and serves its RSS."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aiohttp import web

from monitor.sources.base import SourceError
from monitor.sources.http import Fetcher
from monitor.sources.mastodon import MastodonSource
from monitor.store import Store

from .apiserver import fixture_json, fixture_text, json_response, make_source
from .conftest import FeedServer
from .test_xbridge import honour_etag

ACCOUNT_ID = "109302455123456789"
LOOKUP = "/api/v1/accounts/lookup"
STATUSES = f"/api/v1/accounts/{ACCOUNT_ID}/statuses"
RSS = "/@newsdesk.rss"


def _key(status_id: str) -> tuple[int, str]:
    return len(status_id), status_id


class Instance:
    """lookup + account statuses with since_id / max_id / limit, newest first, per the API docs."""

    def __init__(self, statuses: list[dict[str, Any]]) -> None:
        self.statuses = statuses

    async def lookup(self, request: web.Request) -> web.Response:
        if request.query.get("acct") != "newsdesk":
            return json_response(fixture_json("mastodon", "not_found.json"), status=404)
        return json_response(fixture_json("mastodon", "account_lookup.json"))

    async def statuses_view(self, request: web.Request) -> web.Response:
        q = request.query
        items = sorted(self.statuses, key=lambda s: _key(s["id"]), reverse=True)
        if "since_id" in q:
            items = [s for s in items if _key(s["id"]) > _key(q["since_id"])]
        if "max_id" in q:
            items = [s for s in items if _key(s["id"]) < _key(q["max_id"])]
        return json_response(items[: min(int(q.get("limit", 20)), 40)])

    def install(self, server: FeedServer) -> None:
        server.route(LOOKUP, self.lookup)
        server.route(STATUSES, self.statuses_view)


def source(server: FeedServer, fetcher: Fetcher, store: Store) -> MastodonSource:
    return make_source(
        MastodonSource,
        fetcher,
        store,
        account="@newsdesk@mastodon.example",
        instance=server.url(""),
    )


def status_like(template: dict[str, Any], n: int) -> dict[str, Any]:
    s = copy.deepcopy(template)
    s["id"] = str(113433000000000000 + n)
    s["url"] = f"https://mastodon.example/@newsdesk/{s['id']}"
    s["spoiler_text"] = ""
    s["content"] = f"<p>Update number {n}</p>"
    return s


async def test_parses_statuses_boosts_and_caches_the_account_id(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    Instance(fixture_json("mastodon", "statuses.json")).install(feed_server)
    src = source(feed_server, fetcher, store)
    posts = await src.poll()

    assert feed_server.hits(LOOKUP)[0].query["acct"] == "newsdesk"
    req = feed_server.hits(STATUSES)[0]
    assert (req.query["limit"], req.query["exclude_replies"]) == ("40", "true")
    assert "since_id" not in req.query
    assert len(posts) == 2  # the media-only status has no words
    cw, boost = posts  # oldest first by the original's time

    assert cw.id == cw.url == "https://mastodon.example/@newsdesk/113432020000000002"
    assert cw.text == (
        "BREAKING\n\nTankers are queuing outside the Red Sea ports, @wirewatch "
        "reports. Details: https://shipping.example.org/red-sea-queue & more soon"
    )
    assert cw.links == ("https://shipping.example.org/red-sea-queue",)  # the mention is not
    assert (cw.author, cw.reposted_by, cw.kind) == ("newsdesk@mastodon.example", None, "mastodon")

    # A boost is the original status, by its author, reposted by the account.
    assert boost.url == "https://social.example.org/@wirewatch/113432089990012345"
    assert boost.author == "wirewatch@social.example.org"
    assert boost.reposted_by == "newsdesk@mastodon.example"
    assert boost.text.startswith("JUST IN: Authorities close the port of Aqaba")
    assert boost.links == ("https://www.example-news.com/2024/11/05/port-closure",)  # no #tag
    assert boost.published.isoformat() == "2024-11-05T14:29:51+00:00"

    feed_server.requests.clear()
    assert await src.poll() == []
    assert feed_server.hits(LOOKUP) == []  # the id is cached
    assert feed_server.hits(STATUSES)[0].query["since_id"] == "113432110004000003"


async def test_a_full_page_after_since_id_pages_back_to_the_mark(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    statuses = fixture_json("mastodon", "statuses.json")
    instance = Instance(statuses)
    instance.install(feed_server)
    src = source(feed_server, fetcher, store)
    await src.poll()

    instance.statuses = statuses + [status_like(statuses[1], n) for n in range(45)]
    feed_server.requests.clear()
    posts = await src.poll()
    assert [p.text for p in posts] == [f"Update number {n}" for n in range(45)]
    pages = feed_server.hits(STATUSES)
    assert len(pages) == 2
    assert pages[1].query["since_id"] == "113432110004000003"
    assert pages[1].query["max_id"] == "113433000000000005"  # the oldest of the first page


async def test_api_closed_falls_back_to_rss_and_stays_there_for_a_while(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(
        LOOKUP,
        fixture_text("mastodon", "auth_required.json"),
        status=401,
        content_type="application/json",
    )
    honour_etag(feed_server, RSS, fixture_text("mastodon", "newsdesk.rss"), '"m1"')
    src = source(feed_server, fetcher, store)
    posts = await src.poll()

    assert [p.id for p in posts] == [
        "https://mastodon.example/@newsdesk/113431800000000000",
        "https://mastodon.example/@newsdesk/113432020000000002",
    ]
    assert posts[1].author == "newsdesk@mastodon.example" and posts[1].kind == "mastodon"
    assert "https://shipping.example.org/red-sea-queue" in posts[1].links

    feed_server.requests.clear()
    assert await src.poll() == []  # 304 to a conditional GET
    assert [r.path for r in feed_server.requests] == [RSS]  # the API is not asked again yet
    assert feed_server.requests[0].headers["If-None-Match"] == '"m1"'
    feed_server.serve(RSS, fixture_text("mastodon", "newsdesk.rss"))  # the same body, no ETag
    assert await src.poll() == []  # unchanged feed


async def test_rss_ids_match_api_ids(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    Instance(fixture_json("mastodon", "statuses.json")).install(feed_server)
    api_ids = {p.id for p in await source(feed_server, fetcher, Store(":memory:")).poll()}
    feed_server.serve(LOOKUP, "{}", status=403, content_type="application/json")
    feed_server.serve(RSS, fixture_text("mastodon", "newsdesk.rss"))
    rss_ids = {p.id for p in await source(feed_server, fetcher, store).poll()}
    assert "https://mastodon.example/@newsdesk/113432020000000002" in api_ids & rss_ids


async def test_unknown_account_names_the_account(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    Instance([]).install(feed_server)  # lookup 404s for anyone but newsdesk; no RSS either
    src = make_source(
        MastodonSource,
        fetcher,
        store,
        account="@nobody@mastodon.example",
        instance=feed_server.url(""),
    )
    with pytest.raises(SourceError, match=r"mastodon account @nobody@mastodon.example not found"):
        await src.poll()


async def test_deleted_account_id_is_looked_up_again(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    instance = Instance(fixture_json("mastodon", "statuses.json"))
    instance.install(feed_server)
    src = source(feed_server, fetcher, store)
    await src.poll()
    feed_server.serve(
        STATUSES, '{"error":"Record not found"}', status=404, content_type="application/json"
    )
    with pytest.raises(SourceError, match=r"statuses not found.*looked up again"):
        await src.poll()
    instance.install(feed_server)
    feed_server.requests.clear()
    await src.poll()
    assert len(feed_server.hits(LOOKUP)) == 1


async def test_error_body_and_invalid_json(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(
        LOOKUP, fixture_text("mastodon", "account_lookup.json"), content_type="application/json"
    )
    feed_server.serve(STATUSES, '{"error": "Too many requests"}', content_type="application/json")
    src = source(feed_server, fetcher, store)
    with pytest.raises(SourceError, match="an error: Too many requests"):
        await src.poll()
    feed_server.serve(STATUSES, "<html>Cloudflare</html>", content_type="text/html")
    with pytest.raises(SourceError, match="invalid JSON"):
        await src.poll()


@pytest.mark.parametrize(
    "account", ["newsdesk", "https://mastodon.example/@newsdesk", "newsdesk@mastodon.example"]
)
async def test_account_forms(
    feed_server: FeedServer, fetcher: Fetcher, store: Store, account: str
) -> None:
    Instance([]).install(feed_server)
    src = make_source(MastodonSource, fetcher, store, account=account, instance=feed_server.url(""))
    assert await src.poll() == []
    assert feed_server.hits(LOOKUP)[0].query["acct"] == "newsdesk"
