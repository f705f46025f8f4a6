"""Settings for the claim annotator, read from the environment.

DATABASE_URL  a SQLite file in the project folder unless set (postgres://... for PostgreSQL)
SECRET_KEY    required unless DEBUG is on
DEBUG         1/true/yes/on to enable; off by default
ALLOWED_HOSTS comma-separated host names; localhost only when DEBUG is on and it is unset
HTTPS         on unless DEBUG is: redirect to https, secure cookies, HSTS. HTTPS=0 serves plain
              HTTP (a benchmark on loopback); `check --deploy` then warns
HSTS_SECONDS  Strict-Transport-Security max-age when HTTPS is on (a year unless set);
              HSTS_SUBDOMAINS=0 and HSTS_PRELOAD=0 drop includeSubDomains and preload
BEHIND_TLS_PROXY  1 when a proxy ends TLS and sets X-Forwarded-Proto
CELERY_BROKER_URL  redis://host:6379/0 to run jobs on Celery workers; in process when unset
JOB_FILES_DIR where export jobs write their files (job-files/ in the project folder unless set)
LOGIN_FAILURE_LIMIT  failed sign-ins from one address for one user name before a 15-minute lockout (5)
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")
    # Development only: sessions signed with this key are worthless outside this machine.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "claims.apps.AdminConfig",  # django.contrib.admin, entered by staff superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "claims.middleware.DatabaseUnavailableMiddleware",
    # last, as its documentation asks: it turns a locked-out sign-in into its 429 answer
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "annotator.urls"
WSGI_APPLICATION = "annotator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The quickstart's database: in WAL mode pages go on reading while a long write (the
    # suggestions of a long article) holds the file, and a writer waits its turn for up to
    # 20 s, taking its lock when its transaction begins, instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

AUTHENTICATION_BACKENDS = [
    # counts failed sign-ins and refuses a locked-out one before the password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
# a user name and an address together: an attacker elsewhere cannot lock a colleague out
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "claims.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "claims.lockout.lockout_username"

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Without collectstatic (tests, the quickstart) WhiteNoise finds the files where the apps keep
# them; collectstatic writes compressed copies that it then serves in their place.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    # The first class names the scheme of a 401's WWW-Authenticate; session's has none (a 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.handle_exception",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.LimitedJSONParser"],
    # ?format= names an export format, not a renderer
    "URL_FORMAT_OVERRIDE": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Claim annotator API",
    "DESCRIPTION": "Claims in news articles, the sources they are attributed to, their review and exports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # PATCH bodies are validated whole by their own serializers (a claim's needs its version),
    # so the schema keeps their required fields rather than a "Patched" copy without any.
    "COMPONENT_SPLIT_PATCH": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "claims.models.SourceKind",
        "AttributionKindEnum": "claims.models.AttributionKind",
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "JobStatusEnum": "claims.models.JobStatus",
    },
}

# Jobs (claims.jobs): Celery workers when a broker is set, else threads of the web process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
JOB_FILES_DIR = Path(os.environ.get("JOB_FILES_DIR", BASE_DIR / "job-files"))

# Request bodies above this size are refused before they are parsed; article files uploaded
# together (POST /api/projects/{id}/documents/) may come to more, and larger folders go through
# `manage.py import_documents`.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DOCUMENT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 100

HTTPS = env_flag("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_flag("HSTS_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = HTTPS and env_flag("HSTS_PRELOAD", default=True)
if env_flag("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: pages load ES modules and stylesheets from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
