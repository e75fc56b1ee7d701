"""A local Microsoft Entra ID look-alike for the OAuth2 mail tests.

``TokenService().start()`` runs one threaded HTTP server per listener:

* HTTPS (a ``trustme`` test CA; ``ca_file`` is the bundle to give MSAL) with what MSAL asks for in
  the client-credentials flow: ``GET /<tenant>/v2.0/.well-known/openid-configuration`` and
  ``POST /<tenant>/oauth2/v2.0/token`` (``grant_type=client_credentials``, a client secret or a
  certificate's signed ``client_assertion``, scope ``https://outlook.office365.com/.default``);
* plain HTTP on 127.0.0.1 with ``POST /introspect`` (RFC 7662 style, as Dovecot's oauth2 passdb
  calls it: ``token=...`` -> ``{"active": true, "email": <mailbox>}``); also served over HTTPS.

Test controls: ``lifetime`` (seconds a new token lives), ``revoke()`` (every token issued so far, or
one), ``deny_mailboxes`` (tokens still issued, but introspection says inactive: consent or mailbox
permission withdrawn), and counters ``issued`` / ``introspections``. Tokens are random strings
(opaque, as the tests never read inside them); the client secret is checked, never logged.
"""

from __future__ import annotations

import json
import secrets
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import trustme
from cryptography import x509

SCOPE = "https://outlook.office365.com/.default"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class IssuedToken:
    value: str = field(repr=False)
    client_id: str
    issued_at: float
    expires_at: float
    revoked: bool = False


@dataclass
class Client:
    client_id: str
    mailboxes: frozenset[str]
    """Mailboxes the app may open (Add-MailboxPermission / Add-RecipientPermission), lower case."""
    secret: str | None = None
    certificate_pem: bytes | None = None


class TokenService:
    def __init__(self, tenant: str, workdir: Path, *, lifetime: float = 3600.0) -> None:
        self.tenant = tenant
        self.workdir = workdir
        self.lifetime = lifetime
        self.clients: dict[str, Client] = {}
        self.tokens: dict[str, IssuedToken] = {}
        self.deny_mailboxes = False
        self.introspections = 0
        self.token_requests = 0
        self.failed_token_requests = 0
        self.lock = threading.Lock()
        self.ca = trustme.CA()
        self.ca_file = workdir / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        self._servers: list[ThreadingHTTPServer] = []
        self.https_port = 0
        self.http_port = 0

    # ------------------------------------------------------------------ set-up

    def register(self, client_id: str, mailboxes: Mapping[str, object] | set[str] | list[str], *,
                 secret: str | None = None, certificate_pem: bytes | None = None) -> Client:
        client = Client(client_id, frozenset(m.lower() for m in mailboxes), secret, certificate_pem)
        self.clients[client_id] = client
        return client

    @property
    def authority(self) -> str:
        """M365_AUTHORITY (MSAL appends the tenant)."""
        return f"https://localhost:{self.https_port}"

    @property
    def introspection_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/introspect"

    def server_context(self) -> ssl.SSLContext:
        """A server TLS context with a certificate for localhost/127.0.0.1 from the test CA."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
        return context

    def start(self) -> TokenService:
        https = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, secure=True))
        https.socket = self.server_context().wrap_socket(https.socket, server_side=True)
        http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, secure=False))
        self.https_port = https.server_address[1]
        self.http_port = http.server_address[1]
        for server in (https, http):
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    # ------------------------------------------------------------------ controls

    @property
    def issued(self) -> int:
        with self.lock:
            return len(self.tokens)

    def issued_values(self) -> list[str]:
        with self.lock:
            return [token.value for token in self.tokens.values()]

    def revoke(self, value: str | None = None) -> int:
        """Revoke one token, or every token issued so far; returns how many."""
        with self.lock:
            chosen = [self.tokens[value]] if value is not None else list(self.tokens.values())
            for token in chosen:
                token.revoked = True
            return len(chosen)

    def introspect(self, value: str) -> dict[str, Any]:
        with self.lock:
            self.introspections += 1
            token = self.tokens.get(value)
            if token is None or token.revoked or token.expires_at <= time.time() or self.deny_mailboxes:
                return {"active": False}
            client = self.clients.get(token.client_id)
            mailboxes = sorted(client.mailboxes) if client is not None else []
            return {"active": True, "client_id": token.client_id, "exp": int(token.expires_at),
                    "email": mailboxes[0] if mailboxes else "", "mailboxes": mailboxes}

    def may_use(self, value: str, mailbox: str) -> bool:
        """What Exchange checks at login: a valid token of an app with permission on this mailbox."""
        answer = self.introspect(value)
        return bool(answer.get("active")) and mailbox.lower() in answer.get("mailboxes", [])

    # ------------------------------------------------------------------ the token endpoint

    def token_response(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.token_requests += 1
        if form.get("grant_type") != "client_credentials":
            return self._refuse(400, "unsupported_grant_type", "AADSTS70003: grant type not supported here.")
        client = self.clients.get(form.get("client_id", ""))
        if client is None:
            return self._refuse(400, "unauthorized_client", "AADSTS700016: Application not found in the directory.")
        if not self._client_authenticated(client, form):
            return self._refuse(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
        if SCOPE not in form.get("scope", "").split():
            return self._refuse(400, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid.")
        now = time.time()
        value = "m365t-" + secrets.token_urlsafe(32)
        with self.lock:
            self.tokens[value] = IssuedToken(value, client.client_id, now, now + self.lifetime)
        return 200, {"token_type": "Bearer", "expires_in": int(self.lifetime), "ext_expires_in": int(self.lifetime),
                     "access_token": value}

    def _refuse(self, status: int, error: str, description: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.failed_token_requests += 1
        return status, {"error": error, "error_description": description, "error_codes": [int(description.removeprefix("AADSTS").split(":")[0])]}

    def _client_authenticated(self, client: Client, form: dict[str, str]) -> bool:
        if client.secret is not None and form.get("client_secret"):
            return secrets.compare_digest(client.secret, form["client_secret"])
        assertion = form.get("client_assertion")
        if client.certificate_pem is None or not assertion or form.get("client_assertion_type") != ASSERTION_TYPE:
            return False
        public_key = x509.load_pem_x509_certificate(client.certificate_pem).public_key()
        try:
            claims = jwt.decode(assertion, public_key, algorithms=["RS256", "PS256"],  # type: ignore[arg-type]
                                audience=f"{self.authority}/{self.tenant}/oauth2/v2.0/token")
        except jwt.PyJWTError:
            return False
        return bool(claims.get("iss") == client.client_id == claims.get("sub"))

    def metadata(self) -> dict[str, Any]:
        base = f"{self.authority}/{self.tenant}"
        return {
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "issuer": f"{base}/v2.0",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_types_supported": ["code", "token"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
            "tenant_region_scope": "EU",
        }


def _handler(service: TokenService, *, secure: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet (and never a token in a log)
            return

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")  # no kept-alive connection outlives stop()
            self.close_connection = True
            self.end_headers()
            self.wfile.write(data)

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            return {key: values[0] for key, values in parse_qs(raw, keep_blank_values=True).items()}

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if secure and path.startswith(f"/{service.tenant}/") and path.endswith("openid-configuration"):
                self._send(200, service.metadata())
                return
            self._send(404, {"error": "not_found"})

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            form = self._form()
            if path == "/introspect":
                self._send(200, service.introspect(form.get("token", "")))
                return
            if secure and path == f"/{service.tenant}/oauth2/v2.0/token":
                status, body = service.token_response(form)
                self._send(status, body)
                return
            self._send(404, {"error": "not_found"})

    return Handler
