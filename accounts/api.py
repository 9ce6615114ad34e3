"""API of the accounts app: who am I, and which roll entry is mine."""

from allauth.mfa.utils import is_mfa_enabled
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from roll.models import Doctor


class RollEntrySerializer(serializers.ModelSerializer[Doctor]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Doctor
        fields = [
            "rpps",
            "civility",
            "last_name",
            "first_name",
            "specialty",
            "department",
            "registered_on",
            "status",
            "status_label",
            "street",
            "postcode",
            "city",
            "email",
        ]
        read_only_fields = fields


class MeSerializer(serializers.Serializer[User]):
    email = serializers.EmailField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    is_staff = serializers.BooleanField(read_only=True)
    mfa_enabled = serializers.SerializerMethodField(
        help_text="Whether the account has a second factor (TOTP, security key) enabled."
    )
    doctor = RollEntrySerializer(
        read_only=True,
        allow_null=True,
        help_text="The roll entry linked to this account, or null when none is claimed.",
    )

    def get_mfa_enabled(self, user: User) -> bool:
        return is_mfa_enabled(user)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_retrieve",
        summary="The logged-in user and their roll entry",
        description=(
            "Session (with CSRF for unsafe methods) or `Authorization: Token <key>`; the "
            "personal token is issued in the doctor space."
        ),
        responses={
            200: MeSerializer,
            401: OpenApiResponse(description="Not authenticated (token authentication)."),
            403: OpenApiResponse(description="Not authenticated (session authentication)."),
        },
        tags=["accounts"],
    )
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)  # IsAuthenticated let only real users through
        return Response(MeSerializer(user).data)
