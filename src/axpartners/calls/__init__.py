"""Calls for proposals (공고): facts with evidence, pure core (no services, db or web)."""

from axpartners.calls.extract import CALL_KEYS, CallFacts, extract_call
from axpartners.calls.parts import Span

__all__ = ["CALL_KEYS", "CallFacts", "Span", "extract_call"]
