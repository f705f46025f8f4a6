"""SQL functions SQLite gets wrong for this app, replaced on each new connection.

SQLite's built-in LOWER() lowers ASCII letters only, so the unique index on
``lower(name)`` of SourceAlias (and every ``Lower()`` lookup) took "Ärzte Zeitung" and
"ärzte zeitung" for two names, where PostgreSQL's lower() takes them for one. SQLite lets an
application function replace a built-in one of the same name and arity; registered
deterministic, the expression index may use it.
"""

from collections import defaultdict

from django.db import IntegrityError
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

# The indexes over lower(...): those a SQLite file built with the built-in LOWER() must rebuild.
LOWERED_INDEXES = ["alias_unique_ignoring_case_per_project"]


def unicode_lower(value):
    """LOWER() with Python's str.lower: every cased letter, not only A-Z. NULL stays NULL and a
    number is lowered as its text, as the built-in does."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value).lower()


def register_functions(sender, connection, **kwargs) -> None:
    """connection_created receiver: on SQLite connections only (PostgreSQL's lower() already
    follows Unicode)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("LOWER", 1, unicode_lower, deterministic=True)


def rebuild_lowered_indexes(sender, using, **kwargs) -> None:
    """post_migrate receiver. A SQLite file from before unicode_lower holds index keys that the
    built-in LOWER() computed: "Ärzte" filed under "Ärzte", where lookups now seek "ärzte" and
    miss it. REINDEX files every row anew; on a fresh file it is a quick no-op."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for index in LOWERED_INDEXES:
            try:
                cursor.execute(f"REINDEX {index}")
            except IntegrityError as error:
                raise IntegrityError(_collisions_message(index)) from error


def _collisions_message(index: str) -> str:
    """Which names the index refuses now that case is ignored beyond ASCII, and what to do."""
    from claims.models import SourceAlias

    groups = defaultdict(list)
    for project_id, name in SourceAlias.objects.values_list("project_id", "name"):
        groups[project_id, unicode_lower(name)].append(name)
    clashes = "; ".join(
        f"project {project_id}: {' / '.join(map(repr, names))}"
        for (project_id, _), names in groups.items()
        if len(names) > 1
    )
    return (
        f"{index} cannot be rebuilt: these source names differ only in case ({clashes}). "
        "Merge or rename them (sources differing only in case are one source), then migrate again."
    )


def connect(app_config) -> None:
    connection_created.connect(register_functions, dispatch_uid="claims.sqlite_functions")
    post_migrate.connect(rebuild_lowered_indexes, sender=app_config, dispatch_uid="claims.lowered_indexes")
