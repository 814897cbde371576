#!/usr/bin/env python3
"""A request-counting reverse proxy for the integration tests.

    count-proxy.py PORT UPSTREAM LOGFILE [--fail-first N] [--status CODE]
                   [--body TEXT] [--delay SECONDS]

Listens on 127.0.0.1:PORT, forwards every request to UPSTREAM (e.g. moto)
and appends one line per request to LOGFILE: the Query API Action (from
the form body or the query string) or the path, then the parameters
tests look at (DurationSeconds=, SerialNumber=, RoleArn=, ...; TokenCode
and WebIdentityToken only as present), then "signed" or "unsigned".  Options make it answer
the first N requests itself with CODE/TEXT (to test retries and bad
responses) or delay answers.  Only for tests; listens on loopback only.
"""
import http.server
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

port = int(sys.argv[1])
upstream = sys.argv[2].rstrip("/")
logfile = sys.argv[3]
opts = sys.argv[4:]
fail_first = 0
status = 500
body_text = "<ErrorResponse><Error><Code>InternalError</Code>" \
    "<Message>injected</Message></Error></ErrorResponse>"
delay = 0.0
i = 0
while i < len(opts):
    if opts[i] == "--fail-first":
        fail_first = int(opts[i + 1])
    elif opts[i] == "--status":
        status = int(opts[i + 1])
    elif opts[i] == "--body":
        body_text = opts[i + 1]
    elif opts[i] == "--delay":
        delay = float(opts[i + 1])
    i += 2

lock = threading.Lock()
seen = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _relay(self):
        global seen
        n = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(n) if n else b""
        form = urllib.parse.parse_qs(data.decode("utf-8", "replace"))
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        action = (form.get("Action") or query.get("Action") or [self.path])[0]
        # Log the parameters tests check; secrets only as "present".
        line = [action]
        for k in ("DurationSeconds", "SerialNumber", "RoleArn",
                  "RoleSessionName", "ExternalId", "SourceIdentity"):
            if k in form:
                line.append("%s=%s" % (k, form[k][0]))
        for k in ("TokenCode", "WebIdentityToken"):
            if k in form:
                line.append(k)
        line.append("signed" if self.headers.get("Authorization")
                    else "unsigned")
        with lock:
            seen += 1
            mine = seen
            with open(logfile, "a") as f:
                f.write(" ".join(line) + "\n")
        if delay:
            time.sleep(delay)
        if mine <= fail_first:
            out = body_text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)
            return
        req = urllib.request.Request(upstream + self.path, data=data or None,
                                     method=self.command)
        for k, v in self.headers.items():
            if k.lower() not in ("host", "content-length", "connection"):
                req.add_header(k, v)
        # Keep the Host the client signed.
        req.add_header("Host", self.headers.get("Host", ""))
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                code, hdrs, out = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            code, hdrs, out = e.code, e.headers, e.read()
        self.send_response(code)
        for k, v in hdrs.items():
            if k.lower() not in ("content-length", "transfer-encoding",
                                 "connection", "date", "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PUT = do_DELETE = _relay


http.server.ThreadingHTTPServer.daemon_threads = True
http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
