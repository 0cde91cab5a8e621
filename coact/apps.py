from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoactConfig(AppConfig):
    name = "coact"
    verbose_name = _("Co-Act core")

    def ready(self) -> None:
        # Register the permission rules and the audit log's signal receivers.
        from . import permissions, signals  # noqa: F401
