"""A connect/read timeout on every HTTP request FastF1 sends.

FastF1 calls ``requests`` with ``timeout=None``, so a server that accepts the connection
and never answers would hold an ingest (and FastF1's process-wide lock) forever; and
``socket.setdefaulttimeout`` does not help because ``requests`` passes its own ``None``.
FastF1 has no timeout setting of its own, so each transport adapter mounted on its two
HTTP sessions (``Cache._requests_session`` and the cached one) is wrapped in a
:class:`BoundedAdapter` that fills in our timeout where the caller gave none. The wrapper
keeps FastF1's own adapters (the live-timing sign-in adapter) doing their work underneath.

One session load sends about eight requests to the live-timing API and FastF1 carries on
after each failure, so a silent server would cost eight timeouts; inside
:func:`give_up_after_timeout` a host that timed out once is not asked again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter


class BoundedAdapter(BaseAdapter):
    """Send through ``inner`` with ``timeout_s`` wherever the caller asked for no timeout.

    Attributes:
        inner: FastF1's adapter for this URL prefix.
        timeout_s: connect and read timeout in seconds.
        timeouts: how many requests have timed out through this adapter (the ingest
            reads it to say "no answer" rather than "unreachable").
        silent_hosts: hosts that timed out during the current
            :func:`give_up_after_timeout` block (shared by all adapters), else None.
    """

    def __init__(self, inner: BaseAdapter, timeout_s: float):
        super().__init__()
        self.inner = inner
        self.timeout_s = timeout_s
        self.timeouts = 0
        self.silent_hosts: set[str] | None = None

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        """Send ``request`` through the wrapped adapter, bounded by ``timeout_s``."""
        host = urlsplit(request.url or "").netloc
        silent = self.silent_hosts
        if silent is not None and host in silent:
            raise requests.exceptions.ConnectTimeout(
                f"{host} gave no answer earlier in this load", request=request
            )
        if timeout is None:
            timeout = (self.timeout_s, self.timeout_s)
        try:
            return self.inner.send(
                request, stream=stream, timeout=timeout, verify=verify, cert=cert,
                proxies=proxies,
            )  # fmt: skip
        except requests.exceptions.Timeout:
            self.timeouts += 1
            if silent is not None:
                silent.add(host)
            raise

    def close(self) -> None:
        """Close the wrapped adapter's connection pools."""
        self.inner.close()


def _bounded_adapters() -> list[BoundedAdapter]:
    return [
        adapter
        for session in _fastf1_sessions()
        for adapter in session.adapters.values()
        if isinstance(adapter, BoundedAdapter)
    ]


def _fastf1_sessions() -> list[requests.Session]:
    from fastf1.req import Cache

    sessions = [Cache._requests_session, Cache._requests_session_cached]
    return [s for s in sessions if s is not None]


def bound_fastf1_requests(timeout_s: float) -> None:
    """Give every FastF1 HTTP request a connect and read timeout of ``timeout_s`` seconds.

    Idempotent: run it after each ``fastf1.Cache.configure`` (which builds a new cached
    session); adapters already wrapped only get the new timeout. Call it under
    ``FASTF1_LOCK``.

    Args:
        timeout_s: seconds to wait for a connection and then for each read.

    Raises:
        ValueError: ``timeout_s`` is not positive.
    """
    if not timeout_s > 0:
        raise ValueError(f"The FastF1 timeout must be positive seconds, not {timeout_s!r}.")
    for session in _fastf1_sessions():
        for prefix, adapter in list(session.adapters.items()):
            if isinstance(adapter, BoundedAdapter):
                adapter.timeout_s = timeout_s
            else:
                session.mount(prefix, BoundedAdapter(adapter, timeout_s))


def fastf1_timeouts() -> int:
    """How many FastF1 requests have timed out in this process so far."""
    return sum(adapter.timeouts for adapter in _bounded_adapters())


@contextmanager
def give_up_after_timeout() -> Iterator[None]:
    """Within the block, a host that timed out once fails at once for the other requests.

    So a load against a silent server costs one timeout, not one per request. Use it
    under ``FASTF1_LOCK``, around one FastF1 load.
    """
    adapters = _bounded_adapters()
    silent: set[str] = set()
    for adapter in adapters:
        adapter.silent_hosts = silent
    try:
        yield
    finally:
        for adapter in adapters:
            adapter.silent_hosts = None
