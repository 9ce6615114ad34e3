"""With REDIS_URL, rate limits and sessions live in Redis, shared by every process."""

import pytest
import redis
from django.core.cache import caches
from django.test import Client

from tests.auth_helpers import login_with_password
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "portal-test",
        }
    }
    caches["default"].clear()
    yield redis.Redis.from_url(redis_url)
    caches["default"].clear()


def test_failed_login_lock_is_shared_between_clients(redis_cache):
    UserFactory.create(email="cible@exemple.test")
    for _ in range(6):
        login_with_password(Client(), "cible@exemple.test", password="mauvais-mot-de-passe")
    assert any(b"portal-test" in key for key in redis_cache.keys("*"))

    # A fresh client (another browser, another web process) meets the same lock.
    other = Client()
    response = login_with_password(other, "cible@exemple.test")
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in other.session


def test_sessions_are_cached_in_redis(redis_cache):
    UserFactory.create(email="medecin@exemple.test")
    client = Client()
    login_with_password(client, "medecin@exemple.test")
    session_key = client.cookies["sessionid"].value
    assert any(session_key.encode() in key for key in redis_cache.keys("*"))


def test_several_limits_are_counted_in_one_round_trip(redis_cache, monkeypatch):
    from django.core.cache import cache
    from redis.connection import Connection

    from portal import ratelimit

    sent = []
    real_send = Connection.send_packed_command

    def counting_send(self, command, check_health=True):
        sent.append(command)
        return real_send(self, command, check_health)

    ratelimit.hit("warm:connection", "5/m")  # the pool's connection handshake is not a hit
    monkeypatch.setattr(Connection, "send_packed_command", counting_send)
    checks = [("annuaire:a", "2/m"), ("annuaire:b", "1/d")]
    first = ratelimit.hit_many(checks, now=1_000_000)
    assert len(sent) == 1
    second = ratelimit.hit_many(checks, now=1_000_001)
    assert [(r.count, r.allowed) for r in first] == [(1, True), (1, True)]
    assert [(r.count, r.allowed) for r in second] == [(2, True), (2, False)]
    assert second[1].retry_after == 86_400 - 1_000_001 % 86_400
    # The counters are the cache's own keys, with an expiry a little past their window.
    minute_key = ratelimit._cache_key("annuaire:a", 1_000_000 // 60 * 60)
    assert cache.get(minute_key) == 2
    assert 60 < redis_cache.ttl(cache.make_key(minute_key)) <= 120
