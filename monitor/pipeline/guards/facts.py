"""Facts of one text: the figures, stance, negation, modality, events, weapons, verbs of opposite
outcome, places and actors that the conflict rules compare."""

from __future__ import annotations

import re
import sys
from typing import NamedTuple

from monitor.pipeline.claims import attribution_of
from monitor.pipeline.guards.figures import _counts, _figures, figure_at, spelled_at
from monitor.pipeline.guards.lexicon import (
    _ABANDONING,
    _ACTORS,
    _ALERT,
    _ALERT_LEVEL,
    _ALERT_TOKENS,
    _ANY_SOURCE,
    _BARE_EVENTS,
    _CAN_BE_OVER,
    _CLAIM,
    _CLAIM_WORDS,
    _CLAIMED,
    _COMMON_INITIAL,
    _CONFIRM,
    _DECLARES,
    _DELAYING,
    _DENY,
    _DENY_WEAK,
    _ENTITY_JUNK,
    _EPISTEMIC,
    _EVENT_NOUNS,
    _EVENT_OF,
    _EVIDENTIAL,
    _FAILING,
    _FLAG_WORDS,
    _HEDGE,
    _IMPACT_FITS,
    _IMPACT_STEMS,
    _MODAL,
    _MODAL_WEAK,
    _MONTH_OF,
    _NEG_AFTER,
    _NEGATING_VERBS,
    _NEGATION,
    _NOT_POLES,
    _NOT_TARGET_AFTER,
    _NOUN_BEFORE_DELAYS,
    _NUMBER_WORDS,
    _OUTCOMES,
    _OUTLET_WORDS,
    _OUTLETS,
    _PERIOD_OF,
    _PERIODS,
    _PHRASES_AT,
    _PLACES,
    _PLANNABLE,
    _PLANS,
    _POLE_OF,
    _POLE_PHRASES,
    _REGION_OF,
    _RELATIVE_DAY,
    _REPEAT,
    _REQUESTS,
    _ROLE_VERBS,
    _RULING_OUT,
    _SAFE_AFTER,
    _SAFE_NOT_BEFORE,
    _SAYING,
    _SAYS,
    _SCOPE_STOP,
    _SPLIT_NEG,
    _STAGE,
    _STAGE_OF,
    _STAGE_TOKENS,
    _STOP_CAPS,
    _SURVIVED,
    _TARGET_OF,
    _TO_NO_PLAN,
    _TOKENS_FLAGGED,
    _UNHARMED,
    _USING,
    _VAGUE_COUNT,
    _VICTORY,
    _VOTING,
    _WEAPON_OF,
    _WEAPON_PHRASES,
    _WEEKDAY_OF,
)
from monitor.pipeline.guards.plain import Plain, plain_word, read_plain
from monitor.pipeline.guards.roles import (
    HEADING,
    _after_attribution,
    _after_dateline,
    _agents,
    _died,
    _roles,
    _subject,
)
from monitor.pipeline.guards.words import (
    _EMPTY,
    _TOKENS,
    Token,
    _ent,
    _entity,
    _frozen,
    _kind,
    _scope,
    negated_base,
    stem,
)

# The stance verbs are the lexicon's (not the weak "rejects", which needs a claim word after it).
_STANCE_VERBS = sorted((_CONFIRM | _DENY | _CLAIM) - _DENY_WEAK, key=lambda w: (-len(w), w))


_STANCE_PARTY = re.compile(
    r"(?:^|[:;,.!?]\s+|\s)((?:(?:[A-Z][\w’'.&-]*|of|the|and)\s+){0,5}?[A-Z][\w’'.&-]*)\s+"
    r"(?:has\s+|have\s+|officially\s+|now\s+)?"
    rf"({'|'.join(map(re.escape, _STANCE_VERBS))})\b",
)


def stance_of(text: str) -> tuple[str, str | None] | None:
    """("confirmed" | "denied" | "claimed", who) when the text confirms, denies or claims with
    a named party before the verb ("Pentagon confirms ...", "Iran's Foreign Ministry denies
    ..."); who is None when no capitalised name precedes it. None when the text takes no stance
    this way."""
    m = _STANCE_PARTY.search(text)
    if m is None:
        return None
    verb = m.group(2).lower()
    stance = "confirmed" if verb in _CONFIRM else ("claimed" if verb in _CLAIM else "denied")
    party = m.group(1).strip().removeprefix("The ")
    return stance, party if party.split()[0].lower() not in _STOP_CAPS else None


def _party(original: str) -> str | None:
    """The gazetteer name of who takes the stance, if it has one: "Iran's Foreign Ministry"."""
    said = stance_of(original)
    for word in said[1].split() if said and said[1] else ():
        name = _entity(word)
        if name in _PLACES or name in _ACTORS:
            return name
    return None


# "verified [accounts]": a kind of account, not a confirmation
_VERIFIED_THINGS = frozenset(
    ["account", "accounts", "page", "pages", "user", "users", "profile", "profiles", "badge",
     "badges", "checkmark", "checkmarks", "creators", "members", "buyers", "purchase"]
)  # fmt: skip


def _abbreviated(original: str, end: int, word: str) -> bool:
    """A short word written with a period that ends no sentence: "Approx. 25,000", "Pres.
    Trump" ("Trump" is a name the gazetteer knows), "Dept. of Justice"."""
    if len(word) > 6 or word.isupper() or original[end : end + 2] != ". ":
        return False
    rest = original[end + 2 :].split(maxsplit=1)
    if not rest:
        return False  # the text ends with it
    nxt = rest[0]
    return nxt[0].isdigit() or nxt[0].islower() or _kind(_entity(nxt)) != ""


def _sought(toks: list[str], i: int) -> bool:
    """ "working [to] confirm": a confirmation sought, not given ("has yet to confirm" is a
    negated one)."""
    return toks[i - 1 : i] == ["to"] and toks[i - 2 : i - 1] != ["yet"]


_WORD_CHARS = re.compile(r"[\w’'-]+")


def _speaker(original: str, kinds: dict[str, str]) -> str | None:
    """The gazetteer name nearest the end of the text's attribution: who it quotes ("[Ukraine]'s
    army chief says", "..., [Moscow] said"). Names the gazetteer does not know are left out:
    "Incident Reported at LAX" and "ONS"/"Office for National Statistics" are no two parties."""
    said = attribution_of(original)
    words = _WORD_CHARS.findall(said) if said else ()
    return next((e for e in map(_entity, reversed(words)) if kinds.get(e)), None)


# "Israel admits it killed ..." names who says it as "Israel says" does; not "reports": a noun
# as often ("Despite reports to the contrary"), or passive ("Blast reported at ...")
_SAID_VERBS = (
    "says", "said", "say", "admits", "admitted", "acknowledges", "confirms", "confirmed",
    "confirm", "denies", "denied", "deny", "tells", "tell", "told", "projects", "projected",
    "certifies", "certified",
)  # fmt: skip
_SAID_TOKENS = frozenset(_SAID_VERBS)
# verbs that close a claim with who makes it, beside the said verbs: "..., prosecutors allege"
_TAIL_VERBS = (
    "report", "reports", "reported", "claim", "claims", "claimed", "allege", "alleges", "alleged",
    "estimate", "estimates", "estimated", "find", "finds", "found",
)  # fmt: skip
_TAIL_TOKENS = frozenset(["according", *_TAIL_VERBS])
# not "admitted to hospital", "confirmed to attend", "said to be": no one speaks ("admits to
# killing" does)
_LEAD_SAID = re.compile(
    r"\s*(?P<src>[^,:;.!?|—–]{2,60}?)\s+(?:"
    + "|".join(_SAID_VERBS)
    + r")\b(?!\s+(?:to|into)\b(?!\s+\w+ing\b))"
)
# headings that are no one: "MORE:", "CAUGHT ON CAMERA:", "Correction:"
_LABELS = frozenset(
    ["more", "correction", "exclusive", "fact", "caught", "camera", "wanted", "post", "wow", "omg"]
)

# one body, named in other words: "Sudan's army" is "Sudanese armed forces", "MoD" the
# "defence ministry"
_BODY = {
    "army": "military", "armed": "military", "forces": "military", "troops": "military",
    "defense": "defence", "mod": "defence", "dod": "defence",
}  # fmt: skip


def _lead_speaker(original: str, head: re.Match[str] | None) -> frozenset[str]:
    """The words of a leading "X says" or "X:" (`head`, the text's HEADING match), less words
    any source could be ("officials", outlets): "Pfizer says ..." -> {"pfizer"}, "FDA review
    says ..." -> {"fda", "review"}."""
    m = _LEAD_SAID.match(original)
    if m is not None:
        return _party_words(m.group("src")) if len(m.group("src").split()) <= 6 else _EMPTY
    # "Kremlin: ...": a wire's way of quoting who says it
    return _heading(head.group("src")) if head is not None else _EMPTY


# "..., police say", "..., according to the Red Crescent", "..., Reuters reports citing internal
# data": who a claim ends by quoting
_TAIL_SAID = re.compile(
    r",\s+(?:according\s+to\s+(?P<to>[^,;:!?]{2,60}?)|(?P<src>[^,;:!?]{2,60}?)\s+(?:"
    + "|".join((*_SAID_VERBS, *_TAIL_VERBS))
    + r")(?:\s+(?:citing|in|on)\s[^,;:!?]{0,40})?)[\s.!]*(?:[|—–-]\s*[^,;:!?|—–-]{2,30})?$"
)  # fmt: skip
# no party: a finding ("..., study finds") or a title with no name ("a top U.N. official",
# "a U.S. general said" is the US)
_NO_PARTY = frozenset([
    "study", "survey", "poll", "research", "analysis", "data", "figures", "statistics", "top",
    "general", "commander", "chief", "head",
    "officer", "officers", "aide", "aides", "adviser", "advisers", "advisor", "advisors",
    "diplomat", "diplomats", "lawmaker", "lawmakers",
])  # fmt: skip
_DOTTED = re.compile(r"\b(?:\w\.){2,}")  # "U.N.", "F.B.I."
# who the claim is about, not another party: "..., the company said", "..., club confirms"
_THE_SUBJECT = frozenset([
    "company", "firm", "club", "team", "group", "airline", "carrier", "agency", "organization",
    "organisation", "operator", "automaker", "retailer", "network", "league", "label", "bank",
    "regulator", "broadcaster", "studio", "hospital", "university",
])  # fmt: skip


def _tail_speaker(original: str) -> tuple[frozenset[str], bool]:
    """The words of a closing "..., X says" or "according to X" (as `_lead_speaker` reads a
    leading one), or none and True where X is the media: "..., Bloomberg reports"."""
    m = _TAIL_SAID.search(original)
    if m is None:
        return _EMPTY, False
    src = m.group("to") or m.group("src")
    if len(src.split()) > 6:
        return _EMPTY, False
    words = [w.casefold() for w in _WORD_CHARS.findall(src)]
    if words and (words[-1] in _NEWS_WORDS or _media(words)):
        return _EMPTY, True  # a credit, as "AP reports" is: "the Associated Press reports"
    party = _party_words(src)
    subject = min(party & _THE_SUBJECT, default=None)
    # "(company)": the text's subject, which rules.py matches to a party the text names
    return (frozenset([f"({subject})"]) if subject else party), False


def _credited(toks: list[str], head: re.Match[str] | None) -> bool:
    """Whether the text is a media report: an outlet's heading (`head`: "Bloomberg:"), or
    opens with media or an outlet that reports or is cited ("Local media report", "Reuters,
    citing")."""
    for k, tok in enumerate(toks[:4]):
        if tok in _REPORTING:
            return not _MEDIA.isdisjoint(toks[:k])
    return _media([w.casefold() for w in _WORD_CHARS.findall(head["src"])] if head else [])


def _media(words: list[str]) -> bool:
    """Words that name the media and nothing else: "The AP", "state media"."""
    return not _MEDIA.isdisjoint(words) and all(w in _MEDIA or w in _MEDIA_OF for w in words)


_MEDIA = _OUTLETS | {"media", "press"}
# the last word of a paper's or a network's name: "Wall Street Journal", "Sky News"
_NEWS_WORDS = _OUTLET_WORDS | {"news", "journal", "press", "presse", "telegraph", "guardian"}
_MEDIA_OF = frozenset(["the", "local", "state", "from"])  # "The AP:", "State media:"
_REPORTING = frozenset(["report", "reports", "reported", "citing", "cites", "cited", "projects"])


def _heading(src: str) -> frozenset[str]:
    """Who an "X:" heading quotes. No one when it names an event ("Glasgow helicopter crash:"),
    only a place ("Bronx:", a dateline), credits an outlet ("From the AP:"), or is a kicker in
    capitals ("SPEED DID IT:")."""
    words = _WORD_CHARS.findall(src)
    if not words or len(words) > 6 or not src[0].isupper() or words[0].casefold() in _CREDITS:
        return _EMPTY
    names = [_entity(w) for w in words]
    if any(
        w.casefold() in _EVENT_OF or e in _LABELS or e.isdigit()
        for w, e in zip(words, names, strict=True)
    ):
        return _EMPTY
    if len(words) > 1 and src.isupper() and not all(e in _PLACES or e in _ACTORS for e in names):
        return _EMPTY
    lead = _party_words(src)
    return _EMPTY if all(e in _PLACES for e in lead) else lead


_CREDITS = frozenset(["from", "via", "per", "by", "in", "on", "at", "after", "as"])


def _party_words(src: str) -> frozenset[str]:
    """Who a leading, closing or heading attribution names, as words: "F.B.I." is "fbi", and
    findings and bare titles ("study", "a top official") name no one."""
    if "." in src:
        src = _DOTTED.sub(lambda d: d.group(0).replace(".", ""), src)
    words = {(w, _entity(w)) for w in _WORD_CHARS.findall(src)}
    return frozenset(
        _BODY.get(e, e)
        for w, e in words
        if _names_party(w, e) and not e[:1].isdigit() and e not in _NO_PARTY
    )


def _names_party(word: str, ent: str) -> bool:
    """Not a word any source could be, but "US" is the US and "WHO" the World Health
    Organization, though "us" and "who" are pronouns."""
    return ent not in _ANY_SOURCE or _initials(word, ent)


# Pronouns that, written in capitals, are initials: "US", "WHO"
_PRONOUN_INITIALS = frozenset(["us", "who"])


def _initials(word: str, ent: str) -> bool:
    return ent in _PRONOUN_INITIALS and word not in (ent, ent.title())


def _denies_claim(toks: list[str], i: int) -> bool:
    """ "rejects [claims]", "dismissed [as] false", "[reports] ... were rejected"."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    return nxt == "as" or not _CLAIM_WORDS.isdisjoint(toks[max(i - 3, 0) : i + 4])


_MAGNITUDE = re.compile(r"M\d+")  # "M7.1 quake": a magnitude, no name
_WORD_PARTS = re.compile(r"[-’']")
_HAS_PARTS = _WORD_PARTS.search


# not handles, hashtags or cashtags; "AT&T", "S&P" whole
_CAP_WORD = re.compile(r"(?<![\w@#$])([A-Z][\w’'-]*(?:&[A-Z][\w’'-]*)?)")


def _negation_scope(toks: list[str], i: int) -> set[str]:
    """ "not [attend]", "no [injuries]"; post-positive "[device] reports are false"."""
    if toks[i] in _NEG_AFTER:
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if not nxt or nxt in _SCOPE_STOP:
            return _scope(toks, i, 0, 3)
    return _scope(toks, i)


# A NamedTuple, not a frozen dataclass: that one sets its 33 fields one call at a time, and
# facts are built for every dedup candidate.
class Facts(NamedTuple):
    numbers: frozenset[str]
    repeat: frozenset[str]  # "2nd", "another"...
    repeat_scope: frozenset[str]  # what is repeated: "another [explosion]"
    stance: str | None  # "confirm" | "deny" | "claim" | None
    party: str | None  # the place or actor who confirms or denies: "[Hamas] confirms" -> "hamas"
    negated: frozenset[str]  # words under a negation ("not [attend] [summit]"); empty: none
    negated_events: frozenset[str]  # event classes ruled out: "no [injuries]", "crew unharmed"
    modal: frozenset[str]  # words under a plan/threat/modal ("preparing to [attack]")
    modal_events: frozenset[str]  # event classes only planned or threatened: {"attack"}
    # words only possible ("may [have violated]", "could [strike]"), not planned: a hedged
    # report ("likely [violated]") agrees with them, while "will [attack]" still clashes with it
    possible: frozenset[str]
    infinitive: tuple[str, ...]  # words after a bare "to": "Merkel [to seek]" plans, not states
    hedged: frozenset[str]  # the hedged ones: "can [kill]", "said to be [killed]"
    reported: frozenset[str]  # of those, the ones only reported: "said to be [killed]"
    events: frozenset[str]
    event_words: frozenset[tuple[str, str]]  # (event class, stemmed word): ("shoot", "shot")
    tolls: frozenset[str]  # outcomes given a count: "3 dead", "wounds three" -> {"kill", "injure"}
    figures: frozenset[tuple[str, str]]  # the count of each: "1 dead, 2 hurt" -> ("kill", "1")...
    died: frozenset[str]  # who died: "attacker" ("shooter dead"), "other" ("TSA agent killed")
    weapons: frozenset[str]  # weapon classes named: {"drone"}
    targets: frozenset[str]  # kinds of building, vehicle or weather alert: {"synagogue"}
    regions: frozenset[str]  # parts of a place: "[northern] California" -> {"north"}
    stages: frozenset[str]  # the stage or kind of the event: {"semifinal"}, {"ceasefire"}
    poles: frozenset[
        tuple[str, str, str]
    ]  # (opposition, "+" | "-", word): ("accept", "-", "rejects")
    entities: frozenset[tuple[str, str]]  # (name, kind), see _kind()
    # (name, kind) of a place/actor the text opens with: "[Israel] strikes..." vs "[US] strikes..."
    subject: tuple[str, str] | None
    agents: frozenset[str]  # names after "by": "Houthis [targeted] by US strikes" -> {"us"}
    near: frozenset[str]  # names in the six words after the subject: what it acts on
    # who acted ("a", word), who suffered ("p") and where from ("s"): "killed by [police]"
    roles: frozenset[tuple[str, str]]
    vocab: tuple[str, ...]  # every token, stemmed and entity-mapped: what "mentions" means
    # the words that are not names, figures or filler, in order, and what goes with them: the
    # verbs among them, the names on either side of a verb, the first name, negative prefixes
    plain: Plain
    speaker: str | None  # the place or actor quoted: "[Russia]'s defence ministry says"
    # who a leading "X says" or a closing "..., X says" quotes, as words: "[Nigerian] [army]
    # says ..." -> nigeria, army; "(company)" for "..., the company said"
    lead: frozenset[str]
    # a media report: "Bloomberg: ...", "Spanish media report ...", "Reuters, citing ..."
    credited: bool
    floors: frozenset[str]  # counts given as "more than" or "over" them: {"60"}
    original: str  # the text as written: its initials are spelled out on demand


# Scopes hold stems: "could [strik]" is an attack as much as "could [strike]".
_EVENT_OF_STEM = {stem(w): cls for w, cls in _EVENT_OF.items()} | _EVENT_OF


# What "kills" can end without a death: "Senate kills the bill", "deal is dead".
_THINGS = frozenset(
    stem(w)
    for w in (
        "bill", "deal", "plan", "proposal", "measure", "legislation", "talks", "program",
        "project", "agreement", "motion", "amendment", "idea", "rumor", "rumors", "story",
        "merger", "bid", "hopes",
    )
)  # fmt: skip


def extract_facts(original: str, norm_tokens: list[str]) -> Facts:
    """Facts of one text: `original` keeps case (for proper nouns), `norm_tokens` is normalized."""
    numbers: set[str] = set()
    floors: set[str] = set()
    repeat: set[str] = set()
    repeat_scope: set[str] = set()
    events: set[str] = set()
    entities: set[tuple[str, str]] = set()
    negated: set[str] = set()
    modal: set[str] = set()
    possible: set[str] = set()
    unharmed = survived = False
    infinitive: set[str] = set()
    hedged: set[str] = set()
    reported: set[str] = set()
    event_words: set[tuple[str, str]] = set()
    vocab: set[str] = set()
    outlets: list[tuple[str, str]] = []
    counts: list[tuple[int, str]] = []  # positions of counts (not years, dates or ordinals)
    vague: list[
        tuple[int, str]
    ] = []  # "[numerous] casualties": a toll, if the text counts nothing else
    outcomes: list[tuple[int, str]] = []  # positions of deaths and injuries
    confirm = deny = claim = False
    role_at = -1  # the first verb with an actor and a victim
    ruled: set[tuple[str, str, str]] = set()  # "denies bail": the opposite of "grants bail"
    toks = norm_tokens
    last = len(toks) - 1
    infos: list[Token] = []
    for i, tok in enumerate(toks):
        info = _TOKENS.get(tok)
        if info is None:
            if len(_TOKENS) > 100_000:
                _TOKENS.clear()
            info = _TOKENS[tok] = _token(tok)
        infos.append(info)
        st, ent, kind, flagged, _, _, _ = info
        vocab.add(st)
        vocab.add(ent)
        if kind:
            if i < last and toks[i + 1] in _OUTLET_WORDS:
                outlets.append((ent, toks[i + 1]))  # "new york times": attribution
            else:
                entities.add((ent, kind))
        if not flagged and not tok[0].isdigit():
            continue  # most words: nothing more to learn
        rep = _REPEAT.get(tok)
        if rep:
            repeat.add(rep)
            repeat_scope |= _scope(toks, i)
            continue
        if tok[0].isdigit():
            if tok in _ENTITY_JUNK and f"#{tok}" in original:
                continue  # "&#039;" is an apostrophe, not a figure
            given, count = figure_at(toks, i, original)
            numbers.update(given)
            if count:
                counts.append((i, count))
                if toks[i - 2 : i] == ["more", "than"] or toks[i - 1 : i] == ["over"]:
                    floors.add(count)  # "more than 60 injured": 67 injured says so too
            continue
        when = _WEEKDAY_OF.get(tok)
        if when is not None:
            # "next Friday" is not "Friday" ("this Friday" is, and "last Friday" is the Friday a
            # report looks back to)
            numbers.add("wnext " + when if i and toks[i - 1] == "next" else "w" + when)
        elif tok in _RELATIVE_DAY and toks[i - 1 : i] != ["usa"]:
            numbers.add("r" + _RELATIVE_DAY[tok])  # not the paper "USA Today"
        elif tok in _PERIODS and i and toks[i - 1] in _PERIOD_OF:
            numbers.add(f"k{toks[i - 1]} {tok}")
        elif tok in _MONTH_OF and (tok != "may" or _month(toks, i)):
            numbers.add("m" + _MONTH_OF[tok])  # not the modal "may"
        if tok in _NUMBER_WORDS:
            spelled, count = spelled_at(toks, i)
            if spelled:
                numbers.add(spelled)
            if count:
                counts.append((i, count))
        if (
            tok in _CONFIRM
            and toks[i + 1 : i + 2] != ["dead"]
            and not _sought(toks, i)
            and not (tok == "verified" and toks[i + 1 : i + 2] and toks[i + 1] in _VERIFIED_THINGS)
        ):
            confirm = True  # not "4 confirmed dead": that is a toll
        elif tok in _DENY and not _REQUESTS.isdisjoint(toks[i + 1 : i + 4]):
            ruled.add(("accept", "-", tok))  # "court denies bail": a ruling, not a denial
        elif tok in _DENY and (tok not in _DENY_WEAK or _denies_claim(toks, i)):
            deny = True
        elif i < last and (
            (tok in _CLAIM and toks[i + 1] in _CLAIMED)
            or (tok in _DECLARES and toks[i + 1] in _VICTORY)
        ):
            claim = True
        elif tok in _NEGATION or (tok in ("t", "nt") and _split_negation(toks, i)):
            # a negation with nothing after it ("... would not.") still negates; "does not
            # [rule out] a hike" negates nothing: the hike stays possible
            if toks[i + 2 : i + 3] != ["out"] or stem(toks[i + 1]) != "rul":
                negated |= _negation_scope(toks, i) or _NEGATES
        elif i < last and toks[i + 1] == "to" and tok in _NEGATING_VERBS:
            negated |= _scope(toks, i + 1) or _NEGATES  # "refuses [to take back]"
        elif i < last and toks[i + 1] in _PLANS and tok in _ABANDONING:
            negated |= _scope(toks, i + 1) or _NEGATES  # "drops bid to [acquire]"
        elif tok == "too" and "to" in toks[i + 2 : i + 4] and not (i and toks[i - 1] == "not"):
            negated |= _scope(toks, toks.index("to", i + 2)) or _NEGATES  # "too busy to [attend]"
        elif tok == "yet" and i < last and toks[i + 1] == "to":
            negated |= _scope(toks, i + 1) or _NEGATES  # "has yet to [confirm]"
        elif (
            (
                tok in _RULING_OUT
                # not "ruled out of the opener": an injury
                or (
                    tok in ("rules", "ruled", "rule")
                    and toks[i + 1 : i + 3] != ["out", "of"]
                    and toks[i + 1 : i + 2] == ["out"]
                )
            )
            and not _negated_here(toks, i)
        ):
            negated |= _scope(toks, i if tok in _RULING_OUT else i + 1)  # "rules out [talks]"
        elif tok in _FAILING:
            negated |= _failed_plan(toks, i)  # "coup attempt fails": no coup
        elif tok in _ENDING:
            negated |= _ended(toks, i)
        elif tok in _DELAYING and (tok != "delays" or _delays_something(toks, i)):
            # "[undocking] from ISS postponed", "delays [vote]": the event has not happened;
            # "postponed" puts off what it is said of, "delayed" often only adds a detail
            window = toks[max(i - 4, 0) : i + 7]
            put_off = {stem(t) for t in window if _eventful(t)}
            if tok.startswith(("postpone", "defer")):
                put_off |= _scope(toks, i, 2, 3)
            negated |= put_off or _NEGATES
        elif tok in _VOTING and toks[i + 1 : i + 2] == ["to"]:
            # "workers vote to [strike]": a strike planned; "votes to approve" approves
            modal |= {stem(t) for t in toks[i + 2 : i + 4] if t in _BARE_EVENTS}
        if tok in _ROLE_VERBS and role_at < 0:
            role_at = i
        if tok in _UNHARMED or (
            tok == "safe"
            and i
            and toks[i - 1] in _SAFE_AFTER
            and (i == last or toks[i + 1] not in _SAFE_NOT_BEFORE)
        ):
            unharmed = True
        elif tok in _SURVIVED:
            survived = True
        if tok in _HEDGE:
            hedged |= _scope(toks, i)
        # (not "weaker than expected": a comparison; not "a vaccine that can be [taken] at
        # home": what a thing can do)
        if (
            tok in _MODAL
            and tok not in _MODAL_WEAK
            and not (i and toks[i - 1] == "than")
            and not (tok == "can" and i and toks[i - 1] in ("that", "which", "who"))
            and not (tok == "may" and _month(toks, i))
        ):
            modal |= _scope(toks, i)
            if tok in _EPISTEMIC:
                possible |= _scope(toks, i)
        elif tok in _MODAL_WEAK and i < last and toks[i + 1] == "to":
            modal |= _scope(toks, i + 1)
        elif tok == "to" and i < last and toks[i + 1] == "be":
            if i and toks[i - 1] in _EVIDENTIAL:
                said_to_be = _scope(toks, i + 1)  # "said to be [killed]": reported
                reported |= said_to_be
                hedged |= said_to_be
            else:
                modal |= _scope(toks, i + 1)  # "house to be [razed]": planned
        elif tok == "to" and _headline_plan(toks, i):
            modal |= _scope(toks, i)  # "Russia to [strike] Kyiv": planned, not done
        elif tok == "to":
            infinitive |= _scope(toks, i)
        ev = _EVENT_OF.get(tok)
        if ev is None and tok in _PASS and i < last and toks[i + 1] == "away":
            ev = "kill"  # "passed away" is "died"
        elif ev is None and tok == "bodies" and counts and counts[-1][0] >= i - 2:
            ev = "kill"  # "twelve bodies recovered", not "women's bodies"
        elif ev == "explode" and tok == "blasts" and i < last and toks[i + 1] in _BLASTS_VERB:
            ev = None  # "Ohtani blasts his 50th homer", "rocket blasts off"
        elif ev == "fire" and tok == "fires" and i < last and toks[i + 1] in _FIRED:
            # "coast guard fires water cannon" attacks, as "fired" does; "fires at" stays either
            events.add("fire")
            ev = "attack"
        elif ev == "kill" and _scope(toks, i, 2, 1) & _THINGS:
            ev = None  # "Senate kills the bill": no one died
        if ev is not None:
            events.add(ev)
            event_words.add((ev, st))
            if ev in _OUTCOMES:
                outcomes.append((i, ev))
                if i and toks[i - 1] in _VAGUE_COUNT:
                    vague.append((i - 1, _VAGUE_COUNT[toks[i - 1]]))
    # Proper nouns from capitalisation, the first word too ("Houthis claim..." vs "Somali
    # pirates claim..."). Title Case is harmless: a word only conflicts when the other text
    # does not mention it in any case.
    # outlet names ("The New York Times") are neither places nor unknown names
    skip = _outlet_names(outlets, entities) if outlets else _EMPTY
    first = len(original) - len(original.lstrip(" \t\"'“‘(*["))  # where the first word starts
    for m in _CAP_WORD.finditer(original):
        initial = m.start() <= first
        word = m.group(1)
        for part in _WORD_PARTS.split(word) if _HAS_PARTS(word) else (word,):
            if part[:1].isupper() and not _MAGNITUDE.fullmatch(part):
                ent = _entity(part)
                if len(ent) < 2 or ent in _STOP_CAPS or ent in _NUMBER_WORDS:
                    continue
                kind = _kind(ent, part.casefold())
                if skip and ent in skip:
                    continue
                if (
                    initial
                    and not kind
                    and (ent in _COMMON_INITIAL or ent in _TOKENS_FLAGGED)
                    and not (_initials(part, ent) and not original.isupper())
                ):
                    continue  # "Who ...", "Police ...", but not "WHO declares ..."
                if not kind and _abbreviated(original, m.end(), part):
                    continue  # "Approx. 25,000", "Pres. Trump": a word cut short, no name
                entities.add((ent, kind))
    if events & _IMPACT_FITS:  # "earthquake hits Turkey": the hit is the quake, no attack
        impact_only = {
            ev for ev in events if all(w in _IMPACT_STEMS for e, w in event_words if e == ev)
        }
        events -= impact_only
        event_words = {(e, w) for e, w in event_words if e not in impact_only}
    negated_events = {_EVENT_OF_STEM[w] for w in negated if w in _EVENT_OF_STEM}
    if unharmed:
        negated_events |= _OUTCOMES
    elif survived and "kill" not in events:
        negated_events.add("kill")
    stance = "deny" if deny else ("confirm" if confirm else ("claim" if claim else None))
    if vague and not counts:
        numbers.update(n for _, n in vague)  # "3s": three or more
        counts = vague
    figures = _figures(toks, counts, outcomes) if counts and outcomes else set()
    # two-word entries are found in the space-joined tokens: " strikes down ", " car bomb "
    joined = f" {' '.join(toks)} "
    weapons: set[str] = set()
    poles: set[tuple[str, str, str]] = ruled
    targets: set[str] = (
        {_ALERT_LEVEL[m] for m in _ALERT.findall(joined)}
        if not _ALERT_TOKENS.isdisjoint(toks)
        else set()
    )
    regions: set[str] = set()
    phrases: list[str] = []
    participles: set[str] = set()
    for i, t in enumerate(toks):
        if t not in _TABLED:
            continue  # one lookup for most words, not one per table
        if t in _WEAPON_OF:
            weapons.add(_WEAPON_OF[t])
        if t in _POLE_OF:
            poles.update((name, sign, t) for name, sign in _POLE_OF[t])
            if _modifies(toks, i):
                participles.add(t)
        if t in _TARGET_OF and not (i and toks[i - 1] in _NOT_TARGET_AFTER):
            targets.add(_TARGET_OF[t])
        if t in _REGION_OF:
            regions.add(_REGION_OF[t])
        if t in _PHRASES_AT:
            phrases.extend(p for p in _PHRASES_AT[t] if p in joined)
    for phrase in phrases:
        if phrase in _WEAPON_PHRASES:
            weapons.add(_WEAPON_PHRASES[phrase])
        else:
            poles.update((name, sign, phrase.strip()) for name, sign in _POLE_PHRASES[phrase])
    if poles:
        not_poles = {phrase.split()[0] for phrase in _NOT_POLES if phrase in joined}
        poles = {p for p in poles if p[2] not in not_poles}
    if participles:
        poles = _main_sides(poles, participles)
    # Only gazetteer names: "NYC train..." vs "Metro-North train..." is wording, not actors.
    kinds = dict(sorted(entities))  # deterministic when a name is both place and demonym
    # the "X:" heading, read once for the subject, the speaker and the credit; most texts have
    # no colon and so no regex
    head = HEADING.match(original) if ":" in original else None
    subject, at = _subject(toks, kinds, _after_attribution(toks) or _after_dateline(original, head))
    speaker = _speaker(original, kinds) if kinds and not _SAYS.isdisjoint(toks) else None
    # names soon after the subject: its object ("Houthis fire missile at [US] destroyer")
    near = {e for e in map(_ent, toks[at + 1 : at + 7]) if e in kinds} if subject else set()
    agents = _agents(toks, kinds) if kinds and (" by " in joined or " in " in joined) else _EMPTY
    said = not _SAID_TOKENS.isdisjoint(toks)
    lead = _lead_speaker(original, head) if ":" in original[:48] or said else _EMPTY
    credited = _credited(toks, head)
    # a closing party too where one leads: "Student says she made it up, police say" is the
    # police's word as much as "..., police say" is
    tail, media = (
        _tail_speaker(original)
        if ", " in original and (said or not _TAIL_TOKENS.isdisjoint(toks))
        else (_EMPTY, False)
    )
    return Facts(
        numbers=_frozen(numbers),
        repeat=_frozen(repeat),
        repeat_scope=_frozen(repeat_scope),
        stance=stance,
        party=_party(original) if stance else None,
        negated=_frozen(negated),
        negated_events=_frozen(negated_events),
        modal=_frozen(modal),
        modal_events=_frozen({_EVENT_OF_STEM[w] for w in modal if w in _EVENT_OF_STEM}),
        possible=_frozen(possible),
        infinitive=tuple(sorted(infinitive)),
        hedged=_frozen(hedged),
        reported=_frozen(reported),
        events=_frozen(events),
        event_words=_frozen(event_words),
        tolls=_frozen({ev for j, ev in outcomes if any(_counts(toks, p, j) for p, _ in counts)}),
        figures=_frozen(figures),
        died=_died(toks, outcomes) if "kill" in events else _EMPTY,
        weapons=_frozen(weapons),
        targets=_frozen(targets),
        regions=_frozen(regions),
        stages=_frozen({_STAGE_OF[m] for m in _STAGE.findall(joined)})
        if not _STAGE_TOKENS.isdisjoint(toks)
        else _EMPTY,
        poles=_frozen(poles),
        entities=_frozen(entities),
        subject=subject,
        agents=agents,
        near=_frozen(near),
        roles=_roles(toks, role_at) if role_at >= 0 else _EMPTY,
        vocab=tuple(sorted(vocab)),  # interned by _token(): stories hold many
        plain=read_plain(toks, infos, kinds, original),
        original=original,
        speaker=speaker,
        lead=lead | tail,
        floors=_frozen(floors),
        credited=credited or media,
    )


def _token(tok: str) -> Token:
    """What extract_facts() reads of a token, once per distinct token: its stem, entity name,
    kind, whether it is in a word list; its plain word ("" for none); 1 if written like a
    verb, 2 like one unless a noun's determiner comes before it ("its [operations]"), 0
    neither; the base of a negative prefix ("" for none)."""
    st, ent = sys.intern(stem(tok)), sys.intern(_entity(tok))  # interned once: vocab keeps them
    word, shape = plain_word(tok, st)
    return st, ent, _kind(ent, tok), tok in _FLAG_WORDS, word, shape, negated_base(tok) or ""


_ENDING = frozenset(["over", "off", "end"])
# what "fires" shoots: "fires [water] cannon", "fires [warning] shots" (not "fires at": "two
# fires at a plant" burn)
_FIRED = frozenset([
    "shots", "water", "tear", "missile", "missiles", "rocket", "rockets", "shells", "warning",
    "live", "rubber", "flares", "torpedo", "torpedoes",
])  # fmt: skip
_PASS = frozenset(["passed", "passes", "pass", "passing"])
_OVER_STEMS = frozenset(stem(w) for w in _CAN_BE_OVER)
_POLE_STEMS = frozenset(stem(w) for w in _POLE_OF)  # "to [raise]" as well as "raises"


_TABLED = frozenset([*_WEAPON_OF, *_POLE_OF, *_TARGET_OF, *_REGION_OF, *_PHRASES_AT])


_BLASTS_VERB = {"his", "her", "their", "a", "off"}
_NEGATES = frozenset(["¬"])  # the text negates, though not a word we can name


def _main_sides(
    poles: set[tuple[str, str, str]], participles: set[str]
) -> set[tuple[str, str, str]]:
    """Of an opposition the text takes both sides of, the side its verb takes: "Gunmen free
    students kidnapped from a school" frees them."""
    signs: dict[str, set[str]] = {}
    for name, sign, _ in poles:
        signs.setdefault(name, set()).add(sign)
    return {p for p in poles if len(signs[p[0]]) < 2 or p[2] not in participles}


def _modifies(toks: list[str], i: int) -> bool:
    """A participle after its noun, not the text's verb: "frees students [kidnapped] from a
    school", "[held] in Gaza"."""
    return (
        0 < i < len(toks) - 1
        and toks[i].endswith("ed")
        and toks[i + 1] in _AFTER_PARTICIPLE
        and toks[i - 1].endswith("s")
        and toks[i - 1] not in _POLE_OF
    )


_AFTER_PARTICIPLE = frozenset(["from", "in", "at", "during", "last", "earlier", "since"])


def _failed_plan(toks: list[str], i: int) -> set[str]:
    """What a failed plan was: "[coup] attempt in Bolivia fails", "failed [takeover] bid"; empty
    when no plan noun is near ("the bank failed")."""
    for j in range(i - 1, max(i - 5, -1), -1):
        if toks[j] in _PLANS:
            return {stem(toks[j])} | _scope(toks, j, 0, 1)
    for j in range(i + 1, min(i + 6, len(toks))):  # "scrubs Starship Flight 8 [launch]"
        if toks[j] in _PLANS:
            return {stem(t) for t in toks[i + 1 : j + 1] if t not in _SCOPE_STOP}
    return set()


def _outlet_names(outlets: list[tuple[str, str]], entities: set[tuple[str, str]]) -> set[str]:
    """Places only seen in outlet names ("york"), and the outlet words ("times") themselves."""
    places = {e for e, _ in entities}
    return {p for p, _ in outlets if p not in places} | {w for _, w in outlets}


def _ended(toks: list[str], i: int) -> set[str]:
    """What "over", "off" or "end" at i says has ended: "declares Ebola [outbreak] over", "end
    of the [outbreak]", "[strike] called off", "call off [strike]"."""
    tok = toks[i]
    if tok == "over" and (i == len(toks) - 1 or toks[i + 1] in _SAYING):
        return {stem(t) for t in toks[max(i - 5, 0) : i] if t in _CAN_BE_OVER}
    if tok == "end" and toks[i + 1 : i + 2] == ["of"]:
        return {stem(t) for t in toks[i + 2 : i + 6] if t in _CAN_BE_OVER}
    if tok == "off" and i and toks[i - 1] in ("called", "calls", "call"):
        return _scope(toks, i - 1, 0, 1) | (_scope(toks, i) & _OVER_STEMS)
    return set()


def _month(toks: list[str], i: int) -> bool:
    """ "on [May] 3", "in [May]", "[May] 2024": the month, not the modal."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    return nxt[:1].isdigit() or (i > 0 and toks[i - 1] in _BEFORE_MONTH)


_BEFORE_MONTH = frozenset(
    ["in", "on", "of", "since", "until", "from", "early", "late", "mid", "last", "next"]
)


def _eventful(tok: str) -> bool:
    """A word that can name what is put off: "vote", "launch", "undocking"."""
    return (
        tok in _PLANS
        or (tok in _EVENT_OF and tok not in _EVENT_NOUNS)
        or (tok.endswith("ing") and len(tok) > 5)
    )


def _delays_something(toks: list[str], i: int) -> bool:
    """ "NASA delays [launch]", but not "passengers face delays", "delays at JFK"."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    prev = toks[i - 1] if i else ""
    return bool(nxt) and nxt not in _SCOPE_STOP and prev not in _NOUN_BEFORE_DELAYS


def _headline_plan(toks: list[str], i: int) -> bool:
    """A headline's "to" that plans an event or an outcome: "Russia to [strike] Kyiv", "Fed to
    [raise] rates", near the start. Not "response to [attack]", "first to [win]"."""
    if i > 4 or i + 1 >= len(toks) or (i and toks[i - 1] in _TO_NO_PLAN):
        return False
    if not _USING.isdisjoint(toks[max(i - 3, 0) : i]):
        return False  # "police use tear gas to [disperse]": a means, not a plan
    if any(
        t in _POLE_OF or t in _ROLE_VERBS or (t in _EVENT_OF and t not in _EVENT_NOUNS)
        for t in toks[:i]
    ):
        return False  # "Djokovic beats Alcaraz to [win]": the clause has its verb
    nxt = toks[i + 1]
    return nxt in _BARE_EVENTS or nxt in _PLANNABLE or stem(nxt) in _POLE_STEMS


def _split_negation(toks: list[str], i: int) -> bool:
    """ "wasn [squot] t", "was nt": a contraction split by an HTML entity or a tokenizer."""
    if toks[i] == "nt":
        return i > 0
    j = i - 1
    if j > 0 and toks[j] in _ENTITY_JUNK:
        j -= 1
    return j >= 0 and toks[j] in _SPLIT_NEG


def _negated_here(toks: list[str], i: int) -> bool:
    """ "fails to [avoid]", "did not [avoid]": the word at i is itself negated."""
    prev = toks[i - 1] if i else ""
    return prev in _NEGATION or (prev == "to" and i > 1 and toks[i - 2] in _NEGATING_VERBS)
