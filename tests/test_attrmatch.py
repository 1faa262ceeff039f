"""The attribute ruler's matches found without its Matcher must be the Matcher's, and set the same attributes."""

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from storyline.nlp.speed.attrmatch import compile_ruler, run_ruler
from speedcases import TEXTS, corpus_texts as _corpus_texts, spacy_pipeline as _spacy  # tests/ is on the path

EXTRA = ["Y'all gon na see it, let 's go. There 's a way; c'm on, ai n't it?", "Who ' s there ?  \n  Nobody."]


def test_same_matches_and_attributes_as_the_matcher():
    nlp = _spacy()
    ruler = nlp.get_pipe("attribute_ruler")
    fast = compile_ruler(ruler)
    assert fast is not None  # the English ruler's patterns are all readable
    before = [n for n in nlp.pipe_names if n not in ("attribute_ruler", "lemmatizer", "ner")]
    multi = 0
    with nlp.select_pipes(enable=before):
        for doc in nlp.pipe(TEXTS + EXTRA + _corpus_texts()):
            want = ruler.match(doc)
            got = fast(doc)
            assert sorted(set(got)) == sorted(set(want))
            multi += sum(1 for m in got if m[3] - m[2] > 1)
            a, b = ruler(doc.copy()), run_ruler(ruler, fast, doc.copy())
            cols = [TAG, POS, MORPH, DEP, LEMMA, HEAD]
            assert a.to_array(cols).tolist() == b.to_array(cols).tolist()
    assert multi >= 3  # the two-token rules ("gon na", "let 's", "there 's") were exercised


def test_unreadable_patterns_keep_the_matcher():
    nlp = _spacy()
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "very"})
    assert compile_ruler(ruler) is None
    doc = run_ruler(ruler, None, nlp.make_doc("very very good"))
    assert doc[0].lemma_ == "very"
