"""What the register erases when a closed account is purged (docs/account-closure.md).

An application the publisher sent is the council's file from then on (its instruction, the
body's assessment, the decision, the label in the public register): it stays, with its
evidence, history and declared changes, tied to the nameless account like dues. A draft
never sent is the publisher's alone: deleted with its evidence documents. The company's
contact person (a name, a telephone) is erased; the company itself (name, SIREN) stays with
the files it applied for. A doctor's problem reports and an assessor's results and
recommendations are the council's records of the app and of the assessment: kept, tied to
the nameless account. The assessor's membership of the body ends.
"""

from django.db import transaction

from accounts.models import User
from appregister.models import ApplicationStatus, BodyMembership, Publisher
from vault.services import object_delete_on_commit


@transaction.atomic
def register_account_erase(*, user: User) -> None:
    publisher = Publisher.objects.select_for_update().filter(user=user).first()
    if publisher is not None:
        drafts = publisher.applications.filter(status=ApplicationStatus.DRAFT)
        for application in drafts.prefetch_related("documents"):
            for document in application.documents.all():
                object_delete_on_commit(document.storage_name)
            application.delete()
        if publisher.applications.exists():
            # Blank on a required field: the row is now a record, no longer edited by anyone.
            Publisher.objects.filter(pk=publisher.pk).update(contact_name="", contact_phone="")
        else:
            publisher.delete()
    BodyMembership.objects.filter(user=user).delete()
