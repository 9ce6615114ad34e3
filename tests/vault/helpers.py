"""Storing documents through the services, for the vault's tests."""

from tests.vault.conftest import PDF
from vault import services
from vault.models import Document
from vault.services import AccessContext

CTX = AccessContext(ip="192.0.2.1", device="Firefox sur Windows")


def store(owner, content=PDF, name="attestation.pdf", ctx=CTX, **kwargs) -> Document:
    chunks = [content[i : i + 1000] for i in range(0, len(content), 1000)] or [b""]
    return services.document_store_chunks(
        owner=owner, file_name=name, chunks=chunks, ctx=ctx, **kwargs
    )
