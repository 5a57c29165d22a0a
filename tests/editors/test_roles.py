"""The Editors group: exactly content permissions, staff but not superuser, no users or groups."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

CONTENT = {"event", "center", "statement", "source", "changenote"}


def test_the_editors_group_has_exactly_content_permissions_and_views_of_countries_and_topics():
    group = Group.objects.get(name="Editors")
    granted = {(p.content_type.app_label, p.codename) for p in group.permissions.select_related("content_type")}
    expected = {
        (app, f"{action}_{model}")
        for app, model in [
            ("events", "event"),
            ("centers", "center"),
            ("statements", "statement"),
            ("taxonomy", "source"),
            ("core", "changenote"),
        ]
        for action in ("add", "change", "delete", "view")
    } | {("taxonomy", "view_country"), ("taxonomy", "view_countrystatus"), ("taxonomy", "view_topic")}
    assert granted == expected


def test_create_editor_makes_a_staff_account_in_the_group_that_is_not_a_superuser(editor):
    assert editor.is_staff and not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert not editor.has_usable_password()
    assert editor.has_perm("events.change_event") and not editor.has_perm("auth.view_user")


def test_create_editor_refuses_to_demote_a_superuser(django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    with pytest.raises(CommandError, match="superuser"):
        call_command("create_editor", "root")


@pytest.mark.parametrize(
    "url",
    ["/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/", "/admin/auth/group/add/"],
)
def test_editors_cannot_see_or_change_users_and_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_editors_may_view_but_not_change_countries_and_topics(editor_client):
    assert editor_client.get("/admin/taxonomy/country/").status_code == 200
    assert editor_client.get("/admin/taxonomy/topic/").status_code == 200
    assert editor_client.get("/admin/taxonomy/country/add/").status_code == 403
    assert editor_client.get("/admin/taxonomy/topic/add/").status_code == 403


@pytest.mark.parametrize("section", ["events/event", "centers/center", "statements/statement"])
def test_editors_may_add_every_kind_of_content(editor_client, section):
    assert editor_client.get(f"/admin/{section}/add/").status_code == 200
    assert editor_client.get(f"/admin/{section}/").status_code == 200


def test_the_admin_index_shows_editors_no_users_or_groups(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "/admin/auth/user/" not in html and "/admin/auth/group/" not in html
    assert "/admin/events/event/" in html
