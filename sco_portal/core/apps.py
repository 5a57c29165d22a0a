from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "sco_portal.core"
    verbose_name = _("Portal")

    def ready(self):
        # Any change to the portal's models retires the cached pages (sco_portal/core/cache.py).
        from sco_portal.core import cache, checks, search_index, text  # noqa: F401 - checks registers itself

        cache.connect_signals()
        # A source citation is named by its source in the admin's inline and History ("Added source “SCO
        # Secretariat: …”"), not "Added event-source relationship “Event_sources object (21)”".
        from sco_portal.core.models import Content, cited_source

        for model in self.apps.get_models():
            if issubclass(model, Content):
                citation = model.sources.through
                citation.__str__ = cited_source
                citation._meta.verbose_name, citation._meta.verbose_name_plural = _("source"), _("sources")
        # No control character is ever saved in a portal model's text (sco_portal/core/text.py).
        pre_save.connect(text.clean_text_fields, dispatch_uid="portal-printable-text")
        # The search index (triggers on SQLite, pg_trgm indexes on PostgreSQL) after every migrate.
        # post_migrate is sent once every app is migrated; connected for this app alone, so it runs once.
        post_migrate.connect(search_index.ensure_search_index, sender=self, dispatch_uid="portal-search-index")


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin, with the editors' start page as its index."""

    default = False
    default_site = "sco_portal.core.admin_site.PortalAdminSite"
