"""Vault access-log lines, and documents stored through the real service.

A document is encrypted on its way in, so no factory writes its row: `stored_document` calls
`document_store_chunks` as an upload does.
"""

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from tests.factories.accounts import UserFactory
from vault import services
from vault.models import AccessAction, AccessLogEntry, Document, Folder

PDF = b"%PDF-1.7\n" + b"piece justificative " * 40 + b"\n%%EOF\n"


class AccessLogEntryFactory(DjangoModelFactory[AccessLogEntry]):
    """A line of the owner's access log (the owner consulted their list)."""

    class Meta:
        model = AccessLogEntry

    owner = factory.SubFactory(UserFactory, with_doctor=True)
    action = AccessAction.VIEW


def stored_document(
    owner: User,
    *,
    file_name: str = "piece.pdf",
    content: bytes = PDF,
    folder: Folder | None = None,
) -> Document:
    """A document `owner` uploaded, encrypted into the vault's storage."""
    ctx = services.AccessContext(actor=owner, ip="127.0.0.1")
    return services.document_store_chunks(
        owner=owner, file_name=file_name, chunks=[content], ctx=ctx, folder=folder
    )
