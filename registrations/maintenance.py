"""Key rotation of the applicants' documents, with the vault's own re-wrapping."""

import logging

from registrations.models import RegistrationDocument
from vault import keys
from vault.maintenance import RotationReport, document_rekey
from vault.storage import vault_storage

logger = logging.getLogger("registrations")


def registration_documents_rotate() -> RotationReport:
    """Re-wrap every document's data key under the active KEK; safe to run again."""
    kek_id, _ = keys.active_key()
    report = RotationReport()
    storage = vault_storage()
    for document in RegistrationDocument.objects.exclude(kek_id=kek_id).order_by("pk").iterator():
        try:
            if document_rekey(
                document=document, kek_id=kek_id, storage=storage, model=RegistrationDocument
            ):
                report.rekeyed += 1
        except Exception as exc:  # report and carry on, as the vault's rotation does
            logger.error("registrations rotation failed document=%s reason=%s", document.pk, exc)
            report.failed.append((str(document.pk), f"{type(exc).__name__}: {exc}"))
    return report


def documents_using(*, kek_id: str) -> int:
    return RegistrationDocument.objects.filter(kek_id=kek_id).count()
