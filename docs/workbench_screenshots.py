"""Screenshots of the workbench for docs/workbench.md, taken with headless chromium.

    .venv/bin/python docs/workbench_screenshots.py https://127.0.0.1:8700 \\
        overview=/?year=2018 unit=/units/<id>?year=2018 case=/cases/<id>

logs in with the demo token of the organization department and writes
``docs/workbench/<name>.png`` for each ``name=path``: the page's whole height, up
to :data:`MAX_HEIGHT`. The Chinese needs a CJK font (``apt install fonts-wqy-zenhei``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

OUT = Path(__file__).resolve().parent / "workbench"
TOKEN = "zeren-demo:org-dept"
WIDTH = 1280
#: Taller pages are cut here: the top of a page says what it is.
MAX_HEIGHT = 2000


def main(base: str, shots: list[str]) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for flag in ("--headless=new", "--no-sandbox", "--ignore-certificate-errors", "--lang=zh-CN"):
        options.add_argument(flag)
    browser = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        browser.set_window_size(WIDTH, 900)
        browser.get(f"{base}/login")
        browser.find_element(By.ID, "token").send_keys(TOKEN)
        browser.find_element(By.ID, "login").click()
        OUT.mkdir(exist_ok=True)
        for shot in shots:
            name, _, path = shot.partition("=")
            browser.get(base + path)
            height = browser.execute_script("return document.body.scrollHeight")
            browser.set_window_size(WIDTH, min(int(height) + 40, MAX_HEIGHT))
            browser.save_screenshot(str(OUT / f"{name}.png"))
            print(OUT / f"{name}.png")
    finally:
        browser.quit()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
