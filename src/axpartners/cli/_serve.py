"""``axp serve``: uvicorn with one worker per core and no Nagle delay between workers' writes.

With several workers uvicorn binds the listening socket itself (``proto`` 0), so asyncio does
not set ``TCP_NODELAY`` on the connections it accepts, and a response whose headers and body
leave in two writes waits for the client's delayed ACK: every request took 48 ms on loopback
against 3 ms with one worker. Linux hands the listening socket's ``TCP_NODELAY`` on to each
accepted connection, so it is set there.
"""

from __future__ import annotations

import os
import socket
import sys

import uvicorn
from uvicorn.supervisors import Multiprocess

APP = "axpartners.web.asgi:app"


def default_workers() -> int:
    """One worker process per core this process may use, at most 4.

    A request holds its worker's event loop only while Python runs (the database and Kiwi
    release the GIL), so one process per core is what the machine can serve in parallel; SQLite
    in WAL mode lets them read at once and queues the writes (busy timeout 30 s). Beyond 4 the
    per-process memory (each holds Kiwi and its own search and partner indexes) outgrows the gain
    on the machines this runs on; pass --workers to choose.
    """
    return max(1, min(len(os.sched_getaffinity(0)), 4))


class _Config(uvicorn.Config):
    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


def run(
    *, host: str, port: int, workers: int, proxy_headers: bool, forwarded_allow_ips: str
) -> None:
    """Serve :data:`APP` until interrupted (what ``uvicorn.run`` does, minus reload)."""
    config = _Config(
        APP,
        host=host,
        port=port,
        workers=workers,
        # A worker answers the supervisor's ping only once its app is imported and warmed up
        # (Kiwi, indexes): seconds on a loaded 2-core box, past uvicorn's default of 5.
        timeout_worker_healthcheck=60,
        log_level="info",
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
    )
    server = uvicorn.Server(config=config)
    try:
        if config.workers > 1:
            Multiprocess(config, sockets=[config.bind_socket()]).run()
        else:
            config.load_app()
            server.run()
    except KeyboardInterrupt:
        pass
    if config.workers == 1 and not server.started:
        sys.exit(3)  # uvicorn's STARTUP_FAILURE
