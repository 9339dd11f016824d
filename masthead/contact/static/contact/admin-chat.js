// The staff side of a live chat: lines come and go over the staff socket.
(function () {
  "use strict";
  var root = document.querySelector("[data-staff-chat]");
  if (!root) return;
  var lines = root.querySelector("[data-chat-lines]");
  var status = root.querySelector("[data-chat-status]");
  var form = root.querySelector("[data-chat-form]");
  var input = root.querySelector("[data-chat-input]");
  var error = root.querySelector("[data-chat-error]");
  var seen = {};
  var counter = 0;
  var socket;

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

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.socket);
    socket.onopen = function () { status.textContent = "Connected. The reader sees what you send."; };
    socket.onclose = function (event) {
      status.textContent = event.code === 4403
        ? "You can't answer this chat (no permission, or it no longer exists)."
        : "Disconnected. Reconnecting…";
      if (event.code !== 4403) setTimeout(connect, 2000);
    };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type === "history") data.lines.forEach(addLine);
      if (data.type === "line") {
        addLine(data.line);
        if (data.client_id && data.client_id === input.dataset.pending) {
          input.value = "";
          delete input.dataset.pending;
        }
      }
      if (data.type === "error") error.textContent = data.error;
      if (data.type === "closed") { status.textContent = "This chat is closed."; form.hidden = true; }
    };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.textContent = "";
    if (!input.value.trim()) { error.textContent = "Type a message first."; return; }
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      error.textContent = "Not connected; your text is kept, try again in a moment.";
      return;
    }
    counter += 1;
    input.dataset.pending = "s" + counter;
    socket.send(JSON.stringify({ type: "say", body: input.value, client_id: input.dataset.pending }));
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  root.querySelector("[data-chat-close]").addEventListener("click", function () {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "close" }));
  });
  connect();
})();
