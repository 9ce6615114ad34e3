"""The fixed-window cache rate limiter (portal.ratelimit)."""

import pytest
from django.test import RequestFactory

from portal.ratelimit import Rate, client_address, client_ip, hit, parse_rate


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("5/h", Rate(count=5, period=3600)),
        ("10/m", Rate(count=10, period=60)),
        ("1/s", Rate(count=1, period=1)),
        ("100/d", Rate(count=100, period=86400)),
        ("20/15m", Rate(count=20, period=900)),
        (" 3 / h ", Rate(count=3, period=3600)),
    ],
)
def test_parse_rate(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "5", "5/x", "h/5", "0/h", "5/0m", "-1/h", "5/hour"])
def test_parse_rate_refuses_nonsense(rate):
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate(rate)


def test_hits_are_allowed_up_to_the_limit_then_refused():
    now = 7200.0 + 100  # 100 s into an hour window
    results = [hit("k", "3/h", now=now) for _ in range(4)]

    assert [r.allowed for r in results] == [True, True, True, False]
    assert [r.count for r in results] == [1, 2, 3, 4]
    assert results[-1].retry_after == 3500
    assert results[-1].limit == 3


def test_a_new_window_starts_afresh():
    for _ in range(2):
        hit("k", "2/m", now=60.0)
    assert not hit("k", "2/m", now=119.0).allowed
    assert hit("k", "2/m", now=120.0).allowed


def test_keys_are_counted_separately():
    assert hit("user:1", "1/h", now=0.0).allowed
    assert not hit("user:1", "1/h", now=1.0).allowed
    assert hit("user:2", "1/h", now=1.0).allowed


def test_retry_after_is_at_least_one_second():
    hit("k", "1/m", now=59.9)
    assert hit("k", "1/m", now=59.9).retry_after == 1


def test_client_ip_ignores_forwarded_for():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "192.0.2.7"


def test_client_ip_reads_forwarded_for_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize(
    ("remote_addr", "ip", "address"),
    [("192.0.2.7", "192.0.2.7", "192.0.2.7"), ("", "unknown", None), ("unix:", "unknown", None)],
)
def test_client_address_is_an_ip_or_nothing(remote_addr, ip, address):
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr)
    assert client_ip(request) == ip  # a rate-limit key, whatever it is
    assert client_address(request) == address  # what access logs record


@pytest.mark.parametrize(
    ("count", "forwarded", "client"),
    [
        (1, "10.9.8.7, 203.0.113.9", "203.0.113.9"),  # a forged hop on the left is never read
        (1, "10.9.8.7,198.51.100.1 , 203.0.113.9", "203.0.113.9"),
        (2, "10.9.8.7, 203.0.113.9, 10.0.0.2", "203.0.113.9"),  # load balancer, then proxy
        (2, "203.0.113.9", "192.0.2.7"),  # passed fewer proxies than configured: REMOTE_ADDR
        (1, "not-an-address", "192.0.2.7"),
        (0, "203.0.113.9", "192.0.2.7"),  # "no proxy": the header is ignored
    ],
)
def test_client_ip_takes_the_right_most_untrusted_hop(settings, count, forwarded, client):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client


def test_the_api_throttles_key_on_the_same_address(settings):
    """DRF alone keys anonymous requests on the whole X-Forwarded-For: a fresh header, a
    fresh bucket. The portal's throttles read the address as every other limit does."""
    from rest_framework.request import Request

    from portal.throttles import AnonRateThrottle

    settings.TRUSTED_PROXY_COUNT = 1
    idents = {
        AnonRateThrottle().get_ident(
            Request(RequestFactory().get("/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.9"))
        )
        for n in range(5)
    }
    assert idents == {"203.0.113.9"}


def test_production_refuses_forwarded_requests_while_the_proxy_count_is_unset(settings):
    from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
    from django.http import HttpResponse

    from portal.proxy import TrustedProxyRequiredMiddleware

    settings.TRUSTED_PROXY_COUNT = None
    middleware = TrustedProxyRequiredMiddleware(lambda request: HttpResponse("ok"))
    assert middleware(RequestFactory().get("/")).status_code == 200
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT"):
        middleware(RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.9"))
    for configured in (0, 1):
        settings.TRUSTED_PROXY_COUNT = configured
        with pytest.raises(MiddlewareNotUsed):
            TrustedProxyRequiredMiddleware(lambda request: HttpResponse("ok"))
