"""The portal as it ships, served by gunicorn with production settings (DJANGO_DEBUG off) on loopback.

One server has the demo content in a SQLite file; the other points at a database port where
nothing listens, as when the database server is down.
"""

import re
import shutil
import subprocess

import pytest

from tests.production import live


@pytest.fixture(scope="module")
def servers(tmp_path_factory, collected_static, demo_sqlite):
    tmp = tmp_path_factory.mktemp("live")
    database = tmp / "site.sqlite3"
    shutil.copy(demo_sqlite, database)
    env = live.production_env(DATABASE_URL=f"sqlite:///{database}", DJANGO_STATIC_ROOT=collected_static)
    no_database = live.production_env(
        DATABASE_URL="postgres://sco:sco@127.0.0.1:1/sco", DJANGO_STATIC_ROOT=collected_static
    )
    with live.ports_lock():
        good = live.Server(live.PORTS[0], env, tmp / "good.log").start()
        try:
            broken = live.Server(live.PORTS[1], no_database, tmp / "broken.log").start()
            try:
                yield good, broken
            finally:
                broken.stop()
        finally:
            good.stop()


@pytest.fixture(scope="module")
def good(servers):
    return servers[0]


@pytest.fixture(scope="module")
def broken(servers):
    return servers[1]


def test_healthz_answers_200_or_503_naming_what_failed(good, broken):
    ok = good.request("GET", "/healthz")
    assert (ok.status, ok.json()) == (200, {"status": "ok", "database": "ok", "cache": "ok"})
    down = broken.request("GET", "/healthz")
    assert (down.status, down.json()) == (503, {"status": "unavailable", "database": "unavailable", "cache": "ok"})
    assert "set-cookie" not in ok.headers and "set-cookie" not in down.headers


def test_pages_carry_hsts_csp_and_the_other_security_headers(good):
    response = good.request("GET", "/")
    assert response.status == 200
    assert response.header("strict-transport-security") == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in response.header("content-security-policy")
    assert "frame-ancestors 'none'" in response.header("content-security-policy")
    assert response.header("x-content-type-options") == "nosniff"
    assert response.header("referrer-policy") == "strict-origin-when-cross-origin"
    assert response.header("cross-origin-opener-policy") == "same-origin"


def test_a_repeat_visit_is_served_from_the_cache(good):
    first = good.request("GET", "/centers/?year=2025")
    again = good.request("GET", "/centers/?year=2025")
    assert (first.header("x-cache"), again.header("x-cache")) == ("miss", "hit")
    assert again.body == first.body


@pytest.mark.parametrize("path", ["/healthz", "/events/", "/feeds/latest.rss", "/no-such-page/"])
def test_head_gets_gets_headers_and_no_body_without_a_warning(good, path):
    get = good.request("GET", path)
    head = good.request("HEAD", path)
    assert head.status == get.status
    assert head.body == b""
    assert head.header("content-length") == str(len(get.body))
    assert head.header("content-type") == get.header("content-type")
    assert "no-body response" not in good.log()


def test_head_of_a_static_file_gets_its_headers_and_no_body_without_a_warning(good):
    stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', good.request("GET", "/").text).group(1)
    get = good.request("GET", stylesheet, {"Accept-Encoding": "identity"})
    head = good.request("HEAD", stylesheet, {"Accept-Encoding": "identity"})
    assert head.status == get.status == 200 and head.body == b""
    assert head.header("content-length") == str(len(get.body))
    assert head.header("etag") == get.header("etag")
    assert "no-body response" not in good.log()


def test_static_files_are_hashed_compressed_and_cached_for_ever(good):
    html = good.request("GET", "/").text
    stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', html).group(1)
    plain = good.request("GET", stylesheet, {"Accept-Encoding": "identity"})
    for encoding in ("br", "gzip"):
        compressed = good.request("GET", stylesheet, {"Accept-Encoding": encoding})
        assert compressed.status == 200
        assert compressed.header("content-encoding") == encoding
        assert len(compressed.body) < len(plain.body) / 2, encoding
        assert compressed.header("cache-control") == "max-age=315360000, public, immutable"
        assert "Accept-Encoding" in compressed.header("vary")
    assert plain.header("content-encoding") is None
    admin_login = good.request("GET", "/admin/login/").text
    assert re.search(r'href="/static/admin/css/[\w.]+\.[0-9a-f]{12}\.css"', admin_login), "the admin's files too"


def test_error_pages_in_the_sites_look(good, broken):
    not_found = good.request("GET", "/events/no-such-event/")
    assert not_found.status == 404 and "<h1>Page not found</h1>" in not_found.text
    bad_host = good.request("GET", "/", host="attacker.example")
    assert bad_host.status == 400 and "<h1>Bad request</h1>" in bad_host.text
    csrf = good.request(
        "POST", "/admin/login/", {"Content-Type": "application/x-www-form-urlencoded"}, b"username=a&password=b"
    )
    assert csrf.status == 403 and "<h1>The form could not be sent</h1>" in csrf.text
    error = broken.request("GET", "/statements/")
    assert error.status == 500 and "<h1>Something went wrong</h1>" in error.text
    assert "Traceback" not in error.text and "OperationalError" not in error.text


def test_logs_are_json_lines_one_per_request_and_one_per_error(good, broken):
    good.request("GET", "/topics/?log-test=1")
    broken.request("GET", "/timeline/?log-test=2")
    good_records, broken_records = good.log_records(), broken.log_records()  # every line parses as JSON
    [line] = [r for r in good_records if r.get("path") == "/topics/" and r.get("query") == "log-test=1"]
    assert line["logger"] == "sco_portal.request" and line["method"] == "GET" and line["status"] == 200
    assert line["bytes"] > 1000 and line["duration_ms"] >= 0 and line["client"] == "127.0.0.1"
    [request_line] = [r for r in broken_records if r.get("query") == "log-test=2"]
    assert request_line["status"] == 500
    [error] = [r for r in broken_records if r["level"] == "ERROR" and "log-test=2" in r.get("request", "")]
    assert error["logger"] == "django.request" and error["status_code"] == 500
    assert error["exception"].startswith("Traceback") and "OperationalError" in error["exception"]
    assert any(r["logger"] == "gunicorn.error" and r["message"].startswith("Listening at") for r in good_records)


HOSTILE_RAW_PATHS = [
    "/events/%ff%fe/",
    "/events/%c0%ae%c0%ae/",
    "/events/%00/",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2fsco_portal%2fsettings.py",
    "/static/%2e%2e/%2e%2e/manage.py",
    "/events/" + "a" * 4000 + "/",
    "/feeds/topics/%3Cscript%3E.rss",
    "/search/?q=%ff%fe%00",
    "/search/?q=" + "%F0%9F%92%A9" * 300,
    "/events/?year=%ff",
    "/events/?" + "&".join(f"p{i}=x" for i in range(2000)),
    "/timeline/?at=%0d%0aSet-Cookie:%20x=1",
    "/ru/%D0%BD%D0%B5%D1%82/",
    "//evil.example/%2f..",
]


@pytest.mark.parametrize("path", HOSTILE_RAW_PATHS, ids=lambda p: p[:40])
def test_hostile_raw_requests_get_a_clear_4xx_or_a_page_never_a_5xx(good, path):
    response = good.request("GET", path)
    assert response.status < 500, response.status
    assert "set-cookie" not in response.headers or "x=1" not in response.header("set-cookie")
    assert "<script>" not in response.text


def gunicorn_config(env, *args):
    return subprocess.run(
        [live.GUNICORN, *args], cwd=live.ROOT, env=live.production_env(**env), capture_output=True, text=True
    )


def test_gunicorn_runs_several_processes_only_with_a_shared_cache():
    alone = gunicorn_config({}, "--print-config")
    assert re.search(r"^workers\s*=\s*1$", alone.stdout, re.M) and re.search(r"^threads\s*=\s*4$", alone.stdout, re.M)
    shared = gunicorn_config({"REDIS_URL": "redis://127.0.0.1:6379/5"}, "--print-config")
    workers = int(re.search(r"^workers\s*=\s*(\d+)$", shared.stdout, re.M).group(1))
    assert workers > 1
    refused = gunicorn_config({"WEB_CONCURRENCY": "3"}, "--check-config")
    assert refused.returncode != 0
    assert "several worker processes need a shared cache" in refused.stdout + refused.stderr


def test_an_over_long_search_gets_the_portals_400_naming_the_filter(good):
    # 5,000 characters of q: past gunicorn's default limit on a request line (4,094 bytes), within the portal's.
    response = good.request("GET", "/events/?q=" + "x" * 5000)
    assert response.status == 400
    assert response.header("content-type") == "text/html; charset=utf-8"
    assert "Some filters could not be used" in response.text
