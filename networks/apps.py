from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks and meetings")

    def ready(self) -> None:
        from coact.api import register

        from .api import router

        register(router, name="meetings")
        from coact import my_work

        from . import my_work as panels

        my_work.register(
            "networks.organised",
            build=panels.organised,
            template="networks/my_work/organised.html",
            order=20,
        )
        my_work.register(
            "networks.meetings",
            build=panels.meetings,
            template="networks/my_work/meetings.html",
            order=30,
        )
        my_work.register(
            "networks.networks",
            build=panels.networks,
            template="networks/my_work/networks.html",
            order=40,
        )
