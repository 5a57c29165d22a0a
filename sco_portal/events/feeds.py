from sco_portal.core.feeds import PortalAtomFeed, SectionFeed


class EventFeed(SectionFeed):
    section = "event"


class EventAtomFeed(EventFeed):
    feed_type = PortalAtomFeed
