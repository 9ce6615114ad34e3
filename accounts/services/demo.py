"""Demonstration data for a developer's machine: a roll, a claimed doctor and a staff member."""

import secrets
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from roll.models import Civility, Doctor, DoctorStatus
from roll.services.seeding import roll_seed

DEMO_ROLL_SIZE = 500
DEMO_ROLL_SEED = 2026
DEMO_DOCTOR_EMAIL = "medecin@demo.test"
DEMO_STAFF_EMAIL = "staff@demo.test"
# Luhn-valid, fixed so that the demo doctor is the same entry on every machine.
DEMO_DOCTOR_RPPS = "10020260005"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    # The password when this run set it; None when an existing account kept its own.
    password: str | None
    created: bool


@dataclass(frozen=True)
class DemoSeedResult:
    roll_added: int
    doctor_count: int
    doctor: DemoAccount
    staff: DemoAccount


def demo_seed(*, password: str | None = None) -> DemoSeedResult:
    """Create (or bring back) the demo data; running it twice changes nothing.

    Existing accounts keep their password unless `password` is given, which resets both.
    """
    if password is not None:
        validate_password(password)
    roll_added = roll_seed(doctors=DEMO_ROLL_SIZE, seed=DEMO_ROLL_SEED)
    with transaction.atomic():
        entry = _demo_roll_entry()
        doctor = _demo_user(
            email=DEMO_DOCTOR_EMAIL,
            password=password,
            first_name="Claire",
            last_name="Martin",
            doctor=entry,
        )
        staff = _demo_user(
            email=DEMO_STAFF_EMAIL,
            password=password,
            first_name="Équipe",
            last_name="de l’Ordre",
            is_staff=True,
            is_superuser=True,
        )
    return DemoSeedResult(
        roll_added=roll_added, doctor_count=Doctor.objects.count(), doctor=doctor, staff=staff
    )


def _demo_roll_entry() -> Doctor:
    entry, created = Doctor.objects.get_or_create(
        rpps=DEMO_DOCTOR_RPPS,
        defaults={
            "civility": Civility.MRS,
            "last_name": "Martin",
            "first_name": "Claire",
            "specialty": "Médecine générale",
            "department": "69",
            "registered_on": date(2009, 9, 1),
            "status": DoctorStatus.ACTIVE,
            "street": "12 rue de la République",
            "postcode": "69002",
            "city": "Lyon",
            "email": DEMO_DOCTOR_EMAIL,
        },
    )
    if created:
        entry.full_clean()
    return entry


def _demo_user(
    *,
    email: str,
    password: str | None,
    first_name: str,
    last_name: str,
    doctor: Doctor | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> DemoAccount:
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User(email=email, first_name=first_name, last_name=last_name)
    new_password = password
    if created and new_password is None:
        new_password = secrets.token_urlsafe(12)
    if new_password is not None:
        user.set_password(new_password)
    if doctor is not None:
        holder = User.objects.filter(doctor=doctor).exclude(pk=user.pk).first()
        if holder is not None:
            raise ValidationError(
                f"The demo roll entry {doctor.rpps} is already linked to {holder.email}."
            )
        user.doctor = doctor
    user.is_staff = user.is_staff or is_staff
    user.is_superuser = user.is_superuser or is_superuser
    user.is_active = True
    user.full_clean()
    user.save()
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
    return DemoAccount(email=email, password=new_password, created=created)
