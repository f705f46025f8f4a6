"""Calls run at the same moment, as concurrent requests would, for tests of what the database
lets through."""

import threading

from django.db import connection


def at_once(*calls, caught: tuple[type[Exception], ...]) -> list:
    """Run the calls at the same moment, each in a thread with its own database connection; each
    outcome is what the call returned or the error of a caught type it raised."""
    start = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            outcomes[index] = call()
        except caught as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
