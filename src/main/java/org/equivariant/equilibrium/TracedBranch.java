package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.game.NormalFormGame;
import org.equivariant.work.Progress;

/**
 * The principal branch of the logit correspondence, certified from the centroid at λ = 0 towards λ_max (theorem
 * BR-CHAIN): a chain of {@link BranchPiece}s whose every point is on the branch, replayed by the independent
 * {@link BranchChecker}, and the points where consecutive pieces meet ({@link Node}s: an enclosure of λ and of the
 * profile, each containing a point of the branch). {@code end} says whether λ_max was reached or the chain stopped at
 * a singular point; {@code suspectedSingular} lists the λ where the double-precision tracer saw the branch's
 * orientation flip (a hint, not a claim).
 */
public record TracedBranch(NormalFormGame game, Rational lambdaMax, QreCertificate.Branch branch, List<Node> nodes,
                           boolean reached, double lambdaReached, List<Double> suspectedSingular, String detail,
                           String checkerProblem) {
    /**
     * A certified point of the branch: λ and each profile coordinate σ (player-major, as in the game) enclosed;
     * {@code fold} marks a node where λ turns back (the branch passes a fold between its neighbours).
     */
    public record Node(Interval lambda, List<Interval> profile, boolean fold) {
        public Node {
            profile = List.copyOf(profile);
        }
    }

    public TracedBranch {
        nodes = List.copyOf(nodes);
        suspectedSingular = List.copyOf(suspectedSingular);
    }

    /** Whether the independent checker re-verified every piece and join. */
    public boolean verified() {
        return checkerProblem == null;
    }

    /** The λ of the folds met (node midpoints). */
    public List<Double> folds() {
        return nodes.stream().filter(Node::fold).map(n -> n.lambda().mid().doubleValue()).toList();
    }

    /**
     * Traces the principal branch from λ = 0 to {@code lambdaMax} and replays the chain in the checker. {@code partial}
     * receives the nodes proved so far after every piece (for a caller that must print them if interrupted).
     */
    public static TracedBranch trace(NormalFormGame game, Rational lambdaMax, Progress progress,
                                     Consumer<List<Node>> partial) {
        if (lambdaMax.signum() <= 0) {
            throw new IllegalArgumentException("λ_max must be positive, got " + lambdaMax);
        }
        int n = game.totalActions();
        List<Node> proved = Collections.synchronizedList(new ArrayList<>());
        proved.add(start(game));
        BranchTracer.Chain chain = BranchTracer.logit(game).trace(lambdaMax, Rational.ZERO, 2_000_000,
            (pieces, lam, piece, end) -> {
                proved.add(node(end, n));
                progress.update("principal branch", String.format("lambda = %.6g, %d pieces", lam, pieces));
                partial.accept(List.copyOf(proved));
            });
        QreCertificate.Branch branch = new QreCertificate.Branch(BranchTracer.DIGITS, chain.pieces(), 0, null);
        String problem;
        List<Node> nodes = new ArrayList<>();
        nodes.add(start(game));
        if (chain.pieces().isEmpty()) {
            problem = "no piece was proved";
        } else {
            progress.update("checking", chain.pieces().size() + " pieces");
            BranchChecker.Replay replay = BranchChecker.replay(game.payoffs(), branch, n, true);
            problem = replay.problem();
            replay.ends().forEach(e -> nodes.add(node(e, n)));
        }
        boolean reached = chain.end() == BranchTracer.End.REACHED;
        return new TracedBranch(game, lambdaMax, branch, folds(nodes), reached,
            reached ? lambdaMax.doubleValue() : chain.lambdaReached(), chain.suspectedSingular(), chain.detail(),
            problem);
    }

    private static Node start(NormalFormGame game) {
        List<Interval> centroid = new ArrayList<>();
        for (int i = 0; i < game.numPlayers(); i++) {
            Interval p = Interval.of(Rational.of(1, game.numActions(i)), 40);
            for (int a = 0; a < game.numActions(i); a++) {
                centroid.add(p);
            }
        }
        return new Node(Interval.of(Rational.ZERO, 40), centroid, false);
    }

    private static Node node(List<Interval> end, int n) {
        return new Node(end.get(n), end.subList(0, n), false);
    }

    /** Marks the nodes where the λ midpoints turn back. */
    private static List<Node> folds(List<Node> nodes) {
        List<Node> out = new ArrayList<>(nodes);
        for (int k = 1; k + 1 < nodes.size(); k++) {
            double before = nodes.get(k).lambda().mid().doubleValue() - nodes.get(k - 1).lambda().mid().doubleValue();
            double after = nodes.get(k + 1).lambda().mid().doubleValue() - nodes.get(k).lambda().mid().doubleValue();
            if (before * after < 0) {
                Node m = nodes.get(k);
                out.set(k, new Node(m.lambda(), m.profile(), true));
            }
        }
        return out;
    }
}
