"""Every main page passes axe-core's WCAG 2.1 A/AA rules (RGAA 4.1 asks for WCAG 2.1 AA) with no
critical or serious finding, in French and in English, in real headless Chromium on the real
server; and the query editor is no keyboard trap.

axe-core is pinned by SHA-256 in scripts/install-assets.sh (npm axe-core, MPL-2.0) and injected from
tests/web/vendor/axe-core/: nothing is loaded from another host.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ..conftest import REPO_ROOT, require_or_skip
from .conftest import FIXTURES
from .test_browser import browser, web_root  # noqa: F401  (the same Chromium and project root)

pytestmark = [pytest.mark.browser, pytest.mark.live]

AXE = REPO_ROOT / "tests" / "web" / "vendor" / "axe-core" / "axe-4.14.1.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
SHEETS = REPO_ROOT / "tests" / "tabular" / "fixtures"
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: RULES}, resultTypes: ["violations"]})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n").slice(1).join(" "))}))))
  .catch(e => done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]));
""".replace("RULES", json.dumps(RULES))


def audit(driver, label: str) -> list[str]:
    """axe-core's critical and serious violations on the page now shown, one line each."""
    require_or_skip(AXE.is_file(), "axe-core is not installed (bash scripts/install-assets.sh fetches it)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(RUN_AXE)
    return [f"{label}: [{v['impact']}] {v['id']} — {v['help']} — {' | '.join(v['nodes'])}"
            for v in violations if v["impact"] in BLOCKING]


def visit(driver, url: str, ready: str | None = None) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    if ready:
        WebDriverWait(driver, 60).until(ec.visibility_of_element_located((By.CSS_SELECTOR, ready)))


def with_lang(path: str, lang: str) -> str:
    if lang == "fr":
        return path
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


def upload(driver, base: str, lang: str, path: Path, ready: str) -> None:
    from selenium.webdriver.common.by import By

    visit(driver, base + with_lang("/validate", lang), "#file")
    driver.find_element(By.ID, "file").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    visit_wait(driver, ready)


def visit_wait(driver, ready: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 120).until(ec.presence_of_element_located((By.CSS_SELECTOR, ready)))


def catalogue(driver, base: str, lang: str) -> None:
    """The catalogue page, once this store version's publication is written (it starts at the
    first request and answers 503 meanwhile)."""
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + 120
    while True:
        visit(driver, base + with_lang("/catalog", lang))
        written = bool(driver.find_elements(By.CSS_SELECTOR, "main a[type='text/turtle']"))
        if written or time.monotonic() > deadline:
            assert written, "the catalogue was not written within 120 s"
            return
        time.sleep(1)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_main_page_has_no_critical_or_serious_axe_violation(browser, live_server, tmp_path, lang):  # noqa: F811
    base = live_server
    found: list[str] = []
    pages = [("/", None), ("/editor", "#yasgui .yasqe"), ("/validate", "#file"), ("/queries", None),
             ("/queries/projects-and-leaders", None), ("/ontology", None),
             ("/id/example/project/alpha", None), ("/nothing/here", None)]
    for path, ready in pages:
        visit(browser, base + with_lang(path, lang), ready)
        found += audit(browser, with_lang(path, lang))
    catalogue(browser, base, lang)
    found += audit(browser, with_lang("/catalog", lang))
    # a validation report page, and the page of an upload that cannot be read
    upload(browser, base, lang, FIXTURES / "things.ttl", "[role=status]")
    found += audit(browser, f"report ({lang})")
    # a spreadsheet's report: its sheets as tables, the faulty cells marked
    upload(browser, base, lang, SHEETS / "shape-mistakes.xlsx", "[role=status]")
    found += audit(browser, f"spreadsheet report ({lang})")
    upload(browser, base, lang, SHEETS / "table-mistakes.xlsx", "[role=status]")
    found += audit(browser, f"spreadsheet table checks ({lang})")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b \n", encoding="utf-8")
    upload(browser, base, lang, broken, ".error-box")
    found += audit(browser, f"unreadable upload ({lang})")
    assert found == [], "\n".join(found)


def test_tab_reaches_and_leaves_the_query_editor(browser, live_server):  # noqa: F811
    """The editor takes Tab for indentation only until Escape; the page says so, and its focus
    shows as a ring, not a caret only."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    visit(browser, live_server + "/editor", "#yasgui .yasqe")
    assert "Échap" in browser.find_element(By.ID, "editor-keys").text
    # YASGUI's controls are in English: marked so on the French page
    assert browser.find_element(By.CSS_SELECTOR, "#yasgui .tabsList").get_attribute("lang") == "en"
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    reached = False
    for _ in range(80):  # Tab through the page until the editor has the focus
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.execute_script("return document.activeElement.tagName === 'TEXTAREA'"
                                  " && !!document.activeElement.closest('.CodeMirror')"):
            reached = True
            break
    assert reached, "Tab never reached the query editor"
    ring = browser.execute_script(
        "const cm = document.activeElement.closest('.CodeMirror');"
        "const s = getComputedStyle(cm); return [s.outlineStyle, s.outlineWidth, s.boxShadow];")
    assert ring[0] != "none" or ring[2] != "none", ring
    in_editor = "return document.activeElement.tagName === 'TEXTAREA' && !!document.activeElement.closest('.CodeMirror')"
    # Tab alone still indents inside the editor (nothing changes for who types a query)
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.execute_script(in_editor)
    assert browser.execute_script("return window.pvgraphEditor.getTab().getQuery()").lstrip("\n").startswith((" ", "\t"))
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert not browser.execute_script("return !!document.activeElement.closest('.CodeMirror')"), \
        "Escape then Tab did not leave the editor"
    # back into the text with Shift+Tab (past the editor's buttons), then Escape and Shift+Tab leave it backwards
    for _ in range(10):
        browser.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
        if browser.execute_script(in_editor):
            break
    assert browser.execute_script(in_editor)
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    browser.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
    assert not browser.execute_script("return !!document.activeElement.closest('.CodeMirror')"), \
        "Escape then Shift+Tab did not leave the editor"
