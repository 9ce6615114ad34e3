"""Accounts: the one way tests build a user, its claim challenges and API tokens."""

import datetime
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from factory.django import DjangoModelFactory
from rest_framework.authtoken.models import Token

from accounts.models import ClaimChallenge, User
from tests.factories.roll import DoctorFactory

# The password of every account a test builds, and the one tests type into login forms.
TEST_PASSWORD = "cheval-agrafe-batterie-2026"


class UserFactory(DjangoModelFactory[User]):
    """An account with a verified primary address and TEST_PASSWORD, built by `create_user`.

    Traits: `staff=True` (is_staff and is_superuser, as the admin's staff are),
    `with_doctor=True` (claims a new DoctorFactory; or pass `doctor=`), `with_totp=True`
    (a TOTP authenticator; `tests.auth_helpers.totp_secret(user)` reads its secret back),
    `verified=False` (no confirmed address: allauth asks for the code first).
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        staff = factory.Trait(is_staff=True, is_superuser=True)
        with_doctor = factory.Trait(doctor=factory.SubFactory(DoctorFactory))

    email = factory.Sequence(lambda n: f"utilisateur{n}@exemple.test")
    first_name = "Jean"
    last_name = "Dupont"
    password = TEST_PASSWORD

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        # The manager's path: lower-cased address, hashed password.
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def with_totp(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted:
            from tests.auth_helpers import enable_totp

            enable_totp(obj)


class ClaimChallengeFactory(DjangoModelFactory[ClaimChallenge]):
    """A live claim challenge whose code was not sent yet (pass code_hash and sent_at)."""

    class Meta:
        model = ClaimChallenge

    user = factory.SubFactory(UserFactory)
    doctor = factory.SubFactory(DoctorFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(minutes=30))


class TokenFactory(DjangoModelFactory[Token]):
    """A personal API token (`Authorization: Token <key>`)."""

    class Meta:
        model = Token

    user = factory.SubFactory(UserFactory)
