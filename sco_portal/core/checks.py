"""What `manage.py check --deploy` says about the portal's own settings before a launch."""

from django.conf import settings
from django.core.checks import Warning, register

PLACEHOLDER_AUTHORITY = "sco-portal.example"


@register("portal", deploy=True)
def id_authority_is_set(app_configs, **kwargs):
    """Feed ids and calendar UIDs are made from PORTAL_ID_AUTHORITY and must never change after launch."""
    if settings.PORTAL_ID_AUTHORITY != PLACEHOLDER_AUTHORITY:
        return []
    return [
        Warning(
            f"PORTAL_ID_AUTHORITY is still the placeholder {PLACEHOLDER_AUTHORITY!r}.",
            hint=(
                "Set it to the portal's own domain before launch: it is part of every feed item's id and every "
                "calendar UID, and changing it later makes feed readers and calendars show every item again."
            ),
            id="portal.W001",
        )
    ]
