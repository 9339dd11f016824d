"""Stand-ins for the outside world shared by the contact tests and browser tests:
a real SMTP server on 127.0.0.1 that can be stopped and started on the same port,
and a real ASGI server (uvicorn) so WebSockets work in browser tests."""

from __future__ import annotations

import email
import socket
import threading
import time
from email import policy

from aiosmtpd.controller import Controller


def find_free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CollectingHandler:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 Message accepted for delivery"


class LocalSMTP:
    """aiosmtpd on a fixed port: ``stop()`` makes the port refuse connections, as a
    mail server that is down does; ``start()`` brings it back."""

    def __init__(self):
        self.port = find_free_port()
        self.handler = CollectingHandler()
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def use_in(self, settings) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5


class ASGILiveServer:
    """uvicorn serving masthead.asgi in a thread of the test process, so it sees
    the test database (and the in-memory channel layer) the test sees."""

    def __init__(self):
        import uvicorn
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        from masthead.asgi import application

        # Static files come from the app folders, as pytest-django's live server
        # serves them; everything else goes to the real ASGI application (page
        # cache, view counting, WebSockets), as under `masthead serve`.
        serve = ASGIStaticFilesHandler(application)

        self.port = find_free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            serve,
            host="127.0.0.1",
            port=self.port,
            lifespan="off",
            log_level="warning",
            ws="websockets-sansio",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the ASGI test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class SocketClient:
    """A WebSocket client speaking ASGI straight to the application (Channels'
    own test communicator needs daphne, which the project does not use)."""

    def __init__(self, application, path: str, headers=()):
        from asgiref.testing import ApplicationCommunicator

        scope = {
            "type": "websocket",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": list(headers),
            "subprotocols": [],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
        }
        self.communicator = ApplicationCommunicator(application, scope)

    async def connect(self, timeout=5):
        await self.communicator.send_input({"type": "websocket.connect"})
        answer = await self.communicator.receive_output(timeout)
        if answer["type"] == "websocket.close":
            return False, answer.get("code", 1000)
        return True, None

    async def send_json_to(self, data) -> None:
        import json

        await self.communicator.send_input(
            {"type": "websocket.receive", "text": json.dumps(data)}
        )

    async def receive_json_from(self, timeout=5):
        import json

        answer = await self.communicator.receive_output(timeout)
        assert answer["type"] == "websocket.send", answer
        return json.loads(answer["text"])

    async def disconnect(self, code=1000, timeout=5):
        await self.communicator.send_input(
            {"type": "websocket.disconnect", "code": code}
        )
        await self.communicator.wait(timeout)
