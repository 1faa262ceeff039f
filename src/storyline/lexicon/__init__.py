"""Word lists and registries shared by the stages: one copy of each piece of knowledge.

outlets.py: the outlet registry (agencies, broadcasters, outlets: data/outlets.json);
text.py: normalisation for matching (strip_accents, fold, fold_in_place, line_key);
titles.py: honorifics, titles and roles around people's names;
calendar.py: month and weekday names with their numbers;
stopwords.py: the English stop words story features leave out.
"""
