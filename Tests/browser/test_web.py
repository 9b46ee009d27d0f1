#!/usr/bin/env python3
"""Real-browser test of the staff web app (Chromium through chromedriver, with Selenium).

Starts `peerdesk serve` on a free loopback port with a fresh database holding the demo registry
and tickets, then works a ticket as a person would: sign in, filter the queue, open a ticket,
correct a field, do the runbook steps, preview and download the reply, mark it sent, sign out.
Screenshots of the queue and of the ticket go to .build/screenshots/.

    .build/venv/bin/python Tests/browser/test_web.py      (make browser-test)

PEERDESK_BIN names the binary (default .build/debug/peerdesk).
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

# Selenium Manager must not phone home (statistics, driver downloads): the drivers are given below.
os.environ.setdefault("SE_AVOID_STATS", "true")
os.environ.setdefault("SE_OFFLINE", "true")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("PEERDESK_BIN") or os.path.join(ROOT, ".build", "debug", "peerdesk")
SHOTS = os.path.join(ROOT, ".build", "screenshots")
PASSWORD = "correct horse battery"
PEERING_ID = "pcx-0e1f2a3b4c5d6e7f8"


def peerdesk(db, *args, stdin=None):
    result = subprocess.run([BINARY, "--db", db, *args], input=stdin, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise AssertionError(f"peerdesk {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def check(condition, message):
    """`condition` is a value, or a function polled for up to 5 s (a page that is still loading)."""
    if callable(condition):
        deadline = time.monotonic() + 5
        while True:
            try:
                if condition():
                    break
            except Exception:  # an element of the old page went away: try again
                pass
            if time.monotonic() > deadline:
                raise AssertionError(message)
            time.sleep(0.1)
    elif not condition:
        raise AssertionError(message)
    print(f"ok: {message}")


def main():
    folder = tempfile.mkdtemp(prefix="peerdesk-browser-")
    downloads = os.path.join(folder, "downloads")
    os.makedirs(downloads)
    os.makedirs(SHOTS, exist_ok=True)
    db = os.path.join(folder, "peerdesk.sqlite")
    peerdesk(db, "registry", "import", *sorted(glob.glob(os.path.join(ROOT, "Data/demo/registry/*.csv"))))
    peerdesk(db, "ingest", os.path.join(ROOT, "Data/demo/tickets"))
    peerdesk(db, "user", "add", "ana", "--password-stdin", "--admin", stdin=PASSWORD + "\n")

    server = subprocess.Popen(
        [BINARY, "--db", db, "serve", "--listen", "127.0.0.1:0", "--from", "support@astronomer.example"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    driver = None
    try:
        line = server.stdout.readline().strip()  # "peerdesk: serving on http://127.0.0.1:PORT"
        check(line.startswith("peerdesk: serving on http://127.0.0.1:"), f"the server says where it listens: {line}")
        base = line.split(" on ", 1)[1].split(" ")[0]

        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,900",
                         "--disable-dev-shm-usage", "--force-device-scale-factor=1"]:
            options.add_argument(argument)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        options.add_experimental_option("prefs", {
            "download.default_directory": downloads, "download.prompt_for_download": False,
        })
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                                  options=options)
        driver.implicitly_wait(2)
        find = driver.find_element

        # Not signed in: the queue sends us to the sign-in page.
        driver.get(base + "/")
        check(lambda: "/login" in driver.current_url, "a page without a session goes to /login")
        find(By.NAME, "username").send_keys("ana")
        find(By.NAME, "password").send_keys("wrong password")
        find(By.CSS_SELECTOR, "form button[type=submit]").click()
        check(lambda: "Wrong user name or password." in driver.page_source, "a wrong password is refused")
        find(By.NAME, "password").send_keys(PASSWORD)
        find(By.CSS_SELECTOR, "form button[type=submit]").click()
        check(lambda: driver.current_url.rstrip("/") == base, "signing in opens the queue")
        rows = driver.find_elements(By.CSS_SELECTOR, "#queue tbody tr")
        check(len(rows) == 7, f"the queue lists the 7 demo tickets ({len(rows)})")
        driver.save_screenshot(os.path.join(SHOTS, "queue.png"))

        # The JavaScript (no inline script): j selects the first row.
        find(By.TAG_NAME, "body").send_keys("j")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#queue tr.selected")) == 1, "j selects a queue row")

        # Filter: the ready tab, then free text.
        find(By.CSS_SELECTOR, ".tabs a[href='/?status=ready']").click()
        check(lambda: "status=ready" in driver.current_url, "the ready tab opens")
        statuses = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#queue tbody .status")]
        check(statuses and all(s == "ready" for s in statuses), f"the ready tab shows ready tickets only ({statuses})")
        search = find(By.NAME, "q")
        search.send_keys("staging")
        search.submit()
        check(lambda: "q=staging" in driver.current_url, "the search is sent")
        refs = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#queue tbody td.ref")]
        check(refs == ["PD-5"], f"searching staging keeps PD-5 ({refs})")

        # Open the ticket and correct its region.
        find(By.LINK_TEXT, "PD-5").click()
        check(lambda: "/tickets/PD-5" in driver.current_url, "the ticket opens")
        check("region-differs-from-cluster" in driver.page_source, "the region warning shows")
        value = find(By.CSS_SELECTOR, "#field-aws_region input[name=value]")
        value.clear()
        value.send_keys("eu-west-1")
        find(By.CSS_SELECTOR, "#field-aws_region button[type=submit]").click()
        check(lambda: "staff (ana)" in find(By.CSS_SELECTOR, "#field-aws_region").text,
              "the corrected region is staff's")
        check(lambda: "No findings." in driver.page_source, "the warning is gone from the findings")

        # The runbook: peering-requested (with the pcx ID), then routes-created.
        find(By.CSS_SELECTOR, "form.stepform input[name=peering_id]").send_keys(PEERING_ID)
        find(By.CSS_SELECTOR, "form.stepform input[name=note]").send_keys("requested from the Astro console")
        find(By.CSS_SELECTOR, "form.stepform button[type=submit]").click()
        check(lambda: PEERING_ID in find(By.CSS_SELECTOR, ".checklist").text, "peering-requested records the peering ID")
        check(lambda: "in-progress" in find(By.CSS_SELECTOR, ".ticket-head .status").text, "the ticket is in progress")
        find(By.XPATH, "//button[contains(., 'Mark routes-created')]").click()
        check(lambda: "Undo routes-created" in driver.page_source, "routes-created is done")
        driver.save_screenshot(os.path.join(SHOTS, "ticket.png"))

        # The reply: preview, download the .eml, mark it sent.
        find(By.LINK_TEXT, "Preview the reply").click()
        body = find(By.CSS_SELECTOR, "pre.reply").text
        check(PEERING_ID in body, "the peering-ready reply carries the peering ID")
        driver.save_screenshot(os.path.join(SHOTS, "reply.png"))
        find(By.LINK_TEXT, "Download .eml").click()
        target = os.path.join(downloads, "PD-5-peering-ready.eml")
        for _ in range(50):
            if os.path.exists(target):
                break
            time.sleep(0.1)
        check(os.path.exists(target), "the draft downloads as PD-5-peering-ready.eml")
        with open(target, encoding="utf-8", errors="replace") as draft:
            text = draft.read()
        check("Subject: Re: " in text and "[PD-5]" in text, "the draft is an RFC 5322 reply to the ticket")
        find(By.XPATH, "//button[contains(., 'Mark sent')]").click()
        check(lambda: "waiting-on-customer" in find(By.CSS_SELECTOR, ".ticket-head .status").text,
              "marked sent: the ticket waits on the customer")
        check("reply-drafted" in driver.page_source, "the download is in the history")

        # Ingest by upload, in a real multipart form; the quarantine and registry pages.
        driver.get(base + "/ingest")
        upload = os.path.join(folder, "follow-up.eml")
        with open(upload, "w", encoding="utf-8") as message:
            message.write("From: Gus <gus@acme.example>\r\nTo: support@astronomer.example\r\n"
                          "Subject: Peering for acme-analytics\r\nMessage-ID: <browser-upload@acme.example>\r\n"
                          "Date: Tue, 24 Nov 2026 18:00:00 +0000\r\n\r\nAWS account ID: 123456789012\r\n")
        find(By.CSS_SELECTOR, "input[type=file]").send_keys(upload)
        find(By.CSS_SELECTOR, "form.upload button").click()
        check(lambda: "1 read, 1 new" in driver.page_source, "an uploaded message becomes a new ticket")
        driver.save_screenshot(os.path.join(SHOTS, "ingest.png"))
        driver.get(base + "/quarantine")
        check(lambda: "Quarantine" in driver.title, "the quarantine page opens")
        driver.get(base + "/registry")
        check(lambda: "northwind-prod" in driver.page_source, "the registry page lists the clusters")
        driver.save_screenshot(os.path.join(SHOTS, "registry.png"))

        # Sign out: the queue asks for a sign-in again.
        find(By.CSS_SELECTOR, "form.signout button").click()
        check(lambda: "/login" in driver.current_url, "signing out goes to the sign-in page")
        driver.get(base + "/")
        check(lambda: "/login" in driver.current_url, "the old session is over")

        # What the CLI sees: the same desk.
        shown = peerdesk(db, "show", "PD-5")
        check("by ana" in shown and PEERING_ID in shown, "peerdesk show PD-5 has ana's steps")
        print(f"browser test passed; screenshots in {SHOTS}")
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        check(server.returncode == 0, f"the server stops cleanly on SIGTERM (status {server.returncode})")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        sys.exit(1)
