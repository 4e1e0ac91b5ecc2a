"""Project planning: candidates from needs, decomposed scores, quick wins, the lead map and
one-page briefs. Pure core: plain inputs in, frozen results out; no database, no network
(except :mod:`axpartners.planning.refine`, the optional LLM adapter)."""
