"""`manage.py seed_demo`: demo roll and accounts, DEBUG only, idempotent."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.services.demo import DEMO_DOCTOR_RPPS
from roll.models import Doctor
from roll.rpps import validate_rpps

pytestmark = pytest.mark.django_db

DOCTOR_EMAIL = "medecin@demo.test"
STAFF_EMAIL = "staff@demo.test"


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def printed_password(output: str, email: str) -> str:
    match = re.search(rf"{re.escape(email)} / (\S+)", output)
    assert match, output
    return match.group(1)


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not User.objects.exists()
    assert not Doctor.objects.exists()


def test_seeds_the_roll_and_the_demo_accounts(settings):
    settings.DEBUG = True

    output = seed()

    # 500 synthetic doctors, plus the demo doctor's own entry.
    assert Doctor.objects.count() == 501
    doctor = User.objects.get(email=DOCTOR_EMAIL)
    assert doctor.doctor is not None
    assert doctor.doctor.rpps == DEMO_DOCTOR_RPPS
    assert doctor.doctor.email == DOCTOR_EMAIL
    validate_rpps(DEMO_DOCTOR_RPPS)
    assert not doctor.is_staff
    staff = User.objects.get(email=STAFF_EMAIL)
    assert staff.is_staff
    assert staff.is_superuser
    assert staff.doctor is None
    for user in (doctor, staff):
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists()
        assert user.check_password(printed_password(output, user.email))
    assert "Médecin de démonstration : medecin@demo.test / " in output
    assert "/compte/2fa/" in output


def test_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    first = seed()
    passwords = {email: printed_password(first, email) for email in (DOCTOR_EMAIL, STAFF_EMAIL)}

    second = seed()

    assert Doctor.objects.count() == 501
    assert User.objects.count() == 2
    assert EmailAddress.objects.count() == 2
    for email, password in passwords.items():
        assert User.objects.get(email=email).check_password(password)
        assert password not in second
    assert "mot de passe inchangé" in second
    assert "0 ajoutés" in second


def test_password_option_sets_and_resets_both_passwords(settings):
    settings.DEBUG = True
    seed()

    output = seed("--password", "demonstration-2026-ordre")

    for email in (DOCTOR_EMAIL, STAFF_EMAIL):
        assert User.objects.get(email=email).check_password("demonstration-2026-ordre")
        assert printed_password(output, email) == "demonstration-2026-ordre"


def test_weak_password_is_refused(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError):
        seed("--password", "demo")
    assert not User.objects.exists()


def test_demo_doctor_has_dues_to_pay_and_the_guides_are_published(settings):
    from cotisations.models import DuesCall
    from guides.models import Sheet

    settings.DEBUG = True
    seed()
    seed()
    calls = DuesCall.objects.filter(doctor__account__email="medecin@demo.test")
    assert calls.count() == 1
    assert calls.get().campaign.year >= 2026
    assert Sheet.objects.filter(status="published").count() >= 23
