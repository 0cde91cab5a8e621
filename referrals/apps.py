from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from coact import files

        from . import sheets
        from .my_work_contact import register_contact_panel
        from .my_work_inbox import register_inbox_panel

        # The anonymous sheet as a PDF, made by a worker from the file's parameters.
        files.register_kind(sheets.PDF_KIND, context=sheets.pdf_context)
        register_inbox_panel()
        register_contact_panel()
        self._register_sending_panels()

    def _register_sending_panels(self) -> None:
        from coact import my_work

        from . import my_work as panels

        # First on the page: answers to a referral are what a unit worker acts on.
        my_work.register(
            "referrals.sent",
            build=panels.sent_by_my_unit,
            template="referrals/my_work/sent.html",
            order=5,
        )
