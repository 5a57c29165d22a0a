"""/healthz: 200 when the database and the cache answer, 503 naming what failed (real components, no mocks)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
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


def test_a_load_balancer_checking_a_server_at_its_address_gets_an_answer(client, caplog):
    # Each server is checked at its own address, which is not one of the site's host names.
    response = client.get("/healthz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert client.get("/", HTTP_HOST="10.0.0.5").status_code == 400  # every other page still refuses it
    assert client.get("/healthz/extra", HTTP_HOST="10.0.0.5").status_code == 400


def test_a_request_for_another_host_is_not_logged_as_an_error(tmp_path):
    # The portal's own logging configuration, as a server runs it (pytest replaces the handlers in-process).
    script = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/', HTTP_HOST='evil.example').status_code)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sco_portal.settings", "DJANGO_DEBUG": "1"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.splitlines()[-1] == "400"
    assert "DisallowedHost" not in run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
