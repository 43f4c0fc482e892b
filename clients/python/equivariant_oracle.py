"""A stdlib-only Python client of the Equivariant oracle (the jar in a subprocess).

    from equivariant_oracle import Oracle
    with Oracle("target/equivariant.jar") as oracle:
        qre = oracle.principal_qre(payoffs, actions=[2, 2], lam="2", digits=30)
        distance = oracle.distance(my_profile, payoffs, actions=[2, 2], lam="2")

One ``equivariant serve`` process answers all of an Oracle's calls (started at the first, ended by ``close()`` or the
``with`` block): the JVM's start and warm-up are paid once, not per call (docs/cli.md, ``serve``).

Games are given as in the crosscheck protocol (docs/cross-checking.md): ``payoffs[i]`` lists player i's payoffs in
contingency order, player 1's strategy varying fastest; numbers may be ints, Fractions or strings ("3/7", "0.25").
Every answer comes from ``solve --json``: the certified QRE on the principal branch, with its certified radius, so
``distance`` is a rigorous statement about the true QRE (up to the radius, which is far below any tolerance you use).
"""

import json
import os
import queue
import subprocess
import tempfile
import threading
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 60


class OracleError(RuntimeError):
    """The oracle refused the input or failed; the message is the oracle's own."""


def _nfg(payoffs, actions, title="python client"):
    players = " ".join('"Player %d"' % (i + 1) for i in range(len(actions)))
    dims = " ".join(str(a) for a in actions)
    cells = 1
    for a in actions:
        cells *= a
    for i, row in enumerate(payoffs):
        if len(row) != cells:
            raise ValueError("player %d has %d payoffs, expected %d" % (i + 1, len(row), cells))
    body = []
    for c in range(cells):
        for i in range(len(actions)):
            body.append(str(Fraction(payoffs[i][c])))
    return 'NFG 1 R "%s" { %s } { %s }\n%s\n' % (title, players, dims, " ".join(body))


class Qre:
    """A certified QRE: probabilities as Decimals (rounded centre of the certified box) and the certified radius."""

    def __init__(self, profile, radius, principal):
        self.profile = profile
        self.radius = radius
        self.principal = principal

    def __repr__(self):
        return "Qre(%s, radius=%s, principal=%s)" % (
            [[str(p) for p in row] for row in self.profile], self.radius, self.principal)


class _Reply:
    def __init__(self, reply):
        self.returncode = reply["exitCode"]
        self.stdout = reply["stdout"]
        self.stderr = reply["stderr"]
        self.cpu_seconds = reply["cpuSeconds"]


class Oracle:
    """The oracle behind one ``serve`` process; ``timeout`` (seconds) bounds each call: a call past it stops the
    process (the next call starts a new one) and raises OracleError. Calls from several threads take turns."""

    def __init__(self, jar, java="java", timeout=600):
        if not os.path.exists(jar):
            raise FileNotFoundError("%s: build it with: mvn -q -DskipTests package" % jar)
        self.jar = jar
        self.java = java
        self.timeout = timeout
        self._process = None
        self._replies = None
        self._errors = None
        self._lock = threading.Lock()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Ends the serve process (it exits at the end of its input)."""
        with self._lock:
            self._close()

    def _close(self):
        """Ends the process if there is one; its exit code."""
        p, self._process = self._process, None
        if p is not None:
            try:
                p.stdin.close()
            except BrokenPipeError:
                pass  # it has ended already
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            self._errors.close()
            return p.returncode

    def _start(self):
        self._errors = tempfile.TemporaryFile(mode="w+")
        self._process = subprocess.Popen([self.java, "-XX:+UseSerialGC", "-jar", self.jar, "serve"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors,
                                         text=True, encoding="utf-8", bufsize=1)
        self._replies = queue.Queue()
        threading.Thread(target=self._read, args=(self._process.stdout, self._replies), daemon=True).start()

    @staticmethod
    def _read(stream, replies):
        with stream:
            for line in stream:
                replies.put(line)
        replies.put(None)

    def _run(self, *args):
        with self._lock:
            return self._call(args)

    def _call(self, args):
        if self._process is None:
            self._start()
        try:
            self._process.stdin.write(json.dumps({"args": [str(a) for a in args]}) + "\n")
            self._process.stdin.flush()
        except BrokenPipeError:
            line = None  # it has ended: its message is in its standard error
        else:
            try:
                line = self._replies.get(timeout=self.timeout)
            except queue.Empty:
                self._process.kill()
                self._close()
                raise OracleError("no answer within %s s (the oracle process was stopped): %s" % (self.timeout, args))
        if line is None:
            self._errors.seek(0)
            message = self._errors.read()[-4000:].strip()  # its last words (earlier requests' stderr is before them)
            code = self._close()
            raise OracleError("the oracle process ended (exit code %s): %s" % (code, message or "no message"))
        reply = _Reply(json.loads(line))
        if reply.returncode not in (0, 1):
            raise OracleError(reply.stderr.strip() or "exit code %d" % reply.returncode)
        return reply

    def solve(self, payoffs, actions, lam, digits=30):
        """The full ``solve --json`` answer for the game at logit precision ``lam`` (a string or number)."""
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "game.nfg")
            with open(path, "w") as f:
                f.write(_nfg(payoffs, actions))
            p = self._run("solve", path, "--lambda", str(Fraction(lam)), "--digits", digits, "--json")
        return json.loads(p.stdout)

    def principal_qre(self, payoffs, actions, lam, digits=30):
        """The certified QRE on the principal branch (the logit solution path-following solvers return)."""
        answer = self.solve(payoffs, actions, lam, digits)
        for q in answer["qres"]:
            if q.get("principalBranch"):
                return Qre([[Decimal(x) for x in row] for row in q["profile"]], Decimal(q["radius"]), True)
        raise OracleError("the principal branch was not certified up to lambda = %s: %s"
                          % (lam, answer["principalBranch"]["text"]))

    def distance(self, profile, payoffs, actions, lam, digits=30):
        """(d, r): d = max over all probabilities of |profile − principal QRE centre|, r the certified radius, so the
        true principal QRE is within d + r of ``profile`` in every probability."""
        q = self.principal_qre(payoffs, actions, lam, digits)
        d = Decimal(0)
        for row, qrow in zip(profile, q.profile):
            for x, y in zip(row, qrow):
                d = max(d, abs(_decimal(x) - y))
        return d, q.radius

    def markov_qre(self, game, tau):
        """The ``markov --json`` answer for a Markov game: ``game`` is a path to its JSON file (docs/formats.md), a
        ``bundled:markov_...`` name, or a dict in that format; ``tau`` the temperature. The answer carries the
        certified policies and soft values (enclosures as [lo, hi] decimal strings) and ``uniquenessProved``."""
        with tempfile.TemporaryDirectory() as d:
            if isinstance(game, dict):
                path = os.path.join(d, "game.json")
                with open(path, "w") as f:
                    json.dump(game, f)
                game = path
            p = self._run("markov", game, "--tau", str(Fraction(tau)), "--json")
        return json.loads(p.stdout)

    def check_certificate(self, path):
        """(valid, output): re-verify any certificate the oracle writes, independently, from its rational data."""
        p = self._run("check-certificate", path)
        return p.returncode == 0, p.stdout


def _decimal(x):
    if isinstance(x, float):
        return Decimal(repr(x))
    f = Fraction(x)
    return Decimal(f.numerator) / Decimal(f.denominator)
