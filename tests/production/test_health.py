"""/healthz: 200 when the database and the cache answer, 503 naming what failed (real components, no mocks)."""

import pytest

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_unreachable_cache_is_named_with_503(client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_only_get_and_head_and_no_language_prefix(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
    assert client.get("/ru/healthz").status_code == 404


def test_a_request_with_a_session_cookie_gets_no_new_cookie(client, admin_client):
    response = admin_client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies


def test_answers_plain_http_load_balancer_checks_without_redirecting(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/events/").status_code == 301
