from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from roll.models import Doctor


class RollEntrySerializer(serializers.ModelSerializer[Doctor]):
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
            "street",
            "postcode",
            "city",
        ]


class MeSerializer(serializers.Serializer[object]):
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    is_staff = serializers.BooleanField()
    doctor = RollEntrySerializer(allow_null=True)


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="The logged-in user and their roll entry")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
