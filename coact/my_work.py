"""The "My work" page (Oma työ) is made of panels that the apps contribute.

`coact` knows no domain app: each app registers its panels in its AppConfig.ready(), and
a panel is a function that reads what it shows (a selector) plus an include template.
The function gets the request and the membership the person acts in (None without one)
and returns the template's context, or None when the panel has nothing for this role.

    my_work.register("networks.meetings", build=panels.meetings,
                     template="networks/my_work/meetings.html", order=30)

Each panel must run a fixed number of queries, whatever the data: the page's query count
is tested per role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

PanelBuilder = Callable[[HttpRequest, Any], dict | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    build: PanelBuilder
    order: int


@dataclass(frozen=True)
class ShownPanel:
    name: str
    template: str
    data: dict


_panels: dict[str, Panel] = {}


def register(name: str, *, build: PanelBuilder, template: str, order: int = 100) -> None:
    """Add (or replace: ready() may run twice in tests) the panel called `name`."""
    _panels[name] = Panel(name=name, template=template, build=build, order=order)


def registered() -> list[Panel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.name))


def panels_for(request: HttpRequest, membership) -> list[ShownPanel]:
    """The panels that have something for this person in this role, in page order."""
    shown = []
    for panel in registered():
        data = panel.build(request, membership)
        if data is not None:
            shown.append(ShownPanel(name=panel.name, template=panel.template, data=data))
    return shown
