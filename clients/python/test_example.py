"""An example of checking your own QRE solver against the oracle with pytest.

The solver below is the kind people write: damped fixed-point iteration of the logit response from the centroid,
continued in lambda (so it follows the principal branch). The tests check it against the certified principal QRE,
and a negative control shows that a wrong solver (a sign error in the payoff) is caught.

Run from the repository root after ``mvn -q -DskipTests package``:

    python3 -m pytest clients/python
"""

import json
import math
from fractions import Fraction
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from equivariant_oracle import Oracle, OracleError  # noqa: E402

JAR = os.environ.get("EQUIVARIANT_JAR", os.path.join(os.path.dirname(__file__), "..", "..", "target",
                                                     "equivariant.jar"))


def expected_payoffs(payoffs, actions, profile, player):
    """u_i(a, sigma_-i) for every action a of ``player``, two-player or more, player 1 varying fastest."""
    out = [0.0] * actions[player]
    cells = 1
    for a in actions:
        cells *= a
    for c in range(cells):
        idx, rest = [], c
        for a in actions:
            idx.append(rest % a)
            rest //= a
        weight = 1.0
        for j, k in enumerate(idx):
            if j != player:
                weight *= profile[j][k]
        out[idx[player]] += weight * float(Fraction(payoffs[player][c]))
    return out


def my_logit_solver(payoffs, actions, lam, sign=1.0, steps=200, iterations=400):
    """Follows the logit branch from the centroid: lambda in small steps, damped fixed-point iteration at each."""
    profile = [[1.0 / a] * a for a in actions]
    for s in range(1, steps + 1):
        l = lam * s / steps
        for _ in range(iterations):
            new = []
            for i in range(len(actions)):
                u = expected_payoffs(payoffs, actions, profile, i)
                m = max(sign * l * x for x in u)
                e = [math.exp(sign * l * x - m) for x in u]
                z = sum(e)
                new.append([0.5 * p + 0.5 * q / z for p, q in zip(profile[i], e)])
            profile = new
    return profile


GAMES = {
    "matching pennies, biased": ([["2", "-1", "-1", "1"], ["-1", "1", "1", "-1"]], [2, 2]),
    "3x2": ([["1", "0", "2", "0", "1", "1/2"], ["0", "2", "1", "1", "0", "3"]], [3, 2]),
}


@pytest.fixture(scope="module")
def oracle():
    if not os.path.exists(JAR):
        pytest.skip("build the jar first: mvn -q -DskipTests package")
    with Oracle(JAR) as o:
        yield o


@pytest.mark.parametrize("name", sorted(GAMES))
def test_my_solver_finds_the_principal_qre(oracle, name):
    payoffs, actions = GAMES[name]
    mine = my_logit_solver(payoffs, actions, 1.5)
    d, radius = oracle.distance(mine, payoffs, actions, "3/2")
    assert d + radius < 1e-8, "%s: my solver is %s from the certified principal QRE" % (name, d)


def test_a_wrong_solver_is_caught(oracle):
    payoffs, actions = GAMES["3x2"]
    wrong = my_logit_solver(payoffs, actions, 1.5, sign=-1.0)
    d, radius = oracle.distance(wrong, payoffs, actions, "3/2")
    assert d - radius > 1e-3, "the sign error went unnoticed"


def test_a_malformed_game_is_refused_before_the_oracle_runs(oracle):
    with pytest.raises(ValueError):
        oracle.solve([["1", "2"], ["1"]], [2, 1], "1")


def test_the_oracles_own_refusal_comes_with_its_message(oracle):
    payoffs, actions = GAMES["3x2"]
    with pytest.raises(OracleError, match="--lambda"):
        oracle.solve(payoffs, actions, "-1")


def test_calls_share_one_oracle_process_and_a_timeout_stops_it():
    if not os.path.exists(JAR):
        pytest.skip("build the jar first: mvn -q -DskipTests package")
    payoffs, actions = GAMES["3x2"]
    with Oracle(JAR) as o:
        first = o.principal_qre(payoffs, actions, "1")
        pid = o._process.pid
        assert o.principal_qre(payoffs, actions, "2").profile != first.profile
        assert o._process.pid == pid, "the second call started another JVM"
        o.timeout = 0.001
        with pytest.raises(OracleError, match="no answer within"):
            o.solve(payoffs, actions, "3")
        assert o._process is None
        o.timeout = 600
        assert o.principal_qre(payoffs, actions, "1").profile == first.profile
        assert o._process.pid != pid


def my_markov_npg(game, tau, eta, steps=4000):
    """A user's independent NPG on a two-agent Markov game with exact policy evaluation (numpy-free)."""
    states = [s["name"] for s in game["states"]]
    index = {n: k for k, n in enumerate(states)}
    gamma = float(Fraction(game["discount"]))
    pol = [[[1.0 / len(s["actions"][i])] * len(s["actions"][i]) for s in game["states"]] for i in range(2)]
    for _ in range(steps):
        values = []
        for i in range(2):
            # V = r_pi + tau H + gamma P_pi V, solved by fixed-point iteration (gamma < 1)
            v = [0.0] * len(states)
            for _ in range(160):
                nv = []
                for k, st in enumerate(game["states"]):
                    total = -tau * sum(p * math.log(p) for p in pol[i][k])
                    for o in st["outcomes"]:
                        a = [st["actions"][j].index(o["actions"][j]) for j in range(2)]
                        w = pol[0][k][a[0]] * pol[1][k][a[1]]
                        cont = sum(float(Fraction(p)) * v[index[n]] for n, p in o["next"].items())
                        total += w * (float(Fraction(o["rewards"][i])) + gamma * cont)
                    nv.append(total)
                v = nv
            values.append(v)
        new = []
        for i in range(2):
            rows = []
            for k, st in enumerate(game["states"]):
                q = [0.0] * len(st["actions"][i])
                for o in st["outcomes"]:
                    a = [st["actions"][j].index(o["actions"][j]) for j in range(2)]
                    cont = sum(float(Fraction(p)) * values[i][index[n]] for n, p in o["next"].items())
                    q[a[i]] += pol[1 - i][k][a[1 - i]] * (float(Fraction(o["rewards"][i])) + gamma * cont)
                logits = [(1 - eta * tau) * math.log(p) + eta * qq for p, qq in zip(pol[i][k], q)]
                m = max(logits)
                z = sum(math.exp(x - m) for x in logits)
                rows.append([math.exp(x - m) / z for x in logits])
            new.append(rows)
        pol = new
    return pol


def test_my_markov_npg_matches_the_certified_markov_qre(oracle):
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "src", "main", "resources", "bundled",
                           "markov_matching_pennies.json")) as f:
        game = json.load(f)
    answer = oracle.markov_qre(game, 16)
    assert answer["certified"] and answer["uniquenessProved"]
    mine = my_markov_npg(game, 16.0, 1.0 / 80, steps=300)
    for i, agent in enumerate(answer["policy"]):
        for k, state in enumerate(agent["states"]):
            for a, (lo, hi) in enumerate(state["probabilities"]):
                assert abs(mine[i][k][a] - (float(lo) + float(hi)) / 2) < 1e-6


def test_an_oracle_process_that_ends_reports_its_message(tmp_path):
    broken = tmp_path / "broken.jar"
    broken.write_text("not a jar")
    payoffs, actions = GAMES["3x2"]
    with Oracle(str(broken)) as o:
        with pytest.raises(OracleError, match="the oracle process ended .*broken.jar"):
            o.solve(payoffs, actions, "1")
