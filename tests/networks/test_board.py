"""The network's shared board never takes a personal identity code (henkilötunnus)."""

import pytest
from django.core.exceptions import ValidationError

from networks import services
from networks.models import BoardPost, contains_identity_code
from tests.factories import NetworkFactory, UserFactory

# Valid codes: the check character is (ddmmyy + nnn) mod 31 in 0-9A-Y without G I O Q Z.
VALID_CODES = [
    "131052-308T",  # the classic example, born in the 1900s
    "131052Y308T",  # the same person with a 2023 century sign for the 1900s
    "010199Y123Y",
    "010180U1232",
    "010120B123K",  # 2000s with a 2023 century sign
    "150523A123L",
    "131052-308t",  # as someone might type it
]
LOOK_ALIKES = [
    "131052-308X",  # wrong check character
    "131052G308T",  # no such century sign
    "321352-308T",  # no such date
    "123456-7890",  # an invoice number
    "1131052-308T",  # part of a longer number
    "131052-308T9",
    "puh. 040-1234567",
    "Y-tunnus 1234567-1",
    "",
]


@pytest.mark.parametrize("code", VALID_CODES)
def test_a_valid_identity_code_is_found(code):
    assert contains_identity_code(code)
    assert contains_identity_code(f"Asiakas ({code}) tarvitsee tulkin.")
    assert contains_identity_code(f"hetu:{code}.")


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_a_look_alike_is_not_an_identity_code(text):
    assert not contains_identity_code(text)


@pytest.fixture
def network(db):
    return NetworkFactory()


def test_a_post_with_an_identity_code_is_refused(network):
    author = UserFactory()

    with pytest.raises(ValidationError) as error:
        services.board_post_create(
            network=network,
            author=author,
            kind=BoardPost.Kind.OBSERVATION,
            body="Perhe tarvitsee apua, äidin hetu 131052Y308T.",
        )

    assert "body" in error.value.message_dict
    assert error.value.error_dict["body"][0].code == "identity_code"
    assert not BoardPost.objects.exists()


def test_a_general_observation_is_posted(network):
    author = UserFactory()

    post = services.board_post_create(
        network=network,
        author=author,
        kind=BoardPost.Kind.OBSERVATION,
        body="Moni perhe kysyy kesän kerhoista. Laskunumero 123456-7890 ei haittaa.",
    )

    assert BoardPost.objects.get() == post
    assert post.author == author
