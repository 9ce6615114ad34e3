"""Public API of the guides: the published guides, and the assistant's answers."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from guides import selectors
from guides.assistant import QuestionError, ask
from portal.ratelimit import client_ip, hit, refused_api


class AssistantResultSerializer(serializers.Serializer[Any]):
    guide = serializers.CharField(help_text="Slug of the guide.")
    sheet = serializers.CharField(help_text="Slug of the sheet within its guide.")
    title = serializers.CharField(help_text="Title of the sheet.")
    url = serializers.CharField(help_text="Path to the section of the sheet that answers best.")
    excerpt = serializers.CharField(help_text="The passage of that section that matches best.")
    score = serializers.FloatField(help_text="Relevance; only comparable within one answer.")


class AssistantAnswerSerializer(serializers.Serializer[Any]):
    answered = serializers.BooleanField(
        help_text="False when no sheet answers well enough: then results is empty."
    )
    results = AssistantResultSerializer(many=True, help_text="At most 3, best first.")


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class SheetSummarySerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.CharField()
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class GuideSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    audiences = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()
    sheets = SheetSummarySerializer(many=True)


class AssistantView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="assistant_answer",
        summary="Ask the guides assistant a question in French",
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description="The question (1 to 1,000 characters)."
            )
        ],
        responses={
            200: AssistantAnswerSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Empty or too long question."),
            429: OpenApiResponse(ErrorSerializer, description="Too many questions: wait."),
        },
    )
    def get(self, request: Request) -> Response:
        limit = hit(f"assistant:ip:{client_ip(request)}", settings.GUIDES_ASSISTANT_RATE)
        if not limit.allowed:
            return refused_api(
                limit, "Trop de questions en peu de temps : réessayez dans un instant."
            )
        try:
            answer = ask(request.query_params.get("q"))
        except QuestionError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        payload = {
            "answered": answer.answered,
            "results": [
                {
                    "guide": item.guide,
                    "sheet": item.sheet,
                    "title": item.title,
                    "url": item.url,
                    "excerpt": item.excerpt,
                    "score": item.score,
                }
                for item in answer.results
            ],
        }
        return Response(AssistantAnswerSerializer(payload).data)


class GuideListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="guides_list",
        summary="The published guides and their published sheets",
        responses={200: GuideSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        payload = [
            {
                "slug": guide.slug,
                "title": guide.title,
                "summary": guide.summary,
                "audiences": guide.audiences,
                "url": reverse("guides:guide", kwargs={"guide": guide.slug}),
                "sheets": [
                    {
                        "slug": sheet.slug,
                        "title": sheet.title,
                        "summary": sheet.summary,
                        "url": reverse(
                            "guides:sheet", kwargs={"guide": guide.slug, "sheet": sheet.slug}
                        ),
                        "published_at": sheet.published_at,
                        "updated_at": sheet.updated_at,
                    }
                    for sheet in guide.public_sheets  # type: ignore[attr-defined]
                ],
            }
            for guide in selectors.guide_list_public()
        ]
        return Response(GuideSerializer(payload, many=True).data)
