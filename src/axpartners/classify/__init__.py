"""Classification of need statements into the AI use-case taxonomy (SPEC §2), and clustering.

* :mod:`.zeroshot` — works on day one from the taxonomy's labels, descriptions and synonyms;
* :mod:`.supervised` — a linear model trained from confirmed labels, stacked on the zero-shot
  signal and serialised as ``.npz`` + JSON;
* :mod:`.classifier` — :class:`NeedClassifier`, the one entry point services call;
* :mod:`.evaluate` — accuracy, macro-F1, per-label table, confusion pairs, k-fold CV;
* :mod:`.cluster` — groups of similar needs named by class-based TF-IDF terms.
"""
