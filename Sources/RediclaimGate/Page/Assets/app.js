// The waiting-room page: joins the queue as the signed-in user, then follows the gate's polling contract
// (pollAfterMs as given, Retry-After when told, nothing while the tab is hidden, nothing after a final
// status). The ticket lives in localStorage, never in the URL, so a reload or a second tab resumes.
"use strict";

(() => {
  const body = document.body;
  const data = body.dataset;
  const cfg = {
    page: data.page,
    eventId: Number(data.eventId),
    openAt: Number(data.openAt),
    preQueueMs: Number(data.preQueueSeconds || 0) * 1000,
    // The server's clock at render time: the countdown follows it, not a phone's wrong clock.
    skew: Number(data.now) - Date.now(),
    coupon: parseJSON(data.coupon),
    devSignIn: data.devSignIn === "1",
    embedOrigins: (data.embedOrigins || "").split(" ").filter(Boolean),
    version: data.version,
  };
  const FINAL = new Set(["ISSUED", "SOLD_OUT", "CLOSED"]);
  const RECORD_KEY = "rediclaim:event:" + cfg.eventId;
  const TOKEN_KEY = "rediclaim:token";
  const LANG_KEY = "rediclaim:lang";
  const $ = (id) => document.getElementById(id);

  let texts = parseJSON(data.texts) || {};
  let lang = data.lang;
  let record = loadRecord();
  let view = { kind: "loading" };
  let lastAnnounced = "";
  let failures = 0;
  let rejoins = 0;
  let timer = 0;
  let due = null; // { at, run, network } : the one thing scheduled next
  let ticking = 0;
  let waitingForToken = false;

  function parseJSON(text) {
    try { return text ? JSON.parse(text) : null; } catch (_) { return null; }
  }
  function serverNow() { return Date.now() + cfg.skew; }
  function t(key, values) {
    let s = texts[key] || key;
    for (const [k, v] of Object.entries(values || {})) s = s.split("{" + k + "}").join(String(v));
    return s;
  }

  // ---- storage ----------------------------------------------------------------------------------
  function loadRecord() {
    try { return parseJSON(localStorage.getItem(RECORD_KEY)); } catch (_) { return null; }
  }
  function saveRecord() {
    try { localStorage.setItem(RECORD_KEY, JSON.stringify(record)); } catch (_) { /* private mode: this tab only */ }
  }
  function dropTicket() {
    if (record) { delete record.ticket; record.nextPollAt = 0; saveRecord(); }
  }
  function token() {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (_) { return null; }
  }
  function setToken(value) {
    try {
      if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
    } catch (_) { /* ignore */ }
  }

  // ---- scheduling: one pending action; network actions wait while the tab is hidden -------------
  function schedule(ms, run, network = true) {
    clearTimeout(timer);
    due = { at: Date.now() + Math.max(0, ms), run, network };
    timer = setTimeout(fire, Math.max(0, ms));
  }
  function fire() {
    if (!due) return;
    if (due.network && document.hidden) return; // resumed by visibilitychange
    const run = due.run;
    due = null;
    run();
  }
  function stop() { clearTimeout(timer); due = null; }
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && due && due.at <= Date.now()) fire();
  });

  // ---- talking to the gate ----------------------------------------------------------------------
  async function call(method, path, headers, payload) {
    const init = { method, headers: Object.assign({ Accept: "application/json" }, headers), cache: "no-store" };
    if (payload !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(payload);
    }
    const response = await fetch(path, init);
    let json = {};
    try { json = await response.json(); } catch (_) { /* not JSON: status decides */ }
    const retry = Number(response.headers.get("Retry-After"));
    return { status: response.status, json, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null };
  }
  function errorCode(answer) { return answer.json && answer.json.error ? answer.json.error.code : ""; }

  // Exponential with jitter when the gate gave no Retry-After (network down, a proxy's 502).
  function backoffSeconds(retryAfter) {
    if (retryAfter) return retryAfter;
    const base = Math.min(30, 2 ** Math.min(failures, 5));
    return Math.max(1, Math.round(base * (0.8 + Math.random() * 0.4)));
  }
  function retryLater(kind, answer, run) {
    failures += 1;
    const seconds = backoffSeconds(answer && answer.retryAfter);
    show({ kind, until: Date.now() + seconds * 1000 });
    schedule(seconds * 1000, run);
  }

  // ---- identity: a token the shop handed over, or the local demo's sign-in ---------------------
  const embedded = window.parent !== window;
  window.addEventListener("message", (event) => {
    if (!cfg.embedOrigins.includes(event.origin)) return;
    const message = event.data;
    if (!message || message.type !== "rediclaim:token" || typeof message.token !== "string") return;
    setToken(message.token);
    if (waitingForToken) { waitingForToken = false; join(); }
  });
  function askParent(type) {
    if (!embedded) return;
    for (const origin of cfg.embedOrigins) window.parent.postMessage({ type, eventId: cfg.eventId }, origin);
  }
  async function identity() {
    const held = token();
    if (held) return held;
    if (cfg.devSignIn) {
      const answer = await call("POST", "/dev/sign-in", {}, {});
      if (answer.status === 200 && answer.json.token) { setToken(answer.json.token); return answer.json.token; }
    }
    return null;
  }

  // ---- the flow ---------------------------------------------------------------------------------
  async function join() {
    stop();
    const windowOpens = cfg.openAt - cfg.preQueueMs;
    if (serverNow() < windowOpens) return countdown(windowOpens - serverNow());
    let bearer;
    try {
      bearer = await identity();
    } catch (_) {
      return retryLater("offline", null, join);
    }
    if (!bearer) {
      waitingForToken = true;
      askParent("rediclaim:need-token");
      return show({ kind: "signin" });
    }
    let answer;
    try {
      answer = await call("POST", "/enqueue", { Authorization: "Bearer " + bearer }, { eventId: cfg.eventId });
    } catch (_) {
      return retryLater("offline", null, join);
    }
    const code = errorCode(answer);
    if (answer.status === 200 || answer.status === 202) return adopt(answer.json);
    if (answer.status === 409 && code === "EVENT_NOT_OPEN") {
      failures = 0;
      const wait = answer.retryAfter ? answer.retryAfter * 1000 : cfg.openAt - serverNow();
      return countdown(Math.max(1000, wait));
    }
    if (answer.status === 409 && code === "EVENT_CLOSED") return finish("CLOSED");
    if (answer.status === 410) return finish("SOLD_OUT");
    if (answer.status === 404) return show({ kind: "notfound" });
    if (answer.status === 401 || answer.status === 403) {
      setToken(null);
      if (cfg.devSignIn && rejoins++ < 2) return join();
      waitingForToken = true;
      askParent("rediclaim:need-token");
      return show({ kind: "signin" });
    }
    retryLater(answer.status === 429 || answer.status === 503 ? "busy" : "error", answer, join);
  }

  async function poll() {
    stop();
    // Another tab may have polled meanwhile: take its answer and its schedule instead of asking again.
    const latest = loadRecord();
    if (latest && latest.ticket && latest.userId === record.userId) {
      record = latest;
      if (FINAL.has(record.status)) return finish(record.status);
      if (record.nextPollAt > Date.now() + 50) {
        render();
        return schedule(record.nextPollAt - Date.now(), poll);
      }
    }
    const query = "?eventId=" + encodeURIComponent(cfg.eventId) + "&userId=" + encodeURIComponent(record.userId);
    let answer;
    try {
      answer = await call("GET", "/rank" + query, { Authorization: "Bearer " + record.ticket });
    } catch (_) {
      return retryLater("offline", null, poll);
    }
    if (answer.status === 200) { rejoins = 0; return adopt(answer.json); }
    if (answer.status === 401 || answer.status === 404) {
      // Expired, unknown or no longer queued: enqueue again (the same place if still queued).
      dropTicket();
      if (rejoins++ > 2) return retryLater("error", null, join);
      return join();
    }
    retryLater(answer.status === 429 || answer.status === 503 ? "busy" : "error", answer, poll);
  }

  function adopt(answer) {
    failures = 0;
    // A different account signed in on this browser starts afresh.
    const base = answer.userId && record && record.userId && record.userId !== answer.userId ? {} : record || {};
    record = Object.assign({}, base, {
      status: answer.status,
      rank: answer.rank,
      ahead: answer.ahead,
      estimatedWaitSeconds: answer.estimatedWaitSeconds,
      pollAfterMs: answer.pollAfterMs,
      updatedAt: Date.now(),
    });
    if (answer.userId) record.userId = answer.userId;
    if (answer.ticket) record.ticket = answer.ticket;
    if (answer.coupon) record.coupon = answer.coupon;
    if (answer.status === "WAITING" && (!record.firstRank || answer.rank > record.firstRank)) record.firstRank = answer.rank;
    if (FINAL.has(answer.status)) {
      record.nextPollAt = 0;
      saveRecord();
      return finish(answer.status);
    }
    // pollAfterMs already carries the gate's jitter: follow it as given.
    const wait = Number.isFinite(answer.pollAfterMs) && answer.pollAfterMs > 0 ? answer.pollAfterMs : 1000;
    if (!record.ticket) {
      // Out of the queue without a ticket to ask /rank with: ask /enqueue again, as often as told.
      saveRecord();
      show({ kind: statusView(answer.status) });
      return schedule(wait, join);
    }
    record.nextPollAt = Date.now() + wait;
    saveRecord();
    show({ kind: statusView(answer.status) });
    schedule(wait, poll);
  }

  function statusView(status) {
    return { PRE_QUEUE: "prequeue", WAITING: "waiting", RELEASED: "released" }[status] || "waiting";
  }

  function finish(status) {
    stop();
    if (record) { record.status = status; record.nextPollAt = 0; saveRecord(); } else { record = { status }; }
    show({ kind: { ISSUED: "issued", SOLD_OUT: "soldout", CLOSED: "closed" }[status] || "error" });
  }

  function countdown(ms) {
    // A small random delay spreads the crowd whose countdowns all end at the same instant.
    const jitter = Math.floor(Math.random() * 300);
    show({ kind: "countdown" });
    schedule(ms + jitter, join, false);
  }

  // ---- rendering --------------------------------------------------------------------------------
  function show(next) {
    view = next;
    render();
  }

  function setText(id, text) {
    const el = $(id);
    if (el.textContent !== text) el.textContent = text;
  }
  function reveal(id, on) { $(id).hidden = !on; }

  function etaWords(seconds) {
    if (seconds <= 0) return t("etaNow");
    if (seconds < 60) return t("etaUnderMinute");
    if (seconds < 90) return t("etaOneMinute");
    if (seconds < 3600) return t("etaMinutes", { n: Math.round(seconds / 60) });
    if (seconds < 5400) return t("etaOneHour");
    return t("etaHours", { n: Math.round(seconds / 3600) });
  }
  function clock(ms) {
    const s = Math.max(0, Math.ceil(ms / 1000));
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return (d > 0 ? d + "d " : "") + (d > 0 || h > 0 ? h + ":" + pad(m) : String(m)) + ":" + pad(sec);
  }
  function number(n) { return new Intl.NumberFormat(lang).format(n); }
  function money(n) { return t("money", { n: number(n) }); }
  function discountText() {
    const c = cfg.coupon;
    if (!c) return "";
    let s = c.type === "FIXED" ? t("discountFixed", { amount: money(c.amount) })
      : t("discountPercent", { percent: c.percent, max: money(c.maxDiscount) });
    if (c.minOrderAmount > 0) s += " · " + t("minOrder", { amount: money(c.minOrderAmount) });
    return s;
  }
  function expiryText() {
    const at = record && record.coupon && Date.parse(record.coupon.expiresAt);
    if (at) return t("validUntil", { date: new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }).format(at) });
    return cfg.coupon ? t("validDays", { n: cfg.coupon.validDays }) : "";
  }

  const HEADINGS = {
    loading: ["loading", "loadingBody"], countdown: ["countdownTitle", "countdownBody"],
    prequeue: ["preQueueTitle", "preQueueBody"], waiting: ["waitingTitle", "waitingBody"],
    released: ["releasedTitle", "releasedBody"], issued: ["issuedTitle", "issuedBody"],
    soldout: ["soldOutTitle", "soldOutBody"], closed: ["closedTitle", "closedBody"],
    busy: ["busyTitle", "busyBody"], offline: ["offlineTitle", "offlineBody"], error: ["errorTitle", "errorBody"],
    signin: ["signInTitle", "signInBody"], notfound: ["notFoundTitle", "notFoundBody"],
  };

  function render() {
    const kind = view.kind;
    body.dataset.state = kind;
    const [title, text] = HEADINGS[kind];
    const secondsLeft = view.until ? Math.max(0, Math.ceil((view.until - Date.now()) / 1000)) : 0;
    setText("state-title", t(title));
    setText("state-body", t(text, { n: secondsLeft }));

    const counting = kind === "countdown" || kind === "prequeue";
    reveal("countdown", counting);
    if (counting) {
      setText("countdown-label", t("countdownLabel"));
      setText("countdown-value", clock(cfg.openAt - serverNow()));
    }

    // The last known place stays on screen while the gate asks us to back off.
    const placed = record && record.status === "WAITING" && record.ticket;
    const figures = kind === "waiting" || ((kind === "busy" || kind === "offline" || kind === "error") && placed);
    reveal("figures", !!figures);
    reveal("progress", !!figures);
    if (figures) {
      setText("position-label", t("positionLabel"));
      setText("ahead-label", t("aheadLabel"));
      setText("eta-label", t("etaLabel"));
      setText("position", number(record.rank));
      setText("ahead", number(record.ahead ?? Math.max(0, record.rank - 1)));
      setText("eta", etaWords(record.estimatedWaitSeconds || 0));
      const first = Math.max(record.firstRank || record.rank, 1);
      const done = Math.round(((first - record.rank + 1) / first) * 100);
      $("progress").value = Math.max(0, Math.min(100, done));
      $("progress").setAttribute("aria-label", t("positionLabel"));
    }

    const issued = kind === "issued" && record && record.coupon;
    reveal("coupon", !!issued);
    if (issued) {
      setText("coupon-code", record.coupon.code);
      if (!$("copy").dataset.done) setText("copy", t("copy"));
      setText("coupon-discount", discountText());
      setText("coupon-expiry", expiryText());
    }

    const waitingish = kind === "waiting" || kind === "prequeue" || kind === "released";
    reveal("note", waitingish || kind === "busy" || kind === "offline");
    setText("note", waitingish ? t("keepOpen") : "");
    $("note").classList.toggle("warn", kind === "busy" || kind === "offline");
    const stamped = record && record.updatedAt && (waitingish || figures);
    reveal("updated", !!stamped);
    if (stamped) {
      const time = new Intl.DateTimeFormat(lang, { timeStyle: "medium" }).format(record.updatedAt);
      setText("updated", t("updatedAt", { time }));
    }

    // The live region speaks when the place or the state changes, not on every poll.
    const spoken = kind === "waiting" ? t("announceRank", { rank: number(record.rank) }) : t(title);
    if (spoken !== lastAnnounced) {
      lastAnnounced = spoken;
      setText("announce", spoken);
    }

    clearInterval(ticking);
    if (counting || view.until) ticking = setInterval(render, 1000);
  }

  // ---- language switch ----------------------------------------------------------------------------
  async function useLanguage(next, remember) {
    if (next === lang) return;
    try {
      const response = await fetch("/wait/assets/" + next + ".json?v=" + cfg.version);
      if (!response.ok) return;
      texts = await response.json();
    } catch (_) { return; }
    lang = next;
    document.documentElement.lang = next;
    if (remember) try { localStorage.setItem(LANG_KEY, next); } catch (_) { /* ignore */ }
    const button = $("lang-switch");
    button.textContent = texts.switchTo;
    button.lang = next === "ko" ? "en" : "ko";
    document.title = t("title", { name: data.eventName || "Rediclaim" });
    lastAnnounced = "";
    if ($("copy").dataset.done) $("copy").textContent = t("copied");
    render();
  }
  $("lang-switch").addEventListener("click", () => useLanguage(lang === "ko" ? "en" : "ko", true));

  $("copy").addEventListener("click", () => {
    const code = record && record.coupon ? record.coupon.code : "";
    const done = (ok) => {
      $("copy").dataset.done = "1";
      $("copy").textContent = t(ok ? "copied" : "copyFailed");
      if (!ok) window.getSelection().selectAllChildren($("coupon-code"));
      setText("announce", t(ok ? "copied" : "copyFailed"));
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(code).then(() => done(true), () => done(false));
    else done(false);
  });

  // Another tab's answer: show it, and let its schedule stand in for ours.
  window.addEventListener("storage", (event) => {
    if (event.key !== RECORD_KEY || !event.newValue) return;
    const latest = parseJSON(event.newValue);
    if (!latest || !latest.status) return;
    record = latest;
    if (FINAL.has(record.status)) return finish(record.status);
    if (record.ticket && view.kind !== "countdown") {
      show({ kind: statusView(record.status) });
      if (record.nextPollAt) schedule(Math.max(0, record.nextPollAt - Date.now()), poll);
    }
  });

  // ---- start ------------------------------------------------------------------------------------
  const stored = (() => { try { return localStorage.getItem(LANG_KEY); } catch (_) { return null; } })();
  if (stored && stored !== lang && !new URLSearchParams(location.search).has("lang")) useLanguage(stored, false);
  if (cfg.page === "unavailable") {
    // The gate could not read the event: try the page again in a few seconds, spread over the crowd.
    const seconds = 3 + Math.floor(Math.random() * 5);
    show({ kind: "offline", until: Date.now() + seconds * 1000 });
    setTimeout(() => location.reload(), seconds * 1000);
    return;
  }
  if (cfg.page !== "wait") { show({ kind: "notfound" }); return; }
  if (record && FINAL.has(record.status)) return finish(record.status);
  if (record && record.ticket && record.userId) {
    show({ kind: statusView(record.status) });
    return schedule(Math.max(0, (record.nextPollAt || 0) - Date.now()), poll);
  }
  join();
})();
