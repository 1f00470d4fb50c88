"""Roles: who a claim is about. The place or actor it opens with (past an attribution, a
dateline or a speaker), the agent of a passive, who acted and who suffered, and who died."""

from __future__ import annotations

import re

from monitor.pipeline.guards.lexicon import (
    _ATTACKERS,
    _ATTRIBUTING,
    _COPULAS,
    _COUNT_AFTER,
    _COUNT_EITHER_WAY,
    _DIED_WORDS,
    _EVENT_OF,
    _FILLER,
    _JOINING,
    _NUMBER_WORDS,
    _PLACES,
    _PREPOSITIONS,
    _ROLE_VERBS,
    _SAYING,
    _SCOPE_STOP,
    _SHOOT_DEAD,
    _STOP_CAPS,
    _TOKENS_FLAGGED,
    _VERB_FORMS,
)
from monitor.pipeline.guards.words import _TOKENS, _ent, _entity, _frozen, stem
from monitor.pipeline.normalize import normalize


def _after_attribution(toks: list[str]) -> int:
    """Where the claim starts: after a leading "<officials> say / detected ... that"."""
    for k, tok in enumerate(toks[:12]):
        # not a trailing "..., US officials say" or "..., sources tell Al Jazeera": the claim
        # came before it
        if tok in _SAYING and any(t in _ATTRIBUTING for t in toks[:k]) and 2 * k < len(toks):
            k += 1
            while k < len(toks) and toks[k] in _FILLER:
                k += 1
            return k
    return 0


# "Iraq: ISIS attacks ...", "Los Angeles — ...": a place or speaker heading the text
_DATELINE = re.compile(r"\s*(\w[\w’'.]*(?:[ -]\w[\w’'.]*){0,2})\s*(?::|\s[-—–|])\s")


# "[Obama] tells Trump: ...": the speaker, passed over for the subject of what is said
_SPEAKING = (_SAYING - {"that"}) | {"tells"}


def _after_dateline(original: str, heading: re.Match[str] | None) -> int:
    """How many tokens a leading "Iraq:" heading takes, or a longer one that quotes someone
    ("Syrian state news agency SANA: ..."; `heading`, the text's HEADING match); 0 without
    one."""
    head = original[:48]
    if not (":" in head or " -" in head or "—" in head or "–" in head or "|" in head):
        return 0  # most texts: no regex
    m = _DATELINE.match(original)
    if m is not None:
        return len(normalize(m.group(1)).split())
    words = normalize(heading.group("src")).split() if heading else []
    return len(words) if len(words) <= 6 else 0


# "Kremlin: ...", "Syrian state news agency SANA: ...": a heading that names a place or who
# says it (facts._lead_speaker reads who)
HEADING = re.compile(r"\s*(?P<src>[^\W\d_][^,:;.!?|—–#@“”\"()\[\]]{1,40}?)\s*:\s")


def _subject(
    toks: list[str], kinds: dict[str, str], start: int
) -> tuple[tuple[str, str] | None, int]:
    """The place or actor the claim opens with, looked for in its first two words, and its
    position. A speaker ("[Trump] says Iran ...") is passed over for what they say, if it names
    one ("Ukraine says it downed ..." keeps Ukraine); a place that titles a leader is passed
    over for the leader ("French President Emmanuel [Macron] names ...")."""
    subject, at = _opening(toks, kinds, start)
    if subject is None or toks[at + 1 : at + 2] == [] or toks[at + 1] not in _HEADS:
        return subject, at
    first = at + 3 if toks[at + 1 : at + 3] == ["prime", "minister"] else at + 2
    for j in range(first, min(first + 2, len(toks))):  # the name, or a first name and it
        e = _ent(toks[j])
        if e not in kinds:
            break  # "China's leader [spoke] with US ...": no one named
        if kinds[e]:
            return (e, kinds[e]), j
    return subject, at


# a people's leader named after them: "[French] President Macron", "[Israeli] PM Netanyahu"
_HEADS = frozenset(["president", "pm", "prime", "premier", "chancellor", "leader", "king"])


def _opening(
    toks: list[str], kinds: dict[str, str], start: int
) -> tuple[tuple[str, str] | None, int]:
    j, end = start, min(start + 2, len(toks))
    speaker: tuple[tuple[str, str] | None, int] = (None, 0)
    while j < end:
        e = _ent(toks[j])
        kind = kinds.get(e)
        if kind and speaker[0] is not None and toks[j - 1] in _PREPOSITIONS:
            kind = None  # "Zelensky says no talks with [Putin]": an object, not the subject
        if kind:
            nxt = toks[j + 1] if j + 1 < len(toks) else ""
            if nxt in _SPEAKING and speaker[0] is None:
                speaker = ((e, kind), j)
                j += 2
                if toks[j : j + 1] in (["it"], ["they"]):
                    return speaker  # "Hamas says [it] accepts ...": the speaker acts
                end = min(j + 4, len(toks))  # "... said [on] Wednesday [that] Clinton"
                continue
            # "Trump and Putin spoke" vs "Putin and Trump spoke", "Norway, Ireland and Spain
            # recognise": a list opens, no one subject
            listed = nxt in _JOINING or kinds.get(_ent(nxt)) == "p"
            return (None, 0) if listed else ((e, kind), j)
        j += 1
    return speaker


def _agents(toks: list[str], kinds: dict[str, str]) -> frozenset[str]:
    """Names within two words after "by", or of an "in <name> strike": who acts in a passive
    ("targeted by US strikes", "commander killed in Israeli strike")."""
    out: set[str] = set()
    for i, tok in enumerate(toks):
        if tok == "by":
            out.update(e for e in map(_ent, toks[i + 1 : i + 3]) if e in kinds)
        elif tok == "in" and i + 2 < len(toks) and _EVENT_OF.get(toks[i + 2]) == "attack":
            e = _ent(toks[i + 1])
            if e in kinds:
                out.add(e)
    return _frozen(out)


def _roles(toks: list[str], i: int) -> frozenset[tuple[str, str]]:
    """Who acted ("a") and who suffered ("p") the verb at i: the words before it and after it,
    swapped in a passive ("officer killed by [gunman]", "shot dead by")."""
    j = i + 2 if i + 1 < len(toks) and toks[i + 1] == "dead" else i + 1
    if j < len(toks) and toks[j] == "by":
        agent, patient = _phrase(toks, j + 1, 1), _phrase(toks, i - 1, -1)
    else:
        # "[officer] arrested for assaulting protester": the one held is the one who acted
        k = i - 1
        if k > 0 and toks[k] in ("for", "over") and _EVENT_OF.get(toks[k - 1]) == "arrest":
            k -= 2
        agent, patient = _phrase(toks, k, -1), _phrase(toks, i + 1, 1)
    # "Chelsea loan Sancho [from] Manchester United": where it came from
    end = i + 1 + len(patient)
    source = _phrase(toks, end + 1, 1) if toks[end : end + 1] == ["from"] else []
    return frozenset(
        [("a", w) for w in agent] + [("p", w) for w in patient] + [("s", w) for w in source]
    )


def _phrase(toks: list[str], i: int, step: int) -> list[str]:
    """The run of up to three content words from i on, in the direction of step."""
    out: list[str] = []
    while 0 <= i < len(toks) and len(out) < 3:
        tok = toks[i]
        if tok in _SCOPE_STOP or tok in _ROLE_VERBS or tok in _SAYING or tok[0].isdigit():
            break
        info = _TOKENS.get(tok)
        st, ent, kind = info[:3] if info is not None else (stem(tok), _entity(tok), "")
        out.append(ent if kind else st)
        i += step
    return out


def _died(toks: list[str], outcomes: list[tuple[int, str]]) -> frozenset[str]:
    """Who each death befell: "attacker" when the words naming the dead say so ("the [shooter]
    at LAX is dead", "[suspect] #1 in bombing shot and killed"), "other" when they name someone
    else ("TSA [agent] killed", "kills TSA [agent]"), nothing when they don't say ("he was
    killed", "2 dead")."""
    out = set()
    for j, ev in outcomes:
        if ev != "kill" or toks[j] not in _DIED_WORDS:
            continue
        nxt = toks[j + 1] if j + 1 < len(toks) else "by"
        after = next((t for t in toks[j + 1 : j + 4] if _naming(t)), None)
        # "kills [agent]", "police shoot dead [suspect]": who died comes after
        if toks[j] in _COUNT_AFTER or (
            toks[j] == "dead" and j and toks[j - 1] in _SHOOT_DEAD and nxt not in _SCOPE_STOP
        ):
            words = [after] if after else []
        else:
            words = _subject_before(toks, j)
            # "shooter killed TSA agent" or "2 officers killed; suspect...": without the
            # punctuation normalising dropped, either could have died
            if toks[j] in _COUNT_EITHER_WAY and nxt not in _SCOPE_STOP and _naming(nxt):
                words = [] if words else [nxt]
        if words:
            out.add("attacker" if not _ATTACKERS.isdisjoint(words) else "other")
    return _frozen(out)


def _subject_before(toks: list[str], j: int) -> list[str]:
    """The run of naming words before j that is no prepositional object: "[suspect] #1 in
    Boston bombing shot and killed", not "Boston"; empty when a word says nothing of who
    ("he was killed")."""
    k = j - 1
    while k >= 0 and j - k <= 10:
        run = []
        # a noun phrase: names, places and event words ("Boston bombing suspect")
        while k >= 0 and (_naming(toks[k]) or _ent(toks[k]) in _PLACES or _event_noun(toks[k])):
            run.append(toks[k])
            k -= 1
        if run and not (k >= 0 and toks[k] in _PREPOSITIONS):
            return run
        if not run and not (_passed_over(toks[k]) or toks[k] in _PREPOSITIONS):
            return []
        k -= 1  # past a preposition, "and", a figure, "is", an event word ("shot and killed")
    return []


def _event_noun(tok: str) -> bool:
    """ "bombing", "explosion", "attack": part of a noun phrase; not "shot", "attacked"."""
    return (
        tok in _TOKENS_FLAGGED
        and tok not in _COPULAS
        and tok not in _DIED_WORDS
        and not tok.endswith("ed")
        and tok not in _VERB_FORMS
    )


def _passed_over(tok: str) -> bool:
    return (
        tok in _COPULAS
        or tok in _TOKENS_FLAGGED
        or tok in ("and", "&")
        or tok in _NUMBER_WORDS
        or tok[0].isdigit()
    )


def _naming(tok: str) -> bool:
    """A word that could name who died: not a stop word, figure, place or event word."""
    if tok in _ATTACKERS:
        return True
    if tok in _SCOPE_STOP or tok in _COPULAS or tok in _NUMBER_WORDS or tok[0].isdigit():
        return False
    info = _TOKENS.get(tok)
    return tok not in _STOP_CAPS and not (info is not None and (info[2] == "p" or info[3]))
