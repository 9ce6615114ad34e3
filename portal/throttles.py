"""The API's throttles (DRF's mechanism) keyed on the portal's client address.

DRF's own `get_ident` reads X-Forwarded-For whole when NUM_PROXIES is unset, so a client
choosing a fresh header for each request would get a fresh anonymous bucket each time; these
read the address exactly as every other limit does (portal.ratelimit.client_ip).
"""

from rest_framework import throttling
from rest_framework.request import Request

from portal.ratelimit import client_ip


class ClientAddressMixin:
    def get_ident(self, request: Request) -> str:
        return client_ip(request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass
