"""Error pages in the site's look for 400, 403 (and CSRF failures), 404 and 500; logs a collector can read."""

import json
import logging

import pytest
from django.test import Client

from sco_portal.core.logs import JSONFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = "tests.production.urls"


def assert_site_page(response, status, heading):
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html and "portal" in html and ".css" in html
    assert "Traceback" not in html


def test_404(client):
    assert_site_page(client.get("/events/no-such-event/"), 404, "Page not found")


def test_403(client, test_urls):
    assert_site_page(client.get("/test/forbidden/"), 403, "Not allowed")


def test_400_for_a_bad_request(client, test_urls):
    assert_site_page(client.get("/test/suspicious/"), 400, "Bad request")


def test_400_for_a_host_the_portal_does_not_serve(client):
    assert_site_page(client.get("/", HTTP_HOST="attacker.example"), 400, "Bad request")


def test_500(test_urls):
    client = Client(raise_request_exception=False)
    response = client.get("/test/fails/")
    assert_site_page(response, 500, "Something went wrong")
    assert "multi-line message" not in response.content.decode()


def test_csrf_failure_says_what_to_do(client):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x", "password": "y"})
    assert_site_page(response, 403, "The form could not be sent")
    assert "Nothing was saved" in response.content.decode()


# --- Logs ---------------------------------------------------------------------------------------------


def test_one_log_record_per_request_with_its_facts(client, caplog):
    with caplog.at_level(logging.INFO, logger="sco_portal.request"):
        client.get("/events/?year=2025", REMOTE_ADDR="203.0.113.7")
        client.get("/events/nope/")
    first, second = [r for r in caplog.records if r.name == "sco_portal.request"]
    assert (first.method, first.path, first.query, first.status, first.client) == (
        "GET",
        "/events/",
        "year=2025",
        200,
        "203.0.113.7",
    )
    assert first.bytes > 1000 and first.duration_ms >= 0
    assert (second.path, second.status) == ("/events/nope/", 404)


def test_a_server_error_is_logged_once_with_its_traceback(test_urls, caplog):
    with caplog.at_level(logging.INFO):
        Client(raise_request_exception=False).get("/test/fails/")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].name == "django.request" and errors[0].exc_info
    line = JSONFormatter().format(errors[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert (
        "Traceback" in entry["exception"]
        and "RuntimeError: A test failure with a\nmulti-line message" in (entry["exception"])
    )
    assert entry["status_code"] == 500


def test_json_lines_keep_hostile_text_on_one_line():
    record = logging.LogRecord("sco_portal.request", logging.INFO, __file__, 1, "GET %s", ('/x\n{"fake": 1}',), None)
    record.path = "/x\r\nSet-Cookie: y"
    line = JSONFormatter().format(record)
    assert "\n" not in line and "\r" not in line
    entry = json.loads(line)
    assert entry["message"] == 'GET /x\n{"fake": 1}' and entry["path"] == "/x\r\nSet-Cookie: y"
    assert entry["time"].endswith("+00:00")
