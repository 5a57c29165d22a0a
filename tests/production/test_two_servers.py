"""Scale-out proof: two gunicorn servers, one PostgreSQL, one Redis. An editor publishes, changes and
deletes through server A's admin, the way a browser does; a reader's very next request to server B
shows the change, although B had the old pages in the shared cache.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL; skips without them, unless PORTAL_REQUIRE_TWO_SERVERS
is set (CI sets it), in which case it fails. Run it alone with
`.venv/bin/pytest -s tests/production/test_two_servers.py` to read the story it prints.
"""

import os
import re
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.production import live

SETUP = """
from sco_portal.core.models import PublicationStatus
from sco_portal.events.models import Event
edited, drafted = Event.objects.published().order_by("-start_date", "pk")[:2]
drafted.status = PublicationStatus.DRAFT
drafted.save()
print("IDS", edited.pk, edited.slug, edited.title, "|", drafted.pk, drafted.slug, drafted.title, sep="\\t")
"""


def require_servers():
    reason = None
    if not live.database_server_url():
        reason = "needs DATABASE_URL pointing at PostgreSQL"
    elif not os.environ.get("REDIS_URL"):
        reason = "needs REDIS_URL pointing at Redis"
    if reason and os.environ.get("PORTAL_REQUIRE_TWO_SERVERS"):
        pytest.fail(f"The two-server proof {reason} (PORTAL_REQUIRE_TWO_SERVERS is set)", pytrace=False)
    if reason:
        pytest.skip(f"The two-server proof {reason}, e.g. postgres://sco:sco@127.0.0.1:5432/sco")


class FormFields(HTMLParser):
    """Every field of one form, with its current value, as a browser would submit it."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
        elif not self.inside or (tag in ("input", "select", "textarea") and not attrs.get("name")):
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_fields(html, form_id=None):
    parser = FormFields(form_id)
    parser.feed(html)
    assert parser.fields, f"no form {form_id or ''} in the page"
    return parser.fields


class Browser:
    """Keeps cookies and sends forms with the Origin and Referer a browser would, through the TLS proxy."""

    def __init__(self, server):
        self.server, self.cookies = server, {}

    def get(self, path):
        return self.send("GET", path)

    def post(self, path, fields):
        body = urlencode(fields).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{live.HOST}",
            "Referer": f"https://{live.HOST}{path}",
        }
        return self.send("POST", path, headers, body)

    def send(self, method, path, headers=None, body=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = self.server.request(method, path, headers, body)
        for line in (response.header("set-cookie") or "").splitlines():
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response


def sign_in(browser, username, password):
    page = browser.get("/admin/login/")
    fields = dict(form_fields(page.text, "login-form"))
    fields.update(username=username, password=password, next="/admin/")
    response = browser.post("/admin/login/?next=/admin/", fields)
    assert response.status == 302, response.text[:2000]


def change(browser, path, **values):
    """Open an admin change form, change some fields, and save it as a browser would."""
    fields = form_fields(browser.get(path).text, "event_form")
    names = {name for name, _value in fields}
    for name, value in values.items():
        name = name if name in names else f"{name}_en"  # a translated field: its English column
        assert name in names, f"no field {name} in the form"
        fields = [(n, v) for n, v in fields if n != name] + [(name, value)]
    if "change_note" in names:
        fields = [(n, v) for n, v in fields if n != "change_note"] + [("change_note", "Renamed in the scale test.")]
    response = browser.post(path, [*fields, ("_save", "Save")])
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)
    assert response.status == 302, f"{response.status}: {errors or response.text[:2000]}"


def action(browser, changelist, name, pk):
    token = dict(form_fields(browser.get(changelist).text, "changelist-form"))["csrfmiddlewaretoken"]
    response = browser.post(
        changelist, {"csrfmiddlewaretoken": token, "action": name, "_selected_action": pk, "index": "0"}
    )
    assert response.status == 302, response.text[:2000]


def delete(browser, path):
    token = dict(form_fields(browser.get(path).text))["csrfmiddlewaretoken"]
    response = browser.post(path, {"csrfmiddlewaretoken": token, "post": "yes"})
    assert response.status == 302, response.text[:2000]


def read_twice(reader, path):
    """Read a page twice: the second answer must come from the shared cache."""
    first = reader.get(path)
    second = reader.get(path)
    assert second.header("x-cache") == "hit", f"{path}: {second.header('x-cache')}"
    assert second.body == first.body
    return second


def test_a_change_through_one_server_is_on_the_other_at_its_very_next_request(tmp_path, collected_static):
    require_servers()
    say = print
    with live.scratch_database("two_servers", tmp_path) as database_url:
        env = live.production_env(
            DATABASE_URL=database_url,
            REDIS_URL=os.environ["REDIS_URL"],
            DJANGO_STATIC_ROOT=collected_static,
            WEB_CONCURRENCY=2,
        )
        live.manage(env, "migrate", "--noinput")
        live.manage(env, "load_content")
        ids = next(line for line in live.manage(env, "shell", "-c", SETUP).splitlines() if line.startswith("IDS"))
        edited_pk, edited_slug, old_title, _bar, draft_pk, draft_slug, draft_title = ids.split("\t")[1:]
        live.manage(
            {**env, "DJANGO_SUPERUSER_PASSWORD": "a long editor passphrase 9"},
            "createsuperuser",
            "--noinput",
            "--username",
            "editor",
            "--email",
            "editor@example.org",
        )
        say(f"\nDatabase {database_url.rsplit('/', 1)[1]} migrated and loaded; cache {os.environ['REDIS_URL']}")

        with live.ports_lock():
            a = live.Server(live.PORTS[0], env, tmp_path / "a.log").start()
            try:
                b = live.Server(live.PORTS[1], env, tmp_path / "b.log").start()
                try:
                    run_story(a, b, say, edited_pk, edited_slug, old_title, draft_pk, draft_slug, draft_title)
                finally:
                    b.stop()
            finally:
                a.stop()


def run_story(a, b, say, edited_pk, edited_slug, old_title, draft_pk, draft_slug, draft_title):
    say(f"Server A on :{a.port}, server B on :{b.port}, both gunicorn with 2 workers, Host {live.HOST}")
    editor, reader_a, reader_b = Browser(a), Browser(a), Browser(b)
    page, feed, listing = f"/events/{edited_slug}/", "/feeds/latest.rss", "/events/"
    new_title = "Renamed through server A"

    for path in (page, feed, listing):
        assert old_title.encode() in read_twice(reader_b, path).body, path
    assert reader_a.get(page).header("x-cache") == "hit"
    say(f"B served {page}, {feed} and {listing} from the cache; A served B's cached {page} too (shared cache)")

    sign_in(editor, "editor", "a long editor passphrase 9")
    change(editor, f"/admin/events/event/{edited_pk}/change/", title=new_title)
    say(f"A: editor changed event {edited_pk}'s title through the admin change form")
    for path in (page, feed, listing):
        response = reader_b.get(path)
        assert response.status == 200, path
        assert response.header("x-cache") == "miss", path
        assert new_title.encode() in response.body and old_title.encode() not in response.body, path
    say(f"B: the very next requests for {page}, {feed}, {listing} show the new title")

    for path in (listing, feed):
        assert draft_title.encode() not in read_twice(reader_b, path).body, path
    assert reader_b.get(f"/events/{draft_slug}/").status == 404
    action(editor, "/admin/events/event/", "publish", draft_pk)
    say(f"A: editor published draft event {draft_pk} with the changelist action 'publish'")
    assert reader_b.get(f"/events/{draft_slug}/").status == 200
    for path in (listing, feed):
        assert draft_title.encode() in reader_b.get(path).body, path
    say(f"B: the draft is on {listing}, in {feed} and at /events/{draft_slug}/ at once")

    read_twice(reader_b, page)
    delete(editor, f"/admin/events/event/{edited_pk}/delete/")
    say(f"A: editor deleted event {edited_pk}")
    assert reader_b.get(page).status == 404
    for path in (listing, feed):
        assert new_title.encode() not in reader_b.get(path).body, path
    say(f"B: {page} answers 404 and the event is gone from {listing} and {feed} at once")

    b_lines = [r for r in b.log_records() if r.get("logger") == "sco_portal.request"]
    assert {"hit", "miss"} <= {r["cache"] for r in b_lines}
    say(f"B logged {len(b_lines)} requests: {sum(r['cache'] == 'hit' for r in b_lines)} answered from the cache")
