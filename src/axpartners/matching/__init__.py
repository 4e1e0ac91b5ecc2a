"""Matching: rank partner organisations for a need and form consortia (issue 5).

Pure core: no database, network or environment access. Entry points:

- :func:`axpartners.matching.rank.build_partner_index` and
  :func:`axpartners.matching.rank.rank_partners` (hybrid ranking with explained components),
- :func:`axpartners.matching.consortium.form_consortia` (CP-SAT team formation),
- :mod:`axpartners.matching.evaluate` (nDCG / recall against graded judgments).
"""
