"""Atom feed of a search: /angebote/feed/?<the search page's query string>."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import searches

FEED_ITEMS = 30


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        return searches.parse_query(request.GET.urlencode())

    def title(self, params):
        return searches.title(params)

    def subtitle(self, params):
        return _("Die neuesten passenden Angebote im Bildungsportal, neueste zuerst.")

    def link(self, params):
        return searches.search_url(params)

    def feed_url(self, params):
        return searches.feed_url(params)

    def items(self, params):
        return searches.newest(params, FEED_ITEMS)

    def item_title(self, offering):
        return offering.title

    def item_description(self, offering):
        return offering.summary or offering.description[:500]

    def item_author_name(self, offering):
        return offering.provider.name

    def item_pubdate(self, offering):
        return offering.created_at

    def item_updateddate(self, offering):
        return offering.updated_at
