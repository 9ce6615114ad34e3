from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, URLResolver, path

from legal import views
from legal.sitemaps import SITEMAPS

app_name = "legal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("mentions-legales/", views.mentions, name="mentions"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("plan-du-site/", views.site_map, name="site_map"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
