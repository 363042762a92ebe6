"""One settings file, driven by the environment (DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BILDUNGSPORTAL_VAR", BASE_DIR / "var"))


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
# A development fallback only: deployments set SECRET_KEY (see docs/operations.md).
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "insecure-dev-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # intcomma: German thousands separators on the public pages (1.966 Angebote).
    "django.contrib.humanize",
    "bildungsportal.core",
    "bildungsportal.places",
    "bildungsportal.catalog",
    "bildungsportal.search",
    "bildungsportal.pages",
    "bildungsportal.accounts",
    "bildungsportal.ingest",
    "bildungsportal.backoffice",
    "bildungsportal.surveys",
    "bildungsportal.insights",
    "bildungsportal.easyread",
    "bildungsportal.alerts",
    "bildungsportal.watchlist",
    "bildungsportal.finder",
    "bildungsportal.opendata",
    "bildungsportal.regionsite",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The region by host name (places/regions.py), before anything reads catalog data.
    "bildungsportal.places.regions.region_middleware",
    # Read replicas: which database this request reads (core/db_router.py).
    "bildungsportal.core.db_router.ReplicaMiddleware",
    # Compresses HTML and JSON; Django's gzip adds BREACH mitigation, CSRF tokens are masked.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL prefix (/en/, /ar/ …; German without one); the API
    # follows Accept-Language instead (docs/languages.md).
    "django.middleware.locale.LocaleMiddleware",
    "bildungsportal.core.middleware.api_language",
    # /api/ only: CORS for GET, the rate limit, ETag and 304s (inside gzip: see the module).
    "bildungsportal.core.api_http.api_http",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "bildungsportal.watchlist.middleware.vary_on_watchlist",
]

ROOT_URLCONF = "bildungsportal.urls"
WSGI_APPLICATION = "bildungsportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bildungsportal.core.context_processors.site",
                "bildungsportal.core.context_processors.languages",
                "bildungsportal.pages.context_processors.demo_catalog",
                "bildungsportal.accounts.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bildungsportal.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept (CONN_MAX_AGE) on SQLite too: opening one per request cost a
    # never-repeated API search half its throughput (a cold page cache and the PRAGMAs
    # each time; docs/benchmarks.md, "Never-repeated searches"). CONN_MAX_AGE=0 gives each
    # worker ≈ 25 MB less at a million offerings.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA mmap_size=268435456; "
                f"PRAGMA cache_size=-{int(os.environ.get('SQLITE_CACHE_MB', '64')) * 1024};"
            ),
        }
    )

# Read replicas (PostgreSQL streaming replication): DATABASE_REPLICA_URLS, comma-separated,
# become replica1, replica2 …; public reads go there, writes and own pages to the primary
# (core/db_router.py, docs/operations.md). In tests they mirror the primary.
for _number, _url in enumerate(
    (url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()),
    start=1,
):
    DATABASES[f"replica{_number}"] = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0)
    ) | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["bildungsportal.core.db_router.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: new and re-hashed passwords use it; older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
# German is the source language; each language is named in itself (the switcher shows these
# names). A new language needs its catalogs in every public app (docs/languages.md).
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
]
# The public apps' catalogs come first: apps listed earlier in INSTALLED_APPS (the admin)
# would otherwise win for msgids they share, e.g. "Filter" in the admin's Arabic.
LOCALE_PATHS = [
    BASE_DIR / "bildungsportal" / "locale",
    *(BASE_DIR / "bildungsportal" / app / "locale"
      for app in ("core", "pages", "search", "catalog", "surveys", "insights", "easyread",
                  "alerts", "watchlist", "finder", "opendata", "regionsite")),
]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or env_bool("TESTING")

# Content Security Policy: everything from our own origin, nothing from third parties.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Security: secure by default, relaxed only where a plain-http loopback server needs it.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Project settings
SITE_NAME = os.environ.get("SITE_NAME", "Bildungsportal Kreis Bergstraße")
# The region an empty instance starts with; it answers every host no other region claims
# (docs/regions.md). More regions: `bildungsportal add_region <Kreisschlüssel> --host …`.
DEFAULT_REGION = {
    "key": os.environ.get("REGION_KEY", "06431"),
    "name": os.environ.get("REGION_NAME", "Kreis Bergstraße"),
    "slug": os.environ.get("REGION_SLUG", "bergstrasse"),
}
# Open data (docs/open-data.md); the wiring adds the monitoring's published indicators.
OPEN_DATA = {"extra_distributions": ["bildungsportal.opendata.snapshot.feed_snapshot",
                                      "bildungsportal.insights.open_data.indicators_csv"]}
# Search: page sizes and limits that keep every request bounded.
SEARCH_PAGE_SIZE = 20
SEARCH_MAX_PAGE_SIZE = 100
SEARCH_MAX_QUERY_LENGTH = 200
SEARCH_MAX_RADIUS_KM = 300
# Per process and index version: whole results of repeated searches, and the offering ids of
# broad text matches (search/facet_index.py). 0 turns a cache off (make bench measures both).
SEARCH_RESULT_CACHE_SIZE = int(os.environ.get("SEARCH_RESULT_CACHE_SIZE", 256))
SEARCH_MATCH_CACHE_MB = int(os.environ.get("SEARCH_MATCH_CACHE_MB", 96))
# Text stages of recent searches per worker, least recently used out (facet_index.py).
SEARCH_TEXT_STAGE_CACHE_MB = int(os.environ.get("SEARCH_TEXT_STAGE_CACHE_MB", 32))
# Demand signal (search/demand.py): searches with at most this many results are counted
# anonymously per day, and the counts are deleted after the retention period.
SEARCH_DEMAND_MAX_RESULTS = 3
SEARCH_DEMAND_RETENTION_DAYS = 365

# E-mail (invitations, password reset): SMTP when EMAIL_HOST is set, otherwise every message is
# written as a file under var/mail/ so that nothing is lost on a machine without a mail server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "bildungsportal@localhost")
# Start of links in mails sent without a request (search alerts: send_alerts), e.g.
# https://bildung.kreis-bergstrasse.de; empty: http://127.0.0.1:$PORT (docs/alerts.md).
SITE_URL = os.environ.get("SITE_URL", "")

# Accounts: lockout after this many failed log-ins in a row, for this many minutes.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_MINUTES = 15
INVITATION_VALID_DAYS = 14

# Imports: hard limits that keep a hostile file from exhausting the machine.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024))
IMPORT_MAX_RECORDS = int(os.environ.get("IMPORT_MAX_RECORDS", 200_000))
FEED_TIMEOUT_SECONDS = 30

# Freshness: offerings unchanged this long are flagged to provider and office.
STALE_AFTER_DAYS = 365

# Surveys: groups smaller than this are hidden in every result, chart, API response and export.
SURVEY_MIN_CELL_SIZE = 5
SURVEY_UNFINISHED_RETENTION_DAYS = 30

# Bildungsmonitoring: the catchment radius of the distance-weighted access (E2SFCA), in km,
# and the survey it reads (a slug; empty = the survey with the most complete responses).
INSIGHTS_CATCHMENT_KM = float(os.environ.get("INSIGHTS_CATCHMENT_KM", 25))
INSIGHTS_SURVEY = os.environ.get("INSIGHTS_SURVEY", "")
# Survey abuse resistance: requests per network prefix (IPv4 /24, IPv6 /64) and window in
# seconds, counted in process memory only; behind a reverse proxy, trust X-Forwarded-For.
SURVEY_RATE_LIMIT = int(os.environ.get("SURVEY_RATE_LIMIT", 60))
SURVEY_RATE_WINDOW = int(os.environ.get("SURVEY_RATE_WINDOW", 600))
SURVEY_RATE_LIMIT_FORWARDED = env_bool("SURVEY_RATE_LIMIT_FORWARDED")
# The public API's rate limit, counted the same way (core/ratelimit.py): requests per window
# per network prefix and process; API_RATE_LIMIT=off turns it off (benchmarks).
API_RATE_LIMIT = (None if os.environ.get("API_RATE_LIMIT", "").lower() == "off"
                  else int(os.environ.get("API_RATE_LIMIT") or 600))
API_RATE_WINDOW = int(os.environ.get("API_RATE_WINDOW", 60))
API_RATE_LIMIT_FORWARDED = env_bool("API_RATE_LIMIT_FORWARDED")

# Link checker: never request private, loopback or link-local addresses (tests allow them).
LINKCHECK_ALLOW_PRIVATE = False
# Feeds registered by providers may not point into private networks (tests allow loopback).
FEED_ALLOW_PRIVATE = False
IMPORT_UPLOAD_DIR = VAR_DIR / "uploads"
