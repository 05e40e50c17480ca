"""A real headless browser for the tests of report.html: Debian's chromium through selenium.

`make install` installs chromium and chromium-driver where apt can; where it
could not, the browser tests skip and say what is missing.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("MTCHECK_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("MTCHECK_CHROMEDRIVER", "/usr/bin/chromedriver"))
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")


def missing() -> list[str]:
    """What the browser tests need and this machine lacks."""
    lacking = []
    if not CHROMIUM.exists():
        lacking.append(f"{CHROMIUM} (Debian package chromium)")
    if not CHROMEDRIVER.exists():
        lacking.append(f"{CHROMEDRIVER} (Debian package chromium-driver)")
    if importlib.util.find_spec("selenium") is None:
        lacking.append("the selenium Python package (pip install -e '.[test]')")
    return lacking


def start_browser(width: int = 1400, height: int = 1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    # An explicit driver: selenium must not try to download one.
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)


def open_report(driver, path: Path, timeout: float = 30.0) -> None:
    """Load a report.html and wait for its own "ready" marker (the first page of documents drawn)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(Path(path).resolve().as_uri())
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.body && document.body.dataset.ready === 'true'"))


@pytest.fixture(scope="module")
def browser():
    lacking = missing()
    if lacking:
        pytest.skip("browser tests need " + ", ".join(lacking) + "; `make install` installs them where apt-get can")
    driver = start_browser()
    try:
        yield driver
    finally:
        driver.quit()
