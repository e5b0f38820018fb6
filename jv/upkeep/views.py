"""Public pages: "Wat is er nieuw" (/nieuw/), its Atom feed, and the panel on theme pages."""

from __future__ import annotations

from django import forms
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jv.upkeep.changes import visible_entries, visible_themes

PAGE_SIZE = 20
FEED_SIZE = 50


class NewsFilterForm(forms.Form):
    thema = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = themes or {}
        self.fields["thema"].choices = [("", _("All themes"))] + [(t.slug, t.title) for t in self.themes.values()]

    def theme(self):
        slug = self.cleaned_data.get("thema") if self.is_bound and self.is_valid() else None
        if not slug:
            return None
        return next((t for t in self.themes.values() if t.slug == slug), None)


def news(request):
    themes = visible_themes(request.user)
    form = NewsFilterForm(request.GET or None, themes=themes)
    valid = not form.is_bound or form.is_valid()
    theme = form.theme() if valid else None
    items = visible_entries(request.user, theme=theme, themes=themes) if valid else []
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = f"?thema={theme.slug}" if theme else ""
    return render(
        request,
        "upkeep/news.html",
        {
            "form": form,
            "theme": theme,
            "page_obj": page,
            "items": page.object_list,
            "item_count": len(items),
            "feed_url": f"/nieuw/feed.atom{query}",
            "filter_query": f"thema={theme.slug}&" if theme else "",
        },
        status=200 if valid else 400,
    )


class NewsFeed(Feed):
    """Atom feed of "Wat is er nieuw"; ``?thema=<slug>`` for one theme. Same visibility as the page."""

    feed_type = Atom1Feed

    def get_object(self, request):
        themes = visible_themes(request.user)
        slug = request.GET.get("thema", "")
        theme = None
        if slug:
            theme = next((t for t in themes.values() if t.slug == slug), None)
            if theme is None:
                raise Http404(gettext("Unknown theme."))
        return {"user": request.user, "theme": theme, "themes": themes}

    def title(self, obj):
        from django.conf import settings

        if obj["theme"]:
            return gettext("What is new: %(theme)s · %(site)s") % {
                "theme": obj["theme"].title,
                "site": settings.WAGTAIL_SITE_NAME,
            }
        return gettext("What is new · %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}

    def subtitle(self, obj):
        return gettext("Added and updated items of the knowledge base, with a short note from the editors.")

    def link(self, obj):
        return f"/nieuw/?thema={obj['theme'].slug}" if obj["theme"] else "/nieuw/"

    def feed_url(self, obj):
        return f"/nieuw/feed.atom?thema={obj['theme'].slug}" if obj["theme"] else "/nieuw/feed.atom"

    def feed_guid(self, obj):
        return None

    def items(self, obj):
        return visible_entries(obj["user"], theme=obj["theme"], limit=FEED_SIZE, themes=obj["themes"])

    def item_title(self, item):
        return f"{item.entry.get_kind_display()}: {item.title}"

    def item_description(self, item):
        return item.entry.display_note

    def item_link(self, item):
        return item.url or "/nieuw/"

    def item_guid(self, item):
        from urllib.parse import urlsplit

        from django.conf import settings

        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},{item.entry.created_at:%Y-%m-%d}:nieuw/{item.entry.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.entry.created_at

    def item_updateddate(self, item):
        return item.entry.created_at

    def item_categories(self, item):
        return [item.label] + [t.title for t in item.themes]


news_feed = NewsFeed()


def render_theme_news_panel(request, theme) -> str:
    """Latest changes in this theme, on the theme page (extension point of jv.core.panels)."""
    items = visible_entries(request.user, theme=theme, limit=3)
    return render_to_string("upkeep/theme_panel.html", {"items": items, "theme": theme}, request=request)
