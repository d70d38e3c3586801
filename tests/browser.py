"""Headless Chromium for the web lesson: Debian's chromium and chromium-driver driven by Selenium.

No downloads: Selenium is given the system chromedriver and browser, and Selenium Manager is told
to stay offline. The browser's network is cut (no proxy can answer, every host name fails, and
DevTools emulates an offline network), and the performance log records every request it tried.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALLED_CHROME = (  # where Chrome installs itself on macOS and Windows (CI runners have it)
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
)
WINDOW = (1600, 1000)


def browser_paths() -> tuple[str | None, str | None]:
    """The browser and its chromedriver, or None for a missing one.

    Debian's chromium and chromium-driver on PATH first; then an installed Chrome with the driver that
    GitHub's runners put in $CHROMEWEBDRIVER. SBX_BROWSER and SBX_CHROMEDRIVER override both.
    """
    system_driver = shutil.which("chromedriver")
    folder = os.environ.get("CHROMEWEBDRIVER")
    driver = os.environ.get("SBX_CHROMEDRIVER") or system_driver or (
        shutil.which("chromedriver", path=folder) if folder else None)
    names = BROWSERS if system_driver else BROWSERS[2:] + BROWSERS[:2]  # the runner's driver matches its Chrome
    browser = os.environ.get("SBX_BROWSER") or next(
        (path for name in names if (path := shutil.which(name))), None) or next(
        (path for path in INSTALLED_CHROME if Path(path).is_file()), None)
    return browser, driver


def chrome_driver(browser: str, chromedriver: str):
    """A headless Chromium with software WebGL (SwiftShader) and no network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager: never look anything up online
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={WINDOW[0]},{WINDOW[1]}",
                 "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                 "--force-device-scale-factor=1"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    return driver


def open_lesson(driver, page: Path, timeout: float = 60.0) -> dict:
    """Load the page from its file:// URL and wait for its first 3D frame; returns the page's timings."""
    driver.get(page.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        timings = driver.execute_script(
            "const l = window.lesson; return l && l.ready && (l.firstFrameMs !== null || !l.webgl) ? "
            "{first_frame_ms: l.firstFrameMs, first_draw_ms: l.firstDrawMs, webgl: l.webgl} : null")
        if timings:
            return timings
        time.sleep(0.05)
    raise TimeoutError(f"{page.name}: no first frame within {timeout:.0f} s")


def requested_urls(driver) -> list[str]:
    """Every URL the page asked for since the last call (from the DevTools performance log)."""
    import json

    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
