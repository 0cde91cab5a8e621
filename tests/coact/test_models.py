import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError

pytestmark = pytest.mark.django_db


def test_email_is_the_login_name():
    User = get_user_model()
    User.objects.create_user(email="Maija@Example.org", password="a long passphrase 42")

    assert authenticate(email="Maija@example.org", password="a long passphrase 42")
    assert User.USERNAME_FIELD == "email"


def test_email_is_unique():
    User = get_user_model()
    User.objects.create_user(email="a@example.org")

    with pytest.raises(IntegrityError):
        User.objects.create_user(email="a@example.org")


def test_superuser_is_staff():
    user = get_user_model().objects.create_superuser(email="root@example.org", password="x")

    assert user.is_staff
    assert user.is_superuser
    assert user.preferred_language == "fi"
