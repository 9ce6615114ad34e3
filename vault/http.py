"""HTTP pieces shared by the web views and the API: access gate, download responses."""

import functools
import logging
from collections.abc import Callable
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from accounts.models import User
from portal.downloads import private_headers
from portal.ratelimit import client_address
from psc.selectors import session_used_psc
from vault.encrypted import EncryptedObject
from vault.export import export_zip_chunks
from vault.journal import device_summary
from vault.models import AccessAction, Document
from vault.services import AccessContext, access_log_record, access_log_view_record

MFA_REQUIRED_MESSAGE = (
    "Votre coffre-fort numérique contient des documents personnels : pour y accéder, "
    "activez d’abord la double authentification sur votre compte."
)

access_logger = logging.getLogger("portal.access")


def access_context(request: Any, via: str = "web") -> AccessContext:
    user = request.user
    return AccessContext(
        actor=user if user.is_authenticated else None,
        ip=client_address(request),
        via=via,
        device=device_summary(request.META.get("HTTP_USER_AGENT", "")),
    )


def vault_list_visit_record(request: Any, user_id: int) -> None:
    """The vault list answered from the personal page cache still goes in the journal."""
    context = AccessContext(
        ip=client_address(request),
        device=device_summary(request.META.get("HTTP_USER_AGENT", "")),
    )
    access_log_view_record(user_id=user_id, ctx=context)


def vault_refusal(user: Any, *, strong_session: bool = False) -> str | None:
    """Why `user` may not use the vault ("login", "claim", "mfa"), or None: the one predicate
    behind the pages, the API and the upload handler. A session opened through Pro Santé
    Connect (eidas1 or higher: a CPS card or e-CPS) is a strong authentication and stands for
    the second factor (`strong_session`)."""
    if not user.is_authenticated:
        return "login"
    if not user.is_claimed_doctor:
        return "claim"
    if not strong_session and not is_mfa_enabled(user):
        return "mfa"
    return None


def vault_request_allowed(request: Any) -> bool:
    """For a request (a page, the API, the upload handler): its user and how it logged in."""
    user = getattr(request, "user", None)
    if user is None:
        return False
    return vault_refusal(user, strong_session=session_used_psc(request)) is None


def vault_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Logged in, claimed doctor, second factor enabled; responses never cached."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refusal = vault_refusal(request.user, strong_session=session_used_psc(request))
        if refusal == "claim":
            # Not an object lookup, but still an attempt on a vault URL: leave a trace.
            access_logger.info(
                "Vault refused: user %s has no vault (%s)", request.user.pk, request.path
            )
            messages.info(
                request,
                "Pour accéder à votre coffre, rattachez d’abord votre compte à votre "
                "inscription au tableau de l’Ordre.",
            )
            return redirect("claim_start")
        if refusal == "mfa":
            messages.warning(request, MFA_REQUIRED_MESSAGE)
            return redirect("mfa_index")
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapper))


def download_response(
    *, document: Document, ctx: AccessContext, action: AccessAction = AccessAction.DOWNLOAD
) -> StreamingHttpResponse:
    """Log the download (`action`: an earlier version's is told apart), then stream the
    decrypted content as an attachment."""
    access_log_record(owner=document.owner, action=action, document=document, ctx=ctx)

    def failed(reason: str) -> None:
        access_log_record(
            owner=document.owner,
            action=AccessAction.INTEGRITY_FAILURE,
            document=document,
            ctx=ctx,
        )

    return decrypted_attachment(document, on_failure=failed)


def decrypted_attachment(
    row: EncryptedObject, *, on_failure: Callable[[str], None] | None = None
) -> StreamingHttpResponse:
    """Stream the decrypted content of any encrypted object's row as an attachment."""
    response = StreamingHttpResponse(
        row.open_plaintext(on_failure=on_failure), content_type=row.content_type
    )
    response["Content-Length"] = str(row.size)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=row.display_name
    )
    private_headers(response)
    return response


def export_response(*, owner: User, ctx: AccessContext) -> StreamingHttpResponse:
    """Log the export, then stream the ZIP; a document failing its check is logged too."""
    access_log_record(owner=owner, action=AccessAction.EXPORT, ctx=ctx)

    def failed(document: Document, reason: str) -> None:
        access_log_record(
            owner=owner, action=AccessAction.INTEGRITY_FAILURE, document=document, ctx=ctx
        )

    response = StreamingHttpResponse(
        export_zip_chunks(owner=owner, on_failure=failed), content_type="application/zip"
    )
    filename = f"coffre-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    private_headers(response)
    return response
