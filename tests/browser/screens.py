"""Screenshots for a person to look at (the newcomer walk): full pages in $SCREENSHOT_DIR,
at a desktop and a phone width. Nothing is written when SCREENSHOT_DIR is unset."""

from __future__ import annotations

import os
from pathlib import Path

SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def screenshots(page, name: str, *, both_widths: bool = True) -> None:
    """`name`-1280.png and `name`-375.png (the page is left at the desktop width), or with
    both_widths=False one `name`.png at the page's own size."""
    if not SCREENSHOT_DIR:
        return
    folder = Path(SCREENSHOT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    if not both_widths:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        return
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{size['width']}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
