from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "sco_portal.core"
    verbose_name = _("Portal")

    def ready(self):
        # Any change to the portal's models retires the cached pages (sco_portal/core/cache.py).
        from sco_portal.core import cache

        cache.connect_signals()


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin, with the editors' start page as its index."""

    default = False
    default_site = "sco_portal.core.admin_site.PortalAdminSite"
