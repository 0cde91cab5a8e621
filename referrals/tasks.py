"""Thin tasks over referrals.services: the periodic scan of unanswered referrals and the
nightly erasure. Nothing waits in the broker for a future time."""

from celery import shared_task

from . import services


@shared_task(time_limit=240, soft_time_limit=200)
def scan_referrals() -> dict[str, int]:
    return services.scan()


@shared_task(time_limit=1800, soft_time_limit=1700)
def erase_referrals() -> int:
    return services.erase_due()
