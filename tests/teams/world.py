"""A Teams world for the tests, over real HTTP: a token issuer (the Bot Framework's OpenID metadata and
JWKS, and an Entra authority that hands the bot its own token) over HTTPS with a test CA, and a Bot
Connector service (the activities' ``serviceUrl``) that records what the bot posts and can answer 429.

Both run in their own thread (uvicorn, port 0). Nothing here knows the bot's code."""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jwt
import trustme
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

APP_ID = "0b6f2c1e-1111-4a5b-9c7d-000000000b07"
APP_PASSWORD = "test-app-password"
TENANT = "7e4a0000-2222-4c3d-8e9f-000000000001"
BOT_ISSUER = "https://api.botframework.com"
BOT_ID = f"28:{APP_ID}"
KID = "test-key-1"


class _ThreadServer:
    def __init__(self, app: Starlette, *, certfile: str | None = None, keyfile: str | None = None) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                                   lifespan="off", ssl_certfile=certfile, ssl_keyfile=keyfile,
                                                   access_log=False, timeout_graceful_shutdown=1))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> int:
        self.thread.start()
        for _ in range(500):
            if self.server.started:
                break
            time.sleep(0.01)
        assert self.server.started
        return int(self.server.servers[0].sockets[0].getsockname()[1])

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    found: dict[str, Any] = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**found, "kid": kid, "use": "sig", "alg": "RS256", "endorsements": ["msteams"]}


class TokenIssuer:
    """The Bot Framework's signing side and the Entra authority the bot gets its own token from."""

    def __init__(self, tls: trustme.CA, directory: Path) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.rogue_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = tls.issue_cert("127.0.0.1", "localhost")
        self.certfile = directory / "issuer.pem"
        self.keyfile = directory / "issuer.key"
        cert.cert_chain_pems[0].write_to_path(str(self.certfile))
        for extra in cert.cert_chain_pems[1:]:
            extra.write_to_path(str(self.certfile), append=True)
        cert.private_key_pem.write_to_path(str(self.keyfile))
        self.token_requests: list[dict[str, list[str]]] = []
        routes = [Route("/v1/.well-known/openidconfiguration", self._metadata),
                  Route("/v1/.well-known/keys", self._keys),
                  Route("/{tenant}/v2.0/.well-known/openid-configuration", self._authority),
                  Route("/{tenant}/oauth2/v2.0/token", self._token, methods=["POST"])]
        self._server = _ThreadServer(Starlette(routes=routes), certfile=str(self.certfile), keyfile=str(self.keyfile))
        self.base = ""

    def start(self) -> TokenIssuer:
        self.base = f"https://127.0.0.1:{self._server.start()}"
        return self

    def stop(self) -> None:
        self._server.stop()

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/v1/.well-known/openidconfiguration"

    async def _metadata(self, _request: Request) -> Response:
        return JSONResponse({"issuer": BOT_ISSUER, "jwks_uri": f"{self.base}/v1/.well-known/keys",
                             "id_token_signing_alg_values_supported": ["RS256"]})

    async def _keys(self, _request: Request) -> Response:
        return JSONResponse({"keys": [_jwk(self.key, KID)]})

    async def _authority(self, request: Request) -> Response:
        tenant = request.path_params["tenant"]
        return JSONResponse({"issuer": f"{self.base}/{tenant}/v2.0",
                             "authorization_endpoint": f"{self.base}/{tenant}/oauth2/v2.0/authorize",
                             "token_endpoint": f"{self.base}/{tenant}/oauth2/v2.0/token"})

    async def _token(self, request: Request) -> Response:
        form = parse_qs((await request.body()).decode())
        self.token_requests.append(form)
        if form.get("client_id") != [APP_ID] or form.get("client_secret") != [APP_PASSWORD]:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        now = int(time.time())
        token = jwt.encode({"aud": "https://api.botframework.com", "appid": APP_ID, "tid": request.path_params["tenant"],
                            "iss": f"https://sts.windows.net/{request.path_params['tenant']}/", "iat": now,
                            "nbf": now, "exp": now + 3600}, self.key, algorithm="RS256", headers={"kid": KID})
        return JSONResponse({"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def bot_token_ok(self, authorization: str | None) -> bool:
        """What the connector checks: the bot's own token from this authority."""
        scheme, _, token = (authorization or "").partition(" ")
        try:
            claims = jwt.decode(token, self.key.public_key(), algorithms=["RS256"],
                                audience="https://api.botframework.com")
        except jwt.PyJWTError:
            return False
        return scheme == "Bearer" and claims.get("appid") == APP_ID

    def sign(self, service_url: str, *, audience: str = APP_ID, issuer: str = BOT_ISSUER, expires_in: int = 3600,
             key: rsa.RSAPrivateKey | None = None, serviceurl: str | None = None, kid: str = KID) -> str:
        """A request token the way the Bot Framework signs it."""
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience, "exp": now + expires_in, "nbf": now - 5, "iat": now - 5,
                  "serviceurl": serviceurl if serviceurl is not None else service_url}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid})


@dataclass
class Posted:
    method: str
    conversation_id: str
    activity: dict[str, Any]
    reply_to: str | None = None
    activity_id: str = ""

    @property
    def text(self) -> str:
        return str(self.activity.get("text") or "")

    @property
    def card(self) -> dict[str, Any] | None:
        for item in self.activity.get("attachments") or []:
            if item.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return dict(item["content"])
        return None


@dataclass
class Member:
    teams_id: str
    aad: str
    upn: str
    name: str


@dataclass
class ConnectorState:
    posted: list[Posted] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    refused_auth: int = 0
    throttled: int = 0
    scripted: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    members: dict[str, Member] = field(default_factory=dict)
    no_chat: set[str] = field(default_factory=set)


class Connector:
    """The Bot Connector service at ``{base}/teams/`` (the activities' serviceUrl)."""

    def __init__(self, issuer: TokenIssuer) -> None:
        self.issuer = issuer
        self.state = ConnectorState()
        self._lock = threading.Lock()
        prefix = "/teams/v3/conversations"
        routes = [Route(prefix, self._create, methods=["POST"]),
                  Route(prefix + "/{cid}/activities", self._send, methods=["POST"]),
                  Route(prefix + "/{cid}/activities/{aid}", self._send, methods=["POST", "PUT"]),
                  Route(prefix + "/{cid}/members/{mid}", self._member, methods=["GET"])]
        self._server = _ThreadServer(Starlette(routes=routes))
        self.base = ""

    def start(self) -> Connector:
        self.base = f"http://127.0.0.1:{self._server.start()}"
        return self

    def stop(self) -> None:
        self._server.stop()

    @property
    def service_url(self) -> str:
        return f"{self.base}/teams/"

    def add_member(self, member: Member) -> None:
        self.state.members[member.teams_id] = member

    def answer_next(self, status: int, times: int = 1, retry_after: str | None = "0.2") -> None:
        """Answer the next ``times`` posts with ``status`` (429 with ``Retry-After``)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self.state.scripted += [(status, headers)] * times

    def messages(self, conversation_id: str | None = None) -> list[Posted]:
        return [item for item in self.state.posted if item.method == "POST" and item.activity.get("type") == "message"
                and (conversation_id is None or item.conversation_id == conversation_id)]

    def updates(self) -> list[Posted]:
        return [item for item in self.state.posted if item.method == "PUT"]

    def typing(self) -> list[Posted]:
        return [item for item in self.state.posted if item.activity.get("type") == "typing"]

    def _authorized(self, request: Request) -> bool:
        if self.issuer.bot_token_ok(request.headers.get("authorization")):
            return True
        self.state.refused_auth += 1
        return False

    def _scripted(self) -> Response | None:
        with self._lock:
            if not self.state.scripted:
                return None
            status, headers = self.state.scripted.pop(0)
            self.state.throttled += status == 429
        return JSONResponse({"error": {"code": "Throttled" if status == 429 else "Error"}}, status_code=status,
                            headers=headers)

    async def _create(self, request: Request) -> Response:
        if not self._authorized(request):
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        body = await request.json()
        member = str(body["members"][0]["id"])
        if member in self.state.no_chat:
            return JSONResponse({"error": {"code": "Forbidden"}}, status_code=403)
        self.state.created.append(body)
        return JSONResponse({"id": f"a:personal-{member}"}, status_code=201)

    async def _send(self, request: Request) -> Response:
        if not self._authorized(request):
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        scripted = self._scripted()
        if scripted is not None:
            return scripted
        activity = await request.json()
        aid = request.path_params.get("aid")
        posted_id = aid if request.method == "PUT" else f"act-{uuid.uuid4().hex[:10]}"
        self.state.posted.append(Posted(request.method, request.path_params["cid"], activity,
                                        reply_to=aid if request.method == "POST" else None, activity_id=posted_id))
        return JSONResponse({"id": posted_id}, status_code=200 if request.method == "PUT" else 201)

    async def _member(self, request: Request) -> Response:
        if not self._authorized(request):
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        member = self.state.members.get(request.path_params["mid"])
        if member is None:
            return JSONResponse({"error": {"code": "NotFound"}}, status_code=404)
        return JSONResponse({"id": member.teams_id, "aadObjectId": member.aad, "userPrincipalName": member.upn,
                             "email": member.upn, "name": member.name})


@contextlib.contextmanager
def teams_world(directory: Path) -> Iterator[tuple[TokenIssuer, Connector, Path]]:
    tls = trustme.CA()
    ca_file = directory / "ca.pem"
    tls.cert_pem.write_to_path(str(ca_file))
    issuer = TokenIssuer(tls, directory).start()
    connector = Connector(issuer).start()
    try:
        yield issuer, connector, ca_file
    finally:
        connector.stop()
        issuer.stop()
