"""Fill a throwaway deployment with encrypted documents for the restore drill.

`python -m deploy.drill_seed N` (with the deployment's environment): one account and N
encrypted vault documents stored through the vault's services (so in its configured storage),
then one applicant's document, one change request's supporting document, one exemption
request's document and one label application's evidence document, through theirs:
every model of `vault.encrypted.ENCRYPTED_MODELS` is in the backup. Prints one line per
document, `id sha256`, for the drill to compare after the restore, then `applicant <storage
name>` for the drill's tampering control.
"""

import datetime
import os
import secrets
import sys


def pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + secrets.token_bytes(size) + b"\n%%EOF\n"


def in_chunks(content: bytes) -> list[bytes]:
    return [content[i : i + 65_536] for i in range(0, len(content), 65_536)]


def main(count: int) -> None:
    import django

    django.setup()
    from accounts.models import User
    from appregister.models import Criterion
    from appregister.services.applications import (
        application_create,
        evidence_document_add,
        publisher_register,
    )
    from appregister.uploads import EVIDENCE_UPLOADS
    from cotisations.models import DuesCall
    from cotisations.services.campaigns import campaign_open
    from exemptions.services import exemption_request_create
    from exemptions.uploads import EXEMPTION_UPLOADS
    from registrations.models import RegistrationRequest
    from registrations.services import registration_document_add
    from registrations.uploads import REGISTRATION_UPLOADS
    from roll.models import Doctor
    from roll.services.changes import change_request_create
    from roll.uploads import CHANGE_UPLOADS
    from vault.services import SYSTEM, document_store_chunks
    from vault.uploads import stage_chunks_under

    owner, _ = User.objects.get_or_create(email="drill.coffre@exemple.test")
    for number in range(count):
        document = document_store_chunks(
            owner=owner,
            file_name=f"piece-{number + 1}.pdf",
            chunks=in_chunks(pdf(50_000 + number * 7_919)),
            ctx=SYSTEM,
        )
        print(document.pk, document.sha256)

    applicant, _ = User.objects.get_or_create(email="drill.interne@exemple.test")
    registration, _ = RegistrationRequest.objects.get_or_create(user=applicant)
    staged = stage_chunks_under(
        REGISTRATION_UPLOADS, user=applicant, file_name="identite.pdf", chunks=[pdf(30_000)]
    )
    applicant_document = registration_document_add(
        registration=registration, kind="identity", staged=staged
    )
    print(applicant_document.pk, applicant_document.sha256)

    doctor = Doctor.objects.create(
        rpps="10000000007",
        civility="M",
        last_name="Exercice",
        first_name="Drill",
        specialty="Médecine générale",
        department="75",
        registered_on=datetime.date(2020, 1, 1),
    )
    account, _ = User.objects.get_or_create(email="drill.medecin@exemple.test")
    account.doctor = doctor
    account.save(update_fields=["doctor"])
    change = change_request_create(
        doctor=doctor,
        user=account,
        values={"city": "Vincennes"},
        explanation="Exercice de restauration.",
        staged=stage_chunks_under(
            CHANGE_UPLOADS, user=account, file_name="bail.pdf", chunks=[pdf(20_000)]
        ),
    )
    print(change.document.pk, change.document.sha256)
    campaign, _ = campaign_open(year=datetime.date.today().year)
    exemption = exemption_request_create(
        user=account,
        call_id=DuesCall.objects.get(doctor=doctor, campaign=campaign).pk,
        kind="half",
        reason="financial",
        explanation="Exercice de restauration.",
        staged=stage_chunks_under(
            EXEMPTION_UPLOADS, user=account, file_name="avis.pdf", chunks=[pdf(20_000)]
        ),
        today=campaign.call_date,
    )
    exemption_document = exemption.documents.get()
    print(exemption_document.pk, exemption_document.sha256)
    publisher_account, _ = User.objects.get_or_create(email="drill.editeur@exemple.test")
    publisher = publisher_register(
        user=publisher_account,
        company_name="Exercice SAS",
        siren="552100554",
        contact_name="Drill Exercice",
        contact_phone="0100000000",
    )
    application = application_create(publisher=publisher)
    evidence = evidence_document_add(
        application=application,
        criterion_id=Criterion.objects.filter(domain__version=application.framework)
        .values_list("pk", flat=True)
        .first()
        or 0,
        staged=stage_chunks_under(
            EVIDENCE_UPLOADS, user=publisher_account, file_name="aipd.pdf", chunks=[pdf(20_000)]
        ),
    )
    print(evidence.pk, evidence.sha256)
    print("applicant", applicant_document.storage_name)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
