"""Words around people's names: honorifics, titles, roles. One copy, for the stages
that read names (annotation's entity keys and speakers, the story features' keys).

Hand-chosen from English news usage; lower case, dots removed.
"""

from __future__ import annotations

# Words that precede a name but are not part of it (lower case, dots removed).
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "rev", "reverend", "fr", "father", "sister", "brother", "sheikh", "rabbi", "imam", "pope",
    "st", "saint", "hon", "honourable", "honorable",
}
TITLES = {
    "president", "vice", "vice-president", "prime", "minister", "premier", "chancellor",
    "secretary", "deputy", "foreign", "defence", "defense", "interior", "finance", "home",
    "health", "state", "general", "gen", "lt", "lieutenant", "colonel", "col", "major", "maj",
    "captain", "capt", "admiral", "vice-admiral", "rear-admiral", "adm", "commander", "cmdr",
    "sergeant", "sgt", "officer", "detective", "det", "inspector", "chief", "sheriff", "deputy",
    "governor", "gov", "senator", "sen", "rep", "representative", "congressman", "congresswoman",
    "mayor", "judge", "justice", "attorney", "prosecutor", "ambassador", "king", "queen",
    "prince", "princess", "emperor", "leader", "chairman", "chairwoman", "chair", "spokesman",
    "spokeswoman", "spokesperson", "ceo", "director", "mp", "mep", "councillor", "councilman",
    "councilwoman", "trooper", "agent", "coach", "former", "late", "then", "acting", "interim",
    "opposition", "supreme", "commander-in-chief", "press", "white", "house", "us", "u.s.",
    "uk", "u.k.", "un", "eu", "national", "security", "adviser", "advisor", "the", "a", "an",
    "comedian", "actor", "actress", "singer", "rapper", "author", "writer", "journalist",
    "activist", "bishop", "archbishop", "cardinal", "pastor", "star", "veteran", "businessman",
    "businesswoman", "billionaire", "tycoon", "dictator", "strongman", "president-elect",
}
# Titles and honorifics written short with a full stop ("Sgt.", "Lt."): the parser may end a
# sentence at that stop, leaving the title as a speech verb's subject and the name after it.
ABBREVIATED_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "rev", "fr", "hon", "gen", "lt", "col", "maj", "capt", "adm", "cmdr",
    "sgt", "det", "insp", "gov", "sen", "rep", "supt", "cpl", "pvt", "ofc", "atty", "dep",
}
# Title words that name a role a later "the <title>" can refer back to.
ROLE_TITLES = {
    "president", "minister", "premier", "chancellor", "secretary", "governor", "senator",
    "mayor", "judge", "ambassador", "king", "queen", "prince", "general", "admiral",
    "spokesman", "spokeswoman", "spokesperson", "sheriff", "chief", "leader", "director",
    "prosecutor", "attorney", "captain", "officer", "detective", "inspector", "chairman",
}
# The titles a story feature strips from the start of an entity ("President Maduro" ->
# "maduro"): a narrow subset, for a key must not lose a name's own first word (TITLES
# holds "white", "house", "national", "press": "White House" stays "white house").
KEY_TITLES = (
    "the", "mr", "mrs", "ms", "dr", "president", "prime minister", "minister", "sen", "senator", "rep", "gov",
    "governor", "gen", "general", "judge", "officer", "sgt", "lt", "capt", "chief", "king", "queen", "prince",
    "pope", "sir", "lady", "lord",
)
