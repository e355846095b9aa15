#!/usr/bin/env python3
"""A Prometheus HTTP API that misbehaves on command, for andon's fault-injection tests.

    fault_server.py PORT [REDIRECT_PORT]

PORT 0 lets the kernel choose; the first line on standard output names the port ("fault server on PORT").

With FAULT_TLS_CERT and FAULT_TLS_KEY in the environment it speaks HTTPS with that certificate; with
FAULT_TLS_CLIENT_CA as well it requires a client certificate signed by that CA.

Every request to /api/v1/... is answered according to the current fault. Control:
    POST /_fault/NAME   set the fault (see FAULTS); 200, or 404 for an unknown name
    GET  /_log          the requests received so far, one JSON object per line:
                        {"t": seconds since start, "path": ..., "authorization": true/false}
    POST /_log/clear    forget them

"ok" answers every query with one series of value 1 (a well-behaved Prometheus); /api/v1/alerts with none.
"""
import hashlib
import json
import os
import re
import ssl
import urllib.parse
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])  # 0: a port the kernel chooses, named on standard output
REDIRECT_PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 0  # 0: PORT + 1
START = time.time()
STATE = {"fault": "ok"}
LOG = []
LOCK = threading.Lock()


def vector(value):
    return {"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [time.time(), value]}]}}


def marked(body, path):
    """A query that marks its parts with label_replace (the board's overview travels as one query) gets the
    answer's one series once per mark, with the mark's label, as Prometheus would answer it; anything else as is."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).get("query", [""])[0]
    marks = re.findall(r'label_replace\(.*?, "(\w+)", "(\w+)", "", ""\)', query)
    try:
        answer = json.loads(body)
        series = answer["data"]["result"]
    except (ValueError, KeyError, TypeError):
        return body
    if not marks or not isinstance(series, list) or len(series) != 1 or not isinstance(series[0], dict):
        return body
    marked_series = [dict(series[0], metric=dict(series[0].get("metric", {}), **{label: value}))
                     for label, value in marks]
    # A query made only of marked parts (the overview) gets one series per mark; a drill-down panel's
    # `topk(12, q) or label_replace(count(q), "andon_rows", ...)` keeps its series and gets the marked count.
    answer["data"]["result"] = marked_series if query.startswith("label_replace(") else series + marked_series
    return json.dumps(answer)


def error_json(error_type, message):
    return {"status": "error", "errorType": error_type, "error": message}


BIG = {}


def big_body(value="1", labels=None, others=()):
    """50 MB of vector: about 200,000 series with a 200-byte label each, every value `value`, each with `labels`
    as well; then one series of value 1 for each (label, value) mark in `others`."""
    key = (value, json.dumps(labels), tuple(others))
    if key not in BIG:
        series = []
        size = 0
        i = 0
        while size < 50 * 1024 * 1024:
            item = {"metric": dict({"queue_name": "q%07d" % i, "padding": "x" * 200}, **(labels or {})),
                    "value": [1.0, value]}
            series.append(item)
            size += 260
            i += 1
        series += [{"metric": {label: mark}, "value": [time.time(), "1"]} for label, mark in others]
        BIG[key] = json.dumps({"status": "success", "data": {"resultType": "vector", "result": series}}).encode()
    return BIG[key]


# name -> (status, headers, body bytes or callable) ; body None = special handling
FAULTS = {
    "ok": None,
    "hang": None,
    "slow": None,
    "reset": None,
    "redirect": None,
    # 401 with the request's Authorization header in the body, as some proxies and servers echo it.
    "echo": None,
    "400": (400, {"Content-Type": "application/json"}, json.dumps(error_json("bad_data", "1:5: parse error: unexpected <EOF>"))),
    "422": (422, {"Content-Type": "application/json"}, json.dumps(error_json("execution", "query processing would load too many samples into memory"))),
    "401": (401, {"Content-Type": "text/plain", "WWW-Authenticate": 'Basic realm="prometheus"'}, "Unauthorized\n"),
    "403": (403, {"Content-Type": "text/plain"}, "Forbidden\n"),
    "429": (429, {"Content-Type": "text/plain", "Retry-After": "5"}, "Too Many Requests\n"),
    "500": (500, {"Content-Type": "text/plain"}, "internal error\n"),
    "502": (502, {"Content-Type": "text/html"}, "<html><body><h1>502 Bad Gateway</h1></body></html>\n"),
    "504": (504, {"Content-Type": "text/html"}, "<html><body><h1>504 Gateway Time-out</h1></body></html>\n"),
    "503": (503, {"Content-Type": "text/plain"}, "Service Unavailable\n"),
    "not-json": (200, {"Content-Type": "text/html"}, "<html>It works!</html>\n"),
    "truncated": (200, {"Content-Type": "application/json"}, json.dumps(vector("1"))[:40]),
    "wrong-types": (200, {"Content-Type": "application/json"}, json.dumps({"status": "success", "data": {"resultType": "vector", "result": {"a": 1}}})),
    "short-value": (200, {"Content-Type": "application/json"}, json.dumps({"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1]}]}})),
    "value-1": (200, {"Content-Type": "application/json"}, json.dumps(vector("1"))),
    "value-empty": (200, {"Content-Type": "application/json"}, json.dumps(vector(""))),
    "value-abc": (200, {"Content-Type": "application/json"}, json.dumps(vector("abc"))),
    "value-hex": (200, {"Content-Type": "application/json"}, json.dumps(vector("0x10"))),
    "value-inf": (200, {"Content-Type": "application/json"}, json.dumps(vector("+Inf"))),
    "value-tiny": (200, {"Content-Type": "application/json"}, json.dumps(vector("1e-07"))),
    "value-number": (200, {"Content-Type": "application/json"}, json.dumps({"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1, 1]}]}})),
    "warnings": (200, {"Content-Type": "application/json"}, json.dumps(dict(vector("0"), warnings=["partial response: store 10.0.0.7:10901 unavailable"]))),
    "big": None,
    # 50 MB (value 7) for the Kanban headline only, every other request as "ok": the board's test (50 MB for all
    # thirteen requests of a refresh would be 650 MB a refresh).
    "big-kanban": None,
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, headers, body):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def control(self):
        if self.path.startswith("/_fault/"):
            name = self.path[len("/_fault/"):]
            if name not in FAULTS:
                self.send(404, {}, "unknown fault %s\n" % name)
                return True
            STATE["fault"] = name
            self.send(200, {}, "fault %s\n" % name)
            return True
        if self.path == "/_log":
            with LOCK:
                body = "".join(json.dumps(entry) + "\n" for entry in LOG)
            self.send(200, {"Content-Type": "application/x-ndjson"}, body)
            return True
        if self.path == "/_log/clear":
            with LOCK:
                LOG.clear()
            self.send(200, {}, "cleared\n")
            return True
        return False

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if not self.control():
            self.answer()

    def do_GET(self):
        if not self.control():
            self.answer()

    def answer(self):
        with LOCK:
            authorization = self.headers.get("Authorization")
            LOG.append({"t": round(time.time() - START, 3), "path": self.path.split("?")[0],
                        "authorization": authorization is not None,
                        # A digest, never the secret: enough to see that a rotated secret was sent.
                        "authorization_digest": hashlib.sha256(authorization.encode()).hexdigest()[:12]
                        if authorization else None})
        fault = STATE["fault"]
        if fault == "hang":
            time.sleep(3600)
            return
        if fault == "reset":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault == "slow":
            time.sleep(6)
            fault = "ok"
        if fault == "echo":
            self.send(401, {"Content-Type": "text/plain"}, "invalid credentials: %s\n" % authorization)
            return
        if fault == "redirect":
            self.send(302, {"Location": "http://127.0.0.1:%d%s" % (REDIRECT_PORT, self.path)}, "")
            return
        if fault == "big":
            self.send(200, {"Content-Type": "application/json"}, big_body())
            return
        if fault == "big-kanban":
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("query", [""])[0]
            if self.path.startswith("/api/v1/query?") and query == "max(tps_kanban_queue_depth)":
                self.send(200, {"Content-Type": "application/json"}, big_body("7"))
                return
            # The board's overview as one query (the headlines and culprits marked by label_replace): the Kanban
            # headline's part is the 50 MB, the other parts one series each.
            kanban = ("andon_headline", "kanban")
            marks = re.findall(r'label_replace\(.*?, "(\w+)", "(\w+)", "", ""\)', query)
            if self.path.startswith("/api/v1/query?") and kanban in marks and "max(tps_kanban_queue_depth)" in query:
                others = tuple(mark for mark in marks if mark != kanban)
                self.send(200, {"Content-Type": "application/json"}, big_body("7", dict([kanban]), others))
                return
            fault = "ok"
        if fault == "ok":
            if self.path.startswith("/api/v1/alerts"):
                self.send(200, {"Content-Type": "application/json"}, json.dumps({"status": "success", "data": {"alerts": []}}))
            elif self.path.startswith("/api/v1/query_range"):
                self.send(200, {"Content-Type": "application/json"}, json.dumps({"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {}, "values": [[time.time() - 60, "1"], [time.time(), "1"]]}]}}))
            else:
                self.send(200, {"Content-Type": "application/json"}, marked(json.dumps(vector("1")), self.path))
            return
        status, headers, body = FAULTS[fault]
        self.send(status, headers, marked(body, self.path) if status == 200 else body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def finish_request(self, request, client_address):
        # With TLS, each connection's handshake runs in its own thread (not in accept on the serving thread), so
        # that a client which connects and goes quiet cannot hold up every other connection's handshake.
        if isinstance(request, ssl.SSLSocket):
            request.settimeout(30)
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                return
            request.settimeout(None)
        super().finish_request(request, client_address)


if __name__ == "__main__":
    server = Server(("127.0.0.1", PORT), Handler)
    PORT = server.server_address[1]
    if REDIRECT_PORT == 0:
        REDIRECT_PORT = PORT + 1
    if os.environ.get("FAULT_TLS_CERT"):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.environ["FAULT_TLS_CERT"], os.environ["FAULT_TLS_KEY"])
        if os.environ.get("FAULT_TLS_CLIENT_CA"):
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(os.environ["FAULT_TLS_CLIENT_CA"])
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    print("fault server on %d" % PORT, flush=True)
    server.serve_forever()
