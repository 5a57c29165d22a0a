from django.urls import path

from sco_portal.centers import views

app_name = "centers"

urlpatterns = [
    path("", views.CenterListView.as_view(), name="list"),
    path("<slug:slug>/", views.CenterDetailView.as_view(), name="detail"),
]
