"""Settings, read from environment variables; a bad value stops start-up with a clear message.

Variables (all optional for a local run):
  DATABASE_URL          postgres://user:pass@host:port/name or sqlite:////abs/path.sqlite3
                        (default: sqlite under REGIODEAL_DATA_DIR)
  REGIODEAL_DATA_DIR    folder for the SQLite file and collected static files (default ./data)
  DJANGO_SECRET_KEY     required when DJANGO_DEBUG is off and not running tests (see below)
  DJANGO_DEBUG          true/false (default false)
  DJANGO_ALLOWED_HOSTS  comma-separated (default localhost,127.0.0.1,[::1])
  REGIODEAL_SECURE_COOKIES  true/false: mark cookies Secure (default: true unless DEBUG)
  REGIODEAL_RESIDENT_DATA_RETENTION_MONTHS (12)  how long residents' personal data (contact
                        details, IP addresses in the audit trail) is kept after the idea's
                        closing or last activity (docs/security.md); REGIODEAL_IDEA_CONTACT_
                        RETENTION_DAYS, when set, gives the same period in days instead
  REGIODEAL_IDEA_RATE_LIMIT (5), REGIODEAL_IDEA_RATE_WINDOW (3600 s)  residents' ideas: rate limit
  REGIODEAL_AUDIT_KEY   secret key of the audit trail's hash chain (HMAC); required in
                        production, derived from the SECRET_KEY with a warning otherwise
  REGIODEAL_UPLOAD_MAX_BYTES, REGIODEAL_IMPORT_MAX_ROWS, ... limits on input: the block "Limits
                        on input" below and docs/security.md
  REGIODEAL_CACHE_ENTRIES  entries the file cache keeps before it culls (default 3000, at least 300)
  REDIS_URL             redis://host:6379/0 (or rediss://, unix:///path.sock): the cache, the
                        sessions read through it, the build locks and the ideas rate limit live in
                        this Redis, shared by every app server (docs/deployment.md); unset: the
                        file cache in the data folder, for one server (the default)
  REGIODEAL_CACHE_PREFIX  prefix of every key in Redis (default regiodeal): two platforms on one
                        Redis need two prefixes
  REGIODEAL_PUBLIC_LAG_SECONDS  the public site and public API follow a write in a deal within
                        this many seconds (default 10; 0: at once); a confidentiality decision,
                        residents' ideas and accounts logged in at once (docs/public-site.md)
  REGIODEAL_STORAGE     where uploaded files are kept: local (default: REGIODEAL_MEDIA_DIR) or s3
                        (S3-compatible object storage, django-storages): REGIODEAL_S3_BUCKET
                        (required), REGIODEAL_S3_ENDPOINT_URL, REGIODEAL_S3_REGION,
                        REGIODEAL_S3_ACCESS_KEY_ID, REGIODEAL_S3_SECRET_ACCESS_KEY,
                        REGIODEAL_S3_PREFIX (a folder in the bucket)
  REGIODEAL_MEDIA_DIR   folder of uploaded files with REGIODEAL_STORAGE=local (default
                        REGIODEAL_DATA_DIR/media); several servers: a shared folder
  REGIODEAL_IMPORTS_DIR folder of import uploads waiting to be confirmed and run (default
                        REGIODEAL_DATA_DIR/imports); several servers: a shared folder
  REGIODEAL_PRODUCTION  true/false (default false): refuse to start with DEBUG on or without
                        DJANGO_SECRET_KEY
  REGIODEAL_TRUSTED_PROXIES  addresses or networks of the proxies in front, comma-separated
                        (e.g. 127.0.0.1 or 10.0.0.0/24; default none): only their X-Forwarded-For
                        and X-Forwarded-Proto are believed (docs/security.md)
  REGIODEAL_HSTS_SECONDS  Strict-Transport-Security max-age sent over HTTPS (default 31536000)
  REGIODEAL_HEALTH_MIN_FREE_MB (100), REGIODEAL_HEALTH_WORKER_SECONDS (300)  /healthz: free space
                        of the data folder, age of the worker's last heartbeat
  OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET, OIDC_OP_AUTHORIZATION_ENDPOINT,
  OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT
                        OpenID Connect login with a municipality's identity provider: all six
                        or none (accounts are matched by e-mail and must exist already)
  REGIODEAL_EMAIL_BACKEND  console (default: mails printed to the server's output), smtp, or a
                        dotted backend path; with smtp: EMAIL_HOST, EMAIL_PORT (587),
                        EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS (true)
  REGIODEAL_EMAIL_FROM  sender of the platform's mails (default regiodeal@localhost)
  REGIODEAL_BASE_URL    the address people reach the platform on, for links in mails
                        (default http://127.0.0.1:8000)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value}: at least {minimum}.")
    return value


DATA_DIR = Path(os.environ.get("REGIODEAL_DATA_DIR") or Path.cwd() / "data").resolve()
DEBUG = env_bool("DJANGO_DEBUG", False)
PRODUCTION = env_bool("REGIODEAL_PRODUCTION", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("REGIODEAL_PRODUCTION is on: DJANGO_DEBUG must be off.")
if PRODUCTION and len(os.environ.get("DJANGO_SECRET_KEY", "")) < 40:
    raise ImproperlyConfigured(
        "REGIODEAL_PRODUCTION is on: set DJANGO_SECRET_KEY to a random string of at least 40 characters."
    )

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    # A local run keeps a generated key in the data folder, so sessions survive a restart
    # without anyone having to invent a secret. Production sets DJANGO_SECRET_KEY.
    key_file = DATA_DIR / "secret_key"
    try:
        SECRET_KEY = key_file.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
        SECRET_KEY = secrets.token_urlsafe(50)
        key_file.write_text(SECRET_KEY)
        key_file.chmod(0o600)

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "regiodeal.common",
    "regiodeal.jobs",
    "regiodeal.audit",
    "regiodeal.deals",
    "regiodeal.accounts",
    "regiodeal.disclosure",
    "regiodeal.projects",
    "regiodeal.finance",
    "regiodeal.results",
    "regiodeal.governance",
    "regiodeal.participation",
    "regiodeal.ideas",
    "regiodeal.imports",
    "regiodeal.reporting",
    "regiodeal.evaluation",
    "regiodeal.notifications",
    "regiodeal.demo",
    "regiodeal.api",
    "regiodeal.portal",
    "regiodeal.work",
]

MIDDLEWARE = [
    "regiodeal.common.http.TrustedProxyMiddleware",  # first: HTTPS as a trusted proxy says
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "regiodeal.accounts.kept.AuthenticationMiddleware",  # Django's, the account kept (accounts/kept.py)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "regiodeal.api.errors.BusyDatabaseMiddleware",
    "regiodeal.common.dataversion.RequestScope",
    "regiodeal.common.nul.RefuseNulMiddleware",  # limits on input: NUL in path or query
]

ROOT_URLCONF = "regiodeal.urls"
WSGI_APPLICATION = "regiodeal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
        url = f"sqlite:///{DATA_DIR / 'regiodeal.sqlite3'}"
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(f"DATABASE_URL uses {scheme!r}: use a postgres:// or sqlite:/// URL.")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # WAL and a busy timeout let the web server and a command line share the file.
        config["OPTIONS"] = {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "regiodeal.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Also "aaaaaaaaaaaa", "abcabcabcabc" and "Welkom2024!!" (accounts/validators.py).
    {"NAME": "regiodeal.accounts.validators.RepeatedCharactersValidator"},
    {"NAME": "regiodeal.accounts.validators.DutchCommonPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins
    "django.contrib.auth.backends.ModelBackend",
]
# E-mail through Django's backends: the console by default, SMTP in production (tests: the outbox).
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}.get(
    os.environ.get("REGIODEAL_EMAIL_BACKEND", "console").strip() or "console",
    os.environ.get("REGIODEAL_EMAIL_BACKEND", "").strip(),
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("REGIODEAL_EMAIL_FROM", "regiodeal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
BASE_URL = os.environ.get("REGIODEAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if not BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"REGIODEAL_BASE_URL={BASE_URL!r}: start it with http:// or https://.")

# Background jobs: a queue in the platform's own database, run by `regiodeal worker` (which
# `regiodeal serve` starts); regiodeal.jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "work:home"  # "Mijn werk"; a `next` parameter still wins
LOGOUT_REDIRECT_URL = "portal:home"

# Failed logins: after 5 for one account from one address, that pair waits 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OIDC_VARIABLES = [
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
]
_oidc_set = [v for v in OIDC_VARIABLES if os.environ.get(v)]
OIDC_ENABLED = bool(_oidc_set)
if OIDC_ENABLED:
    if len(_oidc_set) != len(OIDC_VARIABLES):
        missing = ", ".join(v for v in OIDC_VARIABLES if v not in _oidc_set)
        raise ImproperlyConfigured(f"OpenID Connect is half configured: also set {missing}.")
    for _name in OIDC_VARIABLES:
        globals()[_name] = os.environ[_name]
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False  # an account exists first, with its role (regiodeal createuser)
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("mozilla_django_oidc.auth.OIDCAuthenticationBackend")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_DIR = Path(os.environ.get("REGIODEAL_MEDIA_DIR") or DATA_DIR / "media").resolve()
# None: DATA_DIR/imports, read when an upload is stored (imports/services.py).
_imports_dir = os.environ.get("REGIODEAL_IMPORTS_DIR", "").strip()
IMPORTS_DIR = Path(_imports_dir).resolve() if _imports_dir else None


def file_storage_from_env() -> dict:
    """Where uploaded files are kept: the local folder, or S3-compatible storage for
    several app servers. Files are private either way: they are served only through the views that
    check who may read them (FileResponse of the field), never by a public URL of the bucket."""
    kind = os.environ.get("REGIODEAL_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        # Written whole or not at all (common/storage.py).
        return {
            "BACKEND": "regiodeal.common.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": MEDIA_DIR},
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"REGIODEAL_STORAGE={kind!r}: use local or s3.")
    bucket = os.environ.get("REGIODEAL_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("REGIODEAL_STORAGE=s3: set REGIODEAL_S3_BUCKET to the bucket's name.")
    options = {
        "bucket_name": bucket,
        "location": os.environ.get("REGIODEAL_S3_PREFIX", "").strip().strip("/"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,  # two uploads of "besluit.pdf" keep two files
    }
    for option, name in [
        ("endpoint_url", "REGIODEAL_S3_ENDPOINT_URL"),
        ("region_name", "REGIODEAL_S3_REGION"),
        ("access_key", "REGIODEAL_S3_ACCESS_KEY_ID"),
        ("secret_key", "REGIODEAL_S3_SECRET_ACCESS_KEY"),
    ]:
        if os.environ.get(name, "").strip():
            options[option] = os.environ[name].strip()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage_from_env(),
    "staticfiles": {"BACKEND": "whitenoise.storage.ManifestStaticFilesStorage"},
}

SECURE = env_bool("REGIODEAL_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
# Sessions are kept in the database and read through the cache: one query fewer on every page of
# a logged-in account; a logout or expiry removes both.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Trust in operation: proxies, HTTPS, uploads, health ---------------------------------------
# The proxies in front (nginx): only from these peers are X-Forwarded-For (the client's address,
# for the login lockout, the ideas limit and the audit trail) and X-Forwarded-Proto believed
# (common/http.py). Django's SECURE_PROXY_SSL_HEADER is left unset: it would believe anyone.
try:
    from regiodeal.common.http import parse_networks

    _proxies = os.environ.get("REGIODEAL_TRUSTED_PROXIES", "")
    REGIODEAL_TRUSTED_PROXIES = [str(network) for network in parse_networks(_proxies)]
except ValueError as exc:
    raise ImproperlyConfigured(f"REGIODEAL_TRUSTED_PROXIES: {exc}.") from exc
AXES_CLIENT_IP_CALLABLE = "regiodeal.common.http.client_ip"
# HSTS goes out on every HTTPS response (never over plain http, so a local run is not affected).
SECURE_HSTS_SECONDS = env_int("REGIODEAL_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Uploaded files and their folders: for the platform's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
REGIODEAL_HEALTH_MIN_FREE_MB = env_int("REGIODEAL_HEALTH_MIN_FREE_MB", 100)
REGIODEAL_HEALTH_WORKER_SECONDS = env_int("REGIODEAL_HEALTH_WORKER_SECONDS", 300, minimum=60)
# ------------------------------------------------------------------------------------------------

# No inline scripts or styles anywhere: every script is a static file of our own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "regiodeal.api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 50,
    # Service errors -> JSON with a translated message and the rule (regiodeal/api/handler.py).
    "EXCEPTION_HANDLER": "regiodeal.api.handler.exception_handler",
    # Dutch unless the client asks for English (Accept-Language: en): regiodeal/api/negotiation.py.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "regiodeal.api.negotiation.LanguageNegotiation",
    # Closed unless a view says otherwise (regiodeal.accounts.access.DealCapability).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "COERCE_DECIMAL_TO_STRING": True,
    # JSON within REGIODEAL_API_JSON_MAX_BYTES / _MAX_DEPTH (limits on input, docs/security.md).
    "DEFAULT_PARSER_CLASSES": [
        "regiodeal.api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "regiodeal API",
    "DESCRIPTION": "The Regio Deal as data: deals, Parties, Partners, pillars, objectives, "
    "intended results and budget lines. Amounts are strings with two decimals (euros).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from the package, not a CDN: these machines reach no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Each set of choices named after its class, so a client sees ProjectStatusEnum, not
    # Status3baEnum (several models have a "status"; tests/api/test_schema.py: no warnings).
    "ENUM_NAME_OVERRIDES": {
        "AnswerEnum": "regiodeal.governance.constants.Answer",
        "AreaKindEnum": "regiodeal.deals.constants.AreaKind",
        "AudienceEnum": "regiodeal.reporting.constants.Audience",
        "BetterEnum": "regiodeal.deals.constants.Better",
        "BudgetLineKindEnum": "regiodeal.deals.constants.BudgetLineKind",
        "ContributionFormEnum": "regiodeal.finance.constants.ContributionForm",
        "ContributionSectorEnum": "regiodeal.finance.constants.ContributionSector",
        "ContributionStatusEnum": "regiodeal.finance.constants.ContributionStatus",
        "EntryKindEnum": "regiodeal.finance.constants.EntryKind",
        "FormatEnum": "regiodeal.reporting.constants.Format",
        "FundingEnum": "regiodeal.finance.constants.Funding",
        "IdeaStatusEnum": "regiodeal.ideas.constants.IdeaStatus",
        "ImportKindEnum": "regiodeal.finance.constants.ImportKind",
        "IndicatorOriginEnum": "regiodeal.results.constants.IndicatorOrigin",
        "InitiativeKindEnum": "regiodeal.participation.constants.InitiativeKind",
        "InitiativeStatusEnum": "regiodeal.participation.constants.InitiativeStatus",
        "LadderRungEnum": "regiodeal.participation.constants.LadderRung",
        "ObligationStatusEnum": "regiodeal.governance.constants.ObligationStatus",
        "OutreachFormEnum": "regiodeal.participation.constants.OutreachForm",
        "PartyKindEnum": "regiodeal.deals.constants.PartyKind",
        "ProjectStageEnum": "regiodeal.participation.constants.ProjectStage",
        "ProjectStatusEnum": "regiodeal.projects.constants.ProjectStatus",
        "RegisterKindEnum": "regiodeal.governance.constants.RegisterKind",
        "RegisterStatusEnum": "regiodeal.governance.constants.RegisterStatus",
        "ReportStatusEnum": "regiodeal.reporting.constants.ReportStatus",
        "RequestKindEnum": "regiodeal.governance.constants.RequestKind",
        "RequestStatusEnum": "regiodeal.governance.constants.RequestStatus",
        "RiskLevelEnum": "regiodeal.projects.constants.RiskLevel",
        "RiskStatusEnum": "regiodeal.projects.constants.RiskStatus",
        "TargetKindEnum": "regiodeal.deals.constants.TargetKind",
        "TargetOperatorEnum": "regiodeal.deals.constants.TargetOperator",
        "VersionOriginEnum": "regiodeal.deals.constants.VersionOrigin",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "regiodeal.api.schema.add_error_responses",
    ],
}

# A cache that all gunicorn workers share: the ideas form's rate limit, the data versions and the
# figures cached under them (common/dataversion.py) live here. Room for about 60 entries per deal
# of a 40-deal portfolio (pages per filter and language, API lists, dashboards); Django's default
# of 300 would throw cached pages away, a third at random, long before they are stale.
CACHES = {
    "default": {
        # Django's file cache, counting its files every 50th write instead of every write
        # (regiodeal/common/cache.py says why).
        "BACKEND": "regiodeal.common.cache.FileCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": env_int("REGIODEAL_CACHE_ENTRIES", 3000, minimum=300)},
    }
}
# More than one app server (docs/deployment.md): with REDIS_URL the cache lives in
# Redis, shared by every server. The sessions read through it (cached_db), the build locks
# (common/locks.py) and the ideas rate limit (ideas/ratelimit.py) follow the cache, so a logout, a
# lock or a count made on one server holds on all. Redis evicts by its own policy (maxmemory).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL={REDIS_URL!r}: use redis://host:port/db, rediss://... or unix:///path.sock."
        )
    CACHES = {
        "default": {
            # Django's own Redis cache. It does not fail open as the file cache does: the sessions
            # and locks depend on it, and a logout that silently missed Redis would come back.
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("REGIODEAL_CACHE_PREFIX", "regiodeal").strip() or "regiodeal",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2, "health_check_interval": 30},
        }
    }

# Residents' ideas (Bijlage 1 §3): contact details are kept this many days after an idea is closed,
# then `regiodeal purge-personal-data` deletes them; at most this many ideas per address per window.
REGIODEAL_RESIDENT_DATA_RETENTION_MONTHS = env_int("REGIODEAL_RESIDENT_DATA_RETENTION_MONTHS", 12, minimum=1)
REGIODEAL_IDEA_CONTACT_RETENTION_DAYS = env_int("REGIODEAL_IDEA_CONTACT_RETENTION_DAYS", 0, minimum=0) or None
REGIODEAL_AUDIT_KEY = os.environ.get("REGIODEAL_AUDIT_KEY", "")
# The public site and the public API follow a write in a deal within this many seconds (a
# confidentiality decision at once; accounts logged in at once): under a stream of writes the
# deal's public figures are computed again at most once per lag (common/dataversion.py).
REGIODEAL_PUBLIC_LAG_SECONDS = env_int("REGIODEAL_PUBLIC_LAG_SECONDS", 10, minimum=0)
REGIODEAL_IDEA_RATE_LIMIT = env_int("REGIODEAL_IDEA_RATE_LIMIT", 5, minimum=1)
REGIODEAL_IDEA_RATE_WINDOW = env_int("REGIODEAL_IDEA_RATE_WINDOW", 3600, minimum=1)

# --- Limits on input (docs/security.md "Limits on input") --------------------
# Each limit can be set in the environment under its own name. Uploaded tables (every import):
REGIODEAL_UPLOAD_MAX_BYTES = env_int("REGIODEAL_UPLOAD_MAX_BYTES", 100 * 1024 * 1024, minimum=1024)
REGIODEAL_XLSX_MAX_UNCOMPRESSED_BYTES = env_int(
    "REGIODEAL_XLSX_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024, minimum=1024
)
REGIODEAL_XLSX_MAX_SHARED_STRINGS_BYTES = env_int(
    "REGIODEAL_XLSX_MAX_SHARED_STRINGS_BYTES", 20 * 1024 * 1024, minimum=1024
)
REGIODEAL_IMPORT_MAX_ROWS = env_int("REGIODEAL_IMPORT_MAX_ROWS", 1_000_000, minimum=1)
REGIODEAL_IMPORT_MAX_COLUMNS = env_int("REGIODEAL_IMPORT_MAX_COLUMNS", 200, minimum=1)
REGIODEAL_IMPORT_MAX_CELL_CHARS = env_int("REGIODEAL_IMPORT_MAX_CELL_CHARS", 10_000, minimum=100)
REGIODEAL_IMPORT_MAX_PROBLEMS = env_int("REGIODEAL_IMPORT_MAX_PROBLEMS", 1000, minimum=1)
REGIODEAL_IMPORT_SHOWN_PROBLEMS = env_int("REGIODEAL_IMPORT_SHOWN_PROBLEMS", 100, minimum=1)
# A deal's definition file (YAML): its size; anchors and aliases are always refused.
REGIODEAL_DEFINITION_MAX_BYTES = env_int("REGIODEAL_DEFINITION_MAX_BYTES", 1024 * 1024, minimum=1024)
REGIODEAL_DEFINITION_MAX_DEPTH = env_int("REGIODEAL_DEFINITION_MAX_DEPTH", 30, minimum=5)
# The API's JSON bodies: size and nesting depth (regiodeal.api.parsers.LimitedJSONParser).
REGIODEAL_API_JSON_MAX_BYTES = env_int("REGIODEAL_API_JSON_MAX_BYTES", 2 * 1024 * 1024, minimum=1024)
REGIODEAL_API_JSON_MAX_DEPTH = env_int("REGIODEAL_API_JSON_MAX_DEPTH", 20, minimum=2)
# --- end of the limits on input ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REGIODEAL_LOG_LEVEL", "INFO")},
}
