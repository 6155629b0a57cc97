#!/usr/bin/env python3
"""The waiting-room page in headless Chromium (Selenium), against a real gate, issuer and stack.

scripts/browser-check.sh starts those and passes their addresses. Every browser request goes through a
small logging proxy here, so the test knows each /rank request's time and the pollAfterMs the gate
answered, and can check the page never asked sooner than told. Prints one line per test and closes
with "browser: N passed, N failed"; exits 0 with a SKIPPED line only if Chromium cannot start.
"""
import argparse
import http.client
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ARGS = None
LOG = []  # (path, query, received_at, answered_at, status, json body or None)
LOG_LOCK = threading.Lock()
SCREENSHOTS = []
REPORT = []


# ---- the logging proxy --------------------------------------------------------------------------
class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def forward(self):
        received = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
        conn = http.client.HTTPConnection("127.0.0.1", ARGS.gate_port, timeout=30)
        conn.request(self.command, self.path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        parsed = None
        if response.getheader("Content-Type", "").startswith("application/json"):
            try:
                parsed = json.loads(data)
            except ValueError:
                pass
        url = urllib.parse.urlsplit(self.path)
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        with LOG_LOCK:
            LOG.append((url.path, urllib.parse.parse_qs(url.query), received, time.monotonic(), response.status, parsed))

    do_GET = forward
    do_POST = forward


def start_proxy():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


# ---- helpers --------------------------------------------------------------------------------------
def api(method, path, body=None, token=None):
    request = urllib.request.Request(f"http://127.0.0.1:{ARGS.gate_port}{path}", method=method)
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def guest_enqueue(event_id):
    """A user queued by plain HTTP (the crowd ahead of the browser's user)."""
    status, signed = api("POST", "/dev/sign-in", {})
    assert status == 200, f"/dev/sign-in answered {status}"
    status, answer = api("POST", "/enqueue", {"eventId": event_id}, signed["token"])
    assert status in (200, 202), f"/enqueue answered {status}: {answer}"
    return answer


def ctl(*args):
    return subprocess.run([ARGS.ctl, *args], check=True, capture_output=True, text=True).stdout


def create_event(event_id, name, stock, rate, open_at="now", extra=()):
    ctl("event", "create", "--id", str(event_id), "--name", name, "--stock", str(stock), "--open-at", open_at,
        "--close-at", "+1h", "--rate", str(rate), "--percent", "10", "--max-discount", "5000",
        "--min-order", "10000", "--valid-days", "7", *extra)


def mysql_code(event_id, user_id):
    out = subprocess.run(
        ["mariadb", "-h", "127.0.0.1", "-P", str(ARGS.mysql_port), "-u", ARGS.mysql_user, f"-p{ARGS.mysql_password}",
         ARGS.mysql_database, "-N", "-B", "-e",
         f"SELECT coupon_code FROM coupon_issue WHERE event_id = {int(event_id)} AND user_id = '{user_id}'"],
        check=True, capture_output=True, text=True).stdout.strip()
    return out


def gate_rank_count():
    text = urllib.request.urlopen(f"http://127.0.0.1:{ARGS.gate_ops_port}/metrics", timeout=5).read().decode()
    total = 0.0
    for line in text.splitlines():
        if line.startswith("rediclaim_gate_http_requests_total{") and 'route="/rank"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def browser(width, height, lang="en"):
    options = webdriver.ChromeOptions()
    options.binary_location = ARGS.chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={width},{height}", f"--lang={lang}", "--hide-scrollbars"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    driver = webdriver.Chrome(service=Service(ARGS.chromedriver), options=options)
    # The viewport itself, not the window, at the asked size (the window has no chrome in headless mode).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    return driver


def page_url(event_id, query=""):
    return f"http://127.0.0.1:{ARGS.proxy_port}/wait/{event_id}{query}"


def wait_until(driver, predicate, timeout, what):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate(driver)
            if last:
                return last
        except WebDriverException:
            pass
        time.sleep(0.1)
    state = driver.execute_script("return document.body.dataset.state")
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (page state {state!r}, last {last!r})")


def state(driver):
    return driver.execute_script("return document.body.dataset.state")


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def record(driver, event_id):
    return json.loads(driver.execute_script(f"return localStorage.getItem('rediclaim:event:{event_id}')") or "null")


def shot(driver, name):
    path = os.path.join(ARGS.results, f"page-{name}.png")
    driver.save_screenshot(path)
    SCREENSHOTS.append(path)


def position(driver):
    value = text(driver, "position").replace(",", "")
    return int(value) if value.isdigit() else None


def contrast_failures(driver):
    """Every visible text element's colour against the first opaque background behind it: >= 4.5:1."""
    return driver.execute_script("""
      const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                                   return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
      const bg = (el) => { for (; el; el = el.parentElement) { const c = parse(getComputedStyle(el).backgroundColor);
                             if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) return c.slice(0, 3); } return [255, 255, 255]; };
      const bad = [];
      for (const el of document.querySelectorAll('h1, h2, p, dt, dd, strong, span, button, a')) {
        if (!el.offsetParent || !el.textContent.trim() || el.classList.contains('visually-hidden')) continue;
        const fg = parse(getComputedStyle(el).color).slice(0, 3), b = bg(el);
        const [hi, lo] = [lum(fg), lum(b)].sort((x, y) => y - x);
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < 4.5) bad.push(el.id || el.tagName, ratio.toFixed(2));
      }
      return bad;""")


def rank_log():
    with LOG_LOCK:
        return [entry for entry in LOG if entry[0] in ("/rank", "/enqueue")]


def check_polling(user_id):
    """Each /rank request came no sooner than the pollAfterMs of the answer before it, for this user; none
    after a final status. Returns (rank requests, non-final answers, smallest slack in ms)."""
    entries = []
    for path, query, received, answered, status, body in rank_log():
        if path == "/rank" and query.get("userId", [""])[0] == user_id:
            entries.append((path, received, answered, status, body))
        elif path == "/enqueue" and body and body.get("userId") == user_id:
            entries.append((path, received, answered, status, body))
    entries.sort(key=lambda e: e[1])
    ranks = [e for e in entries if e[0] == "/rank"]
    slack = None
    allowed = 0
    for previous, current in zip(entries, entries[1:]):
        if current[0] != "/rank":
            continue
        body = previous[4] or {}
        assert body.get("status") not in ("ISSUED", "SOLD_OUT"), f"{user_id}: /rank asked again after {body.get('status')}"
        wait = body.get("pollAfterMs") or 0
        gap = (current[1] - previous[2]) * 1000
        # The browser starts its timer after reading the answer, later than the proxy sent it.
        assert gap >= wait - 25, f"{user_id}: /rank {gap:.0f} ms after an answer that said pollAfterMs={wait}"
        slack = gap - wait if slack is None else min(slack, gap - wait)
    for _, _, _, status, body in entries:
        if status in (200, 202) and body and body.get("status") not in ("ISSUED", "SOLD_OUT"):
            allowed += 1
    return len(ranks), allowed, slack


# ---- the tests --------------------------------------------------------------------------------------
def test_queue_then_coupon():
    """Position goes down, survives a reload, then the coupon code equals the MySQL row."""
    event_id = ARGS.event_base + 1
    create_event(event_id, "Browser check: queue", stock=100, rate=2)
    ahead = [guest_enqueue(event_id) for _ in range(14)]
    assert ahead[-1]["rank"] == 14, f"the crowd ahead has ranks up to {ahead[-1]['rank']}"
    metrics_before = gate_rank_count()
    phone = browser(390, 844)
    try:
        phone.get(page_url(event_id))
        wait_until(phone, lambda d: state(d) == "waiting" and position(d), 20, "a position")
        first = position(phone)
        assert first >= 10, f"first position {first}, expected about 15"
        assert phone.find_element(By.ID, "announce").get_attribute("aria-live") == "polite"
        assert str(first) in text(phone, "announce"), "the live region does not say the position"
        assert re.search(r"\d", text(phone, "eta")) or "minute" in text(phone, "eta"), text(phone, "eta")
        assert "keep this page open" in text(phone, "note").lower()
        shot(phone, "waiting-390")
        lower = wait_until(phone, lambda d: (position(d) or first) < first and position(d), 20, "the position to go down")
        user = record(phone, event_id)["userId"]
        ticket = record(phone, event_id)["ticket"]
        # Reload mid-queue: the same user, ticket and place at once, from storage; no new enqueue.
        enqueues_before = sum(1 for e in rank_log() if e[0] == "/enqueue")
        phone.refresh()
        wait_until(phone, lambda d: state(d) == "waiting" and position(d), 10, "the position after reload")
        after = position(phone)
        assert after <= lower, f"after reload the position is {after}, before it was {lower}"
        assert record(phone, event_id)["userId"] == user and record(phone, event_id)["ticket"] == ticket
        assert sum(1 for e in rank_log() if e[0] == "/enqueue") == enqueues_before, "reload enqueued again"
        assert not contrast_failures(phone), f"contrast below 4.5:1: {contrast_failures(phone)}"
        progress = int(phone.find_element(By.ID, "progress").get_attribute("value"))
        assert 0 < progress <= 100, f"progress {progress}"

        desk = browser(1280, 800)
        try:
            # A second tab of the same browser would share storage; a desktop browser is another visitor.
            desk.get(page_url(event_id))
            wait_until(desk, lambda d: state(d) == "waiting" and position(d), 20, "a desktop position")
            shot(desk, "waiting-1280")
            wait_until(desk, lambda d: state(d) == "issued", 60, "the desktop coupon")
            shot(desk, "issued-1280")
        finally:
            desk.quit()

        wait_until(phone, lambda d: state(d) == "issued", 60, "the coupon")
        code = text(phone, "coupon-code")
        assert code == record(phone, event_id)["coupon"]["code"]
        row = mysql_code(event_id, user)
        assert code == row, f"the page shows {code!r}, MySQL holds {row!r}"
        assert "10%" in text(phone, "coupon-discount"), text(phone, "coupon-discount")
        assert text(phone, "coupon-expiry").startswith("Valid until"), text(phone, "coupon-expiry")
        # Keyboard: the copy button is reachable with Tab.
        phone.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        focused = []
        for _ in range(4):
            focused.append(phone.switch_to.active_element.get_attribute("id"))
            if focused[-1] == "copy":
                break
            phone.switch_to.active_element.send_keys(Keys.TAB)
        assert "copy" in focused, f"Tab visited {focused}"
        assert not contrast_failures(phone), f"contrast below 4.5:1: {contrast_failures(phone)}"
        shot(phone, "issued-390")
        # Final: nothing more is asked, whatever time passes.
        count, allowed, slack = check_polling(user)
        time.sleep(3)
        assert check_polling(user)[0] == count, "the page kept polling after ISSUED"
        metrics_after = gate_rank_count()
        REPORT.append(
            f"user {user}: {count} /rank requests over its wait; the policy allowed at most {allowed} (one per "
            f"non-final answer, each after its pollAfterMs); smallest slack over pollAfterMs {slack:.0f} ms; "
            f"the gate counted {metrics_after - metrics_before:.0f} /rank requests from this page's two visitors")
        assert count <= allowed
    finally:
        phone.quit()


def test_sold_out_in_korean():
    event_id = ARGS.event_base + 2
    create_event(event_id, "Browser check: sold out", stock=1, rate=100)
    first = guest_enqueue(event_id)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        request = urllib.request.Request(
            f"http://127.0.0.1:{ARGS.gate_port}/rank?eventId={event_id}&userId={first['userId']}",
            headers={"Authorization": f"Bearer {first['ticket']}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            if json.loads(response.read()).get("status") == "ISSUED":
                break
        time.sleep(0.3)
    else:
        raise AssertionError("the one coupon was never issued to the first user")
    driver = browser(390, 844, lang="ko")
    try:
        driver.get(page_url(event_id))
        wait_until(driver, lambda d: state(d) == "soldout", 20, "the sold-out message")
        assert driver.execute_script("return document.documentElement.lang") == "ko"
        assert text(driver, "state-title") == "모두 소진되었습니다", text(driver, "state-title")
        assert not contrast_failures(driver), f"contrast below 4.5:1: {contrast_failures(driver)}"
        shot(driver, "soldout-390-ko")
        driver.find_element(By.ID, "lang-switch").click()
        wait_until(driver, lambda d: text(d, "state-title") == "Sold out", 10, "the English sold-out message")
        assert driver.execute_script("return document.documentElement.lang") == "en"
        shot(driver, "soldout-390")
    finally:
        driver.quit()


def test_scheduled_countdown_then_queue():
    event_id = ARGS.event_base + 3
    create_event(event_id, "Browser check: opens soon", stock=100, rate=100, open_at="+12s")
    driver = browser(390, 844)
    try:
        driver.get(page_url(event_id))
        wait_until(driver, lambda d: state(d) == "countdown", 10, "the countdown")
        shown = text(driver, "countdown-value")
        assert re.fullmatch(r"0:(0\d|1[0-2])", shown), f"countdown shows {shown!r}"
        assert not any(e[0] == "/rank" for e in LOG if e[1].get("eventId") == [str(event_id)]), "polled before the open"
        shot(driver, "countdown-390")
        desk = browser(1280, 800)
        try:
            desk.get(page_url(event_id))
            wait_until(desk, lambda d: state(d) == "countdown", 10, "the desktop countdown")
            shot(desk, "countdown-1280")
        finally:
            desk.quit()
        wait_until(driver, lambda d: state(d) in ("waiting", "released", "issued"), 30, "the queue after the open")
        wait_until(driver, lambda d: state(d) == "issued", 40, "the coupon after the open")
        user = record(driver, event_id)["userId"]
        assert text(driver, "coupon-code") == mysql_code(event_id, user)
        count, allowed, _ = check_polling(user)
        assert count <= allowed
    finally:
        driver.quit()


def test_pre_queue_then_open():
    """Before the window: the countdown; in it: the pre-queue note (PRE_QUEUE); at the open: a place, then a coupon."""
    event_id = ARGS.event_base + 5
    # The window opens 19 s after creation: room for a slow browser start on a loaded machine before the
    # "no enqueue before the window" check.
    create_event(event_id, "Browser check: pre-queue", stock=100, rate=50, open_at="+30s", extra=("--pre-queue", "11"))
    driver = browser(390, 844)
    try:
        enqueues = lambda: sum(1 for e in rank_log() if e[0] == "/enqueue")  # noqa: E731
        before = enqueues()
        driver.get(page_url(event_id))
        wait_until(driver, lambda d: state(d) == "countdown", 10, "the countdown before the window")
        time.sleep(2)
        assert enqueues() == before, "the page asked /enqueue before the pre-queue window"
        wait_until(driver, lambda d: state(d) == "prequeue", 30, "the pre-queue")
        assert "random" in text(driver, "state-body"), text(driver, "state-body")
        assert re.fullmatch(r"0:(0\d|1[01])", text(driver, "countdown-value")), text(driver, "countdown-value")
        assert record(driver, event_id)["status"] == "PRE_QUEUE"
        for _ in range(3):
            assert guest_enqueue(event_id)["status"] == "PRE_QUEUE"
        shot(driver, "prequeue-390")
        wait_until(driver, lambda d: state(d) == "issued", 45, "the coupon after the open")
        user = record(driver, event_id)["userId"]
        assert text(driver, "coupon-code") == mysql_code(event_id, user)
        count, allowed, slack = check_polling(user)
        assert count <= allowed
        REPORT.append(f"pre-queue user {user}: {count} /rank requests, at most {allowed} allowed; smallest slack {slack:.0f} ms")
    finally:
        driver.quit()


def test_unknown_event():
    driver = browser(390, 844)
    try:
        driver.get(page_url(ARGS.event_base + 99))
        wait_until(driver, lambda d: state(d) == "notfound", 10, "the not-found message")
        assert text(driver, "state-title") == "There is no such sale"
    finally:
        driver.quit()


def test_hidden_tab_pauses_polling():
    """While the page is hidden no /rank request is made; shown again, it asks at once if one was due."""
    event_id = ARGS.event_base + 4
    # Paused: nobody leaves, so the short pollAfterMs of a short queue keeps coming due while hidden.
    create_event(event_id, "Browser check: hidden tab", stock=100, rate=1)
    ctl("event", "pause", str(event_id))
    for _ in range(3):
        guest_enqueue(event_id)
    driver = browser(390, 844)
    try:
        driver.get(page_url(event_id))
        wait_until(driver, lambda d: state(d) == "waiting" and position(d), 20, "a position")
        user = record(driver, event_id)["userId"]
        first_tab = driver.current_window_handle
        # Another tab in front hides this one, as another app does on a phone.
        driver.switch_to.new_window("tab")
        other_tab = driver.current_window_handle
        driver.switch_to.window(first_tab)
        how = "another tab in front"
        if driver.execute_script("return document.visibilityState") != "hidden":
            # Headless Chromium may keep a background tab visible: then emulate the Page Visibility API
            # the page listens to (document.hidden, visibilityState, the visibilitychange event).
            driver.switch_to.window(other_tab)
            driver.close()
            other_tab = None
            driver.switch_to.window(first_tab)
            driver.execute_script("""
              window.__hidden = true;
              Object.defineProperty(document, 'hidden', {configurable: true, get: () => window.__hidden});
              Object.defineProperty(document, 'visibilityState', {configurable: true,
                get: () => window.__hidden ? 'hidden' : 'visible'});
              document.dispatchEvent(new Event('visibilitychange'));""")
            how = "document.hidden emulated (headless Chromium kept the background tab visible)"
        before = check_polling(user)[0]
        told = record(driver, event_id)["pollAfterMs"]
        time.sleep(max(6, 3 * told / 1000))
        during = check_polling(user)[0]
        assert during == before, f"{during - before} /rank requests while the tab was hidden (pollAfterMs {told})"
        if other_tab:
            driver.switch_to.window(other_tab)
            driver.close()
            driver.switch_to.window(first_tab)
        else:
            driver.execute_script("window.__hidden = false; document.dispatchEvent(new Event('visibilitychange'));")
        shown = time.monotonic()
        wait_until(driver, lambda d: check_polling(user)[0] > during, 5, "a /rank request once shown again")
        REPORT.append(
            f"hidden tab ({how}): no /rank request while hidden for {max(6, 3 * told / 1000):.0f} s "
            f"(pollAfterMs {told}); the next one {time.monotonic() - shown:.1f} s after it was shown again")
    finally:
        driver.quit()


TESTS = [
    test_unknown_event, test_queue_then_coupon, test_sold_out_in_korean, test_scheduled_countdown_then_queue,
    test_hidden_tab_pauses_polling, test_pre_queue_then_open,
]


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    for name in ("gate-port", "gate-ops-port", "mysql-port", "event-base"):
        parser.add_argument("--" + name, type=int, required=True)
    for name in ("ctl", "chromium", "chromedriver", "results", "mysql-user", "mysql-password", "mysql-database", "report"):
        parser.add_argument("--" + name, required=True)
    ARGS = parser.parse_args()
    os.makedirs(ARGS.results, exist_ok=True)
    try:
        browser(390, 844).quit()
    except WebDriverException as error:
        print(f"SKIPPED: Chromium cannot start, so the browser tests did not run: {error.msg}")
        return 0
    ARGS.proxy_port = start_proxy()
    passed = failed = 0
    started = time.monotonic()
    for test in TESTS:
        began = time.monotonic()
        try:
            test()
            passed += 1
            print(f"PASS {test.__name__} ({time.monotonic() - began:.1f} s)", flush=True)
        except Exception:  # noqa: BLE001 - every failure is reported, then the next test runs
            failed += 1
            print(f"FAIL {test.__name__} ({time.monotonic() - began:.1f} s)", flush=True)
            traceback.print_exc()
    with open(ARGS.report, "w") as out:
        out.write("# The waiting-room page in headless Chromium\n\n")
        out.write(f"`scripts/browser-check.sh` on {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}: "
                  f"{passed} passed, {failed} failed in {time.monotonic() - started:.0f} s.\n\n")
        out.write("## Polling against the policy\n\n")
        for line in REPORT:
            out.write(f"- {line}\n")
        out.write("\n## Screenshots\n\n")
        for path in SCREENSHOTS:
            out.write(f"- `{os.path.relpath(path)}`\n")
    for line in REPORT:
        print(line)
    for path in SCREENSHOTS:
        print(f"screenshot: {os.path.relpath(path)}")
    print(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
