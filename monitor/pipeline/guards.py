"""Guards: facts that must agree before two similar texts may be one story.

Similar wording is not the same claim: "2 killed" vs "5 killed", "confirms" vs "denies",
"preparing to attack" vs "attacked", "base in Iraq" vs "base in Syria". A false merge hides a new
claim from the analyst, so every guard errs on the side of keeping texts apart.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any, TypeVar

# -- vocabulary (normalized, accent- and case-folded tokens) --------------------------------

_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "hundred": "100", "hundreds": "100s", "thousand": "1000",
    "thousands": "1000s", "dozen": "12", "dozens": "12s", "million": "1e6", "millions": "1e6s",
    "billion": "1e9", "single": "1", "both": "2", "double": "2x", "triple": "3x",
    "deux": "2", "trois": "3", "dos": "2", "tres": "3", "zwei": "2", "drei": "3",
}  # fmt: skip
# A repeated or escalated event is a new claim: "second explosion", "another attack".
_REPEAT = {
    "second": "2nd", "2nd": "2nd", "third": "3rd", "3rd": "3rd", "fourth": "4th", "4th": "4th",
    "fifth": "5th", "5th": "5th", "another": "another", "secondary": "2nd",
}  # fmt: skip
_NEGATION = {
    "not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "without", "didnt",
    "doesnt", "dont", "isnt", "wasnt", "arent", "werent", "wont", "cant", "cannot", "couldnt",
    "hasnt", "havent", "hadnt", "shouldnt", "wouldnt", "aint", "false", "fake", "hoax",
    "untrue", "unfounded", "baseless", "rumor", "rumors", "rumour", "rumours", "pas", "non",
    "miss", "misses", "missed",
    "nicht", "kein", "keine", "nein", "не", "нет", "degil", "yok", "لا", "لم", "لن", "ليس",
    "نه", "نیست", "לא",
}  # fmt: skip
_CONFIRM = {"confirm", "confirms", "confirmed", "confirming", "confirmation", "verified"}
_DENY = {
    "deny", "denies", "denied", "denying", "denial", "refute", "refutes", "refuted", "rejects",
    "rejected", "dismisses", "dismissed", "debunk", "debunks", "debunked", "retracts",
    "retracted", "dementi", "desmiente", "dementiert",
}  # fmt: skip
_STANCE_PARTY = re.compile(
    r"(?:^|[:;,.!?]\s+|\s)((?:(?:[A-Z][\w’'.&-]*|of|the|and)\s+){0,5}?[A-Z][\w’'.&-]*)\s+"
    r"(?:has\s+|have\s+|officially\s+|now\s+)?"
    r"(confirm(?:s|ed)?|verified|den(?:y|ies|ied)|refute[sd]?|debunk(?:s|ed)?|retract(?:s|ed)?)\b"
)


def stance_of(text: str) -> tuple[str, str | None] | None:
    """("confirmed" | "denied", who) when the text confirms or denies with a named party
    before the verb ("Pentagon confirms ...", "Iran's Foreign Ministry denies ..."); who is None
    when no capitalised name precedes it. None when the text takes no stance this way."""
    m = _STANCE_PARTY.search(text)
    if m is None:
        return None
    verb = m.group(2).lower()
    stance = "confirmed" if verb.startswith(("confirm", "verified")) else "denied"
    party = m.group(1).strip().removeprefix("The ")
    return stance, party if party.split()[0].lower() not in _STOP_CAPS else None


# "rejects"/"dismisses" deny a claim only when a claim is what they reject: "rejects reports of
# ..." but not "the senate rejected Jeff Sessions" or "California rejects abolishing ...".
_DENY_WEAK = {"rejects", "rejected", "dismisses", "dismissed"}
_CLAIM_WORDS = {
    "claim", "claims", "report", "reports", "allegation", "allegations", "accusation",
    "accusations", "rumor", "rumors", "rumour", "rumours", "charge", "charges", "story",
    "stories", "speculation", "suggestion", "suggestions", "assertion", "assertions",
}  # fmt: skip


def _denies_claim(toks: list[str], i: int) -> bool:
    """ "rejects [claims]", "dismissed [as] false", "[reports] ... were rejected"."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    return nxt == "as" or not _CLAIM_WORDS.isdisjoint(toks[max(i - 3, 0) : i + 4])


# A planned, threatened or possible event is not the event.
_MODAL = {
    "prepare", "prepares", "preparing", "preparation", "preparations", "plan", "plans",
    "planning", "planned", "plot", "plots", "plotting", "threaten", "threatens", "threatened",
    "threatening", "threat", "threats", "consider", "considers", "considering", "weighs",
    "weighing", "poised", "expected", "expects", "may", "might", "could", "would", "will", "can",
    "intends", "intend", "imminent", "mulls", "mulling", "vows", "vow", "readying", "readies",
    "set", "about", "soon", "likely", "possible", "potential", "warns",
}  # fmt: skip
# Modals of possibility, not of plan or intent.
_EPISTEMIC = frozenset(["may", "might", "could", "would", "can"])
# "possibly Syria" hedges a place, not the event; "set to [launch]", "likely to [strike]" plan it.
_MODAL_WEAK = {"likely", "possible", "potential", "soon", "about", "set", "warns"}
# Hedges say "possibly so", not "planned": "could kill" vs "can kill", "may have violated" vs
# "likely has violated". A word one text hedges is not stated plainly there.
_HEDGE = {
    "can", "likely", "unlikely", "probably", "possibly", "possible", "potential", "potentially",
    "perhaps", "maybe",
}  # fmt: skip
# "seems to be", "said to be killed": a report or an impression, not a plan ("to be razed").
_EVIDENTIAL = {
    "seem", "seems", "seemed", "appear", "appears", "appeared", "said", "thought", "believed",
    "known", "reported", "alleged", "rumored", "rumoured", "claimed",
}  # fmt: skip
# "wasn&squot;t", "can&#039;t" arrive split: "wasn squot t". The "t" (or a bare "nt") negates.
_SPLIT_NEG = {
    "isn", "wasn", "aren", "weren", "don", "doesn", "didn", "hasn", "haven", "hadn", "can",
    "couldn", "shouldn", "wouldn", "won", "ain",
}  # fmt: skip
_ENTITY_JUNK = {"squot", "rsquo", "039", "apos", "x27", "8217"}
# "refuses to take back", "failed to stop": the verb negates its infinitive, as "don't" does.
_NEGATING_VERBS = {
    "refuse", "refuses", "refused", "refusing", "fail", "fails", "failed", "failing",
    "decline", "declines", "declined", "declining",
}  # fmt: skip

_EVENTS: dict[str, tuple[str, ...]] = {
    "attack": (
        "attack", "attacks", "attacked", "attacking", "strike", "strikes", "struck", "airstrike",
        "airstrikes", "bomb", "bombs", "bombed", "bombing", "bombings", "raid", "raids",
        "raided", "shelled", "shelling", "assault", "offensive", "invade", "invaded",
        "invasion", "hit", "hits", "targeted", "targets", "fired", "firing", "rocket", "rockets",
        "missile", "missiles", "mortar", "mortars",
    ),  # "hit"/"struck" also describe crashes and quakes: see _IMPACT_STEMS
    "kill": (
        "kill", "kills", "killed", "killing", "dead", "death", "deaths", "die", "dies", "died",
        "dying", "fatal", "fatally", "fatalities", "slain", "murdered", "toll", "lifeless",
        "perished",
    ),
    "injure": (
        "injure", "injures", "injured", "injuring", "injury", "injuries", "wound", "wounds",
        "wounded", "hurt", "hospitalized", "casualties",
    ),
    "explode": (
        "explosion", "explosions", "explode", "explodes", "exploded", "blast", "blasts",
        "detonated", "detonation", "blew", "bomb",
    ),
    "shoot": (
        "shooting", "shootings", "shoot", "shoots", "shot", "shots", "gunman", "gunmen",
        "gunfire", "shooter", "gunshots",
    ),
    "crash": ("crash", "crashes", "crashed", "collide", "collided", "collides", "collision"),
    "derail": ("derail", "derailed", "derailment", "derails"),
    "arrest": (
        "arrest", "arrests", "arrested", "detain", "detained", "detains", "custody", "captured",
        "apprehended", "charged", "indicted",
    ),
    "resign": ("resign", "resigns", "resigned", "resignation", "quits", "quit", "ousted"),
    "evacuate": ("evacuate", "evacuated", "evacuates", "evacuation", "evacuating"),
    "quake": ("earthquake", "quake", "tremor", "aftershock"),
    "fire": ("fire", "fires", "blaze", "burning", "ablaze", "flames"),
    "launch": ("launch", "launches", "launched", "intercepted", "intercepts"),
    "land": ("landing", "landed", "lands"),  # "emergency landing" is no crash
}  # fmt: skip
# "crew safe", "no one hurt": no deaths or injuries, as "no injuries" says.
_UNHARMED = {"safe", "unharmed", "unhurt", "uninjured", "unscathed"}
_EVENT_OF: dict[str, str] = {w: cls for cls, words in _EVENTS.items() for w in words}
# Deaths and injuries: counted in one text only, they are news (see _new_toll).
_OUTCOMES = frozenset(["kill", "injure"])
# Injuries are what an attack, shooting, crash or blast caused: "attack on teen" and "beating
# ... hospitalized" report one event. Deaths are not: "officer shot" and "officer killed" are
# two reports ("fatally shot" names both, so it agrees with "killing").
_CAUSES = frozenset(["attack", "shoot", "crash", "derail", "explode", "quake", "fire"])
# "bus hits truck", "quake struck": an impact verb alone is no attack; it fits a crash or quake.
_IMPACT_STEMS = frozenset(["hit", "struck"])
_IMPACT_FITS = frozenset(["crash", "derail", "quake"])

# The weapon is part of the claim: "drone attack on base" and "rockets fired at base" are two
# reports until someone says otherwise. Only a substitution conflicts, as with places.
_WEAPONS: dict[str, tuple[str, ...]] = {
    "drone": ("drone", "drones", "uav", "uavs", "shahed"),
    "rocket": ("rocket", "rockets", "katyusha"),
    "missile": ("missile", "missiles", "ballistic", "cruise"),
    "mortar": ("mortar", "mortars", "artillery", "shelling", "shelled", "shells"),
    "bomb": ("ied", "ieds", "car bomb", "roadside"),
    "gun": ("gunfire", "gunmen", "gunman", "rifle", "shooting"),
}  # fmt: skip
_WEAPON_OF: dict[str, str] = {w: cls for cls, words in _WEAPONS.items() for w in words}

# Places and actors that usually are "the difference" in conflict and crisis news. Only a place
# can replace a place and an actor an actor: "Iraq" vs "ISIS" is detail, not a contradiction.
# Demonyms name a people, so "Somali pirates" is a place or an actor; aliases name the place.
_DEMONYMS = {
    "iranian": "iran", "iraqi": "iraq", "syrian": "syria", "israeli": "israel",
    "russian": "russia", "ukrainian": "ukraine", "american": "us", "lebanese": "lebanon",
    "yemeni": "yemen", "chinese": "china", "turkish": "turkey", "egyptian": "egypt",
    "saudi": "saudi", "jordanian": "jordan", "afghan": "afghanistan", "pakistani": "pakistan",
    "indian": "india", "british": "uk", "french": "france", "german": "germany",
    "palestinian": "palestine", "qatari": "qatar", "emirati": "uae", "kuwaiti": "kuwait",
    "libyan": "libya", "sudanese": "sudan", "korean": "korea", "japanese": "japan",
    "taiwanese": "taiwan", "belarusian": "belarus", "polish": "poland", "houthi": "houthis",
    "kurdish": "kurds", "kurd": "kurds", "somali": "somalia", "chechen": "chechnya",
    "hungarian": "hungary", "swedish": "sweden",
}  # fmt: skip
_ALIASES = {
    "usa": "us", "u.s": "us", "america": "us", "britain": "uk", "turkiye": "turkey",
    "hezbollahs": "hezbollah", "hamass": "hamas", "isil": "isis", "daesh": "isis",
}  # fmt: skip
_NAME_OF = _DEMONYMS | _ALIASES
# A city or region inside a country the other text names is detail, not a substitution:
# "London startup" vs "UK startup", "Moscow uses Interpol" vs "Russia pursues". Two cities, or
# two countries, still conflict.
_IN_COUNTRY: dict[str, str] = {
    "baghdad": "iraq", "erbil": "iraq", "mosul": "iraq", "basra": "iraq", "anbar": "iraq",
    "damascus": "syria", "aleppo": "syria", "idlib": "syria", "homs": "syria", "deir": "syria",
    "beirut": "lebanon", "tehran": "iran", "tel": "israel", "aviv": "israel", "haifa": "israel",
    "kyiv": "ukraine", "kiev": "ukraine", "kharkiv": "ukraine", "odesa": "ukraine",
    "odessa": "ukraine", "lviv": "ukraine", "bakhmut": "ukraine", "zaporizhzhia": "ukraine",
    "kherson": "ukraine", "donetsk": "ukraine", "luhansk": "ukraine", "crimea": "ukraine",
    "moscow": "russia", "rostov": "russia", "chechnya": "russia", "gaza": "palestine",
    "rafah": "palestine", "khan": "palestine", "yunis": "palestine", "jenin": "palestine",
    "nablus": "palestine", "sanaa": "yemen", "aden": "yemen", "hodeidah": "yemen",
    "riyadh": "saudi", "doha": "qatar", "dubai": "uae", "istanbul": "turkey", "ankara": "turkey",
    "cairo": "egypt", "kabul": "afghanistan", "islamabad": "pakistan", "karachi": "pakistan",
    "delhi": "india", "beijing": "china", "taipei": "taiwan", "seoul": "korea",
    "pyongyang": "korea", "tokyo": "japan", "london": "uk", "glasgow": "uk", "paris": "france",
    "berlin": "germany", "tbilisi": "georgia", "quebec": "canada", "washington": "us",
    "boston": "us", "texas": "us", "york": "us", "california": "us", "florida": "us",
    "chicago": "us", "houston": "us", "dallas": "us", "lax": "us", "angeles": "us",
    "louisiana": "us",
}  # fmt: skip
# Countries (and peoples), then the cities and regions above, then contested places that are
# in no one country on purpose.
_PLACES = (
    {
        "iran", "iraq", "syria", "israel", "russia", "ukraine", "us", "lebanon", "yemen",
        "china", "turkey", "egypt", "saudi", "jordan", "afghanistan", "pakistan", "india", "uk",
        "france", "germany", "palestine", "qatar", "uae", "kuwait", "bahrain", "oman", "libya",
        "sudan", "korea", "japan", "taiwan", "belarus", "poland", "kurds", "somalia", "mali",
        "niger", "nigeria", "ethiopia", "eritrea", "kenya", "armenia", "azerbaijan", "georgia",
        "moldova", "romania", "serbia", "kosovo", "venezuela", "cuba", "mexico", "canada",
        "brazil", "colombia", "haiti", "hungary", "sweden",
    }
    | set(_IN_COUNTRY)
    | {"jerusalem", "golan"}
)  # fmt: skip
_ACTORS = {
    "hamas", "hezbollah", "houthis", "idf", "irgc", "nato", "pentagon", "kremlin", "taliban",
    "isis", "isil", "wagner", "quds", "mossad", "cia", "fbi", "eu", "biden",
    "trump", "putin", "zelensky", "zelenskyy", "netanyahu", "khamenei", "erdogan", "assad",
    "nasrallah", "sinwar", "xi", "modi", "macron", "scholz", "sunak", "starmer", "harris",
    "obama", "clinton", "iaea", "police", "army", "navy",
}  # fmt: skip
_WITHIN = frozenset(_IN_COUNTRY.items()) | {(c, p) for p, c in _IN_COUNTRY.items()}
# "The New York Times", "Washington Post": a place followed by one of these is an outlet name,
# attribution rather than where the story happened.
_OUTLET_WORDS = frozenset(
    ["times", "post", "tribune", "globe", "chronicle", "herald", "examiner", "gazette", "daily"]
)

_CAP_WORD = re.compile(r"(?<![\w@#])([A-Z][\w’'-]*)")
_STOP_CAPS = {
    "the", "a", "an", "and", "or", "but", "in", "on", "at", "of", "to", "for", "by", "with",
    "from", "as", "is", "are", "was", "were", "be", "it", "its", "this", "that", "breaking",
    "just", "update", "updated", "report", "reports", "video", "photo", "photos", "live",
    "watch", "developing", "urgent", "new", "news", "officials", "president",
    "minister", "state", "he", "she", "they", "we", "i", "you", "rt", "via", "after", "before",
    "us", "u", "mr", "mrs", "ms", "dr", "says", "said", "per", "according",
}  # fmt: skip


_SUFFIXES = ("ing", "ed", "es", "s")


_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """Light English stemming: "detected"/"detects" -> "detect". Non-English passes through."""
    if word[:1].isdigit():
        return _stem(word)  # figures are mostly unique: caching them only grows the cache
    hit = _STEMS.get(word)
    if hit is not None:
        return hit
    if len(_STEMS) > 100_000:  # tokens repeat across posts; bound the cache, not the stream
        _STEMS.clear()
    _STEMS[word] = out = _stem(word)
    return out


def _stem(word: str) -> str:
    for suf in _SUFFIXES:
        if len(word) > len(suf) + 2 and word.endswith(suf):
            word = word[: -len(suf)]
            break
    # "strike"/"strikes"/"striking" -> "strik"
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def _entity(word: str) -> str:
    """A token as an entity name: demonyms mapped, possessive 's dropped."""
    w = word.casefold().replace("’", "'").removesuffix("'s").removesuffix("'")
    w = _NAME_OF.get(w, w)
    if w not in _PLACES and w not in _ACTORS and len(w) > 3 and w.endswith("s"):
        w2 = _NAME_OF.get(w[:-1], w[:-1])  # "irans" from "Iran's" after normalization
        if w2 in _PLACES or w2 in _ACTORS:
            return w2
    return w


def _kind(ent: str, word: str = "") -> str:
    """ "p" place, "a" actor, "d" from a demonym ("Somali pirates": either), "" unknown."""
    if ent in _PLACES:
        return "d" if word in _DEMONYMS else "p"
    return "a" if ent in _ACTORS else ""


# Verbs of opposite outcome: "Hamas accepts the proposal" and "Hamas rejects the proposal" share
# every other word. Only inflected forms: bare "order", "close", "end", "up" are mostly nouns or
# particles ("executive order", "close to", "shut down").
_OPPOSITES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "accept",
        ("accepts", "accepted", "agrees", "agreed", "approves", "approved", "signs", "signed",
         "endorses", "endorsed", "backs", "backed"),
        ("rejects", "rejected", "refuses", "refused", "vetoes", "vetoed", "blocks", "blocked",
         "opposes", "opposed"),
    ),
    (
        "raise",
        ("raises", "raised", "hikes", "hiked", "increases", "increased"),
        ("cuts", "cut", "lowers", "lowered", "reduces", "reduced", "slashes", "slashed"),
    ),
    ("win", ("wins", "won", "win"), ("loses", "lost", "lose")),
    (
        "hold",
        ("arrested", "arrests", "detained", "detains", "jailed", "convicted", "indicted"),
        ("released", "releases", "freed", "frees", "acquitted", "acquits", "exonerated"),
    ),
    (
        "order",
        ("orders", "ordered", "imposes", "imposed", "declares", "declared"),
        ("lifts", "lifted", "cancels", "cancelled", "canceled", "revokes", "revoked", "rescinds",
         "rescinded"),
    ),
    ("open", ("opens", "opened", "reopens", "reopened"), ("closes", "closed", "shuts", "shut")),
    (
        "begin",
        ("begins", "began", "starts", "started", "resumes", "resumed"),
        ("ends", "ended", "collapses", "collapsed", "halts", "halted"),
    ),
    (
        "rise",
        ("rises", "rose", "surge", "surges", "surged", "soar", "soars", "soared", "jumps",
         "jumped", "climbs", "climbed"),
        ("falls", "fell", "drops", "dropped", "plunge", "plunges", "plunged", "tumble",
         "tumbles", "tumbled", "sinks", "sank", "slides", "slid"),
    ),
)  # fmt: skip
_POLE_OF: dict[str, tuple[str, str]] = {
    w: (name, sign)
    for name, ups, downs in _OPPOSITES
    for sign, words in (("+", ups), ("-", downs))
    for w in words
}

_FLAG_WORDS = (
    (set(_REPEAT) | set(_NUMBER_WORDS) | _CONFIRM | _DENY | _NEGATION | _MODAL | set(_EVENT_OF))
    | _HEDGE
    | _NEGATING_VERBS
    | set(_POLE_OF)
    | {"to", "too", "t", "nt", "passed"}
)
# Sentence-initial capitals that are ordinary words, not names ("Huge fire..." vs "Massive
# blaze..."): a first word is only taken for a name when it is not one of these.
_COMMON_INITIAL = frozenset(
    [
        "huge",
        "massive",
        "major",
        "big",
        "large",
        "giant",
        "deadly",
        "powerful",
        "strong",
        "heavy",
        "severe",
        "serious",
        "fresh",
        "latest",
        "early",
        "late",
        "first",
        "last",
        "several",
        "many",
        "multiple",
        "dozens",
        "hundreds",
        "thousands",
        "some",
        "more",
        "most",
        "all",
        "no",
        "only",
        "another",
        "new",
        "old",
        "former",
        "top",
        "senior",
        "local",
        "state",
        "federal",
        "national",
        "international",
        "global",
        "world",
        "reports",
        "report",
        "reported",
        "reportedly",
        "video",
        "footage",
        "photos",
        "photo",
        "images",
        "watch",
        "live",
        "update",
        "updates",
        "officials",
        "official",
        "police",
        "witnesses",
        "people",
        "residents",
        "sources",
        "authorities",
        "experts",
        "scientists",
        "doctors",
        "emergency",
        "rescue",
        "crews",
        "firefighters",
        "troops",
        "forces",
        "soldiers",
        "protesters",
        "gunmen",
        "suspect",
        "suspects",
        "man",
        "woman",
        "men",
        "women",
        "child",
        "children",
        "boy",
        "girl",
        "family",
        "families",
        "government",
        "military",
        "army",
        "court",
        "judge",
        "jury",
        "parliament",
        "congress",
        "senate",
        "president",
        "minister",
        "mayor",
        "governor",
        "leader",
        "chief",
        "head",
        "spokesman",
        "company",
        "firm",
        "market",
        "markets",
        "stocks",
        "oil",
        "gold",
        "prices",
        "shares",
        "traffic",
        "flights",
        "train",
        "trains",
        "plane",
        "planes",
        "bus",
        "car",
        "ship",
        "hospital",
        "school",
        "schools",
        "city",
        "town",
        "village",
        "region",
        "area",
        "building",
        "house",
        "explosion",
        "blast",
        "fire",
        "shooting",
        "earthquake",
        "storm",
        "flood",
        "floods",
        "attack",
        "strike",
        "crash",
        "heavy",
        "here",
        "there",
        "this",
        "that",
        "these",
        "those",
        "what",
        "why",
        "how",
        "when",
        "where",
        "who",
        "breaking",
        "developing",
        "urgent",
        "confirmed",
        "unconfirmed",
        "exclusive",
        "wow",
        "omg",
        "rip",
        "pray",
        "praying",
        "thoughts",
        "sad",
        "terrible",
        "horrible",
        "tragic",
    ]
)
_SCOPE_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "by",
        "with",
        "from",
        "as",
        "that",
        "this",
        "it",
        "its",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "any",
        "anyone",
        "one",
        "so",
        "very",
    ]
)
# Post-positive negations: "reports of a third device are false".
_NEG_AFTER = {"false", "fake", "hoax", "untrue", "unfounded", "baseless"}


def _negation_scope(toks: list[str], i: int) -> set[str]:
    """ "not [attend]", "no [injuries]"; post-positive "[device] reports are false"."""
    if toks[i] in _NEG_AFTER:
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if not nxt or nxt in _SCOPE_STOP:
            return _scope(toks, i, 0, 3)
    return _scope(toks, i)


def _scope(tokens: list[str], i: int, after: int = 1, before: int = 0) -> set[str]:
    """The content words a negation or modal at position i governs (stemmed)."""
    out: set[str] = set()
    j, n = i + 1, 0
    while j < len(tokens) and n < after:
        if tokens[j] not in _SCOPE_STOP:
            out.add(stem(tokens[j]))
            n += 1
        j += 1
    j, n = i - 1, 0
    while j >= 0 and n < before:
        if tokens[j] not in _SCOPE_STOP:
            out.add(stem(tokens[j]))
            n += 1
        j -= 1
    return out


@dataclass(slots=True, frozen=True)
class Facts:
    numbers: frozenset[str]
    repeat: frozenset[str]  # "2nd", "another"...
    repeat_scope: frozenset[str]  # what is repeated: "another [explosion]"
    stance: str | None  # "confirm" | "deny" | None
    negated: frozenset[str]  # words under a negation ("not [attend] [summit]"); empty: none
    negated_events: frozenset[str]  # event classes ruled out: "no [injuries]", "crew safe"
    modal: frozenset[str]  # words under a plan/threat/modal ("preparing to [attack]")
    modal_events: frozenset[str]  # event classes only planned or threatened: {"attack"}
    # words only possible ("may [have violated]", "could [strike]"), not planned: a hedged
    # report ("likely [violated]") agrees with them, while "will [attack]" still clashes with it
    possible: frozenset[str]
    # words not stated plainly: after a bare "to" ("Merkel [to seek]") or a hedge ("can [kill]")
    unasserted: tuple[str, ...]
    hedged: frozenset[str]  # the hedged ones: "can [kill]", "said to be [killed]"
    events: frozenset[str]
    event_words: frozenset[tuple[str, str]]  # (event class, stemmed word): ("shoot", "shot")
    tolls: frozenset[str]  # outcomes given a count: "3 dead", "wounds three" -> {"kill", "injure"}
    weapons: frozenset[str]  # weapon classes named: {"drone"}
    poles: frozenset[
        tuple[str, str, str]
    ]  # (opposition, "+" | "-", word): ("accept", "-", "rejects")
    entities: frozenset[tuple[str, str]]  # (name, kind), see _kind()
    # (name, kind) of a place/actor the text opens with: "[Israel] strikes..." vs "[US] strikes..."
    subject: tuple[str, str] | None
    vocab: tuple[str, ...]  # every token, stemmed and entity-mapped: what "mentions" means


_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Vague quantities agree with any figure of their size: "thousands" vs "10,000".
_VAGUE = {"10s": 10, "12s": 24, "100s": 200, "1000s": 2000, "1e6s": 2_000_000}
# Not counts: "October 18" is a date, "13th president" an ordinal. Each kind of figure is only
# compared with its own kind (see _number_clash), prefixed "d" and "o" as years are "y".
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip
_KINDS = "ydo"  # year (or decade), date, ordinal; counts and amounts start with a digit
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_TOKENS: dict[str, tuple[str, str, str, bool]] = {}  # token -> (stem, entity, kind, flagged)
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
_TOKENS_FLAGGED = frozenset(_EVENT_OF) | _MODAL | _NEGATION | _CONFIRM | _DENY


def extract_facts(original: str, norm_tokens: list[str]) -> Facts:
    """Facts of one text: `original` keeps case (for proper nouns), `norm_tokens` is normalized."""
    numbers: set[str] = set()
    repeat: set[str] = set()
    repeat_scope: set[str] = set()
    events: set[str] = set()
    entities: set[tuple[str, str]] = set()
    negated: set[str] = set()
    modal: set[str] = set()
    possible: set[str] = set()
    unharmed = False
    unasserted: set[str] = set()
    hedged: set[str] = set()
    event_words: set[tuple[str, str]] = set()
    vocab: set[str] = set()
    outlets: list[tuple[str, str]] = []
    counts: list[int] = []  # positions of counts (not years, dates or ordinals)
    outcomes: list[tuple[int, str]] = []  # positions of deaths and injuries
    confirm = deny = False
    toks = norm_tokens
    last = len(toks) - 1
    for i, tok in enumerate(toks):
        info = _TOKENS.get(tok)
        if info is None:
            if len(_TOKENS) > 100_000:
                _TOKENS.clear()
            ent = _entity(tok)
            info = _TOKENS[tok] = (stem(tok), ent, _kind(ent, tok), tok in _FLAG_WORDS)
        st, ent, kind, flagged = info
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
            m = _LEADING_NUMBER.match(tok)  # "600th", "1.25m", "10xs" -> the number
            if m:
                num = m.group(0)
                if len(num) == 4 and "1900" <= num <= "2099" and _is_year(num, toks, i, original):
                    num = f"y{num}s" if tok == f"{num}s" else f"y{num}"  # "1960s", "2017"
                elif len(num) <= 2 and (
                    (i and toks[i - 1] in _MONTHS) or (i < last and toks[i + 1] in _MONTHS)
                ):
                    num = "d" + num  # "october 18", "13 november"
                elif len(tok) > len(num) and _ORDINAL.fullmatch(tok):
                    num = "o" + num  # "13th", "1st"
                else:
                    counts.append(i)
                numbers.add(num)
            continue
        spelled = _NUMBER_WORDS.get(tok)
        if spelled is not None and not (tok == "one" and _loose_one(toks, i)):
            if spelled == "2x" and i < last and toks[i + 1].startswith("digit"):
                spelled = "10s"  # "double-digit lead": 10 or more
            numbers.add(spelled)
            counts.append(i)
        if tok in _CONFIRM:
            confirm = True
        elif tok in _DENY and (tok not in _DENY_WEAK or _denies_claim(toks, i)):
            deny = True
        elif tok in _NEGATION or (tok in ("t", "nt") and _split_negation(toks, i)):
            # a negation with nothing after it ("... would not.") still negates
            negated |= _negation_scope(toks, i) or _NEGATES
        elif i < last and toks[i + 1] == "to" and tok in _NEGATING_VERBS:
            negated |= _scope(toks, i + 1) or _NEGATES  # "refuses [to take back]"
        elif tok == "too" and "to" in toks[i + 2 : i + 4] and not (i and toks[i - 1] == "not"):
            negated |= _scope(toks, toks.index("to", i + 2)) or _NEGATES  # "too busy to [attend]"
        if tok in _UNHARMED:
            unharmed = True
        if tok in _HEDGE:
            hedged |= _scope(toks, i)
        if tok in _MODAL and tok not in _MODAL_WEAK:
            modal |= _scope(toks, i)
            if tok in _EPISTEMIC:
                possible |= _scope(toks, i)
        elif tok in _MODAL_WEAK and i < last and toks[i + 1] == "to":
            modal |= _scope(toks, i + 1)
        elif tok == "to" and i < last and toks[i + 1] == "be":
            if i and toks[i - 1] in _EVIDENTIAL:
                hedged |= _scope(toks, i + 1)  # "said to be [killed]": reported
            else:
                modal |= _scope(toks, i + 1)  # "house to be [razed]": planned
        elif tok == "to":
            unasserted |= _scope(toks, i)
        ev = _EVENT_OF.get(tok)
        if ev is None and tok == "passed" and i < last and toks[i + 1] == "away":
            ev = "kill"  # "passed away" is "died"
        elif ev == "kill" and _scope(toks, i, 2, 1) & _THINGS:
            ev = None  # "Senate kills the bill": no one died
        if ev is not None:
            events.add(ev)
            event_words.add((ev, st))
            if ev in _OUTCOMES:
                outcomes.append((i, ev))
    # Proper nouns from capitalisation, the first word too ("Houthis claim..." vs "Somali
    # pirates claim..."). Title Case is harmless: a word only conflicts when the other text
    # does not mention it in any case.
    # outlet names ("The New York Times") are neither places nor unknown names
    skip = _outlet_names(outlets, entities) if outlets else _EMPTY
    for m in _CAP_WORD.finditer(original):
        initial = not original[: m.start()].strip(" \t\"'“‘(*[")
        for part in re.split(r"[-’']", m.group(1)):
            if part[:1].isupper():
                ent = _entity(part)
                if len(ent) < 2 or ent in _STOP_CAPS or ent in _NUMBER_WORDS:
                    continue
                kind = _kind(ent, part.casefold())
                if skip and ent in skip:
                    continue
                if initial and not kind and (ent in _COMMON_INITIAL or ent in _TOKENS_FLAGGED):
                    continue
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
    stance = "deny" if deny else ("confirm" if confirm else None)
    # Only gazetteer names: "NYC train..." vs "Metro-North train..." is wording, not actors.
    kinds = dict(sorted(entities))  # deterministic when a name is both place and demonym
    start = _after_attribution(toks)
    subject: tuple[str, str] | None = None
    for j in range(start, min(start + 2, len(toks))):
        e = _entity(toks[j])
        if kinds.get(e):
            # "Trump and Putin spoke" vs "Putin and Trump spoke": a pair opens, no one subject
            if j + 1 >= len(toks) or toks[j + 1] not in _JOINING:
                subject = (e, kinds[e])
            break
    return Facts(
        numbers=_frozen(numbers),
        repeat=_frozen(repeat),
        repeat_scope=_frozen(repeat_scope),
        stance=stance,
        negated=_frozen(negated),
        negated_events=_frozen(negated_events),
        modal=_frozen(modal),
        modal_events=_frozen({_EVENT_OF_STEM[w] for w in modal if w in _EVENT_OF_STEM}),
        possible=_frozen(possible),
        unasserted=tuple(sorted(unasserted | hedged)),
        hedged=_frozen(hedged),
        events=_frozen(events),
        event_words=_frozen(event_words),
        tolls=_frozen({ev for j, ev in outcomes if any(_counts(toks, p, j) for p in counts)}),
        weapons=_frozen({_WEAPON_OF[t] for t in toks if t in _WEAPON_OF}),
        poles=_frozen({(*_POLE_OF[t], t) for t in toks if t in _POLE_OF}),
        entities=_frozen(entities),
        subject=subject,
        vocab=tuple(sys.intern(v) for v in sorted(vocab)),  # stories hold many: keep it small
    )


_EMPTY: frozenset[Any] = frozenset()
_NEGATES = frozenset(["¬"])  # the text negates, though not a word we can name
_JOINING = {"and", "&", "or", "vs", "versus"}

# "US intelligence officials have detected signs that [Iran-backed militias] are preparing...",
# "US officials say [Israel] struck...": the claim's actor comes after the attribution.
_ATTRIBUTING = {
    "official", "officials", "source", "sources", "intelligence", "intel", "media", "report",
    "reports", "reported", "detect", "detects", "detected", "believe", "believes", "according",
    "spokesman", "spokesperson", "ministry", "pentagon", "military", "army", "police",
}  # fmt: skip
_SAYING = {
    "that", "say", "says", "said", "claim", "claims", "warn", "warns", "warned", "tell", "told",
    "detect", "detects", "detected", "see", "sees", "saw",
}  # fmt: skip
_FILLER = {"signs", "sign", "evidence", "indications", "that", "of", "the"}


def _after_attribution(toks: list[str]) -> int:
    """Where the claim starts: after a leading "<officials> say / detected ... that"."""
    for k, tok in enumerate(toks[:12]):
        if tok in _SAYING and any(t in _ATTRIBUTING for t in toks[:k]):
            k += 1
            while k < len(toks) and toks[k] in _FILLER:
                k += 1
            return k
    return 0


def _outlet_names(outlets: list[tuple[str, str]], entities: set[tuple[str, str]]) -> set[str]:
    """Places only seen in outlet names ("york"), and the outlet words ("times") themselves."""
    places = {e for e, _ in entities}
    return {p for p, _ in outlets if p not in places} | {w for _, w in outlets}


_T = TypeVar("_T")


def _frozen(items: set[_T]) -> frozenset[_T]:
    return frozenset(items) if items else _EMPTY


def _loose_one(toks: list[str], i: int) -> bool:
    """ "one of", "in one map", "no one": not a count."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    prev = toks[i - 1] if i else ""
    return nxt in {"of", "another", "more", "day", "thing", "way"} or prev in {
        "in", "at", "no", "any", "every", "this", "that", "the", "which", "each", "someone",
    }  # fmt: skip


# A year is not the same kind of quantity as a count: "1960s anti-war movement" vs "dies at
# 76", "launch in Q1 2017" vs "one week after". Years are compared with years only. A figure in
# the year range is a count when written "2,000", priced "$2016", a round "2000" without "in",
# or followed by what it counts ("2000 killed").
_YEAR_PREP = {"in", "since", "until", "till", "by", "from", "year", "circa", "before", "after"}
_COUNTED = {
    "people", "persons", "killed", "dead", "deaths", "injured", "wounded", "hurt", "troops",
    "soldiers", "civilians", "children", "residents", "homes", "houses", "buildings", "migrants",
    "refugees", "prisoners", "hostages", "points", "votes", "jobs", "workers", "employees",
    "passengers", "flights", "cases", "rockets", "missiles", "drones", "shells", "tons",
    "tonnes", "km", "miles", "meters", "metres", "feet", "dollars", "euros", "pounds",
    "barrels", "members", "users", "customers", "arrested", "arrests", "more", "others",
}  # fmt: skip


def _is_year(num: str, toks: list[str], i: int, original: str) -> bool:
    """A 4-digit 1900..2099 figure at toks[i] names a year (or "1960s" a decade)."""
    if i + 1 < len(toks) and toks[i + 1] in _COUNTED:
        return False
    if num.endswith("00") and not (i and toks[i - 1] in _YEAR_PREP):
        return False
    return f"{num[0]},{num[1:]}" not in original and "$" + num not in original


def _number_clash(only_a: frozenset[str], only_b: frozenset[str]) -> bool:
    """Both sides give a figure the other lacks, of the same kind: counts with counts, years
    with years, dates with dates, ordinals with ordinals. One figure read as two kinds agrees
    ("December 5-6" and "5-6 Dec", "game 1" and "1st game")."""
    if all(x[0] not in _KINDS for x in only_a) and all(x[0] not in _KINDS for x in only_b):
        return not (_vague_fits(only_a, only_b) or _vague_fits(only_b, only_a))
    bare_a, bare_b = {_bare(x) for x in only_a}, {_bare(x) for x in only_b}
    rest_a = {x for x in only_a if _bare(x) not in bare_b}
    rest_b = {x for x in only_b if _bare(x) not in bare_a}
    for k in _KINDS:
        kind_a = {x for x in rest_a if x[0] == k}
        kind_b = {x for x in rest_b if x[0] == k}
        if kind_a and kind_b and (k != "y" or _years_clash(kind_a, kind_b)):
            return True
    counts_a = frozenset(x for x in rest_a if x[0] not in _KINDS)
    counts_b = frozenset(x for x in rest_b if x[0] not in _KINDS)
    return (
        bool(counts_a and counts_b)
        and not _vague_fits(counts_a, counts_b)
        and not _vague_fits(counts_b, counts_a)
    )


def _bare(number: str) -> str:
    return number[1:] if number[0] in _KINDS else number


def _years_clash(a: set[str], b: set[str]) -> bool:
    """ "1960s" covers "1968": a decade and a year in it agree; two different years do not."""

    def covered(y: str, other: set[str]) -> bool:
        return any(o.endswith("s") and o[:4] == y[:4] for o in other) or (
            y.endswith("s") and any(o[:4] == y[:4] for o in other)
        )

    return any(not covered(y, b) for y in a) and any(not covered(y, a) for y in b)


def _show(numbers: frozenset[str]) -> list[str]:
    return sorted(map(_bare, numbers))


def _vague_fits(vague: frozenset[str], exact: frozenset[str]) -> bool:
    """Every extra number on one side is a vague quantity the other side's figures satisfy."""
    if not all(v in _VAGUE for v in vague):
        return False
    figures = [float(x) for x in exact if _LEADING_NUMBER.fullmatch(x)]
    # "millions" vs "6 million": "1e6" is only ever the word "million", so a figure of millions
    return all(
        (v == "1e6s" and "1e6" in exact) or any(f >= _VAGUE[v] for f in figures) for v in vague
    )


def _scoped_clash(
    a: frozenset[str], b: frozenset[str], b_vocab: tuple[str, ...], b_inf: tuple[str, ...] = ()
) -> bool:
    """a qualifies (negates, makes modal) something b states plainly. A word b only has as an
    infinitive ("Merkel to seek 4th term", "set to launch") is not stated plainly."""
    if not a or b:
        return False
    if not b_inf:
        return not a.isdisjoint(b_vocab)
    return any(w not in b_inf and w in b_vocab for w in a)


def _covered(name: str, vocab: tuple[str, ...], others: set[tuple[str, str]]) -> bool:
    country = _IN_COUNTRY.get(name)
    return (
        country is not None
        and country in vocab
        and not any(_IN_COUNTRY.get(o) == country for o, _ in others)
    )


def _split_negation(toks: list[str], i: int) -> bool:
    """ "wasn [squot] t", "was nt": a contraction split by an HTML entity or a tokenizer."""
    if toks[i] == "nt":
        return i > 0
    j = i - 1
    if j > 0 and toks[j] in _ENTITY_JUNK:
        j -= 1
    return j >= 0 and toks[j] in _SPLIT_NEG


def _opposite(a: Facts, b: Facts) -> tuple[str, str] | None:
    """A verb in a whose opposite is in b, each text taking one side only: "accepts" vs
    "rejects". A text with both ("refuses to accept") is left to the negation rules."""
    sides_a = {(n, s) for n, s, _ in a.poles}
    sides_b = {(n, s) for n, s, _ in b.poles}
    for name, sign, word in sorted(a.poles):
        flip = "-" if sign == "+" else "+"
        if (name, flip) in sides_a or (name, sign) in sides_b or (name, flip) not in sides_b:
            continue
        return word, next(w for n, s, w in sorted(b.poles) if (n, s) == (name, flip))
    return None


def _modal_clash(a: Facts, b: Facts) -> bool:
    """a plans or deems possible what b states. A hedge in b ("likely [violated]") only meets a's
    possibility ("may have [violated]"): "will [attack]" vs "likely [attacked]" still clash."""
    planned = a.modal - a.possible
    if planned and _scoped_clash(planned, b.modal, b.vocab, _plain_unasserted(b)):
        return True
    return _scoped_clash(a.modal & a.possible, b.modal, b.vocab, b.unasserted)


def _plain_unasserted(f: Facts) -> tuple[str, ...]:
    """What f leaves unasserted without hedging it: the infinitives ("Merkel [to seek]")."""
    return tuple(w for w in f.unasserted if w not in f.hedged) if f.hedged else f.unasserted


def _modal_event_clash(a: Facts, b: Facts) -> bool:
    if not a.modal_events or b.modal:
        return False
    planned = {_EVENT_OF_STEM[w] for w in a.modal - a.possible if w in _EVENT_OF_STEM}
    # a planned event meets b's event even when b hedges it; a possible one only b's asserted
    return bool(planned & b.events or (a.modal_events - planned) & _asserted(b))


def _asserted(f: Facts) -> set[str]:
    """Event classes a text states, not only hedges ("can [kill]")."""
    return {ev for ev, w in f.event_words if w not in f.hedged}


def _extra_events(a: Facts, b: Facts) -> list[tuple[str, bool]]:
    """Event classes of a that b lacks, as (class, named only by an impact verb)."""
    out = []
    b_events = {w for _, w in b.event_words}
    for ev in a.events - b.events:
        words = [w for e, w in a.event_words if e == ev]
        # "charged" vs "charge": one word b does not read as an event. "Fire" vs "fired" at a
        # depot are two readings, two events.
        if not all(w in b.vocab and w not in b_events for w in words):
            out.append((ev, all(w in _IMPACT_STEMS for w in words)))
    return out


def _fits(x: tuple[str, bool], y: tuple[str, bool]) -> bool:
    """Two events that can be one: a cause and the injuries it caused ("attack" vs "beaten ...
    hospitalized"), or an impact verb and what struck ("bus hits truck" vs "bus crash")."""
    (ex, impact_x), (ey, impact_y) = x, y
    return (
        (ex == "injure" and ey in _CAUSES)
        or (ey == "injure" and ex in _CAUSES)
        or (impact_x and ey in _IMPACT_FITS)
        or (impact_y and ex in _IMPACT_FITS)
    )


def _events_clash(a: Facts, b: Facts) -> bool:
    extra_b = _extra_events(b, a)
    return any(not _fits(x, y) for x in _extra_events(a, b) for y in extra_b)


# "dies at 76", "she was 61": an age after the outcome, not how many died
_AGE_BEFORE = frozenset(["at", "aged", "age", "was", "is"])


def _counts(toks: list[str], p: int, j: int) -> bool:
    """The count at p says how many the outcome at j concerns: "[3] reported [dead]",
    "four people have been [killed]", "[wounds] [three]"."""
    return j - 4 <= p < j or (j < p <= j + 3 and toks[p - 1] not in _AGE_BEFORE)


def _new_toll(a: Facts, b: Facts) -> list[str]:
    """Outcomes a counts that b does not mention at all: "3 dead" after "explosion at the
    marathon" is news (an update), not a copy. Deaths are news even uncounted ("crew killed")."""
    toll = set(a.tolls - b.events)
    if toll and not any(n[0] not in _KINDS for n in a.numbers - b.numbers):
        toll.clear()
    if "kill" in _asserted(a) and "kill" not in b.events:
        toll.add("kill")
    return sorted(toll)


def conflict(a: Facts, b: Facts) -> tuple[str, str] | None:
    """The first fact on which two texts disagree, as (kind, detail); None if none do.

    kind is one of number, toll, stance, negation, verb, place. Only substitutions conflict:
    one-sided extra detail (a number, place or event only one text gives) is allowed, since
    reposts add clauses ("2 killed" vs "2 killed in Erbil"), except a toll: deaths, or injuries
    counted, in one text and not mentioned in the other ("3 dead" vs "explosion at the
    marathon"). Negation, modality and "another" conflict only when they govern a word the
    other text states plainly.
    """
    only_a, only_b = a.numbers - b.numbers, b.numbers - a.numbers
    if only_a and only_b and _number_clash(only_a, only_b):
        return "number", f"numbers differ {_show(a.numbers)} vs {_show(b.numbers)}"
    for x, y in ((a, b), (b, a)):
        toll = _new_toll(x, y)
        if toll:
            figures = f": {', '.join(_show(x.numbers))}" if x.numbers else ""
            return "toll", f"a toll only one text gives ({', '.join(toll)}{figures})"
    if a.repeat != b.repeat and (
        (a.repeat - b.repeat and a.repeat_scope.intersection(b.vocab))
        or (b.repeat - a.repeat and b.repeat_scope.intersection(a.vocab))
    ):
        return "number", f"repeat/ordinal differs {sorted(a.repeat)} vs {sorted(b.repeat)}"
    if a.stance != b.stance:
        return "stance", f"stance differs {a.stance} vs {b.stance}"
    if _scoped_clash(a.negated, b.negated, b.vocab) or _scoped_clash(b.negated, a.negated, a.vocab):
        return "negation", "one text negates what the other states"
    # "no injuries" vs "several injured", "crew safe" vs "crew killed"
    if (a.negated_events & _asserted(b) and not b.negated_events & _asserted(b)) or (
        b.negated_events & _asserted(a) and not a.negated_events & _asserted(a)
    ):
        return "negation", "one text rules out what the other reports"
    if _modal_clash(a, b) or _modal_clash(b, a):
        return "verb", "planned/possible vs actual event"
    # "preparing to attack" vs "fired rockets at": the same kind of event, planned vs done
    if _modal_event_clash(a, b) or _modal_event_clash(b, a):
        return "verb", "planned/possible vs actual event"
    if (a.events - b.events) and (b.events - a.events) and _events_clash(a, b):
        return "verb", f"events differ {sorted(a.events)} vs {sorted(b.events)}"
    opposite = _opposite(a, b)
    if opposite:
        return "verb", f"opposite verbs: {opposite[0]} vs {opposite[1]}"
    if (a.weapons - b.weapons) and (b.weapons - a.weapons):
        return "verb", f"weapons differ {sorted(a.weapons)} vs {sorted(b.weapons)}"
    if a.subject and b.subject and a.subject[0] != b.subject[0]:
        (name_a, kind_a), (name_b, kind_b) = a.subject, b.subject
        if (kind_a == kind_b or "d" in (kind_a, kind_b)) and (name_a, name_b) not in _WITHIN:
            return "place", f"actors differ: {name_a} vs {name_b}"
    ents_a = {e for e in a.entities if e[0] not in b.vocab}
    ents_b = {e for e in b.entities if e[0] not in a.vocab}
    if ents_a and ents_b:
        # A city whose country the other text names is mentioned there, unless that text names
        # another city of the country: "Moscow" vs "Russia, Iran", but "Erbil" vs "Baghdad, Iraq".
        ents_a, ents_b = (
            {e for e in ents_a if not _covered(e[0], b.vocab, ents_b)},
            {e for e in ents_b if not _covered(e[0], a.vocab, ents_a)},
        )
    for name_a, kind_a in sorted(ents_a):
        for name_b, kind_b in sorted(ents_b):
            if (name_a, name_b) in _WITHIN:
                continue  # "London" vs "UK": a city inside the country, detail
            if kind_a == kind_b or not kind_a or not kind_b or "d" in (kind_a, kind_b):
                return "place", f"places/actors differ: {name_a} vs {name_b}"
    return None
