"""Background jobs: the Huey queue, live progress board and the idempotent job runner.

Public API: :func:`axpartners.jobs.queue.make_huey`, :class:`axpartners.jobs.queue.ProgressBoard`,
:class:`axpartners.jobs.runner.JobQueue`. Submitting, listing and cancelling jobs goes through
:mod:`axpartners.services.jobs`.
"""
