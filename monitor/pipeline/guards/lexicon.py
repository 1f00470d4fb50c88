"""Guard vocabulary: the word lists and tables the facts are read with, and the small lookups
derived from them, built by the two helpers below. Data only; see facts.py for how they are
used."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

_V = TypeVar("_V")


def _entries(table: dict[str, tuple[str, ...]]) -> Iterator[tuple[str, str]]:
    """(word, class) of a table of classes and their words."""
    return ((w, cls) for cls, words in table.items() for w in words)


def _split(entries: Iterable[tuple[str, _V]]) -> tuple[dict[str, _V], dict[str, _V]]:
    """A word table as (single words, two-word phrases). Phrases are padded with spaces, to be
    found in the space-joined tokens: " car bomb "."""
    words: dict[str, _V] = {}
    phrases: dict[str, _V] = {}
    for entry, value in entries:
        if " " in entry:
            phrases[f" {entry} "] = value
        else:
            words[entry] = value
    return words, phrases


# -- vocabulary (normalized, accent- and case-folded tokens) --------------------------------

_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100", "hundreds": "100s", "thousand": "1000",
    "thousands": "1000s", "dozen": "12", "dozens": "12s", "million": "1e6", "millions": "1e6s",
    "billion": "1e9", "single": "1", "both": "2", "double": "2x", "triple": "3x",
    "deux": "2", "trois": "3", "dos": "2", "tres": "3", "zwei": "2", "drei": "3",
}  # fmt: skip
# A repeated or escalated event is a new claim: "second explosion", "another attack".
_REPEAT = {
    "second": "2nd", "2nd": "2nd", "third": "3rd", "3rd": "3rd", "fourth": "4th", "4th": "4th",
    "fifth": "5th", "5th": "5th", "another": "another", "secondary": "2nd",
    # "[fresh] airstrikes hit Beirut": one more, as "another" is; not "again", which reposts add
    # as a comment ("again??") or as a detail ("returned to shoot him again")
    "fresh": "another", "renewed": "another",
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
# A party claiming what it did or won ("IS claims responsibility", "party claims victory"): a
# stance of its own, which a third party's report of the same is not. The verb only: after it,
# one of these ("claims the lives of" is a toll, "claims of abuse" a noun); "declares" only
# before a victory ("declares victory" is "claims victory", "declares a state of emergency" no
# claim). Not "a tweet claiming that ...": the tweet is no party.
_CLAIM = {"claims", "claimed", "claim"}
_DECLARES = {"declares", "declared"}
_VICTORY = {"victory", "win"}
_CLAIMED = {
    "responsibility", "credit", "victory", "win", "control", "to", "it", "that", "he", "she",
    "they", "its", "their",
}  # fmt: skip
_DENY = {
    "deny", "denies", "denied", "denying", "denial", "refute", "refutes", "refuted", "rejects",
    "rejected", "dismisses", "dismissed", "debunk", "debunks", "debunked", "retracts",
    "retracted", "dementi", "desmiente", "dementiert",
}  # fmt: skip


# "rejects"/"dismisses" deny a claim only when a claim is what they reject: "rejects reports of
# ..." but not "the senate rejected Jeff Sessions" or "California rejects abolishing ...".
_DENY_WEAK = {"rejects", "rejected", "dismisses", "dismissed"}
_CLAIM_WORDS = {
    "claim", "claims", "report", "reports", "allegation", "allegations", "accusation",
    "accusations", "rumor", "rumors", "rumour", "rumours", "charge", "charges", "story",
    "stories", "speculation", "suggestion", "suggestions", "assertion", "assertions",
}  # fmt: skip


# A planned, threatened or possible event is not the event.
_MODAL = {
    "prepare", "prepares", "preparing", "preparation", "preparations", "plan", "plans",
    "planning", "planned", "plot", "plots", "plotting", "threaten", "threatens", "threatened",
    "threatening", "threat", "threats", "consider", "considers", "considering", "weighs",
    "weighing", "poised", "expected", "expects", "may", "might", "could", "would", "will", "can",
    "intends", "intend", "imminent", "mulls", "mulling", "vows", "vow", "readying", "readies",
    "set", "about", "soon", "likely", "possible", "potential", "warns", "scheduled", "schedules",
    # advice and offers are not the act: "police recommend charging" vs "prosecutor charges"
    "recommend", "recommends", "recommended", "urges", "urged", "proposes", "proposed",
    # a hint, or "going to" as a post writes it: "ECB signals a cut", "gonna make it paid"
    "signals", "signalled", "signaled", "hints", "hinted", "gonna", "pledges", "pledge",
    "pledged",
}  # fmt: skip
# Modals of possibility, not of plan or intent.
# ... and what is only weighed: "is considering requiring" is not "will require"
_WEIGHING = frozenset(["consider", "considers", "considering", "weighs", "weighing", "mulls",
                       "mulling"])  # fmt: skip
_EPISTEMIC = frozenset(["may", "might", "could", "would", "can", *_WEIGHING])
# "possibly Syria" hedges a place, not the event; "set to [launch]", "likely to [strike]" plan it.
_MODAL_WEAK = {"likely", "possible", "potential", "soon", "about", "set", "warns", "scheduled"}
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
# "drops bid to [acquire]", "scraps plan for [tax]": the plan is off, as "refuses to" says.
_ABANDONING = {
    "drops", "dropped", "abandons", "abandoned", "scraps", "scrapped", "withdraws", "withdrew",
    "ends", "ended", "shelves", "shelved",
}  # fmt: skip
_PLANS = {
    "bid", "plan", "plans", "offer", "proposal", "pursuit", "takeover", "attempt", "vote",
    "motion", "effort", "launch", "mission", "test",
}  # fmt: skip
# "coup attempt fails", "failed takeover bid": the plan came to nothing
_FAILING = {
    "fails", "failed", "fail", "foiled", "thwarted", "scrubbed", "scrubs", "aborted", "aborts",
}  # fmt: skip
# "declares Ebola outbreak over", "strike called off": what is over did happen, and ended
_CAN_BE_OVER = {
    "outbreak", "war", "strike", "crisis", "lockdown", "pandemic", "emergency", "siege",
    "standoff", "shutdown", "season", "drought", "epidemic",
}  # fmt: skip
# Verbs that are planned after a headline's "to" besides events and outcomes: "Intel to lay
# off 15%" is not "Intel lays off 15%"
# What moves a planned thing to later: it has not happened ("delays" only as a verb: see facts)
_DELAYING = frozenset(
    ["postpones", "postponed", "postpone", "delays", "delayed", "defers", "deferred"]
)
# "workers vote to [strike]": a strike planned
_VOTING = frozenset(["vote", "votes", "voted", "voting"])
# "passengers face [delays]": a noun, no postponement
_NOUN_BEFORE_DELAYS = frozenset([
    "face", "faces", "facing", "faced", "cause", "causes", "causing", "caused", "major", "more",
    "further", "long", "severe", "no", "any", "the", "of", "with", "amid", "and", "expect",
    "expects", "expected", "flight", "travel", "traffic",
])  # fmt: skip
# Who a text quotes: "[Kyiv] says", "[Russia]'s defence ministry said"
_SAYS = frozenset(["says", "said", "claims", "claimed", "reports", "reported", "tells", "told"])
_PLANNABLE = {
    "lay", "hire", "merge", "appoint", "announce", "unveil", "recognise", "recognize", "vote",
    "hold", "deploy", "send", "visit", "join", "leave", "expel", "deport", "extradite", "sue",
    "charge", "build", "introduce", "deliver", "buy", "acquire", "sell", "invest", "release",
    "pay", "return",
}  # fmt: skip
# "storm watch" and "storm warning" are two alerts: each form of a level, and the level
_ALERT_LEVEL = {
    form: level
    for level, forms in (
        ("watch", "watch watches"), ("warning", "warning warnings"),
        ("advisory", "advisory advisories"), ("alert", "alert alerts"),
        ("emergency", "emergency emergencies"),
    )
    for form in forms.split()
}  # fmt: skip
_ALERT = re.compile(
    r" (?:storm|hurricane|tornado|flood|tsunami|blizzard|heat|winter|fire|weather|typhoon|"
    r"cyclone|gale|wind) (" + "|".join(sorted(_ALERT_LEVEL, key=len, reverse=True)) + ") "
)
_ALERT_TOKENS = frozenset(_ALERT_LEVEL)  # most texts name none, and skip the regex
# The stage or kind of one event, each ruling out the others: "wins semi-final" is not "wins
# final", "peace treaty" not "ceasefire", "mistrial" not "verdict". Phrases as normalize()
# writes them ("semi-final" is "semi final"), longest first so "semi final" is no "final".
_STAGE_OF = {
    **dict.fromkeys(("semi final", "semi finals", "semifinal", "semifinals", "semis"), "semifinal"),
    **dict.fromkeys(("quarter final", "quarter finals", "quarterfinal", "quarterfinals"),
                    "quarterfinal"),
    **dict.fromkeys(("runoff", "runoffs", "second round"), "runoff"),
    "first round": "first round",
    **dict.fromkeys(("caucus", "caucuses"), "caucus"),
    **dict.fromkeys(("referendum", "referendums"), "referendum"),
    **dict.fromkeys(("municipal elections", "municipal election", "local elections",
                     "local election"), "local elections"),
    "special election": "special election",
    **dict.fromkeys(("peace treaty", "peace deal", "peace agreement"), "peace deal"),
    **dict.fromkeys(("ceasefire", "truce", "armistice"), "ceasefire"),
    **dict.fromkeys(("ceasefire talks", "truce talks", "peace talks", "talks on a ceasefire",
                     "talks on ceasefire", "talks on a truce", "ceasefire negotiations",
                     "truce negotiations", "peace negotiations"), "talks"),
    "humanitarian pause": "humanitarian pause",
    **dict.fromkeys(("summit", "in person summit"), "summit"),
    **dict.fromkeys(("phone call", "video call"), "call"),
    "martial law": "martial law",
    "state of emergency": "state of emergency",
    "mistrial": "mistrial",
    "verdict": "verdict",
    "jury selection": "jury selection",
    "closing arguments": "closing arguments",
    "opening statements": "opening statements",
    "recount": "recount",
    "audit": "audit",
    "aftershock": "aftershock",
    "foreshock": "foreshock",
    "stock split": "split",
    **dict.fromkeys(("reverse stock split", "reverse split"), "reverse split"),
    "impeachment inquiry": "impeachment inquiry",
    **dict.fromkeys(("impeach", "impeaches", "impeached"), "impeach"),
    **dict.fromkeys(("censure", "censures", "censured"), "censure"),
    "static fire test": "static fire",
    "test flight": "test flight",
    "spacewalk": "spacewalk",
}  # fmt: skip
# the colour of a weather warning: "red weather warning" is not "amber weather warning"
for _colour in ("red", "amber", "yellow", "orange"):
    for _hazard in ("", "weather ", "wind ", "rain ", "snow ", "heat ", "storm ", "flood "):
        for _level in ("warning", "warnings", "alert", "alerts"):
            _STAGE_OF[f"{_colour} {_hazard}{_level}"] = _colour
# "final" and "primary" are stages only where a round or a vote is meant: not "final death
# toll", "primary school"
_ROUND_AFTER = (
    "in|on|at|against|vs|v|after|with|of|to|for|match|game|tie|series|race|election|elections|"
    "vote|contest|win|victory|results|debate|runoff"
)
_STAGE_OF |= {"final": "final", "finals": "final", "primary": "primary", "primaries": "primary"}
_STAGE = re.compile(
    " ("
    + "|".join(
        sorted(map(re.escape, _STAGE_OF.keys() - {"final", "primary"}), key=len, reverse=True)
    )
    + rf"|(?:final|primary)(?= (?:{_ROUND_AFTER}) | $))(?= )"
)
# the longest token of each stage phrase, which is seldom common ("in", "state", "off"): most
# texts have none, and skip the regex
_STAGE_TOKENS = frozenset(max(phrase.split(), key=len) for phrase in _STAGE_OF)
# A court "denies" a request: a ruling, not a denial of a claim
_REQUESTS = {
    "request", "requests", "motion", "motions", "appeal", "appeals", "bail", "petition",
    "petitions", "bid", "application", "permit", "entry", "visa", "visas", "access", "parole",
    "injunction", "stay", "extradition",
}  # fmt: skip
# "avoids bankruptcy", "rules out talks", "has yet to confirm": the next word is not so
_RULING_OUT = {
    "avoids", "avoided", "avoid", "avoiding", "averts", "averted", "avert", "averting",
}  # fmt: skip
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
    ),  # "hit"/"struck" also describe crashes and quakes: see _ALSO_FITS
    "kill": (
        "kill", "kills", "killed", "killing", "dead", "death", "deaths", "die", "dies", "died",
        "dying", "fatal", "fatally", "fatalities", "slain", "murdered", "toll", "lifeless",
        "beheaded", "decapitated",
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
    "stab": ("stabbing", "stabbings", "stabbed", "stab", "stabs", "knifeman", "knife"),
    "crash": (
        "crash", "crashes", "crashed", "collide", "collided", "collides", "collision", "wreckage",
    ),
    "ram": ("ram", "ramming", "rammed"),  # not "rams": a team
    "hijack": (
        "hijack", "hijacked", "hijacking", "hijackers", "hijacker", "seize", "seizes", "seized",
    ),
    "sink": ("sank", "sunk", "capsize", "capsizes", "capsized"),  # not "sinks": shares do
    "stampede": ("stampede", "stampedes", "crush"),
    "rob": ("robbery", "robberies", "robbed", "heist"),
    "leak": ("leak", "leaks", "leaking"),
    "derail": ("derail", "derailed", "derailment", "derails"),
    "arrest": (
        "arrest", "arrests", "arrested", "detain", "detained", "detains", "custody", "captured",
        "apprehended", "charged", "indicted",
    ),
    "resign": ("resign", "resigns", "resigned", "resignation", "quits", "quit", "ousted"),
    "evacuate": ("evacuate", "evacuated", "evacuates", "evacuation", "evacuating"),
    "quake": ("earthquake", "quake", "tremor", "aftershock"),
    "storm": ("typhoon", "hurricane", "cyclone", "tornado", "tornadoes", "twister", "twisters"),
    "flood": (
        "flood", "floods", "flooding", "flooded", "floodwaters", "overflow", "overflows",
        "overflowed", "overflowing",
    ),
    "landslide": ("landslide", "landslides", "mudslide", "mudslides", "avalanche", "avalanches"),
    "collapse": ("collapse", "collapses", "collapsed", "burst", "bursts"),
    "lockout": ("lockout", "lockouts"),
    "erupt": ("eruption", "eruptions", "erupts", "erupted", "erupting"),
    "hostage": ("hostage", "hostages", "siege", "barricaded"),
    "recall": ("recall", "recalls", "recalled"),
    "probe": ("investigates", "investigating", "investigation", "probe", "probes", "probing"),
    "kidnap": (
        "kidnap", "kidnaps", "kidnapped", "kidnapping", "abduct", "abducts", "abducted",
        "abduction",
    ),
    "fire": ("fire", "fires", "blaze", "burning", "ablaze", "flames", "smoke"),
    "launch": ("launch", "launches", "launched", "intercepted", "intercepts"),
    # "emergency landing", "flight diverted": no crash
    "land": ("landing", "landed", "lands", "diverted", "diverts", "divert"),
}  # fmt: skip
# Verbs whose subject and object are who acted and who suffered: "gunman killed by police" is
# not "police officer killed by gunman".
_ROLE_VERBS = {
    "kill", "kills", "killed", "shoot", "shoots", "shot", "attack", "attacks", "attacked",
    "stab", "stabs", "stabbed", "wound", "wounds", "wounded", "injures", "injured", "murders",
    "murdered", "slain", "assaults", "assaulted", "assaulting", "sues", "sued", "loan", "loans",
    "loaned", "sign", "accuse", "accuses", "beats", "beat", "defeats", "defeated", "endorses",
    "endorsed",
}  # fmt: skip
# "crew unharmed": no deaths or injuries, as "no injuries" says.
_UNHARMED = {"unharmed", "unhurt", "uninjured", "unscathed"}
# "found alive", "Putin survives": no death, unless the text reports one itself
_SURVIVED = {"alive", "survives", "survived", "survive", "freed", "rescued"}
# "crew safe", "passengers are safe", but not "safe zone": "safe" says unharmed only after people
# or a copula, and not before a noun it qualifies.
_SAFE_AFTER = {
    "crew", "crews", "passengers", "everyone", "all", "sailors", "hostages", "students",
    "children", "staff", "residents", "people", "pilot", "pilots", "is", "are", "was", "were",
    "remain", "remains", "reported", "declared", "accounted",
}  # fmt: skip
_SAFE_NOT_BEFORE = {
    "zone", "zones", "haven", "havens", "house", "houses", "passage", "place", "places", "space",
    "spaces", "harbor", "harbour", "room", "rooms", "mode", "distance", "route", "routes",
}  # fmt: skip
_EVENT_OF = dict(_entries(_EVENTS))
# Events as bare verbs: after "to" they are planned ("Russia to strike Kyiv")
_BARE_EVENTS = frozenset(
    w
    for w in _EVENT_OF
    if w in {
        "attack", "strike", "bomb", "raid", "invade", "hit", "kill", "die", "injure", "wound",
        "shoot", "stab", "crash", "collide", "derail", "arrest", "detain", "resign", "quit",
        "evacuate", "launch", "explode", "hijack", "fire",
    }
)  # fmt: skip
# Event words that name a thing and so can head a planned event: "[Typhoon] to hit Taiwan",
# "[Rocket] Lab to launch"
_EVENT_NOUNS = frozenset([
    "rocket", "rockets", "missile", "missiles", "mortar", "mortars", "airstrike", "airstrikes",
    "gunman", "gunmen", "shooter", "knifeman", "earthquake", "quake", "tremor", "aftershock",
    "typhoon", "hurricane", "cyclone", "tornado", "tornadoes", "storm", "flood", "floods",
    "floodwaters", "fire", "fires", "blaze", "flames", "landslide", "landslides", "avalanche",
    "hijackers", "hijacker", "toll", "explosion", "explosions", "blast", "blasts", "offensive",
    "hostage", "hostages", "siege",
])  # fmt: skip
# "response to attack", "first to win", "used to buy", "fails to pass": no plan
_TO_NO_PLAN = _NEGATING_VERBS | {
    "response", "responding", "reaction", "reacting", "respond", "responds", "retaliation",
    "tribute", "prior", "due", "related", "linked", "tied", "connected", "leading", "led",
    "first", "last", "used", "how", "where", "what", "up", "close", "next", "according", "out",
    "want", "wants", "wanted", "try", "tries", "tried", "returned", "returns", "went", "goes",
    "came", "comes", "need", "needs", "had", "has", "have", "able", "ability", "seek", "seeks",
    "seeking", "sought",
    "continue", "continues", "appears", "appear", "seems", "seem",
}  # fmt: skip
# Who did it: "the shooter is dead" is not "a TSA agent was killed"
_ATTACKERS = {
    "shooter", "shooters", "gunman", "gunmen", "suspect", "suspects", "attacker", "attackers",
    "bomber", "bombers", "assailant", "assailants", "hijacker", "hijackers", "terrorist",
    "terrorists", "perpetrator", "knifeman",
}  # fmt: skip
# The words that say someone died, as against "death penalty", "shooting death", "fatal"
_DIED_WORDS = {
    "dead", "killed", "died", "dies", "slain", "murdered", "kills", "killing", "kill", "perished",
}  # fmt: skip
# Event words that are verbs, not nouns a name can carry ("[bombing] suspect")
_VERB_FORMS = {"shot", "hit", "struck", "blew", "shoot", "shoots", "hits", "stabs", "quit"}
_SHOOT_DEAD = {"shoot", "shoots", "shot"}
# "police use tear gas to disperse": the "to" of a means
_USING = {"use", "uses", "using", "used", "fire", "fires", "fired", "deploy", "deploys"}
_PREPOSITIONS = {"in", "at", "of", "by", "near", "from", "on", "for", "with", "outside", "inside"}
# Words between a death and who died: "the shooter [is now] dead"
_COPULAS = {
    "is", "was", "are", "were", "been", "be", "has", "have", "now", "reportedly", "reported",
    "found", "presumed", "confirmed", "feared", "declared", "pronounced", "believed", "also",
    "already", "likely",
}  # fmt: skip
# Verbs whose count follows them: "kills [four]", "injuring [63]"; "[4] dead" precedes.
_COUNT_AFTER = {
    "kill", "kills", "killing", "injure", "injures", "injuring", "wound", "wounds", "wounding",
    "hurting", "hurts",
}  # fmt: skip
_COUNT_EITHER_WAY = {"killed", "injured", "wounded", "hurt", "slain", "murdered"}
# Deaths and injuries: counted in one text only, they are news (see _new_toll).
_OUTCOMES = frozenset(["kill", "injure"])
# Injuries are what an attack, shooting, crash or blast caused: "attack on teen" and "beating
# ... hospitalized" report one event. Deaths are not: "officer shot" and "officer killed" are
# two reports ("fatally shot" names both, so it agrees with "killing").
_CAUSES = frozenset([
    "attack", "shoot", "stab", "crash", "hijack", "derail", "explode", "quake", "flood", "fire",
    "storm",
])  # fmt: skip
# Event words (stemmed) that also fit other classes. "bus hits truck", "quake struck": an impact
# verb alone is no attack; it fits a crash or quake. "bombing" is an attack and "bomb" a blast,
# yet "bomb suspect" and "bombing suspect" are one event.
_IMPACT_FITS = frozenset(["crash", "derail", "quake"])
_ALSO_FITS: dict[str, frozenset[str]] = {
    "hit": _IMPACT_FITS,
    "struck": _IMPACT_FITS,
    "bomb": frozenset(["attack", "explode"]),
    "bombing": frozenset(["attack", "explode"]),  # "bombings" keeps its "ing"
    "ramm": frozenset(["crash"]),  # "helicopter rammed into a pub" crashed
}
_IMPACT_STEMS = frozenset(w for w, fits in _ALSO_FITS.items() if fits is _IMPACT_FITS)

# The weapon is part of the claim: "drone attack on base" and "rockets fired at base" are two
# reports until someone says otherwise. Only a substitution conflicts, as with places.
_WEAPONS: dict[str, tuple[str, ...]] = {
    "drone": ("drone", "drones", "uav", "uavs", "shahed"),
    "rocket": ("rocket", "rockets", "katyusha"),
    "missile": ("missile", "missiles"),
    # a ballistic missile is not a cruise missile; either is "a missile"
    "ballistic": ("ballistic",),
    "cruise": ("cruise",),
    "mortar": ("mortar", "mortars", "artillery", "shelling", "shelled", "shells"),
    "bomb": ("ied", "ieds", "car bomb", "roadside"),
    "gun": ("gunfire", "gunmen", "gunman", "rifle", "shooting"),
}  # fmt: skip
_WEAPON_OF, _WEAPON_PHRASES = _split(_entries(_WEAPONS))
# The kind of building or vehicle is part of the claim, as the weapon is: "gunman opens fire at
# synagogue" vs "... at mosque", "train collides with bus" vs "... with truck". Not "hospital":
# victims are taken there.
_TARGETS: dict[str, tuple[str, ...]] = {
    "synagogue": ("synagogue", "synagogues"),
    "mosque": ("mosque", "mosques"),
    "church": ("church", "churches", "cathedral", "chapel"),
    "temple": ("temple", "temples"),
    "school": ("school", "schools", "kindergarten"),
    "pharmacy": ("pharmacy", "pharmacies"),
    "warehouse": ("warehouse", "warehouses", "depot", "depots"),
    "hospital": ("hospital", "hospitals", "clinic"),
    "university": ("university", "universities", "college", "campus"),
    "mall": ("mall", "malls"),
    "airport": ("airport", "airports"),
    "embassy": ("embassy", "embassies", "consulate"),
    "stadium": ("stadium", "arena"),
    "hotel": ("hotel", "hotels"),
    "nightclub": ("nightclub", "nightclubs"),
    "concert": ("concert", "festival"),
    "bus": ("bus", "buses"),
    "truck": ("truck", "trucks", "lorry", "lorries"),
    "suv": ("suv", "suvs"),
    "train": ("train", "trains", "tram", "trams"),
    "plane": ("plane", "planes", "jet", "jets", "airliner", "aircraft"),
    "helicopter": ("helicopter", "helicopters", "chopper"),
    "ship": ("ship", "ships", "vessel", "vessels", "ferry", "boat"),  # "tanker": truck or ship
}  # fmt: skip
_TARGET_OF = dict(_entries(_TARGETS))
# "taken to hospital", "flown from the airport": where people went, not what was hit
_NOT_TARGET_AFTER = {"to", "from"}
# "wildfire in northern California" is not "in southern California"
_REGION_OF = {
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
    "northeastern": "northeast", "northwestern": "northwest", "southeastern": "southeast",
    "southwestern": "southwest",
}  # fmt: skip

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
    # more countries, so that "Romania's court" and "Romanian court" name one place
    "romanian": "romania", "dutch": "netherlands", "thai": "thailand", "filipino": "philippines",
    "philippine": "philippines", "indonesian": "indonesia", "vietnamese": "vietnam",
    "bangladeshi": "bangladesh", "nepali": "nepal", "nepalese": "nepal", "cambodian": "cambodia",
    "malaysian": "malaysia", "argentine": "argentina", "argentinian": "argentina",
    "chilean": "chile", "peruvian": "peru", "bolivian": "bolivia", "kenyan": "kenya",
    "nigerian": "nigeria", "ethiopian": "ethiopia", "greek": "greece", "italian": "italy",
    "spanish": "spain", "portuguese": "portugal", "norwegian": "norway", "finnish": "finland",
    "danish": "denmark", "swiss": "switzerland", "austrian": "austria", "belgian": "belgium",
    "irish": "ireland", "canadian": "canada", "australian": "australia", "mexican": "mexico",
    "brazilian": "brazil", "colombian": "colombia", "venezuelan": "venezuela", "cuban": "cuba",
    "haitian": "haiti", "serbian": "serbia", "georgian": "georgia", "armenian": "armenia",
    "azerbaijani": "azerbaijan", "moldovan": "moldova",
    # the rest of Europe, Africa, Asia and the Americas whose demonym is no common word
    "slovak": "slovakia", "slovakian": "slovakia", "slovenian": "slovenia", "czech": "czech",
    "croatian": "croatia", "bosnian": "bosnia", "albanian": "albania", "bulgarian": "bulgaria",
    "macedonian": "macedonia", "montenegrin": "montenegro", "kosovar": "kosovo",
    "estonian": "estonia", "latvian": "latvia", "lithuanian": "lithuania",
    "icelandic": "iceland", "cypriot": "cyprus", "maltese": "malta", "scottish": "scotland",
    "welsh": "wales", "ugandan": "uganda", "rwandan": "rwanda", "congolese": "congo",
    "ghanaian": "ghana", "senegalese": "senegal", "tunisian": "tunisia", "algerian": "algeria",
    "moroccan": "morocco", "zimbabwean": "zimbabwe", "zambian": "zambia",
    "mozambican": "mozambique", "angolan": "angola", "tanzanian": "tanzania",
    "cameroonian": "cameroon", "malian": "mali", "eritrean": "eritrea", "burmese": "myanmar",
    "kazakh": "kazakhstan", "uzbek": "uzbekistan", "kyrgyz": "kyrgyzstan", "tajik": "tajikistan",
    "turkmen": "turkmenistan", "mongolian": "mongolia", "singaporean": "singapore",
    "lankan": "lanka", "ecuadorian": "ecuador", "uruguayan": "uruguay",
    "paraguayan": "paraguay", "nicaraguan": "nicaragua", "guatemalan": "guatemala",
    "honduran": "honduras", "panamanian": "panama", "jamaican": "jamaica",
}  # fmt: skip
_ALIASES = {
    "usa": "us", "u.s": "us", "america": "us", "britain": "uk", "turkiye": "turkey",
    "hezbollahs": "hezbollah", "hamass": "hamas", "isil": "isis", "daesh": "isis",
    "lax": "angeles",  # the airport is in Los Angeles
    "scotus": "court",  # the Supreme Court
    "nyc": "york", "ny": "york", "fed": "reserve", "nypd": "police", "lapd": "police", "cops": "police",
    "tx": "texas", "calif": "california", "socal": "california", "norcal": "california",
    "kiev": "kyiv", "zelenskyy": "zelensky", "zelenskiy": "zelensky", "odessa": "odesa",
    # Russian and Ukrainian spellings, older transliterations
    "nikolaev": "mykolaiv", "nikolayev": "mykolaiv", "chernigov": "chernihiv",
    "zaporozhye": "zaporizhzhia", "zaporizhia": "zaporizhzhia", "artyomovsk": "bakhmut",
    "artemivsk": "bakhmut", "lugansk": "luhansk", "dnepr": "dnipro", "lvov": "lviv",
    "kharkov": "kharkiv", "teheran": "tehran", "huthi": "houthis", "huthis": "houthis",
    "qaida": "qaeda", "hizbollah": "hezbollah", "hizbullah": "hezbollah",
    "fla": "florida", "burma": "myanmar",
}  # fmt: skip
_NAME_OF = _DEMONYMS | _ALIASES
# Names that wires write as initials and reposts spell out (or the reverse), as normalize()
# writes them. The similarity reads each spelling as its initials.
_SPELT_OUT: dict[str, tuple[str, ...]] = {
    "nato": ("north atlantic treaty organization", "north atlantic treaty organisation"),
    "who": ("world health organization", "world health organisation"),
    "imf": ("international monetary fund",),
    "fbi": ("federal bureau of investigation",),
    "cia": ("central intelligence agency",),
    "ecb": ("european central bank",),
    "eu": ("european union",),
    "un": ("united nations",),
    "unsc": ("un security council", "united nations security council"),
    "unicef": ("united nations childrens fund",),
    "unhcr": ("un refugee agency", "united nations refugee agency"),
    "uae": ("united arab emirates",),
    "uk": ("united kingdom",),
    "us": ("united states", "u s"),
    "drc": ("democratic republic of congo", "democratic republic of the congo", "dr congo"),
    "gdp": ("gross domestic product",),
    "ons": ("office for national statistics",),
    "sec": ("securities and exchange commission",),
    "cdc": ("centers for disease control and prevention", "centers for disease control"),
    "faa": ("federal aviation administration",),
    "fda": ("food and drug administration",),
    "ntsb": ("national transportation safety board",),
    "nhc": ("national hurricane center",),
    "nws": ("national weather service",),
    "iaea": ("international atomic energy agency",),
    "icc": ("international criminal court",),
    "icj": ("international court of justice",),
    "opec": ("organization of the petroleum exporting countries",),
    "doj": ("department of justice", "justice department"),
    "dhs": ("department of homeland security",),
    "boe": ("bank of england",),
    "boj": ("bank of japan",),
    "pm": ("prime minister",),
    "idf": ("israel defense forces", "israel defence forces", "israeli defense forces"),
    "irgc": ("islamic revolutionary guard corps",),
    "etf": ("exchange traded fund",),
    "etfs": ("exchange traded funds",),
    "ai": ("artificial intelligence",),
    "ev": ("electric vehicle",),
    "evs": ("electric vehicles",),
    "nasa": ("national aeronautics and space administration",),
    "ioc": ("international olympic committee",),
    "wto": ("world trade organization",),
    "asean": ("association of southeast asian nations",),
    "ntc": ("national transitional council",),
    "rsf": ("rapid support forces",),
    "hts": ("hayat tahrir al sham",),
}
# A city or region inside a country the other text names is detail, not a substitution:
# "London startup" vs "UK startup", "Moscow uses Interpol" vs "Russia pursues". Two cities, or
# two countries, still conflict.
_IN_COUNTRY: dict[str, str] = {
    "baghdad": "iraq", "erbil": "iraq", "mosul": "iraq", "basra": "iraq", "anbar": "iraq",
    "damascus": "syria", "aleppo": "syria", "idlib": "syria", "homs": "syria", "deir": "syria",
    "beirut": "lebanon", "tehran": "iran", "tel": "israel", "aviv": "israel", "haifa": "israel",
    "kyiv": "ukraine", "kiev": "ukraine", "kharkiv": "ukraine", "odesa": "ukraine",
    "mykolaiv": "ukraine", "chernihiv": "ukraine", "dnipro": "ukraine", "sumy": "ukraine",
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
    "chicago": "us", "houston": "us", "dallas": "us", "angeles": "us",
    "louisiana": "us",
    # states whose names are no common word or first name
    "alabama": "us", "alaska": "us", "arizona": "us", "arkansas": "us", "colorado": "us",
    "connecticut": "us", "delaware": "us", "hawaii": "us", "idaho": "us", "illinois": "us",
    "indiana": "us", "iowa": "us", "kansas": "us", "kentucky": "us", "maryland": "us",
    "massachusetts": "us", "michigan": "us", "minnesota": "us", "mississippi": "us",
    "missouri": "us", "montana": "us", "nebraska": "us", "nevada": "us", "ohio": "us",
    "oklahoma": "us", "oregon": "us", "pennsylvania": "us", "tennessee": "us", "utah": "us",
    "vermont": "us", "wisconsin": "us", "wyoming": "us", "carolina": "us", "dakota": "us",
    # capitals and large cities, so that a lower-case post names them too ("protests in
    # nairobi"); not those that are a club, a first name or a word as well (Madrid, Sydney,
    # Phoenix), nor those in two countries (Tripoli, Hyderabad)
    "nairobi": "kenya", "mombasa": "kenya", "kampala": "uganda", "kigali": "rwanda",
    "kinshasa": "congo", "goma": "congo", "accra": "ghana", "dakar": "senegal",
    "lagos": "nigeria", "abuja": "nigeria", "kano": "nigeria", "addis": "ethiopia",
    "mogadishu": "somalia", "khartoum": "sudan", "omdurman": "sudan", "darfur": "sudan",
    "benghazi": "libya", "tunis": "tunisia", "algiers": "algeria", "rabat": "morocco",
    "casablanca": "morocco", "harare": "zimbabwe", "lusaka": "zambia", "maputo": "mozambique",
    "luanda": "angola", "dhaka": "bangladesh", "kathmandu": "nepal", "yangon": "myanmar",
    "bangkok": "thailand", "hanoi": "vietnam", "manila": "philippines", "jakarta": "indonesia",
    "phnom": "cambodia", "astana": "kazakhstan", "almaty": "kazakhstan",
    "tashkent": "uzbekistan", "bishkek": "kyrgyzstan", "mumbai": "india", "kolkata": "india",
    "chennai": "india", "bengaluru": "india", "lahore": "pakistan", "peshawar": "pakistan",
    "quetta": "pakistan", "kandahar": "afghanistan", "herat": "afghanistan",
    "shanghai": "china", "shenzhen": "china", "wuhan": "china", "osaka": "japan",
    "busan": "korea", "jeddah": "saudi", "mecca": "saudi", "muscat": "oman",
    "manama": "bahrain", "amman": "jordan", "isfahan": "iran", "tabriz": "iran",
    "mashhad": "iran", "kirkuk": "iraq", "najaf": "iraq", "karbala": "iraq", "raqqa": "syria",
    "latakia": "syria", "tartus": "syria", "sidon": "lebanon", "eilat": "israel",
    "ashdod": "israel", "ashkelon": "israel", "hebron": "palestine", "ramallah": "palestine",
    "izmir": "turkey", "antalya": "turkey", "lisbon": "portugal", "rome": "italy",
    "naples": "italy", "athens": "greece", "vienna": "austria", "prague": "czech",
    "warsaw": "poland", "krakow": "poland", "budapest": "hungary", "bucharest": "romania",
    "belgrade": "serbia", "zagreb": "croatia", "sarajevo": "bosnia", "tirana": "albania",
    "brussels": "belgium", "antwerp": "belgium", "amsterdam": "netherlands",
    "rotterdam": "netherlands", "copenhagen": "denmark", "stockholm": "sweden",
    "oslo": "norway", "helsinki": "finland", "reykjavik": "iceland", "dublin": "ireland",
    "edinburgh": "uk", "belfast": "uk", "croydon": "uk", "england": "uk", "scotland": "uk",
    "wales": "uk", "geneva": "switzerland",
    "zurich": "switzerland", "hamburg": "germany", "frankfurt": "germany",
    "cologne": "germany", "marseille": "france", "lyon": "france", "tallinn": "estonia",
    "riga": "latvia", "vilnius": "lithuania", "minsk": "belarus", "chisinau": "moldova",
    "yerevan": "armenia", "baku": "azerbaijan", "kursk": "russia", "belgorod": "russia",
    "sochi": "russia", "kazan": "russia", "novosibirsk": "russia", "toronto": "canada",
    "montreal": "canada", "vancouver": "canada", "ottawa": "canada", "calgary": "canada",
    "bogota": "colombia", "medellin": "colombia", "caracas": "venezuela", "quito": "ecuador",
    "guayaquil": "ecuador", "lima": "peru", "brasilia": "brazil", "montevideo": "uruguay",
    "havana": "cuba", "tijuana": "mexico", "guadalajara": "mexico", "monterrey": "mexico",
    "culiacan": "mexico", "oaxaca": "mexico", "acapulco": "mexico", "managua": "nicaragua",
    "seattle": "us", "miami": "us", "atlanta": "us", "denver": "us", "philadelphia": "us",
    "detroit": "us", "baltimore": "us", "minneapolis": "us", "nashville": "us",
    "memphis": "us", "honolulu": "us", "pittsburgh": "us", "milwaukee": "us",
    "sacramento": "us", "melbourne": "australia", "brisbane": "australia",
    "canberra": "australia", "auckland": "zealand", "christchurch": "zealand",
}  # fmt: skip
# Countries (and peoples), then the cities and regions above and their countries, then contested
# places that are in no one country on purpose.
_PLACES = (
    {
        "iran", "iraq", "syria", "israel", "russia", "ukraine", "us", "lebanon", "yemen",
        "china", "turkey", "egypt", "saudi", "jordan", "afghanistan", "pakistan", "india", "uk",
        "france", "germany", "palestine", "qatar", "uae", "kuwait", "bahrain", "oman", "libya",
        "sudan", "korea", "japan", "taiwan", "belarus", "poland", "kurds", "somalia", "mali",
        "niger", "nigeria", "ethiopia", "eritrea", "kenya", "armenia", "azerbaijan", "georgia",
        "moldova", "romania", "serbia", "kosovo", "venezuela", "cuba", "mexico", "canada",
        "brazil", "colombia", "haiti", "hungary", "sweden", "netherlands",
        "thailand", "philippines", "indonesia", "vietnam", "bangladesh", "nepal", "cambodia",
        "malaysia", "argentina", "chile", "peru", "bolivia", "greece", "italy", "spain",
        "portugal", "norway", "finland", "denmark", "switzerland", "austria", "belgium",
        "ireland", "australia",
        # no common word or first name ("Chad", "Guinea" are left out)
        "slovakia", "slovenia", "bulgaria", "macedonia", "montenegro", "cyprus", "malta",
        "iceland", "tanzania", "cameroon", "singapore", "mongolia", "lanka", "paraguay",
        "guatemala", "honduras", "panama", "jamaica", "tajikistan", "turkmenistan",
    }
    | set(_IN_COUNTRY)
    | set(_IN_COUNTRY.values())  # the country of every city above
    | {"jerusalem", "golan"}
)  # fmt: skip
_ACTORS = {
    "hamas", "hezbollah", "houthis", "idf", "irgc", "nato", "pentagon", "kremlin", "taliban",
    "isis", "isil", "wagner", "quds", "mossad", "cia", "fbi", "eu", "biden",
    "trump", "putin", "zelensky", "zelenskyy", "netanyahu", "khamenei", "erdogan", "assad",
    "nasrallah", "sinwar", "xi", "modi", "macron", "scholz", "sunak", "starmer", "harris",
    "obama", "clinton", "iaea", "police", "army", "navy",
}  # fmt: skip
# Who speaks or acts for a country: "IDF confirms" is "Israel confirms".
_ARM_OF = {
    "idf": "israel", "mossad": "israel", "irgc": "iran", "quds": "iran", "pentagon": "us",
    "cia": "us", "fbi": "us", "kremlin": "russia",
}  # fmt: skip
# Parts of a city: "Bronx" is in New York, as "London" is in the UK
_IN_CITY = {
    "bronx": "york", "brooklyn": "york", "queens": "york", "manhattan": "york",
    "harlem": "york", "hollywood": "angeles", "westwood": "angeles",
}  # fmt: skip
# "Israel" is named by "IDF", and New York by "the Bronx", and the other way round
_SAME_SIDE: dict[str, tuple[str, ...]] = {}
# the Pentagon is the US defence department: "Department of Defense confirms ..."
for _part, _whole in (*_ARM_OF.items(), *_IN_CITY.items(), ("pentagon", "defence")):
    _SAME_SIDE[_part] = (*_SAME_SIDE.get(_part, ()), _whole)
    _SAME_SIDE[_whole] = (*_SAME_SIDE.get(_whole, ()), _part)
_WITHIN = frozenset(
    {*_IN_COUNTRY.items(), *_ARM_OF.items(), *_IN_CITY.items()}
    | {(c, p) for p, c in (*_IN_COUNTRY.items(), *_ARM_OF.items(), *_IN_CITY.items())}
)
# "The New York Times", "Washington Post": a place followed by one of these is an outlet name,
# attribution rather than where the story happened.
_OUTLET_WORDS = frozenset(
    ["times", "post", "tribune", "globe", "chronicle", "herald", "examiner", "gazette", "daily"]
)


_OUTLETS = frozenset([
    "ap", "reuters", "afp", "cnn", "bbc", "nbc", "cbs", "abc", "msnbc", "nyt", "wsj", "ani",
    "tass", "ria", "dpa", "efe", "upi", "bloomberg",
])  # fmt: skip
_STOP_CAPS = {
    "the", "a", "an", "and", "or", "but", "in", "on", "at", "of", "to", "for", "by", "with",
    "from", "as", "is", "are", "was", "were", "be", "it", "its", "this", "that", "breaking",
    "just", "update", "updated", "report", "reports", "video", "photo", "photos", "live",
    "watch", "developing", "urgent", "new", "news", "officials", "president",
    "minister", "state", "he", "she", "they", "we", "i", "you", "rt", "via", "after", "before",
    "us", "u", "mr", "mrs", "ms", "dr", "says", "said", "per", "according",
    # news outlets: who reports a claim is not what it claims
    *_OUTLETS,
    # first words of place names: "Los Angeles" is "angeles", "San Diego" is "diego"
    "los", "las", "san", "santa", "el", "la",
    # "IDd", "ID'd": identified; times of day and their zones
    # titles name no one: "Sen. Menendez" is "Senator Menendez", "PM" the "Prime Minister"
    "prime", "sen", "senator", "rep", "gov", "governor", "sec", "gen", "lt", "col", "sgt", "capt",
    "pres", "prof", "supt", "insp", "cmdr", "adm", "amb", "dept", "govt", "approx", "intl",
    "id", "idd", "ids", "am", "pm", "et", "est", "edt", "pt", "pst", "gmt", "utc", "bst", "cet",
    # "FT: Arsenal 3-1" is full time; month abbreviations are dates
    "ft", "full", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
}  # fmt: skip
# Words any source could be quoted as, and outlets: no party of their own
_ANY_SOURCE = frozenset(_STOP_CAPS) | {
    "official", "officials", "source", "sources", "authorities", "media", "local", "report",
    "reports", "reporters", "spokesman", "spokesperson", "spokeswoman", "statement", "people",
    "familiar", "matter", "their", "his", "her", "its", "our", "this", "that", "who", "which",
    "now", "also", "latest", "first", "multiple", "several", "some", "many", "senior", "it",
    "he", "she", "they", "we", "i", "you", "later", "earlier", "today", "tonight", "s",
}  # fmt: skip


_HELD = (
    "holds rates", "held rates", "keeps rates", "kept rates", "leaves rates", "holds interest",
    "keeps interest", "rates unchanged", "rates steady", "holds steady", "holds bank rate",
    "holds key rate", "holds benchmark", "holds policy rate", "holds key interest",
    "keeps key rate", "keeps bank rate", "keeps benchmark", "leaves key rate", "leaves bank rate",
    "leaves benchmark",
)  # fmt: skip
# Verbs of opposite outcome: "Hamas accepts the proposal" and "Hamas rejects the proposal" share
# every other word. Bare forms only where they are seldom nouns or particles: not "order",
# "close", "end", "up" ("executive order", "close to", "shut down"). Two-word entries are phrases.
_OPPOSITES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "accept",
        ("accepts", "accepted", "agrees", "agreed", "approves", "approved", "signs", "signed",
         "grants", "granted",
         "endorses", "endorsed", "backs", "backed", "passes", "upholds", "upheld", "ratifies",
         "ratified", "adopts", "adopted",
         # the bare forms a plural subject takes: "voters [approve]", "MPs [pass]"
         "accept", "agree", "approve", "endorse", "ratify", "uphold", "pass",
         # a vote's side
         "in favour", "in favor", "votes for", "voted for"),
        ("rejects", "rejected", "refuses", "refused", "vetoes", "vetoed", "blocks", "blocked",
         "opposes", "opposed", "overturns", "overturned", "strikes down", "struck down",
         "delays", "delayed", "postpones", "postponed",
         "reject", "refuse", "veto", "overturn", "votes against", "voted against"),
    ),
    (
        "raise",
        ("raises", "raised", "hikes", "hiked", "increases", "increased"),
        ("cuts", "cut", "lowers", "lowered", "reduces", "reduced", "slashes", "slashed"),
    ),
    ("win", ("wins", "won", "win", "beat", "beats", "defeat", "defeats", "defeated"),
     ("loses", "lost", "lose", "lose to", "loses to")),
    (
        "hold",
        ("arrested", "arrests", "detained", "detains", "jailed", "convicted", "indicted",
         "seizes", "seized", "kidnapped", "abducted", "in custody", "charged", "convicts",
         "convict", "guilty", "kidnap", "kidnaps", "abduct", "abducts",
         "placed on"),
        ("released", "releases", "freed", "frees", "free", "acquitted", "acquits", "exonerated",
         "escapes", "escaped", "at large", "returns from", "activated from"),
    ),
    (
        "order",
        ("orders", "ordered", "imposes", "imposed", "declares", "declared", "bans", "banned",
         "issue",
         "tightens", "tightened",
         "grounds", "grounded", "suspends", "suspended", "issued", "reimposed", "reimposes",
         "reimpose"),
        ("lifts", "lifted", "lift", "cancels", "cancelled", "canceled", "revokes", "revoked",
         "rescinds",
         "rescinded", "cleared to", "reinstates", "reinstated", "unbans"),
    ),
    (
        "open",
        ("opens", "opened", "reopens", "reopened", "polls open"),
        ("closes", "closed", "shuts", "shut", "polls close", "polls closed"),
    ),
    (
        "begin",
        ("begins", "began", "starts", "started", "resume", "resumes", "resumed", "takes effect",
         "took effect", "into effect"),
        # the bare verb too: "talks [collapse]" after a plural
        ("ends", "ended", "collapse", "collapses", "collapsed", "halts", "halted", "stall",
         "stalls", "stalled", "break down", "breaks down", "broke down"),
    ),
    (
        "rise",
        ("rise", "rises", "rose", "surge", "surges", "surged", "soar", "soars", "soared", "jump",
         "jumps", "jumped", "climb", "climbs", "climbed", "gains", "gained", "record high",
         # a market's close: "Nikkei closes up 3%"
         "going up", "goes up", "went up",
         "closes up", "closed up", "ends up", "closes higher", "closed higher", "ends higher",
         "ended higher", "shares up", "stocks up", "trading up"),
        ("fall", "falls", "fell", "drop", "drops", "dropped", "plunge", "plunges", "plunged",
         "tumble", "tumbles", "tumbled", "sinks", "sank", "slides", "slid", "slump", "slumps",
         "slumped", "record low",
         "going down",
         "closes down", "closed down", "ends down", "closes lower", "closed lower", "ends lower",
         "ended lower", "shares down", "stocks down", "trading down"),
    ),
    (
        "grade",
        ("upgraded", "upgrades", "strengthens", "strengthened", "intensifies", "intensified"),
        ("downgraded", "downgrades", "weakens", "weakened"),
    ),
    (
        "hospital",
        ("hospitalized", "hospitalised", "admitted to"),
        ("discharged", "leaves hospital", "left hospital", "released from"),
    ),
    (
        "enter",
        ("enter", "enters", "entered", "advance", "advances", "advanced", "rejoins", "rejoined",
         "moves into",
         "moved into"),
        ("withdraw", "withdraws", "withdrew", "withdrawn", "retreat", "retreats", "retreated",
         "pulls out", "pulled out", "pull out", "eliminated", "knocked out", "crashes out",
         "crashed out"),
    ),
    # "missile hits Eilat" is not "missile intercepted over Eilat"
    (
        "impact",
        ("hits", "slams", "slammed", "lands in", "landed in"),
        ("intercepted", "intercepts", "downed", "downs", "shot down", "shoots down"),
    ),
    (
        "power",
        ("restored", "restores", "power back", "back online", "back up"),
        ("outage", "outages", "blackout", "blackouts", "lose power", "lost power", "without power",
         "is down", "are down", "goes down", "went down", "down for", "down across",
         "down nationwide", "down worldwide", "down globally"),
    ),
    # a rate raised, or cut, is not a rate held
    ("hold up", ("raises", "raised", "hikes", "hiked"), _HELD),
    ("hold down", ("cuts", "lowers", "lowered", "slashes", "slashed"), _HELD),
    # "cancels flights" halts them, as "suspends talks" does: both also appear above
    (
        "halt",
        ("resume", "resumes", "resumed", "restart", "restarts", "restarted"),
        ("suspend", "suspends", "suspended", "grounds", "grounded", "cancels", "cancelled",
         "canceled", "halts", "halted", "pauses", "paused", "shut down", "shuts down"),
    ),
    # a date set is not the date moved: "Senate to vote tonight" vs "Senate postpones vote"
    (
        "schedule",
        ("scheduled", "set to", "to vote", "to meet", "on track to"),
        (*sorted(_DELAYING), "delay", "pushed back", "pushes back", "put off", "puts off",
         "rescheduled", "reschedules",
         # a court's stay: "Texas set to execute ..." vs "Court halts Texas execution"
         "halts", "halted", "stays", "stayed"),
    ),
    (
        "hire",
        ("hire", "hires", "hired", "hiring", "recruit", "recruits", "recruited", "to add",
         "appoint", "appoints", "appointed", "extend", "extends", "extended", "reinstates",
         "reinstated"),
        ("lay off", "lays off", "laid off", "layoffs", "to cut", "sack", "sacks", "sacked",
         "dismisses", "dismissed", "ousts", "ousted"),
    ),
    (
        "succeed",
        ("success", "successful", "succeeds", "succeeded", "enters orbit", "entered orbit",
         "reaches orbit", "reached orbit", "reaches summit", "reached summit",
         "reaches the summit", "reached the summit"),
        ("failure", "unsuccessful", "loses contact", "lost contact", "turns back", "turned back"),
    ),
    ("dock", ("docks", "docked", "docking"), ("undocks", "undocked", "undocking")),
    ("test", ("tested positive", "tests positive", "positive for"),
     ("tested negative", "tests negative", "negative for")),
    ("table", ("on the table",), ("off the table",)),
    # "avoids a shutdown" is not "fails to avoid a shutdown"
    (
        "avoid",
        ("avoids", "avoided", "averts", "averted"),
        ("fails to avoid", "failed to avoid", "fails to avert", "failed to avert"),
    ),
    (
        "buy",
        ("buy", "buys", "bought", "acquire", "acquires", "acquired"),
        ("sell", "sells", "sold", "divest", "divests", "divested"),
    ),
    # "fire spreads" is not "fire contained"; "protesters storm" is not "police disperse them"
    (
        "contain",
        ("spreads", "spreading", "grows", "growing", "rages", "raging", "out of control"),
        ("contained", "under control", "extinguished", "put out"),
    ),
    (
        "breach",
        # not a bare "storm": the weather
        ("stormed", "storming", "breach", "breached", "overrun", "overran", "protesters storm",
         "capture", "captures", "captured",
         "rioters storm", "demonstrators storm", "supporters storm", "crowd storms", "mob storms"),
        ("disperse", "disperses", "dispersed", "repel", "repels", "repelled", "pushed back",
         # outside, not in: "protesters surround parliament"
         "surround", "surrounds", "surrounded", "encircle", "encircles", "encircled"),
    ),
)  # fmt: skip
_SIDES: dict[str, tuple[tuple[str, str], ...]] = {}  # a word can take sides in two oppositions
for _name, _ups, _downs in _OPPOSITES:
    for _sign, _words in (("+", _ups), ("-", _downs)):
        for _w in _words:
            _SIDES[_w] = (*_SIDES.get(_w, ()), (_name, _sign))
_POLE_OF, _POLE_PHRASES = _split(_SIDES.items())
# Phrases whose first word is no outcome: "opens fire" is a shooting.
_NOT_POLES = frozenset([" opens fire ", " opened fire "])

# A month or a weekday named: "vote set for [May]" vs "for [June]", "on [Wednesday]"
_MONTH_OF = {
    m: m[:3]
    for m in ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
              "jul", "aug", "sep", "sept", "oct", "nov", "dec")
}  # fmt: skip
_WEEKDAY_OF = {
    d: d[:3] for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}
# Days named relative to the post: "strike today" and "strike tomorrow" are two claims. A
# repost written a day later that rewords the day is split off as an update; copies keep it.
_RELATIVE_DAY = {
    "today": "today", "todays": "today", "tonight": "today", "tonights": "today",
    "tomorrow": "tomorrow", "tomorrows": "tomorrow",
    "yesterday": "yesterday", "yesterdays": "yesterday",
}  # fmt: skip
# ... and periods: "next week" is not "this week", "next season" not "this season"
_PERIODS = frozenset([
    "week", "weekend", "month", "quarter", "year", "season", "spring", "summer", "autumn",
    "fall", "winter",
])  # fmt: skip
_PERIOD_OF = frozenset(["this", "next", "last"])
_FLAG_WORDS = (
    (set(_REPEAT) | set(_NUMBER_WORDS) | _CONFIRM | _DENY | _NEGATION | _MODAL | set(_EVENT_OF))
    | set(_MONTH_OF)
    | set(_WEEKDAY_OF)
    | set(_RELATIVE_DAY)
    | _PERIODS
    | _CLAIM
    | _DECLARES
    | _HEDGE
    | _NEGATING_VERBS
    | _ABANDONING
    | _UNHARMED
    | _SURVIVED
    | _FAILING
    | _RULING_OUT
    | _DELAYING
    | _VOTING
    | {"yet", "rules", "ruled", "rule", "bodies", "over", "off", "end"}
    | _ROLE_VERBS
    | {"safe"}
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
        "yet",  # "not yet [arrested]"
        "longer",  # "no longer [a] [global] emergency"
    ]
)
# Post-positive negations: "reports of a third device are false".
_NEG_AFTER = {"false", "fake", "hoax", "untrue", "unfounded", "baseless"}


# Vague quantities agree with any figure of their size: "thousands" vs "10,000".
_VAGUE = {
    "2s": 2,
    "3s": 3,
    "5s": 5,
    "10s": 10,
    "12s": 24,
    "100s": 200,
    "1000s": 2000,
    "1e6s": 2_000_000,
}
# "82 mph", "5 miles": measures, not counts of people (an "mph" is no death toll)
_UNITS = {
    "mph": "mph", "kmh": "kmh", "kph": "kmh", "km": "km", "kilometers": "km",
    "kilometres": "km", "miles": "mi", "mile": "mi", "feet": "ft", "foot": "ft", "ft": "ft",
    "meters": "m", "metres": "m", "kg": "kg", "tons": "t", "tonnes": "t", "degrees": "deg",
    "acres": "acre", "hectares": "ha", "inches": "in", "cm": "cm", "knots": "kn",
    # "46°C" reads "46 c"
    "c": "deg", "f": "deg", "celsius": "deg", "fahrenheit": "deg",
}  # fmt: skip
# "numerous casualties", "multiple injuries": a count, if a vague one ("5s": five or more)
_VAGUE_COUNT = {"multiple": "2s", "several": "3s", "numerous": "5s", "many": "5s", "mass": "10s"}
# Not counts: "October 18" is a date, "13th president" an ordinal. Each kind of figure is only
# compared with its own kind (see _number_clash), prefixed "d" and "o" as years are "y".
_MONTHS = frozenset(_MONTH_OF)
# year (or decade), date, ordinal, time of day, month, weekday, relative day, period ("next
# week"); counts and amounts start with a digit
_KINDS = "ydotmwrk"


_TOKENS_FLAGGED = frozenset(_EVENT_OF) | _MODAL | _NEGATION | _CONFIRM | _DENY


_JOINING = {"and", "&", "or", "v", "vs", "versus"}

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


# "dies at 76", "she was 61": an age after the outcome, not how many died
_AGE_BEFORE = frozenset(["at", "aged", "age", "was", "is"])


# Two-word entries by their first word: a text is only searched for the phrases its words begin.
_PHRASES_AT: dict[str, tuple[str, ...]] = {
    first: tuple(p for p in (*_POLE_PHRASES, *_WEAPON_PHRASES) if p.split()[0] == first)
    for first in {p.split()[0] for p in (*_POLE_PHRASES, *_WEAPON_PHRASES)}
}


# -- one word swapped ("fines Binance" vs "suspends Binance") ---------------------------------

# Words a repost adds, drops or swaps freely: attribution, decoration, time, filler, units.
_SWAP_FREE = frozenset([
    "breaking", "just", "news", "update", "updated", "report", "reports", "reported", "reporting",
    "reportedly", "says", "said", "say", "tells", "told", "telling", "according", "sources",
    "source", "official", "officials", "officially", "live", "watch", "video", "photo", "photos",
    "now", "today", "tonight", "latest", "developing", "alert", "urgent", "per", "via", "amid",
    "after", "following", "near", "outside", "inside", "least", "more", "than", "about", "some",
    "several", "multiple", "many", "people", "person", "being", "been", "have", "has", "had",
    "will", "would", "could", "may", "might", "also", "still", "already", "again", "currently",
    "earlier", "later", "new", "first", "miles", "hour", "hours", "mph", "percent", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "week",
    "weekend", "month", "year", "morning", "evening", "night", "years", "months", "weeks", "days",
    "happen", "happens", "happened", "this", "these", "those", "there", "their", "they", "them",
    "what", "why", "who", "how", "when", "where", "which", "your", "you", "our", "his", "her",
    "its", "him", "she", "all", "any", "every", "each", "other", "such", "very", "really", "hit",
    "hits",
    # what a user says before a repost ("wait ukraine actually crossed into russia??")
    "wow", "whoa", "woah", "omg", "lol", "lmao", "wtf", "yikes", "damn", "dang", "okay", "ugh",
    "oof", "yay", "wait", "welp", "smh", "bruh", "geez", "jeez", "huh", "hmm", "yep", "nope",
])  # fmt: skip

# Words a repost swaps for one another, a class a line (the first word names it). A swap
# within a class is the same claim. (Irregular forms, "made" for "makes", are stem()'s.)
_SWAP_CLASSES = (
    "kill killed kills killing dead die dies died death deaths dying slain fatal fatalities",
    "injured injures injure injuring injuries injury wounded wounds wounding hurt",
    "blast blasts explosion explosions explode explodes exploded bomb bombs bombing bombings "
    "detonate detonated",
    "shooting shootings shot shots shoot shoots gunfire gunshots gunman gunmen",
    "crash crashes crashed derail derails derailed derailment collision collide collided ram "
    "rams rammed ramming",
    "arrest arrested arrests custody detain detained detains apprehended caught captured",
    "attack attacks attacked strike strikes struck target targets targeted rock rocks "
    "rocked slam slams slammed pound pounds pounded batter batters battered lash lashes lashed "
    "beat beats beating beaten assault assaults assaulted hit hits",
    "quake earthquake earthquakes tremor temblor",
    "vow vows vowed pledge pledges pledged promise promises promised",
    "free frees freed release releases released",
    "fire fires fired blaze blazes ablaze burning flames wildfire wildfires bushfire bushfires",
    "plane planes jet jets aircraft airliner airplane flight flights",
    "suspect suspects attacker attackers assailant shooter perpetrator",
    "dozens scores hundreds",
    "confirm confirms confirmed",
    "prepare prepares preparing prepared planning planned",
    "begin begins began start starts started launch launches launched",
    "impose imposes imposed slap slaps slapped",
    "deny denies denied reject rejects rejected dismiss dismisses dismissed",
    "charge charges charged indict indicts indicted",
    "cut cuts lower lowers lowered slash slashes slashed reduce reduces reduced trim trims",
    "raise raises raised hike hikes hiked increase increases increased lift lifts",
    "approve approves approved pass passes passed",
    "close closes closed shut shuts",
    "cancel cancels cancelled canceled ground grounds grounded scrap scraps scrapped axe axes axed",
    "restore restores restored back",
    "outage outages down",
    "issue issues issued effect",
    "lawmaker lawmakers legislator legislators mps",
    "buy buys bought acquire acquires acquired purchase purchases",
    "firm firms company companies",
    "operations business businesses unit units arm division",
    "ship ships vessel vessels",
    "sign signs signed agree agrees agreed ink inks inked",
    "name names named appoint appoints appointed",
    "oust ousts ousted remove removes removed topple topples toppled",
    "identify identifies identified idd ided",  # "suspect IDd as ..."
    "unveil unveils unveiled reveal reveals revealed",
    "ban bans banned prohibit prohibits prohibited outlaw outlaws outlawed",
    "arrive arrives arrived land lands landed touch touches touched",
    "reach reaches reached advance advances advanced",
    "declare declares declared claim claims claimed",
    "fall falls fell drop drops dropped tumble tumbles tumbled plunge plunges plunged slump "
    "slumps slumped dive dives dived",
    "rise rises rose climb climbs climbed jump jumps jumped soar soars soared surge surges surged "
    "grow grows grew spike spikes spiked",
    "hold holds held keep keeps kept",
    "halt halts halted freeze freezes froze suspend suspends suspended pause pauses paused block "
    "blocks blocked",
    "dissolve dissolves dissolved disband disbands disbanded",
    "jail jails jailed sentence sentences sentenced imprison imprisons imprisoned",
    "resign resigns resigned quit quits step steps stepped",
    "jolt jolts jolted shake shakes shook rattle rattles rattled",
    "flee flees fled evacuate evacuates evacuated",
    "spew spews spewing spewed belch belches belching belched emit emits emitting emitted",
    "kidnap kidnaps kidnapped abduct abducts abducted",
    "bury buries buried engulf engulfs engulfed",
    "shrink shrinks shrank contract contracts contracted",
    "protesters demonstrators",
    "stock stocks share shares",
    "seize seizes seized confiscate confiscates confiscated",
    "clinch clinches clinched secure secures secured",
    "exit exits exited leave leaves",
    "score scores scored net nets netted",
    "missing unaccounted",
    "rescue rescues rescued save saves saved",
    "slow slows slowed ease eases eased",
    "price prices priced cost costs costing",
    "destroy destroys destroyed raze razes razed",
    "withdraw withdraws withdrew retreat retreats retreated pull pulls pulled",
    "troops soldiers forces",
    "worries fears concerns",
    "rain rains downpour downpours rainfall",
    "landslide landslides mudslide mudslides",
    "tornado tornadoes twister twisters",
)

# Irregular verb forms, by the form they are a stem of: "met" is "meet", "won" is "win".
_IRREGULAR = {
    form: base
    for base, forms in (
        ("meet", "met"), ("win", "won"), ("lose", "lost"), ("hold", "held"),
        ("take", "took taken"), ("make", "made"), ("fall", "fell fallen"),
        ("rise", "rose risen"), ("sink", "sank sunk"), ("flee", "fled"), ("sell", "sold"),
        ("buy", "bought"), ("catch", "caught"), ("strike", "struck"), ("shoot", "shot"),
        ("lead", "led"), ("tell", "told"), ("find", "found"), ("give", "gave given"),
        ("begin", "began begun"), ("break", "broke broken"), ("choose", "chose chosen"),
        ("drive", "drove driven"), ("fly", "flew flown"), ("keep", "kept"), ("pay", "paid"),
        ("send", "sent"), ("spend", "spent"), ("steal", "stole stolen"), ("stand", "stood"),
        ("throw", "threw thrown"), ("write", "wrote written"), ("run", "ran"), ("come", "came"),
        ("get", "got gotten"), ("go", "went gone goes"), ("see", "saw seen"), ("beat", "beaten"),
        ("show", "shown"), ("know", "knew known"), ("leave", "left"), ("bring", "brought"),
        ("seek", "sought"), ("fight", "fought"), ("sit", "sat"), ("hide", "hid hidden"),
        # regular, but too short for the suffix rule: "could use" vs "used"
        ("use", "used using"), ("die", "died dying"),
    )
    for form in forms.split()
}  # fmt: skip
# Pasts that are their own base: a word shaped like a verb, as the forms above are
_UNCHANGED_PAST = frozenset(["quit", "cut", "set", "hit", "beat", "put"])
