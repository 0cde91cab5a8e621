"""E-mails about invitations and NGO applications, each in its recipient's language."""

from django.urls import reverse
from django.utils import translation

from coact.mail import absolute_url, send_templated_mail

from .models import Invitation, Membership, Organization, Role


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
    with translation.override(invitation.language):
        url = absolute_url(reverse("invitation_accept", args=[invitation_token(invitation)]))
    send_templated_mail(
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
        with translation.override(language):
            url = absolute_url(reverse("application_review", args=[organization.pk]))
        send_templated_mail(
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
    with translation.override(applicant.preferred_language):
        url = absolute_url(reverse("account_login"))
    send_templated_mail(
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
