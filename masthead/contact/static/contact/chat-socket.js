// One live-chat WebSocket that stays up: it pings, notices a connection that
// died without closing (no answer to a ping), and reconnects with growing
// delays. Shared by the reader's box (contact.js) and the staff chat view
// (admin-chat.js); neither ever clears the text being typed because of it.
//
//   var chat = MastheadChatSocket({
//     path: "/ws/contact/chat/",
//     onJoin: function (history) {},     // after every (re)connection
//     onMessage: function (data) {},     // every other server message
//     onStatus: function (state) {},     // "connecting" | "reconnecting" | "open"
//     onGiveUp: function (reason) {},    // "never" | "refused" | "lost"
//   });
//   chat.send({type: "say", ...}) -> false when not connected; chat.stop()
(function () {
  "use strict";
  var PING_EVERY = 20 * 1000;
  // Silence for longer than a ping interval plus this: the connection is dead.
  var PONG_WITHIN = 10 * 1000;
  var JOIN_WITHIN = 6000;
  var RETRY_DELAYS = [1000, 2000, 4000, 8000, 15000, 30000];

  window.MastheadChatSocket = function (options) {
    var socket = null;
    var joined = false;
    var everJoined = false;
    var stopped = false;
    var retries = 0;
    var lastHeard = 0;
    var pingTimer = null;
    var retryTimer = null;
    var joinTimer = null;
    var retryDelays = options.retryDelays || RETRY_DELAYS;

    function send(data) {
      if (!socket || socket.readyState !== WebSocket.OPEN || !joined) return false;
      socket.send(JSON.stringify(data));
      return true;
    }

    function clearTimers() {
      clearInterval(pingTimer);
      clearTimeout(retryTimer);
      clearTimeout(joinTimer);
    }

    function giveUp(reason) {
      stop();
      options.onGiveUp(reason);
    }

    function open() {
      clearTimers();
      joined = false;
      options.onStatus(everJoined ? "reconnecting" : "connecting");
      var scheme = location.protocol === "https:" ? "wss://" : "ws://";
      var current;
      try {
        current = socket = new WebSocket(scheme + location.host + options.path);
      } catch (error) {
        giveUp("never");
        return;
      }
      joinTimer = setTimeout(function () {
        if (!joined) drop(current, 1006);
      }, JOIN_WITHIN);
      current.onclose = function (event) { drop(current, event.code); };
      current.onmessage = function (event) {
        if (current !== socket || stopped) return;
        lastHeard = Date.now();
        var data;
        try { data = JSON.parse(event.data); } catch (error) { return; }
        if (data.type === "pong") return;
        if (data.type === "history") {
          clearTimeout(joinTimer);
          joined = everJoined = true;
          retries = 0;
          options.onStatus("open");
          startPinging(current);
          options.onJoin(data.lines);
          return;
        }
        options.onMessage(data);
      };
    }

    // Closed by the server, or given up on here: a dead connection may take
    // minutes to report its own close, so it is not waited for.
    function drop(current, code) {
      if (current !== socket || stopped) return;
      clearTimers();
      socket = null;
      joined = false;
      try { current.close(); } catch (error) { /* already closed */ }
      if (code === 4403) giveUp("refused");
      else if (!everJoined) giveUp("never");
      else if (retries >= retryDelays.length) giveUp("lost");
      else {
        options.onStatus("reconnecting");
        retryTimer = setTimeout(open, retryDelays[retries]);
        retries += 1;
      }
    }

    function startPinging(current) {
      clearInterval(pingTimer);
      pingTimer = setInterval(function () {
        if (Date.now() - lastHeard > PING_EVERY + PONG_WITHIN) drop(current, 1006);
        else send({ type: "ping" });
      }, PING_EVERY);
    }

    function stop() {
      stopped = true;
      clearTimers();
      if (socket) { try { socket.close(); } catch (error) { /* already closed */ } }
      socket = null;
    }

    open();
    return { send: send, stop: stop };
  };
})();
