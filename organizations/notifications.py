"""E-mails about invitations and NGO applications, each in its recipient's language,
queued in the outbox (coact.mail.queue_mail) in the transaction of the change that causes
them: a retried request queues nothing twice, and a worker sends them.

Names that people typed go into the templates through the `single_line` filter
(coact/templatetags/mail_text.py), so a line break in one cannot add lines to a mail."""

from django.contrib.auth import get_user_model

from coact.mail import queue_mail, url_in

from .models import Invitation, Membership, Organization, Role, WelfareArea


def invitation_email(*, invitation_id: int) -> None:
    from .services import invitation_token

    invitation = (
        Invitation.objects.select_related(
            "organization", "service_unit", "welfare_area", "invited_by"
        )
        .filter(pk=invitation_id, status=Invitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        return
    url = url_in(invitation.language, "invitation_accept", invitation_token(invitation))
    queue_mail(
        template="invitation",
        to=invitation.email,
        language=invitation.language,
        context={"invitation": invitation, "url": url},
        message_key=f"invitation/{invitation.pk}",
    )


def application_received_emails(*, organization_id: int) -> None:
    organization = Organization.objects.select_related("welfare_area").get(pk=organization_id)
    coordinators = Membership.objects.filter(
        role=Role.COORDINATOR, welfare_area=organization.welfare_area
    ).select_related("user")
    for membership in coordinators:
        language = membership.user.preferred_language
        url = url_in(language, "application_review", organization.pk)
        queue_mail(
            template="application_received",
            to=membership.user.email,
            language=language,
            context={"organization": organization, "url": url},
            message_key=f"application-received/{organization.pk}/{membership.user_id}",
        )


def application_decision_email(*, organization_id: int) -> None:
    organization = Organization.objects.select_related("submitted_by").get(pk=organization_id)
    applicant = organization.submitted_by
    if applicant is None:
        return
    url = url_in(applicant.preferred_language, "account_login")
    queue_mail(
        template="application_decided",
        to=applicant.email,
        language=applicant.preferred_language,
        context={
            "organization": organization,
            "url": url,
            "approved": organization.status == Organization.Status.ACTIVE,
        },
        message_key=f"application-decided/{organization.pk}/{organization.status}",
    )


def application_with_existing_account_email(*, user_id: int, welfare_area_id: int) -> None:
    """Someone applied with an address that has an account (services.organization_apply):
    its owner is told, in their language, what happened and what to do. The name the
    applicant typed is not repeated: a stranger could put anything in it."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    area = WelfareArea.objects.filter(pk=welfare_area_id).first()
    if user is None or area is None:
        return
    language = user.preferred_language
    queue_mail(
        template="application_existing_account",
        to=user.email,
        language=language,
        context={
            "welfare_area": area,
            "login_url": url_in(language, "account_login"),
            "reset_url": url_in(language, "account_reset_password"),
        },
    )
