"""Who is asking, and over what: the client's address and whether the request came over HTTPS,
read the same way everywhere (the login lockout, the ideas limit, the audit trail's source).

Behind a proxy the direct peer (REMOTE_ADDR) is the proxy. Its headers (X-Forwarded-For,
X-Forwarded-Proto) are believed only when that peer is listed in REGIODEAL_TRUSTED_PROXIES
(addresses or networks, e.g. `127.0.0.1,10.0.0.0/24`); from anyone else they are ignored, since
any client can send them. X-Forwarded-For is read from the right: each proxy appends the address
it was reached from, so the rightmost address that is not a trusted proxy is the client, and
anything to its left was written by the client itself (docs/security.md "Running behind a proxy").
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(raw: str | list | tuple) -> tuple[Network, ...]:
    """`10.0.0.1, 192.168.0.0/16` (or a list of such) as networks; ValueError names a bad entry."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    networks = []
    for item in items:
        item = str(item).strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ValueError(f"{item!r} is not an IP address or network (10.0.0.1, 10.0.0.0/24)") from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(raw: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(raw)


def trusted_networks() -> tuple[Network, ...]:
    return _trusted(tuple(getattr(settings, "REGIODEAL_TRUSTED_PROXIES", ()) or ()))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51000
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted_proxy(address: str) -> bool:
    parsed = _address(address or "")
    return parsed is not None and any(parsed in network for network in trusted_networks())


def peer_is_trusted(request) -> bool:
    """The direct peer of this request is one of our proxies."""
    return is_trusted_proxy(request.META.get("REMOTE_ADDR", ""))


def client_ip(request) -> str:
    """The client's address: the direct peer, or, when that peer is a trusted proxy, the rightmost
    address of X-Forwarded-For that is not a trusted proxy. '' when unknown."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    if not peer_is_trusted(request):
        return peer
    client = _address(peer)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # not an address: written by someone we do not trust; keep the last good hop
        client = address
        if not any(address in network for network in trusted_networks()):
            break
    return str(client) if client is not None else peer


def forwarded_https(request) -> bool:
    """A trusted proxy says the client reached it over HTTPS (X-Forwarded-Proto: https)."""
    if not peer_is_trusted(request):
        return False
    proto = request.META.get("HTTP_X_FORWARDED_PROTO", "")
    # Several proxies may each append theirs; the nearest (rightmost) one spoke to us.
    return proto.split(",")[-1].strip().lower() == "https"


class TrustedProxyMiddleware:
    """Marks a request secure when a trusted proxy says it came over HTTPS, so that HSTS is sent
    and every absolute URL (request.build_absolute_uri: the calendar feed, API links) uses https.
    Django's own SECURE_PROXY_SSL_HEADER would believe the header from anyone; it stays unset.
    First in MIDDLEWARE: SecurityMiddleware and everything after it see the right scheme."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if forwarded_https(request):
            # WSGIRequest reads its scheme from the WSGI environ, which is request.META.
            request.META["wsgi.url_scheme"] = "https"
        return self.get_response(request)
