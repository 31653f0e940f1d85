"""A fault-injecting HTTP/1.1 proxy on loopback, in front of a real MLflow server, for the fault
tests (test_faults.py).

The faults a tracking server and the network between can produce cannot be had from MLflow on
demand; this proxy produces them, and passes everything else through to the real server, which
stays the judge of what was delivered.

    proxy = FaultProxy("http://127.0.0.1:5000").start()   # proxy.url is what the program uses
    proxy.script("/v1/traces", [Status(503), Status(429, retry_after=2)])
    ...
    proxy.requests("/v1/traces")                           # what it saw, and what it did

Requests are served one connection per thread, keep-alive honoured (libcurl reuses its
connection), bodies by Content-Length (the runtime's requests always have one). A request to a
scripted path takes the next behaviour of that path's script; when the script is used up, the
script's `then`, else the proxy's `default` (Pass() unless changed).

Behaviours:
    Pass()               forward to the upstream server and return its answer
    Status(code, retry_after=None)
                         answer `code` (with Retry-After: N when given) without forwarding
    CloseAfterHeaders()  read the request's headers, then close the connection
    CloseMidBody()       read half the body, then close the connection
    Hang()               read the request and never answer (until the client gives up)
    Garbage()            answer bytes that are not HTTP, then close
    Slow(seconds)        wait, then Pass(): unless the client gave up meanwhile (then nothing is
                         forwarded: it no longer waits for an answer)
    AnswerLost()         forward, so the server acts on the request, then close the connection
                         without answering: the client cannot know it arrived

keep_alive=False answers every request with Connection: close, so that each request comes on a
new connection. A kept-alive connection that dies before its answer (CloseAfterHeaders,
CloseMidBody, AnswerLost on a reused connection) is sent again at once, on a new connection, by
libcurl itself, below the runtime's retry policy: a test that counts the policy's attempts
exactly after such a fault turns keep-alive off.

down() stops listening (a connection is then refused, as when no server runs) and drops the
connections it holds; up() listens again on the same port.

Every request is recorded (Record): method, path, the body and its SHA-256 (None when the body
was not read whole), the behaviour applied, the status the client was sent (None when it got
none) and when it arrived (time.monotonic()).
"""

import dataclasses
import hashlib
import http.client
import socket
import threading
import time
import urllib.parse

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "transfer-encoding", "upgrade", "content-length", "host"}


@dataclasses.dataclass(frozen=True)
class Pass:
    pass


@dataclasses.dataclass(frozen=True)
class Status:
    code: int
    retry_after: int = None


@dataclasses.dataclass(frozen=True)
class CloseAfterHeaders:
    pass


@dataclasses.dataclass(frozen=True)
class CloseMidBody:
    pass


@dataclasses.dataclass(frozen=True)
class Hang:
    pass


@dataclasses.dataclass(frozen=True)
class Garbage:
    pass


@dataclasses.dataclass(frozen=True)
class Slow:
    seconds: float


@dataclasses.dataclass(frozen=True)
class AnswerLost:
    pass


@dataclasses.dataclass
class Record:
    method: str
    path: str
    body: bytes          # what was read (all of it, unless the behaviour stopped reading)
    sha256: str          # of the whole body; None when it was not read whole
    behaviour: object
    answered: int        # the status the client was sent, or None
    at: float            # time.monotonic() when the request's headers were read
    connection: int      # which connection (numbered from 1 in the order they were accepted)
    reused: bool         # not the connection's first request (keep-alive)
    upstream: int = None  # the status the server answered (when it was forwarded)


class _Closed(Exception):
    """The client closed the connection, or down() did."""


class FaultProxy:
    def __init__(self, upstream_url, port=0, default=Pass(), keep_alive=True):
        parsed = urllib.parse.urlsplit(upstream_url)
        self.upstream = (parsed.hostname, parsed.port)
        self.default = default
        self.keep_alive = keep_alive
        self.port = port
        self._scripts = {}  # path: ([behaviour, ...], behaviour once they are used up)
        self._records = []
        self._lock = threading.Lock()
        self._listener = None
        self._connections = set()
        self._accepted = 0
        self._stopping = threading.Event()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    # --- control ----------------------------------------------------------------------------------

    def start(self):
        self.up()
        return self

    def up(self):
        """Listens (again) on self.port."""
        with self._lock:
            assert self._listener is None, "already listening"
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self.port = listener.getsockname()[1]
            self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True).start()

    def down(self):
        """Stops listening (new connections are refused) and drops every open connection."""
        with self._lock:
            listener, self._listener = self._listener, None
            connections, self._connections = self._connections, set()
        if listener is not None:
            _close(listener)
        for conn in connections:
            _close(conn)

    def stop(self):
        self._stopping.set()
        self.down()

    def script(self, path, behaviours, then=None):
        """Requests to `path` (the query string aside) take `behaviours` in order, then `then`
        (default: the proxy's `default`). Replaces an earlier script for the same path."""
        with self._lock:
            self._scripts[path] = (list(behaviours), then)

    def requests(self, path=None, method=None):
        """The records of the requests seen so far (to `path`, the query string aside), in order."""
        with self._lock:
            return [r for r in self._records
                    if (path is None or r.path.partition("?")[0] == path)
                    and (method is None or r.method == method)]

    # --- serving ----------------------------------------------------------------------------------

    def _next_behaviour(self, target):
        with self._lock:
            behaviours, then = self._scripts.get(target.partition("?")[0], ([], None))
            if behaviours:
                return behaviours.pop(0)
            return then if then is not None else self.default

    def _accept_loop(self, listener):
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # down(): the listener was closed
            with self._lock:
                if self._listener is not listener:  # went down meanwhile
                    _close(conn)
                    return
                self._connections.add(conn)
                self._accepted += 1
                number = self._accepted
            threading.Thread(target=self._serve, args=(conn, number), daemon=True).start()

    def _serve(self, conn, number):
        reader = _Reader(conn)
        try:
            served = 0
            while not self._stopping.is_set():
                served += 1
                if not self._serve_one(conn, reader, number, served > 1):
                    break
        except (_Closed, OSError):
            pass
        finally:
            with self._lock:
                self._connections.discard(conn)
            _close(conn)

    def _serve_one(self, conn, reader, connection, reused):
        """Serves one request; False when the connection is to be closed."""
        head = reader.read_head()
        if head is None:
            return False  # the client closed a kept-alive connection
        at = time.monotonic()
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = []
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers.append((name.strip(), value.strip()))
        length = int(next((v for n, v in headers if n.lower() == "content-length"), "0"))
        behaviour = self._next_behaviour(target)
        record = Record(method, target, b"", None, behaviour, None, at, connection, reused)
        with self._lock:
            self._records.append(record)

        if isinstance(behaviour, CloseAfterHeaders):
            return False
        if isinstance(behaviour, CloseMidBody):
            record.body = reader.read_exactly(length // 2)
            return False
        record.body = reader.read_exactly(length)
        record.sha256 = hashlib.sha256(record.body).hexdigest()

        if isinstance(behaviour, Hang):
            reader.wait_for_close(self._stopping)
            return False
        if isinstance(behaviour, Garbage):
            conn.sendall(b"\x00\x17garbage, not HTTP at all\xff\xfe\r\n\r\n")
            return False
        if isinstance(behaviour, Status):
            body = (b'{"error_code": "TEMPORARILY_UNAVAILABLE", "message": "fault proxy: '
                    + str(behaviour.code).encode() + b'"}')
            extra = [("Retry-After", str(behaviour.retry_after))] if behaviour.retry_after else []
            self._answer(conn, record, behaviour.code, extra + [("Content-Type", "application/json")],
                         body)
            return self.keep_alive
        if isinstance(behaviour, Slow):
            time.sleep(behaviour.seconds)
            if reader.client_gone():
                return False
        status, reason, upstream_headers, body = self._forward(method, target, headers, record.body)
        record.upstream = status
        if isinstance(behaviour, AnswerLost):
            return False
        self._answer(conn, record, status, upstream_headers, body, reason)
        return self.keep_alive

    def _forward(self, method, target, headers, body):
        upstream = http.client.HTTPConnection(*self.upstream, timeout=120)
        try:
            sent = {n: v for n, v in headers if n.lower() not in HOP_BY_HOP}
            sent["Host"] = f"{self.upstream[0]}:{self.upstream[1]}"
            upstream.request(method, target, body=body if body or method != "GET" else None,
                             headers=sent)
            response = upstream.getresponse()
            data = response.read()
            kept = [(n, v) for n, v in response.getheaders() if n.lower() not in HOP_BY_HOP]
            return response.status, response.reason, kept, data
        finally:
            upstream.close()

    def _answer(self, conn, record, status, headers, body, reason="Fault Proxy"):
        head = [f"HTTP/1.1 {status} {reason}"]
        head += [f"{n}: {v}" for n, v in headers]
        head += [f"Content-Length: {len(body)}",
                 f"Connection: {'keep-alive' if self.keep_alive else 'close'}", "", ""]
        conn.sendall("\r\n".join(head).encode("latin-1") + body)
        record.answered = status


class _Reader:
    """Buffered reads from a client connection."""

    def __init__(self, conn):
        self.conn = conn
        self.buffer = b""

    def _more(self):
        data = self.conn.recv(65536)
        if not data:
            raise _Closed()
        self.buffer += data

    def read_head(self):
        """The request line and headers, or None when the client closed before a new request."""
        while b"\r\n\r\n" not in self.buffer:
            try:
                self._more()
            except _Closed:
                if self.buffer:
                    raise
                return None
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        return head

    def read_exactly(self, n):
        while len(self.buffer) < n:
            self._more()
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def wait_for_close(self, stopping):
        self.conn.settimeout(0.2)
        while not stopping.is_set():
            try:
                if not self.conn.recv(65536):
                    return
            except socket.timeout:
                continue

    def client_gone(self):
        """Whether the client closed its end (it gave up waiting)."""
        self.conn.setblocking(False)
        try:
            return self.conn.recv(1, socket.MSG_PEEK) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True
        finally:
            self.conn.setblocking(True)


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
