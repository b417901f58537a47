/*
 * Chat widget of the Kommunales Integrationszentrum Kreis Heinsberg. No framework, no build step.
 *
 *   <script src="https://chat.example.org/widget.js" data-server="https://chat.example.org"
 *           data-lang="de" data-title="Fragen? Chat mit uns" data-color="#00566e" async></script>
 *
 * Safety rule: data from the server or the user is only ever set with textContent or as an
 * attribute value; links are made only for http(s) URLs. Texts come from /api/texts/<code>
 * (translators edit YAML, never this file). Everything lives in an open shadow root, so the
 * host page's styles cannot break the widget and the widget's styles cannot leak out.
 */
(function () {
  "use strict";
  if (window.__kiChatWidget) return; // embedded twice: one widget is enough
  window.__kiChatWidget = true;

  const script =
    document.currentScript ||
    Array.prototype.slice.call(document.querySelectorAll("script[src*='widget.js']")).pop();
  const config = (script && script.dataset) || {};
  const scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  const SERVER = (config.server || scriptOrigin).replace(/\/+$/, "");
  const PAGE_LANG = primary(config.lang || document.documentElement.lang) || "de";

  const HISTORY_MAX = 100; // messages kept in this browser
  const KEEP_MS = 30 * 24 * 3600 * 1000; // and for how long after the last use
  const REQUEST_TIMEOUT_MS = 40000; // the host waits up to 30 s for Rasa
  const DEFAULT_POLL_S = 10; // while talking to staff: how often to ask for their answers
  const MAX_BACKOFF_MS = 30000;
  const KEY = "kiChat:" + SERVER + ":";
  // A shared location is kept in this browser only while its message waits to be sent, and then
  // only to 2 decimals (about 1 km): the exact position of someone's home stays in memory.
  const STORED_LOCATION_DECIMALS = 2;

  /* ---------- small helpers ---------- */

  function primary(tag) {
    const m = /^\s*([A-Za-z]{2,3})\b/.exec(tag || "");
    return m ? m[1].toLowerCase() : "";
  }

  function randomId(bytes) {
    const a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, (b) => (b < 16 ? "0" : "") + b.toString(16)).join("");
  }

  function el(tag, cls, attrs) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (attrs) for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  function textEl(tag, cls, text) {
    const e = el(tag, cls);
    e.textContent = text;
    return e;
  }

  // localStorage can be missing or full (private mode, quota): then memory only.
  const memory = {};
  const store = {
    get(k) {
      try {
        const v = localStorage.getItem(KEY + k);
        return v ? JSON.parse(v) : memory[k] || null;
      } catch (e) {
        return memory[k] || null;
      }
    },
    set(k, v) {
      memory[k] = v;
      try {
        localStorage.setItem(KEY + k, JSON.stringify(v));
      } catch (e) {
        /* memory copy stays */
      }
    },
  };

  // What is half typed is kept for this tab only (a reload keeps it; closing the tab ends it):
  // a shared computer's next user must not find it, nor every keystroke sit in localStorage.
  const draft = {
    get() {
      try {
        return sessionStorage.getItem(KEY + "draft") || "";
      } catch (e) {
        return "";
      }
    },
    set(v) {
      try {
        if (v) sessionStorage.setItem(KEY + "draft", v);
        else sessionStorage.removeItem(KEY + "draft");
      } catch (e) {
        /* no draft kept */
      }
    },
  };

  /* ---------- state: session, history, pending messages ---------- */

  function freshState(language) {
    return { session: randomId(16), history: [], language: language, open: false, updated: Date.now() };
  }

  function coarse(loc) {
    const f = Math.pow(10, STORED_LOCATION_DECIMALS);
    return { lat: Math.round(loc.lat * f) / f, lon: Math.round(loc.lon * f) / f };
  }

  let state = store.get("state");
  if (!state || !state.session || Date.now() - (state.updated || 0) > KEEP_MS) {
    state = freshState(PAGE_LANG);
  }
  state.history = (state.history || []).filter((e) => e && (e.who === "user" || e.who === "bot"));
  // what an older widget stored: no draft, and no exact location in the history
  delete state.draft;
  state.history.forEach((e) => {
    if (e.location && e.pending) e.location = coarse(e.location);
    else delete e.location;
  });
  const exactLocations = {}; // entry id → the position as shared, in memory only

  function save() {
    state.updated = Date.now();
    let h = state.history;
    if (h.length > HISTORY_MAX) {
      // keep the newest, and never drop a message that is still waiting to be sent
      const cut = h.length - HISTORY_MAX;
      h = h.filter((e, i) => i >= cut || e.pending);
      state.history = h;
    }
    store.set("state", state);
  }

  /* ---------- texts ---------- */

  let texts = null; // {language, direction, texts: {...}, languages: [...], max_message_chars}

  function T(key, params) {
    const s = (texts && texts.texts[key]) || "";
    return s.replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
  }

  function fetchTexts(code) {
    return api("GET", "/api/texts/" + encodeURIComponent(code)).then((r) => {
      if (r.status === 200 && r.data && r.data.texts) {
        store.set("texts:" + r.data.language, r.data);
        return r.data;
      }
      if (r.status === 404 && code !== "de") return fetchTexts("de");
      throw new Error("texts " + r.status);
    });
  }

  /* ---------- server ---------- */

  function api(method, path, body) {
    const ctrl = typeof AbortController === "function" ? new AbortController() : null;
    const timer = setTimeout(() => ctrl && ctrl.abort(), REQUEST_TIMEOUT_MS);
    const init = { method: method, credentials: "omit", mode: "cors", signal: ctrl ? ctrl.signal : undefined };
    if (body) {
      init.headers = { "Content-Type": "application/json" };
      init.body = JSON.stringify(body);
    }
    return fetch(SERVER + path, init)
      .then((r) =>
        r
          .json()
          .catch(() => ({}))
          .then((data) => ({ status: r.status, data: data, retryAfter: Number(r.headers.get("Retry-After")) || 0 }))
      )
      .finally(() => clearTimeout(timer));
  }

  /* ---------- DOM ---------- */

  const host = el("aside", "", { id: "ki-chat-widget" });
  const root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  const css = el("link", "", { rel: "stylesheet", href: SERVER + "/widget.css" });
  const wrap = el("div", "kic", { dir: "ltr" });
  wrap.style.display = "none"; // until the styles are there: no flash of unstyled buttons
  css.onload = css.onerror = () => (wrap.style.display = "");
  applyColor(config.color);

  const launcher = el("button", "kic-launcher", { type: "button", "aria-expanded": "false", "aria-controls": "kic-panel" });
  const launcherLabel = el("span");
  launcher.append(icon("M4 4h16v11H8l-4 4z"), launcherLabel);

  const panel = el("div", "kic-panel", { id: "kic-panel", role: "dialog", "aria-labelledby": "kic-title" });
  panel.hidden = true;
  const head = el("div", "kic-head");
  const title = el("h2", "kic-title", { id: "kic-title" });
  const status = el("p", "kic-status", { role: "status" });
  const tools = el("div", "kic-tools");
  const langButton = el("button", "kic-tool", { type: "button", "aria-expanded": "false", "aria-controls": "kic-langs" });
  const langLabel = el("span");
  langButton.append(icon("M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M3 12h18M12 3c-3 3-3 15 0 18M12 3c3 3 3 15 0 18"), langLabel);
  const privButton = el("button", "kic-tool", { type: "button", "aria-expanded": "false", "aria-controls": "kic-privacy" });
  const closeButton = el("button", "kic-tool kic-close", { type: "button" });
  closeButton.append(icon("M6 6l12 12M18 6L6 18"));
  // "Talk to a person": asks the assistant, which asks to confirm before a ticket is opened.
  const humanButton = el("button", "kic-tool", { type: "button" });
  tools.append(langButton, humanButton, privButton);
  const headRow = el("div", "kic-row");
  headRow.append(title, closeButton);
  const toolRow = el("div", "kic-row");
  toolRow.append(status, tools);
  head.append(headRow, toolRow);

  const langSheet = el("div", "kic-sheet", { id: "kic-langs" });
  langSheet.hidden = true;
  const langList = el("ul", "kic-langlist");
  // Volunteer mode: every answer also in a second language, for someone helping a family.
  const volunteerButton = el("button", "kic-secondary kic-volunteer", { type: "button" });
  langSheet.append(langList, volunteerButton);

  const privSheet = el("div", "kic-sheet", { id: "kic-privacy" });
  privSheet.hidden = true;
  const privHeading = el("h3", "kic-sheet-title");
  const privStored = el("p");
  const privServer = el("p");
  const privKept = el("p");
  const privHint = el("p");
  const deleteButton = el("button", "kic-danger", { type: "button" });
  const confirmBox = el("div", "kic-confirm");
  confirmBox.hidden = true;
  const confirmText = el("p", "", { id: "kic-confirm-text" });
  const confirmYes = el("button", "kic-danger", { type: "button", "aria-describedby": "kic-confirm-text" });
  const confirmNo = el("button", "kic-secondary", { type: "button" });
  confirmBox.append(confirmText, confirmYes, confirmNo);
  privSheet.append(privHeading, privStored, privServer, privKept, privHint, deleteButton, confirmBox);

  const log = el("div", "kic-log", { role: "log", "aria-live": "polite", tabindex: "0" });
  const typing = el("p", "kic-typing");
  typing.hidden = true;
  // While a person of the team has the conversation: says so, until they close it.
  const handoffBar = el("p", "kic-handoff", { role: "status" });
  handoffBar.hidden = true;
  const notice = el("div", "kic-notice", { role: "alert" });
  notice.hidden = true;
  const noticeText = el("span");
  const retryNow = el("button", "kic-secondary", { type: "button" });
  notice.append(noticeText, retryNow);

  const form = el("form", "kic-form");
  const inputLabel = el("label", "kic-sr", { for: "kic-input" });
  const input = el("textarea", "kic-input", { id: "kic-input", rows: "1", autocomplete: "off" });
  const sendButton = el("button", "kic-send", { type: "submit" });
  form.append(inputLabel, input, sendButton);

  panel.append(head, langSheet, privSheet, log, typing, handoffBar, notice, form);
  wrap.append(panel, launcher);
  root.append(css, wrap);

  // A line icon (stroke only, 24×24), decorative: the button next to it has the words.
  function icon(path) {
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "kic-svg");
    const p = document.createElementNS(NS, "path");
    p.setAttribute("d", path);
    svg.append(p);
    return svg;
  }

  function applyColor(value) {
    const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value || "") ? expand(value) : "#00566e";
    // WCAG AA: text on the accent colour is white or near-black, whichever contrasts more; the
    // accent as text on white is replaced by near-black when it is too light to read.
    const onAccent = contrast(hex, "#ffffff") >= contrast(hex, "#1a1a1a") ? "#ffffff" : "#1a1a1a";
    wrap.style.setProperty("--kic-accent", hex);
    wrap.style.setProperty("--kic-on-accent", onAccent);
    wrap.style.setProperty("--kic-accent-text", contrast(hex, "#ffffff") >= 4.5 ? hex : "#1a1a1a");
  }

  function expand(hex) {
    return hex.length === 4 ? "#" + hex[1] + hex[1] + hex[2] + hex[2] + hex[3] + hex[3] : hex;
  }

  function luminance(hex) {
    const c = [1, 3, 5].map((i) => {
      const v = parseInt(hex.substr(i, 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /* ---------- texts into the chrome ---------- */

  function applyTexts() {
    const lang = texts.language;
    // The panel and launcher turn with the language; the frame stays put at the right edge.
    const dir = texts.direction === "rtl" ? "rtl" : "ltr";
    [panel, launcher].forEach((e) => {
      e.setAttribute("lang", lang);
      e.setAttribute("dir", dir);
    });
    const customTitle = config.title && lang === PAGE_LANG ? config.title : "";
    title.textContent = customTitle || T("title");
    host.setAttribute("aria-label", title.textContent);
    launcherLabel.textContent = T("launcher");
    // The visible words are the button's name (WCAG 2.5.3); the tooltip says what it does.
    launcher.setAttribute("title", T("open"));
    langLabel.textContent = T("language_menu");
    privButton.textContent = T("privacy.button");
    humanButton.textContent = T("human.button");
    volunteerButton.textContent = T("volunteer.button");
    handoffBar.textContent = T("human.open");
    closeButton.setAttribute("aria-label", T("close"));
    privHeading.textContent = T("privacy.heading");
    privStored.textContent = T("privacy.stored");
    privServer.textContent = T("privacy.server");
    privKept.textContent = T("privacy.kept", { days: texts.retention_days || 90 });
    privHint.textContent = T("privacy.delete_hint");
    deleteButton.textContent = T("delete.button");
    confirmText.textContent = T("delete.confirm");
    confirmYes.textContent = T("delete.yes");
    confirmNo.textContent = T("delete.no");
    log.setAttribute("aria-label", T("conversation"));
    typing.textContent = T("typing");
    retryNow.textContent = T("retry_now");
    inputLabel.textContent = T("input_label");
    input.setAttribute("placeholder", T("placeholder"));
    input.setAttribute("maxlength", String(texts.max_message_chars || 1000));
    sendButton.textContent = T("send");
    renderLanguages();
    showStatus(connection);
  }

  function renderLanguages() {
    langList.textContent = "";
    (texts.languages || []).forEach((l) => {
      const li = el("li");
      const b = el("button", "kic-langbutton", { type: "button", lang: l.code, dir: l.direction === "rtl" ? "rtl" : "ltr" });
      b.textContent = l.native_name;
      if (l.code === texts.language) b.setAttribute("aria-current", "true");
      b.addEventListener("click", () => chooseLanguage(l));
      li.append(b);
      langList.append(li);
    });
  }

  function setLanguage(code) {
    if (texts && texts.language === code) return Promise.resolve();
    const cached = store.get("texts:" + code);
    if (cached) useTexts(cached);
    return fetchTexts(code).then(useTexts, () => {
      if (!texts) showStatus("offline");
    });
  }

  function useTexts(data) {
    texts = data;
    state.language = data.language;
    save();
    applyTexts();
  }

  /* ---------- connection state ---------- */

  let connection = "connecting";

  function showStatus(kind) {
    connection = kind;
    status.className = "kic-status kic-" + kind;
    status.textContent = texts ? T("status." + kind) : "";
  }

  function showNotice(text, retry) {
    noticeText.textContent = text;
    retryNow.hidden = !retry;
    notice.hidden = !text;
  }

  /* ---------- rendering messages ---------- */

  const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

  function webUrl(raw) {
    try {
      const u = new URL(raw);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(href, label, extra) {
    const a = el("a", "kic-link", { href: href, target: "_blank", rel: "noopener noreferrer" });
    a.textContent = label;
    a.append(textEl("span", "kic-sr", " " + (extra ? extra + " " : "") + T("new_tab")));
    return a;
  }

  function shortUrl(href) {
    const u = new URL(href);
    const s = u.host.replace(/^www\./, "") + (u.pathname + u.search).replace(/\/$/, "");
    return s.length > 48 ? s.slice(0, 46) + "…" : s;
  }

  // Text with its http(s) URLs as links; everything else stays text nodes.
  function appendText(parent, text) {
    let last = 0;
    let m;
    URL_RE.lastIndex = 0;
    while ((m = URL_RE.exec(text))) {
      const raw = m[0].replace(/[.,;:!?)\]}'"»]+$/, "");
      const href = webUrl(raw);
      if (m.index > last) parent.append(document.createTextNode(text.slice(last, m.index)));
      parent.append(href ? link(href, shortUrl(href)) : document.createTextNode(raw));
      last = m.index + raw.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
  }

  function bubble(who, entryLang, staff) {
    const b = el("div", "kic-msg kic-" + who + (staff ? " kic-staff" : ""), { dir: "auto" });
    if (entryLang) b.setAttribute("lang", entryLang);
    b.append(textEl("span", "kic-sr", (who === "user" ? T("you_said") : T("bot_said")) + " "));
    return b;
  }

  function card(offer) {
    const c = el("div", "kic-card", { role: "listitem", dir: "auto" });
    c.append(textEl("p", "kic-card-title", offer.title));
    if (offer.site && offer.site !== offer.title) c.append(textEl("p", "", offer.site));
    if (offer.address) c.append(textEl("p", "", offer.address));
    if (typeof offer.distance_km === "number") {
      const km = offer.distance_km.toLocaleString(texts.language, { maximumFractionDigits: 1 });
      c.append(textEl("p", "kic-muted", T("offer.distance", { km: km })));
    }
    const href = webUrl(offer.map_url || "");
    if (href) c.append(link(href, T("offer.map"), "(" + offer.title + ")"));
    return c;
  }

  function renderCustom(custom, current) {
    if (custom.type === "offer_list" && Array.isArray(custom.offers)) {
      const list = el("div", "kic-cards", { role: "list" });
      custom.offers.forEach((o) => o && o.title && list.append(card(o)));
      return list;
    }
    if (custom.type === "offer_details" && custom.offer && custom.offer.title) {
      const list = el("div", "kic-cards", { role: "list" });
      list.append(card(custom.offer));
      return list;
    }
    if (custom.type === "request_location" && current && navigator.geolocation && window.isSecureContext) {
      const box = el("div", "kic-replies");
      const b = textEl("button", "kic-reply", T("location.button"));
      b.type = "button";
      b.addEventListener("click", shareLocation);
      box.append(b);
      return box;
    }
    return null; // an unknown payload: nothing to show
  }

  const userNodes = {}; // entry id → bubble, for the "not sent yet" flag

  function flagUnsent(id) {
    const b = userNodes[id];
    if (b && !b.querySelector(".kic-flag")) b.append(textEl("span", "kic-flag", T("not_sent")));
  }

  function renderEntry(entry, current) {
    if (entry.who === "user") {
      const b = bubble("user");
      b.append(document.createTextNode(entry.text));
      userNodes[entry.id] = b;
      if (entry.pending) {
        b.classList.add("kic-pending");
        if (entry.failed) flagUnsent(entry.id);
      }
      return b;
    }
    const m = entry.m || {};
    const frag = document.createDocumentFragment();
    if (typeof m.text === "string") {
      const b = bubble("bot", entry.lang, entry.staff);
      appendText(b, entry.staff ? "👤 " + m.text : m.text);
      frag.append(b);
    }
    if (m.custom && typeof m.custom === "object") {
      const node = renderCustom(m.custom, current);
      if (node) frag.append(node);
    }
    if (current && Array.isArray(m.buttons) && m.buttons.length) {
      const box = el("div", "kic-replies");
      m.buttons.forEach((btn) => {
        if (!btn || typeof btn.title !== "string" || typeof btn.payload !== "string") return;
        const b = el("button", "kic-reply", { type: "button", dir: "auto" });
        b.textContent = btn.title;
        b.addEventListener("click", () => {
          send(btn.payload, { display: btn.title });
          input.focus();
        });
        box.append(b);
      });
      frag.append(box);
    }
    return frag;
  }

  // The whole log, only at start and after a deletion: the log is a live region, and
  // re-rendering it would make screen readers read the whole conversation again.
  function render() {
    log.textContent = "";
    let lastUser = -1;
    state.history.forEach((e, i) => e.who === "user" && (lastUser = i));
    state.history.forEach((e, i) => log.append(renderEntry(e, e.who === "bot" && i > lastUser)));
    scrollDown();
  }

  function append(entry, current) {
    log.append(renderEntry(entry, current));
    scrollDown();
  }

  // Quick replies belong to their answer: once the user says something, they go.
  function dropReplies() {
    Array.prototype.forEach.call(log.querySelectorAll(".kic-replies"), (n) => n.remove());
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function note(text) {
    const n = textEl("p", "kic-note", text);
    log.append(n);
    scrollDown();
  }

  /* ---------- sending: a queue that survives reloads and retries with backoff ---------- */

  let busy = false;
  let attempt = 0;
  let retryTimer = 0;

  function send(text, opts) {
    opts = opts || {};
    const entry = {
      who: "user",
      id: randomId(8),
      text: opts.display || text,
      payload: text,
      pending: true,
      t: Date.now(),
    };
    if (opts.location) {
      exactLocations[entry.id] = opts.location;
      entry.location = coarse(opts.location); // after a reload, the nearest offers still work
    }
    state.history.push(entry);
    save();
    dropReplies();
    append(entry, false);
    pump();
  }

  function pump() {
    if (busy) return;
    const entry = state.history.find((e) => e.pending);
    if (!entry) return;
    busy = true;
    clearTimeout(retryTimer);
    if (connection !== "online") showStatus("connecting");
    typing.hidden = false;
    const body = { session: state.session, id: entry.id, message: entry.payload, language: state.language };
    const where = exactLocations[entry.id] || entry.location;
    if (where) body.location = where;
    api("POST", "/api/messages", body)
      .then((r) => {
        if (r.status === 200 && r.data && Array.isArray(r.data.messages)) return delivered(entry, r.data);
        if (r.status === 429 || r.status >= 500) {
          const tooFast = r.status === 429 && r.data && r.data.message;
          return retryLater(r.retryAfter * 1000, tooFast ? () => r.data.message : "retrying");
        }
        refused(entry, r.data && r.data.message);
      })
      .catch(() => retryLater(0, "server_down")) // no answer at all: the network or the host
      .then(() => {
        busy = false;
        typing.hidden = true;
        if (!retryTimer) pump();
      });
  }

  function delivered(entry, answer) {
    attempt = 0;
    retryTimer = 0;
    showStatus("online");
    showNotice("");
    delete entry.pending;
    delete entry.failed;
    delete entry.location; // sent: this browser keeps no trace of where the user is
    delete exactLocations[entry.id];
    const node = userNodes[entry.id];
    if (node) {
      node.classList.remove("kic-pending");
      const flag = node.querySelector(".kic-flag");
      if (flag) flag.remove();
    }
    if (answer.deleted) {
      // the user deleted the conversation by asking the assistant: forget our copy too
      state = freshState(state.language);
      render();
    }
    const entries = answer.messages.map((m) => ({ who: "bot", m: m, lang: answer.language || null, t: Date.now() }));
    state.history = state.history.concat(entries);
    setHandoff(!!answer.handoff_open);
    save();
    const switching = answer.language && texts && answer.language !== texts.language;
    // the widget's language and direction follow the language the assistant answered in
    return (switching ? setLanguage(answer.language) : Promise.resolve()).then(() =>
      entries.forEach((e) => append(e, true))
    );
  }

  // `why`: the text key to show (it says when the next try is), or a function giving the text
  function retryLater(waitMs, why) {
    attempt += 1;
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, attempt - 1)) * (0.75 + Math.random() * 0.5);
    const delay = Math.max(waitMs || 0, backoff);
    showStatus("offline");
    state.history.forEach((e) => {
      if (e.pending) {
        e.failed = true;
        flagUnsent(e.id);
      }
    });
    save();
    const seconds = Math.ceil(delay / 1000);
    showNotice(typeof why === "function" ? why() : T(why, { seconds: seconds }), true);
    retryTimer = setTimeout(() => {
      retryTimer = 0;
      pump();
    }, delay);
  }

  function refused(entry, message) {
    // not retryable (too long, malformed): take it back into the input so nothing is lost
    showStatus("online");
    const i = state.history.indexOf(entry);
    if (i >= 0) state.history.splice(i, 1);
    save();
    const node = userNodes[entry.id];
    if (node) node.remove();
    if (!input.value && entry.payload === entry.text) input.value = entry.text;
    showNotice(message || T("error.bad_request"), false);
  }

  function retryNowClicked() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    attempt = Math.max(0, attempt - 1);
    pump();
  }

  /* ---------- a person of the team: their answers are fetched, not pushed ---------- */

  let pollTimer = 0;

  function setHandoff(open) {
    state.handoff = open;
    handoffBar.hidden = !open;
    clearTimeout(pollTimer);
    pollTimer = open ? setTimeout(poll, pollMs()) : 0;
  }

  function pollMs() {
    return 1000 * ((texts && texts.poll_seconds) || DEFAULT_POLL_S);
  }

  // Asks for staff answers: on every visit (an answer may have come while the page was
  // closed) and then, while the conversation is with staff, every few seconds.
  function poll() {
    clearTimeout(pollTimer);
    pollTimer = 0;
    return api("POST", "/api/replies", { session: state.session, language: state.language })
      .then((r) => {
        if (r.status !== 200 || !r.data || !Array.isArray(r.data.messages)) return !!state.handoff;
        const entries = r.data.messages
          .filter((m) => m && typeof m.text === "string")
          .map((m) => ({ who: "bot", m: { text: m.text }, staff: m.author === "staff", lang: state.language, t: Date.now() }));
        state.history = state.history.concat(entries);
        entries.forEach((e) => append(e, false));
        return !!r.data.handoff_open;
      })
      .catch(() => !!state.handoff) // no connection: ask again later
      .then((open) => {
        setHandoff(open);
        save();
      });
  }

  /* ---------- actions ---------- */

  function chooseLanguage(l) {
    toggleSheet(langSheet, langButton, false);
    setLanguage(l.code).then(() => {
      // the host's signed payload (from the fresh texts): it accepts no payload it did not sign
      const fresh = ((texts && texts.languages) || []).find((x) => x.code === l.code) || l;
      if (fresh.payload) send(fresh.payload, { display: l.native_name });
      input.focus();
    });
  }

  function shareLocation() {
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const loc = { lat: +pos.coords.latitude.toFixed(5), lon: +pos.coords.longitude.toFixed(5) };
        if (texts && texts.location_payload) send(texts.location_payload, { display: T("location.sent"), location: loc });
      },
      () => note(T("location.failed")),
      { timeout: 15000, maximumAge: 60000 }
    );
  }

  function deleteConversation() {
    confirmYes.disabled = true;
    api("DELETE", "/api/conversation", { session: state.session, language: state.language })
      .then((r) => {
        if (r.status !== 200) throw new Error(r.data && r.data.message);
        clearTimeout(retryTimer);
        retryTimer = 0;
        state = freshState(state.language);
        state.open = true;
        save();
        render();
        showNotice("");
        toggleSheet(privSheet, privButton, false);
        note(T("delete.done"));
        input.focus();
      })
      .catch((e) => showNotice((e && e.message) || T("delete.failed"), false))
      .then(() => {
        confirmYes.disabled = false;
        confirmBox.hidden = true;
      });
  }

  /* ---------- opening, closing, keyboard ---------- */

  function setOpen(open, focus) {
    state.open = open;
    save();
    panel.hidden = !open;
    wrap.classList.toggle("kic-open", open);
    launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      scrollDown();
      if (focus) input.focus();
    } else if (focus) {
      launcher.focus();
    }
  }

  function toggleSheet(sheet, button, open) {
    sheet.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) {
      const other = sheet === langSheet ? [privSheet, privButton] : [langSheet, langButton];
      other[0].hidden = true;
      other[1].setAttribute("aria-expanded", "false");
      const first = sheet.querySelector("button");
      if (first) first.focus();
    }
  }

  launcher.addEventListener("click", () => setOpen(panel.hidden, true));
  closeButton.addEventListener("click", () => setOpen(false, true));
  langButton.addEventListener("click", () => toggleSheet(langSheet, langButton, langSheet.hidden));
  privButton.addEventListener("click", () => toggleSheet(privSheet, privButton, privSheet.hidden));
  humanButton.addEventListener("click", () => {
    if (texts && texts.human_payload) send(texts.human_payload, { display: T("human.button") });
    input.focus();
  });
  volunteerButton.addEventListener("click", () => {
    if (texts && texts.volunteer_payload) send(texts.volunteer_payload, { display: T("volunteer.button") });
    toggleSheet(langSheet, langButton, false);
    input.focus();
  });
  deleteButton.addEventListener("click", () => {
    confirmBox.hidden = false;
    confirmNo.focus();
  });
  confirmNo.addEventListener("click", () => {
    confirmBox.hidden = true;
    deleteButton.focus();
  });
  confirmYes.addEventListener("click", deleteConversation);
  retryNow.addEventListener("click", retryNowClicked);

  panel.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    e.preventDefault();
    if (!langSheet.hidden) {
      toggleSheet(langSheet, langButton, false);
      langButton.focus();
    } else if (!privSheet.hidden) {
      toggleSheet(privSheet, privButton, false);
      privButton.focus();
    } else {
      setOpen(false, true);
    }
  });

  input.addEventListener("keydown", (e) => {
    // Enter sends, Shift+Enter is a new line; never while an input method composes a word
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit ? form.requestSubmit() : submit();
    }
  });
  input.addEventListener("input", () => draft.set(input.value)); // a reload keeps it
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit();
  });

  function submit() {
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    draft.set("");
    send(text);
  }

  window.addEventListener("online", retryNowClicked);
  window.addEventListener("offline", () => showStatus("offline"));

  /* ---------- start ---------- */

  let started = false;

  function start() {
    document.body.append(host);
    input.value = draft.get();
    const code = state.language || PAGE_LANG;
    const cached = store.get("texts:" + code);
    if (cached) useTexts(cached);
    loadTexts(code);
  }

  function loadTexts(code) {
    fetchTexts(code)
      .then((data) => {
        useTexts(data);
        showStatus("online");
      })
      .catch(() => {
        showStatus("offline");
        if (!texts) setTimeout(() => loadTexts(code), 5000); // nothing to show yet: try again
      })
      .then(() => {
        if (!texts || started) return;
        started = true;
        render();
        if (state.open) setOpen(true, false);
        pump(); // messages typed before a reload are sent now
        poll(); // staff answers that came while the page was closed
      });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
