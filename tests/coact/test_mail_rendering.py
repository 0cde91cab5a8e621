"""Plain-text mail (coact.mail) never shows Python: lists are joined into words, and a
template that would print a Python representation is refused rather than sent."""

import pytest
from django.core import mail
from django.template import Context
from django.utils import translation

from coact.mail import (
    MailRenderingError,
    _text_engine,
    build_templated_mail,
    check_plain_text,
)
from networks import services
from networks.models import Meeting, MeetingFormat
from organizations.models import Language
from tests.networks.meeting_helpers import (
    ONLINE_URL,
    mails_to,
    network_with_representatives,
    upcoming_start,
)

pytestmark = pytest.mark.django_db


def render_text(source: str, **context) -> str:
    return _text_engine().from_string(source).render(Context(context, autoescape=False))


def test_a_queryset_is_joined_into_its_names_not_printed_as_python():
    Language.objects.get_or_create(code="so")
    Language.objects.get_or_create(code="ar")
    languages = Language.objects.filter(code__in=["so", "ar"]).order_by("code")

    with translation.override("en"):
        text = render_text('{{ languages|join:", " }}', languages=languages)

    assert text == "Arabic, Somali"  # each language's name in the active language


def test_join_keeps_plain_text_unescaped():
    assert render_text('{{ names|join:" & " }}', names=["Q&A", "<Naiset>"]) == "Q&A & <Naiset>"


@pytest.mark.parametrize(
    "printed",
    [
        "<QuerySet [<Language: Englanti>, <Language: Suomi>]>",
        "[<Language: Englanti>]",
        "<object object at 0x7f3a2b1c0d10>",
        "<bound method Meeting.local_start of <Meeting: X>>",
    ],
)
def test_a_python_representation_is_refused(printed):
    with pytest.raises(MailRenderingError, match=r"email/x_body\.txt"):
        check_plain_text("email/x_body.txt", f"Kieli: {printed}\n")


def test_ordinary_text_with_brackets_and_angles_passes():
    text = "Hinta: 5 € [alle 18-v. ilmaiseksi] <https://example.org/>\nNone of them is late."
    assert check_plain_text("email/x_body.txt", text) == text


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("fi", "Tapaamisen kieli: Englanti, Suomi"),
        ("sv", "Mötets språk: Engelska, Finska"),
        ("en", "Language of the meeting: English, Finnish"),
    ],
)
def test_the_meeting_mail_names_its_languages(django_capture_on_commit_callbacks, language, line):
    """The line that read "Tapaamisen kieli: <QuerySet [<Language: Englanti>, ...]>"."""
    people = network_with_representatives((language,))
    english = Language.objects.get_or_create(code="en")[0]
    finnish = Language.objects.get_or_create(code="fi")[0]
    meeting = Meeting(
        title="Tapaaminen",
        network=people.network,
        welfare_area=people.area,
        start=upcoming_start(),
        format=MeetingFormat.ONLINE,
        online_url=ONLINE_URL,
        duration_minutes=60,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_schedule(
            meeting=meeting, by=people.coordinator, languages=[english, finnish]
        )

    [message] = mails_to(people.representative(language).email)

    assert line in message.body.splitlines()
    assert "QuerySet" not in message.body


def test_a_template_that_prints_a_queryset_is_not_sent(tmp_path, settings):
    """The guard works for every template: one that prints a QuerySet itself (not through
    join) raises, and nothing goes out."""
    (tmp_path / "email").mkdir()
    (tmp_path / "email" / "broken_subject.txt").write_text("Languages")
    (tmp_path / "email" / "broken_body.txt").write_text("{{ languages }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    _text_engine.cache_clear()
    try:
        Language.objects.get_or_create(code="so")
        with pytest.raises(MailRenderingError):
            build_templated_mail(
                template="broken",
                to="x@example.org",
                language="en",
                context={"languages": Language.objects.all()},
            ).send()
    finally:
        _text_engine.cache_clear()
    assert mail.outbox == []


def test_each_mail_says_its_language():
    message = build_templated_mail(
        template="application_received",
        to="coord@example.org",
        language="sv",
        context={"organization": {"name": "Tuki ry", "welfare_area": "Vanda"}, "url": "x"},
    )

    assert message.extra_headers["Content-Language"] == "sv"
