"""The vault: folders, every document's metadata (trash included), the access journal and,
if the person chose it, the documents themselves (decrypted, as the vault's own export)."""

from typing import Any

from accounts.models import User
from privacy.export.registry import ExportFiles, Section
from privacy.export.uploads import METADATA, uploaded_document
from privacy.export.values import row
from vault.models import AccessAction, Document, Share
from vault.selectors import access_log_list, documents_for_export, folder_list
from vault.services import AccessContext, access_log_record
from vault.sharing import owner_name, recipient_name
from vault.validation import sanitize_name

FOLDER = "coffre-fort"


def _document(document: Document, files: ExportFiles, exported: set[object]) -> dict[str, Any]:
    folder = f"{FOLDER}/{sanitize_name(document.folder.name)}" if document.folder else FOLDER
    if document.pk in exported:
        out = uploaded_document(document, files, folder=folder)
    else:
        out = {**row(document, METADATA), "file": None}
    out.update(row(document, ["created_at", "updated_at", "expires_on", "trashed_at"]))
    out["folder"] = document.folder.name if document.folder else None
    return out


def vault_part(user: User, files: ExportFiles) -> dict[str, Any]:
    exported: set[object] = set()
    if files.include_documents:
        exported = set(documents_for_export(owner=user).values_list("pk", flat=True))
        if exported:
            # The vault's journal says its documents left it, as for its own export.
            access_log_record(
                owner=user, action=AccessAction.EXPORT, ctx=AccessContext(actor=user, via="export")
            )
    documents = (
        Document.objects.filter(owner=user)
        .select_related("folder")
        .order_by("folder__name", "display_name", "pk")
    )
    journal = access_log_list(owner=user).order_by("at", "pk")
    return {
        "folders": [row(f, ["name", "created_at"]) for f in folder_list(owner=user)],
        "documents": [_document(d, files, exported) for d in documents],
        "access_journal": [
            {
                **row(entry, ["at", "action", "document_name", "ip_address", "via"]),
                "by_you": entry.actor_id == user.pk,
            }
            for entry in journal
        ],
    }


SECTION = Section(
    key="vault",
    title="Votre coffre-fort numérique",
    description=(
        "Vos dossiers, la description de chaque document (corbeille comprise), le journal des "
        "accès et, si vous l’avez demandé, les documents eux-mêmes."
    ),
    collect=vault_part,
)


SHARE_FIELDS = ["message", "expires_on", "created_at", "ended_at", "end_reason"]
SHARE_STATUS_LABELS = {"open": "En cours", "expired": "Arrivé à échéance", "ended": "Terminé"}
SHARE_KIND_LABELS = {"document": "Document", "folder": "Dossier"}


def _share_status(share: Share) -> str:
    if share.ended_at is not None:
        return "ended"
    return "open" if share.is_live() else "expired"


def _share(share: Share, *, other_doctor: str) -> dict[str, Any]:
    """One share, naming the other doctor as the directory does (never their address)."""
    kind = "document" if share.document_id is not None else "folder"
    return {
        "kind": kind,
        "kind_label": SHARE_KIND_LABELS[kind],
        "name": share.target_name,
        "other_doctor": other_doctor,
        **row(share, SHARE_FIELDS),
        "status": (status := _share_status(share)),
        "status_label": SHARE_STATUS_LABELS[status],
    }


def vault_shares_part(user: User, files: ExportFiles) -> dict[str, Any]:
    shares = Share.objects.select_related(
        "owner__doctor", "recipient__doctor", "document", "folder"
    ).order_by("created_at", "pk")
    return {
        "given": [_share(s, other_doctor=recipient_name(s)) for s in shares.filter(owner=user)],
        "received": [_share(s, other_doctor=owner_name(s)) for s in shares.filter(recipient=user)],
    }


SHARES_SECTION = Section(
    key="vault_shares",
    title="Vos partages de documents entre confrères",
    description=(
        "Les documents et dossiers de votre coffre-fort que vous avez partagés, et ceux "
        "qu’un confrère a partagés avec vous : le confrère, les dates et l’état du partage."
    ),
    collect=vault_shares_part,
)
