"""More requests at once than the server has database connections: each waits its turn in
the event loop and answers. Before, a request held its connection while waiting for a worker
thread, every thread waited for a connection, and the server stood still until the pool's
timeout (decision 021)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from e2e.server import free_port

from harbour.db import CONNECTIONS
from harbour.tenants.models import Tenant
from tests.processes import harbour_serve

AT_ONCE = 5 * CONNECTIONS  # and more than the 40 worker threads with the connections


def test_a_hundred_requests_at_once_all_answer(
    northdale: Tenant, database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    offer = f"/api/v1/councils/{northdale.slug}/offer"
    start = threading.Barrier(AT_ONCE)

    def get(client: httpx.Client) -> int | str:
        client.get(offer)  # connected, as a phone that has synced before
        start.wait()
        try:  # each reads the council in a dependency, then the offer in the route
            return client.get(offer).status_code
        except httpx.TimeoutException:
            return "no answer in 20 s"

    with harbour_serve(database_url, tmp_path, port), ThreadPoolExecutor(AT_ONCE) as pool:
        clients = [
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20) for _ in range(AT_ONCE)
        ]
        answers = list(pool.map(get, clients))
        for client in clients:
            client.close()

    assert answers == [200] * AT_ONCE
