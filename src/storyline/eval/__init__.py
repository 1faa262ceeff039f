"""`storyline eval ...`: scores on labelled data, by the same path a user takes.

clustering.py (stories: B-cubed, TF-IDF baseline beside), alignment.py (claim groups
against ECB+ event chains), story_dates.py (dates stripped, inferred from the story),
timex.py (TIMEX3 values and publication dates against MEANTIME).
"""
