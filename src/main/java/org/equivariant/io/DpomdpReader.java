package org.equivariant.io;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.work.Limits;

/**
 * Reader of MADP's .dpomdp format (Oliehoek's example.dpomdp documents it): header entries agents, discount, values,
 * states, start (vector, "uniform", a state, "include:"/"exclude:" lists), actions, observations (counts or names, one
 * line per agent); then T:, O: and R: statements in their one-line, row and matrix forms, with "uniform" and
 * "identity", the wildcard "*", names or indices, and joint actions/observations given by components or by joint index.
 * Later statements overwrite earlier ones; '#' starts a comment. Numbers are exact rationals; "values: cost" negates
 * rewards. The file may be gzip-compressed (as MADP ships its large models).
 *
 * <p>Storage is sparse (only non-zero T and O entries; R as the list of its statements, resolved into the expected
 * reward r(s,a) at the end), and every size is checked against {@link Limits} before it is allocated.
 *
 * <p>Rows of b₀, T and O must be probability distributions. As in MADP, a row whose entries lie in [0, 1] and whose
 * sum is within {@link Options#tolerance} of 1 (MADP's files print 16-digit decimals) is renormalized exactly, and the
 * {@link Loaded#normalization} says how many rows and by how much; with {@link Options#strict} every sum must be 1
 * exactly. Any other row is an error located at the last statement that wrote it.
 */
public final class DpomdpReader {
    /** Limits, and the stochasticity tolerance (default 1e-12, MADP's); strict means exact sums. */
    public record Options(Limits limits, Rational tolerance, boolean strict) {
        public static final Options DEFAULT = new Options(Limits.DEFAULT, Rational.of(1, 1_000_000_000_000L), false);
        public static final Options STRICT = new Options(Limits.DEFAULT, Rational.ZERO, true);

        public Options withLimits(Limits l) {
            return new Options(l, tolerance, strict);
        }

        public Options strict(boolean s) {
            return new Options(limits, tolerance, s);
        }
    }

    /** A loaded model and, if rows were renormalized, how many and by how much at most. */
    public record Loaded(DecPomdp model, DecPomdp.Builder.Normalization normalization) {
        /** One warning line, or null when nothing was renormalized. */
        public String warning() {
            return normalization == null || normalization.rows() == 0 ? null : model.name() + ": "
                + normalization.rows() + " row" + (normalization.rows() == 1 ? "" : "s")
                + " of b0, T or O summed to 1 only within " + normalization.largestDeviation().toBigDecimal(
                    new java.math.MathContext(2, java.math.RoundingMode.CEILING)).toString().replace('E', 'e') + " and " + (normalization.rows() == 1 ? "was" : "were")
                + " renormalized exactly (--strict refuses them)";
        }
    }

    private static final Pattern HEADER = Pattern.compile("([A-Za-z]+)\\s*:?(.*)");

    private final String source;
    private final Options options;
    private final List<String> lines = new ArrayList<>();
    private final List<Integer> lineNumbers = new ArrayList<>();
    private int pos;

    private List<String> states;
    private List<List<String>> actions;
    private List<List<String>> observations;
    private final List<Map<String, Integer>> actionIndex = new ArrayList<>();
    private final List<Map<String, Integer>> observationIndex = new ArrayList<>();
    private Map<String, Integer> stateIndex;
    private int[] actionCounts;
    private int[] observationCounts;
    private int ns;
    private int nja;
    private int njo;
    private DecPomdp.Builder builder;
    private int startLine;
    private int[] transitionLine;
    private int[] observationLine;
    private final RewardRules rewards = new RewardRules();

    private DpomdpReader(String source, String text, Options options) {
        this.source = source;
        this.options = options;
        String[] raw = text.split("\r?\n|\r", -1);
        for (int k = 0; k < raw.length; k++) {
            String l = raw[k];
            int hash = l.indexOf('#');
            l = (hash >= 0 ? l.substring(0, hash) : l).strip();
            if (!l.isEmpty()) {
                lines.add(l);
                lineNumbers.add(k + 1);
            }
        }
    }

    /** Loads and validates with the default options (renormalizing rows within 1e-12, see {@link Loaded}). */
    public static Loaded load(Path file, Options options) {
        return load(file.toString(), TextInput.read(file, options.limits()), options);
    }

    public static Loaded load(String source, String text, Options options) {
        DpomdpReader r = new DpomdpReader(source, text, options);
        r.parse();
        DecPomdp.Builder.Normalization norm = options.strict() ? null : r.builder.normalize(options.tolerance());
        List<DecPomdp.RowProblem> problems = r.builder.rowProblems();
        if (!problems.isEmpty()) {
            DecPomdp.RowProblem p = problems.get(0);
            int line = switch (p.kind()) {
                case START -> r.startLine;
                case TRANSITION -> r.transitionLine[p.row()];
                case OBSERVATION -> r.observationLine[p.row()];
            };
            DecPomdp names = r.builder.build();
            throw new FormatException(source, line == 0 ? r.lastLine() : line, 1, "not a valid Dec-POMDP: "
                + p.describe(names) + (line == 0 ? " (no statement sets this row)" : "")
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem"
                + (problems.size() > 2 ? "s" : "") + ")" : ""));
        }
        return new Loaded(r.finish(), norm);
    }

    /** Strict reading: every row must sum to exactly 1. */
    public static DecPomdp read(Path file) {
        return load(file, Options.STRICT).model();
    }

    /** The model as written, without the stochasticity check (e.g. MADP's syntax demo example.dpomdp). */
    public static DecPomdp readUnchecked(Path file) {
        return parse(file.toString(), TextInput.read(file, Limits.DEFAULT));
    }

    /** Parses without the stochasticity check; {@link DecPomdp#problems()} lists what is wrong. */
    public static DecPomdp parse(String source, String text) {
        DpomdpReader r = new DpomdpReader(source, text, Options.STRICT);
        r.parse();
        return r.finish();
    }

    private int lastLine() {
        return lineNumbers.isEmpty() ? 1 : lineNumbers.get(lineNumbers.size() - 1);
    }

    private FormatException error(String reason) {
        return new FormatException(source, pos < lineNumbers.size() ? lineNumbers.get(pos) : lastLine() + 1, 1,
            reason);
    }

    private FormatException errorAt(int index, String reason) {
        return new FormatException(source, lineNumbers.get(index), 1, reason);
    }

    /** An error at the first occurrence of {@code token} on line {@code index} (column 1 if not found). */
    private FormatException errorAt(int index, String token, String reason) {
        int col = lines.get(index).indexOf(token);
        return new FormatException(source, lineNumbers.get(index), col < 0 ? 1 : col + 1, reason);
    }

    private static String q(String token) {
        return "'" + Rational.quote(token) + "'";
    }

    /** The value after "key:" on the current line; advances. */
    private String header(String key) {
        if (pos >= lines.size()) {
            throw error("missing '" + key + ":' entry");
        }
        Matcher m = HEADER.matcher(lines.get(pos));
        if (!m.matches() || !m.group(1).equals(key)) {
            throw error("expected '" + key + ":' here (entries must come in the order agents, discount, values, "
                + "states, start, actions, observations), found " + q(lines.get(pos).split("\\s+")[0]));
        }
        pos++;
        return m.group(2).strip();
    }

    private static String afterColon(String s) {
        return s.startsWith(":") ? s.substring(1).strip() : s;
    }

    private void parse() {
        List<String> agents = namesOrCount(afterColon(header("agents")), "agent", pos - 1, 1000);
        Rational discount = number(afterColon(header("discount")), pos - 1);
        if (discount.signum() < 0 || discount.compareTo(Rational.ONE) > 0) {
            throw errorAt(pos - 1, "discount must lie in [0, 1], found " + discount);
        }
        String values = afterColon(header("values"));
        if (!values.equals("reward") && !values.equals("cost")) {
            throw errorAt(pos - 1, "values must be 'reward' or 'cost', found " + q(values));
        }
        this.negate = values.equals("cost");
        int statesAt = pos;
        states = namesOrCount(afterColon(header("states")), "s", statesAt, options.limits().entries());
        stateIndex = index(states);
        ns = states.size();
        java.util.function.Consumer<DecPomdp.Builder> start = start();
        header("actions");
        actions = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            actions.add(namesOrCount(nextLine("the actions of agent " + (i + 1)), "a", pos - 1, 1_000_000));
            actionIndex.add(index(actions.get(i)));
        }
        header("observations");
        observations = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            observations.add(namesOrCount(nextLine("the observations of agent " + (i + 1)), "o", pos - 1, 1_000_000));
            observationIndex.add(index(observations.get(i)));
        }
        actionCounts = actions.stream().mapToInt(List::size).toArray();
        observationCounts = observations.stream().mapToInt(List::size).toArray();
        try {
            DecPomdp.checkSizes(ns, actionCounts, observationCounts, options.limits());
        } catch (InputException e) {
            throw new FormatException(source, lineNumbers.get(statesAt), 1, e.getMessage());
        }
        nja = DecPomdp.jointCount(actionCounts);
        njo = DecPomdp.jointCount(observationCounts);
        builder = DecPomdp.builder(source, agents, states, actions, observations, discount, options.limits());
        start.accept(builder);
        transitionLine = new int[nja * ns];
        observationLine = new int[nja * ns];
        while (pos < lines.size()) {
            String l = lines.get(pos);
            int at = pos;
            pos++;
            try {
                if (l.startsWith("T:")) {
                    transition(l.substring(2), at);
                } else if (l.startsWith("O:")) {
                    observation(l.substring(2), at);
                } else if (l.startsWith("R:")) {
                    reward(l.substring(2), at);
                } else {
                    throw errorAt(at, "expected a 'T:', 'O:' or 'R:' statement, found " + q(l.split("\\s+")[0]));
                }
            } catch (FormatException e) {
                throw e;
            } catch (InputException e) {
                throw new FormatException(source, lineNumbers.get(at), 1, e.getMessage());
            }
        }
    }

    private boolean negate;

    /** Resolves the reward statements into r(s,a) and builds the model. */
    private DecPomdp finish() {
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < nja; a++) {
                Rational r = rewards.expected(builder, a, s);
                builder.reward(s, a, negate ? r.negate() : r);
            }
        }
        return builder.build();
    }

    private String nextLine(String what) {
        if (pos >= lines.size()) {
            throw error("missing " + what);
        }
        return lines.get(pos++);
    }

    private static Map<String, Integer> index(List<String> names) {
        if (names instanceof Numbered numbered) {
            return numbered.lookup();
        }
        Map<String, Integer> m = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            m.put(names.get(k), k);
        }
        return m;
    }

    /** Names generated on demand for a count ("s0", "s1", …), so a declared count costs no memory. */
    private static List<String> numbered(String prefix, int n) {
        return new Numbered(prefix, n);
    }

    /** "prefix0" … "prefix(n−1)", generated on demand, and looked up by parsing (no table of n entries). */
    private static final class Numbered extends AbstractList<String> {
        private final String prefix;
        private final int n;

        Numbered(String prefix, int n) {
            this.prefix = prefix;
            this.n = n;
        }

        @Override
        public String get(int k) {
            if (k < 0 || k >= n) {
                throw new IndexOutOfBoundsException(k);
            }
            return prefix + k;
        }

        @Override
        public int size() {
            return n;
        }

        Map<String, Integer> lookup() {
            return new java.util.AbstractMap<>() {
                @Override
                public Integer get(Object o) {
                    if (o instanceof String s && s.startsWith(prefix)) {
                        String digits = s.substring(prefix.length());
                        if (digits.matches("0|[1-9][0-9]{0,9}") && Long.parseLong(digits) < n) {
                            return Integer.parseInt(digits);
                        }
                    }
                    return null;
                }

                @Override
                public boolean containsKey(Object o) {
                    return get(o) != null;
                }

                @Override
                public java.util.Set<Entry<String, Integer>> entrySet() {
                    throw new UnsupportedOperationException("generated names are looked up, not listed");
                }
            };
        }
    }

    private List<String> namesOrCount(String text, String prefix, int at, long max) {
        String[] toks = text.split("\\s+");
        if (text.isEmpty()) {
            throw errorAt(at, "expected a count or a list of names");
        }
        if (toks.length == 1 && toks[0].matches("[0-9]+")) {
            String digits = toks[0].replaceFirst("^0+(?=.)", "");
            if (digits.length() > 10 || Long.parseLong(digits) > max) {
                throw errorAt(at, toks[0], "a count of " + Rational.quote(toks[0]) + " is beyond the limit of " + max
                    + (max == options.limits().entries() ? " (--max-entries)" : ""));
            }
            int n = Integer.parseInt(digits);
            if (n < 1) {
                throw errorAt(at, toks[0], "a count must be positive, found " + n);
            }
            return numbered(prefix, n);
        }
        List<String> names = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String s : toks) {
            if (!s.matches("[A-Za-z][A-Za-z0-9_\\-]*")) {
                throw errorAt(at, s, q(s) + " is not an identifier (a letter followed by letters, digits, '-', '_')");
            }
            if (!seen.add(s)) {
                throw errorAt(at, s, "name " + q(s) + " is declared twice");
            }
            names.add(s);
        }
        return names;
    }

    /** Reads the start distribution (validated now, applied once the builder exists). */
    private java.util.function.Consumer<DecPomdp.Builder> start() {
        int at = pos;
        String rest = header("start");
        startLine = lineNumbers.get(at);
        if (rest.startsWith("include") || rest.startsWith("exclude")) {
            boolean include = rest.startsWith("include");
            String list = afterColon(rest.substring(7).strip());
            java.util.BitSet in = new java.util.BitSet(ns);
            for (String tok : list.split("\\s+")) {
                in.set(index(tok, stateIndex, ns, "state", at));
            }
            int count = include ? in.cardinality() : ns - in.cardinality();
            if (count == 0) {
                throw errorAt(at, "the start distribution is empty");
            }
            return b -> {
                for (int s = 0; s < ns; s++) {
                    if (include == in.get(s)) {
                        b.initial(s, Rational.of(1, count));
                    }
                }
            };
        }
        rest = afterColon(rest);
        if (rest.isEmpty()) {
            rest = nextLine("the start distribution");
            at = pos - 1;
            startLine = lineNumbers.get(at);
        }
        if (rest.equals("uniform")) {
            return b -> {
                for (int s = 0; s < ns; s++) {
                    b.initial(s, Rational.of(1, ns));
                }
            };
        }
        String[] toks = rest.split("\\s+");
        if (toks.length == 1 && (ns > 1 || stateIndex.containsKey(toks[0]))) {
            int s0 = index(toks[0], stateIndex, ns, "state", at);
            return b -> b.initial(s0, Rational.ONE);
        }
        if (toks.length != ns) {
            throw errorAt(at, "start distribution has " + toks.length + " entries, there are " + ns + " states");
        }
        Rational[] p = new Rational[ns];
        for (int s = 0; s < ns; s++) {
            p[s] = number(toks[s], at);
        }
        return b -> {
            for (int s = 0; s < ns; s++) {
                b.initial(s, p[s]);
            }
        };
    }

    private int index(String tok, Map<String, Integer> names, int size, String what, int at) {
        Integer k = names.get(tok);
        if (k != null) {
            return k;
        }
        if (tok.matches("[0-9]+")) {
            String digits = tok.replaceFirst("^0+(?=.)", "");
            if (digits.length() < 10 && Integer.parseInt(digits) < size) {
                return Integer.parseInt(digits);
            }
            throw errorAt(at, tok, what + " index " + Rational.quote(tok) + " out of range 0.." + (size - 1));
        }
        throw errorAt(at, tok, "unknown " + what + " " + q(tok));
    }

    /** State indices matched by a token ("*" = all: null). */
    private int[] statesOf(String tok, int at) {
        tok = tok.strip();
        return tok.equals("*") ? null : new int[] {index(tok, stateIndex, ns, "state", at)};
    }

    /**
     * Joint indices matched by a joint action/observation: "*", a joint index, or one component per agent; null when
     * every joint index matches.
     */
    private int[] joint(String text, List<Map<String, Integer>> names, int[] counts, int total, String what, int at) {
        String[] toks = text.strip().split("\\s+");
        if (toks.length == 1 && (counts.length > 1 || toks[0].equals("*"))) {
            if (toks[0].equals("*")) {
                return null;
            }
            if (toks[0].matches("[0-9]+")) {
                return new int[] {index(toks[0], Map.of(), total, "joint " + what, at)};
            }
            throw errorAt(at, toks[0], "joint " + what + " " + q(toks[0]) + " needs one component per agent ("
                + counts.length + ") or a joint index");
        }
        if (toks.length != counts.length) {
            throw errorAt(at, "joint " + what + " " + q(text.strip()) + " has " + toks.length
                + " components, there are " + counts.length + " agents");
        }
        int[][] options = new int[counts.length][];
        boolean all = true;
        for (int i = 0; i < toks.length; i++) {
            if (toks[i].equals("*")) {
                options[i] = new int[counts[i]];
                for (int a = 0; a < counts[i]; a++) {
                    options[i][a] = a;
                }
            } else {
                options[i] = new int[] {index(toks[i], names.get(i), counts[i], what + " of agent " + (i + 1), at)};
                all &= counts[i] == 1;
            }
        }
        if (all) {
            return null;
        }
        int size = 1;
        for (int[] o : options) {
            size *= o.length;
        }
        int[] out = new int[size];
        int[] pick = new int[counts.length];
        for (int k = 0; k < size; k++) {
            int j = 0;
            for (int i = 0; i < counts.length; i++) {
                j = j * counts[i] + options[i][pick[i]];
            }
            out[k] = j;
            for (int i = counts.length - 1; i >= 0 && ++pick[i] == options[i].length; i--) {
                pick[i] = 0;
            }
        }
        return out;
    }

    private static int[] orAll(int[] set, int size) {
        if (set != null) {
            return set;
        }
        int[] all = new int[size];
        for (int k = 0; k < size; k++) {
            all[k] = k;
        }
        return all;
    }

    private Rational number(String tok, int at) {
        try {
            return Rational.parse(tok);
        } catch (NumberFormatException e) {
            throw errorAt(at, tok, e.getMessage());
        }
    }

    /** A row or matrix of a statement: explicit numbers, "uniform" (1/columns everywhere) or "identity". */
    private record Block(Rational[][] values, Rational uniform) {
        Rational at(int i, int j) {
            return values != null ? values[i][j] : uniform != null ? uniform : i == j ? Rational.ONE : Rational.ZERO;
        }
    }

    /** rows × cols numbers from the following lines, or "uniform"/"identity" (square only for identity). */
    private Block block(int rows, int cols, boolean allowIdentity, String what, int at) {
        if (pos < lines.size() && (lines.get(pos).equals("uniform") || lines.get(pos).equals("identity"))) {
            String kw = lines.get(pos++);
            if (kw.equals("uniform")) {
                return new Block(null, Rational.of(1, cols));
            }
            if (!allowIdentity || rows != cols) {
                throw errorAt(pos - 1, "'identity' is not allowed for " + what);
            }
            return new Block(null, null);
        }
        double need = (double) rows * cols;
        builder.reserve(need, what + " at line " + lineNumbers.get(at));
        List<Rational> nums = new ArrayList<>();
        while (nums.size() < need) {
            if (pos >= lines.size() || lines.get(pos).matches("^[TOR]:.*")) {
                throw errorAt(at, what + ": expected " + (long) need + " numbers (" + rows + "×" + cols + "), found "
                    + nums.size());
            }
            int here = pos;
            for (String tok : lines.get(pos++).split("\\s+")) {
                nums.add(number(tok, here));
            }
        }
        if (nums.size() != need) {
            throw errorAt(pos - 1, what + ": expected " + (long) need + " numbers (" + rows + "×" + cols + "), found "
                + nums.size());
        }
        Rational[][] m = new Rational[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = nums.get(i * cols + j);
            }
        }
        return new Block(m, null);
    }

    private static String[] parts(String body) {
        String[] p = body.split(":", -1);
        for (int k = 0; k < p.length; k++) {
            p[k] = p[k].strip();
        }
        return p;
    }

    /** Where a T or O entry goes: builder.transition or builder.observation. */
    private interface Cells {
        void set(int ja, int row, int col, Rational p);
    }

    /**
     * Sets entry (a, r, c) for every joint action a in {@code jas}, row r in {@code rows} and column c in
     * {@code cols} (null = all of them) to {@code value}, or, if {@code value} is null, to the block's entry —
     * (r, c) of a matrix block, (0, c) of a row block.
     */
    private void fill(int[] jas, int[] rows, int[] cols, int ncols, Rational value, Block block, boolean matrix,
                      int at, Cells cells, int[] lineOf) {
        int[] as = orAll(jas, nja);
        int[] rs = orAll(rows, ns);
        int[] cs = orAll(cols, ncols);
        double count = (double) as.length * rs.length * cs.length;
        builder.reserve(count, "the statement at line " + lineNumbers.get(at) + " (" + Limits.human(count)
            + " entries)");
        for (int a : as) {
            for (int r : rs) {
                lineOf[a * ns + r] = lineNumbers.get(at);
                for (int c : cs) {
                    cells.set(a, r, c, value != null ? value : block.at(matrix ? r : 0, c));
                }
            }
        }
    }

    private void transition(String body, int at) {
        String[] p = parts(body);
        int[] jas = joint(p[0], actionIndex, actionCounts, nja, "action", at);
        Cells t = builder::transition;
        if (p.length == 4) {
            fill(jas, statesOf(p[1], at), statesOf(p[2], at), ns, number(p[3], at), null, false, at, t,
                transitionLine);
        } else if (p.length == 3 && p[2].isEmpty()) {
            int[] from = statesOf(p[1], at);
            fill(jas, from, null, ns, null, block(1, ns, false, "transition row", at), false, at, t, transitionLine);
        } else if (p.length == 2 && p[1].isEmpty() || p.length == 1) {
            fill(jas, null, null, ns, null, block(ns, ns, true, "transition matrix", at), true, at, t,
                transitionLine);
        } else {
            throw errorAt(at, "malformed T: statement (forms: 'T: a : s : s' : p', 'T: a : s :' + row, "
                + "'T: a :' + matrix)");
        }
    }

    private void observation(String body, int at) {
        String[] p = parts(body);
        int[] jas = joint(p[0], actionIndex, actionCounts, nja, "action", at);
        Cells o = builder::observation;
        if (p.length == 4) {
            int[] to = statesOf(p[1], at);
            fill(jas, to, joint(p[2], observationIndex, observationCounts, njo, "observation", at), njo,
                number(p[3], at), null, false, at, o, observationLine);
        } else if (p.length == 3 && p[2].isEmpty()) {
            int[] to = statesOf(p[1], at);
            fill(jas, to, null, njo, null, block(1, njo, false, "observation row", at), false, at, o,
                observationLine);
        } else if (p.length == 2 && p[1].isEmpty() || p.length == 1) {
            fill(jas, null, null, njo, null, block(ns, njo, false, "observation matrix", at), true, at, o,
                observationLine);
        } else {
            throw errorAt(at, "malformed O: statement (forms: 'O: a : s' : o : p', 'O: a : s' :' + row, "
                + "'O: a :' + matrix)");
        }
    }

    private void reward(String body, int at) {
        String[] p = parts(body);
        int[] jas = joint(p[0], actionIndex, actionCounts, nja, "action", at);
        int line = lineNumbers.get(at);
        if (p.length == 5) {
            int[] from = statesOf(p[1], at);
            int[] to = statesOf(p[2], at);
            int[] jos = joint(p[3], observationIndex, observationCounts, njo, "observation", at);
            rewards.set(jas, from, to, jos, number(p[4], at), builder, line);
        } else if (p.length == 4 && p[3].isEmpty()) {
            int[] from = statesOf(p[1], at);
            int[] to = statesOf(p[2], at);
            Block row = block(1, njo, false, "reward row", at);
            for (int o = 0; o < njo; o++) {
                rewards.set(jas, from, to, new int[] {o}, row.at(0, o), builder, line);
            }
        } else if (p.length == 3 && p[2].isEmpty()) {
            int[] from = statesOf(p[1], at);
            Block m = block(ns, njo, false, "reward matrix", at);
            for (int s2 = 0; s2 < ns; s2++) {
                for (int o = 0; o < njo; o++) {
                    rewards.set(jas, from, new int[] {s2}, new int[] {o}, m.at(s2, o), builder, line);
                }
            }
        } else {
            throw errorAt(at, "malformed R: statement (forms: 'R: a : s : s' : o : v', 'R: a : s : s' :' + row, "
                + "'R: a : s :' + matrix)");
        }
    }

    /**
     * R's statements, with MADP's "later overwrites earlier" semantics over wildcards: each statement is stored under
     * the mask of the coordinates it names (a, s, s', o; a wildcard stays a wildcard), and R(s,a,s',o) is the value
     * of the latest statement matching it — found with one lookup per mask in use, not by expanding wildcards.
     */
    private static final class RewardRules {
        private record Key(int a, int s, int s2, int o) {
        }

        @SuppressWarnings("unchecked")
        private final Map<Key, Integer>[] byMask = new Map[16];
        private final List<Rational> values = new ArrayList<>();
        private boolean dependsOnOutcome;

        void set(int[] jas, int[] from, int[] to, int[] jos, Rational v, DecPomdp.Builder b, int line) {
            int seq = values.size();
            values.add(v);
            int mask = (jas != null ? 1 : 0) | (from != null ? 2 : 0) | (to != null ? 4 : 0) | (jos != null ? 8 : 0);
            dependsOnOutcome |= to != null || jos != null;
            if (byMask[mask] == null) {
                byMask[mask] = new HashMap<>();
            }
            int[] as = jas == null ? new int[] {-1} : jas;
            int[] os = jos == null ? new int[] {-1} : jos;
            b.reserve((double) as.length * os.length, "the reward statement at line " + line);
            for (int a : as) {
                for (int o : os) {
                    byMask[mask].put(new Key(a, from == null ? -1 : from[0], to == null ? -1 : to[0], o), seq);
                }
            }
        }

        Rational at(int a, int s, int s2, int o) {
            int best = -1;
            for (int mask = 0; mask < 16; mask++) {
                if (byMask[mask] != null) {
                    Integer seq = byMask[mask].get(new Key((mask & 1) != 0 ? a : -1, (mask & 2) != 0 ? s : -1,
                        (mask & 4) != 0 ? s2 : -1, (mask & 8) != 0 ? o : -1));
                    if (seq != null && seq > best) {
                        best = seq;
                    }
                }
            }
            return best < 0 ? Rational.ZERO : values.get(best);
        }

        /** r(s,a) = Σ_{s',o} T(s'|s,a) O(o|a,s') R(s,a,s',o), over the stored non-zero T and O entries. */
        Rational expected(DecPomdp.Builder b, int a, int s) {
            if (!dependsOnOutcome) {
                Rational mass = Rational.ZERO;
                for (Map.Entry<Integer, Rational> t : b.transitionRow(a, s).entrySet()) {
                    for (Rational o : b.observationRow(a, t.getKey()).values()) {
                        mass = mass.add(t.getValue().multiply(o));
                    }
                }
                return mass.multiply(at(a, s, -1, -1));
            }
            Rational r = Rational.ZERO;
            for (Map.Entry<Integer, Rational> t : b.transitionRow(a, s).entrySet()) {
                for (Map.Entry<Integer, Rational> o : b.observationRow(a, t.getKey()).entrySet()) {
                    r = r.add(t.getValue().multiply(o.getValue()).multiply(at(a, s, t.getKey(), o.getKey())));
                }
            }
            return r;
        }
    }
}
