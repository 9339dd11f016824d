// The staff side of a live chat: lines come and go over the staff socket, which
// pings and reconnects by itself (chat-socket.js). The answer being typed is
// only cleared once the server has stored it.
(function () {
  "use strict";
  var root = document.querySelector("[data-staff-chat]");
  if (!root || !window.MastheadChatSocket) return;
  var lines = root.querySelector("[data-chat-lines]");
  var status = root.querySelector("[data-chat-status]");
  var form = root.querySelector("[data-chat-form]");
  var input = root.querySelector("[data-chat-input]");
  var error = root.querySelector("[data-chat-error]");
  var seen = {};
  var counter = 0;
  var pending = "";
  var chat;

  function addLine(line) {
    if (seen[line.id]) return;
    seen[line.id] = true;
    var item = document.createElement("li");
    item.className = "contact-chat__line contact-chat__line--" + line.author;
    var who = document.createElement("span");
    who.className = "contact-chat__who";
    who.textContent = line.author === "staff" ? "Newsroom" : "Reader";
    item.appendChild(who);
    item.appendChild(document.createTextNode(line.body));
    lines.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
  }

  function joined(history) {
    history.forEach(function (line) {
      // Sent just before a drop: stored, but its echo never came back.
      if (pending && line.author === "staff" && !seen[line.id] && line.body === input.value.trim()) {
        input.value = pending = "";
      }
      addLine(line);
    });
  }

  function heard(data) {
    if (data.type === "line") {
      addLine(data.line);
      if (data.client_id && data.client_id === pending) input.value = pending = "";
    }
    if (data.type === "error") error.textContent = data.error;
    if (data.type === "closed") {
      chat.stop();
      status.textContent = "This chat is closed.";
      form.hidden = true;
    }
  }

  var STATUS = {
    connecting: "Connecting…",
    reconnecting: "Connection lost. Reconnecting… (your answer is kept)",
    open: "Connected. The reader sees what you send.",
  };
  var GIVEN_UP = {
    refused: "You can't answer this chat (no permission, or it no longer exists).",
    never: "Could not connect. Reload the page to try again; your answer is kept.",
    lost: "Disconnected. Reload the page to try again; your answer is kept.",
  };

  chat = window.MastheadChatSocket({
    path: root.dataset.socket,
    onJoin: joined,
    onMessage: heard,
    onStatus: function (state) { status.textContent = STATUS[state]; },
    onGiveUp: function (reason) { status.textContent = GIVEN_UP[reason]; },
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.textContent = "";
    if (!input.value.trim()) { error.textContent = "Type a message first."; return; }
    counter += 1;
    pending = "s" + counter;
    if (!chat.send({ type: "say", body: input.value, client_id: pending })) {
      pending = "";
      error.textContent = "Not connected; your text is kept, try again in a moment.";
    }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  root.querySelector("[data-chat-close]").addEventListener("click", function () {
    chat.send({ type: "close" });
  });
})();
