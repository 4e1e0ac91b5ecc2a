"""Policy intelligence core: extract government policy documents, structure them into items, tag them.

Pure: no DB, no network, no environment. Public API:

- :func:`axpartners.policy.extract.extract_document` (bytes, format sniffed from content) and
  :func:`~axpartners.policy.extract.extract_file` (path; size checked before reading)
  → :class:`~axpartners.policy.document.ExtractedDocument` (blocks with kind/text/page/rows)
- :func:`axpartners.policy.structure.structure_document` → tuple of
  :class:`~axpartners.policy.structure.PolicyItem` (seq, item_no, path, level, title, text, page, parent)
- :func:`axpartners.policy.tagging.tag_items` / :func:`~axpartners.policy.tagging.tag_text`
  → :class:`~axpartners.policy.tagging.Tag` (kind, value, evidence span);
  :func:`~axpartners.policy.tagging.summarize_tags`, :func:`~axpartners.policy.tagging.total_budget`
- :func:`axpartners.policy.pipeline.analyse_document` (extract + structure + tag) →
  :class:`~axpartners.policy.pipeline.AnalysedDocument`; ``TaggedItem.to_record`` is the
  ``axp policy extract`` JSONL object
- :func:`axpartners.policy.compare.compare_documents` → new / removed / changed items

Every bad upload raises :class:`~axpartners.errors.InputError` with a ``policy.*`` code
(messages in ``i18n/messages/policy.yaml``).
"""
