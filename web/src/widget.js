/*
 * Meldcode-assistent: chat widget for a website.
 *
 * Embed with one tag (the stylesheet next to the script is loaded by the widget itself):
 *   <script src="https://example.org/meldcode-widget.js"
 *           data-server="https://assistent.example.org"
 *           data-privacy-url="https://example.org/privacy" defer></script>
 *
 * Talks to the Rasa server's web chat channel (addons/web_channel.py) over socket.io.
 * Messages are shown as text: HTML in user or bot messages is never interpreted. Bot
 * messages may use **vet**, [links](https://...) and "- " lists; a backslash shows the next
 * character as it is (the server escapes what a user typed when a summary echoes it).
 * The conversation (session id, the page key it is bound to, and what was said) lives in
 * sessionStorage: it survives a reload of the page and is gone when the tab is closed or
 * "Nieuw gesprek" is chosen. What the user typed is kept there only as the server stores it,
 * redacted (names become [NAAM], ...): the server sends that version back ("user_stored").
 * The page key is sent only when connecting; it binds the session id to this tab.
 */
(function () {
  "use strict";

  var io = window.io;
  var script = document.currentScript;
  var STORAGE_KEY = "meldcode-assistent";
  var ANSWER_TIMEOUT_MS = 30000;
  var SAFE_PROTOCOLS = ["http:", "https:", "mailto:", "tel:"];

  // A link target we are willing to show: absolute or relative, never javascript: or data:.
  function safeUrl(url) {
    try {
      var parsed = new URL(url, document.baseURI);
      return SAFE_PROTOCOLS.indexOf(parsed.protocol) >= 0 ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  var config = {
    server: (script && script.getAttribute("data-server")) || window.location.origin,
    privacyUrl: (script && script.getAttribute("data-privacy-url")) || "",
    open: script && script.getAttribute("data-open") === "true",
  };

  // ---- storage -------------------------------------------------------------------------

  // A random secret for this tab; the server binds the session id to it.
  function newPageKey() {
    var bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  function fresh(open) {
    return { sessionId: null, pageKey: newPageKey(), history: [], open: open };
  }

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
      if (saved && Array.isArray(saved.history)) {
        if (typeof saved.pageKey !== "string") saved.pageKey = newPageKey();
        return saved;
      }
    } catch (e) {
      /* storage blocked or damaged: start empty */
    }
    return fresh(false);
  }

  // Typed messages not yet confirmed by the server (raw text) stay in memory only.
  function stored() {
    return {
      sessionId: state.sessionId,
      pageKey: state.pageKey,
      open: state.open,
      history: state.history
        .filter(function (message) {
          return !message.pending;
        })
        .map(function (message) {
          return { from: message.from, text: message.text, buttons: message.buttons };
        }),
    };
  }

  function save() {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(stored()));
    } catch (e) {
      /* storage blocked: the conversation still works, it just does not survive a reload */
    }
  }

  var state = load();

  // ---- small DOM helpers ---------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Inline Markdown: **bold** and [text](url); everything else stays plain text.
  function renderInline(text, parent) {
    var pattern = /\\([\\`*_\[\]<>#|~+\-.])|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1] !== undefined) {
        parent.appendChild(document.createTextNode(match[1])); // escaped: as it is
      } else if (match[2] !== undefined) {
        parent.appendChild(el("strong", { text: match[2] }));
      } else if (safeUrl(match[4])) {
        parent.appendChild(
          el("a", { href: safeUrl(match[4]), target: "_blank", rel: "noopener noreferrer", text: match[3] })
        );
      } else {
        parent.appendChild(document.createTextNode(match[0]));
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // Blocks: paragraphs split by blank lines, "- " lines become a list, single newlines <br>.
  function renderMarkdown(text) {
    var fragment = document.createDocumentFragment();
    String(text || "")
      .split(/\n\s*\n/)
      .forEach(function (block) {
        var lines = block.split("\n");
        var paragraph = null;
        var list = null;
        lines.forEach(function (line) {
          var item = /^\s*[-*]\s+(.*)$/.exec(line); // "\- x" is escaped: not a list
          if (item) {
            if (!list) {
              list = el("ul");
              fragment.appendChild(list);
            }
            var li = el("li");
            renderInline(item[1], li);
            list.appendChild(li);
            paragraph = null;
            return;
          }
          list = null;
          if (!paragraph) {
            paragraph = el("p");
            fragment.appendChild(paragraph);
          } else {
            paragraph.appendChild(el("br"));
          }
          renderInline(line, paragraph);
        });
      });
    return fragment;
  }

  // ---- the widget ----------------------------------------------------------------------

  var ids = { panel: "mca-panel", input: "mca-input", notice: "mca-notice" };

  var launcher = el("button", {
    type: "button",
    class: "mca-launcher",
    "aria-expanded": "false",
    "aria-controls": ids.panel,
    text: "Meldcode-assistent",
  });

  var newButton = el("button", { type: "button", class: "mca-secondary", text: "Nieuw gesprek" });
  var closeButton = el("button", { type: "button", class: "mca-secondary", text: "Sluiten" });

  var noticeChildren = [
    "Je chat met een automatisch programma, geen mens. Typ geen namen of andere gegevens " +
      "waaraan iemand te herkennen is. Direct gevaar? Bel 112.",
  ];
  if (config.privacyUrl && safeUrl(config.privacyUrl)) {
    noticeChildren.push(" ");
    noticeChildren.push(
      el("a", { href: safeUrl(config.privacyUrl), target: "_blank", rel: "noopener noreferrer", text: "Privacy" })
    );
  }
  var notice = el("p", { id: ids.notice, class: "mca-notice" }, noticeChildren);

  var log = el("div", {
    class: "mca-log",
    role: "log",
    "aria-live": "polite",
    "aria-label": "Gesprek",
    tabindex: "0",
  });
  var typing = el("p", { class: "mca-typing", hidden: "hidden", text: "De assistent typt…" });
  var status = el("p", { class: "mca-status", role: "status" });

  var input = el("textarea", {
    id: ids.input,
    rows: "2",
    maxlength: "2000",
    autocomplete: "off",
    "aria-describedby": ids.notice,
  });
  var form = el("form", { class: "mca-form" }, [
    el("label", { for: ids.input, class: "mca-label", text: "Je bericht" }),
    el("div", { class: "mca-row" }, [
      input,
      el("button", { type: "submit", class: "mca-primary", text: "Verstuur" }),
    ]),
  ]);

  var panel = el(
    "section",
    { id: ids.panel, class: "mca-panel", "aria-labelledby": "mca-title", hidden: "hidden" },
    [
      el("header", { class: "mca-header" }, [
        el("h2", { id: "mca-title", class: "mca-title", text: "Meldcode-assistent" }),
        el("div", { class: "mca-actions" }, [newButton, closeButton]),
      ]),
      notice,
      log,
      typing,
      status,
      form,
    ]
  );

  var root = el("div", { class: "mca-root", lang: "nl" }, [panel, launcher]);

  // ---- rendering -----------------------------------------------------------------------

  function removeQuickReplies() {
    var groups = log.querySelectorAll(".mca-replies");
    for (var i = 0; i < groups.length; i++) groups[i].parentNode.removeChild(groups[i]);
  }

  function appendMessage(message, live) {
    var item = el("div", { class: "mca-msg mca-" + message.from });
    item.appendChild(el("span", { class: "mca-visually-hidden", text: message.from === "bot" ? "Assistent: " : "Jij: " }));
    var body = el("div", { class: "mca-body" });
    if (message.from === "bot") body.appendChild(renderMarkdown(message.text));
    else body.appendChild(el("p", { text: message.text }));
    item.appendChild(body);
    if (live && message.buttons && message.buttons.length) {
      var group = el("div", { class: "mca-replies", role: "group", "aria-label": "Kies een antwoord" });
      message.buttons.forEach(function (button) {
        var node = el("button", { type: "button", class: "mca-reply", text: button.title });
        node.addEventListener("click", function () {
          send(button.payload, button.title);
        });
        group.appendChild(node);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function renderHistory() {
    while (log.firstChild) log.removeChild(log.firstChild);
    state.history.forEach(function (message, index) {
      appendMessage(message, index === state.history.length - 1);
    });
  }

  function remember(message) {
    state.history.push(message);
    save();
  }

  // ---- conversation --------------------------------------------------------------------

  var socket = null;
  var answerTimer = null;
  var nextEchoId = 1;

  function setTyping(on) {
    typing.hidden = !on;
    window.clearTimeout(answerTimer);
    if (on) {
      answerTimer = window.setTimeout(function () {
        typing.hidden = true;
        status.textContent =
          "Er komt geen antwoord. Probeer het zo nog eens. Direct gevaar? Bel 112. " +
          "Advies: Veilig Thuis, 0800-2000.";
      }, ANSWER_TIMEOUT_MS);
    }
  }

  function send(payload, shown) {
    if (!socket || !state.sessionId) {
      status.textContent = "Nog geen verbinding met de assistent. Probeer het zo nog eens.";
      return false;
    }
    removeQuickReplies();
    var outgoing = { message: payload };
    if (shown !== null) {
      var message = { from: "user", text: shown };
      if (shown === payload) {
        // Typed: kept in storage only once the server sends back its redacted version.
        message.pending = true;
        message.echoId = nextEchoId++;
        outgoing.echo_id = message.echoId;
      }
      remember(message);
      appendMessage(message, false);
    }
    status.textContent = "";
    setTyping(true);
    socket.emit("user_uttered", outgoing);
    return true;
  }

  function onUserStored(data) {
    if (!data || typeof data.text !== "string") return;
    state.history.forEach(function (message) {
      if (message.pending && message.echoId === data.echo_id) {
        message.text = data.text; // the page shows what was typed; storage keeps this
        message.pending = false;
        delete message.echoId;
      }
    });
    save();
  }

  function onBotMessage(data) {
    setTyping(false);
    if (!data || typeof data.text !== "string") return;
    var buttons = (data.quick_replies || [])
      .filter(function (b) {
        return b && typeof b.title === "string" && typeof b.payload === "string";
      })
      .map(function (b) {
        return { title: b.title, payload: b.payload };
      });
    var message = { from: "bot", text: data.text, buttons: buttons };
    removeQuickReplies();
    remember(message);
    appendMessage(message, true);
  }

  function onSessionConfirm(sessionId) {
    var isNew = sessionId !== state.sessionId;
    state.sessionId = sessionId;
    if (isNew) {
      state.history = [];
      save();
      renderHistory();
      send("/greet", null); // the assistant opens with its welcome and bot notice
    }
  }

  function connect() {
    if (socket) return;
    socket = io(config.server, { path: "/socket.io", transports: ["websocket", "polling"] });
    socket.on("connect", function () {
      status.textContent = "";
      socket.emit("session_request", { session_id: state.sessionId, page_key: state.pageKey });
    });
    socket.on("session_confirm", onSessionConfirm);
    socket.on("bot_uttered", onBotMessage);
    socket.on("user_stored", onUserStored);
    socket.on("connect_error", function () {
      setTyping(false);
      status.textContent =
        "Geen verbinding met de assistent. Probeer het later opnieuw. Direct gevaar? Bel 112. " +
        "Advies: Veilig Thuis, 0800-2000.";
    });
  }

  function newConversation() {
    state = fresh(true); // a new page key too: the old session cannot be continued
    save();
    renderHistory();
    if (socket) socket.emit("session_request", { session_id: null, page_key: state.pageKey });
    input.focus();
  }

  function setOpen(open, moveFocus) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.hidden = open;
    if (open) connect();
    if (moveFocus) (open ? input : launcher).focus();
  }

  launcher.addEventListener("click", function () {
    setOpen(true, true);
  });
  closeButton.addEventListener("click", function () {
    setOpen(false, true);
  });
  newButton.addEventListener("click", newConversation);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setOpen(false, true);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (send(text, text)) input.value = "";
  });

  function start() {
    if (!io) {
      window.console && console.error("Meldcode-assistent: socket.io-client ontbreekt in de bundel.");
      return;
    }
    var stylesheet = el("link", { rel: "stylesheet", href: styleUrl() });
    document.head.appendChild(stylesheet);
    document.body.appendChild(root);
    renderHistory();
    // Restored after a reload: open again, but leave the focus where the page puts it.
    if (state.open || config.open) setOpen(true, false);
  }

  function styleUrl() {
    var src = (script && script.src) || "meldcode-widget.js";
    return src.replace(/\.js(\?.*)?$/, ".css$1");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
