"""Playwright driving Debian's Chromium against Django's live server."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; the test fails if the Content-Security-Policy blocked anything on
    the pages it opened (an inline script or style would be)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    blocked: list[str] = []

    def note_blocked(message):
        if "Content Security Policy" in message.text:
            blocked.append(f"{page.url}: {message.text}")

    page.on("console", note_blocked)
    yield page
    context.close()
    assert not blocked, blocked


@pytest.fixture
def page_errors(page):
    return collect_errors(page)


def collect_errors(page) -> list[str]:
    """Script errors on the page, collected as they happen; the API's refusals (4xx answers the
    page expects and shows) are not errors."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and errors.append(message.text)
        ),
    )
    return errors


def screenshot(page, name: str) -> Path:
    """Kept out of the repository (screenshots/ is ignored), for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def sign_in(page, username: str, next_url: str = "/") -> None:
    """Through the sign-in page, as a person does; lands on next_url."""
    page.goto(f"/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")
