"""Who is asking: the client address a rate limit counts, behind configured proxies only.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only when the
peer is a configured trusted proxy (WEBCHAT_TRUSTED_PROXIES), and then only up to the first
hop that is not one of ours: a client cannot pick its own limit key by sending the header.
IPv6 clients are counted per /64, the block one household or phone gets: rotating through the
addresses of one's own block must not reset the limit.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
IPV6_CLIENT_PREFIX = 64


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """'10.0.0.1', '10.1.0.0/16', '::1' → networks.

    Raises:
        ValueError: a value that is not an address or network.
    """
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address | None, proxies: Sequence[Network]) -> bool:
    return address is not None and any(address in network for network in proxies)


def client_address(
    peer: str | None, forwarded_for: Sequence[str], proxies: Sequence[Network]
) -> str:
    """The address to count for a request from `peer` carrying these X-Forwarded-For headers.

    Walks the forwarded chain from the right while the hop that handed the request on is a
    trusted proxy; the first hop not ours is the client. Without trusted proxies it is the peer.
    """
    hops = [h for header in forwarded_for for h in header.split(",") if h.strip()]
    current, address = peer or "", _address(peer or "")
    while hops and _trusted(address, proxies):
        hop = hops.pop()
        hop_address = _address(hop)
        if hop_address is None:
            break  # garbage in the chain: count the last proxy we know instead of the claim
        current, address = hop.strip(), hop_address
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False)
        return str(network)
    return str(address) if address is not None else current
