from django.urls import path

from sco_portal.core.former_addresses import follows_former_slug
from sco_portal.taxonomy import views
from sco_portal.taxonomy.models import Country, Topic

app_name = "taxonomy"

urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path(
        "countries/<slug:slug>/", follows_former_slug(Country)(views.CountryDetailView.as_view()), name="country_detail"
    ),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", follows_former_slug(Topic)(views.TopicDetailView.as_view()), name="topic_detail"),
]
