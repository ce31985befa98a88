#!/usr/bin/python3
"""A faultline driver in Python 3 for the Agora RTM profile (cpp dialect).

Written from docs/DRIVER_PROTOCOL.md and the JSON Schemas `npx faultline schemas` exports, to show that the
driver protocol is language-neutral. It is a WebSocket server (the harness connects to it with
FAULTLINE_DRIVER=ws://127.0.0.1:PORT) and:

- implements the client side itself: `RtmClient` below is a minimal Python client of the reference RTM wire
  protocol (newline-delimited JSON over one TCP connection, docs/reference-impl/agora-rtm.md), reaching the
  server only through the proxy address `createClient` gives it;
- delegates the server side (`setUp`, `admin`, `tearDown`) to the bundled reference driver, which it starts
  as a child process (`npx faultline driver --port 0`) and talks to as a WebSocket client.

Standard library plus `websockets` (Debian's python3-websockets, asyncio API). Run with /usr/bin/python3:

    /usr/bin/python3 drivers/python-rtm/faultline_rtm_driver.py --port 0     # prints ws://127.0.0.1:PORT
"""

import argparse
import asyncio
import json
import os
import re
import signal
import sys
import time
import uuid

try:
    import websockets
except ImportError:  # pragma: no cover - reported, not hidden
    sys.stderr.write(
        "faultline_rtm_driver: the Python package 'websockets' is missing; install Debian's python3-websockets "
        "(apt-get install -y python3-websockets) and run this file with /usr/bin/python3\n"
    )
    sys.exit(3)

DRIVER_NAME = "faultline-python-rtm"
DRIVER_VERSION = "0.1.0"
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# Clause ids (npx faultline clauses) of the agora-rtm profile this driver cannot exercise: reported "not
# applicable" by the harness. Empty: every clause of the profile is implemented. `--unsupported` narrows
# what the driver claims (a run that must not exercise some clauses, or a check of the declaration itself).
UNSUPPORTED_CLAUSES = []

# ---- RTM enums (IAgoraRtmService.h values, as the callback schemas list them) ------------------------------

DISCONNECTED, CONNECTING, CONNECTED, RECONNECTING, ABORTED = 1, 2, 3, 4, 5
R_LOGIN, R_LOGIN_SUCCESS, R_LOGIN_FAILURE, R_LOGIN_TIMEOUT, R_INTERRUPTED, R_LOGOUT = 1, 2, 3, 4, 5, 6
R_BANNED_BY_SERVER, R_REMOTE_LOGIN = 7, 8

LOGIN_ERR_OK, LOGIN_ERR_UNKNOWN, LOGIN_ERR_REJECTED, LOGIN_ERR_INVALID_ARGUMENT = 0, 1, 2, 3
LOGIN_ERR_TOKEN_EXPIRED, LOGIN_ERR_ALREADY_LOGGED_IN, LOGIN_ERR_TIMEOUT = 6, 8, 9
LOGOUT_ERR_OK, LOGOUT_ERR_USER_NOT_LOGGED_IN = 0, 102
NOT_LOGGED_IN = 102  # *_ERR_USER_NOT_LOGGED_IN of every request enum
RENEW_TOKEN_ERR_INVALID_ARGUMENT = 2
JOIN_ERR_INVALID_ARGUMENT, JOIN_ERR_TIMEOUT, JOIN_ERR_ALREADY_JOINED = 3, 4, 6
LEAVE_ERR_FAILURE, LEAVE_ERR_NOT_IN_CHANNEL = 1, 3
ATTRIBUTE_ERR_INVALID_ARGUMENT, ATTRIBUTE_ERR_TIMEOUT = 3, 7
QUERY_ERR_TIMEOUT = 4
GET_MEMBERS_ERR_TIMEOUT = 3

# ---- timings, nominal milliseconds; every one is multiplied by the scenario's timeScale --------------------

LOGIN_TIMEOUT_MS = 6000  # seed 003: "fails to log in ... in six seconds"
INTERRUPTED_AFTER_MS = 4000  # seed 003: "interrupted and cannot recover in four seconds"
HEARTBEAT_INTERVAL_MS = 100  # ping period (not documented); the server answers each ping
ATTEMPT_TIMEOUT_MS = 1000  # deadline of one automatic re-login attempt (not documented)
ATTEMPT_TIMEOUT_CAP_MS = 4000  # ... or 3 round trips when longer, doubled after each timed-out attempt, up to this
BACKOFF_FIRST_MS = 50  # pause between failed attempts, doubling ...
BACKOFF_CAP_MS = 250  # ... up to this cap
LOGOUT_WAIT_MS = 1000  # how long logout() waits for the server's logoutOk before reporting anyway
JOIN_TIMEOUT_MS = 5000  # IAgoraRtmService.h: five seconds
ATTRIBUTE_TIMEOUT_MS = 5000
QUERY_ONLINE_TIMEOUT_MS = 10000
GET_MEMBERS_TIMEOUT_MS = 5000
FLOOR_S = 0.002  # never wait less than 2 real ms between attempts or pings, whatever the scale
MAX_LINE_BYTES = 64 * 1024
ID_CHARS = frozenset(chr(c) for c in range(0x21, 0x7F))  # RTM user and channel ids: 1-64 printable ASCII

FORWARD_TIMEOUT_S = 9.0  # below the harness's 10 s request deadline
MAX_FRAME_BYTES = 4 * 1024 * 1024


def valid_id(value):
    return isinstance(value, str) and 1 <= len(value) <= 64 and all(c in ID_CHARS for c in value)


def now_ms():
    """The driver's own monotonic clock, milliseconds (event `ts`)."""
    return time.monotonic() * 1000.0


# The `stall` ticker: its period, and the lateness below which a tick is timer jitter, not a stall.
STALL_TICK_MS = 10.0
STALL_JITTER_MS = 2.0


def log_line(message):
    sys.stderr.write(f"faultline_rtm_driver: {message}\n")
    sys.stderr.flush()


class DriverError(Exception):
    """A request that cannot be served: answered {ok: false, error: {message}}."""


# =============================================================================================================
# The RTM client (SDK side of the reference wire protocol)
# =============================================================================================================


class Connection:
    """One TCP connection to the RTM server: newline-delimited JSON, one message per line."""

    def __init__(self, on_message, on_close):
        self.reader = None
        self.writer = None
        self.closed = False
        self.early = []
        self._on_message = on_message  # (conn, dict) -> None
        self._on_close = on_close  # (conn) -> None, once, when the peer or the network closed it
        self._task = None

    async def open(self, host, port):
        self.reader, self.writer = await asyncio.open_connection(host, port)  # asyncio sets TCP_NODELAY
        if self.closed:  # closed while connecting
            self.writer.close()
            raise ConnectionError("closed")
        self._task = asyncio.get_running_loop().create_task(self._read())

    async def _read(self):
        buffered = b""
        try:
            while not self.closed:
                chunk = await self.reader.read(65536)
                if not chunk:
                    break
                buffered += chunk
                while b"\n" in buffered and not self.closed:
                    line, buffered = buffered.split(b"\n", 1)
                    if not line.strip():
                        continue
                    try:
                        message = json.loads(line.decode("utf-8"))
                    except ValueError:
                        message = None
                    if isinstance(message, dict) and isinstance(message.get("t"), str):
                        self._on_message(self, message)
                if len(buffered) > MAX_LINE_BYTES:
                    break
        except (OSError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            return
        if not self.closed:
            self.closed = True
            self._close_transport()
            self._on_close(self)

    def send(self, message):
        if self.closed or self.writer is None:
            return
        try:
            self.writer.write((json.dumps(message, separators=(",", ":")) + "\n").encode("utf-8"))
        except (OSError, RuntimeError):
            pass

    def _close_transport(self):
        if self.writer is not None:
            try:
                self.writer.close()
            except (OSError, RuntimeError):
                pass

    def destroy(self):
        """Close at once, without a goodbye; the owner asked, so on_close is not called."""
        self.closed = True
        if self._task is not None and self._task is not asyncio.current_task():
            self._task.cancel()
        self._close_transport()


class RtmClient:
    """A minimal RTM SDK instance: login, heartbeat, interruption detection, automatic re-login, logout,
    channels, user attributes, presence queries. Callbacks are reported through `emit(name, payload)` with
    the cpp dialect's names."""

    def __init__(self, client_id, endpoint, time_scale, emit, options):
        self.client_id = client_id
        self.host = endpoint["host"]
        self.port = endpoint["port"]
        self.scale = time_scale
        self._emit = emit
        self.hb_ms = _positive(options.get("heartbeatIntervalMs"), HEARTBEAT_INTERVAL_MS)
        self.attempt_ms = _positive(options.get("attemptTimeoutMs"), ATTEMPT_TIMEOUT_MS)
        self.loop = asyncio.get_running_loop()
        self.state = DISCONNECTED
        self.destroyed = False
        self.token = None
        self.user_id = None
        self.session_id = None
        self.attempt = 0
        self.channels = []  # channel ids this instance is in, in join order
        self.attributes = {}  # local user attributes, re-sent on an automatic re-login
        self.conn = None  # the connection carrying the logged-in session
        self.last_rx = 0.0  # loop time of the last byte from the server on that connection
        self.rtt_s = None
        self.token_expired_reported = False
        self.lost = asyncio.Event()  # the bound connection is gone: the session task re-logs in
        self.session_task = None
        self.heartbeat_task = None
        self.silence_timer = None
        self.joining = set()  # channel ids with a join request in flight
        self.wake = asyncio.Event()  # renewToken: a waiting retry starts at once
        self.requests = {}  # id -> [message, future]
        self.next_request_id = 1
        self.logout_ok = None

    # ---- helpers ----

    def s(self, nominal_ms):
        """Nominal ms at this client's time scale, in seconds."""
        return nominal_ms * self.scale / 1000.0

    def emit(self, name, payload):
        if not self.destroyed:
            self._emit(name, payload)

    def switch(self, state, reason):
        self.state = state
        self.emit("onConnectionStateChanged", {"state": state, "reason": reason})

    # ---- API (the invoke vocabulary) ----

    def get_connection_state(self):
        return self.state

    def login(self, token, user_id):
        if self.state != DISCONNECTED:
            return LOGIN_ERR_ALREADY_LOGGED_IN
        if not isinstance(token, str) or not valid_id(user_id):
            return LOGIN_ERR_INVALID_ARGUMENT
        self.token = token
        self.user_id = user_id
        self.session_id = uuid.uuid4().hex
        self.attempt = 0
        self.channels = []
        self.joining = set()
        self.attributes = {}
        self.token_expired_reported = False
        self.lost = asyncio.Event()
        self.wake = asyncio.Event()
        self.switch(CONNECTING, R_LOGIN)
        self.session_task = self.loop.create_task(self._session(self.loop.time()))
        return 0

    async def logout(self):
        if self.state == DISCONNECTED:
            return LOGOUT_ERR_USER_NOT_LOGGED_IN
        if self.logout_ok is not None:  # a logout is already waiting for the server: it reports for both
            return LOGOUT_ERR_OK
        conn = self.conn if self.state == CONNECTED and self.conn is not None and not self.conn.closed else None
        self.conn = None  # kept out of _stop_session's reach: the goodbye goes over it
        self._stop_session()
        if conn is not None:
            # Connected: tell the server (it ends the session and the channel memberships at once) and wait
            # a little for its answer; the network may be failing unnoticed, so never long.
            self.logout_ok = self.loop.create_future()
            self.conn = conn
            conn.send({"t": "logout"})
            try:
                await asyncio.wait_for(asyncio.shield(self.logout_ok), self.s(LOGOUT_WAIT_MS))
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass
            self.logout_ok = None
            self.conn = None
            conn.destroy()
        if self.destroyed:
            return LOGOUT_ERR_OK
        self.channels = []
        self.switch(DISCONNECTED, R_LOGOUT)
        self.emit("onLogout", {"errorCode": LOGOUT_ERR_OK})
        return LOGOUT_ERR_OK

    def renew_token(self, token):
        if not isinstance(token, str) or not token:
            return RENEW_TOKEN_ERR_INVALID_ARGUMENT
        if self.state in (DISCONNECTED, ABORTED):
            return NOT_LOGGED_IN
        self.token = token
        self.token_expired_reported = False
        self.wake.set()
        return 0

    async def join_channel(self, channel_id):
        if not valid_id(channel_id):
            return JOIN_ERR_INVALID_ARGUMENT
        if self.state not in (CONNECTED, RECONNECTING):
            return NOT_LOGGED_IN
        if channel_id in self.channels or channel_id in self.joining:
            return JOIN_ERR_ALREADY_JOINED
        self.joining.add(channel_id)
        try:
            code, _ = await self._request({"t": "join", "channelId": channel_id}, JOIN_TIMEOUT_MS, JOIN_ERR_TIMEOUT)
        finally:
            self.joining.discard(channel_id)
        if code == 0 and self.state in (CONNECTED, RECONNECTING):
            if channel_id not in self.channels:
                self.channels.append(channel_id)
            self.emit("onJoinSuccess", {"channelId": channel_id})
        # A failed join is only the return code: onJoinFailure is not in the profile's callback vocabulary.
        return code

    async def leave_channel(self, channel_id):
        if self.state not in (CONNECTED, RECONNECTING):
            return NOT_LOGGED_IN
        if channel_id not in self.channels:
            return LEAVE_ERR_NOT_IN_CHANNEL
        self.channels.remove(channel_id)  # the channel's member callbacks stop at once
        code, _ = await self._request({"t": "leave", "channelId": channel_id}, JOIN_TIMEOUT_MS, LEAVE_ERR_FAILURE)
        if code not in (0, NOT_LOGGED_IN) and channel_id not in self.channels:
            self.channels.append(channel_id)
        return code

    async def set_local_user_attributes(self, attributes):
        if not isinstance(attributes, dict) or not all(isinstance(v, str) for v in attributes.values()):
            return ATTRIBUTE_ERR_INVALID_ARGUMENT
        code, _ = await self._request(
            {"t": "setAttributes", "attributes": dict(attributes)}, ATTRIBUTE_TIMEOUT_MS, ATTRIBUTE_ERR_TIMEOUT
        )
        if code == 0:
            self.attributes = dict(attributes)
        return code

    async def get_user_attributes(self, user_id):
        code, value = await self._request({"t": "getAttributes", "userId": str(user_id)}, ATTRIBUTE_TIMEOUT_MS, ATTRIBUTE_ERR_TIMEOUT)
        if code == NOT_LOGGED_IN or code == ATTRIBUTE_ERR_TIMEOUT:
            raise DriverError(f"getUserAttributes failed with ATTRIBUTE_OPERATION_ERR {code}")
        return value if isinstance(value, dict) else {}

    async def query_peers_online_status(self, user_ids):
        if not isinstance(user_ids, list) or not all(isinstance(u, str) for u in user_ids):
            raise DriverError("queryPeersOnlineStatus: expected a list of user ids")
        code, value = await self._request({"t": "queryOnline", "userIds": user_ids}, QUERY_ONLINE_TIMEOUT_MS, QUERY_ERR_TIMEOUT)
        if code != 0 or not isinstance(value, dict):
            raise DriverError(f"queryPeersOnlineStatus failed with QUERY_PEERS_ONLINE_STATUS_ERR {code}")
        return value

    async def get_members(self, channel_id):
        code, value = await self._request({"t": "getMembers", "channelId": str(channel_id)}, GET_MEMBERS_TIMEOUT_MS, GET_MEMBERS_ERR_TIMEOUT)
        if code != 0 or not isinstance(value, list):
            raise DriverError(f"getMembers failed with GET_MEMBERS_ERR {code}")
        return value

    def destroy(self):
        """The client goes away without a goodbye (tearDown, harness gone): no more callbacks."""
        self.destroyed = True
        self._stop_session()

    # ---- requests: id-matched results; re-sent on the new connection after an automatic re-login ----

    async def _request(self, fields, timeout_nominal_ms, timeout_code):
        if self.state not in (CONNECTED, RECONNECTING):
            return NOT_LOGGED_IN, None
        request_id = self.next_request_id
        self.next_request_id += 1
        message = dict(fields, id=request_id)
        future = self.loop.create_future()
        self.requests[request_id] = [message, future]
        if self.state == CONNECTED and self.conn is not None and not self.conn.closed:
            self.conn.send(message)
        try:
            return await asyncio.wait_for(future, self.s(timeout_nominal_ms))
        except asyncio.TimeoutError:
            return timeout_code, None
        finally:
            self.requests.pop(request_id, None)

    def _fail_requests(self):
        for message, future in self.requests.values():
            if not future.done():
                future.set_result((NOT_LOGGED_IN, None))
        self.requests.clear()

    # ---- session: the login, then automatic re-logins for as long as it lasts ----

    def _stop_session(self):
        task = self.session_task
        self.session_task = None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
        self._unbind()
        self._fail_requests()

    def _unbind(self):
        if self.heartbeat_task is not None:
            self.heartbeat_task.cancel()
            self.heartbeat_task = None
        if self.silence_timer is not None:
            self.silence_timer.cancel()
            self.silence_timer = None
        if self.conn is not None:
            self.conn.destroy()
            self.conn = None

    async def _session(self, login_at):
        try:
            if not await self._first_login(login_at):
                return
            while True:
                await self.lost.wait()
                if not await self._relogin():
                    return
        except asyncio.CancelledError:
            pass

    async def _first_login(self, login_at):
        """login(): attempts until the server answers or six seconds have passed since the call. The attempts
        have no deadline of their own, so a slow (high-latency) path can use the whole window."""
        deadline = login_at + self.s(LOGIN_TIMEOUT_MS)
        backoff = BACKOFF_FIRST_MS
        while True:
            remaining = deadline - self.loop.time()
            if remaining <= 0:
                break
            try:
                outcome, detail, conn = await asyncio.wait_for(self._attempt(resume=False), remaining)
            except asyncio.TimeoutError:
                break
            if outcome == "ok":
                self._bind(conn)
                self.emit("onLoginSuccess", {})
                self.switch(CONNECTED, R_LOGIN_SUCCESS)
                return True
            if outcome == "error":
                self._login_failed(detail if isinstance(detail, int) else LOGIN_ERR_UNKNOWN, R_LOGIN_FAILURE)
                return False
            if outcome == "kicked":
                self._login_failed(LOGIN_ERR_REJECTED, R_LOGIN_FAILURE)
                return False
            # the connection failed (refused, reset, closed): try again after a pause
            pause = max(self.s(backoff), FLOOR_S)
            backoff = min(backoff * 2, BACKOFF_CAP_MS)
            remaining = deadline - self.loop.time()
            if remaining <= 0:
                break
            await self._pause(min(pause, remaining))
        self._login_failed(LOGIN_ERR_TIMEOUT, R_LOGIN_TIMEOUT)
        return False

    def _login_failed(self, error_code, reason):
        self.session_task = None
        self._unbind()
        self.emit("onLoginFailure", {"errorCode": error_code})
        self.switch(DISCONNECTED, reason)

    async def _relogin(self):
        """Automatic re-login of the same session, forever, until it succeeds or the server kicks it out."""
        backoff = BACKOFF_FIRST_MS
        attempt_ms = self.attempt_ms
        while True:
            timeout = self.s(attempt_ms)
            if self.rtt_s is not None:
                timeout = min(max(timeout, 3 * self.rtt_s), self.s(ATTEMPT_TIMEOUT_CAP_MS))
            try:
                outcome, detail, conn = await asyncio.wait_for(self._attempt(resume=True), timeout)
            except asyncio.TimeoutError:
                outcome, detail, conn = "timeout", None, None
                attempt_ms = min(attempt_ms * 2, ATTEMPT_TIMEOUT_CAP_MS)
            if outcome == "ok":
                self._bind(conn)
                if self.state == RECONNECTING:
                    # seed 003: no onLoginSuccess on an automatic reconnection, only the state change.
                    self.switch(CONNECTED, R_LOGIN_SUCCESS)
                return True
            if outcome == "kicked":
                self._aborted(detail)
                return False
            if outcome == "error":
                if detail == LOGIN_ERR_TOKEN_EXPIRED and not self.token_expired_reported:
                    # seed 003: the token expired while reconnecting: onTokenExpired, the state does not change.
                    self.token_expired_reported = True
                    self.emit("onTokenExpired", {})
            if outcome != "timeout":
                await self._pause(max(self.s(backoff), FLOOR_S))
                backoff = min(backoff * 2, BACKOFF_CAP_MS)

    async def _pause(self, seconds):
        """Wait between attempts; renewToken cuts the wait short."""
        self.wake.clear()
        try:
            await asyncio.wait_for(self.wake.wait(), seconds)
        except asyncio.TimeoutError:
            pass

    async def _attempt(self, resume):
        """One connection attempt: TCP connect to the proxy, send login, wait for the answer.
        Returns (outcome, detail, connection): ("ok", None, conn) | ("error", code, None) |
        ("kicked", reason, None) | ("failed", None, None)."""
        self.attempt += 1
        attempt = self.attempt
        answer = self.loop.create_future()
        early = []  # what follows loginOk before the connection is bound: delivered at the bind

        def on_message(conn, message):
            if conn is self.conn:
                self._on_message(conn, message)
                return
            if answer.done():
                early.append(message)
                return
            t = message.get("t")
            if t == "loginOk" and message.get("attempt") == attempt:
                answer.set_result(("ok", None))
            elif t == "loginError" and message.get("attempt") == attempt:
                answer.set_result(("error", message.get("code")))
            elif t == "kicked":
                answer.set_result(("kicked", message.get("reason")))

        def on_close(conn):
            if conn is self.conn:
                self._connection_lost(conn)
            elif not answer.done():
                answer.set_result(("failed", None))

        conn = Connection(on_message, on_close)
        bound = False
        try:
            try:
                await conn.open(self.host, self.port)
            except (OSError, ConnectionError):
                return "failed", None, None
            login = {
                "t": "login",
                "userId": self.user_id,
                "token": self.token,
                "sessionId": self.session_id,
                "attempt": attempt,
                "resume": resume,
            }
            if resume:
                login["channels"] = list(self.channels)
                login["attributes"] = dict(self.attributes)
            conn.send(login)
            outcome, detail = await answer
            if outcome == "ok":
                bound = True
                conn.early = early
                return "ok", None, conn
            return outcome, detail, None
        finally:
            if not bound:
                conn.destroy()

    def _bind(self, conn):
        """The connection now carries the session: heartbeat, silence watch, re-send pending requests."""
        self.conn = conn
        self.lost = asyncio.Event()
        self._data_received()
        if self.heartbeat_task is not None:
            self.heartbeat_task.cancel()
        self.heartbeat_task = self.loop.create_task(self._heartbeat(conn))
        for message, future in list(self.requests.values()):
            if not future.done():
                conn.send(message)
        early, conn.early = conn.early, []
        for message in early:
            if self.conn is conn:
                self._on_message(conn, message)

    async def _heartbeat(self, conn):
        interval = max(self.s(self.hb_ms), FLOOR_S)
        try:
            while not conn.closed:
                conn.send({"t": "ping", "ts": now_ms()})
                await asyncio.sleep(interval)
        except asyncio.CancelledError:
            pass

    def _data_received(self):
        """Any byte from the server: the four-second silence is measured from the last one."""
        self.last_rx = self.loop.time()
        if self.silence_timer is not None:
            self.silence_timer.cancel()
        self.silence_timer = self.loop.call_at(self.last_rx + self.s(INTERRUPTED_AFTER_MS), self._silent_too_long)

    def _silent_too_long(self):
        """seed 003: interrupted and not recovered in four seconds: RECONNECTING/INTERRUPTED, and reconnect."""
        self.silence_timer = None
        if self.destroyed or self.session_task is None:
            return
        if self.conn is not None:
            conn = self.conn
            self.conn = None
            conn.destroy()
            if self.heartbeat_task is not None:
                self.heartbeat_task.cancel()
                self.heartbeat_task = None
            self.lost.set()
        if self.state == CONNECTED:
            self.switch(RECONNECTING, R_INTERRUPTED)

    def _connection_lost(self, conn):
        """The bound connection closed (reset, closed by the server or the proxy). Not yet an interruption:
        the SDK re-logs in at once, and reports RECONNECTING only if four seconds of silence pass first."""
        if conn is not self.conn:
            return
        self.conn = None
        if self.heartbeat_task is not None:
            self.heartbeat_task.cancel()
            self.heartbeat_task = None
        self.lost.set()

    def _on_message(self, conn, message):
        self._data_received()
        t = message.get("t")
        if t == "pong":
            ts = message.get("ts")
            if isinstance(ts, (int, float)):
                self.rtt_s = max(0.0, (now_ms() - ts) / 1000.0)
        elif t == "result":
            entry = self.requests.get(message.get("id"))
            if entry is not None and not entry[1].done():
                code = message.get("code")
                entry[1].set_result((code if isinstance(code, int) else 1, message.get("value")))
        elif t in ("memberJoined", "memberLeft"):
            channel_id, user_id = message.get("channelId"), message.get("userId")
            if channel_id in self.channels and isinstance(user_id, str) and user_id:
                name = "onMemberJoined" if t == "memberJoined" else "onMemberLeft"
                self.emit(name, {"channelId": channel_id, "userId": user_id})
        elif t == "kicked":
            self._aborted(message.get("reason"))
        elif t == "logoutOk":
            if self.logout_ok is not None and not self.logout_ok.done():
                self.logout_ok.set_result(True)

    def _aborted(self, reason):
        """Kicked out by the server: ABORTED, no more reconnecting, until the app logs out."""
        self._stop_session()
        self.switch(ABORTED, R_BANNED_BY_SERVER if reason == "banned" else R_REMOTE_LOGIN)


def _positive(value, default):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else default


# =============================================================================================================
# The server side: the bundled reference driver, as a child process and a WebSocket peer
# =============================================================================================================


def _die_with_parent():
    """In the child, before exec: SIGTERM when this driver dies, even by SIGKILL (Linux PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except OSError:
        pass


class ReferenceDriverProcess:
    """`faultline driver --port 0` in its own process group; its ws:// URL is the first such stdout line.
    Started with node directly (not npx, which does not pass signals on) and tied to this process's life."""

    def __init__(self, command):
        self.command = command
        self.process = None
        self.url = None
        self._drain = None

    async def start(self, timeout_s=60.0):
        self.process = await asyncio.create_subprocess_exec(
            *self.command,
            cwd=REPO_ROOT,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=None,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        try:
            self.url = await asyncio.wait_for(self._read_url(), timeout_s)
        except BaseException:
            await self.stop()
            raise
        self._drain = asyncio.get_running_loop().create_task(self._drain_stdout())
        return self.url

    async def _read_url(self):
        while True:
            line = await self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"the reference driver ({' '.join(self.command)}) exited before printing its URL")
            text = line.decode("utf-8", "replace").strip()
            if text.startswith("ws://"):
                return text

    async def _drain_stdout(self):
        try:
            while await self.process.stdout.readline():
                pass
        except (asyncio.CancelledError, OSError, ValueError):
            pass

    @property
    def alive(self):
        return self.process is not None and self.process.returncode is None

    async def stop(self):
        """SIGTERM the child's whole process group (npm, its shell, node), SIGKILL what is left after a grace,
        and return once no process of the group remains."""
        process = self.process
        if process is None:
            return
        if self._drain is not None:
            self._drain.cancel()
        group = process.pid  # start_new_session: the child leads its own group
        for sig, grace_s in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
            if not _signal_group(group, sig):
                break
            deadline = time.monotonic() + grace_s
            while time.monotonic() < deadline:
                if process.returncode is None:
                    try:
                        await asyncio.wait_for(process.wait(), 0.05)
                    except asyncio.TimeoutError:
                        pass
                elif not _signal_group(group, 0):
                    break
                else:
                    await asyncio.sleep(0.05)
            else:
                continue
            break
        if process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), 1.0)
            except asyncio.TimeoutError:
                pass


def _signal_group(group, sig):
    """Send sig to the process group; False when the group has no process left."""
    try:
        os.killpg(group, sig)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


class ReferenceConnection:
    """A WebSocket client connection to the reference driver, for one harness connection."""

    def __init__(self, url):
        self.url = url
        self.ws = None
        self.pending = {}
        self.next_id = 1
        self._reader = None

    async def open(self):
        self.ws = await websockets.connect(self.url, max_size=None, ping_interval=None, open_timeout=FORWARD_TIMEOUT_S)
        self._reader = asyncio.get_running_loop().create_task(self._read())

    @property
    def is_open(self):
        # The reader ends when the connection does (works with websockets 10.x and the newer asyncio API alike).
        return self.ws is not None and self._reader is not None and not self._reader.done()

    async def _read(self):
        try:
            async for frame in self.ws:
                try:
                    message = json.loads(frame)
                except (TypeError, ValueError):
                    continue
                if not isinstance(message, dict) or message.get("type") != "response":
                    continue  # no client lives there: no events; its logs are not ours to relay
                future = self.pending.pop(message.get("id"), None)
                if future is not None and not future.done():
                    future.set_result(message)
        except (websockets.ConnectionClosed, OSError):
            pass
        except asyncio.CancelledError:
            return
        finally:
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(DriverError("the reference driver closed the connection"))
            self.pending.clear()

    async def request(self, op, params):
        request_id = self.next_id
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[request_id] = future
        try:
            await self.ws.send(json.dumps({"type": "request", "id": request_id, "op": op, "params": params}))
            answer = await asyncio.wait_for(future, FORWARD_TIMEOUT_S)
        except asyncio.TimeoutError:
            raise DriverError(f"the reference driver did not answer {op} within {FORWARD_TIMEOUT_S:.0f} s")
        except websockets.ConnectionClosed:
            raise DriverError("the reference driver closed the connection")
        finally:
            self.pending.pop(request_id, None)
        if answer.get("ok") is True:
            return answer.get("result")
        error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
        raise DriverError(f"reference server: {error.get('message', 'failed')}")

    async def close(self):
        if self._reader is not None:
            self._reader.cancel()
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 2.0)
            except (asyncio.TimeoutError, OSError, websockets.WebSocketException):
                pass


# =============================================================================================================
# The driver: one HarnessSession per harness connection
# =============================================================================================================


def _string_arg(method, args, index, field):
    """`fn(x)` and `fn({field: x})` both give x."""
    if len(args) == 1 and isinstance(args[0], dict) and field in args[0]:
        value = args[0][field]
    else:
        value = args[index] if index < len(args) else None
    if not isinstance(value, str):
        raise DriverError(f"{method}: argument {index + 1} ({field}) must be a string, got {json.dumps(value)}")
    return value


class HarnessSession:
    def __init__(self, ws, driver):
        self.ws = ws
        self.driver = driver
        self.outbox = asyncio.Queue()
        self.clients = {}
        self.time_scale = 1.0
        self.reference = None
        self._reference_lock = asyncio.Lock()
        self.tasks = set()

    # ---- output: one writer, so events and responses leave in the order they were produced ----

    def send(self, message):
        self.outbox.put_nowait(json.dumps(message, separators=(",", ":")))

    async def _writer(self):
        try:
            while True:
                frame = await self.outbox.get()
                await self.ws.send(frame)
        except (websockets.ConnectionClosed, asyncio.CancelledError, OSError):
            pass

    def emitter(self, client_id):
        def emit(name, payload):
            self.send({"type": "event", "clientId": client_id, "name": name, "payload": payload, "ts": now_ms()})

        return emit

    # ---- input ----

    async def _report_stalls(self):
        """The protocol's optional `stall` frames: this event loop (the RTM clients') could run nothing for
        lateMs until ts; a 10 ms ticker reports each tick more than 2 ms late (docs/DRIVER_PROTOCOL.md)."""
        try:
            due = now_ms() + STALL_TICK_MS
            while True:
                await asyncio.sleep(max(0.0, due - now_ms()) / 1000.0)
                at = now_ms()
                late = at - due
                due = at + STALL_TICK_MS
                if late > STALL_JITTER_MS:
                    self.send({"type": "stall", "ts": round(at, 3), "lateMs": round(late, 3)})
        except asyncio.CancelledError:
            return

    async def serve(self):
        loop = asyncio.get_running_loop()
        writer = loop.create_task(self._writer())
        stalls = loop.create_task(self._report_stalls())
        try:
            async for frame in self.ws:
                self._receive(frame)
        except (websockets.ConnectionClosed, OSError):
            pass
        finally:
            stalls.cancel()
            await self.shutdown()
            # flush nothing more: the harness is gone or closing
            writer.cancel()

    def _receive(self, frame):
        try:
            request = json.loads(frame) if isinstance(frame, str) else None
        except ValueError:
            request = None
        request_id = request.get("id") if isinstance(request, dict) else None
        if not isinstance(request_id, int) or isinstance(request_id, bool):
            self.send({"type": "log", "level": "error", "message": f"ignored a frame that is not a request: {str(frame)[:200]}"})
            return
        task = asyncio.get_running_loop().create_task(self._answer(request_id, request))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _answer(self, request_id, request):
        try:
            op = request.get("op")
            params = request.get("params")
            if not isinstance(params, dict):
                params = {}
            result = await self._dispatch(op, params)
            response = {"type": "response", "id": request_id, "ok": True}
            if result is not None:
                response["result"] = result
        except asyncio.CancelledError:
            return
        except Exception as err:  # never crash on a request: answer it
            message = str(err) if isinstance(err, DriverError) else f"{type(err).__name__}: {err}"
            response = {"type": "response", "id": request_id, "ok": False, "error": {"message": message or type(err).__name__}}
        self.send(response)

    async def _dispatch(self, op, params):
        if op == "hello":
            return {
                "sdk": {"name": DRIVER_NAME, "version": DRIVER_VERSION},
                "profiles": [{"profile": "agora-rtm", "dialects": ["cpp"]}],
                "capabilities": {"timeScale": True, "processKill": False, "restart": False, "admin": True},
                "unsupportedClauses": list(self.driver.unsupported),
            }
        if op == "setUp":
            if params.get("profile") != "agora-rtm":
                raise DriverError(f"profile {params.get('profile')!r} is not implemented by {DRIVER_NAME} (agora-rtm only)")
            scale = params.get("timeScale")
            self.time_scale = float(scale) if isinstance(scale, (int, float)) and not isinstance(scale, bool) and scale > 0 else 1.0
            self._destroy_clients()
            return await self._forward("setUp", params)
        if op == "createClient":
            return self._create_client(params)
        if op == "invoke":
            return await self._invoke(params)
        if op == "admin":
            return await self._forward("admin", params)
        if op in ("kill", "restart"):
            raise DriverError(f"{op} is not supported by {DRIVER_NAME} (capabilities processKill/restart are false)")
        if op == "tearDown":
            self._destroy_clients()
            if self.reference is not None and self.reference.is_open:
                await self._forward("tearDown", {})
            return None
        if op == "close":
            self._destroy_clients()
            if self.reference is not None:
                if self.reference.is_open:
                    try:
                        await self._forward("tearDown", {})
                    except DriverError:
                        pass
                await self.reference.close()
                self.reference = None
            return None
        raise DriverError(f"unknown op {op!r}")

    async def _forward(self, op, params):
        async with self._reference_lock:
            if self.reference is None or not self.reference.is_open:
                if not self.driver.child.alive:
                    raise DriverError("the reference driver process is not running")
                self.reference = ReferenceConnection(self.driver.child.url)
                try:
                    await self.reference.open()
                except (OSError, websockets.WebSocketException, asyncio.TimeoutError) as err:
                    self.reference = None
                    raise DriverError(f"cannot reach the reference driver at {self.driver.child.url}: {err}")
            reference = self.reference
        return await reference.request(op, params)

    def _create_client(self, params):
        client_id = params.get("clientId")
        if not isinstance(client_id, str) or not client_id:
            raise DriverError("createClient: clientId must be a non-empty string")
        if params.get("profile") != "agora-rtm":
            raise DriverError(f"createClient: profile {params.get('profile')!r} is not implemented (agora-rtm only)")
        if params.get("dialect") != "cpp":
            raise DriverError(f"createClient: dialect {params.get('dialect')!r} is not implemented (cpp only)")
        if client_id in self.clients:
            raise DriverError(f"client {client_id} already exists")
        endpoints = params.get("endpoints") if isinstance(params.get("endpoints"), dict) else {}
        signaling = endpoints.get("signaling")
        if not isinstance(signaling, dict) or not isinstance(signaling.get("host"), str) or not isinstance(signaling.get("port"), int):
            raise DriverError(f"createClient {client_id}: no signaling endpoint")
        options = params.get("options") if isinstance(params.get("options"), dict) else {}
        self.clients[client_id] = RtmClient(client_id, signaling, self.time_scale, self.emitter(client_id), options)
        return None

    async def _invoke(self, params):
        client_id = params.get("clientId")
        client = self.clients.get(client_id)
        if client is None:
            raise DriverError(f"no client {client_id}")
        method = params.get("method")
        args = params.get("args") if isinstance(params.get("args"), list) else []
        if method == "login":
            return client.login(_string_arg(method, args, 0, "token"), _string_arg(method, args, 1, "userId"))
        if method == "logout":
            return await client.logout()
        if method == "renewToken":
            return client.renew_token(_string_arg(method, args, 0, "token"))
        if method == "getConnectionState":
            return client.get_connection_state()
        if method == "joinChannel":
            return await client.join_channel(_string_arg(method, args, 0, "channelId"))
        if method == "leaveChannel":
            return await client.leave_channel(_string_arg(method, args, 0, "channelId"))
        if method == "setLocalUserAttributes":
            first = args[0] if args else None
            if isinstance(first, dict) and set(first) == {"attributes"} and isinstance(first["attributes"], dict):
                first = first["attributes"]
            return await client.set_local_user_attributes(first)
        if method == "getUserAttributes":
            return await client.get_user_attributes(_string_arg(method, args, 0, "userId"))
        if method == "queryPeersOnlineStatus":
            first = args[0] if args else None
            if len(args) == 1 and isinstance(first, dict) and "userIds" in first:
                first = first["userIds"]
            user_ids = first if isinstance(first, list) else args
            return await client.query_peers_online_status(user_ids)
        if method == "getMembers":
            return await client.get_members(_string_arg(method, args, 0, "channelId"))
        raise DriverError(f"agora-rtm: unknown SDK method {method!r}")

    def _destroy_clients(self):
        clients = list(self.clients.values())
        self.clients.clear()
        for client in clients:
            client.destroy()

    async def shutdown(self):
        self._destroy_clients()
        for task in list(self.tasks):
            task.cancel()
        if self.reference is not None:
            reference, self.reference = self.reference, None
            await reference.close()


class Driver:
    def __init__(self, child, unsupported):
        self.child = child
        self.unsupported = unsupported
        self.sessions = set()

    async def handler(self, ws, path=None):
        session = HarnessSession(ws, self)
        self.sessions.add(session)
        try:
            await session.serve()
        finally:
            self.sessions.discard(session)


async def main_async(args):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass

    default_command = ["node", os.path.join(REPO_ROOT, "bin", "faultline.js"), "driver", "--port", "0"]
    command = args.reference_driver.split() if args.reference_driver else default_command
    child = ReferenceDriverProcess(command)
    start = loop.create_task(child.start())
    waiter = loop.create_task(stop.wait())
    await asyncio.wait({start, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if not start.done():
        start.cancel()
        try:
            await start
        except BaseException:
            pass
        await child.stop()
        return 0
    if start.exception() is not None:
        log_line(f"cannot start the reference driver: {start.exception()}")
        await child.stop()
        return 2

    log_line(f"reference driver at {child.url} (pid {child.process.pid}, process group {child.process.pid})")
    driver = Driver(child, args.unsupported)
    try:
        server = await websockets.serve(driver.handler, args.host, args.port, max_size=MAX_FRAME_BYTES, ping_interval=None)
    except OSError as err:
        log_line(f"cannot listen on {args.host}:{args.port}: {err}")
        await child.stop()
        return 2
    port = server.sockets[0].getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"ws://{host}:{port}", flush=True)

    # Stop on a signal, or if the reference driver dies (nothing would work any more).
    child_exit = loop.create_task(child.process.wait())
    await asyncio.wait({waiter, child_exit}, return_when=asyncio.FIRST_COMPLETED)
    if child_exit.done() and not stop.is_set():
        log_line(f"the reference driver exited (code {child.process.returncode}); stopping")
    waiter.cancel()
    child_exit.cancel()

    server.close()
    for session in list(driver.sessions):
        await session.shutdown()
        try:
            await asyncio.wait_for(session.ws.close(), 1.0)
        except (asyncio.TimeoutError, OSError, websockets.WebSocketException):
            pass
    try:
        await asyncio.wait_for(server.wait_closed(), 3.0)
    except asyncio.TimeoutError:
        pass
    await child.stop()
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(description="faultline driver for agora-rtm (cpp), in Python")
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="listen port; 0 picks a free one (default)")
    parser.add_argument(
        "--reference-driver",
        default=os.environ.get("FAULTLINE_REFERENCE_DRIVER"),
        help="command that starts the reference driver (default: node bin/faultline.js driver --port 0)",
    )
    parser.add_argument(
        "--unsupported",
        default=None,
        help="comma-separated clause ids to declare unsupported instead of the built-in list",
    )
    args = parser.parse_args(argv)
    if args.host not in ("127.0.0.1", "localhost", "::1") and not args.host.startswith("127."):
        parser.error(f"refusing to listen on {args.host} (not loopback)")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be 0..65535")
    if args.unsupported is None:
        args.unsupported = list(UNSUPPORTED_CLAUSES)
    else:
        args.unsupported = [c.strip() for c in args.unsupported.split(",") if c.strip()]
        bad = [c for c in args.unsupported if not re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", c)]
        if bad:
            parser.error(f"--unsupported: not clause ids: {', '.join(bad)}")
    return args


def main():
    args = parse_args(sys.argv[1:])
    try:
        code = asyncio.run(main_async(args))
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    main()
