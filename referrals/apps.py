from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from coact import files

        from . import sheets
        from .my_work_inbox import register_inbox_panel

        # The anonymous sheet as a PDF, made by a worker from the file's parameters.
        files.register_kind(sheets.PDF_KIND, context=sheets.pdf_context)
        register_inbox_panel()
