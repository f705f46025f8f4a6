from io import StringIO

from django.core.management import call_command


def run(command: str, *args, **options) -> tuple[str, str]:
    """Run a management command as a user would; return what it printed (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()
