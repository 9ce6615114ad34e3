"""GET /api/v1/annuaire/: the public directory for programs, same fields and pages as the site."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.entries import PracticeStatus, PublicEntry
from directory.query import MAX_QUERY_LENGTH, parse_query
from directory.selectors import MAX_PAGE, PAGE_SIZE, directory_search
from directory.throttling import directory_rate_limit, rate_limited_message
from portal.ratelimit import refused_api
from roll.data.geography import DEPARTMENT_CODES


class AddressSerializer(serializers.Serializer[PublicEntry]):
    street = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()


class PublicEntrySerializer(serializers.Serializer[PublicEntry]):
    rpps = serializers.CharField()
    civility = serializers.CharField(source="civility_label")
    last_name = serializers.CharField()
    first_name = serializers.CharField()
    specialty = serializers.CharField()
    department = serializers.CharField()
    department_name = serializers.CharField()
    address = AddressSerializer(source="*")
    practice_status = serializers.ChoiceField(choices=PracticeStatus.choices)
    practice_status_label = serializers.CharField()
    authorised_to_practise = serializers.BooleanField()


class DirectoryPageSerializer(serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField(
        help_text=f"Matches that can be paged, {MAX_PAGE * PAGE_SIZE} at most."
    )
    count_is_capped = serializers.BooleanField(
        help_text="True when there are more matches than can be paged: narrow the search."
    )
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    notice = serializers.CharField(
        help_text="Set when the search named a profession that is not a doctor's "
        "(e.g. « kiné »): where to look instead, in French. Empty otherwise."
    )
    results = PublicEntrySerializer(many=True)


class DirectoryQuerySerializer(serializers.Serializer[dict[str, Any]]):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"La recherche est trop longue : {MAX_QUERY_LENGTH} caractères au plus."
        },
    )
    specialite = serializers.CharField(required=False, allow_blank=True, max_length=150)
    departement = serializers.CharField(required=False, allow_blank=True, max_length=3)
    page = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": "Le numéro de page doit être un nombre entier.",
            "min_value": "Le numéro de page commence à 1.",
            "max_value": (
                f"Seules les {MAX_PAGE} premières pages de résultats sont consultables : "
                "précisez la recherche."
            ),
        },
    )

    def validate_departement(self, value: str) -> str:
        value = value.strip().upper()
        if value and value not in DEPARTMENT_CODES:
            raise serializers.ValidationError(
                "Département inconnu : indiquez son code, par exemple 33, 2A ou 971."
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if parse_query(attrs.get("q", "")).is_empty and not (
            attrs.get("specialite", "").strip() or attrs.get("departement")
        ):
            raise serializers.ValidationError(
                {
                    "q": "Indiquez un nom (deux lettres au moins), une spécialité, une ville, "
                    "un code postal, un numéro RPPS ou un département."
                }
            )
        return attrs


class DirectorySearchAPIView(APIView):
    permission_classes = [AllowAny]
    # The directory's own limiter answers in French and counts page and API together.
    throttle_classes: list[type] = []

    @extend_schema(
        operation_id="directory_search",
        summary="Search the public directory of doctors",
        description=(
            "Anonymous access allowed. Every word of `q` must match: a name, specialty or town "
            "(accents and case ignored, word starts allowed), a postcode or département code, "
            "or an RPPS number. Sorted by relevance (exact last name, then last names starting "
            f"with a word), then by name. {PAGE_SIZE} results a page, {MAX_PAGE} pages at most. "
            "Only public fields are returned. Rate-limited per client address: 429 with "
            "Retry-After."
        ),
        parameters=[
            OpenApiParameter("q", str, description="Name, specialty, town, postcode or RPPS."),
            OpenApiParameter("specialite", str, description="Exact specialty, e.g. Pédiatrie."),
            OpenApiParameter("departement", str, description="Département code, e.g. 33, 2A."),
            OpenApiParameter("page", int, description=f"1 to {MAX_PAGE}."),
        ],
        responses={
            200: DirectoryPageSerializer,
            400: OpenApiResponse(description="Invalid or missing criteria (French messages)."),
            429: OpenApiResponse(description="Too many searches; see the Retry-After header."),
        },
        tags=["directory"],
    )
    def get(self, request: Request) -> Response:
        if refused := directory_rate_limit(request):
            return refused_api(refused, rate_limited_message(refused))
        query = DirectoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        results = directory_search(
            text=data.get("q", ""),
            specialty=data.get("specialite", "").strip(),
            department=data.get("departement", ""),
            page=data.get("page") or 1,
        )
        return Response(
            DirectoryPageSerializer(
                {
                    "count": results.total,
                    "count_is_capped": results.total_is_capped,
                    "page": results.number,
                    "pages": results.num_pages,
                    "page_size": PAGE_SIZE,
                    "notice": results.notice,
                    "results": results.entries,
                }
            ).data
        )
