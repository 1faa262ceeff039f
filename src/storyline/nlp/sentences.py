"""No sentence break after an abbreviated title before a name ("said Sgt. Mike Miller.").

The parser of the small English model ends a sentence at the full stop of some title
abbreviations ("Sgt.", "Lt."), which leaves "said Sgt." as a claim and "Mike Miller." as
a sentence of its own. This component runs before the parser and marks the name after
such a title as no sentence start; spaCy's parser never breaks where a token is marked so.
"""

from __future__ import annotations

from spacy.language import Language

from ..lexicon.titles import ABBREVIATED_TITLES

FACTORY = "storyline_title_stops"


@Language.component(FACTORY)
def title_stops(doc):
    """Mark the capitalised word after "<title>." as inside its sentence."""
    n = len(doc)
    for i, tok in enumerate(doc):
        low = tok.lower_
        if low.rstrip(".") not in ABBREVIATED_TITLES or not tok.text[:1].isupper():
            continue
        j = i + 1
        if not tok.text.endswith("."):
            if j >= n or doc[j].text != "." or doc[j].whitespace_ == "":
                continue
            j += 1
        elif not tok.whitespace_:
            continue
        if j < n and doc[j].is_alpha and doc[j].text[:1].isupper() and "\n" not in doc[j - 1].whitespace_:
            doc[j].is_sent_start = False
    return doc


def install(nlp) -> None:
    """Add the component before the parser (nothing to do without a parser)."""
    if "parser" in nlp.pipe_names and FACTORY not in nlp.pipe_names:
        nlp.add_pipe(FACTORY, before="parser")
