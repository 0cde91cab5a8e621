"""The meetings' part of the JSON API (/api/v1/, see coact.api): the upcoming public
meetings, 50 a page, optionally of one network."""

from typing import Annotated

from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from coact.api.errors import RESPONSES, invalid_parameters
from coact.api.languages import Localised
from coact.api.pagination import Pages

from .models import Meeting, Network

router = Router()

Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class MeetingOut(Schema):
    id: int
    title: str
    kind: str
    start: Timestamp
    end: Timestamp
    status: str
    format: str
    network: str | None
    language: list[str]
    outside_office_hours: bool
    url: str
    ics_url: str

    @staticmethod
    def resolve_id(obj: Meeting) -> int:
        return obj.pk

    @staticmethod
    def resolve_start(obj: Meeting) -> str:
        return obj.local_start.isoformat()

    @staticmethod
    def resolve_end(obj: Meeting) -> str:
        return obj.local_end.isoformat()

    @staticmethod
    def resolve_network(obj: Meeting) -> str | None:
        return obj.network.slug if obj.network else None

    @staticmethod
    def resolve_language(obj: Meeting) -> list[str]:
        return [language.code for language in obj.languages.all()]

    @staticmethod
    def resolve_url(obj: Meeting, context) -> str:
        return context["request"].build_absolute_uri(reverse("meeting_detail", args=[obj.pk]))

    @staticmethod
    def resolve_ics_url(obj: Meeting, context) -> str:
        return context["request"].build_absolute_uri(reverse("meeting_ics", args=[obj.pk]))


class MeetingParameters(Localised):
    network: str = Field(
        "", description="The slug of a network; one that names no network is a 400."
    )


@router.get(
    "/meetings/",
    response={200: list[MeetingOut], **RESPONSES},
    url_name="api_meetings",
    summary="Upcoming public meetings",
)
@paginate(Pages)
def meetings(request, filters: Query[MeetingParameters]):
    """Upcoming public meetings by start; `network` narrows them to one network."""
    meetings = (
        Meeting.objects.public_upcoming()
        .select_related("network")
        .prefetch_related("languages")
        .order_by("start", "pk")
    )
    network = filters.network.strip()
    if network:
        if not Network.objects.filter(slug=network).exists():
            raise invalid_parameters({"network": [f"no network with the slug {network!r}"]})
        meetings = meetings.filter(network__slug=network)
    return meetings
