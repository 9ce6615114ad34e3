"""Earlier versions of a document in the API (/api/v1/vault/documents/<id>/versions/...)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from vault import selectors, versions
from vault.api import INVALID, MISSING, REFUSED, DocumentSerializer, VaultAPIView, _ctx, _owner
from vault.http import download_response
from vault.models import AccessAction, Document


class VersionSerializer(serializers.ModelSerializer[Document]):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Document
        fields = ["id", "name", "size", "sha256", "content_type", "created_at", "superseded_at"]
        read_only_fields = fields


def _version(request: Request, document_id: str, version_id: str) -> Document:
    owner = _owner(request)
    document = selectors.document_get(owner=owner, document_id=document_id)
    return versions.version_get(owner=owner, document=document, version_id=version_id)


class VersionListView(VaultAPIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="vault_versions_list",
        responses={200: VersionSerializer(many=True), **REFUSED, **MISSING},
        description="Earlier versions of a current document, the most recently uploaded first.",
    )
    def get(self, request: Request, document_id: str) -> Response:
        document = selectors.document_get(owner=_owner(request), document_id=document_id)
        return Response(VersionSerializer(versions.version_list(document=document), many=True).data)

    @extend_schema(
        operation_id="vault_versions_add",
        request=inline_serializer("VaultVersionAdd", {"from": serializers.UUIDField()}),
        responses={200: DocumentSerializer, **INVALID, **REFUSED, **MISSING},
        description="Make document `from` (uploaded apart, current) the new version of this one.",
    )
    def post(self, request: Request, document_id: str) -> Response:
        owner = _owner(request)
        existing = selectors.document_get(owner=owner, document_id=document_id)
        raw = request.data.get("from") if isinstance(request.data, dict) else None
        try:
            new_id = serializers.UUIDField().to_internal_value(raw or "")
        except serializers.ValidationError as error:
            raise ValidationError({"from": error.detail}) from error
        document = selectors.document_get(owner=owner, document_id=new_id)
        try:
            document = versions.version_add(document=document, existing=existing, ctx=_ctx(request))
        except DjangoValidationError as error:
            raise ValidationError({"from": error.messages}) from error
        return Response(DocumentSerializer(document).data)


class VersionDetailView(VaultAPIView):
    @extend_schema(
        operation_id="vault_versions_delete",
        responses={
            204: OpenApiResponse(description="Deleted for good (its space is freed)."),
            **REFUSED,
            **MISSING,
        },
    )
    def delete(self, request: Request, document_id: str, version_id: str) -> Response:
        version = _version(request, document_id, version_id)
        versions.version_delete(version=version, ctx=_ctx(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VersionContentView(VaultAPIView):
    @extend_schema(
        operation_id="vault_versions_content",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **REFUSED, **MISSING},
    )
    def get(self, request: Request, document_id: str, version_id: str) -> StreamingHttpResponse:
        return download_response(
            document=_version(request, document_id, version_id),
            ctx=_ctx(request),
            action=AccessAction.VERSION_DOWNLOAD,
        )


class VersionRestoreView(VaultAPIView):
    @extend_schema(
        operation_id="vault_versions_restore",
        request=None,
        responses={200: DocumentSerializer, **INVALID, **REFUSED, **MISSING},
        description="This version becomes the current one (with the document's new id: the "
        "version's); the current one becomes an earlier version.",
    )
    def post(self, request: Request, document_id: str, version_id: str) -> Response:
        version = _version(request, document_id, version_id)
        try:
            current = versions.version_restore(version=version, ctx=_ctx(request))
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages}) from error
        return Response(DocumentSerializer(current).data)
