from django.urls import path

from sco_portal.statements import views

app_name = "statements"

urlpatterns = [
    path("", views.StatementListView.as_view(), name="list"),
    path("<slug:slug>/", views.StatementDetailView.as_view(), name="detail"),
]
