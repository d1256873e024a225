"""A stub OpenID Connect provider for the tests, served by http.server on 127.0.0.1.

It does the authorization code flow with PKCE: the authorization endpoint sends the browser
back with a code at once (as if the user had logged in), the token endpoint checks the code,
the client secret and the PKCE verifier and answers with an RS256 ID token, and the JWKS and
userinfo endpoints answer as a real provider does. ``signing_key`` may differ from the key the
JWKS publishes, to test a forged signature.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEY_ID = "stub-key"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class StubProvider:
    base_url: str = ""
    client_id: str = "brobygger"
    client_secret: str = "stub-client-secret"
    published_key: rsa.RSAPrivateKey = field(default_factory=new_key)
    signing_key: rsa.RSAPrivateKey | None = None  # None: sign with the published key
    # Who "logs in" at the provider: the userinfo claims (and the ID token's subject).
    claims: dict[str, Any] = field(default_factory=dict)
    # Extra claims of the ID token, e.g. {"amr": ["pwd", "mfa"]}.
    id_token_claims: dict[str, Any] = field(default_factory=dict)
    # What the provider saw, for the tests' assertions.
    authorization_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    _codes: dict[str, dict[str, str]] = field(default_factory=dict)
    _access_tokens: set[str] = field(default_factory=set)

    def endpoint(self, name: str) -> str:
        return f"{self.base_url}/{name}"

    def settings(self) -> dict[str, Any]:
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.endpoint("authorize"),
            "OIDC_OP_TOKEN_ENDPOINT": self.endpoint("token"),
            "OIDC_OP_USER_ENDPOINT": self.endpoint("userinfo"),
            "OIDC_OP_JWKS_ENDPOINT": self.endpoint("jwks"),
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_USE_PKCE": True,
            "OIDC_USE_NONCE": True,
        }

    # The endpoints; each returns (status, headers, body).

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.authorization_requests.append(query)
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, b"bad request"
        code = secrets.token_urlsafe(16)
        self._codes[code] = query
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": location}, b""

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.token_requests.append(form)
        request = self._codes.pop(form.get("code", ""), None)
        if (
            request is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != request["redirect_uri"]
            or not _pkce_matches(form.get("code_verifier", ""), request)
        ):
            return 400, _JSON, json.dumps({"error": "invalid_grant"}).encode()
        access_token = secrets.token_urlsafe(16)
        self._access_tokens.add(access_token)
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": self.base_url,
                "sub": self.claims.get("sub", "subject-1"),
                "aud": self.client_id,
                "iat": now,
                "exp": now + 300,
                "nonce": request.get("nonce"),
                **self.id_token_claims,
            },
            self.signing_key or self.published_key,
            algorithm="RS256",
            headers={"kid": KEY_ID},
        )
        body = {"access_token": access_token, "token_type": "Bearer", "id_token": id_token}
        return 200, _JSON, json.dumps(body).encode()

    def jwks(self) -> tuple[int, dict[str, str], bytes]:
        key = RSAAlgorithm.to_jwk(self.published_key.public_key(), as_dict=True)
        assert isinstance(key, dict)
        key.update({"kid": KEY_ID, "alg": "RS256", "use": "sig"})
        return 200, _JSON, json.dumps({"keys": [key]}).encode()

    def userinfo(self, authorization: str) -> tuple[int, dict[str, str], bytes]:
        if authorization.removeprefix("Bearer ") not in self._access_tokens:
            return 401, {}, b""
        claims = {"sub": "subject-1", **self.claims}
        return 200, _JSON, json.dumps(claims).encode()


_JSON = {"Content-Type": "application/json"}


def _pkce_matches(verifier: str, request: dict[str, str]) -> bool:
    challenge = request.get("code_challenge")
    if not challenge or request.get("code_challenge_method") != "S256":
        return False
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


class _Handler(BaseHTTPRequestHandler):
    provider: StubProvider

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        url = urlparse(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if url.path == "/authorize":
            self._answer(*self.provider.authorize(query))
        elif url.path == "/jwks":
            self._answer(*self.provider.jwks())
        elif url.path == "/userinfo":
            self._answer(*self.provider.userinfo(self.headers.get("Authorization", "")))
        else:
            self._answer(404, {}, b"")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if urlparse(self.path).path == "/token":
            self._answer(*self.provider.token(form))
        else:
            self._answer(404, {}, b"")

    def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def running_provider(provider: StubProvider) -> Iterator[StubProvider]:
    handler = type("Handler", (_Handler,), {"provider": provider})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    provider.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
