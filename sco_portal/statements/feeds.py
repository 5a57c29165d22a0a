from sco_portal.core.feeds import PortalAtomFeed, SectionFeed


class StatementFeed(SectionFeed):
    section = "statement"


class StatementAtomFeed(StatementFeed):
    feed_type = PortalAtomFeed
