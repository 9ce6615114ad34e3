import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

application = get_wsgi_application()

if os.environ.get("PORTAL_WARM_UP", "1") == "1":
    from portal.warmup import warm

    warm()
