"""The Content Security Policy in a real Chromium: the public pages and the admin run with no violation,
and the admin's scripts (autocomplete, date pickers, the history compare view) still work.

Served by gunicorn with production settings, so the pages, headers and hashed static files are the
ones a reader gets. Skips without Chromium on a developer's machine; fails without it in CI.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.production import live

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Bounds on waiting for a page or an element on a busy machine; nothing is asserted about time.
TIMEOUT_MS = 60_000
PASSWORD = "a long browser passphrase 3"

# Two revisions of one event, so the history has something to compare.
SETUP = f"""
import reversion
from django.contrib.auth.models import User
from sco_portal.events.models import Event
User.objects.create_superuser("chief", "chief@example.org", "{PASSWORD}")
event = Event.objects.published().order_by("pk").first()
for title in ("A title before", "A title after"):
    with reversion.create_revision():
        event.title = title
        event.save()
print("EVENT", event.pk)
"""

# Records every violation the page reports, from before its first script runs.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${where}`);
});
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, collected_static, demo_sqlite):
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    tmp = tmp_path_factory.mktemp("csp")
    database = tmp / "site.sqlite3"
    shutil.copy(demo_sqlite, database)
    env = live.production_env(DATABASE_URL=f"sqlite:///{database}", DJANGO_STATIC_ROOT=collected_static)
    output = live.manage(env, "shell", "-c", SETUP)
    event_pk = int(next(line for line in output.splitlines() if line.startswith("EVENT")).split()[1])
    with live.ports_lock():
        server = live.Server(live.PORTS[0], env, tmp / "server.log").start()
        try:
            yield {"base": f"http://127.0.0.1:{server.port}", "event": event_pk}
        finally:
            server.stop()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    # Plain http on loopback, which Chromium trusts like https (secure cookies work).
    context = browser.new_context(base_url=site["base"])
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: page.problems.append(msg.text) if "Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: page.problems.append(f"uncaught: {error}"))
    yield page
    context.close()


def assert_no_violations(page, label):
    violations = page.evaluate("window.__violations")
    assert violations == [] and page.problems == [], f"{label}: {violations} {page.problems}"


def visit(page, path):
    response = page.goto(path, wait_until="load")
    assert response.status in (200, 404), f"{path}: {response.status}"
    assert "content-security-policy" in response.headers, path
    return response


PUBLIC = [
    "/",
    "/timeline/",
    "/events/",
    "/events/sco-founded-2001/",
    "/centers/",
    "/statements/",
    "/countries/",
    "/countries/china/",
    "/topics/",
    "/topics/artificial-intelligence/",
    "/search/?q=SCO",
    "/feeds/",
    "/ru/",
    "/zh-hans/events/",
    "/no-such-page/",
]


def test_public_pages_run_without_a_violation(page):
    for path in PUBLIC:
        visit(page, path)
        assert_no_violations(page, path)


def sign_in(page):
    visit(page, "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_the_admin_works_without_a_violation(page, site):
    pk = site["event"]
    sign_in(page)
    assert_no_violations(page, "/admin/")

    for path in ("/admin/events/event/", "/admin/events/event/add/", "/admin/taxonomy/country/1/change/"):
        visit(page, path)
        assert_no_violations(page, path)

    visit(page, f"/admin/events/event/{pk}/change/")
    # Autocomplete: select2 asks the server for choices and shows them.
    page.click(".field-topics .select2-selection")
    page.wait_for_selector(".select2-results__option:not(.loading-results)")
    page.keyboard.press("Escape")
    # Date shortcuts and the calendar pop-up.
    page.click(".field-start_date .datetimeshortcuts a:has-text('Today')")
    page.click(".field-start_date .date-icon")
    page.wait_for_selector(".calendarbox", state="visible")
    assert_no_violations(page, "change form with autocomplete and calendar")

    visit(page, f"/admin/events/event/{pk}/history/")
    assert_no_violations(page, "history")
    page.click("input[type=submit][value*='ompare'], button:has-text('ompare')")
    page.wait_for_load_state("load")
    assert "compare" in page.url, page.url
    assert_no_violations(page, "compare")
