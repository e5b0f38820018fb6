"""Browser tests: journeys, axe-core (WCAG 2.1 AA) on every page type, reflow, focus, skip link.

Debian's Chromium through Playwright, against a live server on the test database. Marked ``browser``:
`make test` runs them; `make test-fast` leaves them out. Without Chromium or axe-core they
fail in CI (CI=true) and are skipped elsewhere, with the reason.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from jv.quality import browser as tools
from jv.quality import pages

# The fixtures (chromium, site, new_page) live in jv/quality/fixtures.py. Every test runs in its
# own transaction, which the live server shares; the marker says so up front, so the test database
# is set up even when a test that asks for its fixtures at run time runs alone.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]
MEMBER_PASSWORD = "Voorbeeld-wachtwoord-42"
CONVENANT = "Voorbeeldconvenant Nissewaard"


@pytest.fixture
def member(db):
    from jv.accounts.tests.factories import MemberFactory

    return MemberFactory(username="browserlid")


def test_every_page_type_passes_axe_and_reflows_at_320_px(new_page, site, member):
    """axe-core WCAG 2.0/2.1 A+AA: zero violations; at 320 CSS px (400% zoom) no horizontal scroll."""
    probe, member_probe = Client(), Client()
    member_probe.force_login(member)

    def answers_html(entry) -> bool:
        response = (member_probe if entry.member else probe).get(entry.path)
        return response.get("Content-Type", "").startswith("text/html") and response.status_code != 405

    found = [page for page in pages.all_pages() if page.html and answers_html(page)]
    assert len(found) >= 10
    anonymous, watch_anonymous = new_page()
    signed_in, watch_member = new_page(member=member)
    violations, overflow, checked = [], [], []
    for entry in found:
        page = signed_in if entry.member else anonymous
        response = page.goto(site.url + entry.path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        checked.append(entry.path)
        page.set_viewport_size({"width": 1280, "height": 900})
        for violation in tools.run_axe(page):
            violations.append(
                f"{entry.name} {entry.path}: {violation['id']} ({violation['impact']}) {violation['help']} {violation['nodes']}"
            )
        page.set_viewport_size({"width": 320, "height": 640})
        extra = tools.horizontal_overflow(page)
        if extra > 0:
            overflow.append(f"{entry.path}: {extra}px too wide at 320px")
    assert len(checked) >= 10, checked
    assert not violations, "\n".join(violations)
    assert not overflow, overflow
    assert not watch_anonymous.problems + watch_member.problems


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(new_page, site):
    page, watch = new_page()
    for path in ("/", "/bronnen/"):
        page.goto(site.url + path)
        page.keyboard.press("Tab")
        focused = tools.focus_indicator(page)
        assert "skip-link" in focused["cls"], focused
        box = page.locator(".skip-link").bounding_box()
        assert box and box["y"] >= 0 and box["height"] > 0, "the skip link is visible when focused"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"
        assert urlsplit(page.url).fragment == "main"
    assert not watch.problems


def test_keyboard_focus_is_always_visible(new_page, site):
    page, watch = new_page()
    seen = 0
    for path in ("/", "/bronnen/", "/inloggen/"):
        page.goto(site.url + path)
        for _ in range(25):
            page.keyboard.press("Tab")
            focused = tools.focus_indicator(page)
            if focused["tag"] == "body":
                break
            seen += 1
            visible = (focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2) or focused[
                "boxShadow"
            ] != "none"
            assert visible, (path, focused)
    assert seen >= 20
    assert not watch.problems


def test_journey_read_a_theme(new_page, site):
    from jv.dossier.models import ThemePage

    page, watch = new_page()
    page.goto(site.url + "/")
    page.click("nav.site-nav a[href='/themas/']")
    page.wait_for_url(re.compile(r"/themas/$"))
    theme = ThemePage.objects.live().get(slug="wapens-en-jongeren")
    page.click(f"a[href='{theme.url}']")
    page.wait_for_url(re.compile(re.escape(theme.url) + "$"))
    assert page.locator("h1").inner_text() == theme.title
    assert page.locator("nav.site-nav a[aria-current]").get_attribute("href") == "/themas/"
    assert page.locator("#aanbod-var").is_visible() and page.locator("#aanbod-landelijk").is_visible()
    # the table of contents jumps to a section
    page.click("nav.toc a[href='#aanbod-landelijk']")
    assert urlsplit(page.url).fragment == "aanbod-landelijk"
    # and the breadcrumb leads back
    page.click("nav.breadcrumbs a[href='/themas/']")
    page.wait_for_url(re.compile(r"/themas/$"))
    assert not watch.problems


def test_journey_search(new_page, site):
    page, watch = new_page()
    page.goto(site.url + "/zoeken/")
    field = page.locator("main input[type='search'], main input[name='q']").first
    field.fill("wapens")
    field.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=wapens"))
    status = page.locator("[role='status']").first.inner_text().strip()
    assert re.search(r"\d+ resulta", status), status
    titles = page.locator("ol.result-list .result__title a")
    assert titles.count() > 0
    assert "Wapens en jongeren" in titles.all_inner_texts()[:3]
    assert page.locator("main mark").count() > 0  # the matching words are highlighted
    assert tools.run_axe(page) == []
    assert not watch.problems


def test_journey_filter_resources_with_errors_that_stay_until_fixed(new_page, site):
    from django.contrib.auth.models import AnonymousUser

    from jv.core.visibility import visible
    from jv.dossier.models import Resource

    websites = visible(Resource.objects.filter(kind="website"), AnonymousUser()).count()
    page, watch = new_page()
    # an invalid filter in the URL: announced error summary, status 400
    response = page.goto(site.url + "/bronnen/?kind=onbekend")
    assert response.status == 400
    summary = page.locator(".error-summary[role='alert']")
    assert summary.is_visible()
    # choosing a value does not make the message disappear before the form is sent again
    page.select_option("#id_kind", "website")
    assert summary.is_visible()
    page.click("form.filters button[type='submit']")
    page.wait_for_url(re.compile(r"kind=website"))
    assert page.locator(".error-summary").count() == 0
    status = page.locator("[role='status'].result-count").inner_text()
    assert str(websites) in status
    assert page.locator(".resource-list > li").count() == websites
    assert tools.run_axe(page) == []
    assert not watch.problems


def test_journey_sign_in_and_see_members_only_items(new_page, site, member):
    page, watch = new_page()
    theme_url = "/themas/rivaliserende-jeugdgroepen/"
    page.goto(site.url + theme_url)
    assert CONVENANT not in page.content()
    page.click("main a[href^='/inloggen/']")
    page.wait_for_url(re.compile(r"/inloggen/"))
    # a wrong password: the error is announced and stays while the visitor corrects it
    page.fill("#id_username", member.username)
    page.fill("#id_password", "niet-het-wachtwoord")
    page.click("main form button[type='submit']")
    summary = page.locator(".error-summary[role='alert']")
    assert summary.is_visible()
    assert tools.run_axe(page) == []
    page.fill("#id_password", MEMBER_PASSWORD)
    assert summary.is_visible()
    page.click("main form button[type='submit']")
    page.wait_for_url(re.compile(re.escape(theme_url) + "$"))
    assert CONVENANT in page.content()
    header = page.locator(".site-header__account").inner_text()
    assert member.username in header and "tot" in header
    assert not watch.problems


def test_member_is_warned_before_the_session_ends(new_page, site, member, settings):
    settings.SESSION_COOKIE_AGE = 330  # ends 5.5 minutes after signing in; warning at 5 minutes
    page, watch = new_page()
    page.clock.install()
    page.goto(site.url + "/inloggen/")
    page.fill("#id_username", member.username)
    page.fill("#id_password", MEMBER_PASSWORD)
    page.click("main form button[type='submit']")
    page.wait_for_url(site.url + "/")
    region = page.locator("#session-warning[role='alert']")
    assert region.inner_text().strip() == ""
    page.clock.run_for(45_000)
    assert "verloopt over" in region.inner_text()
    assert region.is_visible()
    page.clock.run_for(300_000)
    assert "verlopen" in region.inner_text()
    assert region.locator("a[href^='/inloggen/']").count() == 1
    assert not watch.problems


def test_lockout_page_after_five_wrong_passwords_is_accessible(new_page, site, member, login_protection):
    page, watch = new_page()
    for _ in range(6):
        page.goto(site.url + "/inloggen/")
        page.fill("#id_username", member.username)
        page.fill("#id_password", "fout")
        page.click("main form button[type='submit']")
    assert "tijdelijk geblokkeerd" in page.locator("h1").inner_text()
    assert tools.run_axe(page) == []
    assert not watch.problems


@pytest.mark.parametrize("prefix", ["/interventies/", "/routekaarten/", "/monitor/", "/netwerk/", "/agenda/"])
def test_journey_module_overview_and_first_item(new_page, site, prefix):
    """Open a module's overview and its first item: both pass axe, no CSP or script errors.

    (The guide walk-through and the monitor have their own journeys below.)
    """
    page, watch = new_page()
    response = page.goto(site.url + prefix)
    assert response.status == 200
    assert tools.run_axe(page) == []
    links = page.locator(f"main a[href^='{prefix}']:not([href='{prefix}'])")
    if links.count():
        links.first.click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        assert tools.run_axe(page) == []
    assert not watch.problems


GUIDE_TITLE = "Zorgwekkend online bericht"
# The route through the starter guide (content/guides/zorgwekkend-online-bericht.yaml):
# question -> the answer chosen, and the end step it leads to.
GUIDE_ROUTE = [
    ("Is iemands leven of veiligheid op dit moment in gevaar?", "Nee, niet op dit moment"),
    ("Lijkt het bericht op een strafbaar feit?", "Weet ik niet"),
    ("Welke rol heeft de jongere die je kent?", "Slachtoffer"),
]
GUIDE_END = "Mogelijk strafbaar, jongere is slachtoffer"
GUIDE_END_ACTIONS = [
    "Leg het bericht vast",
    "Stuur het bericht niet door",
    "Meld het bij de politie via 0900-8844",
    "Praat met de jongere over wat er gebeurt",
    "Informeer de contactpersoon van de gemeente voor de groepsaanpak",
]
GUIDE_END_PARTNERS = [
    "Politie",
    "Meld Misdaad Anoniem",
    "Jongerenwerk",
    "School (mentor of zorgcoördinator)",
    "Gemeente (contactpersoon groepsaanpak)",
]


def tab_to(page, text: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text is ``text`` (a keyboard user's way there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => (document.activeElement.textContent || '').trim()") == text:
            return
    raise AssertionError(f"{text!r} is not reachable with Tab")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_journey_walk_a_guide_to_its_end(new_page, site, javascript):
    """From the menu to a starter guide's end step, answering by mouse and by keyboard: the
    actions and partners of that end, the printable summary of the same route, axe clean. The
    guide is plain links and a GET form, so the walk is the same with scripts off."""
    page, watch = new_page(javascript=javascript)
    page.goto(site.url + "/")
    page.click("nav.site-nav a[href='/routekaarten/']")
    page.wait_for_url(re.compile(r"/routekaarten/$"))
    # the filter form narrows the list to the question-and-answer guides
    page.select_option("#id_soort", "routekaart")
    page.click("form.filters button[type='submit']")
    page.wait_for_url(re.compile(r"soort=routekaart"))
    titles = page.locator(".guide-card__title a").all_inner_texts()
    assert GUIDE_TITLE in titles
    assert page.locator("[role='status'].result-count").inner_text().startswith(str(len(titles)))
    page.click(f".guide-card__title a:text-is('{GUIDE_TITLE}')")
    page.wait_for_url(re.compile(r"/routekaarten/zorgwekkend-online-bericht/$"))
    assert page.locator("h1").inner_text() == GUIDE_TITLE
    page.click("a.guide-start")
    page.wait_for_url(re.compile(r"\?stap=acuut-gevaar$"))

    for number, (question, answer) in enumerate(GUIDE_ROUTE):
        assert page.locator("h2#vraag").inner_text() == question
        if number == 1:  # one answer by keyboard: Tab to the option, Enter
            tab_to(page, answer)
            with page.expect_navigation():
                page.keyboard.press("Enter")
        else:
            with page.expect_navigation():
                page.click(f"a.guide-option:text-is('{answer}')")
        # the answers so far are listed, each with a link to change it
        assert page.locator(".guide-answers li strong").all_inner_texts() == [a for _, a in GUIDE_ROUTE[: number + 1]]

    assert page.locator("article.guide-step--end").count() == 1
    assert page.locator("h1").inner_text().startswith(GUIDE_END)
    assert page.locator(".guide-options").count() == 0
    actions = page.locator("section[aria-labelledby='acties'] .guide-action__text").all_inner_texts()
    for expected in GUIDE_END_ACTIONS:
        assert any(text.startswith(expected) for text in actions), (expected, actions)
    assert len(actions) == len(set(actions)), "an action met on the way is listed once"
    partners = page.locator("section[aria-labelledby='partners'] .guide-partner__name").all_inner_texts()
    assert partners == GUIDE_END_PARTNERS
    assert page.locator("a.guide-call[href='tel:09008844']").count() >= 1  # "Bel 0900-8844"
    if javascript:
        assert tools.run_axe(page) == []

    # the printable action summary of exactly this route
    end_url = page.url
    page.click("a.button:text-is('Actieoverzicht afdrukken')")
    page.wait_for_url(re.compile(r"/routekaarten/zorgwekkend-online-bericht/samenvatting/\?"))
    summary = page.locator("article.summary")
    assert summary.locator("h1").inner_text() == GUIDE_TITLE
    assert [li.split("?")[-1].strip() for li in summary.locator("ol li").all_inner_texts()] == [
        a for _, a in GUIDE_ROUTE
    ]
    assert GUIDE_END in summary.inner_text()
    summary_text = summary.inner_text()
    for expected in GUIDE_END_ACTIONS + GUIDE_END_PARTNERS:
        assert expected in summary_text, expected
    # the print button is an enhancement: shown only when scripts run
    assert page.locator("button.js-print").is_visible() is javascript
    pdf = page.request.get(urljoin(page.url, page.locator("a[href*='samenvatting.pdf']").get_attribute("href")))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    if javascript:
        assert tools.run_axe(page) == []
    page.click("a:text-is('Terug naar de routekaart')")
    page.wait_for_url(end_url)
    assert page.locator("h1").inner_text().startswith(GUIDE_END)
    assert not watch.problems


def test_journey_open_the_monitor(new_page, site):
    """Choose a gemeente and an indicator in the monitor's form: the trend table compares the
    gemeente with its district and the region, the source and latest half-year are shown, the
    CSV download of that choice answers, and the page passes axe."""
    import csv
    import io

    from jv.monitor.models import Indicator

    halt = Indicator.objects.get(code="halt")
    page, watch = new_page()
    page.goto(site.url + "/")
    page.click("nav.site-nav a[href='/monitor/']")
    page.wait_for_url(re.compile(r"/monitor/$"))
    # without a choice the region is shown
    assert "Regio Rotterdam (VAR)" in page.locator("#current-heading").inner_text()
    page.select_option("#id_gebied", label="Nissewaard")
    page.select_option("#id_indicator", label=halt.name)
    page.click("form.monitor-form button[type='submit']")
    page.wait_for_url(re.compile(r"gebied=GM1930&indicator=halt"))
    assert page.locator("#current-heading").inner_text() == f"{halt.name} · Nissewaard"
    # the chosen values stay selected in the form
    assert page.locator("#id_gebied").input_value() == "GM1930"
    # the gemeente beside its district and the region, in the cards and in the trend table
    cards = page.locator(".trend-card__title").all_inner_texts()
    assert [c.rsplit(" (", 1)[0] for c in cards] == ["Nissewaard", "Rijnmond-Zuid-West", "Regio Rotterdam (VAR)"]
    table = page.locator("table:has(caption#trend-caption)")
    assert table.locator("caption").inner_text().startswith(f"{halt.name} per halfjaar")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[0] == "Halfjaar"
    assert [h for h in headers if "per 1.000" not in h][1:] == [
        "Nissewaard",
        "Rijnmond-Zuid-West",
        "Regio Rotterdam (VAR)",
    ]
    rows = table.locator("tbody tr")
    assert rows.count() == 14  # demo series 2019-H1 .. 2025-H2
    assert rows.first.locator("th").inner_text() == "2025-H2"  # newest first
    assert all(cell.strip() for cell in rows.first.locator("td").all_inner_texts())
    # the chart beside it
    assert page.locator("figure.chart-figure svg[role='img']").count() >= 1
    # source and date: the indicator's source, the latest half-year, national figures with source and year
    facts = page.locator("dl.facts").inner_text()
    assert halt.source in facts
    assert "2e halfjaar 2025" in page.locator("#current-heading + [role='status']").inner_text()
    context_sources = page.locator("table:has(caption#context-caption) tbody td:last-child").all_inner_texts()
    assert any(text.startswith("CBS") and "2023" in text for text in context_sources)
    # demo figures are labelled as such
    assert "fictief" in page.locator("[role='status'].result-count").inner_text()
    assert tools.run_axe(page) == []

    # the CSV download of this choice
    with page.expect_download() as info:
        page.click("a.button:text-is('Cijfers als CSV')")
    download = info.value
    assert download.suggested_filename == "monitor-jeugd-GM1930-halt.csv"
    text = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["gebiedscode"] for r in rows} == {"GM1930"}
    assert {r["periode"] for r in rows} >= {"2019-H1", "2025-H2"}
    assert all(r["fictief"] == "ja" for r in rows)
    assert not watch.problems


def test_the_browser_checks_can_fail(new_page, site):
    """axe reports real violations, the watcher sees a CSP refusal, the reflow check sees overflow."""
    page, watch = new_page()
    page.goto(site.url + "/")
    page.evaluate(
        """() => {
            const img = document.createElement('img'); img.src = '/static/none.png';
            const input = document.createElement('input');
            document.querySelector('main').append(img, input);
            const script = document.createElement('script'); script.textContent = 'window.inline = 1';
            document.body.appendChild(script);
        }"""
    )
    ids = {violation["id"] for violation in tools.run_axe(page)}
    assert {"image-alt", "label"} <= ids
    page.wait_for_timeout(200)
    assert any(problem.startswith("CSP") for problem in watch.problems)
    assert page.evaluate("() => window.inline") is None
    page.set_viewport_size({"width": 320, "height": 640})
    page.evaluate(
        "() => { const d = document.createElement('div'); d.style.width = '600px'; d.textContent = 'x'; document.body.append(d); }"
    )
    assert tools.horizontal_overflow(page) > 0
    # requests are judged by origin (no request to another host is made here: none may leave the machine)
    watch.problems.clear()
    watch._request(type("Request", (), {"url": site.url + "/static/x.css"})())
    watch._request(type("Request", (), {"url": "data:image/png;base64,AAAA"})())
    assert watch.problems == []
    watch._request(type("Request", (), {"url": "https://cdn.example.com/x.js"})())
    assert watch.problems == ["request to another origin: https://cdn.example.com/x.js"]


def test_wagtail_admin_works_under_its_policy(new_page, site, editor):
    """The admin gets its own CSP (own origin, inline allowed): no refusals, no script errors,
    nothing from another origin (no Gravatar), while an editor works in it."""
    from jv.dossier.models import HomePage, Resource

    page, watch = new_page(member=editor)
    home = HomePage.objects.get()
    resource = Resource.objects.order_by("pk").first()
    for path in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/snippets/dossier/resource/edit/{resource.pk}/",
    ):
        response = page.goto(site.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        policy = response.headers["content-security-policy"]
        assert "'unsafe-inline'" in policy and "default-src 'self'" in policy
    # the page editor's rich-text fields (Draftail) rendered: its scripts ran
    page.goto(site.url + f"/admin/pages/{home.pk}/edit/")
    page.wait_for_selector(".Draftail-Editor", timeout=15_000)
    assert not watch.problems, watch.problems
