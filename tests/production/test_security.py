"""Secure by default with DJANGO_DEBUG off: deploy checks, cookies, HSTS, SSL redirect, CSP and friends."""

import json
import re
import subprocess
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from tests.production import live

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/timeline/", "/events/", "/centers/", "/statements/", "/countries/", "/topics/", "/feeds/"]


def production_settings(**env):
    """Selected settings as production computes them from `env` (a fresh interpreter, no test settings).
    A value of None leaves the variable unset."""
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "X_FRAME_OPTIONS",
        "CONTENT_SECURITY_POLICY",
        "STATIC_URL",
    ]
    code = f"import json, sco_portal.settings as s; print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    full_env = {k: v for k, v in live.production_env(**env).items() if env.get(k, "") is not None}
    result = subprocess.run([live.PYTHON, "-c", code], cwd=live.ROOT, env=full_env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_deploy(**env):
    env = live.production_env(**env)
    del env["DJANGO_SECURE_SSL_REDIRECT"]  # the default: on
    return subprocess.run(
        [live.PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=live.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_passes_with_a_real_key_hosts_and_id_authority():
    result = check_deploy(PORTAL_ID_AUTHORITY="portal.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_while_the_feed_id_authority_is_the_placeholder():
    result = check_deploy()
    assert result.returncode != 0
    assert "portal.W001" in result.stderr + result.stdout
    assert "PORTAL_ID_AUTHORITY is still the placeholder 'sco-portal.example'" in result.stderr + result.stdout


def test_production_defaults_are_secure():
    values = production_settings(DJANGO_SECURE_SSL_REDIRECT=None)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["CSRF_COOKIE_SECURE"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_ssl_redirect_can_be_switched_off_for_a_tls_proxy():
    assert production_settings(DJANGO_SECURE_SSL_REDIRECT="0")["SECURE_SSL_REDIRECT"] is False


def test_a_static_files_cdn_is_the_only_other_origin_the_policy_allows():
    values = production_settings(DJANGO_STATIC_URL="https://cdn.example.org/static/")
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert values["STATIC_URL"] == "https://cdn.example.org/static/"
    for name in ("script-src", "style-src", "img-src", "font-src"):
        assert directives[name] == ["'self'", "https://cdn.example.org"], name
    assert directives["connect-src"] == ["'self'"]


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/events/?year=2025")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/events/?year=2025"
    assert client.get("/events/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def csp_directives(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
        if part
    }


@pytest.mark.parametrize("url", PUBLIC_PAGES + ["/feeds/latest.rss", "/events/nope/"])
def test_every_answer_carries_the_security_headers(client, url):
    response = client.get(url, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert csp_directives(response) == {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }


def test_the_admin_alone_may_use_inline_styles_but_never_inline_script(admin_client):
    directives = csp_directives(admin_client.get("/admin/events/event/"))
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]
    assert csp_directives(admin_client.get("/events/"))["style-src"] == ["'self'"]


def test_a_changed_policy_applies_at_once_though_the_header_is_built_once(client, settings):
    assert csp_directives(client.get("/events/"))["img-src"] == ["'self'"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"], "img-src": ["'self'", "data:"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    response = client.get("/events/")
    assert csp_directives(response) == {"default-src": ["'none'"], "img-src": ["'self'", "data:"]}
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'self'"


def test_a_response_marked_by_a_csp_decorator_keeps_its_own_policy(client, settings):
    settings.ROOT_URLCONF = "tests.production.urls"
    client.get("/events/")  # the shared policy is built
    assert csp_directives(client.get("/test/csp-update/"))["img-src"] == ["'self'", "https://maps.example.org"]
    assert "Content-Security-Policy" not in client.get("/test/csp-exempt/")
    assert csp_directives(client.get("/test/by-encoding/"))["img-src"] == ["'self'"]


class InlineCode(HTMLParser):
    """Collects what a strict policy would block: inline scripts, event handlers, style attributes and blocks."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/ld+json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> block")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name == "style":
                self.found.append(f"{tag} style={value!r}")
            if name in ("href", "src") and value and re.match(r"\s*javascript:", value, re.I):
                self.found.append(f"{tag} {name}=javascript:")


def test_public_pages_hold_nothing_the_policy_would_block(client, demo_content):
    from sco_portal.events.models import Event

    event = Event.objects.published().first()
    for url in [*PUBLIC_PAGES, event.get_absolute_url(), "/countries/china/", "/search/?q=SCO", "/ru/"]:
        parser = InlineCode()
        parser.feed(client.get(url).content.decode())
        assert parser.found == [], url


def test_cookies_are_secure_and_http_only(client, settings):
    get_user_model().objects.create_superuser("chief", "chief@example.org", "a long passphrase 7")
    login_page = client.get("/admin/login/", secure=True)
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "chief", "password": "a long passphrase 7", "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
