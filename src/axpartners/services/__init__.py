"""Use-cases: validate at the boundary, call the pure core, own the transaction, write the audit log."""
