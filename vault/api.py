"""The vault's API under /api/v1/vault/: the same selectors and services as the web pages."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from vault import selectors, services
from vault.http import (
    access_context,
    download_response,
    export_response,
    vault_request_allowed,
)
from vault.models import AccessAction, Document, Folder
from vault.staging import staged_store
from vault.streams import StagedObject
from vault.uploads import VAULT_UPLOADS, StagingUploadHandler, staging_install, staging_release

# Answers every operation may give besides its own, declared so clients (and schemathesis)
# can rely on the schema for refusals too.
REFUSED = {
    401: OpenApiResponse(description="Not logged in: no session and no token."),
    403: OpenApiResponse(description="Not a claimed doctor with a second factor."),
}
MISSING = {404: OpenApiResponse(description="No such document or folder among yours.")}
INVALID = {400: OpenApiResponse(description="Invalid data, with a message per field.")}


class IsVaultUser(BasePermission):
    message = (
        "Le coffre est réservé aux médecins rattachés à leur inscription au tableau, "
        "avec la double authentification activée."
    )

    def has_permission(self, request: Request, view: Any) -> bool:
        return vault_request_allowed(request)


def _owner(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _ctx(request: Request) -> services.AccessContext:
    return access_context(request, via="api")


class DocumentSerializer(serializers.ModelSerializer[Document]):
    name = serializers.CharField(source="display_name")
    folder_name = serializers.CharField(
        source="folder.name", default=None, allow_null=True, read_only=True
    )
    content_url = serializers.SerializerMethodField()
    tags = serializers.ListField(child=serializers.CharField(), source="tag_list", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "name",
            "folder",
            "folder_name",
            "size",
            "sha256",
            "content_type",
            "expires_on",
            "description",
            "tags",
            "created_at",
            "updated_at",
            "trashed_at",
            "content_url",
        ]
        read_only_fields = fields

    def get_content_url(self, document: Document) -> str:
        return reverse("api_vault_document_content", args=[document.pk])


@extend_schema_field(OpenApiTypes.INT)
class OwnedFolderField(serializers.PrimaryKeyRelatedField):
    """A folder id, looked up among the requesting doctor's folders only."""

    def get_queryset(self) -> Any:
        return Folder.objects.filter(owner=self.context["request"].user)


class DocumentUpdateSerializer(serializers.Serializer[Document]):
    name = serializers.CharField(max_length=200, required=False)
    folder = OwnedFolderField(allow_null=True, required=False)
    expires_on = serializers.DateField(allow_null=True, required=False)
    description = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=40), max_length=10, required=False
    )


class UploadSerializer(serializers.Serializer[Document]):
    file = serializers.ListField(child=serializers.FileField(), help_text="One or more files.")
    folder = OwnedFolderField(allow_null=True, required=False)
    expires_on = serializers.DateField(allow_null=True, required=False)


class UsageSerializer(serializers.Serializer[selectors.Usage]):
    used = serializers.IntegerField(help_text="Bytes stored, trash included.")
    quota = serializers.IntegerField(help_text="Bytes allowed.")
    free = serializers.IntegerField()


class VaultAPIView(APIView):
    permission_classes = [IsVaultUser]


class DocumentListView(VaultAPIView):
    parser_classes = [MultiPartParser]
    upload_handler: StagingUploadHandler | None = None

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        # Before authentication: SessionAuthentication's CSRF check may read the body.
        if request.method == "POST":
            self.upload_handler = staging_install(request, VAULT_UPLOADS, field="file")
        return super().initialize_request(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if self.upload_handler is not None:
            staging_release(self.upload_handler)
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        operation_id="vault_documents_list",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="search in names, folder names, descriptions and tags (accents "
                "and case ignored; every word must be found)",
            ),
            OpenApiParameter("folder", int, description="only this folder"),
            OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
        ],
        responses={200: DocumentSerializer(many=True), **REFUSED, **MISSING},
    )
    def get(self, request: Request) -> Response:
        owner = _owner(request)
        folder = None
        if folder_id := request.query_params.get("folder"):
            folder = selectors.folder_get(
                owner=owner, folder_id=folder_id if folder_id.isdigit() else 0
            )
        documents = selectors.document_list(
            owner=owner,
            folder=folder,
            search=request.query_params.get("q", "")[:100],
            sort=request.query_params.get("sort", selectors.DEFAULT_SORT),
        )
        services.access_log_record(owner=owner, action=AccessAction.VIEW, ctx=_ctx(request))
        return Response(DocumentSerializer(documents, many=True).data)

    @extend_schema(
        operation_id="vault_documents_upload",
        request={"multipart/form-data": UploadSerializer},
        responses={
            201: inline_serializer(
                "VaultUploadResult",
                {
                    "documents": DocumentSerializer(many=True),
                    "errors": serializers.ListField(child=serializers.CharField()),
                },
            ),
            400: OpenApiResponse(
                description="Refused files (`documents`, `errors`) or invalid fields."
            ),
            **REFUSED,
        },
    )
    def post(self, request: Request) -> Response:
        owner = _owner(request)
        assert self.upload_handler is not None
        meta = DocumentUpdateSerializer(data=request.data, context={"request": request})
        meta.is_valid(raise_exception=True)
        fields, ctx = meta.validated_data, _ctx(request)

        def store(staged: StagedObject) -> Document:
            return services.document_store(
                owner=owner,
                staged=staged,
                ctx=ctx,
                folder=fields.get("folder"),
                expires_on=fields.get("expires_on"),
            )

        outcome = staged_store(self.upload_handler.batch, store)
        stored, errors = outcome.stored, outcome.messages
        if not stored and not errors:
            errors.append("Joignez au moins un fichier (champ « file »).")
        data = {"documents": DocumentSerializer(stored, many=True).data, "errors": errors}
        return Response(
            data, status=status.HTTP_201_CREATED if stored else status.HTTP_400_BAD_REQUEST
        )


class DocumentDetailView(VaultAPIView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        operation_id="vault_documents_retrieve",
        responses={200: DocumentSerializer, **REFUSED, **MISSING},
    )
    def get(self, request: Request, document_id: str) -> Response:
        document = selectors.document_get(owner=_owner(request), document_id=document_id)
        return Response(DocumentSerializer(document).data)

    @extend_schema(
        operation_id="vault_documents_update",
        request=DocumentUpdateSerializer,
        responses={200: DocumentSerializer, **INVALID, **REFUSED, **MISSING},
    )
    def patch(self, request: Request, document_id: str) -> Response:
        document = selectors.document_get(owner=_owner(request), document_id=document_id)
        serializer = DocumentUpdateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data, ctx = serializer.validated_data, _ctx(request)
        try:
            if "name" in data and data["name"] != document.display_name:
                services.document_rename(document=document, display_name=data["name"], ctx=ctx)
            if "folder" in data and data["folder"] != document.folder:
                services.document_move(document=document, folder=data["folder"], ctx=ctx)
            if "expires_on" in data:
                services.document_set_expiry(
                    document=document, expires_on=data["expires_on"], ctx=ctx
                )
            if "description" in data or "tags" in data:
                services.document_describe(
                    document=document,
                    description=data.get("description", document.description),
                    tags=", ".join(data["tags"]) if "tags" in data else document.tags,
                    ctx=ctx,
                )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return Response(DocumentSerializer(document).data)

    @extend_schema(
        operation_id="vault_documents_trash",
        responses={
            204: OpenApiResponse(description="Moved to the trash (restorable 30 days)."),
            **REFUSED,
            **MISSING,
        },
    )
    def delete(self, request: Request, document_id: str) -> Response:
        document = selectors.document_get(owner=_owner(request), document_id=document_id)
        services.document_trash(document=document, ctx=_ctx(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DocumentContentView(VaultAPIView):
    @extend_schema(
        operation_id="vault_documents_content",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **REFUSED, **MISSING},
    )
    def get(self, request: Request, document_id: str) -> StreamingHttpResponse:
        document = selectors.document_get(owner=_owner(request), document_id=document_id)
        return download_response(document=document, ctx=_ctx(request))


class TrashView(VaultAPIView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        operation_id="vault_trash_list", responses={200: DocumentSerializer(many=True), **REFUSED}
    )
    def get(self, request: Request) -> Response:
        documents = selectors.document_list(owner=_owner(request), trashed=True, sort="-date")
        return Response(DocumentSerializer(documents, many=True).data)

    @extend_schema(
        operation_id="vault_trash_restore",
        request=inline_serializer("VaultRestore", {"id": serializers.UUIDField()}),
        responses={200: DocumentSerializer, **INVALID, **REFUSED, **MISSING},
    )
    def post(self, request: Request) -> Response:
        field = serializers.UUIDField()
        try:
            raw = request.data.get("id") if isinstance(request.data, dict) else None
            document_id = field.to_internal_value(raw or "")
        except serializers.ValidationError as error:
            raise ValidationError({"id": error.detail}) from error
        document = selectors.document_get(
            owner=_owner(request), document_id=document_id, trashed=True
        )
        services.document_restore(document=document, ctx=_ctx(request))
        return Response(DocumentSerializer(document).data)


class UsageView(VaultAPIView):
    @extend_schema(operation_id="vault_usage", responses={200: UsageSerializer, **REFUSED})
    def get(self, request: Request) -> Response:
        usage = selectors.vault_usage(owner=_owner(request))
        return Response({"used": usage.used, "quota": usage.quota, "free": usage.free})


class ExportView(VaultAPIView):
    @extend_schema(
        operation_id="vault_export",
        responses={(200, "application/zip"): OpenApiTypes.BINARY, **REFUSED},
        description="Every document (trash excluded), decrypted, in one ZIP with manifest.json.",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        return export_response(owner=_owner(request), ctx=_ctx(request))
