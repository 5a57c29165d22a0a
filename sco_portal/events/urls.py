from django.urls import path

from sco_portal.core.former_addresses import follows_former_slug
from sco_portal.events import calendar, views
from sco_portal.events.models import Event

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("calendar.ics", calendar.events_calendar, name="calendar"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", follows_former_slug(Event)(calendar.event_calendar), name="event_ics"),
]
