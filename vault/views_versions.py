"""The document page's versions and journal, and the version actions (/espace/coffre/...)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.models import User
from portal.french_format import french_datetime
from portal.http import post_only
from vault import selectors, versions
from vault.forms import UploadForm
from vault.http import access_context, download_response, vault_required
from vault.journal import JournalFilters, journal_page
from vault.models import AccessAction, Document

DOCUMENT_JOURNAL_ROWS = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def document_page_context(request: HttpRequest, document: Document) -> dict[str, Any]:
    """What the document page shows besides its form: versions, its journal, the upload of a
    new version."""
    owner = _user(request)
    journal = journal_page(
        owner=owner, filters=JournalFilters(document=document), size=DOCUMENT_JOURNAL_ROWS
    )
    return {
        "versions": versions.version_list(document=document),
        "journal_rows": journal.rows,
        "journal_more": journal.next_before is not None,
        "version_form": UploadForm(owner=owner, initial={"version_of": document.pk}),
        "max_file_bytes": settings.VAULT_MAX_FILE_BYTES,
    }


def _version(request: HttpRequest, document_id: str, version_id: str) -> Document:
    owner = _user(request)
    document = selectors.document_get(owner=owner, document_id=document_id)
    return versions.version_get(owner=owner, document=document, version_id=version_id)


def _back(document_id: object) -> HttpResponse:
    return redirect("vault:document", document_id)


@require_GET
@vault_required
def version_download(
    request: HttpRequest, document_id: str, version_id: str
) -> StreamingHttpResponse:
    version = _version(request, document_id, version_id)
    return download_response(
        document=version, ctx=access_context(request), action=AccessAction.VERSION_DOWNLOAD
    )


def _document_url(request: HttpRequest, **kwargs: Any) -> str:
    return reverse("vault:document", args=[kwargs["document_id"]])


@post_only(redirect_to=_document_url)
@vault_required
def version_restore(request: HttpRequest, document_id: str, version_id: str) -> HttpResponse:
    version = _version(request, document_id, version_id)
    try:
        current = versions.version_restore(version=version, ctx=access_context(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(document_id)
    messages.success(
        request,
        f"La version déposée le {french_datetime(current.created_at)} est de nouveau la "
        "version actuelle. La précédente est conservée dans la liste des versions.",
    )
    return _back(current.pk)


@post_only(redirect_to=_document_url)
@vault_required
def version_delete(request: HttpRequest, document_id: str, version_id: str) -> HttpResponse:
    version = _version(request, document_id, version_id)
    head = versions.version_delete(version=version, ctx=access_context(request))
    messages.success(request, "Cette version a été supprimée définitivement.")
    return _back(head.pk)


@post_only(redirect_to="vault:index")
@vault_required
def version_accept(request: HttpRequest, document_id: str, existing_id: str) -> HttpResponse:
    """The list page's offer: the uploaded document becomes a new version of the older one."""
    owner = _user(request)
    document = selectors.document_get(owner=owner, document_id=document_id)
    existing = selectors.document_get(owner=owner, document_id=existing_id)
    try:
        document = versions.version_add(
            document=document, existing=existing, ctx=access_context(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("vault:index")
    messages.success(
        request,
        f"« {document.display_name} » a été enregistré comme nouvelle version. "
        "L’ancienne est conservée sur la page du document.",
    )
    return _back(document.pk)


@post_only(redirect_to="vault:index")
@vault_required
def keep_apart(request: HttpRequest, document_id: str) -> HttpResponse:
    document = selectors.document_get(owner=_user(request), document_id=document_id)
    versions.document_keep_apart(document=document)
    messages.success(request, f"Les deux documents « {document.display_name} » sont conservés.")
    return redirect("vault:index")
