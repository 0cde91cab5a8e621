from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisations and service units")

    def ready(self) -> None:
        from coact.api import register

        from .api import router

        register(router, name="directory")
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import models
        from .search import directory_changed

        def changed(sender, **kwargs):
            directory_changed()

        for model in (
            models.Organization,
            models.Activity,
            models.Location,
            models.OpeningHours,
            models.OrganizationText,
        ):
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"dir-save-{model}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"dir-del-{model}")
        for field in ("languages", "themes", "target_groups", "areas"):
            through = getattr(models.Organization, field).through
            m2m_changed.connect(
                changed, sender=through, weak=False, dispatch_uid=f"dir-m2m-{field}"
            )
        self._register_my_work_panels()

    def _register_my_work_panels(self) -> None:
        from coact import my_work

        from . import my_work as panels

        my_work.register(
            "organizations.area_directory",
            build=panels.area_directory,
            template="organizations/my_work/area_directory.html",
            order=10,
        )
        my_work.register(
            "organizations.own_profile",
            build=panels.own_profile,
            template="organizations/my_work/own_profile.html",
            order=10,
        )
        my_work.register(
            "organizations.profiles_to_check",
            build=panels.profiles_to_check,
            template="organizations/my_work/profiles_to_check.html",
            order=10,
        )
