from sco_portal.core.feeds import PortalAtomFeed, SectionFeed


class CenterFeed(SectionFeed):
    section = "center"


class CenterAtomFeed(CenterFeed):
    feed_type = PortalAtomFeed
