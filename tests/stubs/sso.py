#!/usr/bin/env python3
"""A local stand-in for AWS IAM Identity Center: the SSO-OIDC service and
the SSO portal's GetRoleCredentials (no package provides them; moto does
not implement them).

    sso.py PORT LOGFILE

Behaves as the AWS API reference and the Smithy models describe the
operations aws-vault uses (restJson1, unsigned):

  POST /client/register        {clientName, clientType[, scopes...]}
                               -> {clientId, clientSecret, clientIdIssuedAt,
                                   clientSecretExpiresAt}
  POST /device_authorization   {clientId, clientSecret, startUrl}
                               -> {deviceCode, userCode, verificationUri,
                                   verificationUriComplete, expiresIn,
                                   interval}
  POST /token                  {clientId, clientSecret, deviceCode,
                                grantType=urn:ietf:params:oauth:grant-type:
                                device_code}
                               -> {accessToken, tokenType, expiresIn}
                               or HTTP 400 {error, error_description} with
                               x-amzn-ErrorType AuthorizationPendingException
                               (not approved yet), SlowDownException,
                               ExpiredTokenException, AccessDeniedException,
                               InvalidClientException, InvalidGrantException
  GET  /federation/credentials?account_id=&role_name=
       header x-amz-sso_bearer_token
                               -> {roleCredentials: {accessKeyId,
                                   secretAccessKey, sessionToken,
                                   expiration (epoch ms)}}
                               or HTTP 401 UnauthorizedException for an
                               unknown or revoked token

The "browser": GET /device?user_code=X (the verificationUriComplete)
approves that device code, as a user clicking "Allow" would.

Stub-only controls (never part of AWS):
  POST /stub/set?NAME=VALUE...  interval (s, default 1), expires_in (device
        code lifetime, default 600), token_ttl (default 28800), creds_ttl
        (default 3600), slow_down (answer slow_down that many times),
        expire (1: device codes expire now), deny (1: the user says no),
        approve_after (approve a device code after that many pending
        polls; -1 never), error_header (0: leave x-amzn-ErrorType out, so
        the client must read the OAuth error in the body), refuse (1: the
        portal answers 401 to every token, as to a revoked one)
  POST /stub/revoke             revoke every access token issued so far

Role credentials are predictable test values: the n-th answer has
accessKeyId "ASIASSOEXAMPLE" + n as 6 digits, secretAccessKey
"sso-secret-" + that id, sessionToken "sso-token-" + that id.

Each request is logged to LOGFILE as one JSON line: the operation, the
HTTP status, the outcome and non-secret fields.  Access tokens appear only
as "tok#N" (the N-th issued); client secrets and device codes never
appear.  Listens on 127.0.0.1 only.
"""
import http.server
import json
import secrets
import sys
import threading
import time
import urllib.parse

port, logfile = int(sys.argv[1]), sys.argv[2]
GRANT = "urn:ietf:params:oauth:grant-type:device_code"
lock = threading.Lock()
conf = {"interval": 1, "expires_in": 600, "token_ttl": 28800,
        "creds_ttl": 3600, "slow_down": 0, "expire": 0, "deny": 0,
        "approve_after": -1, "error_header": 1, "refuse": 0}
clients = {}        # clientId -> clientSecret
devices = {}        # deviceCode -> state
user_codes = {}     # userCode -> deviceCode
tokens = {}         # accessToken -> {"n": n, "revoked": bool}
counts = {"tokens": 0, "creds": 0}

OAUTH = {
    "authorization_pending": "AuthorizationPendingException",
    "slow_down": "SlowDownException",
    "expired_token": "ExpiredTokenException",
    "access_denied": "AccessDeniedException",
    "invalid_client": "InvalidClientException",
    "invalid_grant": "InvalidGrantException",
    "invalid_request": "InvalidRequestException",
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, code, obj, etype=None):
        out = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        if etype is not None and conf["error_header"]:
            self.send_header("x-amzn-ErrorType", etype)
        self.send_header("x-amzn-RequestId", secrets.token_hex(8))
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def _oauth_error(self, entry, error, desc=""):
        entry["status"] = 401 if error == "invalid_client" else 400
        entry["outcome"] = error
        self._log(entry)
        self._send(entry["status"], {"error": error,
                                     "error_description": desc},
                   OAUTH[error])

    def _log(self, entry):
        entry["t"] = round(time.time(), 3)
        with open(logfile, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def _body(self):
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        try:
            b = json.loads(raw)
        except ValueError:
            return None
        return b if isinstance(b, dict) else None

    def _client_ok(self, b):
        return clients.get(b.get("clientId")) == b.get("clientSecret") \
            and b.get("clientSecret") is not None

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        with lock:
            if url.path.startswith("/stub/"):
                return self._control(url)
            b = self._body()
            ctype = self.headers.get("Content-Type", "")
            if url.path == "/client/register":
                return self._register(b, ctype)
            if url.path == "/device_authorization":
                return self._device_authorization(b, ctype)
            if url.path == "/token":
                return self._token(b, ctype)
            self._log({"op": "unknown", "path": url.path, "status": 404})
            self._send(404, {"message": "not found"})

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        with lock:
            if url.path == "/device":
                return self._approve(q.get("user_code"))
            if url.path == "/federation/credentials":
                return self._role_credentials(q)
            self._log({"op": "unknown", "path": url.path, "status": 404})
            self._send(404, {"message": "not found"})

    def _control(self, url):
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/stub/set":
            for k, v in q.items():
                conf[k] = int(v)
            self._log({"op": "stub:set", "set": q, "status": 200})
        elif url.path == "/stub/revoke":
            for t in tokens.values():
                t["revoked"] = True
            self._log({"op": "stub:revoke", "status": 200})
        self._send(200, {})

    def _approve(self, user_code):
        dc = user_codes.get(user_code)
        if dc is not None:
            devices[dc]["approved"] = True
        self._log({"op": "browser:approve", "known": dc is not None,
                   "status": 200 if dc else 404})
        self._send(200 if dc else 404, {})

    def _register(self, b, ctype):
        entry = {"op": "RegisterClient", "contentType": ctype}
        if b is None or not b.get("clientName") or \
                b.get("clientType") != "public":
            return self._oauth_error(entry, "invalid_request")
        entry.update(keys=sorted(b), clientName=b["clientName"],
                     clientType=b["clientType"])
        cid = "client-%d" % (len(clients) + 1)
        clients[cid] = secrets.token_urlsafe(24)
        now = int(time.time())
        entry.update(status=200, outcome="registered", clientId=cid)
        self._log(entry)
        self._send(200, {"clientId": cid, "clientSecret": clients[cid],
                         "clientIdIssuedAt": now,
                         "clientSecretExpiresAt": now + 90 * 86400})

    def _device_authorization(self, b, ctype):
        entry = {"op": "StartDeviceAuthorization", "contentType": ctype}
        if b is None or not self._client_ok(b):
            return self._oauth_error(entry, "invalid_client")
        entry.update(keys=sorted(b), startUrl=b.get("startUrl"),
                     clientId=b["clientId"])
        if not b.get("startUrl"):
            return self._oauth_error(entry, "invalid_request")
        dc = secrets.token_urlsafe(32)
        uc = "%04X-%04X" % (secrets.randbelow(65536),
                            secrets.randbelow(65536))
        devices[dc] = {"client": b["clientId"], "user_code": uc,
                       "approved": False, "polls": 0, "used": False,
                       "deadline": time.time() + conf["expires_in"]}
        user_codes[uc] = dc
        base = "http://127.0.0.1:%d/device" % port
        entry.update(status=200, outcome="started", userCode=uc)
        self._log(entry)
        self._send(200, {"deviceCode": dc, "userCode": uc,
                         "verificationUri": base,
                         "verificationUriComplete":
                             base + "?user_code=" + uc,
                         "expiresIn": conf["expires_in"],
                         "interval": conf["interval"]})

    def _token(self, b, ctype):
        entry = {"op": "CreateToken", "contentType": ctype}
        if b is None or not self._client_ok(b):
            return self._oauth_error(entry, "invalid_client")
        entry.update(keys=sorted(b), grantType=b.get("grantType"))
        if b.get("grantType") != GRANT:
            return self._oauth_error(entry, "invalid_grant")
        d = devices.get(b.get("deviceCode"))
        if d is None or d["client"] != b["clientId"] or d["used"]:
            return self._oauth_error(entry, "invalid_grant")
        if conf["expire"] or time.time() > d["deadline"]:
            return self._oauth_error(entry, "expired_token",
                                     "Device code has expired")
        if conf["slow_down"] > 0:
            conf["slow_down"] -= 1
            return self._oauth_error(entry, "slow_down")
        if conf["deny"]:
            return self._oauth_error(entry, "access_denied")
        d["polls"] += 1
        if conf["approve_after"] >= 0 and \
                d["polls"] > conf["approve_after"]:
            d["approved"] = True
        if not d["approved"]:
            return self._oauth_error(entry, "authorization_pending")
        d["used"] = True
        counts["tokens"] += 1
        tok = "ssotok%d-%s" % (counts["tokens"], secrets.token_urlsafe(32))
        tokens[tok] = {"n": counts["tokens"], "revoked": False}
        entry.update(status=200, outcome="issued",
                     token="tok#%d" % counts["tokens"])
        self._log(entry)
        self._send(200, {"accessToken": tok, "tokenType": "Bearer",
                         "expiresIn": conf["token_ttl"]})

    def _role_credentials(self, q):
        entry = {"op": "GetRoleCredentials",
                 "query": sorted(q), "account_id": q.get("account_id"),
                 "role_name": q.get("role_name")}
        t = tokens.get(self.headers.get("x-amz-sso_bearer_token"))
        entry["token"] = "tok#%d" % t["n"] if t else "unknown"
        if t is None or t["revoked"] or conf["refuse"]:
            entry.update(status=401, outcome="unknown" if t is None else
                         "revoked" if t["revoked"] else "refused")
            self._log(entry)
            return self._send(401, {"message": "Session token not found "
                                    "or invalid"}, "UnauthorizedException")
        if not q.get("account_id") or not q.get("role_name"):
            entry.update(status=400, outcome="invalid")
            self._log(entry)
            return self._send(400, {"message": "Invalid request"},
                              "InvalidRequestException")
        counts["creds"] += 1
        akid = "ASIASSOEXAMPLE%06d" % counts["creds"]
        exp = int(time.time() * 1000) + conf["creds_ttl"] * 1000
        entry.update(status=200, outcome="credentials", accessKeyId=akid,
                     expiration=exp)
        self._log(entry)
        self._send(200, {"roleCredentials": {
            "accessKeyId": akid, "secretAccessKey": "sso-secret-" + akid,
            "sessionToken": "sso-token-" + akid, "expiration": exp}})


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
