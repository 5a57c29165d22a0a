import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse


def test_system_check_is_clean():
    call_command("check", fail_level="WARNING", verbosity=0)


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_admin_changelist_and_add_page_open_for_superuser(admin_client, demo_content, model):
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200


@pytest.mark.django_db
def test_admin_change_page_opens_for_each_content_model(admin_client, demo_content):
    from sco_portal.centers.models import Center
    from sco_portal.events.models import Event
    from sco_portal.statements.models import Statement

    for model in (Event, Center, Statement):
        obj = model.objects.first()
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200


def test_admin_is_titled_for_the_portal():
    assert admin.site.site_header == "SCO Cooperation Portal"
