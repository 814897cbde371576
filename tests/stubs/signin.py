#!/usr/bin/env python3
"""A local stand-in for the AWS console federation endpoint (no package
provides one; moto does not implement it).

    signin.py PORT LOGFILE

Serves GET /federation?Action=getSigninToken&Session=<JSON> as the AWS
documentation describes it ("Enable custom identity broker access to the
AWS console"): the Session parameter must be a JSON object with
sessionId, sessionKey and sessionToken; the answer is
{"SigninToken": "..."}.  A malformed request gets 400, like AWS.  The
token is derived from the session id, so tests can predict it.  Each
request is logged to LOGFILE as one JSON line: the action, the session
id, whether a key and a token were present (never their values), and the
query keys in the order sent.  Listens on 127.0.0.1 only.
"""
import hashlib
import http.server
import json
import sys
import urllib.parse

port, logfile = int(sys.argv[1]), sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, code, body, ctype="application/json"):
        out = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        pairs = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        q = dict(pairs)
        entry = {"path": url.path, "keys": [k for k, _ in pairs],
                 "action": q.get("Action")}
        try:
            if url.path != "/federation" or \
                    q.get("Action") != "getSigninToken":
                raise ValueError("unknown action")
            s = json.loads(q["Session"])
            entry["sessionId"] = s["sessionId"]
            entry["hasKey"] = bool(s["sessionKey"])
            entry["hasToken"] = bool(s["sessionToken"])
        except (KeyError, ValueError, TypeError) as e:
            entry["error"] = str(e)
            self._log(entry)
            return self._send(400, "", "text/plain")
        self._log(entry)
        token = "signin-" + hashlib.sha256(
            s["sessionId"].encode()).hexdigest()[:16] + "+/="
        self._send(200, json.dumps({"SigninToken": token}))

    def _log(self, entry):
        with open(logfile, "a") as f:
            f.write(json.dumps(entry) + "\n")


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
