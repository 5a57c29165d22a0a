"""The one admin site: titled for the portal, with an editors' start page as its index."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("SCO Cooperation Portal")
    site_title = _("SCO Cooperation Portal admin")
    index_title = _("Editors' start page")
