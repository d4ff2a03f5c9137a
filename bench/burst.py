"""Burst benchmark: at the end of a timer, N participants press "send" in the same second.

Run:  .venv/bin/python bench/burst.py                 (N = 100, 300, 500)
      .venv/bin/python bench/burst.py --sizes 300

For each N, a live session of its own on PostgreSQL (database ``tourdetable_burst``, made
afresh) served by one gunicorn worker with gevent (``workshop.wsgi:app``, production
settings: pool, coalescing window). N participants join as a browser does (join page and
CSRF token, pseudonym, personal page, Socket.IO connection), and a facilitator's projector is
open. Then every participant posts a story proposal at the same instant (all requests are
started together, each on its own connection). A 503 is sent again after its Retry-After with
the same idempotency key, as the page does (static/js/live.js); anything else that is not a
200 (another status, a reset connection, a timeout) is an error.

Reported per N: sent, answered 200, errors, 503s sent again, stored (counted in the
database), the slowest answer, the time from the burst to the moment the projector shows all
N proposals (the count in its live fragment), and the server's CPU time per proposal (the
gunicorn processes' user + system time during the burst, from /proc: a figure that does not
depend on what else the machine is doing). Loopback only; every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.live import PG, Participant, Servers, answers, csrf_token, gather_bounded, settle  # noqa: E402

DATABASE = "tourdetable_burst"
PASSWORD = "bench-not-a-secret"
COUNT = re.compile(r"(\d+) récits? proposés?")


def prepare_database() -> str:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@{PG[0]}:{PG[1]}/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{DATABASE}"')
    url = f"postgresql+psycopg://postgres@{PG[0]}:{PG[1]}/{DATABASE}"
    from flask_migrate import upgrade

    from workshop import create_app
    from workshop.core.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def new_session(url: str, label: str) -> tuple[str, int]:
    """A live session of its own, its facilitator the account ``bench``; (join code, id)."""
    from workshop import create_app
    from workshop.core.accounts import User
    from workshop.core.extensions import db
    from workshop.sessions.lifecycle import create_session

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="bench"))
        if user is None:
            user = User(username="bench", display_name="Bench")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
        session = create_session(f"Burst {label}", "mag-classique", user)
        session.status = "live"
        db.session.commit()
        result = session.join_code, session.id
        db.session.remove()
        db.engine.dispose()
    return result


def cpu_seconds(pids: list[int]) -> float:
    """CPU time used so far by the given processes and their children (user + system)."""
    total, seen, todo = 0, set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            todo.extend(int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def stored_stories(url: str, session_id: int) -> int:
    from workshop import create_app
    from workshop.core.extensions import db
    from workshop.sessions.models import Contribution

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count(Contribution.id)).filter_by(
            session_id=session_id, kind="story"))
        db.session.remove()
        db.engine.dispose()
    return count


class Projector:
    """The facilitator's projector: logged in, its live connection counting the proposals."""

    def __init__(self, base: str, session_id: int):
        self.base, self.session_id = base, session_id
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.sio = socketio.AsyncClient(reconnection=False)
        self.count, self.counted_at = 0, {}

        @self.sio.on("fragment")
        async def on_fragment(data):
            if data.get("target") == "projector-live":
                found = COUNT.search(data.get("html", ""))
                if found:
                    self.count = int(found.group(1))
                    self.counted_at.setdefault(self.count, time.perf_counter())

    async def open(self) -> None:
        async with self.http.get(f"{self.base}/login") as r:
            token = csrf_token(await r.text())
        async with self.http.post(f"{self.base}/login", data={"username": "bench", "password": PASSWORD},
                                  headers={"X-CSRFToken": token}, allow_redirects=False) as r:
            assert r.status == 302, (r.status, await r.text())
        cookies = "; ".join(f"{c.key}={c.value}" for c in self.http.cookie_jar)
        await self.sio.connect(self.base, headers={"Cookie": cookies}, transports=["websocket"],
                               auth={"audience": "projector", "session": self.session_id, "lang": "fr"},
                               wait_timeout=30)

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()
        await self.http.close()


async def send_story(participant: Participant, go: asyncio.Event, timeout: float) -> dict:
    """One story proposal, sent again after Retry-After on a 503 (same key), as the page does."""
    await go.wait()
    form = {"step": "0", "title": f"Récit {participant.index}", "client_key": f"burst{participant.index:06d}",
            "text": f"Une situation vécue au guichet, racontée par la personne {participant.index}."}
    outcome = {"status": None, "retries": 0, "error": None}
    # A phone that spent minutes writing has no kept-alive connection left (gunicorn keeps idle
    # ones 2 s): each burst request opens its own, with the participant's cookies.
    async with aiohttp.ClientSession(cookie_jar=participant.http.cookie_jar,
                                     connector=aiohttp.TCPConnector(force_close=True)) as http:
        while True:
            try:
                async with http.post(f"{participant.base}/p/{participant.token}/contributions", data=form,
                                     headers={"X-CSRFToken": participant.csrf, "HX-Request": "true"},
                                     timeout=aiohttp.ClientTimeout(total=timeout)) as r:
                    await r.read()
                    outcome["status"] = r.status
                    retry_after = r.headers.get("Retry-After")
            except (aiohttp.ClientError, TimeoutError) as exc:
                outcome["error"] = type(exc).__name__
                break
            if outcome["status"] == 503 and retry_after and outcome["retries"] < 10:
                outcome["retries"] += 1
                await asyncio.sleep(float(retry_after))
                continue
            break
    outcome["done"] = time.perf_counter()
    return outcome


async def run(url: str, n: int, args, log: Path) -> dict:
    code, session_id = new_session(url, str(n))
    env = {"DATABASE_URL": url, "SECRET_KEY": PASSWORD, "RATELIMIT_ENABLED": "0"}
    servers = Servers("workshop.wsgi:app", args.workers, "gevent", n, env, log)
    participants, projector = [], None
    try:
        await servers.wait("/join")
        base = servers.bases[0]
        projector = Projector(base, session_id)
        await projector.open()
        # With several workers, participant i sticks to worker i mod workers (nginx ip_hash).
        participants = [Participant(i, servers.bases[i % args.workers]) for i in range(n)]
        await gather_bounded([p.join_app(code) for p in participants])
        settle()
        await asyncio.sleep(1)
        go = asyncio.Event()
        tasks = [asyncio.create_task(send_story(p, go, args.timeout)) for p in participants]
        await asyncio.sleep(0.2)  # every task is waiting on the same event
        pids = [process.pid for process, _out in servers.processes]
        cpu = cpu_seconds(pids)
        start = time.perf_counter()
        go.set()
        outcomes = await asyncio.gather(*tasks)
        deadline = time.monotonic() + 30
        while projector.count < n and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        shown = projector.counted_at.get(n)
        cpu = cpu_seconds(pids) - cpu
        ok = sum(o["status"] == 200 and o["error"] is None for o in outcomes)
        return {"n": n, "sent": n, "ok": ok, "errors": n - ok,
                "statuses": sorted({str(o["status"] or o["error"]) for o in outcomes}),
                "retried": sum(o["retries"] for o in outcomes),
                "stored": stored_stories(url, session_id),
                "slowest": max(o["done"] for o in outcomes) - start,
                "projector": (shown - start) if shown else None, "shown": projector.count,
                "cpu_ms": cpu * 1000 / n}
    finally:
        if projector:
            await projector.close()
        await gather_bounded([p.close() for p in participants])
        servers.stop()


def row(r: dict) -> str:
    projector = f"{r['projector']:.2f}" if r["projector"] is not None else f"not shown (saw {r['shown']})"
    return (f"| {r['n']} | {r['sent']} | {r['ok']} | {r['errors']} ({', '.join(r['statuses'])}) | "
            f"{r['retried']} | {r['stored']} | {r['slowest']:.2f} | {projector} | {r['cpu_ms']:.1f} |")


async def main_async(args) -> None:
    if not answers(PG):
        raise SystemExit("PostgreSQL does not answer on 127.0.0.1:5432: the burst benchmark needs it")
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="bench-burst-"))
    log = folder / "servers.log"
    url = prepare_database()
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}; PostgreSQL {DATABASE}; "
          f"gunicorn -k gevent, {args.workers} worker(s), "
          f"pool {os.environ.get('DATABASE_POOL_SIZE', 'default')}; "
          f"server log {log}")
    print("| N | sent | 200 | errors | 503 sent again | stored | slowest answer s | all on the projector s "
          "| server CPU ms per proposal |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        print(row(await run(url, n, args, log)), flush=True)
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,500", help="comma-separated N")
    parser.add_argument("--workers", type=int, default=1,
                        help="gunicorn processes (more than one share Redis as the message queue)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a request counts as lost")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
