"""drf-spectacular's schema generator, with the views' recorded annotations applied first."""

from typing import Any

from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator

from portal.openapi import apply_annotations


class SchemaGenerator(SpectacularSchemaGenerator):
    def create_view(self, callback: Any, method: str, request: Any = None) -> Any:
        # Endpoints are enumerated first, so every API module (and its annotations) is loaded.
        apply_annotations()
        return super().create_view(callback, method, request)
