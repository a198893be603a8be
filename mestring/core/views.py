from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    """200 when the database answers, 503 when it does not (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "feil", "database": "utilgjengelig"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def accessibility(request):
    return render(request, "core/accessibility.html", {"contact": settings.ACCESSIBILITY_CONTACT})


def nul_in_address(request, *args, **kwargs):
    """An address with a NUL character: no page has one, and PostgreSQL cannot compare it."""
    message = _("Adressen har et NUL-tegn, som ikke er lov.")
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
