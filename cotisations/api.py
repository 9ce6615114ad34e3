"""API of the dues: the logged-in doctor's own calls, balances, payments and documents."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from cotisations import selectors
from cotisations.models import CallStatus, DuesCall, Payment, PaymentStatus


class PaymentSerializer(serializers.ModelSerializer[Payment]):
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    receipt_url = serializers.SerializerMethodField(
        help_text="PDF receipt, for payments received (null otherwise)."
    )

    class Meta:
        model = Payment
        fields = [
            "id",
            "received_on",
            "amount_cents",
            "method",
            "method_label",
            "status",
            "receipt_url",
        ]
        read_only_fields = fields

    def get_receipt_url(self, payment: Payment) -> str | None:
        if payment.status != PaymentStatus.SUCCEEDED:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("cotisations:receipt", args=[payment.pk])
        )


class DuesCallSerializer(serializers.ModelSerializer[DuesCall]):
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    deadline = serializers.DateField(source="campaign.deadline", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    balance_cents = serializers.IntegerField(read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)
    attestation_url = serializers.SerializerMethodField(
        help_text="PDF attestation once the year is paid in full (null otherwise)."
    )

    class Meta:
        model = DuesCall
        fields = [
            "year",
            "deadline",
            "category",
            "amount_cents",
            "departmental_cents",
            "regional_cents",
            "national_cents",
            "paid_cents",
            "balance_cents",
            "status",
            "status_label",
            "payments",
            "attestation_url",
        ]
        read_only_fields = fields

    def get_attestation_url(self, call: DuesCall) -> str | None:
        if call.status != CallStatus.PAID:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("cotisations:attestation", args=[call.campaign.year])
        )


class DuesCallListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="dues_list",
        summary="My dues calls, newest year first",
        description=(
            "The logged-in doctor's own dues calls with their split, balance, payments and "
            "links to receipts and attestations. Amounts are integer cents (euros × 100). "
            "An account not linked to the roll gets an empty list."
        ),
        responses={
            200: DuesCallSerializer(many=True),
            401: OpenApiResponse(description="Not authenticated (token authentication)."),
            403: OpenApiResponse(description="Not authenticated (session authentication)."),
        },
        tags=["cotisations"],
    )
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)  # IsAuthenticated let only real users through
        calls = selectors.dues_call_list(user=user).prefetch_related("payments")
        return Response(DuesCallSerializer(calls, many=True, context={"request": request}).data)
