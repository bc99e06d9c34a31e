"""A newcomer's whole spreadsheet journey, in a real headless Chromium on the real server.

Downloads the template from the home page, fills it (with a mistake), uploads it on the
validation page, reads the French report by sheet, row and column (faulty cells marked), fixes
the file, submits it with a steward's token from the same form, and finds the project among the
answers of a named question. The filling is done with openpyxl on the downloaded file itself —
its sheets, drop-down lists and comments are the ones a steward sees in LibreOffice or Excel.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pvgraph.settings import Settings, load_settings
from pvgraph.tabular.spec import workbook_spec
from tests.tabular.cases import CONFORMING

from ..conftest import REPO_ROOT, require_or_skip

pytestmark = [pytest.mark.browser, pytest.mark.live]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
TOKEN = "jeton-de-test-0123456789"
PROJECT = "Val-de-Brume connecté (projet fictif)"


@pytest.fixture
def web_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "ontology" / "queries").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "ontology" / "queries" / "projects-active-in-year.rq", root / "ontology" / "queries")
    shutil.copytree(REPO_ROOT / "shapes", root / "shapes")
    for ttl in (REPO_ROOT / "ontology").glob("*.ttl"):
        shutil.copy(ttl, root / "ontology" / ttl.name)
    return root


@pytest.fixture
def settings(web_root: Path, tmp_path: Path) -> Settings:
    return load_settings({"root": web_root, "store": ":memory:", "update_token": TOKEN,
                          "submissions_dir": str(tmp_path / "submissions")})


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(tmp_path: Path, downloads: Path):
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
                "--no-first-run", f"--user-data-dir={profile}", "--window-size=1280,1200", "--lang=fr-FR"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "intl.accept_languages": "fr-FR,fr", "download.default_directory": str(downloads),
        "download.prompt_for_download": False, "safebrowsing.enabled": True})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for_file(folder: Path, name: str, seconds: float = 60) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path = folder / name
        if path.is_file() and path.stat().st_size > 0 and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded (found: {[p.name for p in folder.iterdir()]})")


def _fill(template: Path, target: Path, rows: dict[str, list[list[str]]], root: Path) -> None:
    """Type the rows into the downloaded template, sheet by sheet, from row 2."""
    spec = workbook_spec(root)
    book = load_workbook(template)
    for key, sheet_rows in rows.items():
        sheet = book[spec.sheet(key).fr]
        for r, row in enumerate(sheet_rows, start=2):
            for c, value in enumerate(row, start=1):
                sheet.cell(row=r, column=c, value=value or None)
    book.save(target)


def test_template_fill_validate_fix_submit_ask(browser, live_server, downloads, tmp_path, web_root):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 120)
    browser.get(live_server + "/")
    browser.find_element(By.CSS_SELECTOR, 'a[href="/template.xlsx"]').click()
    template = _wait_for_file(downloads, "modele-pvgraph.xlsx")

    # Filled with one mistake: the project's leader left empty.
    wrong = {key: [list(r) for r in rows] for key, rows in CONFORMING.items()}
    wrong["projets"][0][2] = ""
    first = tmp_path / "ma-soumission.xlsx"
    _fill(template, first, wrong, web_root)

    browser.get(live_server + "/validate")
    browser.find_element(By.ID, "file").send_keys(str(first))
    browser.find_element(By.CSS_SELECTOR, 'button[type="submit"]:not([formaction])').click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "p.status")))
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "Les données ne sont pas conformes" in page
    assert "Feuille Projets, ligne 2, colonne « porteur » : cette colonne est obligatoire" in page
    marked = browser.find_elements(By.CSS_SELECTOR, "td.bad")
    assert marked and "à corriger" in marked[0].get_attribute("textContent")  # not colour alone

    # Fixed, and submitted from the same form with the steward's token.
    fixed = tmp_path / "ma-soumission-corrigee.xlsx"
    _fill(template, fixed, CONFORMING, web_root)
    browser.get(live_server + "/validate")
    browser.find_element(By.ID, "file").send_keys(str(fixed))
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.ID, "submit-button").click()
    wait.until(ec.presence_of_element_located((By.ID, "submission-id")))
    assert "Soumission acceptée" in browser.find_element(By.TAG_NAME, "h1").text
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a")]
    assert any(href and href.endswith("/files/1") for href in links)  # the RDF made from the spreadsheet

    # The accepted data answers a named question.
    browser.get(live_server + "/queries/projects-active-in-year?year=2023")
    wait.until(ec.presence_of_element_located((By.TAG_NAME, "table")))
    assert PROJECT in browser.find_element(By.TAG_NAME, "body").text
