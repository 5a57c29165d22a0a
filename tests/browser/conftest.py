"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server on loopback.

On a developer's machine without Chromium, Java or the npm checkers these tests skip and say how to
install what is missing; in CI (the environment variable CI is set) a missing tool fails them instead.
When a test fails, a screenshot and the HTML of each page it had open are kept under
test-artifacts/browser/ and their paths are printed with the failure.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts" / "browser"

# Without the background-networking flags Chromium keeps calling home, which this machine's closed
# network refuses many times a second; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Generous: the machine is shared and a slow moment must not fail a test. These bound waits; nothing
# is asserted about how long a step takes.
ACTION_TIMEOUT_MS = 30_000
NAVIGATION_TIMEOUT_MS = 60_000

# The live server listens on loopback only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

IN_CI = bool(os.environ.get("CI"))
NPM_INSTALL = "run `make test`, or `npm ci --ignore-scripts` (npm: apt-get install npm)"

# The pages a test opened, for the artifacts kept when it fails.
OPEN_PAGES = pytest.StashKey[list]()


def require(present, message):
    """Skip when a tool is missing on a developer's machine; in CI the browser tests must run, so fail."""
    if present:
        return
    if IN_CI:
        pytest.fail(f"{message} (CI runs the browser tests, so it must be installed)", pytrace=False)
    pytest.skip(message)


# Module scope, not session: the sync API keeps an event loop in this thread while it runs, and other
# test files in the same process (tests/production's CSP check) start Playwright of their own.
@pytest.fixture(scope="module")
def playwright_driver():
    require(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: install Chromium: apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django would then refuse ORM
    # calls made from it (by the tests and by the live server, which shares the thread's connection
    # on SQLite). Nothing here is really asynchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    driver = sync_playwright().start()
    yield driver
    driver.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(playwright_driver):
    """One Chromium per test file in each process."""
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """Open a page in a fresh browser context aimed at the live server; `new_page(**context_options)`."""
    contexts = []
    pages = request.node.stash.setdefault(OPEN_PAGES, [])

    def open_page(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def site(demo_content, live_server):
    """The live server with the demo content loaded."""
    return live_server


@pytest.fixture(scope="session")
def axe_script():
    require(AXE_JS.exists(), f"no {AXE_JS.relative_to(ROOT)}: {NPM_INSTALL}")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_command():
    require(shutil.which("java"), "no Java for the Nu HTML Checker: apt-get install default-jre-headless")
    require(VNU_JAR.exists(), f"no {VNU_JAR.relative_to(ROOT)}: {NPM_INSTALL}")
    return [shutil.which("java"), "-jar", str(VNU_JAR)]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.passed:
        # Artifacts left by an earlier failure of a test that passes now would only mislead.
        for stale in ARTIFACTS.glob(f"{artifact_name(item)}.*"):
            if re.fullmatch(r"(\.\d+)?\.(png|html)", stale.name.removeprefix(artifact_name(item))):
                stale.unlink(missing_ok=True)
    if report.failed and report.when in ("setup", "call"):
        saved = save_artifacts(item)
        if saved:
            listing = "\n".join(str(path) for path in saved)
            report.sections.append(("browser artifacts", listing))
            # Also straight to the terminal, so the paths are there even with -q or under xdist.
            reporter = item.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.write_line(f"\nBrowser artifacts of {item.nodeid}:\n{listing}")
    return report


def artifact_name(item):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("tests/browser/", 1)[-1]).strip("_")


def save_artifacts(item):
    """A screenshot and the current HTML of every page the test had open; the paths written."""
    saved = []
    name = artifact_name(item)
    for number, page in enumerate(item.stash.get(OPEN_PAGES, []), start=1):
        if page.is_closed() or page.url == "about:blank":
            continue
        stem = ARTIFACTS / (name if number == 1 else f"{name}.{number}")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=f"{stem}.png", full_page=True, timeout=ACTION_TIMEOUT_MS)
            saved.append(Path(f"{stem}.png"))
        except Exception as error:  # noqa: BLE001 - the failure itself matters more than its picture
            saved.append(f"(no screenshot: {error})")
        try:
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
            saved.append(Path(f"{stem}.html"))
        except Exception as error:  # noqa: BLE001
            saved.append(f"(no HTML: {error})")
    return saved
