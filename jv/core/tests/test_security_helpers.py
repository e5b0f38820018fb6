from django.test import RequestFactory

from jv.core.security import client_ip, login_paths


def request(remote="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_header_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="198.51.100.9")) == "192.0.2.1"


def test_behind_one_proxy_the_address_it_saw_is_used_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # the client forged the first hop; our proxy appended the real address last
    assert client_ip(request(remote="127.0.0.1", forwarded="10.9.9.9, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(request(remote="127.0.0.1", forwarded="198.51.100.9")) == "198.51.100.9"


def test_garbage_in_the_forwarded_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(remote="127.0.0.1", forwarded="<script>")) == "127.0.0.1"
    assert client_ip(request(remote="127.0.0.1", forwarded=" , ")) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request(remote="127.0.0.1", forwarded="198.51.100.9")) == "127.0.0.1"


def test_every_login_form_is_known(db):
    assert login_paths() == {"/inloggen/", "/_util/login/", "/admin/login/"}
