from django.urls import path

from sco_portal.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<slug:slug>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
]
