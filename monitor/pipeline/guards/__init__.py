"""Guards: facts that must agree before two similar texts may be one story.

Similar wording is not the same claim: "2 killed" vs "5 killed", "confirms" vs "denies",
"preparing to attack" vs "attacked", "base in Iraq" vs "base in Syria". A false merge hides a new
claim from the analyst, so every guard errs on the side of keeping texts apart: claims that share
words but differ in a number, toll, stance (or who takes it), negation, modality, event, weapon,
opposite verb, target, region, place or actor (or who acted and who suffered), or in who is
quoted saying it, stay apart.

lexicon.py holds the word lists; words.py reads a word (its stem, the entity it names);
figures.py reads numbers and the outcome each counts; roles.py reads who the claim is about, who
acted, who suffered and who died; facts.py reads a text's Facts with these; rules.py compares two
texts' Facts (conflict).
"""

from monitor.pipeline.guards.facts import Facts, extract_facts, stance_of
from monitor.pipeline.guards.rules import conflict
from monitor.pipeline.guards.words import stem

__all__ = ["Facts", "conflict", "extract_facts", "stance_of", "stem"]
