"""Runtime patches that make spaCy's pipeline faster with the same output.

Only ``storyline.nlp.load`` installs them; each has an equivalence test
(tests/test_greedy.py, test_morph.py, test_attrmatch.py, test_blas.py, test_layers.py).
"""
