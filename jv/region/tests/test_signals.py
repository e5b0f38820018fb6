"""Signalen: trend notes on the theme page, in their own list, and in "Wat is er nieuw"."""

import pytest
from django.utils import timezone

from jv.core.visibility import Visibility
from jv.dossier.models import ThemePage
from jv.region.models import Signal
from jv.region.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def weapons():
    return ThemePage.objects.get(slug="wapens-en-jongeren")


def test_theme_page_shows_public_signals_and_hides_members_only_ones_from_visitors(anon_client, member_client, weapons):
    SignalFactory(title="Nieuw soort vuurwerkbom", themes=[weapons])
    SignalFactory(title="Ledensignaal ronselen", themes=[weapons], visibility=Visibility.MEMBERS)
    anon = anon_client.get(weapons.url).content.decode()
    assert "Nieuw soort vuurwerkbom" in anon and "Ledensignaal ronselen" not in anon
    member = member_client.get(weapons.url).content.decode()
    assert "Nieuw soort vuurwerkbom" in member and "Ledensignaal ronselen" in member


def test_theme_without_signals_shows_no_empty_panel(anon_client):
    theme = ThemePage.objects.get(slug="lvb")
    assert "Signalen: wat partners nu opmerken" not in anon_client.get(theme.url).content.decode()


def test_signal_pages_name_source_and_date(anon_client, weapons):
    signal = SignalFactory(title="Messen in schooltassen", source="Netwerkbijeenkomst", themes=[weapons])
    listing = anon_client.get("/signalen/").content.decode()
    assert "Messen in schooltassen" in listing
    detail = anon_client.get(signal.get_url())
    body = detail.content.decode()
    assert detail.status_code == 200 and "Netwerkbijeenkomst" in body
    assert f'datetime="{signal.observed_on:%Y-%m-%d}"' in body


def test_members_only_signal_is_404_for_visitors_and_not_in_sitemap(anon_client, member_client, weapons):
    signal = SignalFactory(title="Alleen leden", themes=[weapons], visibility=Visibility.MEMBERS)
    assert anon_client.get(signal.get_url()).status_code == 404
    assert member_client.get(signal.get_url()).status_code == 200
    assert signal.get_url() not in anon_client.get("/sitemap.xml").content.decode()


def test_publishing_a_signal_puts_it_in_wat_is_er_nieuw_and_its_feed(anon_client, member_client, weapons):
    public = Signal(
        title="Ronselen via gameplatforms",
        slug="ronselen-via-gameplatforms",
        text="Partners zien ronselen via chats in games.",
        observed_on=timezone.localdate(),
        source="Jongerenwerk",
        change_note="Nieuw signaal over ronselen",
    )
    public.save()
    public.themes.set([weapons])
    public.save_revision().publish()
    hidden = Signal(
        title="Vertrouwelijk signaal",
        slug="vertrouwelijk-signaal",
        text="Alleen voor leden.",
        observed_on=public.observed_on,
        source="Politie",
        visibility=Visibility.MEMBERS,
    )
    hidden.save()
    hidden.themes.set([weapons])
    hidden.save_revision().publish()
    news = anon_client.get("/nieuw/").content.decode()
    assert "Ronselen via gameplatforms" in news and "Vertrouwelijk signaal" not in news
    feed = anon_client.get("/nieuw/feed.atom").content.decode()
    assert "Ronselen via gameplatforms" in feed and "Vertrouwelijk signaal" not in feed
    assert "Vertrouwelijk signaal" in member_client.get("/nieuw/").content.decode()


def test_signal_with_reserved_slug_is_refused():
    from django.core.exceptions import ValidationError

    signal = SignalFactory.build(slug="feed")
    with pytest.raises(ValidationError):
        signal.clean()
