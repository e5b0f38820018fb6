"""The link checker never becomes a tool against this server or its networks (SSRF).

DNS is mocked (``linkcheck.resolve``) and the only server is a local test server; no test
touches the network. Addresses that must be refused are refused before any connection.
"""

import socket

import pytest
from django.core.management import call_command
from django.test import override_settings

from jv.upkeep import linkcheck
from jv.upkeep.models import LinkStatus
from jv.upkeep.tests.factories import ResourceFactory
from jv.upkeep.tests.servers import http_server
from jv.upkeep.tests.test_linkcheck import FAST, FAST_SETTINGS, only_resource_links  # noqa: F401

Outcome = LinkStatus.Outcome


def strict_config(**overrides):
    """The production rule: no network allowed beyond the public internet."""
    return linkcheck.CheckConfig(**{**FAST, "allowed_networks": (), **overrides})


@pytest.fixture
def fake_dns(monkeypatch):
    """Names -> addresses for this test; real DNS is never asked."""
    table: dict[str, list[str]] = {}

    def resolve(host, port):
        if host in table:
            return list(table[host])
        try:  # IP literals resolve to themselves, without DNS
            import ipaddress

            return [str(ipaddress.ip_address(host.strip("[]")))]
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None

    monkeypatch.setattr(linkcheck, "resolve", resolve)
    return table


@pytest.fixture
def no_connections(monkeypatch):
    """Fail the test if the checker opens any connection at all."""
    import urllib3.util.connection

    def refuse(*args, **kwargs):
        raise AssertionError(f"the link checker connected to {args[0]!r}")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", refuse)
    monkeypatch.setattr("urllib3.connection.connection.create_connection", refuse)


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://127.8.9.10:8000/admin/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0:8000/", "onbepaald"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://10.0.0.1/", "privénetwerk"),
        ("http://172.16.5.4/", "privénetwerk"),
        ("http://192.168.1.1/beheer", "privénetwerk"),
        ("http://[fd00::1]/", "privénetwerk"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://240.0.0.1/", "gereserveerd"),
        ("http://100.64.0.1/", "openbaar"),
        ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 wrapping 127.0.0.1
    ],
)
def test_internal_addresses_are_refused_before_any_connection(url, fragment, fake_dns, no_connections):
    result = linkcheck.check_url(linkcheck.make_session(strict_config()), url, strict_config())
    assert result.outcome == Outcome.REFUSED, (url, result)
    assert fragment in result.error and result.error.startswith("Niet gecontroleerd")


def test_names_are_judged_by_every_address_they_resolve_to(fake_dns, no_connections):
    fake_dns["intranet.example"] = ["10.20.30.40"]
    fake_dns["half.example"] = ["93.184.216.34", "192.168.0.10"]  # one public, one internal
    fake_dns["localhost.example"] = ["127.0.0.1"]
    session = linkcheck.make_session(strict_config())
    for host, fragment in [("intranet.example", "10.20.30.40"), ("half.example", "192.168.0.10")]:
        result = linkcheck.check_url(session, f"https://{host}/pagina", strict_config())
        assert result.outcome == Outcome.REFUSED and fragment in result.error and host in result.error
    result = linkcheck.check_url(session, "http://localhost.example:8000/", strict_config())
    assert result.outcome == Outcome.REFUSED and "loopback" in result.error


def test_the_vetted_address_is_the_one_connected_to(fake_dns, monkeypatch):
    """DNS rebinding: a second lookup may answer differently; the connection keeps the checked address."""
    original = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "site.example":
            return original("10.9.9.9", *args, **kwargs)  # what an attacker's DNS answers later
        return original(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with http_server() as (base, rec):
        port = base.rsplit(":", 1)[1]
        fake_dns["site.example"] = ["127.0.0.1"]  # the (allowed, in this test) answer that was vetted
        config = strict_config(allowed_networks=linkcheck.parse_networks("127.0.0.1/32"))
        result = linkcheck.check_url(linkcheck.make_session(config), f"http://site.example:{port}/ok", config)
    assert result.outcome == Outcome.OK, result
    assert [p for _t, _m, p in rec.requests] == ["/ok"]


def test_every_redirect_hop_is_vetted(fake_dns):
    config = strict_config(allowed_networks=linkcheck.parse_networks(["127.0.0.1/32"]))
    fake_dns["publiek.example"] = ["127.0.0.1"]  # stands in for a public site (allowed above)
    fake_dns["intern.example"] = ["10.1.2.3"]
    with http_server() as (base, rec):
        port = base.rsplit(":", 1)[1]
        session = linkcheck.make_session(config)
        hops = {
            "intern": f"http://publiek.example:{port}/redirect?to=http://intern.example/beheer",
            "metadata": f"http://publiek.example:{port}/redirect?to=http://169.254.169.254/latest/",
            "file": f"http://publiek.example:{port}/redirect?to=file:///etc/passwd",
            "gopher": f"http://publiek.example:{port}/redirect?to=gopher://publiek.example/",
            "fine": f"http://publiek.example:{port}/redirect?to=/ok",
        }
        results = {key: linkcheck.check_url(session, url, config) for key, url in hops.items()}
    assert results["intern"].outcome == Outcome.REFUSED and "intern.example" in results["intern"].error
    assert "privénetwerk" in results["intern"].error
    assert results["metadata"].outcome == Outcome.REFUSED and "link-local" in results["metadata"].error
    assert results["file"].outcome == Outcome.REFUSED and "'file:'" in results["file"].error
    assert results["gopher"].outcome == Outcome.REFUSED and "'gopher:'" in results["gopher"].error
    assert results["fine"].outcome == Outcome.REDIRECT
    assert results["fine"].redirect_target == f"http://publiek.example:{port}/ok"
    # Only the local server was ever contacted (no request reached a refused hop).
    paths = {p.split("?")[0] for _t, _m, p in rec.requests}
    assert paths == {"/redirect", "/ok"}


def test_redirects_are_capped(fake_dns):
    config = strict_config(allowed_networks=linkcheck.parse_networks("127.0.0.1"), max_redirects=3)
    with http_server() as (base, rec):
        result = linkcheck.check_url(linkcheck.make_session(config), f"{base}/loop", config)
    assert result.outcome == Outcome.ERROR and "doorverwijzingen" in result.error
    assert len(rec.requests) == 4  # the request and three redirects, then it stops


def test_address_problem_allows_public_addresses_and_configured_networks():
    assert linkcheck.address_problem("93.184.216.34") == ""
    assert linkcheck.address_problem("2606:2800:220:1:248:1893:25c8:1946") == ""
    assert linkcheck.address_problem("10.20.0.5") != ""
    assert linkcheck.address_problem("10.20.0.5", linkcheck.parse_networks("10.20.0.0/16")) == ""
    assert linkcheck.address_problem("10.21.0.5", linkcheck.parse_networks("10.20.0.0/16")) != ""


@override_settings(**{**FAST_SETTINGS, "UPKEEP_LINK_ALLOWED_NETWORKS": []})
@pytest.mark.usefixtures("only_resource_links", "fake_dns", "no_connections")
def test_refused_links_are_recorded_with_the_reason_and_shown_to_editors(editor_client):
    resource = ResourceFactory(url="http://169.254.169.254/latest/meta-data/", title="Verdachte bron")
    call_command("check_links", verbosity=0)
    status = LinkStatus.objects.get(url="http://169.254.169.254/latest/meta-data/")
    assert status.outcome == Outcome.REFUSED and "link-local" in status.error
    dashboard = editor_client.get("/admin/onderhoud/").content.decode()
    assert "Niet gecontroleerd: intern adres" in dashboard
    assert "link-local" in dashboard and "Verdachte bron" in dashboard
    edit = editor_client.get(f"/admin/snippets/dossier/resource/edit/{resource.pk}/").content.decode()
    assert "link-local" in edit
