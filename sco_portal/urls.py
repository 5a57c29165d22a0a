from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path

from sco_portal.core.views import HomeView

urlpatterns = [
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    prefix_default_language=False,
)
