"""otlp_receiver.py: a test stand-in for an OpenTelemetry collector's OTLP/HTTP traces receiver.

Why: the runtime's collector exporter (OTEL_EXPORTER_OTLP_ENDPOINT) needs a peer to talk to in
tests, one that decodes what it gets with the official opentelemetry-proto classes, keeps every
request for the test to read, and can refuse on demand (503 twice, 429 with Retry-After, ...) so
that retries can be tested. A real collector can be built here (docs/opentelemetry.md), but takes
a Go toolchain and minutes; this needs only the venv tools/setup.sh makes.

What it does, like the collector's otlpreceiver on its HTTP port:
  * POST /v1/traces (the path is --path) with Content-Type application/x-protobuf (or
    application/json, OTLP/JSON), optionally Content-Encoding gzip or deflate: decoded as an
    ExportTraceServiceRequest and answered 200 with an empty ExportTraceServiceResponse in the
    request's encoding. An undecodable body is 400, another content type 415, another method or
    path 404/405 (error bodies are a google.rpc.Status, as OTLP/HTTP says).
  * --fail STATUS[:COUNT] (repeatable, in order): answer the first COUNT (default 1) requests
    with STATUS instead, before decoding; --retry-after SECONDS adds that header to 429 and 503
    answers. Refused requests are recorded too (so a test can count attempts).
  * Every request is recorded: a JSON object with seq, method, path, headers (lower-case names),
    status, body_size, and for decoded requests resource_spans: resource attributes, scope and
    spans (ids in lower-case hex, attributes and event attributes as plain values: arrays as
    lists, kvlists as dicts, bytes as base64). --record FILE appends one JSON line per request;
    GET /received returns them all as a JSON list, DELETE /received forgets them.
  * GET /health answers 200 once the server listens.

Command line (stdlib http.server on 127.0.0.1; port 0 = a free one):
  python otlp_receiver.py [--host 127.0.0.1] [--port 0] [--path /v1/traces]
                          [--record FILE] [--port-file FILE] [--fail STATUS[:COUNT]]...
                          [--retry-after SECONDS] [--timeout SECONDS]
It prints "listening on http://HOST:PORT" (and writes PORT to --port-file), then serves until
SIGTERM/SIGINT or --timeout seconds (default 600) have passed, so that it always stops by itself.

In-process use (pytest): OtlpReceiver(...).start() / .stop(), .url, .received.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import os
import signal
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import DecodeError
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

PROTOBUF = "application/x-protobuf"
JSON = "application/json"


def any_value(value) -> Any:
    """An OTLP AnyValue as a plain Python value."""
    kind = value.WhichOneof("value")
    if kind is None:
        return None
    if kind == "array_value":
        return [any_value(v) for v in value.array_value.values]
    if kind == "kvlist_value":
        return {kv.key: any_value(kv.value) for kv in value.kvlist_value.values}
    if kind == "bytes_value":
        return base64.b64encode(value.bytes_value).decode("ascii")
    return getattr(value, kind)


def attributes(key_values) -> dict[str, Any]:
    return {kv.key: any_value(kv.value) for kv in key_values}


def decoded_request(request: ExportTraceServiceRequest) -> list[dict[str, Any]]:
    """The request as JSON-ready dicts, one per ResourceSpans."""
    out = []
    for rs in request.resource_spans:
        scopes = []
        for ss in rs.scope_spans:
            spans = []
            for s in ss.spans:
                spans.append({
                    "trace_id": s.trace_id.hex(),
                    "span_id": s.span_id.hex(),
                    "parent_span_id": s.parent_span_id.hex(),
                    "name": s.name,
                    "kind": s.kind,
                    "start_time_unix_nano": s.start_time_unix_nano,
                    "end_time_unix_nano": s.end_time_unix_nano,
                    "attributes": attributes(s.attributes),
                    "events": [
                        {"name": e.name, "time_unix_nano": e.time_unix_nano,
                         "attributes": attributes(e.attributes)}
                        for e in s.events
                    ],
                    "status": {"code": s.status.code, "message": s.status.message},
                })
            scopes.append({"scope": {"name": ss.scope.name, "version": ss.scope.version},
                           "spans": spans})
        out.append({"resource": attributes(rs.resource.attributes), "scope_spans": scopes})
    return out


def rpc_status(code: int, message: str) -> bytes:
    """google.rpc.Status{code, message}, hand-encoded (the venv has no googleapis protos)."""
    def varint(n: int) -> bytes:
        out = bytearray()
        while True:
            byte, n = n & 0x7F, n >> 7
            out.append(byte | (0x80 if n else 0))
            if not n:
                return bytes(out)
    text = message.encode("utf-8")
    return b"\x08" + varint(code) + b"\x12" + varint(len(text)) + text


# HTTP status -> google.rpc.Code, for the error bodies.
_RPC_CODES = {400: 3, 404: 5, 405: 12, 413: 8, 415: 3, 429: 8, 500: 13, 502: 14, 503: 14, 504: 4}


@dataclass
class Failure:
    status: int
    count: int = 1


def parse_failure(text: str) -> Failure:
    status, _, count = text.partition(":")
    failure = Failure(int(status), int(count) if count else 1)
    if not 100 <= failure.status <= 599 or failure.count < 1:
        raise argparse.ArgumentTypeError(f"bad --fail {text!r}: STATUS[:COUNT]")
    return failure


@dataclass
class OtlpReceiver:
    host: str = "127.0.0.1"
    port: int = 0
    path: str = "/v1/traces"
    record: str | None = None
    failures: list[Failure] = field(default_factory=list)
    retry_after: str | None = None

    def __post_init__(self):
        self.received: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._failures = [Failure(f.status, f.count) for f in self.failures]
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def traces_url(self) -> str:
        return self.url + self.path

    def start(self) -> "OtlpReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet: the record is the log
                pass

            def do_GET(self):
                if self.path == "/health":
                    return self._answer(200, JSON, b"{}")
                if self.path == "/received":
                    with receiver._lock:
                        body = json.dumps(receiver.received).encode("utf-8")
                    return self._answer(200, JSON, body)
                return self._answer(404, "text/plain", b"not found")

            def do_DELETE(self):
                if self.path == "/received":
                    with receiver._lock:
                        receiver.received.clear()
                    return self._answer(200, JSON, b"{}")
                return self._answer(404, "text/plain", b"not found")

            def do_PUT(self):
                self._read_body()
                self._answer(405, "text/plain", b"method not allowed")

            def do_POST(self):
                body = self._read_body()
                entry = {
                    "method": "POST",
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body_size": len(body),
                }
                status, content_type, answer, headers = receiver._handle(self.path, self.headers, body, entry)
                entry["status"] = status
                receiver._keep(entry)
                self._answer(status, content_type, answer, headers)

            def _read_body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length > 0 else b""

            def _answer(self, status, content_type, body, headers=()):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _keep(self, entry: dict[str, Any]) -> None:
        with self._lock:
            entry["seq"] = len(self.received) + 1
            entry["time"] = time.time()
            self.received.append(entry)
            if self.record:
                with open(self.record, "a", encoding="utf-8") as f:
                    f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def _next_failure(self) -> int | None:
        with self._lock:
            if not self._failures:
                return None
            failure = self._failures[0]
            failure.count -= 1
            if failure.count == 0:
                self._failures.pop(0)
            return failure.status

    def _error(self, status: int, message: str, json_answer: bool = False, headers=()):
        if json_answer:
            body = json.dumps({"code": _RPC_CODES.get(status, 2), "message": message}).encode()
            return status, JSON, body, headers
        return status, PROTOBUF, rpc_status(_RPC_CODES.get(status, 2), message), headers

    def _handle(self, path: str, headers, body: bytes, entry: dict[str, Any]):
        if path.split("?", 1)[0] != self.path:
            return 404, "text/plain", b"not found", ()
        media_type = (headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        json_request = media_type == JSON

        if (status := self._next_failure()) is not None:
            extra = ()
            if self.retry_after is not None and status in (429, 503):
                extra = (("Retry-After", self.retry_after),)
            return self._error(status, f"refused as told (--fail {status})", json_request, extra)

        if media_type not in (PROTOBUF, JSON):
            return self._error(415, f"unsupported content type {media_type!r}")
        encoding = (headers.get("Content-Encoding") or "").strip().lower()
        try:
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            elif encoding not in ("", "identity"):
                return self._error(400, f"unsupported content encoding {encoding!r}", json_request)
            request = ExportTraceServiceRequest()
            if json_request:
                json_format.Parse(body.decode("utf-8"), request)
            else:
                request.ParseFromString(body)
        except (DecodeError, json_format.ParseError, OSError, zlib.error, UnicodeDecodeError, ValueError) as e:
            return self._error(400, f"cannot decode the request: {e}", json_request)

        entry["resource_spans"] = decoded_request(request)
        if json_request:
            return 200, JSON, b"{}", ()
        return 200, PROTOBUF, ExportTraceServiceResponse().SerializeToString(), ()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 (default): a free port")
    parser.add_argument("--path", default="/v1/traces")
    parser.add_argument("--record", help="append one JSON line per request to this file")
    parser.add_argument("--port-file", help="write the port to this file once listening")
    parser.add_argument("--fail", type=parse_failure, action="append", default=[],
                        metavar="STATUS[:COUNT]", help="answer the next COUNT requests with STATUS")
    parser.add_argument("--retry-after", metavar="SECONDS", help="Retry-After on 429/503 answers")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="stop after this many seconds (default 600)")
    args = parser.parse_args(argv)

    receiver = OtlpReceiver(host=args.host, port=args.port, path=args.path, record=args.record,
                            failures=args.fail, retry_after=args.retry_after).start()
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(receiver._server.server_address[1]))
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"listening on {receiver.url}", flush=True)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait(args.timeout)
    receiver.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
