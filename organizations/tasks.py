from celery import shared_task


@shared_task(time_limit=600, soft_time_limit=540)
def remind_stale_profiles() -> int:
    """Run daily by beat: e-mail the NGOs' admins before and after their profile turns
    stale, once per stage. Returns how many e-mails were sent."""
    from .services.profiles import stale_profiles_remind

    return stale_profiles_remind()
