from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sco_portal.core"
    verbose_name = "Portal"
