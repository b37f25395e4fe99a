"""``wasi:sockets/ip-name-lookup``: resolving a host name to IP addresses.

``resolve-addresses`` refuses unless the WASI configuration allows lookups
(``permanent-resolver-failure``, as in Wasmtime), then checks the name (an
IP address literal, bracketed IPv6 included, or a domain name; anything else
is ``invalid-argument``). The host resolver runs when
the name is first resolved; ``resolve-next-address`` then hands out the
addresses one at a time, or the resolver's failure.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from ...component.values import ResourceHost, Variant
from .interface import Interface
from .pollables import Pollable
from .resources import own, rep_of
from .results import VALUE
from .sockets_network import SocketError, ip_address_value, network_of, socket_function
from .state import Preview2State

_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


class ResolveAddressStream:
    """The object behind a ``resolve-address-stream``: the addresses found, or the
    ``error-code`` of the failed lookup."""

    __slots__ = ("addresses", "failure")

    def __init__(self, addresses: list[Variant], failure: str | None = None) -> None:
        self.addresses = addresses
        self.failure = failure

    def next(self) -> Variant | None:
        """The next address (``None`` after the last one)."""
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise SocketError(failure)
        return self.addresses.pop(0) if self.addresses else None

    def close(self) -> None:
        """Nothing to release."""


def parse_name(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | str:
    """The IP address a literal names, or the lower-cased domain name
    (``invalid-argument`` for what is neither)."""
    text = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if text is not name:
        raise SocketError("invalid-argument")
    try:
        ascii_name = name.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise SocketError("invalid-argument") from None
    labels = ascii_name[:-1].split(".") if ascii_name.endswith(".") else ascii_name.split(".")
    if not ascii_name or any(not label or not set(label) <= _LABEL_CHARS for label in labels):
        raise SocketError("invalid-argument")
    return ascii_name


def _lookup(name: str) -> ResolveAddressStream:
    try:
        found = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        code = {socket.EAI_NONAME: "name-unresolvable",
                socket.EAI_AGAIN: "temporary-resolver-failure"}.get(
            exc.errno or 0, "permanent-resolver-failure")
        if getattr(socket, "EAI_NODATA", None) == exc.errno:
            code = "name-unresolvable"
        return ResolveAddressStream([], code)
    addresses: list[Variant] = []
    for family, _, _, _, sockaddr in found:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        value = ip_address_value(ipaddress.ip_address(str(sockaddr[0]).partition("%")[0]))
        if value not in addresses:
            addresses.append(value)
    return ResolveAddressStream(addresses)


def resolve_addresses(state: Preview2State, network: Any, name: str) -> ResourceHost:
    """A stream of the addresses ``name`` resolves to."""
    if not network_of(state, network).permissions.ip_name_lookup:
        raise SocketError("permanent-resolver-failure")
    parsed = parse_name(name)
    if isinstance(parsed, str):
        stream = _lookup(parsed)
    else:
        stream = ResolveAddressStream([ip_address_value(parsed)])
    return own(state.table, "resolve-address-stream", stream)


def resolve_next_address(state: Preview2State, self: Any) -> Variant | None:
    """The next address of the lookup (``None`` after the last)."""
    stream: ResolveAddressStream = state.get(rep_of(self))
    return stream.next()


def subscribe(state: Preview2State, self: Any) -> ResourceHost:
    """A pollable that is ready at once (lookups finish before their stream exists)."""
    state.get(rep_of(self))
    return own(state.table, "pollable", Pollable())


INTERFACES = {"wasi:sockets/ip-name-lookup": Interface(
    resources=("resolve-address-stream",), uses=("network", "pollable"), functions={
        "resolve-addresses": (socket_function(resolve_addresses), VALUE),
        "[method]resolve-address-stream.resolve-next-address":
            (socket_function(resolve_next_address), VALUE),
        "[method]resolve-address-stream.subscribe": (subscribe, VALUE),
    })}
