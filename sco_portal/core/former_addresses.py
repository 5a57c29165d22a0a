"""Former addresses: a slug that changed keeps answering, with a permanent redirect to where it lives now.

Items, topics and countries remember their former slugs (`core.models.SlugRedirect`, recorded by
`KeepsFormerSlugs.save`). Their pages, feeds and calendars follow them (`follows_former_slug`), and so do the
filters of lists, the timeline, feeds and calendars (`moved_filters`): a subscriber to
`/feeds/events.rss?topic=energy` keeps their feed when the topic becomes `energy-cooperation`.
"""

import functools

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse


def _filter_models():
    from sco_portal.taxonomy.models import Country, Topic

    return {"topic": Topic, "country": Country}


def moved_filters(request):
    """A permanent redirect to the same address with its topic and country filters at their current slugs, or
    None when none of them is a former slug. Called only where the filters did not validate, so a valid
    address costs nothing."""
    from sco_portal.core.models import SlugRedirect

    moved = SlugRedirect.moved_query(request.GET, _filter_models())
    return redirect(f"{request.path}?{moved.urlencode()}", permanent=True) if moved is not None else None


def follows_former_slug(model):
    """A view of `model` found by its slug: where it answers 404 (or 400, as a feed does for a topic it does not
    know) for a slug the item had before, answer 301 to the same view at its current slug, query kept."""
    from sco_portal.core.models import SlugRedirect

    def decorate(view):
        @functools.wraps(view)
        def view_following_former_slugs(request, *args, slug, **kwargs):
            try:
                response = view(request, *args, slug=slug, **kwargs)
            except Http404:
                response = None
            if response is None or response.status_code in (400, 404):
                moved = SlugRedirect.moved(model, slug)
                if moved is not None:
                    match = request.resolver_match
                    url = reverse(match.view_name, args=args, kwargs={**kwargs, "slug": moved.slug})
                    query = request.META.get("QUERY_STRING", "")
                    return redirect(f"{url}?{query}" if query else url, permanent=True)
            if response is None:
                raise Http404
            return response

        # A feed is an instance whose class is CSRF-exempt; wraps() copies only the instance's attributes.
        view_following_former_slugs.csrf_exempt = getattr(view, "csrf_exempt", False)
        return view_following_former_slugs

    return decorate
