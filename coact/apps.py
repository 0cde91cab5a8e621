from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoactConfig(AppConfig):
    name = "coact"
    verbose_name = _("Co-Act core")

    def ready(self) -> None:
        # The audit log's signal receivers (the apps' rules are autodiscovered).
        from . import signals  # noqa: F401
