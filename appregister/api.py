"""GET /api/v1/applications/: the public register as read-only JSON, same filters as the page."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from appregister import selectors
from appregister.forms import RegisterSearchForm
from appregister.models import AppApplication

MAX_RESULTS = 200


def _choices(name: str) -> list[str]:
    field = RegisterSearchForm.base_fields[name]
    return [str(value) for value, _ in field.choices if value]  # type: ignore[attr-defined]


class DomainSummarySerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    met = serializers.IntegerField()
    not_met = serializers.IntegerField()
    not_applicable = serializers.IntegerField()


class RegisterEntrySerializer(serializers.Serializer[AppApplication]):
    label_number = serializers.CharField(source="label.number")
    state = serializers.ChoiceField(
        choices=[value for value, _ in selectors.RegisterState.CHOICES],
        help_text="valide, suspendu, retire (withdrawn) or expire (expired).",
    )
    name = serializers.CharField()
    version_assessed = serializers.CharField(source="version")
    publisher = serializers.CharField(source="publisher.company_name")
    purpose = serializers.CharField()
    use_domain = serializers.CharField()
    audience = serializers.CharField()
    platforms = serializers.ListField(child=serializers.CharField())
    medical_device = serializers.BooleanField(source="is_medical_device")
    device_class = serializers.CharField()
    hosting_provider = serializers.CharField()
    hds_certificate = serializers.CharField()
    hosting_location = serializers.CharField()
    framework_version = serializers.IntegerField(source="framework.number")
    valid_from = serializers.DateField(source="label.valid_from")
    valid_until = serializers.DateField(source="label.valid_until")
    withdrawn_at = serializers.DateTimeField(source="label.withdrawn_at", allow_null=True)
    withdrawal_reason = serializers.CharField(source="label.withdrawal_reason")
    domains = DomainSummarySerializer(many=True)
    page_url = serializers.URLField()


class RegisterPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    results = RegisterEntrySerializer(many=True)


class RegisterQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    domaine = serializers.ChoiceField(choices=_choices("domaine"), required=False)
    plateforme = serializers.ChoiceField(choices=_choices("plateforme"), required=False)
    public = serializers.ChoiceField(choices=_choices("public"), required=False)
    dispositif = serializers.ChoiceField(choices=_choices("dispositif"), required=False)
    etat = serializers.ChoiceField(choices=_choices("etat"), required=False)


def _entry(application: AppApplication, today: Any) -> AppApplication:
    application.state = selectors.register_state(application, today)  # type: ignore[attr-defined]
    application.domains = selectors.domain_summary(application=application)  # type: ignore[attr-defined]
    application.page_url = settings.SITE_URL + reverse(  # type: ignore[attr-defined]
        "appregister:entry", args=[application.pk]
    )
    return application


class RegisterListAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="applications_list",
        summary="The public register of labelled health apps and connected devices",
        description=(
            "Anonymous access allowed. Every word of `q` must match a name, a publisher, the "
            "purpose or a label number. Withdrawn labels stay listed (state `retire`, with "
            f"date and reason); expired ones have state `expire`. {MAX_RESULTS} results at most."
        ),
        parameters=[
            OpenApiParameter("q", str, description="Name, publisher or label number."),
            OpenApiParameter("domaine", str, enum=_choices("domaine")),
            OpenApiParameter("plateforme", str, enum=_choices("plateforme")),
            OpenApiParameter("public", str, enum=_choices("public")),
            OpenApiParameter("dispositif", str, enum=_choices("dispositif")),
            OpenApiParameter("etat", str, enum=_choices("etat")),
        ],
        responses={
            200: RegisterPageSerializer,
            400: OpenApiResponse(description="An unknown filter value (French messages)."),
        },
        tags=["applications"],
    )
    def get(self, request: Request) -> Response:
        query = RegisterQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        today = timezone.localdate()
        apps = selectors.register_search(
            text=data.get("q", ""),
            use_domain=data.get("domaine", ""),
            platform=data.get("plateforme", ""),
            audience=data.get("public", ""),
            medical_device=data.get("dispositif", ""),
            state=data.get("etat", ""),
            today=today,
        )
        results = [_entry(app, today) for app in apps[:MAX_RESULTS]]
        return Response(RegisterPageSerializer({"count": len(results), "results": results}).data)


class RegisterEntryAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="applications_retrieve",
        summary="One listed app, by its label number (e.g. ODM-APP-2027-0042)",
        responses={
            200: RegisterEntrySerializer,
            404: OpenApiResponse(description="No label has this number."),
        },
        tags=["applications"],
    )
    def get(self, request: Request, number: str) -> Response:
        label = selectors.label_verify(number=number)
        if label is None:
            raise NotFound("Aucun label ne porte ce numéro.")
        application = selectors.register_entry(pk=label.application_id)
        assert application is not None
        return Response(RegisterEntrySerializer(_entry(application, timezone.localdate())).data)
