"""Django's PostgreSQL backend, whose CONN_HEALTH_CHECKS look at the socket before asking.

With persistent connections and CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first
query of every request. On the vault list answered from the personal page cache that check was
one of four round trips, and 943 → 760 µs per request in-process without it (bench/web.py,
`/espace/coffre/`).

A server that ends a connection (restart, `pg_terminate_backend`, PgBouncer's
`client_idle_timeout`, a failover) sends its FATAL error and closes the socket: the socket
becomes readable. An idle connection in good health has nothing to read. So the check asks
the kernel first (`poll` with no wait) and sends `SELECT 1` only when there is something to
read or the client already knows the connection is not idle. What this does not see is a
peer gone without a word (a host powered off, a cut link); Django's stock check would see it,
after its TCP timeout; here the request fails and Django drops the connection as it ends
(`errors_occurred`), and the next request connects again.

Only `close_if_health_check_failed` changes: the check after an error (`is_usable` in
`close_if_unusable_or_obsolete`) still makes its round trip. ENGINE "portal.postgresql" is set
by portal.settings.production when DATABASE_URL is PostgreSQL.
"""

import select
from typing import Any

from django.db.backends.postgresql import base
from psycopg import pq


def connection_quiet(connection: Any) -> bool:
    """Open and idle on the client's side, and nothing from the server waiting on the socket."""
    if connection.closed or connection.pgconn.status != pq.ConnStatus.OK:
        return False
    if connection.info.transaction_status != pq.TransactionStatus.IDLE:
        return False
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
    return not poller.poll(0)


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled  # type: ignore[attr-defined]  # not in django-stubs
            and not self.health_check_done  # type: ignore[has-type]
            and not self.pool
            and connection_quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
