"""Building blocks of the change-request tests: a council, a claimed doctor, a staged file."""

import base64

from django.test import Client

from accounts.models import User
from councils.models import Council, CouncilLevel
from roll.models import ChangeRequest, ChangeRequestDocument, Doctor
from roll.services.changes import change_request_create
from roll.uploads import ALLOWED_TYPES, MAX_FILE_BYTES
from tests.auth_helpers import force_mfa_login
from tests.factories import DoctorFactory, UserFactory
from vault.streams import StagedObject, stage_chunks

KEK = base64.b64encode(bytes(range(32))).decode()
PDF = b"%PDF-1.7\n" + b"bail professionnel du cabinet " * 40 + b"\n%%EOF\n"


def paris_council() -> Council:
    """Paris's council as the tests know it (the shipped data seeds one: it is updated)."""
    council, _ = Council.objects.update_or_create(
        code="75",
        defaults={
            "level": CouncilLevel.DEPARTMENTAL,
            "name": "Conseil départemental de la Ville de Paris",
            "departments": ["75"],
            "phone": "01 53 00 00 00",
        },
    )
    return council


def claimed_doctor(email: str, **doctor_fields: object) -> tuple[User, Doctor]:
    doctor: Doctor = DoctorFactory.create(**doctor_fields)
    return UserFactory.create(email=email, doctor=doctor), doctor


def logged_in(user: User) -> Client:
    client = Client()
    force_mfa_login(client, user)
    return client


def staged_pdf(user: User, content: bytes = PDF) -> StagedObject:
    return stage_chunks(
        [content],
        owner_id=user.pk,
        file_name="bail.pdf",
        max_bytes=MAX_FILE_BYTES,
        quota_left=MAX_FILE_BYTES,
        allowed_types=ALLOWED_TYPES,
        name_prefix=ChangeRequestDocument.storage_prefix,
    )


def filed_request(
    user: User, doctor: Doctor, *, with_document: bool = False, **values: str
) -> ChangeRequest:
    return change_request_create(
        doctor=doctor,
        user=user,
        values=values or {"postcode": "75012", "city": "Paris", "street": "3 avenue Daumesnil"},
        explanation="Installation dans un nouveau cabinet le 1er mars.",
        staged=staged_pdf(user) if with_document else None,
    )


def form_data(doctor: Doctor, **changes: str) -> dict[str, str]:
    """The form as the page shows it (the roll's values), with `changes` typed in."""
    data = {
        "street": doctor.street,
        "postcode": doctor.postcode,
        "city": doctor.city,
        "phone": doctor.phone,
        "specialty": doctor.specialty,
        "status": doctor.status,
        "explanation": "Déménagement du cabinet le 1er mars.",
    }
    data.update(changes)
    return data
