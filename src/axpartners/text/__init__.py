"""Korean text engine: normalisation, Kiwi morphemes, BM25 search and keyword extraction.

Modules: :mod:`.normalize` (``normalize_text``), :mod:`.morph` (``tokenize``,
``tokenize_many``), :mod:`.bm25` (``Bm25Index``), :mod:`.keywords` (``top_terms``).
Pure: no database, network or environment access.
"""
