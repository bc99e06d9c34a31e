"""A real headless browser (Debian's chromium, driven by Selenium) on the real server.

It does what a newcomer does: opens the home page, goes to the editor, runs a named question in
YASGUI and sees its rows. Skipped (with the reason) only outside CI when chromium is missing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from ..conftest import REPO_ROOT, require_or_skip
from .conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.live]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def web_root(tmp_path: Path) -> Path:
    """The fixture's named question, and the project's shapes and ontology for the validator."""
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "queries", root / "ontology" / "queries")
    shutil.copytree(REPO_ROOT / "shapes", root / "shapes")
    for ttl in (REPO_ROOT / "ontology").glob("*.ttl"):
        shutil.copy(ttl, root / "ontology" / ttl.name)
    return root


@pytest.fixture
def browser(tmp_path: Path):
    require_or_skip(bool(CHROMIUM and CHROMEDRIVER),
                    "chromium and chromedriver are not installed (make system-deps installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="pvgraph-chromium-", dir=tmp_path)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={profile}", "--window-size=1280,1200",
                "--lang=fr-FR"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def test_a_newcomer_runs_a_named_question_in_the_editor(browser, live_server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 60)
    browser.get(live_server + "/?lang=fr")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert "Ce que contient le graphe" in browser.page_source
    browser.save_screenshot(str(tmp_path / "home.png"))

    browser.find_element(By.LINK_TEXT, "Éditeur de requêtes").click()
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#yasgui .yasqe")))
    # with JavaScript on, YASGUI replaces the plain form
    assert not browser.find_element(By.ID, "plain-editor").is_displayed()

    browser.find_element(By.CSS_SELECTOR, '[data-question="projects-and-leaders"]').click()
    rows = wait.until(lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
                                 if "Projet" in r.text] or False)
    texts = " ".join(r.text for r in rows)
    assert len(rows) == 2 and "Projet Alpha" in texts and "Projet Bêta" in texts
    browser.save_screenshot(str(tmp_path / "editor.png"))

    # a result's IRI leads to its page on this server, and from there to related things
    rows[0].find_element(By.PARTIAL_LINK_TEXT, "project/alpha").click()
    wait.until(ec.title_contains("Projet Alpha"))
    assert browser.current_url.startswith(live_server + "/id/example/project/alpha")
    browser.find_element(By.LINK_TEXT, "Collectivité fictive Un").click()
    wait.until(ec.title_contains("Collectivité fictive Un"))
    assert "Projet Bêta" in browser.find_element(By.TAG_NAME, "main").text

    # the ontology's documentation, in French then in English
    browser.find_element(By.LINK_TEXT, "Ontologie").click()
    wait.until(ec.title_contains("Ontologie d'essai"))
    browser.find_element(By.LINK_TEXT, "Read it in English").click()
    wait.until(ec.title_contains("Test ontology"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    # the validator: upload a file, read the report
    browser.find_element(By.LINK_TEXT, "Validate").click()
    wait.until(ec.presence_of_element_located((By.ID, "file")))
    browser.find_element(By.ID, "file").send_keys(str(FIXTURES / "things.ttl"))
    browser.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    status = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "[role=status]")))
    assert status.text.strip()
    assert "things.ttl" in browser.page_source

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
