"""The whole configuration. With no environment it runs the embedded mode.

Embedded: SQLite, local-memory cache, outbox files, all under ``MASTHEAD_DATA_DIR``.
``DATABASE_URL``, ``REDIS_URL`` and ``EMAIL_URL`` switch to production backends;
``MASTHEAD_ENV=production`` adds strictness (required key and hosts), nothing else.

Over 400 lines on purpose: STYLE.md wants the whole configuration in one file,
read top to bottom, with no settings hidden in per-environment modules.
"""

from pathlib import Path
from urllib.parse import urlsplit

from . import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env.get_data_dir()

MASTHEAD_ENV = env.get_choice("MASTHEAD_ENV", ("embedded", "production"), "embedded")
IS_PRODUCTION = MASTHEAD_ENV == "production"

SECRET_KEY = env.get_secret_key(DATA_DIR, required=IS_PRODUCTION)
DEBUG = env.get_bool("DEBUG", False)

_local_hosts = ["127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", [] if IS_PRODUCTION else _local_hosts)
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise env.SettingsError("ALLOWED_HOSTS must be set when MASTHEAD_ENV=production")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "masthead.core",
    "masthead.operations",
    "masthead.images",
    "masthead.people",
    "masthead.articles",
    "masthead.liveblog",
    "masthead.sections",
    "masthead.home",
    "masthead.ingest",
    "masthead.demo",
    "masthead.pagecache",
    "masthead.newsroom",
    "masthead.contact",
    "masthead.feeds",
    "masthead.search",
    "masthead.previews",
    "masthead.backups",
    "masthead.readership",
    "masthead.newsletters",
    "masthead.comments",
    "masthead.languages",
    "masthead.api",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.typed_table_block",
    # h-i18n (issue 20): locales in the admin and "Translate" for pages and snippets.
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
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
    "masthead.accounts",  # before allauth: its templates override allauth's
    "allauth",
    "allauth.account",
    # h-door (issue 17): two-factor (TOTP, recovery codes, passkeys) and a list of
    # each account's sessions, so that logout can end the others.
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks",
    "django_tasks_db",
    "channels",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: every response (even a cached page or a 503) carries the request id.
    "masthead.operations.middleware.RequestIdMiddleware",
    # h-headers (issue 17): outside everything else, so every response (page-cache
    # hits, 503s, redirects, errors) carries the Content-Security-Policy.
    "masthead.operations.csp.ContentSecurityPolicyMiddleware",
    "masthead.operations.middleware.MetricsMiddleware",
    # Load balancer probes: before the HTTPS redirect and the host check.
    "masthead.operations.middleware.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # After the HTTPS redirect, before anything that reads the session or database.
    "masthead.pagecache.middleware.PageCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Site, settings and restrictions per site generation: no queries for them.
    # A database that cannot be reached is a quick 503, not a 500 after a wait.
    "masthead.operations.middleware.DatabaseOutageMiddleware",
    "masthead.core.sitecache.RememberedSiteMiddleware",
    # h-i18n (issue 20): the language comes from the URL prefix only (never from
    # the browser or a cookie), so every reader of a URL gets the same page.
    "masthead.languages.middleware.LanguageFromPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The script-readable "signed-in" hint that spares anonymous page views a
    # request to /accounts/state/ (issue 14).
    "masthead.accounts.middleware.SignedInHintMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # h-door (issue 17): staff in MASTHEAD_MFA_REQUIRED_GROUPS set up a second
    # factor before the admin opens.
    "masthead.accounts.middleware.StaffMFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"
ASGI_APPLICATION = "masthead.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Databases --------------------------------------------------------------------------
DATABASES = {"default": env.get_database_url(f"sqlite:///{DATA_DIR / 'masthead.db'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
    # BEGIN, so two writers queue on busy_timeout instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
else:
    # A connection pool per process, not persistent connections: under ASGI every
    # request runs in a thread of its own, and a connection kept per thread ran
    # PostgreSQL out of connections at 32 concurrent readers (found by bench/).
    # Waiting longer than the pool timeout for a connection is an outage: the
    # reader gets a 503 in seconds (operations.middleware), not a hang. Each
    # connection is checked as it leaves the pool, so the first request after a
    # database restart gets a fresh one instead of a dead one (issue 16).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # With a pool, Django turns this into psycopg_pool's check_connection.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.get_int("MASTHEAD_DB_POOL_SIZE", 8, minimum=1),
        "timeout": env.get_int("MASTHEAD_DB_POOL_TIMEOUT", 3, minimum=1),
    }
    # A dead server fails the connect quickly instead of after the OS's minutes.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions -----------------------------------------------------------------
REDIS_URL = env.get_redis_url()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.get_str("MASTHEAD_CACHE_PREFIX", "masthead"),
            "OPTIONS": {
                # A Redis outage must degrade to cache misses, never to a 500.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "masthead",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# The page cache has its own alias so its size cap does not evict sessions.
if REDIS_URL:
    CACHES["pagecache"] = {
        **CACHES["default"],
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-pages",
    }
else:
    CACHES["pagecache"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "masthead-pages",
        "OPTIONS": {
            "MAX_ENTRIES": env.get_int(
                "MASTHEAD_PAGE_CACHE_MAX_ENTRIES", 500, minimum=10
            )
        },
    }
# Threads per app process running Django's (synchronous) views; the page cache
# answers hits on the event loop and needs none.
MASTHEAD_THREADS = env.get_int("MASTHEAD_THREADS", 4, minimum=1)
# Rendition rows per process: Wagtail looks them up (and writes them back) for every
# picture on every render; over the network that was most of a cold render's cache
# traffic. The site generation in the key drops them when a photo changes anywhere.
# "local" holds template fragments that repeat on every page (the section nav) the
# same way.
for _alias in ("renditions", "local"):
    CACHES[_alias] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"masthead-{_alias}",
        "KEY_FUNCTION": "masthead.core.sitecache.generation_cache_key",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
MASTHEAD_PAGE_CACHE = env.get_bool("MASTHEAD_PAGE_CACHE", True)
MASTHEAD_PAGE_CACHE_ALIAS = "pagecache"
MASTHEAD_PAGE_CACHE_TTL = env.get_int("MASTHEAD_PAGE_CACHE_TTL", 24 * 3600, minimum=1)
MASTHEAD_PAGE_CACHE_MAX_BYTES = 1024 * 1024
# Per process, in front of the shared cache: the hottest pages without a round trip.
MASTHEAD_PAGE_CACHE_MEMORY_BYTES = (
    env.get_int("MASTHEAD_PAGE_CACHE_MEMORY_MB", 32, minimum=0) * 1024 * 1024
)
MASTHEAD_PAGE_CACHE_GENERATION_TTL = 0.25
MASTHEAD_PAGE_CACHE_S_MAXAGE = env.get_int("MASTHEAD_PAGE_CACHE_S_MAXAGE", 10)
MASTHEAD_PAGE_CACHE_STALE_WHILE_REVALIDATE = env.get_int(
    "MASTHEAD_PAGE_CACHE_STALE_WHILE_REVALIDATE", 60
)
# Feeds carry whole stories (True) or only the standfirst/summary (False).
MASTHEAD_FEED_FULL_CONTENT = env.get_bool("MASTHEAD_FEED_FULL_CONTENT", True)
_purge_url = env.get_str("MASTHEAD_FRONTEND_PURGE_URL")
if _purge_url:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": _purge_url,
        }
    }

# Sessions live in the database and are only cached: losing Redis logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background tasks -------------------------------------------------------------------
# Wagtail's own bookkeeping (search and reference indexes) stays on the immediate
# backend, as in stock Wagtail. Work that must survive a crash or an outage (outgoing
# email, feed polling, scheduled publishing) goes on the durable queue in the
# database, run by `masthead worker` (the demo starts one beside the server).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "durable": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# A worker renews its heartbeat every few seconds; a task whose worker has been
# silent for the lease goes back in the queue. On SIGTERM the current task gets the
# grace period to finish before it is put back.
MASTHEAD_WORKER_HEARTBEAT_SECONDS = env.get_int(
    "MASTHEAD_WORKER_HEARTBEAT_SECONDS", 5, minimum=1
)
MASTHEAD_WORKER_LEASE_SECONDS = env.get_int(
    "MASTHEAD_WORKER_LEASE_SECONDS", 60, minimum=2
)
MASTHEAD_WORKER_GRACE_SECONDS = env.get_int("MASTHEAD_WORKER_GRACE_SECONDS", 30)

# Live chat (Channels) ---------------------------------------------------------------
# One process (the demo, a single `masthead serve` worker) can use the in-memory
# layer; several processes need Redis to reach each other's sockets.
# Each socket's reader blocks in BRPOP for channels-redis's 5 s; redis-py 8's default
# socket timeout is also 5 s, so every idle socket died with TimeoutError (issue 13).
# The read timeout must stay well above the blocking read; keepalive and a health
# check still notice a Redis that went away.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": 30,
                        "socket_connect_timeout": 5,
                        "socket_keepalive": True,
                        "health_check_interval": 30,
                    }
                ],
                "prefix": env.get_str("MASTHEAD_CACHE_PREFIX", "masthead") + ":ws",
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Quick contact ----------------------------------------------------------------------
# Messages per IP per window; each chat line counts against its own, faster limit.
CONTACT_MESSAGES_PER_WINDOW = env.get_int("MASTHEAD_CONTACT_MESSAGES_PER_WINDOW", 5)
CONTACT_RATE_WINDOW_SECONDS = env.get_int("MASTHEAD_CONTACT_RATE_WINDOW", 600)
CONTACT_CHAT_LINES_PER_MINUTE = env.get_int("MASTHEAD_CONTACT_CHAT_PER_MINUTE", 20)
# A chat nobody answers within this many seconds turns into the email form.
CONTACT_CHAT_ANSWER_WITHIN_SECONDS = env.get_int("MASTHEAD_CONTACT_ANSWER_WITHIN", 90)
# Email delivery retries: the n-th retry waits base * 2**(n-1) seconds, capped.
CONTACT_EMAIL_MAX_ATTEMPTS = env.get_int("MASTHEAD_CONTACT_EMAIL_MAX_ATTEMPTS", 12)
CONTACT_EMAIL_RETRY_BASE_SECONDS = env.get_int("MASTHEAD_CONTACT_RETRY_BASE", 30)
CONTACT_EMAIL_RETRY_MAX_SECONDS = 3600

# Passwords --------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
_validators = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_validators}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_validators}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": f"{_validators}.CommonPasswordValidator"},
    {"NAME": f"{_validators}.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Reader accounts (django-allauth) ---------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
ACCOUNT_ADAPTER = "masthead.accounts.adapters.ReaderAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "masthead.accounts.forms.ReaderSignupForm"
ACCOUNT_USER_DISPLAY = "masthead.accounts.services.display_user"
# A known and an unknown address get the same answer on signup and reset; the
# mailbox's owner learns the truth by email, nobody else does.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
# Changing the address replaces it only once the new one is verified.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
# Reset links work once (the token covers the password hash) and for 3 hours.
PASSWORD_RESET_TIMEOUT = 3 * 60 * 60
# Counted in the cache (Redis when set): per IP, per account ("key") and per user.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # h-door (issue 17): "key" is (account, IP) here, not the typed login
    # (accounts.adapters): one IP guessing cannot lock the reader out elsewhere.
    "login_failed": "10/m/ip,5/5m/key",
    # Per account from every IP together; a known device or a passkey skips it.
    "login_failed_account": "30/h/key",
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "10/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Per-IP limits read REMOTE_ADDR: `masthead serve` (uvicorn, FORWARDED_ALLOW_IPS)
# already puts the client's address there when behind a trusted proxy.

# One door, two factors (h-door, issue 17; accounts/) ---------------------------
# /admin/login/ is allauth's login (accounts.views.AdminLoginView): the same limits,
# lockout and second factor as /accounts/login/; Wagtail's own reset form is off.
WAGTAILADMIN_LOGIN_URL = "admin_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env.get_str("MASTHEAD_SITE_NAME", "Masthead")
# WebAuthn's relying party is the request's host (allauth's adapter); plain http
# is allowed only for localhost, as browsers themselves allow.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Staff in these groups must add a second factor (TOTP or a passkey) before the
# admin opens; readers may add one from their account page. Superusers too,
# unless told otherwise (the embedded demo's admin is spared by default).
MASTHEAD_MFA_REQUIRED_GROUPS = env.get_list(
    "MASTHEAD_MFA_REQUIRED_GROUPS", ["Contributor", "Editor", "Photo editor", "Admin"]
)
MASTHEAD_MFA_REQUIRED_FOR_SUPERUSERS = env.get_bool(
    "MASTHEAD_MFA_REQUIRED_FOR_SUPERUSERS", IS_PRODUCTION
)
# A device that signed in once carries a signed cookie naming the account; it
# skips the per-account failed-login limit (not the per-IP ones), so an attack
# from elsewhere cannot lock the owner out of their own browser.
MASTHEAD_KNOWN_DEVICE_COOKIE = "mh_device"
MASTHEAD_KNOWN_DEVICE_DAYS = env.get_int("MASTHEAD_KNOWN_DEVICE_DAYS", 365, minimum=1)

# Email ------------------------------------------------------------------------------
OUTBOX_DIR = DATA_DIR / "outbox"
globals().update(env.get_email_config(OUTBOX_DIR))
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Masthead <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation ---------------------------------------------------------------
# h-i18n (issue 20): the site's language and time zone come from the environment.
# The default language keeps today's unprefixed URLs; the others live under their
# own prefix (/ar/...), each with its own front page (masthead/languages/).
LANGUAGE_CODE = env.get_str("MASTHEAD_LANGUAGE", "en-gb").lower()
TIME_ZONE = env.get_str("MASTHEAD_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
_language_names = {"en-gb": "English", "en": "English", "ar": "العربية"}
LANGUAGES = [
    (code, _language_names.get(code, code))
    for code in dict.fromkeys(
        [LANGUAGE_CODE, *env.get_list("MASTHEAD_LANGUAGES", ["en-gb", "ar"])]
    )
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env.get_str("MASTHEAD_STATIC_ROOT") or DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get_str("MASTHEAD_MEDIA_ROOT") or DATA_DIR / "media")

# URL prefixes, written once. What is personal, interactive or private is never
# served from or stored in the page cache, whatever the response says; crawlers
# are kept out of the editors' and readers' own areas and of search results.
MASTHEAD_ADMIN_PREFIX = "/admin/"
MASTHEAD_ACCOUNTS_PREFIX = "/accounts/"
MASTHEAD_UNCACHED_PREFIXES = (
    MASTHEAD_ADMIN_PREFIX,
    MASTHEAD_ACCOUNTS_PREFIX,
    "/contact/",
    "/preview/",  # drafts shared by link: never stored (previews app)
    "/django-admin/",
    "/documents/",
    "/healthz",
    "/readyz",
    "/metrics",
    urlsplit(MEDIA_URL).path,
    urlsplit(STATIC_URL).path,
    "/ws/",
    "/newsletters/",  # signup answers, signed links, the reader's own lists
)
MASTHEAD_CRAWLER_DISALLOWED_PREFIXES = (
    MASTHEAD_ADMIN_PREFIX,
    MASTHEAD_ACCOUNTS_PREFIX,
    "/search/",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Media on S3-compatible storage (docs/deploy.md): renditions public, original
# uploads and documents private behind signed URLs (core/storage.py). Credentials
# unset here fall back to boto3's own chain (AWS_* variables, an instance role).
AWS_STORAGE_BUCKET_NAME = env.get_str("MASTHEAD_S3_BUCKET")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "masthead.core.storage.MediaStorage"}
    AWS_S3_ENDPOINT_URL = env.get_str("MASTHEAD_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env.get_str("MASTHEAD_S3_REGION") or None
    AWS_S3_ACCESS_KEY_ID = env.get_str("MASTHEAD_S3_ACCESS_KEY_ID") or None
    AWS_S3_SECRET_ACCESS_KEY = env.get_str("MASTHEAD_S3_SECRET_ACCESS_KEY") or None
    AWS_S3_CUSTOM_DOMAIN = env.get_str("MASTHEAD_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_EXPIRE = env.get_int(
        "MASTHEAD_S3_SIGNED_URL_SECONDS", 3600, minimum=60
    )
    # Two uploads called photo.jpg must not overwrite each other's original.
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_SIGNATURE_VERSION = "s3v4"
# Local media is served by the app itself unless a proxy or object store does it.
MASTHEAD_SERVE_MEDIA = env.get_bool("MASTHEAD_SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)
WHITENOISE_MAX_AGE = 3600

FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Ingest: fetching for import never reaches private, loopback or link-local
# addresses unless their host (or address) is listed here (no SSRF).
MASTHEAD_INGEST_ALLOWED_HOSTS = env.get_list("MASTHEAD_INGEST_ALLOWED_HOSTS", [])
MASTHEAD_INGEST_MAX_BYTES = env.get_int("MASTHEAD_INGEST_MAX_MB", 20, minimum=1) << 20
MASTHEAD_INGEST_TIMEOUT = env.get_int("MASTHEAD_INGEST_TIMEOUT", 15, minimum=1)
MASTHEAD_INGEST_POLL_SECONDS = env.get_int(
    "MASTHEAD_INGEST_POLL_SECONDS", 600, minimum=30
)

# Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.get_str("MASTHEAD_SITE_NAME", "Masthead")
# The site's public address: migrate and the demo write it into the default Site,
# which canonical links, feeds, sitemaps and emails read (core.services).
MASTHEAD_BASE_URL = env.get_base_url("MASTHEAD_BASE_URL")
WAGTAILADMIN_BASE_URL = MASTHEAD_BASE_URL or "http://127.0.0.1:8000"
WAGTAILIMAGES_IMAGE_MODEL = "images.NewsImage"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Audio and video are documents too, played by the story's media block.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILDOCS_EXTENSIONS += ["mp3", "m4a", "ogg", "oga", "wav", "mp4", "webm", "ogv"]
# Stemming in the site's language (en-gb): PostgreSQL's "english" text search
# config, whatever the server's default_text_search_config; SQLite's FTS5 table
# gets the Porter stemmer in masthead/search/migrations/0003.
# h-search (issue 15): MASTHEAD_SEARCH_URL switches to Elasticsearch or OpenSearch
# for big archives (docs/deploy.md); unset, the database backend as before.
WAGTAILSEARCH_BACKENDS = {
    "default": env.get_search_backend("MASTHEAD_SEARCH_URL", database_config="english")
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
TAGGIT_CASE_INSENSITIVE = True
WAGTAILEMBEDS_FINDERS = []
# Review workflow notifications (newsroom app): emails from the newsroom's address,
# to the people involved rather than every superuser; images read credit and caption
# from the file's IPTC/XMP/EXIF on upload.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAILIMAGES_IMAGE_FORM_BASE = "masthead.images.forms.NewsImageForm"

# Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
if env.get_bool("MASTHEAD_BEHIND_HTTPS_PROXY", IS_PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.get_bool("MASTHEAD_SSL_REDIRECT", True)
    # h-headers (issue 17): one year; `masthead check` fails below it.
    SECURE_HSTS_SECONDS = env.get_int("MASTHEAD_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool(
        "MASTHEAD_HSTS_INCLUDE_SUBDOMAINS", False
    )

# Content-Security-Policy (h-headers, issue 17; operations/csp.py) ----------------
# Violations are reported here and logged (rate-limited, size-limited).
MASTHEAD_CSP_REPORT_URL = "/csp-report/"
MASTHEAD_UNCACHED_PREFIXES = (*MASTHEAD_UNCACHED_PREFIXES, MASTHEAD_CSP_REPORT_URL)
# Report-Only while trying a stricter policy out; enforced by default.
MASTHEAD_CSP_REPORT_ONLY = env.get_bool("MASTHEAD_CSP_REPORT_ONLY", False)
# Mastodon instances whose posts stories embed (any instance can be embedded;
# the frame is allowed only for these): social.example, mastodon.social.
MASTHEAD_CSP_FRAME_HOSTS = env.get_list("MASTHEAD_CSP_FRAME_HOSTS", [])
# The admin shows initials, not Gravatar images: no staff address hashes sent to
# a third party, nothing for img-src to allow.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Errors go to Sentry when SENTRY_DSN is set, else by email to MASTHEAD_ADMINS.
SENTRY_DSN = env.get_str("SENTRY_DSN")
ADMINS = [("", address) for address in env.get_list("MASTHEAD_ADMINS")]
if SENTRY_DSN:
    from masthead.operations.errors import init_sentry

    init_sentry(SENTRY_DSN, environment=MASTHEAD_ENV)
# /metrics answers a bearer of this token, or a signed-in staff member.
MASTHEAD_METRICS_TOKEN = env.get_str("MASTHEAD_METRICS_TOKEN")
# MASTHEAD_LOG_FORMAT=json: one JSON object per line, for a log collector. Either
# way a request carries its id (X-Request-ID, echoed in the response) into JSON lines.
MASTHEAD_LOG_FORMAT = env.get_choice("MASTHEAD_LOG_FORMAT", ("plain", "json"), "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "masthead.operations.logs.RequestIdFilter"},
        "database_outage": {"()": "masthead.operations.logs.DatabaseOutageFilter"},
        # An outage is in the logs and on /readyz; an email per failed request is not.
        "skip_database_outage": {
            "()": "masthead.operations.logs.DatabaseOutageFilter",
            "drop": True,
        },
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "masthead.operations.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": MASTHEAD_LOG_FORMAT,
            "filters": ["request_id", "database_outage"],
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "skip_database_outage"],
        },
    },
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default config mails the admins from "django" itself, without
        # the outage filter; errors are mailed (or not) from django.request below.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {
            "level": "ERROR",
            # Sentry, when set, receives errors itself; otherwise ADMINS get mail.
            "handlers": [] if SENTRY_DSN else ["mail_admins"],
        },
        # One line per task and per page save drowns what an operator needs to see.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Two lines per failed reconnect during an outage; the worker and the 503
        # middleware report the outage once.
        "psycopg.pool": {"level": "ERROR"},
    },
}

SILENCED_SYSTEM_CHECKS = [
    # Wagtail's editor previews pages in a same-origin frame, so DENY would break it.
    "security.W019",
    # Including subdomains and preloading are commitments for the whole domain that
    # only its owner can make; MASTHEAD_HSTS_SECONDS covers this site itself.
    "security.W005",
    "security.W021",
]

# Readership (issue 19): page views counted on the server, no cookie, no IP kept.
MASTHEAD_COUNT_VIEWS = env.get_bool("MASTHEAD_COUNT_VIEWS", True)
MASTHEAD_COUNT_FLUSH_SECONDS = 10  # how often a process writes its counts (0: never)
MASTHEAD_COUNT_RETENTION_DAYS = env.get_int(
    "MASTHEAD_COUNT_RETENTION_DAYS", 395, minimum=1
)
MASTHEAD_MOST_READ_REFRESH_SECONDS = env.get_int(
    "MASTHEAD_MOST_READ_REFRESH_SECONDS", 300, minimum=10
)
# Parts of pages fetched by their script (cached like pages, never counted as views).
MASTHEAD_FRAGMENTS_PREFIX = "/fragments/"

# Content API (issue 20; masthead/api/). /api/ is left out of the site's page cache:
# the API stores its answers in it itself, after counting each request against its
# key or address (api/caching.py).
MASTHEAD_API_PREFIX = "/api/"
MASTHEAD_UNCACHED_PREFIXES = (*MASTHEAD_UNCACHED_PREFIXES, MASTHEAD_API_PREFIX)
MASTHEAD_API_DEFAULT_PAGE_SIZE = 20
MASTHEAD_API_MAX_PAGE_SIZE = env.get_int("MASTHEAD_API_MAX_PAGE_SIZE", 50, minimum=1)
# Requests per minute per client address without a key (0: a key is required).
MASTHEAD_API_ANONYMOUS_RATE_LIMIT = env.get_int(
    "MASTHEAD_API_ANONYMOUS_RATE_LIMIT", 60, minimum=0
)

# Comments (issue 20): readers' comments under stories, loaded by script from this
# uncached prefix; the cached count fragment lives under MASTHEAD_FRAGMENTS_PREFIX.
MASTHEAD_COMMENTS_PREFIX = "/comments/"
MASTHEAD_UNCACHED_PREFIXES = (*MASTHEAD_UNCACHED_PREFIXES, MASTHEAD_COMMENTS_PREFIX)
MASTHEAD_COMMENTS_MODERATION = "post"  # site default; a section may choose "pre"
MASTHEAD_COMMENTS_MAX_CHARS = 4000
MASTHEAD_COMMENTS_MAX_LINKS = 2  # more links: held for a moderator
MASTHEAD_COMMENTS_NEW_ACCOUNT_MINUTES = 30  # younger accounts: held
MASTHEAD_COMMENTS_REPEATS_HELD_AFTER = 2  # same text by this many others in a day
MASTHEAD_COMMENTS_PER_ACCOUNT = 5
MASTHEAD_COMMENTS_PER_IP = 20
MASTHEAD_COMMENTS_RATE_WINDOW_SECONDS = 600

# Newsletters (issue 19, h-letters; masthead/newsletters/) ------------------------
# Messages sent per minute by the worker (the provider's or the IP's budget).
MASTHEAD_NEWSLETTER_RATE = env.get_int("MASTHEAD_NEWSLETTER_RATE", 600, minimum=1)
# Seconds one send task runs before queueing the next stretch (under the grace).
MASTHEAD_NEWSLETTER_BATCH_SECONDS = env.get_int("MASTHEAD_NEWSLETTER_BATCH_SECONDS", 20)
# A row claimed this long ago by a sender that never marked it is sent again.
MASTHEAD_NEWSLETTER_CLAIM_TIMEOUT = env.get_int(
    "MASTHEAD_NEWSLETTER_CLAIM_TIMEOUT", 300, minimum=2
)
# How long a confirmation link works (unsubscribe links never expire).
MASTHEAD_NEWSLETTER_CONFIRM_HOURS = env.get_int("MASTHEAD_NEWSLETTER_CONFIRM_HOURS", 72)
# Signups accepted per IP per hour and confirmation mails per address per day.
MASTHEAD_NEWSLETTER_SIGNUPS_PER_IP_HOUR = env.get_int(
    "MASTHEAD_NEWSLETTER_SIGNUPS_PER_IP_HOUR", 20
)
MASTHEAD_NEWSLETTER_SIGNUPS_PER_ADDRESS_DAY = 3  # confirmation mails per address/day
# Append-only log of unsubscribes outside the database (survives a restore).
MASTHEAD_NEWSLETTER_SUPPRESSION_FILE = env.get_str(
    "MASTHEAD_NEWSLETTER_SUPPRESSION_FILE"
) or str(DATA_DIR / "newsletter-suppressions.log")
# Shared secret for the bounce/complaint webhook; unset, the webhook is a 404.
MASTHEAD_NEWSLETTER_WEBHOOK_TOKEN = env.get_str("MASTHEAD_NEWSLETTER_WEBHOOK_TOKEN")
# The List-Unsubscribe mailto address (default: unsubscribe@ the sender's domain).
MASTHEAD_NEWSLETTER_UNSUBSCRIBE_MAILTO = env.get_str(
    "MASTHEAD_NEWSLETTER_UNSUBSCRIBE_MAILTO"
)
