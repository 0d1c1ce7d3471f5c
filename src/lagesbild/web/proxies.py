"""The client's address behind a reverse proxy.

gunicorn sets ``REMOTE_ADDR`` to the address that opened the connection: behind Caddy or nginx,
the proxy's, for every request. The login lockout (django-axes), the rate limits of the API, the
public form and the password reset, and the audit log all read ``REMOTE_ADDR``, so they counted
the proxy: five wrong passwords from anywhere locked a user out everywhere, and every citizen
shared one hourly limit. gunicorn cannot take the address from a header, so this middleware does,
for the proxies named in ``LAGESBILD_TRUSTED_PROXIES`` only: a client that reaches the server
directly cannot choose its address with a forged ``X-Forwarded-For``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: Address, networks: Sequence[Network]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def forwarded_client(remote: str, forwarded: str, proxies: Sequence[Network]) -> str:
    """Return the client's address: ``remote`` unless it is a trusted proxy; then the last
    address in ``forwarded`` (X-Forwarded-For) that is not a trusted proxy itself.

    Each proxy appends the address it was reached from, so the addresses right of the client are
    proxies, and those left of it are whatever the client wrote. A hop that is no address ends
    the walk at the last trusted one: nothing the client wrote is believed.
    """
    current = _address(remote)
    if current is None or not _trusted(current, proxies):
        return remote
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            break
        current = address
        if not _trusted(address, proxies):
            break
    return str(current)


class ForwardedClientMiddleware:
    """Set ``REMOTE_ADDR`` to the client's address when a trusted proxy forwarded the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.proxies = _networks(settings.LAGESBILD_TRUSTED_PROXIES)
        if not self.proxies:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            remote = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = forwarded_client(remote, forwarded, self.proxies)
        return self.get_response(request)


def _networks(names: Sequence[str]) -> list[Network]:
    return [ipaddress.ip_network(network, strict=False) for network in names]


class AdminNetworksMiddleware:
    """Answer 404 to the admin (``/admin/``) from a client outside ``LAGESBILD_ADMIN_NETWORKS``.

    The admin reaches every municipality's data; behind the lockout and two-factor login it is
    still one password away from the internet. An IT department that keeps it to the town hall's
    network or a VPN lists those here (the client's address as ``ForwardedClientMiddleware``
    found it); 404, not 403, so a scanner learns nothing. Empty: the admin answers everyone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.networks = _networks(settings.LAGESBILD_ADMIN_NETWORKS)
        if not self.networks:
            raise MiddlewareNotUsed
        self.prefix = reverse("admin:index")
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(self.prefix):
            client = _address(request.META.get("REMOTE_ADDR", ""))
            if client is None or not _trusted(client, self.networks):
                raise Http404("admin outside LAGESBILD_ADMIN_NETWORKS")
        return self.get_response(request)
