"""The WSGI application: what the production command `gunicorn mestring.wsgi` serves.

A server started through this module is a production server: unless DEBUG is set
explicitly, it runs with DEBUG off (and so needs a real SECRET_KEY), so Django's debug page
never shows. `mestring runserver` and the tests load the settings themselves and keep the
development default.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestring.settings")
if not settings.configured:
    os.environ.setdefault("DEBUG", "false")
application = get_wsgi_application()
