"""Live fan-out benchmark: N simulated participants in one session, against a bare Socket.IO server.

Run:  .venv/bin/python bench/live.py --quick      (N = 50, 200; a couple of minutes)
      .venv/bin/python bench/live.py              (N = 50, 200, 500; one and two workers)

Each participant does what a browser does: fetches the join page (CSRF token), joins with a
pseudonym, fetches its personal page, opens a Socket.IO connection. Then, one at a time,
participants submit a story proposal over HTTP; the time from just before the POST to the
moment *every* client has received the new ``shared`` fragment is the fan-out latency
(p50/p95/p99 over all clients and submissions). A second phase has every participant who
has not written yet submit once (a story proposal is one per participant), from 8 concurrent
writers, for at most --sustain seconds: sustained submissions per second. The session then
moves to the story choice with the vote open, and the same two phases run with votes (one
story-choice vote per participant, each updating the vote count every client sees). Server
memory is the RSS of the server processes (/proc). The same clients then connect to a bare
python-socketio server (bench/bare_server.py, same gunicorn worker class and queue) that
broadcasts an event of the same size per POST; app p95 / bare p95 is the headline ratio.

Servers run under gunicorn (``-k gevent`` by default, ``--worker-class threads`` for
``--threads``); two workers are two gunicorn processes on two ports sharing Redis
(SOCKETIO_MESSAGE_QUEUE), each participant sticking to one of them as nginx ip_hash would.
The database is PostgreSQL (database ``tourdetable_bench``) when it answers on
127.0.0.1:5432, else a SQLite file. Loopback only; every loop is bounded; it stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import html
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PG = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/8"


def answers(address) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def rss_mib(pids: list[int]) -> float:
    """Resident memory of the given processes and their children, in MiB."""
    total, seen, todo = 0, set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            todo.extend(int(c) for c in children)
        except OSError:
            pass
    return total / 1024


# --- database and servers ---------------------------------------------------------------------

def prepare_database(folder: Path) -> str:
    """A migrated, empty database: PostgreSQL when it answers, else SQLite."""
    if answers(PG):
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            if not c.execute("SELECT 1 FROM pg_database WHERE datname = 'tourdetable_bench'").fetchone():
                c.execute("CREATE DATABASE tourdetable_bench")
        url = "postgresql+psycopg://postgres@127.0.0.1:5432/tourdetable_bench"
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/tourdetable_bench", autocommit=True) as c:
            c.execute("DROP SCHEMA public CASCADE")
            c.execute("CREATE SCHEMA public")
    else:
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    from flask_migrate import upgrade

    from workshop import create_app
    from workshop.core.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def new_session(url: str, label: str) -> str:
    """A live session of its own for one measurement; returns its join code."""
    from workshop import create_app
    from workshop.core.accounts import User
    from workshop.core.extensions import db
    from workshop.sessions.lifecycle import create_session

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="bench"))
        if user is None:
            user = User(username="bench", display_name="Bench")
            user.set_password("bench-not-a-secret")
            db.session.add(user)
            db.session.commit()
        session = create_session(f"Bench {label}", "mag-classique", user)
        session.status = "live"
        db.session.commit()
        code = session.join_code
        db.session.remove()
        db.engine.dispose()
    return code


SHORTLIST = 8  # stories left to choose from; the facilitator hides the others


def open_story_vote(url: str, code: str) -> list[int]:
    """Move the session to the story choice with the vote open, as the facilitator's console
    does, with a shortlist of the proposed stories (every participant proposed one: hundreds of
    cards would be no choice); returns the ids of the stories on the shortlist."""
    from workshop import create_app
    from workshop.core.extensions import db
    from workshop.sessions.lifecycle import go_to_step
    from workshop.sessions.models import Contribution, WorkshopSession

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        session = db.session.scalar(db.select(WorkshopSession).filter_by(join_code=code))
        go_to_step(session, 1)
        session.state().votes_open = True
        db.session.commit()
        stories = list(db.session.scalars(db.select(Contribution).filter_by(
            session_id=session.id, kind="story").order_by(Contribution.id)))
        for story in stories[SHORTLIST:]:
            story.hidden = True
        db.session.commit()
        stories = [story.id for story in stories[:SHORTLIST]]
        db.session.remove()
        db.engine.dispose()
    return stories


class Servers:
    """1 or 2 gunicorn processes serving `target` (the app or the bare server)."""

    def __init__(self, target: str, workers: int, worker_class: str, n: int, env: dict, log: Path):
        self.ports, self.processes = [], []
        env = {**os.environ, **env, "SOCKETIO_ASYNC_MODE": "gevent" if worker_class == "gevent"
               else "threading", "PYTHONUNBUFFERED": "1"}
        if workers > 1:
            env["SOCKETIO_MESSAGE_QUEUE"] = REDIS_URL
        klass = ["-k", "gevent", "--worker-connections", str(n + 200)] if worker_class == "gevent" \
            else ["--threads", str(n + 50)]
        for _ in range(workers):
            port = free_port()
            out = open(log, "a")  # noqa: SIM115 (closed in stop())
            self.processes.append((subprocess.Popen(
                [str(BIN / "gunicorn"), "-w", "1", *klass, "--bind", f"127.0.0.1:{port}",
                 "--timeout", "120", "--log-level", "warning", target],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT), out))
            self.ports.append(port)

    @property
    def bases(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    async def wait(self, path: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            for base, (process, _out) in zip(self.bases, self.processes, strict=True):
                while True:
                    if process.poll() is not None:
                        raise SystemExit(f"server {base} exited with {process.returncode}")
                    try:
                        async with http.get(base + path, timeout=aiohttp.ClientTimeout(total=3)) as r:
                            if r.status == 200:
                                break
                    except (TimeoutError, aiohttp.ClientError):
                        pass
                    if time.monotonic() > deadline:
                        raise SystemExit(f"server {base} did not answer within {timeout} s")
                    await asyncio.sleep(0.3)

    def rss(self) -> float:
        return rss_mib([process.pid for process, _ in self.processes])

    def stop(self) -> None:
        for process, _out in self.processes:
            process.send_signal(signal.SIGQUIT)  # gunicorn: stop now, open WebSockets and all
        for process, out in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
            out.close()


# --- simulated participants -------------------------------------------------------------------

def csrf_token(page: str) -> str:
    headers = re.search(r"hx-headers='([^']*)'", page).group(1)
    return re.search(r'"X-CSRFToken": "([^"]+)"', html.unescape(headers)).group(1)


class Participant:
    def __init__(self, index: int, base: str):
        self.index, self.base = index, base
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.sio = socketio.AsyncClient(reconnection=False)
        self.token = self.csrf = None
        self.armed_at = None  # the epoch being measured
        self.received_at: dict[int, float] = {}
        self.last_size = 0

        @self.sio.on("fragment")
        async def on_fragment(data):
            if data.get("target") == "shared":
                self.last_size = len(data.get("html", ""))
                if self.armed_at is not None and self.armed_at not in self.received_at:
                    self.received_at[self.armed_at] = time.perf_counter()
                    Participant.notified[self.armed_at] = Participant.notified.get(self.armed_at, 0) + 1

    notified: dict[int, int] = {}

    async def join_app(self, code: str) -> None:
        async with self.http.get(f"{self.base}/join/{code}") as r:
            token = csrf_token(await r.text())
        async with self.http.post(f"{self.base}/join/{code}", data={"pseudonym": f"P{self.index:04d}"},
                                  headers={"X-CSRFToken": token}, allow_redirects=False) as r:
            assert r.status == 302, (r.status, await r.text())
            self.token = re.search(r"/p/([^/?]+)", r.headers["Location"]).group(1)
        async with self.http.get(f"{self.base}/p/{self.token}") as r:
            self.csrf = csrf_token(await r.text())
        await self.sio.connect(self.base, auth={"audience": "participant", "token": self.token, "lang": "fr"},
                               transports=["websocket"], wait_timeout=30)

    async def join_bare(self) -> None:
        await self.sio.connect(self.base, transports=["websocket"], wait_timeout=30)

    async def post(self, url: str, **kwargs) -> int:
        """POST once more if the server closed a kept-alive connection just as it was reused."""
        for attempt in range(2):
            try:
                async with self.http.post(url, **kwargs) as r:
                    await r.read()
                    return r.status
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def submit_app(self, number: int) -> int:
        # client_key: a POST sent twice (see post()) is stored once, as from a browser.
        return await self.post(f"{self.base}/p/{self.token}/contributions",
                               data={"step": "0", "title": f"Récit {number}",
                                     "text": f"Une situation vécue, numéro {number}, au guichet.",
                                     "client_key": f"bench-{self.index}-{number}"},
                               headers={"X-CSRFToken": self.csrf})

    async def vote_app(self, story: int, number: int) -> int:
        return await self.post(f"{self.base}/p/{self.token}/votes",
                               data={"contribution": str(story), "kind": "story_choice",
                                     "client_key": f"benchvote{self.index}x{number}"},
                               headers={"X-CSRFToken": self.csrf})

    async def submit_bare(self, size: int) -> int:
        return await self.post(f"{self.base}/submit?size={size}")

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()
        await self.http.close()


def settle() -> None:
    """Collect now and keep the joined clients out of later full collections: a pass over N
    clients' objects in this process would delay the very receipts it times."""
    gc.collect()
    gc.freeze()


async def gather_bounded(coroutines, limit: int = 20):
    semaphore = asyncio.Semaphore(limit)

    async def run(coroutine):
        async with semaphore:
            return await coroutine

    return await asyncio.gather(*(run(c) for c in coroutines))


async def measure(participants: list[Participant], submit, rounds: int, sustain_seconds: float,
                  epoch_base: int, pause: float) -> dict:
    """Fan-out latency of `rounds` submissions one at a time, `pause` seconds apart (longer than
    the server's coalescing window, so each is a change of its own), then sustained submissions."""
    latencies, all_notified, missed = [], [], 0
    for r in range(rounds):
        epoch = epoch_base + r
        for p in participants:
            p.armed_at = epoch
        writer = participants[r % len(participants)]
        start = time.perf_counter()
        status = await submit(writer, epoch)
        assert status == 200, status
        deadline = time.monotonic() + 10
        while Participant.notified.get(epoch, 0) < len(participants) and time.monotonic() < deadline:
            await asyncio.sleep(0.002)
        got = [p.received_at[epoch] - start for p in participants if epoch in p.received_at]
        missed += len(participants) - len(got)
        latencies.extend(got)
        if len(got) == len(participants):
            all_notified.append(max(got))
        await asyncio.sleep(pause)
    for p in participants:
        p.armed_at = None
    # A story proposal is one per participant in the app: each participant who has not written
    # yet submits once, until the time is up or nobody is left (the same for the bare server).
    done, failed, stop_at = 0, 0, time.monotonic() + sustain_seconds
    fresh = iter(participants[rounds:])

    async def writer_loop(k: int):
        nonlocal done, failed
        for participant in fresh:
            if time.monotonic() >= stop_at:
                break
            try:
                status = await submit(participant, epoch_base + 50_000 + participant.index)
            except aiohttp.ClientError:
                status = None
            done += status == 200
            failed += status != 200
    start = time.perf_counter()
    await asyncio.gather(*(writer_loop(k) for k in range(8)))
    elapsed = time.perf_counter() - start
    await asyncio.sleep(1)  # let the last broadcasts drain before the next measurement
    return {"p50": percentile(latencies, 50) * 1000, "p95": percentile(latencies, 95) * 1000,
            "p99": percentile(latencies, 99) * 1000,
            "all_p95": percentile(all_notified, 95) * 1000, "missed": missed,
            "per_second": done / elapsed, "failed": failed}


async def run_app(url: str, n: int, workers: int, args, log: Path) -> tuple[dict, dict, list[int]]:
    """Proposals, then votes; returns both measurements and the size of each one's fragment."""
    code = new_session(url, f"{n}x{workers}")
    servers = Servers("workshop.wsgi:app", workers, args.worker_class, n,
                      {"DATABASE_URL": url, "SECRET_KEY": "bench-not-a-secret", "RATELIMIT_ENABLED": "0",
                       "LIVE_COALESCE_SECONDS": str(args.coalesce)}, log)
    participants = []
    try:
        await servers.wait("/join")
        idle = servers.rss()
        participants = [Participant(i, servers.bases[i % workers]) for i in range(n)]
        await gather_bounded([p.join_app(code) for p in participants])
        settle()
        await asyncio.sleep(0.5)
        result = await measure(participants, lambda p, e: p.submit_app(e), args.rounds, args.sustain,
                               epoch_base=n * 1000 + workers * 100, pause=args.coalesce + 0.05)
        sizes = [max(p.last_size for p in participants)]
        stories = open_story_vote(url, code)
        await asyncio.sleep(0.5)
        votes = await measure(participants, lambda p, e: p.vote_app(stories[p.index % len(stories)], e),
                              args.rounds, args.sustain, epoch_base=5_000_000 + n * 1000 + workers * 100,
                              pause=args.coalesce + 0.05)
        sizes.append(max(p.last_size for p in participants))
        for measured in (result, votes):
            measured.update(rss_idle=idle, rss=servers.rss())
        return result, votes, sizes
    finally:
        gc.unfreeze()
        await gather_bounded([p.close() for p in participants])
        servers.stop()


async def run_bare(n: int, workers: int, size: int, phase: int, args, log: Path) -> dict:
    servers = Servers("bench.bare_server:app", workers, args.worker_class, n, {}, log)
    participants = []
    try:
        await servers.wait("/ping")
        idle = servers.rss()
        participants = [Participant(i, servers.bases[i % workers]) for i in range(n)]
        await gather_bounded([p.join_bare() for p in participants])
        settle()
        await asyncio.sleep(0.5)
        result = await measure(participants, lambda p, e: p.submit_bare(size), args.rounds, args.sustain,
                               epoch_base=(10 + phase) * 1_000_000 + n * 1000 + workers * 100,
                               pause=args.coalesce + 0.05)
        result.update(rss_idle=idle, rss=servers.rss())
        return result
    finally:
        gc.unfreeze()
        await gather_bounded([p.close() for p in participants])
        servers.stop()


def row(name: str, n: int, workers: int, r: dict, ratio: str = "") -> str:
    return (f"| {name} | {n} | {workers} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | "
            f"{r['all_p95']:.0f} | {r['missed']} | {r['per_second']:.0f} ({r['failed']} failed) | "
            f"{r['rss_idle']:.0f} → "
            f"{r['rss']:.0f} | {ratio} |")


async def main_async(args) -> None:
    sizes = [50, 200] if args.quick else [50, 200, 500]
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    worker_counts = [int(w) for w in args.workers.split(",")]
    if 2 in worker_counts and not answers(REDIS):
        print("Redis does not answer on 127.0.0.1:6379: two-worker runs skipped")
        worker_counts = [w for w in worker_counts if w == 1]
    folder = Path(tempfile.mkdtemp(prefix="bench-live-"))
    log = folder / "servers.log"
    url = prepare_database(folder)
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    print(f"machine: {os.cpu_count()} cores, {int(memory) / 1024 ** 2:.1f} GiB, Python "
          f"{platform.python_version()}; database {url.split('@')[-1] if '@' in url else 'SQLite'}; "
          f"gunicorn worker class {args.worker_class}; LIVE_COALESCE_SECONDS={args.coalesce}; "
          f"{args.rounds} timed submissions, {args.sustain:.0f} s sustained; server log {log}")
    print("| server | N | workers | p50 ms | p95 ms | p99 ms | all-notified p95 ms | missed | "
          "submissions/s | RSS MiB (idle → loaded) | p95 app/bare |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for workers in worker_counts:
        for n in sizes:
            proposals, votes, fragment_sizes = await run_app(url, n, workers, args, log)
            for phase, (name, app, size) in enumerate((("proposals", proposals, fragment_sizes[0]),
                                                       ("votes", votes, fragment_sizes[1]))):
                bare = await run_bare(n, workers, size, phase, args, log)
                print(row(f"app: {name}", n, workers, app, f"**{app['p95'] / bare['p95']:.2f}**"), flush=True)
                print(row(f"bare ({size} chars)", n, workers, bare), flush=True)
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 50 and 200, fewer rounds")
    parser.add_argument("--sizes", help="comma-separated N, e.g. 500")
    parser.add_argument("--workers", default="1,2", help="1, 2 or 1,2")
    parser.add_argument("--worker-class", choices=("gevent", "threads"), default="gevent")
    parser.add_argument("--coalesce", type=float, default=0.15,
                        help="LIVE_COALESCE_SECONDS on the server (default: the production default)")
    parser.add_argument("--rounds", type=int, help="timed submissions per measurement")
    parser.add_argument("--sustain", type=float, help="seconds of sustained submissions")
    args = parser.parse_args()
    args.rounds = args.rounds or (10 if args.quick else 30)
    args.sustain = args.sustain or (3.0 if args.quick else 10.0)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
