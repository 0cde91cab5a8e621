from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoactConfig(AppConfig):
    name = "coact"
    verbose_name = _("Co-Act core")
