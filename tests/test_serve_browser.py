"""The studio in a real browser: headless Chromium (Debian's chromium and chromium-driver,
which .ci/run installs) driven by Selenium, as a community worker would use it: open an
issue, edit a paragraph and see the pages change, make a mistake and see it at its line,
fix it, add a photo, download the PDF.

With BULLETIN_STUDIO_SHOTS=docs the screenshots for the documentation are written there.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageDraw

from bulletin.build import example_content
from bulletin.serve.app import StudioServer
from bulletin.serve.studio import Studio

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="needs headless Chromium: apt-get install chromium chromium-driver "
           "(.ci/run installs them)")
WAIT = 90  # seconds: the first build subsets the fonts
PARAGRAPH = ("慢慢的，居民对社区两委开始信任起来，反馈问题、提出建议与意见、"
             "参加活动的人也渐渐多了起来。")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("browser")
    patch = pytest.MonkeyPatch()
    patch.setenv("BULLETIN_CACHE_DIR", str(base / "cache"))
    patch.setenv("SE_OFFLINE", "true")  # Selenium must not try to fetch a driver of its own
    root = base / "社区报"
    root.mkdir()
    shutil.copy(example_content(), root / "changyang.yaml")
    (root / "tongzhi.yaml").write_text(
        example_content().with_name("tongzhi.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    yield root
    patch.undo()


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[StudioServer]:
    running = StudioServer(Studio(folder), 0).start()
    try:
        yield running
    finally:
        assert running.stop(), "the studio did not stop"


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[object]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1440,960", "--lang=zh-CN",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
    })
    driver = webdriver.Chrome(service=webdriver.ChromeService(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver: object, name: str) -> None:
    """A screenshot for the documentation, when asked for."""
    folder = os.environ.get("BULLETIN_STUDIO_SHOTS")
    if folder:
        driver.save_screenshot(str(Path(folder) / name))  # type: ignore[attr-defined]


def wait(driver: object, what: Callable[[object], object], timeout: float = WAIT,
         message: str = "") -> object:
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(what, message)


def build_number(driver: object) -> int:
    value = driver.execute_script(  # type: ignore[attr-defined]
        "return document.getElementById('pages').dataset.build || ''")
    return int(value) if value else -1


def settled(driver: object) -> bool:
    """No save waiting or running and no build running: the page shows the last word."""
    return driver.execute_script(  # type: ignore[attr-defined]
        "return !dirty && !saving && state && !state.building")


def wait_build_after(driver: object, number: int) -> int:
    wait(driver, lambda d: build_number(d) > number and settled(d),
         message=f"no new build after {number}")
    return build_number(driver)


def caret_after(driver: object, text: str) -> int:
    """Put the caret right after ``text`` in the editor; returns its line number."""
    return driver.execute_script(  # type: ignore[attr-defined]
        """const t = document.getElementById('text');
        const at = t.value.indexOf(arguments[0]) + arguments[0].length;
        t.focus(); t.setSelectionRange(at, at); lastCursor = at;
        return t.value.slice(0, at).split('\\n').length;""", text)


def caret_line(driver: object) -> int:
    return driver.execute_script(  # type: ignore[attr-defined]
        "const t = document.getElementById('text');"
        "return t.value.slice(0, t.selectionStart).split('\\n').length;")


def scene(path: Path) -> None:
    """A picture that looks like a photo of a street (sky, houses, a banner), for the
    upload and the screenshots."""
    picture = Image.new("RGB", (1600, 1000))
    draw = ImageDraw.Draw(picture)
    for y in range(620):
        draw.line([(0, y), (1600, y)], fill=(150 + y // 8, 190 + y // 12, 235))
    draw.rectangle([0, 620, 1600, 1000], fill=(96, 140, 80))
    for x, height, colour in ((60, 330, (214, 200, 180)), (420, 420, (190, 170, 150)),
                              (820, 300, (225, 215, 200)), (1150, 380, (200, 185, 165))):
        draw.rectangle([x, 620 - height, x + 320, 640], fill=colour)
        for wx in range(x + 30, x + 300, 70):
            for wy in range(620 - height + 30, 600, 60):
                draw.rectangle([wx, wy, wx + 36, wy + 34], fill=(90, 120, 150))
    draw.rectangle([300, 660, 1300, 740], fill=(200, 30, 30))
    draw.rectangle([320, 680, 1280, 720], fill=(235, 200, 60))
    picture.save(path, "JPEG", quality=90)


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join("".join(c["text"] for c in page.chars) for page in pdf.pages)


def page_png(server: StudioServer, driver: object) -> bytes:
    src = driver.find_element(By.CSS_SELECTOR, "#pages figure img").get_attribute("src")
    assert src.startswith(server.url)
    with urllib.request.urlopen(src, timeout=30) as response:  # our own 127.0.0.1 server
        return response.read()


def test_the_studio_in_a_browser(server: StudioServer, browser: object, folder: Path,
                                 downloads: Path, tmp_path: Path) -> None:
    driver = browser
    driver.get(server.url)
    cards = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "a.card"))
    assert {c.find_element(By.TAG_NAME, "h2").text for c in cards} >= {"长阳社区报"}
    assert "新建一期" in driver.page_source
    shot(driver, "studio-1.png")

    # Open the issue: the editor with line numbers beside the pages.
    next(c for c in cards if "changyang.yaml" in c.text).click()
    wait(driver, lambda d: build_number(d) >= 1 and settled(d), message="no first build")
    assert driver.find_elements(By.CSS_SELECTOR, "#pages figure img")
    assert driver.find_element(By.ID, "layout").get_attribute("value") == "newsletter-a4"
    assert "✓" in driver.find_element(By.ID, "status").text
    shown = driver.find_elements(By.CSS_SELECTOR, "#pages figure img")
    assert all(driver.execute_script("return arguments[0].naturalWidth", i) > 0 for i in shown)

    # Edit a paragraph: it is saved after a pause, rebuilt, and the pages change.
    first = build_number(driver)
    before = page_png(server, driver)
    line = caret_after(driver, PARAGRAPH)
    driver.find_element(By.ID, "text").send_keys("大家都说好。")
    number = wait_build_after(driver, first)
    assert "大家都说好。" in (folder / "changyang.yaml").read_text(encoding="utf-8")
    assert "大家都说好。" in pdf_text(folder / "changyang.pdf")
    assert page_png(server, driver) != before
    driver.execute_script("goToLine(arguments[0])", line)  # the edited line in view
    shot(driver, "studio-2.png")

    # A mistake: an unclosed ** is shown in Chinese at its line; the pages stay.
    caret_after(driver, "大家都说")
    driver.find_element(By.ID, "text").send_keys("**")
    problem = wait(driver, lambda d: d.find_element(By.ID, "problem").is_displayed()
                   and settled(d) and d.find_element(By.ID, "problem"))
    problem.find_element(By.LINK_TEXT, "跳到这一行").click()
    assert caret_line(driver) == line
    assert f"第 {line} 行有错误" in problem.text and "没有配对" in problem.text
    bubble = driver.find_element(By.ID, "bubble")
    assert bubble.is_displayed() and f"第 {line} 行" in bubble.text
    numbers = driver.find_elements(By.CSS_SELECTOR, "#gutter-lines > div")
    assert "error" in numbers[line - 1].get_attribute("class")
    assert build_number(driver) == number  # the last good pages are still shown
    assert driver.find_elements(By.CSS_SELECTOR, "#pages.stale figure img")
    shot(driver, "studio-3.png")

    # Fix it (跳到这一行 put the caret right before the stars): the error goes, and the
    # pages are rebuilt.
    driver.find_element(By.ID, "text").send_keys(Keys.DELETE, Keys.DELETE)
    number = wait_build_after(driver, number)
    assert not driver.find_element(By.ID, "problem").is_displayed()
    assert not driver.find_element(By.ID, "bubble").is_displayed()

    # A photo (the file input is what a drop does too): copied, inserted at the caret.
    scene(tmp_path / "活动照片.jpg")
    caret_after(driver, "大家都说好。")
    field = driver.find_element(By.ID, "photo-input")
    driver.execute_script("arguments[0].hidden = false", field)
    field.send_keys(str(tmp_path / "活动照片.jpg"))
    driver.execute_script("arguments[0].hidden = true", field)
    wait(driver, lambda d: "- image: images/活动照片.jpg" in
         d.find_element(By.ID, "text").get_attribute("value"), message="photo not inserted")
    number = wait_build_after(driver, number)
    assert (folder / "images" / "活动照片.jpg").is_file()
    text = (folder / "changyang.yaml").read_text(encoding="utf-8")
    assert f"{PARAGRAPH}大家都说好。\n      - image: images/活动照片.jpg\n" in text
    assert driver.find_element(By.ID, "problem").is_displayed() is False
    with pdfplumber.open(folder / "changyang.pdf") as pdf:
        assert any(page.images for page in pdf.pages)

    # Download the PDF through the browser and read it.
    driver.execute_script("goToLine(arguments[0])", line + 1)
    driver.find_element(By.ID, "download-button").click()
    shot(driver, "studio-4.png")
    driver.find_element(By.CSS_SELECTOR, "button[data-kind='pdf']").click()
    target = downloads / "changyang.pdf"
    try:
        wait(driver, lambda d: target.is_file() and not list(downloads.glob("*.crdownload")),
             timeout=60)
    except TimeoutException:
        pytest.fail(f"no download: {list(downloads.iterdir())}")
    assert "大家都说好。" in pdf_text(target)
    # Nothing the page did was refused by its own rules (CSP) or failed in its script.
    problems = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert problems == []


def test_rebuild_latency_in_the_browser(server: StudioServer, browser: object,
                                        folder: Path) -> None:
    """Click save → new pages shown, as the user sees it (median of warm saves)."""
    driver = browser
    driver.get(server.url + "edit?f=changyang.yaml")
    wait(driver, lambda d: build_number(d) >= 1 and settled(d), message="no build")
    times: list[float] = []
    builds: list[float] = []
    for n in range(5):
        number = build_number(driver)
        driver.execute_script(
            """const t = document.getElementById('text');
            t.value = t.value.replace(/渐渐多了起来。[^\\n]*/,
                                      '渐渐多了起来。第' + arguments[0] + '次。');
            t.dispatchEvent(new Event('input'));""", n)
        started = time.perf_counter()
        driver.find_element(By.ID, "save").click()
        wait_build_after(driver, number)
        times.append(time.perf_counter() - started)
        builds.append(driver.execute_script("return state.good.seconds"))
    median = statistics.median(times)
    print(f"click save → new pages in the browser, median of {len(times)}: "
          f"{median * 1000:.0f} ms (the build and drawing the pages: "
          f"{statistics.median(builds) * 1000:.0f} ms)")
    assert median < 2.0


def test_new_issue_in_the_browser(server: StudioServer, browser: object, folder: Path) -> None:
    driver = browser
    driver.get(server.url)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "a.card"))
    driver.find_element(By.ID, "new-name").send_keys("第13期")
    driver.find_element(By.CSS_SELECTOR, "#new-form button").click()
    wait(driver, lambda d: "/edit?f=" in d.current_url and build_number(d) >= 1 and settled(d),
         message="the new issue did not open")
    assert (folder / "第13期.yaml").is_file()
    assert "在这里写标题" in driver.find_element(By.ID, "text").get_attribute("value")
    driver.find_element(By.CSS_SELECTOR, "#layout option[value='briefing-a4']").click()
    wait(driver, lambda d: "layout: briefing-a4" in
         (folder / "第13期.yaml").read_text(encoding="utf-8") and settled(d),
         message="the layout was not written")
    assert driver.execute_script("return state.error") is None


def test_every_mistake_is_marked_and_listed(server: StudioServer, browser: object,
                                            folder: Path) -> None:
    """Three mistakes at once: each line marked, all listed above the pages, and each
    link puts the caret at its line; the last good pages stay."""
    driver = browser
    shutil.copy(example_content(), folder / "三处错误.yaml")
    driver.set_window_size(1280, 943)  # a 1280×800 page for the screenshot
    try:
        driver.get(server.url + "edit?f=" + urllib.parse.quote("三处错误.yaml"))
        wait(driver, lambda d: build_number(d) >= 1 and settled(d), message="no first build")
        number = build_number(driver)
        driver.execute_script(
            """const t = document.getElementById('text');
            t.value = t.value.replace('    byline: 文/记者', '    bylin: 文/记者')
              .replace('多了起来。', '多了**起来。')
              .replace('  - column: 党史学习', '  - colum: 党史学习');
            t.dispatchEvent(new Event('input'));""")
        driver.find_element(By.ID, "save").click()
        problem = wait(driver, lambda d: d.find_element(By.ID, "problem").is_displayed()
                       and settled(d) and d.find_element(By.ID, "problem"))
        lines = [18, 24, 32]  # bylin, the unclosed **, colum

        def marked(d: object) -> list[int]:  # the editor marks them on its next frame
            return d.execute_script(  # type: ignore[attr-defined]
                "return [...document.querySelectorAll('#gutter-lines > div.error')]"
                ".map((n) => [...n.parentNode.children].indexOf(n) + 1)")

        wait(driver, lambda d: marked(d) == lines,
             message=f"the lines marked are not {lines}")
        rows = driver.find_elements(By.CSS_SELECTOR, "#backdrop > div")
        assert all("error" in rows[n - 1].get_attribute("class") for n in lines)
        assert "有 3 处错误，版面没有更新" in problem.text
        items = problem.find_elements(By.CSS_SELECTOR, "ol.errors li")
        assert [i.text.split("：")[0] for i in items] == [f"第 {n} 行" for n in lines]
        assert "“bylin”" in items[0].text and "没有配对" in items[1].text
        assert "“colum”" in items[2].text and "怎么改" in items[2].text
        assert "有 3 处错误" in driver.find_element(By.ID, "status").text
        assert build_number(driver) == number  # the last good pages are still shown
        assert driver.find_elements(By.CSS_SELECTOR, "#pages.stale figure img")

        # The second link: the caret goes to line 24, and the bubble tells its mistake.
        links = problem.find_elements(By.LINK_TEXT, "跳到这一行")
        assert len(links) == 3
        links[1].click()
        assert caret_line(driver) == 24
        assert driver.switch_to.active_element == driver.find_element(By.ID, "text")
        bubble = driver.find_element(By.ID, "bubble")
        assert bubble.is_displayed() and "第 24 行" in bubble.text and "没有配对" in bubble.text
        assert "第 2 处错误，共 3 处" in bubble.text
        shot(driver, "studio-errors.png")
        links[2].click()
        assert caret_line(driver) == 32 and "第 32 行" in bubble.text
        problems = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert problems == []
    finally:
        driver.set_window_size(1440, 960)
