"""Backups: `manage.py backup`, then `manage.py restore` into an empty database, gives back everything.

Runs the commands as an operator would, in their own processes, against real databases: two
SQLite files, or two scratch databases on the run's PostgreSQL server when DATABASE_URL is one.
"""

import gzip
import json
import shutil

import pytest

from tests.production import live

ENRICH = """
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
import datetime, reversion
from sco_portal.core.models import ChangeNote, PublicationStatus
from sco_portal.events.models import Event

chief = User.objects.create_superuser("chief", "chief@example.org", "a long passphrase 7")
eda = User.objects.create_user("eda", password="another passphrase 8", is_staff=True, first_name="Eda")
reviewers = Group.objects.create(name="Reviewers")
reviewers.permissions.add(Permission.objects.get(codename="view_event"))
eda.groups.add(Group.objects.get(name="Editors"), reviewers)
event = Event.objects.published().order_by("-start_date", "pk").first()
for title in ("A first revised title", "A second revised title"):
    with reversion.create_revision():
        event.title = title
        event.save()
        reversion.set_user(eda)
        reversion.set_comment("Retitled")
ChangeNote.objects.create(
    content_type=ContentType.objects.get_for_model(Event), object_id=event.pk, note="Corrected the title.", author=eda
)
event.slug = "a-restored-address"
event.save()
LogEntry.objects.create(
    user=eda, content_type=ContentType.objects.get_for_model(Event), object_id=str(event.pk),
    object_repr=event.title, action_flag=CHANGE, change_message="Retitled",
)
scheduled = Event.objects.exclude(pk=event.pk).order_by("pk").first()
scheduled.publish_at = timezone.now() + datetime.timedelta(days=30)
scheduled.save()
draft = Event.objects.exclude(pk__in=[event.pk, scheduled.pk]).order_by("pk").first()
draft.status = PublicationStatus.DRAFT
draft.save()
"""

# Every model's row count, and what a set of pages (public, and the admin for a signed-in superuser) look
# like, as a line "RESULT {json}" (the request log writes its own lines to the same output).
INSPECT = """
import hashlib, json, re
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from sco_portal.core.models import SlugRedirect
from sco_portal.events.models import Event

event = Event.objects.get(slug="a-restored-address")
moved = "/events/" + SlugRedirect.objects.get().old_slug + "/"
public = [
    "/", "/timeline/", "/events/", "/centers/", "/statements/", "/countries/", "/topics/",
    event.get_absolute_url(), moved, "/search/?q=revised",
    "/feeds/latest.atom", "/feeds/latest.json", "/events/calendar.ics", "/sitemap.xml", "/ru/",
]
hidden = [item.get_absolute_url() for item in (Event.objects.scheduled().get(), Event.objects.drafts().get())]
public += hidden
admin = ["/admin/", f"/admin/events/event/{event.pk}/history/", "/admin/events/event/", "/admin/auth/user/",
         "/admin/auth/group/"]
pages = {}
anonymous, staff = Client(), Client()
staff.force_login(User.objects.get(username="chief"))
for client, urls in ((anonymous, public), (staff, admin)):
    for url in urls:
        response = client.get(url)
        body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)
        pages[url] = [response.status_code, response.get("Location", ""), hashlib.sha256(body).hexdigest()]
counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
print("RESULT " + json.dumps({"pages": pages, "counts": counts, "hidden": hidden, "moved": moved}))
"""

NOT_RESTORED = {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}


def inspect(env):
    output = live.manage(env, "shell", "-c", INSPECT)
    [line] = [line for line in output.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


def read_backup(path):
    return json.loads(gzip.decompress(path.read_bytes()))


def test_backup_and_restore_round_trip_everything(tmp_path, demo_sqlite, collected_static):
    with (
        live.scratch_database("backup_source", tmp_path) as source_url,
        live.scratch_database("backup_target", tmp_path) as target_url,
    ):
        common = {
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_STATIC_ROOT": collected_static,
            "PORTAL_PAGE_CACHE_SECONDS": "0",
        }
        source = live.production_env(DATABASE_URL=source_url, **common)
        target = live.production_env(DATABASE_URL=target_url, **common)
        if source_url.startswith("sqlite:"):
            shutil.copy(demo_sqlite, source_url.removeprefix("sqlite:///"))
        else:
            live.manage(source, "migrate", "--noinput")
            live.manage(source, "load_content")
        live.manage(source, "shell", "-c", ENRICH)

        backup = tmp_path / "portal.json.gz"
        live.manage(source, "backup", str(backup))
        live.manage(target, "migrate", "--noinput")
        restored = live.manage(target, "restore", str(backup))
        assert "Restored" in restored

        # A backup of the restored database says exactly what the first one said.
        again = tmp_path / "again.json.gz"
        live.manage(target, "backup", str(again))
        assert read_backup(again) == read_backup(backup)

        # Inspecting signs a user in, which changes the databases: last.
        before, after = inspect(source), inspect(target)

        # Everything that matters was there to be lost.
        for label in (
            "events.Event",
            "centers.Center",
            "statements.Statement",
            "taxonomy.Country",
            "taxonomy.CountryStatus",
            "taxonomy.Topic",
            "taxonomy.Source",
            "core.ChangeNote",
            "core.SlugRedirect",
            "reversion.Revision",
            "reversion.Version",
            "auth.User",
            "auth.Group",
            "admin.LogEntry",
        ):
            assert before["counts"][label] > 0, label
            assert after["counts"][label] == before["counts"][label], label
        restorable = {label for label in before["counts"] if label not in NOT_RESTORED and label[:5] != "axes."}
        assert {label: after["counts"][label] for label in restorable} == {
            label: before["counts"][label] for label in restorable
        }
        assert after["pages"] == before["pages"]
        statuses = {url: page[0] for url, page in before["pages"].items()}
        assert [url for url, status in statuses.items() if status == 301] == [before["moved"]]
        assert sorted(url for url, status in statuses.items() if status == 404) == sorted(before["hidden"])
        assert set(statuses.values()) == {200, 301, 404}


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, demo_sqlite_copy):
    env = live.production_env(DATABASE_URL=f"sqlite:///{demo_sqlite_copy}")
    backup = tmp_path / "portal.json"
    live.manage(env, "backup", str(backup))
    with pytest.raises(RuntimeError, match="This database is not empty .*nothing was changed"):
        live.manage(env, "restore", str(backup))
