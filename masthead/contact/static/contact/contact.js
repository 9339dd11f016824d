// The floating "Contact us" box: asks /contact/state/ whether the newsroom is
// around, then offers a live chat or the email form. Whatever the reader typed
// survives every switch between the two (a failed socket, staff leaving).
(function () {
  "use strict";
  var box = document.querySelector("[data-contact-box]");
  if (!box || !window.fetch) return;

  var panel = box.querySelector(".contact-box__panel");
  var toggle = box.querySelector("[data-contact-toggle]");
  var offlineForm = box.querySelector("[data-contact-form]");
  var startForm = box.querySelector("[data-chat-start-form]");
  var chatForm = box.querySelector("[data-chat-form]");
  var chatInput = box.querySelector("[data-chat-input]");
  var chatLines = box.querySelector("[data-chat-lines]");
  var chatError = box.querySelector("[data-chat-error]");
  var chatStatus = box.querySelector("[data-chat-status]");
  var note = box.querySelector("[data-contact-note]");
  var csrf = "";
  var view = "loading";
  var chat = null;
  var pendingFirst = "";
  var pendingId = "";
  var counter = 0;
  var seen = {};
  var unanswered = [];
  var pollTimer = null;
  var answerTimer = null;
  var answerWithin = 90;
  var POLL_EVERY = 30 * 1000;
  var WAITING = "Waiting for someone in the newsroom to answer…";
  var CHATTING = "You're chatting with the newsroom.";
  var LEFT = "The newsroom has just left the chat. Your conversation so far is saved with us; you can send the rest by email.";

  function show(name) {
    view = name;
    box.querySelectorAll("[data-contact-view]").forEach(function (element) {
      element.hidden = element.getAttribute("data-contact-view") !== name;
    });
    if (panel.hidden) return;
    // Focus the first field still empty, so a carried-over form reads on from there.
    var scope = '[data-contact-view="' + name + '"] ';
    var fields = box.querySelectorAll(
      scope + 'input:not([tabindex="-1"]):not([type="checkbox"]), ' + scope + "textarea"
    );
    var target = name === "chat" ? chatInput : Array.prototype.find.call(fields, function (field) {
      return !field.value;
    }) || fields[0];
    if (target) target.focus({ preventScroll: true });
  }

  function open() {
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    if (view === "loading" || view === "offline" || view === "start") loadState();
  }

  function close() {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }

  function getState() {
    return fetch(box.dataset.stateUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) throw new Error("state " + response.status);
      return response.json();
    }).then(function (data) {
      csrf = data.csrf;
      showCopyOption(data.copy_to || "");
      if (data.answer_within > 0) answerWithin = data.answer_within;
      return data;
    });
  }

  // "Send me a copy" is offered only to a signed-in reader with a verified address,
  // and goes there whatever address is typed (the server ignores it otherwise).
  function showCopyOption(address) {
    var row = offlineForm && offlineForm.querySelector("[data-copy]");
    if (!row) return;
    row.hidden = !address;
    if (!address) row.querySelector("input").checked = false;
    else row.querySelector("[data-copy-label]").textContent = "Send me a copy (to " + address + ")";
  }

  function loadState() {
    getState().then(function (data) {
      if (view === "chat" || view === "sent") return;
      if (data.chat_open) { show("chat"); connect(); }
      else if (data.around && view !== "offline") show("start");
      else if (!data.around) show("offline");
    }).catch(function () {
      show("offline");
    });
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for], [data-form-error]").forEach(function (element) {
      element.textContent = "";
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (element) {
      element.removeAttribute("aria-invalid");
    });
  }

  function showErrors(form, data) {
    var general = form.querySelector("[data-form-error]");
    general.textContent = data.error || "Something went wrong; your text is still here.";
    Object.keys(data.errors || {}).forEach(function (field) {
      var slot = form.querySelector('[data-error-for="' + field + '"]');
      var input = form.querySelector('[name="' + field + '"]');
      var text = data.errors[field].join(" ");
      if (slot) slot.textContent = text; else general.textContent += " " + text;
      if (input) input.setAttribute("aria-invalid", "true");
    });
  }

  function post(url, form, extra) {
    var body = new FormData(form);
    Object.keys(extra || {}).forEach(function (key) { body.set(key, extra[key]); });
    var attempt = function () {
      return fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      });
    };
    // A stale or missing token (the state check failed, the session changed):
    // fetch a fresh one and try once more before telling the reader.
    return (csrf ? attempt() : getState().then(attempt)).then(function (response) {
      if (response.status !== 403) return response;
      return getState().then(attempt);
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, error: "The newsroom's server answered with an error (" + response.status + "). Your text is still here; please try again." };
      });
    });
  }

  offlineForm.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(offlineForm);
    var button = offlineForm.querySelector("button[type=submit]");
    button.disabled = true;
    post(box.dataset.sendUrl, offlineForm).then(function (data) {
      if (data.ok) {
        box.querySelector("[data-contact-thanks]").textContent = data.message;
        offlineForm.reset();
        show("sent");
      } else {
        showErrors(offlineForm, data);
      }
    }).catch(function () {
      showErrors(offlineForm, { error: "We couldn't reach the newsroom (are you offline?). Your message is still here; please try again." });
    }).then(function () { button.disabled = false; });
  });

  box.querySelector("[data-contact-again]").addEventListener("click", function () {
    note.hidden = true;
    show("offline");
  });

  box.querySelector("[data-contact-use-email]").addEventListener("click", function () {
    carryOver(startForm.elements.message.value);
    show("offline");
  });

  startForm.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(startForm);
    var first = startForm.elements.message.value;
    if (!first.trim()) {
      showErrors(startForm, { error: "Please write a message.", errors: { message: ["Please write a message."] } });
      return;
    }
    var button = startForm.querySelector("button[type=submit]");
    button.disabled = true;
    post(box.dataset.chatUrl, startForm).then(function (data) {
      if (data.ok) {
        pendingFirst = first;
        show("chat");
        connect();
      } else if (data.errors && Object.keys(data.errors).length) {
        showErrors(startForm, data);
      } else {
        fallBack(data.error);
      }
    }).catch(function () {
      fallBack("We couldn't start the chat. You can send us an email instead; your text is kept.");
    }).then(function () { button.disabled = false; });
  });

  function addLine(line) {
    if (seen[line.id]) return;
    seen[line.id] = true;
    if (line.author === "reader") {
      unanswered.push(line.body);
      startAnswerTimer();
    } else {
      unanswered = [];
      stopAnswerTimer();
    }
    var item = document.createElement("li");
    item.className = "contact-chat__line contact-chat__line--" + line.author;
    var who = document.createElement("span");
    who.className = "contact-chat__who";
    who.textContent = line.author === "staff" ? "Newsroom" : "You";
    item.appendChild(who);
    item.appendChild(document.createTextNode(line.body));
    chatLines.appendChild(item);
    chatLines.scrollTop = chatLines.scrollHeight;
  }

  function showStatus() {
    chatStatus.textContent = unanswered.length ? WAITING : CHATTING;
  }

  // Nobody answered in time: the reader's words go to the email form instead of
  // waiting forever. Staff answering (a staff line) stops the clock.
  function startAnswerTimer() {
    if (answerTimer) return;
    answerTimer = setTimeout(function () {
      answerTimer = null;
      if (view !== "chat" || !unanswered.length) return;
      if (chat) chat.send({ type: "give_up" });
      fallBack("Nobody in the newsroom has answered yet, so your message can go by email instead. It's in the form below: add your email and press Send.", true);
    }, answerWithin * 1000);
  }

  function stopAnswerTimer() {
    if (answerTimer) clearTimeout(answerTimer);
    answerTimer = null;
  }

  function say(body) {
    counter += 1;
    pendingId = "r" + counter;
    chat.send({ type: "say", body: body, client_id: pendingId });
  }

  function joined(lines) {
    lines.forEach(function (line) {
      // A line sent just before a drop may have been stored without its echo.
      if (pendingId && line.author === "reader" && !seen[line.id] && line.body === chatInput.value.trim()) {
        chatInput.value = pendingFirst = pendingId = "";
      }
      addLine(line);
    });
    showStatus();
    startPolling();
    if (pendingFirst) { chatInput.value = pendingFirst; say(pendingFirst); }
  }

  function heard(data) {
    if (data.type === "line") {
      addLine(data.line);
      showStatus();
      if (data.client_id && data.client_id === pendingId) {
        chatInput.value = pendingFirst = pendingId = "";
      }
    } else if (data.type === "error") {
      chatError.textContent = data.error;
      pendingFirst = pendingId = "";
    } else if (data.type === "presence" && !data.around) {
      fallBack(LEFT);
    } else if (data.type === "closed") {
      fallBack("The newsroom closed this chat. If there's more, send us an email.");
    }
  }

  function connect() {
    if (!window.MastheadChatSocket || !window.WebSocket) {
      fallBack("The live chat isn't available from here. You can send us an email instead; your text is kept.");
      return;
    }
    chat = window.MastheadChatSocket({
      path: "/ws/contact/chat/",
      onJoin: joined,
      onMessage: heard,
      onStatus: function (state) {
        if (state === "open") showStatus();
        else if (state === "reconnecting") chatStatus.textContent = "Connection lost. Reconnecting… (your text is kept)";
        else chatStatus.textContent = "Connecting to the newsroom…";
      },
      onGiveUp: function (reason) {
        chat = null;
        fallBack({
          never: "The live chat didn't connect. You can send us an email instead; your text is kept.",
          refused: "This chat has ended. If there's more, send us an email; your text is kept.",
          lost: "The chat connection was lost. You can send us an email instead; your text is kept.",
        }[reason]);
      },
    });
  }

  function startPolling() {
    stopPolling();
    pollTimer = setInterval(function () {
      getState().then(function (data) {
        if (!data.around && view === "chat") fallBack(LEFT);
      }).catch(function () {});
    }, POLL_EVERY);
  }

  function stopPolling() {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  }

  function carryOver(text) {
    var fields = offlineForm.elements;
    if (!fields.name.value) fields.name.value = startForm.elements.name.value;
    if (!fields.email.value) fields.email.value = startForm.elements.email.value;
    text = (text || "").trim();
    if (text && fields.message.value.indexOf(text) === -1) {
      fields.message.value = fields.message.value ? fields.message.value + "\n\n" + text : text;
    }
  }

  // Back to the email form, carrying what the reader had not yet got across:
  // the unsent text, or their lines nobody from the newsroom answered (both,
  // when nobody answered at all).
  function fallBack(reason, withUnanswered) {
    if (view === "offline") return;
    stopPolling();
    stopAnswerTimer();
    if (chat) chat.stop();
    chat = null;
    var typed = chatInput.value.trim() || pendingFirst.trim();
    var text = typed;
    if (unanswered.length && (withUnanswered || !typed)) {
      text = unanswered.join("\n") + (typed ? "\n\n" + typed : "");
    }
    carryOver(text);
    chatInput.value = pendingFirst = pendingId = "";
    unanswered = [];
    if (reason) { note.textContent = reason; note.hidden = false; }
    show("offline");
  }

  chatForm.addEventListener("submit", function (event) {
    event.preventDefault();
    chatError.textContent = "";
    var body = chatInput.value;
    if (!body.trim()) { chatError.textContent = "Type a message first."; return; }
    counter += 1;
    pendingId = "r" + counter;
    if (!chat || !chat.send({ type: "say", body: body, client_id: pendingId })) {
      pendingId = "";
      chatError.textContent = "Not connected right now; your text is kept. Send it again once the chat has reconnected.";
    }
  });

  chatInput.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); chatForm.requestSubmit(); }
  });

  toggle.addEventListener("click", function (event) {
    event.preventDefault();
    if (panel.hidden) open(); else close();
  });
  box.querySelector("[data-contact-close]").addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
})();
