"""The page shown when django-axes has locked the admin sign-in (settings.AXES_LOCKOUT_CALLABLE)."""

from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    context = {
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "username": get_client_username(request, credentials) or "",
    }
    return render(request, "axes/lockout.html", context, status=429)
