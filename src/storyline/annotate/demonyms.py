"""Country adjectives and their countries: "British" and "UK" officials are one actor.

Keys are folded (lower case, no accents), as ``canonical.key`` makes them; the values
are the country keys ``canonical.ALIASES`` uses ("united states", "united kingdom").
"""

from __future__ import annotations

DEMONYMS = {
    "afghan": "afghanistan", "albanian": "albania", "algerian": "algeria", "american": "united states",
    "angolan": "angola", "argentine": "argentina", "argentinian": "argentina", "armenian": "armenia",
    "australian": "australia", "austrian": "austria", "azerbaijani": "azerbaijan", "bahraini": "bahrain",
    "bangladeshi": "bangladesh", "belarusian": "belarus", "belgian": "belgium", "bolivian": "bolivia",
    "bosnian": "bosnia and herzegovina", "brazilian": "brazil", "british": "united kingdom",
    "bulgarian": "bulgaria", "burmese": "myanmar", "cambodian": "cambodia", "cameroonian": "cameroon",
    "canadian": "canada", "chadian": "chad", "chilean": "chile", "chinese": "china", "colombian": "colombia",
    "congolese": "democratic republic of the congo", "costa rican": "costa rica", "croatian": "croatia",
    "cuban": "cuba", "cypriot": "cyprus", "czech": "czech republic", "danish": "denmark",
    "dominican": "dominican republic", "dutch": "netherlands", "ecuadorian": "ecuador", "egyptian": "egypt",
    "emirati": "united arab emirates", "eritrean": "eritrea", "estonian": "estonia", "ethiopian": "ethiopia",
    "filipino": "philippines", "philippine": "philippines", "finnish": "finland", "french": "france",
    "georgian": "georgia", "german": "germany", "ghanaian": "ghana", "greek": "greece",
    "guatemalan": "guatemala", "guinean": "guinea", "haitian": "haiti", "honduran": "honduras",
    "hungarian": "hungary", "icelandic": "iceland", "indian": "india", "indonesian": "indonesia",
    "iranian": "iran", "iraqi": "iraq", "irish": "ireland", "israeli": "israel", "italian": "italy",
    "ivorian": "ivory coast", "jamaican": "jamaica", "japanese": "japan", "jordanian": "jordan",
    "kazakh": "kazakhstan", "kenyan": "kenya", "kosovar": "kosovo", "kuwaiti": "kuwait", "kyrgyz": "kyrgyzstan",
    "lao": "laos", "laotian": "laos", "latvian": "latvia", "lebanese": "lebanon", "liberian": "liberia",
    "libyan": "libya", "lithuanian": "lithuania", "malagasy": "madagascar", "malawian": "malawi",
    "malaysian": "malaysia", "malian": "mali", "maltese": "malta", "mauritanian": "mauritania",
    "mexican": "mexico", "moldovan": "moldova", "mongolian": "mongolia", "montenegrin": "montenegro",
    "moroccan": "morocco", "mozambican": "mozambique", "namibian": "namibia", "nepalese": "nepal",
    "nepali": "nepal", "new zealand": "new zealand", "nicaraguan": "nicaragua", "nigerien": "niger",
    "nigerian": "nigeria", "north korean": "north korea", "norwegian": "norway", "omani": "oman",
    "pakistani": "pakistan", "palestinian": "palestine", "panamanian": "panama", "paraguayan": "paraguay",
    "peruvian": "peru", "polish": "poland", "portuguese": "portugal", "qatari": "qatar",
    "romanian": "romania", "russian": "russia", "rwandan": "rwanda", "salvadoran": "el salvador",
    "saudi": "saudi arabia", "saudi arabian": "saudi arabia", "senegalese": "senegal", "serbian": "serbia",
    "singaporean": "singapore", "slovak": "slovakia", "slovenian": "slovenia", "somali": "somalia",
    "south african": "south africa", "south korean": "south korea", "south sudanese": "south sudan",
    "spanish": "spain", "sri lankan": "sri lanka", "sudanese": "sudan", "swedish": "sweden",
    "swiss": "switzerland", "syrian": "syria", "taiwanese": "taiwan", "tajik": "tajikistan",
    "tanzanian": "tanzania", "thai": "thailand", "tunisian": "tunisia", "turkish": "turkey",
    "turkmen": "turkmenistan", "ugandan": "uganda", "ukrainian": "ukraine", "uruguayan": "uruguay",
    "uzbek": "uzbekistan", "venezuelan": "venezuela", "vietnamese": "vietnam", "yemeni": "yemen",
    "zambian": "zambia", "zimbabwean": "zimbabwe",
    # bodies named by an adjective
    "european": "european union", "soviet": "soviet union",
}
# place keys that name the same country as another key
COUNTRY_ALIASES = {
    "burma": "myanmar", "holland": "netherlands", "the netherlands": "netherlands", "czechia": "czech republic",
    "turkiye": "turkey", "cote d'ivoire": "ivory coast",
    "russian federation": "russia", "korea": "south korea", "republic of korea": "south korea",
    "dprk": "north korea", "prc": "china", "people's republic of china": "china",
}


def country_key(k: str) -> str:
    """The country key of a place or people key: "british" -> "united kingdom", "venezuela" -> itself."""
    k = k.strip()
    return DEMONYMS.get(k) or COUNTRY_ALIASES.get(k) or k
