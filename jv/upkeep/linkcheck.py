"""The link checker: collect every external address in the content, check it politely, record it.

Collecting reads the database only: every registered model's ``url_fields``, each ``URLField``,
``RichTextField`` and ``StreamField`` (rich text and URL blocks, at any depth), for every page
type and every registered model (see :mod:`jv.upkeep.registry`).

Checking uses ``requests``: HEAD first, GET (headers only, body never read) when HEAD fails or
answers an error status; connect and read time-outs; a minimum interval between two requests to
the same host; a limit on parallel requests per host and overall (threads); and an overall
deadline after which the run stops waiting and reports what it could not check. Worker threads
are daemons and the database is written from the calling thread only, so a host that never
answers can neither hang the command nor keep the process alive. Every error is caught per
address and recorded as a result; no address can make a run crash.

Server-side request forgery: an editor (or an attacker with an editor's account) chooses the
addresses, so the checker never connects to this machine or its networks. Every host name is
resolved before the request and refused when any of its addresses is loopback, private,
link-local, multicast, reserved or otherwise not a public internet address; the connection is
then made to exactly the address that was checked (pinned, so a second DNS answer cannot
swap it), and redirects are followed by hand, each hop checked the same way, at most
``max_redirects``. A refused address is recorded as ``refused`` with the reason for the editor.
"""

from __future__ import annotations

import ipaddress
import logging
import queue
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import requests
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from requests.adapters import HTTPAdapter
from urllib3 import connection as urllib3_connection
from urllib3 import connectionpool
from wagtail.fields import RichTextField, StreamField

from jv.upkeep import registry
from jv.upkeep.models import LinkCheckRun, LinkOccurrence, LinkStatus, url_hash

logger = logging.getLogger(__name__)
Outcome = LinkStatus.Outcome

# --------------------------------------------------------------------------------------------
# Collecting
# --------------------------------------------------------------------------------------------


class _HrefParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            for name, value in attrs:
                if name == "href" and value:
                    self.hrefs.append(value)


def urls_in_html(html: str) -> list[str]:
    if not html or "href" not in html:
        return []
    parser = _HrefParser()
    try:
        parser.feed(str(html))
        parser.close()
    except Exception:  # noqa: BLE001 - broken markup yields what was parsed so far
        pass
    return parser.hrefs


def urls_in_stream(value) -> list[str]:
    """Addresses in a StreamField value: rich text blocks and URL blocks, nested at any depth."""
    from wagtail import blocks
    from wagtail.rich_text import RichText

    found: list[str] = []

    def walk(block, val):
        if val is None:
            return
        if isinstance(val, RichText):
            found.extend(urls_in_html(val.source))
        elif isinstance(block, blocks.URLBlock):
            if val:
                found.append(str(val))
        elif isinstance(block, blocks.RawHTMLBlock):
            found.extend(urls_in_html(str(val)))
        elif isinstance(block, blocks.StreamBlock) or hasattr(val, "raw_data") and hasattr(val, "stream_block"):
            for child in val:
                walk(child.block, child.value)
        elif isinstance(block, blocks.StructBlock):
            for name, child_block in block.child_blocks.items():
                walk(child_block, val.get(name))
        elif isinstance(block, blocks.ListBlock):
            for item in val:
                walk(block.child_block, item)

    for child in value or ():
        walk(child.block, child.value)
    return found


def is_external(url: str) -> bool:
    """Absolute addresses (with a scheme or starting with //); internal links and anchors are not."""
    url = url.strip()
    if not url or url.startswith(("#", "/")) and not url.startswith("//"):
        return False
    if url.startswith("//"):
        return True
    scheme = urlsplit(url).scheme if ":" in url else ""
    return bool(scheme) or url.lower().startswith("www.")


def urls_of(obj, spec: registry.Spec) -> list[tuple[str, str]]:
    """``(field name, address)`` for every external address in ``obj``."""
    result: list[tuple[str, str]] = []
    for model_field in type(obj)._meta.concrete_fields:
        name = model_field.name
        value = getattr(obj, name, None)
        if not value:
            continue
        if isinstance(model_field, RichTextField):
            candidates = urls_in_html(value)
        elif isinstance(model_field, StreamField):
            candidates = urls_in_stream(value)
        elif isinstance(model_field, models.URLField) or name in spec.url_fields:
            candidates = [str(value)]
        else:
            continue
        for url in candidates:
            url = url.strip()
            if is_external(url):
                result.append((name, url))
    return result


def collect(specs: Iterable[registry.Spec] | None = None) -> dict[str, list[tuple[int, str, str]]]:
    """Every external address in the content: ``{url: [(content type id, object id, field)]}``."""
    found: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for spec in specs if specs is not None else registry.link_specs():
        if not _has_link_fields(spec):
            continue
        content_type = ContentType.objects.get_for_model(spec.model)
        queryset = spec.model._default_manager.all()
        for obj in queryset.iterator(chunk_size=500):
            if spec.is_page and obj.content_type_id != content_type.pk:
                continue  # a subclass page: collected under its own type
            for field_name, url in urls_of(obj, spec):
                entry = (content_type.pk, str(obj.pk), field_name)
                if entry not in found[url]:
                    found[url].append(entry)
    return dict(found)


def _has_link_fields(spec) -> bool:
    for model_field in spec.model._meta.concrete_fields:
        if (
            isinstance(model_field, (RichTextField, StreamField, models.URLField))
            or model_field.name in spec.url_fields
        ):
            return True
    return False


@transaction.atomic
def sync_occurrences(found: dict[str, list[tuple[int, str, str]]]) -> None:
    """Make LinkStatus/LinkOccurrence match ``found``; addresses no longer used are dropped."""
    existing = {s.url_hash: s for s in LinkStatus.objects.all().only("pk", "url", "url_hash")}
    wanted = {url_hash(url): url for url in found}
    new = [LinkStatus(url=url, url_hash=h) for h, url in wanted.items() if h not in existing]
    LinkStatus.objects.bulk_create(new, batch_size=500)
    LinkStatus.objects.exclude(url_hash__in=list(wanted)).delete()
    ids = dict(LinkStatus.objects.values_list("url_hash", "pk"))
    LinkOccurrence.objects.all().delete()
    LinkOccurrence.objects.bulk_create(
        [
            LinkOccurrence(link_id=ids[url_hash(url)], content_type_id=ct, object_id=obj_id, field=field_name)
            for url, places in found.items()
            for ct, obj_id, field_name in places
        ],
        batch_size=1000,
    )


# --------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------


@dataclass
class CheckConfig:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    host_interval: float = 1.0
    concurrency: int = 8
    host_concurrency: int = 1
    deadline: float = 900.0
    max_redirects: int = 10
    trust_env: bool = True
    user_agent: str = "JeugdEnVeiligheid-linkcontrole/1.0"
    # Networks that may be checked although they are not public (an intranet the operator
    # wants checked on purpose); empty by default: only public internet addresses.
    allowed_networks: tuple = ()

    @classmethod
    def from_settings(cls, **overrides) -> CheckConfig:
        values = {
            "connect_timeout": settings.UPKEEP_LINK_CONNECT_TIMEOUT,
            "read_timeout": settings.UPKEEP_LINK_READ_TIMEOUT,
            "host_interval": settings.UPKEEP_LINK_HOST_INTERVAL,
            "concurrency": settings.UPKEEP_LINK_CONCURRENCY,
            "host_concurrency": settings.UPKEEP_LINK_HOST_CONCURRENCY,
            "deadline": settings.UPKEEP_LINK_DEADLINE,
            "user_agent": f"JeugdEnVeiligheid-linkcontrole/1.0 (+{settings.SITE_URL})",
            # Proxy settings from the environment (HTTPS_PROXY, NO_PROXY) apply unless switched off.
            "trust_env": settings.UPKEEP_LINK_TRUST_ENV,
            "allowed_networks": parse_networks(settings.UPKEEP_LINK_ALLOWED_NETWORKS),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        config = cls(**values)
        config.concurrency = max(1, int(config.concurrency))
        config.host_concurrency = max(1, int(config.host_concurrency))
        return config


@dataclass
class Result:
    url: str
    outcome: str
    status_code: int | None = None
    redirect_status: int | None = None
    redirect_target: str = ""
    method: str = ""
    error: str = ""
    duration_ms: int | None = None


def precheck(url: str) -> Result | None:
    """Decide without the network where possible: e-mail syntax, unsupported schemes, bad syntax."""
    try:
        if any(ch in url for ch in ("\x00", "\n", "\r", "\t", " ")):
            return Result(url, Outcome.ERROR, error="Ongeldig adres: bevat spaties of stuurtekens.")
        if url.startswith("//"):
            url = "https:" + url
        if url.lower().startswith("www."):
            return Result(url, Outcome.ERROR, error="Ongeldig adres: 'https://' ontbreekt.")
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "mailto":
            addresses = [a for a in unquote(parts.path).split(",") if a.strip()]
            if not addresses:
                return Result(url, Outcome.BROKEN, method="syntax", error="Geen e-mailadres na 'mailto:'.")
            for address in addresses:
                try:
                    validate_email(address.strip())
                except ValidationError:
                    return Result(
                        url, Outcome.BROKEN, method="syntax", error=f"Ongeldig e-mailadres: {address.strip()}"
                    )
            return Result(url, Outcome.OK, method="syntax")
        if scheme not in ("http", "https"):
            return Result(url, Outcome.SKIPPED, error=f"Adressen met '{scheme}:' worden niet gecontroleerd.")
        if not parts.hostname:
            return Result(url, Outcome.ERROR, error="Ongeldig adres: geen servernaam.")
        parts.port  # noqa: B018 - raises ValueError for a bad port
        parts.hostname.encode("idna")  # raises UnicodeError for an empty or too long label
        requests.Request("GET", url).prepare()
    except (ValueError, requests.exceptions.RequestException, UnicodeError) as error:
        return Result(url, Outcome.ERROR, error=f"Ongeldig adres ({type(error).__name__}).")
    return None


def host_key(url: str) -> str:
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{(parts.hostname or '').lower()}:{port or ''}"


# --------------------------------------------------------------------------------------------
# Address safety (SSRF): resolve, refuse non-public addresses, pin the checked address
# --------------------------------------------------------------------------------------------


def parse_networks(values) -> tuple:
    """``["10.1.0.0/16", "192.0.2.7"]`` (or a comma-separated string) -> networks; bad entries raise."""
    if isinstance(values, str):
        values = [v for v in (part.strip() for part in values.split(",")) if v]
    return tuple(ipaddress.ip_network(str(v).strip(), strict=False) for v in values or ())


def address_problem(address: str, allowed_networks=()) -> str:
    """Why ``address`` (an IP address) may not be contacted, in Dutch; "" when it is a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "geen geldig IP-adres"
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if any(ip.version == net.version and ip in net for net in allowed_networks):
        return ""
    if ip.is_unspecified:
        return "een onbepaald adres (0.0.0.0 of ::)"
    if ip.is_loopback:
        return "een loopback-adres (de server zelf)"
    if ip.is_link_local:
        return "een link-local adres"
    if ip.is_multicast:
        return "een multicastadres"
    if ip.is_reserved:
        return "een gereserveerd adres"
    if ip.is_private:
        return "een adres in een privénetwerk"
    if ip.version == 6 and (ip.sixtofour is not None or ip.teredo is not None):
        inner = ip.sixtofour if ip.sixtofour is not None else ip.teredo[1]
        problem = address_problem(str(inner), allowed_networks)
        if problem:
            return problem
    if not ip.is_global:
        return "geen openbaar internetadres"
    return ""


class Refused(Exception):
    """An address the checker will not contact; ``reason`` is shown to the editor."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def vet(url: str, config: CheckConfig) -> tuple[str, int, str]:
    """Resolve the host of ``url`` and return ``(host, port, address to connect to)``.

    Raises :class:`Refused` when the scheme is not http(s) or any address the name resolves to
    is not a public internet address (a name with one public and one internal address is
    refused too: the connection could otherwise be steered to the internal one).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise Refused(f"Niet gecontroleerd: doorverwijzing naar een adres met '{scheme}:'.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise Refused("Niet gecontroleerd: geen servernaam.")
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError) as error:
        raise requests.exceptions.ConnectionError(f"name resolution failed: {error}") from None
    if not addresses:
        raise requests.exceptions.ConnectionError("name resolution failed: no address")
    for address in addresses:
        problem = address_problem(address, config.allowed_networks)
        if problem:
            raise Refused(f"Niet gecontroleerd: {host} verwijst naar {problem} ({address}).")
    return host.lower(), port, addresses[0]


# The address each worker thread checked for a host; connections go to exactly that address.
_pins = threading.local()


def _pinned_address(host: str, port: int) -> str | None:
    return getattr(_pins, "map", {}).get((host.rstrip(".").lower(), port))


def _pin(host: str, port: int, address: str) -> None:
    if not hasattr(_pins, "map"):
        _pins.map = {}
    _pins.map[(host, port)] = address


def _proxy_hosts() -> set:
    if not hasattr(_pins, "proxies"):
        _pins.proxies = set()
    return _pins.proxies


class _PinnedConnectionMixin:
    """Connect to the pinned address of the host; TLS still verifies the certificate for the host name."""

    def _new_conn(self):
        host = self._dns_host.rstrip(".").lower()
        address = _pinned_address(host, self.port)
        if address is None:
            if (host, self.port) in _proxy_hosts():
                return super()._new_conn()  # the operator's own proxy (HTTPS_PROXY)
            raise Refused("Niet gecontroleerd: het adres is niet vooraf gecontroleerd.")
        original = self._dns_host
        self._dns_host = address
        try:
            return super()._new_conn()
        finally:
            self._dns_host = original


class _PinnedHTTPConnection(_PinnedConnectionMixin, urllib3_connection.HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedConnectionMixin, urllib3_connection.HTTPSConnection):
    pass


class _PinnedHTTPPool(connectionpool.HTTPConnectionPool):
    ConnectionCls = _PinnedHTTPConnection


class _PinnedHTTPSPool(connectionpool.HTTPSConnectionPool):
    ConnectionCls = _PinnedHTTPSConnection


class PinnedAdapter(HTTPAdapter):
    """A requests adapter whose connections go only to addresses pinned by :func:`vet`."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PinnedHTTPPool, "https": _PinnedHTTPSPool}

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        parts = urlsplit(proxy)
        if parts.hostname:
            default = 443 if parts.scheme == "https" else 80
            _proxy_hosts().add((parts.hostname.lower(), parts.port or default))
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = {"http": _PinnedHTTPPool, "https": _PinnedHTTPSPool}
        return manager


def make_session(config: CheckConfig) -> requests.Session:
    session = requests.Session()
    session.trust_env = config.trust_env
    session.max_redirects = config.max_redirects
    session.headers.update({"User-Agent": config.user_agent, "Accept": "*/*"})
    adapter = PinnedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _uses_proxy(session: requests.Session, url: str) -> bool:
    if not session.trust_env:
        return False
    proxies = session.merge_environment_settings(url, {}, None, None, None).get("proxies") or {}
    return bool(requests.utils.select_proxy(url, proxies))


def fetch(session: requests.Session, method: str, url: str, config: CheckConfig, before_request=None):
    """One request with redirects followed by hand: every hop is vetted and pinned first.

    Returns the final response with ``history`` (the redirect responses) and ``url`` set like
    requests does. Raises :class:`Refused`, ``TooManyRedirects`` or a requests error.
    """
    timeout = (config.connect_timeout, config.read_timeout)
    history: list = []
    current = url
    while True:
        host, port, address = vet(current, config)
        if not _uses_proxy(session, current):
            _pin(host, port, address)
        if before_request is not None:
            before_request()
        if method == "HEAD":
            response = session.request("HEAD", current, allow_redirects=False, timeout=timeout)
        else:
            response = session.request("GET", current, allow_redirects=False, timeout=timeout, stream=True)
            response.close()  # headers are enough; never download the body
        location = response.headers.get("Location") if response.is_redirect else None
        if not location:
            response.history = history
            return response
        history.append(response)
        if len(history) > config.max_redirects:
            raise requests.exceptions.TooManyRedirects(f"more than {config.max_redirects} redirects")
        if location.startswith("//"):
            location = f"{urlsplit(current).scheme}:{location}"
        current = requests.utils.requote_uri(urljoin(current, location))
        if precheck(current) is not None and urlsplit(current).scheme.lower() in ("http", "https"):
            raise requests.exceptions.InvalidURL("bad redirect target")


def describe_error(error: BaseException) -> str:
    """A short Dutch description of a request error for editors."""
    text = f"{type(error).__name__}: {error}"
    lowered = text.lower()
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "Time-out bij het verbinden."
    if isinstance(error, requests.exceptions.ReadTimeout):
        return "Time-out: de server antwoordde niet op tijd."
    if isinstance(error, requests.exceptions.TooManyRedirects):
        return "Te veel doorverwijzingen (mogelijk een lus)."
    if isinstance(error, requests.exceptions.SSLError):
        return "Beveiligde verbinding mislukt (certificaat of TLS)."
    if isinstance(
        error, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema)
    ):
        return "Ongeldig adres."
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "name resolution" in lowered
        or "getaddrinfo" in lowered
        or "no address associated" in lowered
    ):
        return "Servernaam niet gevonden (DNS)."
    if "connection refused" in lowered:
        return "Verbinding geweigerd."
    if (
        "badstatusline" in lowered
        or "remotedisconnected" in lowered
        or "invalid" in lowered
        and "response" in lowered
        or "protocol" in lowered
        or "linetoolong" in lowered
        or "chunked" in lowered
    ):
        return "Ongeldig antwoord van de server."
    if isinstance(error, requests.exceptions.ConnectionError):
        return "Verbinding mislukt."
    return f"Fout bij controleren ({type(error).__name__})."


class _HostGate:
    """Minimum interval between two requests to one host, shared by the threads serving it."""

    def __init__(self, interval: float):
        self.interval = interval
        self.lock = threading.Lock()
        self.next_at = 0.0

    def wait(self, deadline: float, stop: threading.Event) -> bool:
        """Block until this host may get the next request; False when the run must stop first.

        The slot is claimed at the moment the request may go out (not booked ahead), so a thread
        that was scheduled late cannot squeeze the next request closer than ``interval``.
        """
        while True:
            with self.lock:
                now = time.monotonic()
                if now >= deadline or self.next_at >= deadline:
                    return False
                if now >= self.next_at:
                    self.next_at = now + self.interval
                    return True
                delay = self.next_at - now
            if stop.wait(delay):
                return False


class _Stopped(Exception):
    pass


def check_url(session: requests.Session, url: str, config: CheckConfig, gate=None, deadline=None, stop=None) -> Result:
    """Check one address. Never raises."""
    started = time.monotonic()
    try:
        pre = precheck(url)
        if pre is not None:
            return pre
        target = "https:" + url if url.startswith("//") else url

        def wait_turn():
            if gate is not None and not gate.wait(deadline, stop):
                raise _Stopped()

        def request(method):
            return fetch(session, method, target, config, before_request=wait_turn)

        head_error = None
        response = None
        try:
            response = request("HEAD")
            method = "HEAD"
        except requests.exceptions.Timeout as error:
            return _error_result(url, error, "HEAD", started)
        except (requests.exceptions.TooManyRedirects, requests.exceptions.SSLError) as error:
            return _error_result(url, error, "HEAD", started)
        except Refused as refused:
            return _refused_result(url, refused, "HEAD", started)
        except _Stopped:
            raise
        except Exception as error:  # noqa: BLE001 - some servers mishandle HEAD: try GET
            head_error = error
        if head_error is not None or response.status_code >= 400:
            try:
                response = request("GET")
                method = "GET"
            except Refused as refused:
                return _refused_result(url, refused, "GET", started)
            except _Stopped:
                raise
            except Exception as error:  # noqa: BLE001
                return _error_result(url, error, "GET", started)
        return _response_result(url, response, method, started)
    except _Stopped:
        return Result(url, Outcome.UNCHECKED, error="Niet gecontroleerd: de tijdslimiet van de controle was bereikt.")
    except Exception as error:  # noqa: BLE001 - nothing about one address may stop the run
        logger.warning("link check of %r failed unexpectedly", url, exc_info=True)
        return _error_result(url, error, "", started)


def _elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _error_result(url, error, method, started) -> Result:
    return Result(url, Outcome.ERROR, method=method, error=describe_error(error), duration_ms=_elapsed(started))


def _refused_result(url, refused: Refused, method, started) -> Result:
    return Result(url, Outcome.REFUSED, method=method, error=refused.reason[:1000], duration_ms=_elapsed(started))


def _response_result(url, response, method, started) -> Result:
    status = response.status_code
    result = Result(url, Outcome.OK, status_code=status, method=method, duration_ms=_elapsed(started))
    if response.history:
        result.redirect_status = response.history[0].status_code
        result.redirect_target = response.url
    if status >= 400:
        result.outcome = Outcome.BROKEN
        result.error = f"HTTP {status}"
    elif response.history:
        result.outcome = Outcome.REDIRECT
    return result


def check_urls(urls: Iterable[str], config: CheckConfig) -> tuple[dict[str, Result], list[str]]:
    """Check ``urls`` in parallel within ``config.deadline`` seconds.

    Returns the results and the addresses that could not be checked before the deadline.
    """
    urls = list(dict.fromkeys(urls))
    results: dict[str, Result] = {}
    network: dict[str, deque] = defaultdict(deque)
    for url in urls:
        pre = precheck(url)
        if pre is not None:
            results[url] = pre
        else:
            network[host_key(url)].append(url)
    if not network:
        return results, []

    deadline = time.monotonic() + config.deadline
    stop = threading.Event()
    gates = {host: _HostGate(config.host_interval) for host in network}
    work: queue.SimpleQueue = queue.SimpleQueue()
    slots = 0
    for host, pending in network.items():
        for _ in range(min(config.host_concurrency, len(pending))):
            work.put(host)
            slots += 1
    done: queue.SimpleQueue = queue.SimpleQueue()
    local = threading.local()

    def session() -> requests.Session:
        if not hasattr(local, "session"):
            local.session = make_session(config)
        return local.session

    def worker():
        while not stop.is_set():
            try:
                host = work.get_nowait()
            except queue.Empty:
                return
            pending = network[host]
            while not stop.is_set():
                try:
                    url = pending.popleft()
                except IndexError:
                    break
                done.put(check_url(session(), url, config, gates[host], deadline, stop))

    threads = [
        threading.Thread(target=worker, name=f"linkcheck-{i}", daemon=True)
        for i in range(min(config.concurrency, slots))
    ]
    expected = sum(len(p) for p in network.values())
    for thread in threads:
        thread.start()
    received = 0
    while received < expected:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            result = done.get(timeout=min(remaining, 0.5))
        except queue.Empty:
            if not any(t.is_alive() for t in threads) and done.empty():
                break
            continue
        received += 1
        if result.outcome == Outcome.UNCHECKED:
            continue
        results[result.url] = result
    stop.set()
    while True:  # results that arrived at the last moment
        try:
            result = done.get_nowait()
        except queue.Empty:
            break
        if result.outcome != Outcome.UNCHECKED:
            results[result.url] = result
    unchecked = [url for url in urls if url not in results]
    return results, unchecked


# --------------------------------------------------------------------------------------------
# Recording and the whole run
# --------------------------------------------------------------------------------------------


def record(results: dict[str, Result], now=None) -> None:
    now = now or timezone.now()
    statuses = {s.url_hash: s for s in LinkStatus.objects.filter(url_hash__in=[url_hash(u) for u in results])}
    for url, result in results.items():
        status = statuses.get(url_hash(url))
        if status is None:
            continue
        previous = status.outcome
        status.outcome = result.outcome
        status.status_code = result.status_code
        status.redirect_status = result.redirect_status
        status.redirect_target = result.redirect_target[:2000]
        status.method = result.method[:8]
        status.error = result.error[:1000]
        status.duration_ms = result.duration_ms
        status.last_checked = now
        if result.outcome in LinkStatus.FAILING:
            status.failure_count += 1
            status.first_failure = status.first_failure or now
        else:
            status.failure_count = 0
            status.first_failure = None
            if result.outcome in (Outcome.OK, Outcome.REDIRECT):
                status.last_ok = now
        if previous != result.outcome:
            status.previous_outcome = previous
            status.changed_at = now
        status.save()


def due_statuses(now=None):
    """Addresses due for a check: never checked, not working last time, or older than the interval."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(days=settings.UPKEEP_LINK_RECHECK_DAYS)
    return LinkStatus.objects.filter(
        models.Q(last_checked__isnull=True)
        | models.Q(last_checked__lt=cutoff)
        | ~models.Q(outcome__in=[Outcome.OK, Outcome.SKIPPED])
    )


@dataclass
class RunReport:
    run: LinkCheckRun
    results: dict[str, Result] = field(default_factory=dict)
    unchecked: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.unchecked


def run(only_due: bool = False, config: CheckConfig | None = None, specs=None) -> RunReport:
    """Collect, check and record. The whole ``check_links`` command."""
    config = config or CheckConfig.from_settings()
    sync_occurrences(collect(specs))
    statuses = due_statuses() if only_due else LinkStatus.objects.all()
    urls = list(statuses.values_list("url", flat=True))
    link_run = LinkCheckRun.objects.create(only_due=only_due, total=len(urls))
    results, unchecked = check_urls(urls, config)
    record(results)
    link_run.finished_at = timezone.now()
    link_run.checked = len(results)
    link_run.failing = sum(1 for r in results.values() if r.outcome in LinkStatus.FAILING)
    link_run.redirected = sum(1 for r in results.values() if r.outcome == Outcome.REDIRECT)
    link_run.complete = not unchecked
    link_run.save()
    return RunReport(run=link_run, results=results, unchecked=unchecked)


def statuses_for(obj, spec: registry.Spec | None = None) -> list[tuple[str, str, LinkStatus | None]]:
    """The item's current addresses with what the last check found: ``(field, url, status)``."""
    spec = spec or registry.spec_for(type(obj)) or registry.Spec(model=type(obj))
    pairs = urls_of(obj, spec)
    known = {s.url_hash: s for s in LinkStatus.objects.filter(url_hash__in=[url_hash(u) for _, u in pairs])}
    return [(field_name, url, known.get(url_hash(url))) for field_name, url in pairs]
