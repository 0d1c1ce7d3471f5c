"""The test identity provider's web application.

- ``GET /metadata/``: its metadata (entity id, the single sign-on address, its signing cert);
- ``GET /sso/?SAMLRequest=…&RelayState=…``: an AuthnRequest (HTTP-Redirect binding) shows the
  login form;
- ``POST /sso/``: the user name and password of a user in ``users.json``; the answer is the
  signed response (response and assertion both signed; the assertion encrypted to the service's
  certificate for a user marked ``encrypt``), posted to the service's ACS by an
  auto-submitting form (HTTP-POST binding).

Its folder (``LAGESBILD_TEST_SAMLIDP_FOLDER``) holds its key and certificate, the metadata of
the services it knows (``sp-*.xml``) and the users, which the tests rewrite between logins.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

# The attributes it sends, named as Shibboleth names them (eduPersonUniqueId, mail, isMemberOf).
USER_ID = "urn:oid:1.3.6.1.4.1.5923.1.1.1.13"
MAIL = "urn:oid:0.9.2342.19200300.100.1.3"
GROUPS = "urn:oid:1.3.6.1.4.1.5923.1.5.1.1"
PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"

Respond = Callable[[str, list[tuple[str, str]]], Any]


def folder() -> Path:
    return Path(os.environ["LAGESBILD_TEST_SAMLIDP_FOLDER"])


def base_url() -> str:
    return os.environ["LAGESBILD_TEST_SAMLIDP_URL"]


def idp_config(url: str, where: Path, want_signed_requests: bool = False) -> dict[str, Any]:
    return {
        "entityid": f"{url}/metadata/",
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "service": {
            "idp": {
                "name": "Test SAML identity provider",
                "endpoints": {"single_sign_on_service": [(f"{url}/sso/", BINDING_HTTP_REDIRECT)]},
                "policy": {
                    "default": {
                        "lifetime": {"minutes": 5},
                        "attribute_restrictions": None,
                        "name_form": NAME_FORMAT_URI,
                    }
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "sign_response": True,
                "sign_assertion": True,
                "want_authn_requests_signed": want_signed_requests,
            }
        },
        "key_file": str(where / "idp.key"),
        "cert_file": str(where / "idp.crt"),
        "metadata": {"local": sorted(str(path) for path in where.glob("sp-*.xml"))},
    }


@cache
def server(signed_requests: bool = False) -> Server:
    """The provider; ``signed_requests``: the one that requires the request's signature valid."""
    config = IdPConfig()
    config.load(idp_config(base_url(), folder(), signed_requests))
    return Server(config=config)


def users() -> dict[str, dict[str, Any]]:
    path = folder() / "users.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def login_form(saml_request: str, relay_state: str, error: str = "") -> str:
    fields = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
        for name, value in (("SAMLRequest", saml_request), ("RelayState", relay_state))
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test SAML identity provider</title></head>
<body><main>
<h1>Test SAML identity provider</h1>
{f'<p role="alert">{html.escape(error)}</p>' if error else ""}
<form method="post" action="/sso/">{fields}
<label for="idp-username">Username</label> <input id="idp-username" name="username">
<label for="idp-password">Password</label> <input id="idp-password" name="password" type="password">
<button type="submit">Sign in</button>
</form>
</main></body></html>"""


def signed_response(saml_request: str, relay_state: str, username: str) -> str:
    """The HTML page that posts the signed response for ``username`` to the service."""
    idp = server()
    request = idp.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
    args = idp.response_args(request.message, [BINDING_HTTP_POST])
    user = users()[username]
    identity = {USER_ID: [user["id"]], MAIL: [user["mail"]], GROUPS: list(user["groups"])}
    response = idp.create_authn_response(
        identity,
        userid=username,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user["id"]),
        authn={"class_ref": PASSWORD_CLASS, "authn_auth": base_url()},
        sign_response=True,
        sign_assertion=True,
        # As ADFS does when the service's metadata has a certificate: to that certificate.
        encrypt_assertion=bool(user.get("encrypt")),
        **args,
    )
    http_args = idp.apply_binding(
        BINDING_HTTP_POST, str(response), args["destination"], relay_state, response=True
    )
    return http_args["data"]


def _page(respond: Respond, status: str, body: str, kind: str = "text/html") -> Iterable[bytes]:
    respond(status, [("Content-Type", f"{kind}; charset=utf-8")])
    return [body.encode("utf-8")]


def application(environ: dict[str, Any], respond: Respond) -> Iterable[bytes]:
    path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
    if path == "/metadata/":
        metadata = str(entity_descriptor(server().config))
        return _page(respond, "200 OK", metadata, "application/samlmetadata+xml")
    if path != "/sso/":
        return _page(respond, "404 Not Found", "not found")
    if method == "GET":
        query = parse_qs(environ.get("QUERY_STRING", ""))
        saml_request = query.get("SAMLRequest", [""])[0]
        relay_state = query.get("RelayState", [""])[0]
        sigalg, signature = query.get("SigAlg", [None])[0], query.get("Signature", [None])[0]
        try:
            # A request that comes signed must be signed right (with the service's key, whose
            # certificate is in the service's metadata).
            server(signed_requests=bool(signature)).parse_authn_request(
                saml_request,
                BINDING_HTTP_REDIRECT,
                relay_state=relay_state or None,
                sigalg=sigalg,
                signature=signature,
            )
        except Exception as exc:  # the test provider says what it could not read
            return _page(respond, "400 Bad Request", f"bad AuthnRequest: {exc}")
        return _page(respond, "200 OK", login_form(saml_request, relay_state))
    length = int(environ.get("CONTENT_LENGTH") or 0)
    form = parse_qs(environ["wsgi.input"].read(length).decode("utf-8"))
    field = {name: values[0] for name, values in form.items()}
    username = field.get("username", "")
    user = users().get(username)
    saml_request, relay_state = field.get("SAMLRequest", ""), field.get("RelayState", "")
    if user is None or user["password"] != field.get("password"):
        page = login_form(saml_request, relay_state, "Wrong username or password.")
        return _page(respond, "200 OK", page)
    return _page(respond, "200 OK", signed_response(saml_request, relay_state, username))
