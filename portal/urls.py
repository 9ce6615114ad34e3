from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal import views
from portal.admin_site import secure_admin_site
from portal.health import healthz

secure_admin_site()

urlpatterns = [
    path("", views.home, name="home"),
    path("medecins/", views.hub, {"audience": "medecins"}, name="hub_medecins"),
    path("patients/", views.hub, {"audience": "patients"}, name="hub_patients"),
    path("etudiants/", views.hub, {"audience": "etudiants"}, name="hub_etudiants"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("espace/", include("accounts.urls")),
    path("compte/", include("accounts.auth_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    # Each app below declares its own full paths (e.g. "espace/cotisations/", "verifier/<code>/").
    # Django tries them in this order: the most asked first (the directory, the guides and the
    # vault, whose paths no other app's can match), so that their requests do not test about
    # a hundred patterns of the others first (a directory entry: 723 -> 696 us in-process).
    path("", include("directory.urls")),
    path("", include("guides.urls")),
    path("", include("vault.urls")),
    path("", include("cotisations.urls")),
    path("", include("exemptions.urls")),
    path("", include("appregister.urls")),
    path("", include("debits.urls")),
    path("", include("ereputation.urls")),
    path("", include("registrations.urls")),
    path("", include("roll.urls")),
    path("", include("councils.urls")),
    path("", include("contact.urls")),
    path("", include("legal.urls")),
    path("", include("privacy.urls")),
    path("", include("psc.page_urls")),
]

# The error pages (portal.errors); allauth's rate limits look up handler429 here too.
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
handler429 = "portal.errors.too_many_requests"
