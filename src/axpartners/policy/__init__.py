"""Policy intelligence core: extract government policy documents, structure them into items, tag them.

Public API (pure: no DB, no network, no env):

- :func:`axpartners.policy.extract.extract_document` / :func:`~axpartners.policy.extract.extract_file`
  → :class:`~axpartners.policy.document.ExtractedDocument`
- :func:`axpartners.policy.structure.structure_document` → tuple of
  :class:`~axpartners.policy.structure.PolicyItem`
- :func:`axpartners.policy.tagging.tag_text` / :func:`~axpartners.policy.tagging.tag_items`
- :func:`axpartners.policy.compare.compare_documents`
"""
