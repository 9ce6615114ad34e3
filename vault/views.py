"""The doctor's vault pages under /espace/coffre/: thin views over selectors and services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from portal.http import post_only
from portal.personal_cache import personal_page
from vault import selectors, services, sharing, versions
from vault.forms import DocumentEditForm, FolderForm, UploadForm
from vault.forms_search import DocumentSearchForm, JournalFilterForm
from vault.http import (
    access_context,
    export_response,
    vault_list_visit_record,
    vault_required,
)
from vault.journal import journal_entry_get, journal_page
from vault.models import AccessAction, Document, Folder
from vault.staging import StagedBatch, staged_store
from vault.streams import StagedObject
from vault.uploads import VAULT_UPLOADS, streaming_upload
from vault.views_versions import document_page_context


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _index_url(folder_id: object = None) -> str:
    url = reverse("vault:index")
    return f"{url}?dossier={folder_id}" if folder_id else url


@personal_page(on_hit=vault_list_visit_record)
@require_GET
@vault_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    folder: Folder | None = None
    if folder_param := request.GET.get("dossier", ""):
        folder = selectors.folder_get(
            owner=user, folder_id=folder_param if folder_param.isdigit() else 0
        )
    search_form = DocumentSearchForm(request.GET)
    filters = search_form.filters(folder)
    sort = request.GET.get("tri", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    documents = selectors.document_list(owner=user, filters=filters, sort=sort)
    services.access_log_view_record(user_id=user.pk, ctx=access_context(request))
    totals = selectors.vault_totals(owner=user)
    return render(
        request,
        "vault/index.html",
        {
            "documents": documents,
            "folders": selectors.folder_list(owner=user),
            "current_folder": folder,
            "search_form": search_form,
            "filtered": filters.active,
            "sort": sort,
            "version_offers": versions.version_offers(owner=user),
            "usage": totals.usage,
            "upload_form": UploadForm(owner=user, initial={"folder": folder}),
            "folder_form": FolderForm(),
            "trash_count": totals.trashed,
            "max_file_bytes": settings.VAULT_MAX_FILE_BYTES,
        },
    )


@csrf_exempt  # checked by streaming_upload once the encrypting handler is in place
@post_only(redirect_to="vault:index", upload=True)
@vault_required
@streaming_upload(VAULT_UPLOADS, field="files")
def upload(request: HttpRequest, batch: StagedBatch) -> HttpResponse:
    user = _user(request)
    form = UploadForm(request.POST, owner=user)
    valid, data, ctx = form.is_valid(), form.cleaned_data, access_context(request)
    # « Déposer une nouvelle version » on a document's page: each file replaces the one before.
    replaced = (
        [selectors.document_get(owner=user, document_id=data["version_of"])]
        if (valid and data["version_of"])
        else []
    )

    def store(staged: StagedObject) -> Document:
        document = services.document_store(
            owner=user,
            staged=staged,
            ctx=ctx,
            folder=replaced[0].folder if replaced else data["folder"],
            expires_on=data["expires_on"],
        )
        if replaced:
            document = versions.version_add(document=document, existing=replaced[0], ctx=ctx)
            replaced[0] = document
        return document

    outcome = staged_store(batch, store if valid else None)
    errors = outcome.messages
    if not valid:
        for field_errors in form.errors.values():
            errors.extend(str(error) for error in field_errors)
    stored = len(outcome.stored)
    if stored and replaced:
        messages.success(
            request, f"La nouvelle version de « {replaced[0].display_name} » a été déposée."
        )
    elif stored:
        messages.success(
            request,
            "Votre document a bien été déposé dans votre coffre."
            if stored == 1
            else f"Vos {stored} documents ont bien été déposés dans votre coffre.",
        )
    for message in errors:
        messages.error(request, message)
    if not stored and not errors:
        messages.error(request, "Choisissez au moins un fichier à déposer.")
    offered = {offer.new.pk for offer in versions.version_offers(owner=user)}
    if any(document.pk in offered for document in outcome.stored):
        messages.info(
            request,
            "Un document du même nom existe déjà dans ce dossier\u00a0: vous pouvez enregistrer "
            "le nouveau comme une nouvelle version de l’ancien (voir ci-dessous).",
        )
    folder = form.cleaned_data.get("folder") if form.is_valid() else None
    url = _index_url(folder.pk if folder else None)
    if replaced:
        url = reverse("vault:document", args=[replaced[0].pk])
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        # The progress script navigates itself: a redirect followed inside the XHR would
        # display (and so use up) the messages in a page nobody sees.
        return JsonResponse({"location": url})
    return redirect(url)


@post_only(redirect_to="vault:index")
@vault_required
def folder_create(request: HttpRequest) -> HttpResponse:
    form = FolderForm(request.POST)
    if form.is_valid():
        try:
            folder = services.folder_create(owner=_user(request), name=form.cleaned_data["name"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Le dossier « {folder.name} » a été créé.")
            return redirect(_index_url(folder.pk))
    else:
        messages.error(request, "Indiquez un nom pour ce dossier.")
    return redirect(_index_url())


@post_only(redirect_to="vault:index")
@vault_required
def folder_delete(request: HttpRequest, folder_id: int) -> HttpResponse:
    folder = selectors.folder_get(owner=_user(request), folder_id=folder_id)
    name = folder.name
    services.folder_delete(folder=folder)
    messages.success(
        request,
        f"Le dossier « {name} » a été supprimé. Ses documents restent dans votre coffre, "
        "hors dossier.",
    )
    return redirect(_index_url())


@require_http_methods(["GET", "POST"])
@vault_required
def document_edit(request: HttpRequest, document_id: str) -> HttpResponse:
    user = _user(request)
    if head := versions.version_head_of(owner=user, document_id=document_id):
        return redirect("vault:document", head.pk)  # an old link to a replaced version
    document = selectors.document_get(owner=user, document_id=document_id)
    form = DocumentEditForm(
        request.POST or None,
        owner=user,
        initial={
            "display_name": document.display_name,
            "folder": document.folder,
            "expires_on": document.expires_on,
            "description": document.description,
            "tags": document.tags,
        },
    )
    if request.method == "POST" and form.is_valid():
        ctx = access_context(request)
        data = form.cleaned_data
        try:
            if data["display_name"] != document.display_name:
                services.document_rename(
                    document=document, display_name=data["display_name"], ctx=ctx
                )
            if data["folder"] != document.folder:
                services.document_move(document=document, folder=data["folder"], ctx=ctx)
            services.document_set_expiry(document=document, expires_on=data["expires_on"], ctx=ctx)
            services.document_describe(
                document=document, description=data["description"], tags=data["tags"], ctx=ctx
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(request, f"Le document « {document.display_name} » a été modifié.")
            return redirect(_index_url(document.folder_id))
    if request.method == "GET":
        services.access_log_record(
            owner=user, action=AccessAction.OPEN, document=document, ctx=access_context(request)
        )
    return render(
        request,
        "vault/document_edit.html",
        {"document": document, "form": form, **document_page_context(request, document)},
    )


@require_GET
@vault_required
def document_download(request: HttpRequest, document_id: str) -> StreamingHttpResponse:
    # The one vault URL a colleague may open too, through an open share (vault.sharing).
    user = _user(request)
    document = sharing.document_get_for_reader(user=user, document_id=document_id)
    return sharing.reader_download_response(
        document=document, reader=user, ctx=access_context(request)
    )


@post_only(redirect_to="vault:index")
@vault_required
def document_trash(request: HttpRequest, document_id: str) -> HttpResponse:
    document = selectors.document_get(owner=_user(request), document_id=document_id)
    services.document_trash(document=document, ctx=access_context(request))
    messages.success(
        request,
        f"« {document.display_name} » a été placé dans la corbeille. Vous pouvez le "
        "restaurer pendant 30 jours.",
    )
    return redirect(_index_url(document.folder_id))


@require_GET
@vault_required
def trash(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "vault/trash.html",
        {
            "documents": selectors.document_list(owner=user, trashed=True, sort="-date"),
            "usage": selectors.vault_usage(owner=user),
        },
    )


@post_only(redirect_to="vault:trash")
@vault_required
def document_restore(request: HttpRequest, document_id: str) -> HttpResponse:
    document = selectors.document_get(owner=_user(request), document_id=document_id, trashed=True)
    services.document_restore(document=document, ctx=access_context(request))
    messages.success(request, f"« {document.display_name} » a été restauré dans votre coffre.")
    return redirect(reverse("vault:trash"))


@require_GET
@vault_required
def access_log(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = JournalFilterForm(request.GET, owner=user)
    filters = form.filters()
    page = journal_page(
        owner=user,
        filters=filters,
        before=journal_entry_get(owner=user, entry_id=request.GET.get("avant", "")),
    )
    older = request.GET.copy()
    if page.next_before is not None:
        older["avant"] = str(page.next_before.pk)
    newest = request.GET.copy()
    newest.pop("avant", None)
    return render(
        request,
        "vault/journal.html",
        {
            "form": form,
            "page": page,
            "older_query": older.urlencode() if page.next_before is not None else "",
            "newest_query": newest.urlencode() if "avant" in request.GET else None,
        },
    )


@require_GET
@vault_required
def export(request: HttpRequest) -> StreamingHttpResponse:
    return export_response(owner=_user(request), ctx=access_context(request))
