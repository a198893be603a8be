"""Settings for Mestring: one module, every value from the environment with a local default.

Every setting read here is listed in docs/configuration.md (checked by tests/test_docs.py).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "mestring-local-development-only-not-secret"  # noqa: S105
_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nei", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if not DEBUG and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters when DEBUG is off.")

VAR_DIR = Path(os.environ.get("MESTRING_VAR_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'mestring.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A kept connection is checked before each request, so the site recovers by itself
        # after a database restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh checkout has no var/ yet; SQLite cannot create the folder itself.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
# JIT compilation costs more than it saves on short catalogue queries (measured: search).
# The national reports hash a year of runs (about 400 000) with their totals; with the
# default 4 MB of work memory that spills to disk (measured: 10.3 s against 6.6 s).
# Random reads cost about what sequential ones do when the data is on SSD or in memory;
# with the default 4 the planner read every search vector instead of the GIN index the
# search then had (measured on national data: 131 ms against 23 ms for a broad word).
POSTGRESQL_OPTIONS = "-c jit=off -c work_mem=64MB -c random_page_cost=1.1"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", POSTGRESQL_OPTIONS)
# A read replica (PostgreSQL streaming replica) for public reads and reports; see
# mestring/operations/replica.py and docs/operations.md.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", POSTGRESQL_OPTIONS)
    # Tests read the replica through the primary's connection.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["mestring.operations.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "reversion",
    "mestring.core",
    "mestring.refdata",
    "mestring.catalogue",
    "mestring.activity",
    "mestring.exchange",
    "mestring.demo",
    "mestring.quality",
    "mestring.accounts",
    "mestring.workspace",
    "mestring.collaboration",
    "mestring.evaluation",
    "mestring.signup",
    "django_tasks",
    "django_tasks_db",
    "mestring.statistics",
    "mestring.opendata",
    "mestring.api",
    "mestring.operations",
]

MIDDLEWARE = [
    # Outermost: the request id, the access log line and the metrics cover everything below.
    "mestring.operations.requests.RequestMiddleware",
    # Public GET and HEAD requests read from DATABASE_REPLICA_URL when it is set.
    "mestring.operations.replica.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole answers of the public catalogue API, kept until the catalogue changes.
    "mestring.operations.answers.AnswerCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "mestring.api.cors.PublicCorsMiddleware",
    "mestring.api.caching.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mestring.operations.ratelimit.RateLimitMiddleware",
    "reversion.middleware.RevisionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mestring.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The shared cache (rate limits, ETag bookkeeping, search caches): Redis when CACHE_URL is set,
# else each process's own memory. See mestring/operations/cache.py for how Redis degrades.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "mestring.operations.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mestring"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    CACHES["answers"] = {
        **CACHES["default"],
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-answers",
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Whole API answers (operations/answers.py): room for the questions of a busy day.
        "answers": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "answers",
            "OPTIONS": {"MAX_ENTRIES": 3000},
        },
    }

# Requests per client (user or address) per minute to /api/v1/; 0 turns the limit off.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 120)

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/arbeid/"
LOGOUT_REDIRECT_URL = "/"
# Lock-out after repeated failed logins, per user name and address (django-axes). The counts
# live in the database, so every process and machine share them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Import checks in the browser one user may run per hour.
IMPORT_RATE_PER_HOUR = env_int("IMPORT_RATE_PER_HOUR", 10)
# Bounds on every imported file (mestring/exchange/limits.py); `mestring import` can raise them.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 100 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 500_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 100_000)
IMPORT_MAX_DEPTH = env_int("IMPORT_MAX_DEPTH", 20)
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 200)
# Values one filter of the public search (/tilbud/, /api/v1/tilbud) may have.
SEARCH_MAX_FILTER_VALUES = env_int("SEARCH_MAX_FILTER_VALUES", 20)
OTP_TOTP_ISSUER = "Mestring"
# Single sign-on through OpenID Connect (docs/sso.md): a provider is on when its issuer is set;
# mestring/accounts/oidc.py checks the rest of its configuration.
OIDC_PROVIDERS = {
    name: provider
    for name, provider in {
        "helseid": {
            "issuer": os.environ.get("OIDC_HELSEID_ISSUER", ""),
            "client_id": os.environ.get("OIDC_HELSEID_CLIENT_ID", ""),
            "private_key": os.environ.get("OIDC_HELSEID_PRIVATE_KEY", ""),
            "scope": "openid profile",
        },
        "idporten": {
            "issuer": os.environ.get("OIDC_IDPORTEN_ISSUER", ""),
            "client_id": os.environ.get("OIDC_IDPORTEN_CLIENT_ID", ""),
            "private_key": os.environ.get("OIDC_IDPORTEN_PRIVATE_KEY", ""),
            "client_secret": os.environ.get("OIDC_IDPORTEN_CLIENT_SECRET", ""),
            "scope": "openid",
            "min_acr": os.environ.get("OIDC_IDPORTEN_MIN_ACR", "idporten-loa-substantial"),
        },
    }.items()
    if provider["issuer"]
}

# Strict Content-Security-Policy: no inline scripts anywhere, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "mestring.urls"
WSGI_APPLICATION = "mestring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mestring" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "mestring" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "mestring" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mestring@localhost")
# The public address, for links in e-mails sent outside a request (reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The FHIR API's base: fullUrls, paging links and `mestring export_fhir` use it.
FHIR_BASE_URL = os.environ.get("FHIR_BASE_URL", "").rstrip("/") or SITE_URL.rstrip("/") + "/fhir"
# Where people report accessibility barriers (shown in the accessibility statement).
ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT", "tilgjengelighet@mestring.no")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)

# Sign-up in Mestring (mestring/signup): personal data is deleted this many days after the
# run ends; at most SIGNUP_RATE_LIMIT sign-ups per address in ten minutes.
SIGNUP_RETENTION_DAYS = env_int("SIGNUP_RETENTION_DAYS", 30)
SIGNUP_RATE_LIMIT = env_int("SIGNUP_RATE_LIMIT", 5)
# E-mails go through a task queue in the database (django-tasks); `mestring db_worker` sends
# them. See docs/decisions/0005-email-queue-in-the-database.md.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Core dataset §6: person counts below this are shown as "<5" in public outputs.
SUPPRESSION_THRESHOLD = env_int("SUPPRESSION_THRESHOLD", 5)
# Where `mestring open_data` writes the open data dump served under /apne-data/.
OPEN_DATA_DIR = Path(os.environ.get("OPEN_DATA_DIR", VAR_DIR / "apne-data"))
# Where the nightly `mestring planlagt sikkerhetskopi` writes its backups.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "sikkerhetskopier"))
# Where `mestring refdata load` reads its files; the repository's copy by default.
REFDATA_DIR = Path(os.environ.get("REFDATA_DIR", BASE_DIR / "mestring" / "refdata" / "data"))

# /metrics (Prometheus): off unless a bearer token or addresses are set; see docs/operations.md.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", [])

# Log lines: JSON objects with the request id in production, plain text while developing.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "mestring.operations.requests.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "mestring.operations.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes logs every login at INFO; failures and lock-outs come as warnings.
        "axes": {"level": "WARNING"},
        # One line per request comes from mestring.request; runserver's own would double it.
        "django.server": {"level": "WARNING"},
    },
}
