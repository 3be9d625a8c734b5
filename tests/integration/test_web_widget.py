"""The web chat widget in Debian's Chromium (headless, driven by Playwright) against the real bot.

The demo page is served with a strict Content-Security-Policy by scripts/serve_web.py; the
Rasa server of the test session allows exactly that page's origin.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
import requests

from tests.integration.conftest import ROOT
from tests.unit.helpers import response_text

pytestmark = pytest.mark.server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
REPORTS = ROOT / "reports"
# As the machine notes say: no background connections (the network is closed), no sandbox
# as root, a fresh profile (Playwright makes one).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def demo_page(rasa_server, web_port):
    from scripts.build_web import build
    from scripts.serve_web import serve

    build()
    server = serve(web_port, rasa_server.url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{web_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: 'make setup' installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1100, "height": 800})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def bot_messages(page):
    return page.locator(".mca-bot .mca-body").all_inner_texts()


def wait_for_bot_text(page, text, timeout=30000):
    page.locator(".mca-bot .mca-body", has_text=text).last.wait_for(timeout=timeout)


def axe_violations(page):
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")], result


def first_line(response: str) -> str:
    return response_text(response).split("\n")[0]


def test_faq_quick_replies_afwegingskader_reload_and_accessibility(demo_page, page):
    page.goto(demo_page)
    launcher = page.get_by_role("button", name="Meldcode-assistent")
    launcher.focus()
    page.keyboard.press("Enter")  # keyboard only
    assert page.locator("#mca-input").evaluate("el => el === document.activeElement")

    # The welcome opens the conversation; the notice and the privacy link are visible.
    wait_for_bot_text(page, first_line("utter_welcome"))
    assert page.locator(".mca-notice").is_visible()
    assert page.get_by_role("link", name="Privacy").is_visible()

    # A FAQ question: the answer comes with its source.
    page.locator("#mca-input").fill("Mag ik melden zonder toestemming van de ouders?")
    page.keyboard.press("Enter")
    page.locator(".mca-bot .mca-body", has_text="Bron").last.wait_for(timeout=30000)
    assert (
        page.locator(".mca-user")
        .last.inner_text()
        .endswith("Mag ik melden zonder toestemming van de ouders?")
    )

    # The afwegingskader, answered with the quick-reply buttons.
    page.locator("#mca-input").fill("moet ik dit melden?")
    page.get_by_role("button", name="Verstuur").click()
    wait_for_bot_text(page, first_line("utter_ask_vermoeden")[:60])
    page.get_by_role("button", name="Ja", exact=True).click()
    wait_for_bot_text(page, first_line("utter_ask_onveiligheid")[:60])
    REPORTS.mkdir(exist_ok=True)
    page.screenshot(path=str(REPORTS / "widget-mid-dialog.png"))

    # Accessibility of the open widget mid-dialog (buttons on screen).
    serious, result = axe_violations(page)
    (REPORTS / "widget-axe.json").write_text(
        json.dumps(
            {
                "violations": result["violations"],
                "passes": len(result["passes"]),
                "incomplete": [v["id"] for v in result["incomplete"]],
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    assert serious == [], json.dumps(serious, indent=2)[:3000]

    page.get_by_role("button", name="Ja", exact=True).click()
    wait_for_bot_text(page, first_line("utter_besluit_melden_1")[:60])
    # The outcome ends with its footer, offering the summary and the call preparation.
    page.get_by_role("button", name="Gesprek met Veilig Thuis voorbereiden").wait_for()
    outcome_count = len(bot_messages(page))

    # A reload keeps the conversation: same messages, same session, widget still open.
    session_before = page.evaluate("JSON.parse(sessionStorage['meldcode-assistent']).sessionId")
    page.reload()
    page.locator(".mca-bot").nth(outcome_count - 1).wait_for(timeout=10000)
    assert len(bot_messages(page)) == outcome_count
    assert (
        page.evaluate("JSON.parse(sessionStorage['meldcode-assistent']).sessionId")
        == session_before
    )
    # ... and the server still knows where we are: the summary of this dialog comes back.
    page.locator("#mca-input").fill("/request_summary")
    page.keyboard.press("Enter")
    page.locator(".mca-bot .mca-body", has_text="meldnorm 1").last.wait_for(timeout=30000)

    # "Nieuw gesprek" starts over with a new session and an empty history.
    page.get_by_role("button", name="Nieuw gesprek").click()
    wait_for_bot_text(page, first_line("utter_welcome"))
    assert (
        page.evaluate("JSON.parse(sessionStorage['meldcode-assistent']).sessionId")
        != session_before
    )
    assert page.locator(".mca-user").count() == 0

    # Escape closes the panel and puts the focus back on the launcher (no keyboard trap).
    page.locator("#mca-input").focus()
    page.keyboard.press("Escape")
    assert page.locator(".mca-panel").is_hidden()
    assert launcher.evaluate("el => el === document.activeElement")

    assert page.console_errors == []


def test_call_preparation_ends_in_a_summary_rendered_as_lists(demo_page, page):
    page.goto(demo_page)
    page.get_by_role("button", name="Meldcode-assistent").click()
    wait_for_bot_text(page, first_line("utter_welcome"))
    page.locator("#mca-input").fill("ik wil een melding voorbereiden")
    page.keyboard.press("Enter")
    wait_for_bot_text(page, first_line("utter_ask_vt_rol")[:40])
    page.locator("#mca-input").fill("leerkracht basisonderwijs")
    page.keyboard.press("Enter")
    summary = page.locator(".mca-bot .mca-body", has_text="Voorbereiding gesprek met Veilig Thuis")
    for _ in range(10):  # skip the rest with the quick-reply button
        skip = page.get_by_role("button", name="Sla over", exact=True)
        skip.or_(summary).first.wait_for(timeout=30000)
        if summary.count():
            break
        skip.click()
    summary.wait_for(timeout=30000)
    items = summary.locator("li").all_inner_texts()
    assert "Mijn sector en functie: leerkracht basisonderwijs" in items
    assert "Ik bel voor: een melding doen" in items
    assert summary.get_by_text("0800-2000").count() >= 1
    summary.scroll_into_view_if_needed()
    page.screenshot(path=str(REPORTS / "widget-call-summary.png"))
    assert page.console_errors == []


def test_messages_are_shown_as_text_never_as_html(demo_page, page):
    page.goto(demo_page)
    page.get_by_role("button", name="Meldcode-assistent").click()
    wait_for_bot_text(page, first_line("utter_welcome"))
    page.evaluate("window.__pwned = false")
    hostile = '<img src=x onerror="window.__pwned=true"><b>vet</b>'
    page.locator("#mca-input").fill(hostile)
    page.keyboard.press("Enter")
    page.locator(".mca-user .mca-body").last.wait_for()
    assert page.locator(".mca-user .mca-body").last.inner_text() == hostile
    assert page.locator(".mca-log img").count() == 0
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is False


def test_readable_at_200_percent_zoom(demo_page, browser):
    # 200 % zoom of a 1280 px wide window = a 640 px wide layout viewport.
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 640, "height": 400}, device_scale_factor=2
    )
    page = context.new_page()
    page.goto(demo_page)
    page.get_by_role("button", name="Meldcode-assistent").click()
    wait_for_bot_text(page, first_line("utter_welcome"))
    box = page.locator(".mca-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 640
    # No horizontal scrolling inside the chat, and the input and send button stay on screen.
    assert page.locator(".mca-log").evaluate("el => el.scrollWidth <= el.clientWidth")
    for name in ("Verstuur", "Nieuw gesprek", "Sluiten"):
        button = page.get_by_role("button", name=name).bounding_box()
        assert button["y"] >= 0 and button["y"] + button["height"] <= 400
    page.screenshot(path=str(REPORTS / "widget-zoom-200.png"))
    context.close()


@pytest.mark.parametrize(
    "origin,allowed", [("allowed", True), ("http://evil.example", False)], ids=["own", "other"]
)
def test_only_the_configured_origin_may_open_a_socket(rasa_server, web_port, origin, allowed):
    origin = f"http://127.0.0.1:{web_port}" if origin == "allowed" else origin
    response = requests.get(
        f"{rasa_server.url}/socket.io/?EIO=4&transport=polling",
        headers={"Origin": origin},
        timeout=10,
    )
    assert (response.status_code == 200) is allowed


def test_a_client_cannot_choose_or_take_over_a_conversation(demo_page, browser, rasa_server):
    def events(session_id):
        tracker = requests.get(f"{rasa_server.url}/conversations/{session_id}/tracker", timeout=10)
        return len(tracker.json()["events"])

    def stored_session(page):
        return page.evaluate("JSON.parse(sessionStorage['meldcode-assistent']).sessionId")

    alice = browser.new_context().new_page()
    alice.goto(demo_page)
    alice.get_by_role("button", name="Meldcode-assistent").click()
    wait_for_bot_text(alice, first_line("utter_greet")[:30])  # comes after the welcome
    alice_id = stored_session(alice)

    # Bob arrives with a session id he made up: the server gives him a fresh one.
    bob_context = browser.new_context()
    bob_context.add_init_script(
        "sessionStorage.setItem('meldcode-assistent', JSON.stringify("
        "{sessionId: 'web-ik-kies-zelf', history: [], open: true}))"
    )
    bob = bob_context.new_page()
    bob.goto(demo_page)
    wait_for_bot_text(bob, first_line("utter_welcome"))
    assert stored_session(bob) not in ("web-ik-kies-zelf", alice_id)

    # Bob sends a message with Alice's id in it, over his own socket: it does not reach her.
    before = events(alice_id)
    bob.evaluate(
        """([server, aliceId]) => new Promise((resolve) => {
            const socket = io(server, {path: '/socket.io', transports: ['websocket']});
            socket.on('session_confirm', () => {
                socket.emit('user_uttered', {message: 'hallo', session_id: aliceId});
            });
            socket.on('bot_uttered', () => { socket.close(); resolve(); });
            socket.emit('session_request', {session_id: null});
        })""",
        [rasa_server.url, alice_id],
    )
    assert events(alice_id) == before
    assert alice.locator(".mca-bot").count() == 2  # welcome + greeting, nothing of Bob's
    alice.context.close()
    bob_context.close()


def test_the_browser_keeps_the_history_redacted_as_the_server_stores_it(demo_page, page):
    """sessionStorage holds what the server stores: [NAAM], not the name (issue #17)."""
    page.goto(demo_page)
    page.get_by_role("button", name="Meldcode-assistent").click()
    wait_for_bot_text(page, first_line("utter_welcome"))
    typed = "mijn leerling Sanne heeft blauwe plekken"
    page.locator("#mca-input").fill(typed)
    page.keyboard.press("Enter")
    page.locator(".mca-bot").nth(2).wait_for(timeout=30000)
    page.wait_for_timeout(500)
    saved = page.evaluate("sessionStorage['meldcode-assistent']")
    assert "Sanne" not in saved and "[NAAM]" in saved
    assert page.locator(".mca-user .mca-body").last.inner_text() == typed  # shown as typed
    page.reload()
    page.locator(".mca-user").last.wait_for(timeout=10000)
    assert "Sanne" not in page.locator(".mca-log").inner_text()
    # "Nieuw gesprek" leaves nothing of it, and binds the new session to a new page key.
    key_before = page.evaluate("JSON.parse(sessionStorage['meldcode-assistent']).pageKey")
    page.get_by_role("button", name="Nieuw gesprek").click()
    wait_for_bot_text(page, first_line("utter_welcome"))
    saved = page.evaluate("JSON.parse(sessionStorage['meldcode-assistent'])")
    assert "[NAAM]" not in json.dumps(saved) and saved["pageKey"] != key_before
    assert page.console_errors == []


def test_an_echoed_link_is_shown_as_text(demo_page, page):
    page.goto(demo_page)
    page.get_by_role("button", name="Meldcode-assistent").click()
    wait_for_bot_text(page, first_line("utter_welcome"))
    for answer in [
        "zie [klik](https://evil.example/login)",
        "nee, hulp met toestemming is al geprobeerd",
        "de ouders weigeren elk gesprek",
        "de bescherming van het kind weegt zwaarder",
        "alleen de feiten uit het dossier, aan veilig thuis",
    ]:
        if answer.startswith("zie"):
            page.locator("#mca-input").fill("ik wil zonder toestemming melden, help me onderbouwen")
            page.keyboard.press("Enter")
            page.wait_for_timeout(1500)
        page.locator("#mca-input").fill(answer)
        page.keyboard.press("Enter")
        page.wait_for_timeout(1500)
    rationale = page.locator(".mca-bot .mca-body", has_text="Onderbouwing")
    rationale.last.wait_for(timeout=30000)
    assert "[klik](https://evil.example/login)" in rationale.last.inner_text()
    assert page.locator(".mca-log a[href*='evil.example']").count() == 0
