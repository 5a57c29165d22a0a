"""Staff-only preview: a draft or scheduled item exactly as the public will see it, with a banner.

The preview reuses each section's public detail view with `preview=True`, so it can never
drift from the real page. It is never cached and never indexed.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.decorators.cache import never_cache

from sco_portal.centers.views import CenterDetailView
from sco_portal.events.views import EventDetailView
from sco_portal.statements.views import StatementDetailView

DETAIL_VIEWS = {"events": EventDetailView, "centers": CenterDetailView, "statements": StatementDetailView}


@never_cache
@staff_member_required
def preview(request, section, pk):
    view_class = DETAIL_VIEWS.get(section)
    if view_class is None:
        raise Http404("No such section.")
    opts = view_class.model._meta
    if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        raise PermissionDenied
    response = view_class.as_view(preview=True)(request, pk=pk)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
