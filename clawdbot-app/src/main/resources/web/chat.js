// Clawdbot web chat: one WebSocket to /ws/chat, protocol in docs/http.md. Model text is only ever put into
// the page through textContent and text nodes, never parsed as HTML.
"use strict";

(() => {
  const TOKEN_KEY = "clawdbot.token";
  const PEER_KEY = "clawdbot.peer";
  const POLICY_VIOLATION = 1008;
  const $ = (id) => document.getElementById(id);

  const ui = {
    status: $("status"), logout: $("logout"), login: $("login"), token: $("token"), loginError: $("login-error"),
    chat: $("chat"), messages: $("messages"), composer: $("composer"), input: $("input"), send: $("send"),
  };

  let socket = null;
  let ready = false;
  let retryDelay = 500;
  let retryTimer = null;
  let counter = 0;
  const pending = new Map(); // message id -> assistant bubble

  function peerId() {
    let peer = localStorage.getItem(PEER_KEY);
    if (!peer || !/^[A-Za-z0-9_-]{8,64}$/.test(peer)) {
      const bytes = new Uint8Array(12);
      crypto.getRandomValues(bytes);
      peer = "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      localStorage.setItem(PEER_KEY, peer);
    }
    return peer;
  }

  function setStatus(state, label) {
    ui.status.className = "status " + state;
    ui.status.textContent = label;
    ready = state === "online";
    ui.send.disabled = !ready;
  }

  function showLogin(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    ui.chat.hidden = true;
    ui.logout.hidden = true;
    ui.login.hidden = false;
    ui.loginError.hidden = !message;
    ui.loginError.textContent = message || "";
    setStatus("offline", "offline");
    ui.token.focus();
  }

  function showChat() {
    ui.login.hidden = true;
    ui.chat.hidden = false;
    ui.logout.hidden = false;
    ui.input.focus();
  }

  function connect() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return showLogin();
    showChat();
    setStatus("connecting", "connecting…");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(scheme + "//" + location.host + "/ws/chat");
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: "auth", token: token, peer: peerId() }));
    ws.onmessage = (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      handle(frame);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      for (const bubble of pending.values()) finish(bubble);
      pending.clear();
      if (event.code === POLICY_VIOLATION) return showLogin("The token was refused. Check it and sign in again.");
      if (!sessionStorage.getItem(TOKEN_KEY)) return;
      setStatus("connecting", "reconnecting in " + Math.round(retryDelay / 1000 * 10) / 10 + " s");
      retryTimer = setTimeout(connect, retryDelay + Math.random() * 250);
      retryDelay = Math.min(retryDelay * 2, 15000);
    };
  }

  function handle(frame) {
    const bubble = frame.id ? pending.get(frame.id) : null;
    switch (frame.type) {
      case "auth":
        retryDelay = 500;
        setStatus("online", "connected");
        break;
      case "delta":
        if (bubble) appendText(bubble, frame.text);
        break;
      case "tool":
        if (bubble) showTool(bubble, frame.name);
        break;
      case "reset":
        if (bubble) bubble.body.textContent = "";
        break;
      case "done":
        if (bubble) {
          render(bubble.body, frame.text);
          finish(bubble);
          pending.delete(frame.id);
        }
        break;
      case "error":
        if (bubble) {
          finish(bubble);
          pending.delete(frame.id);
          if (!bubble.body.textContent) bubble.li.remove();
        }
        addBubble("error", frame.message || "Error");
        break;
      default:
        break;
    }
  }

  function addBubble(kind, text) {
    const li = document.createElement("li");
    li.className = "msg " + kind;
    const body = document.createElement("div");
    body.className = "body";
    body.textContent = text;
    li.append(body);
    ui.messages.append(li);
    ui.messages.scrollTop = ui.messages.scrollHeight;
    return { li, body, tool: null };
  }

  function appendText(bubble, text) {
    bubble.body.append(document.createTextNode(text));
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function showTool(bubble, name) {
    if (!bubble.tool) {
      bubble.tool = document.createElement("span");
      bubble.tool.className = "tool";
      bubble.li.prepend(bubble.tool);
    }
    bubble.tool.textContent = "running " + name + "…";
  }

  function finish(bubble) {
    bubble.li.dataset.state = "done";
    if (bubble.tool) bubble.tool.remove();
  }

  // Minimal markdown: ``` fenced blocks become <pre><code>, all else stays plain text. Built from text nodes only.
  function render(target, text) {
    target.textContent = "";
    const parts = String(text).split(/```/);
    parts.forEach((part, i) => {
      if (i % 2 === 0) {
        if (part) target.append(document.createTextNode(part));
        return;
      }
      const newline = part.indexOf("\n");
      const code = newline >= 0 && /^[\w+-]*$/.test(part.slice(0, newline)) ? part.slice(newline + 1) : part;
      const pre = document.createElement("pre");
      const el = document.createElement("code");
      el.textContent = code;
      pre.append(el);
      target.append(pre);
    });
  }

  function sendMessage() {
    const text = ui.input.value;
    if (!text.trim() || !ready || !socket) return;
    const id = "m" + Date.now().toString(36) + "-" + (++counter);
    addBubble("user", text);
    const bubble = addBubble("assistant", "");
    bubble.li.dataset.state = "streaming";
    pending.set(id, bubble);
    socket.send(JSON.stringify({ type: "message", id: id, text: text }));
    ui.input.value = "";
  }

  ui.login.addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, ui.token.value.trim());
    ui.token.value = "";
    retryDelay = 500;
    connect();
  });

  ui.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    sendMessage();
  });

  ui.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      sendMessage();
    }
  });

  ui.logout.addEventListener("click", () => {
    clearTimeout(retryTimer);
    sessionStorage.removeItem(TOKEN_KEY);
    const ws = socket;
    socket = null;
    if (ws) ws.close();
    showLogin();
  });

  connect();
})();
