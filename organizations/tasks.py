from celery import shared_task

from . import notifications


@shared_task(time_limit=60, soft_time_limit=50)
def send_invitation(invitation_id: int) -> None:
    notifications.invitation_email(invitation_id=invitation_id)


@shared_task(time_limit=60, soft_time_limit=50)
def notify_application_received(organization_id: int) -> None:
    notifications.application_received_emails(organization_id=organization_id)


@shared_task(time_limit=60, soft_time_limit=50)
def notify_application_decided(organization_id: int) -> None:
    notifications.application_decision_email(organization_id=organization_id)


@shared_task(time_limit=60, soft_time_limit=50)
def notify_application_with_existing_account(user_id: int, welfare_area_id: int) -> None:
    notifications.application_with_existing_account_email(
        user_id=user_id, welfare_area_id=welfare_area_id
    )


@shared_task(time_limit=600, soft_time_limit=540)
def remind_stale_profiles() -> int:
    """Run daily by beat: e-mail the NGOs' admins before and after their profile turns
    stale, once per stage. Returns how many e-mails were sent."""
    from .services.profiles import stale_profiles_remind

    return stale_profiles_remind()
