from django.urls import path

from sco_portal.events import calendar, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("calendar.ics", calendar.events_calendar, name="calendar"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", calendar.event_calendar, name="event_ics"),
]
