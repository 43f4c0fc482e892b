package org.equivariant.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;

/**
 * Reader of MADP's .dpomdp format (Oliehoek's example.dpomdp documents it): header entries agents, discount, values,
 * states, start (vector, "uniform", a state, "include:"/"exclude:" lists), actions, observations (counts or names, one
 * line per agent); then T:, O: and R: statements in their one-line, row and matrix forms, with "uniform" and
 * "identity", the wildcard "*", names or indices, and joint actions/observations given by components or by joint index.
 * Later statements overwrite earlier ones. Numbers are exact rationals; "values: cost" negates rewards.
 *
 * <p>{@link #read} validates stochasticity and fails with the list of problems; {@link #readUnchecked} returns the
 * model as written (for syntax demonstrations such as example.dpomdp), so callers can inspect {@link
 * DecPomdp#problems()}.
 */
public final class DpomdpReader {
    private final String source;
    private final List<String> lines = new ArrayList<>();
    private final List<Integer> lineNumbers = new ArrayList<>();
    private int pos;

    private List<String> states;
    private List<List<String>> actions;
    private List<List<String>> observations;
    private int[] actionCounts;
    private int[] obsCounts;

    private DpomdpReader(String source, String text) {
        this.source = source;
        String[] raw = text.split("\r?\n", -1);
        for (int k = 0; k < raw.length; k++) {
            String l = raw[k].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            lines.add(l);
            lineNumbers.add(k + 1);
        }
    }

    public static DecPomdp read(Path file) {
        DecPomdp m = readUnchecked(file);
        List<String> p = m.problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(file + ": not a valid Dec-POMDP (" + p.size() + " problems): "
                + String.join("; ", p.subList(0, Math.min(5, p.size()))) + (p.size() > 5 ? "; …" : ""));
        }
        return m;
    }

    public static DecPomdp readUnchecked(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses without the stochasticity check. */
    public static DecPomdp parse(String source, String text) {
        return new DpomdpReader(source, text).model();
    }

    private FormatException error(String reason) {
        int line = pos < lineNumbers.size() ? lineNumbers.get(pos) : (lineNumbers.isEmpty() ? 1
            : lineNumbers.get(lineNumbers.size() - 1) + 1);
        return new FormatException(source, line, 1, reason);
    }

    private FormatException errorAt(int index, String reason) {
        return new FormatException(source, lineNumbers.get(index), 1, reason);
    }

    /** The value after "key:" on the current line; advances. */
    private String header(String key) {
        if (pos >= lines.size()) {
            throw error("missing '" + key + ":' entry");
        }
        String l = lines.get(pos);
        if (!l.startsWith(key)) {
            throw error("expected '" + key + ":' here (entries must come in the order agents, discount, values, "
                + "states, start, actions, observations), found '" + l + "'");
        }
        String rest = l.substring(key.length()).strip();
        pos++;
        return rest;
    }

    private static String afterColon(String s) {
        return s.startsWith(":") ? s.substring(1).strip() : s;
    }

    private DecPomdp model() {
        String agentsText = afterColon(header("agents"));
        List<String> agents = namesOrCount(agentsText, "agent", pos - 1);
        Rational discount = number(afterColon(header("discount")), pos - 1);
        String values = afterColon(header("values"));
        if (!values.equals("reward") && !values.equals("cost")) {
            throw errorAt(pos - 1, "values must be 'reward' or 'cost', found '" + values + "'");
        }
        states = namesOrCount(afterColon(header("states")), "s", pos - 1);
        int ns = states.size();
        List<Rational> start = start();
        header("actions");
        actions = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            actions.add(namesOrCount(nextLine("the actions of agent " + (i + 1)), "a", pos - 1));
        }
        header("observations");
        observations = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            observations.add(namesOrCount(nextLine("the observations of agent " + (i + 1)), "o", pos - 1));
        }
        actionCounts = actions.stream().mapToInt(List::size).toArray();
        obsCounts = observations.stream().mapToInt(List::size).toArray();
        int nja = DecPomdp.jointCount(actionCounts);
        int njo = DecPomdp.jointCount(obsCounts);
        Rational[][][] t = new Rational[nja][ns][ns];
        Rational[][][] o = new Rational[nja][ns][njo];
        Rational[][][][] r = new Rational[ns][nja][ns][njo];
        for (Rational[][] x : t) {
            for (Rational[] y : x) {
                Arrays.fill(y, Rational.ZERO);
            }
        }
        for (Rational[][] x : o) {
            for (Rational[] y : x) {
                Arrays.fill(y, Rational.ZERO);
            }
        }
        for (Rational[][][] x : r) {
            for (Rational[][] y : x) {
                for (Rational[] z : y) {
                    Arrays.fill(z, Rational.ZERO);
                }
            }
        }
        while (pos < lines.size()) {
            String l = lines.get(pos);
            int at = pos;
            pos++;
            if (l.startsWith("T:")) {
                transition(l.substring(2), at, t);
            } else if (l.startsWith("O:")) {
                observation(l.substring(2), at, o);
            } else if (l.startsWith("R:")) {
                reward(l.substring(2), at, r);
            } else {
                throw errorAt(at, "expected a 'T:', 'O:' or 'R:' statement, found '" + l + "'");
            }
        }
        if (values.equals("cost")) {
            for (Rational[][][] x : r) {
                for (Rational[][] y : x) {
                    for (Rational[] z : y) {
                        for (int k = 0; k < z.length; k++) {
                            z[k] = z[k].negate();
                        }
                    }
                }
            }
        }
        return new DecPomdp(source, agents, states, actions, observations, start, discount, t, o, r);
    }

    private String nextLine(String what) {
        if (pos >= lines.size()) {
            throw error("missing " + what);
        }
        return lines.get(pos++);
    }

    private List<String> namesOrCount(String text, String prefix, int at) {
        String[] toks = text.split("\\s+");
        if (toks.length == 1 && toks[0].matches("\\d+")) {
            int n = Integer.parseInt(toks[0]);
            if (n < 1) {
                throw errorAt(at, "a count must be positive, found " + n);
            }
            List<String> names = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                names.add(prefix + k);
            }
            return names;
        }
        if (text.isEmpty()) {
            throw errorAt(at, "expected a count or a list of names");
        }
        List<String> names = new ArrayList<>();
        for (String s : toks) {
            if (!s.matches("[A-Za-z][A-Za-z0-9_\\-]*")) {
                throw errorAt(at, "'" + s + "' is not an identifier (a letter followed by letters, digits, '-', '_')");
            }
            if (names.contains(s)) {
                throw errorAt(at, "name '" + s + "' is declared twice");
            }
            names.add(s);
        }
        return names;
    }

    private List<Rational> start() {
        int at = pos;
        String rest = header("start");
        int ns = states.size();
        if (rest.startsWith("include") || rest.startsWith("exclude")) {
            boolean include = rest.startsWith("include");
            String list = afterColon(rest.substring(7).strip());
            boolean[] in = new boolean[ns];
            for (String tok : list.split("\\s+")) {
                in[index(tok, states, "state", at)] = true;
            }
            int count = 0;
            for (boolean b : in) {
                count += include == b ? 1 : 0;
            }
            if (count == 0) {
                throw errorAt(at, "the start distribution is empty");
            }
            List<Rational> p = new ArrayList<>();
            for (boolean b : in) {
                p.add(include == b ? Rational.of(1, count) : Rational.ZERO);
            }
            return p;
        }
        rest = afterColon(rest);
        if (rest.isEmpty()) {
            rest = nextLine("the start distribution");
            at = pos - 1;
        }
        if (rest.equals("uniform")) {
            return new ArrayList<>(java.util.Collections.nCopies(ns, Rational.of(1, ns)));
        }
        String[] toks = rest.split("\\s+");
        if (toks.length == 1 && ns > 1) {
            int s = index(toks[0], states, "state", at);
            List<Rational> p = new ArrayList<>(java.util.Collections.nCopies(ns, Rational.ZERO));
            p.set(s, Rational.ONE);
            return p;
        }
        if (toks.length != ns) {
            throw errorAt(at, "start distribution has " + toks.length + " entries, there are " + ns + " states");
        }
        List<Rational> p = new ArrayList<>();
        for (String tok : toks) {
            p.add(number(tok, at));
        }
        return p;
    }

    private int index(String tok, List<String> names, String what, int at) {
        int k = names.indexOf(tok);
        if (k >= 0) {
            return k;
        }
        if (tok.matches("\\d+")) {
            int v = Integer.parseInt(tok);
            if (v < names.size()) {
                return v;
            }
            throw errorAt(at, what + " index " + v + " out of range 0.." + (names.size() - 1));
        }
        throw errorAt(at, "unknown " + what + " '" + tok + "'");
    }

    /** Indices matched by a state token ("*" = all). */
    private List<Integer> statesOf(String tok, int at) {
        tok = tok.strip();
        if (tok.equals("*")) {
            List<Integer> all = new ArrayList<>();
            for (int s = 0; s < states.size(); s++) {
                all.add(s);
            }
            return all;
        }
        return List.of(index(tok, states, "state", at));
    }

    /** Joint indices matched by a joint action/observation: "*", a joint index, or one component per agent. */
    private List<Integer> joint(String text, List<List<String>> names, int[] counts, String what, int at) {
        String[] toks = text.strip().split("\\s+");
        int total = DecPomdp.jointCount(counts);
        if (toks.length == 1 && counts.length > 1) {
            if (toks[0].equals("*")) {
                List<Integer> all = new ArrayList<>();
                for (int j = 0; j < total; j++) {
                    all.add(j);
                }
                return all;
            }
            if (toks[0].matches("\\d+")) {
                int j = Integer.parseInt(toks[0]);
                if (j >= total) {
                    throw errorAt(at, "joint " + what + " index " + j + " out of range 0.." + (total - 1));
                }
                return List.of(j);
            }
            throw errorAt(at, "joint " + what + " '" + text.strip() + "' needs one component per agent ("
                + counts.length + ") or a joint index");
        }
        if (toks.length != counts.length) {
            throw errorAt(at, "joint " + what + " '" + text.strip() + "' has " + toks.length + " components, there are "
                + counts.length + " agents");
        }
        List<List<Integer>> options = new ArrayList<>();
        for (int i = 0; i < toks.length; i++) {
            if (toks[i].equals("*")) {
                List<Integer> all = new ArrayList<>();
                for (int a = 0; a < counts[i]; a++) {
                    all.add(a);
                }
                options.add(all);
            } else {
                options.add(List.of(index(toks[i], names.get(i), what + " of agent " + (i + 1), at)));
            }
        }
        List<Integer> out = new ArrayList<>();
        int[] pick = new int[counts.length];
        int[] sizes = options.stream().mapToInt(List::size).toArray();
        int[] comp = new int[counts.length];
        do {
            for (int i = 0; i < counts.length; i++) {
                comp[i] = options.get(i).get(pick[i]);
            }
            out.add(DecPomdp.jointIndex(counts, comp));
        } while (org.equivariant.arith.RationalTensor.next(sizes, pick));
        return out;
    }

    private Rational number(String tok, int at) {
        try {
            return Rational.parse(tok);
        } catch (NumberFormatException e) {
            throw errorAt(at, "'" + tok + "' is not a number");
        }
    }

    /** rows × cols numbers from the following lines, or "uniform"/"identity" (square only for identity). */
    private Rational[][] block(int rows, int cols, boolean allowIdentity, String what, int at) {
        if (pos < lines.size() && (lines.get(pos).equals("uniform") || lines.get(pos).equals("identity"))) {
            String kw = lines.get(pos++);
            Rational[][] m = new Rational[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (kw.equals("uniform")) {
                        m[i][j] = Rational.of(1, cols);
                    } else {
                        if (!allowIdentity || rows != cols) {
                            throw errorAt(pos - 1, "'identity' is not allowed for " + what);
                        }
                        m[i][j] = i == j ? Rational.ONE : Rational.ZERO;
                    }
                }
            }
            return m;
        }
        List<Rational> nums = new ArrayList<>();
        int need = rows * cols;
        while (nums.size() < need) {
            if (pos >= lines.size() || lines.get(pos).matches("^[TOR]:.*")) {
                throw errorAt(at, what + ": expected " + need + " numbers (" + rows + "×" + cols + "), found "
                    + nums.size());
            }
            int here = pos;
            for (String tok : lines.get(pos++).split("\\s+")) {
                nums.add(number(tok, here));
            }
        }
        if (nums.size() != need) {
            throw errorAt(pos - 1, what + ": expected " + need + " numbers (" + rows + "×" + cols + "), found "
                + nums.size());
        }
        Rational[][] m = new Rational[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = nums.get(i * cols + j);
            }
        }
        return m;
    }

    private String[] parts(String body) {
        String[] p = body.split(":", -1);
        for (int k = 0; k < p.length; k++) {
            p[k] = p[k].strip();
        }
        return p;
    }

    private void transition(String body, int at, Rational[][][] t) {
        String[] p = parts(body);
        int ns = states.size();
        List<Integer> jas = joint(p[0], actions, actionCounts, "action", at);
        if (p.length == 4) {
            Rational v = number(p[3], at);
            for (int a : jas) {
                for (int s : statesOf(p[1], at)) {
                    for (int s2 : statesOf(p[2], at)) {
                        t[a][s][s2] = v;
                    }
                }
            }
        } else if (p.length == 3 && p[2].isEmpty()) {
            Rational[] row = block(1, ns, false, "transition row", at)[0];
            for (int a : jas) {
                for (int s : statesOf(p[1], at)) {
                    t[a][s] = row.clone();
                }
            }
        } else if (p.length == 2 && p[1].isEmpty() || p.length == 1) {
            Rational[][] m = block(ns, ns, true, "transition matrix", at);
            for (int a : jas) {
                for (int s = 0; s < ns; s++) {
                    t[a][s] = m[s].clone();
                }
            }
        } else {
            throw errorAt(at, "malformed T: statement (forms: 'T: a : s : s' : p', 'T: a : s :' + row, "
                + "'T: a :' + matrix)");
        }
    }

    private void observation(String body, int at, Rational[][][] o) {
        String[] p = parts(body);
        int ns = states.size();
        int njo = DecPomdp.jointCount(obsCounts);
        List<Integer> jas = joint(p[0], actions, actionCounts, "action", at);
        if (p.length == 4) {
            Rational v = number(p[3], at);
            List<Integer> jos = joint(p[2], observations, obsCounts, "observation", at);
            for (int a : jas) {
                for (int s2 : statesOf(p[1], at)) {
                    for (int jo : jos) {
                        o[a][s2][jo] = v;
                    }
                }
            }
        } else if (p.length == 3 && p[2].isEmpty()) {
            Rational[] row = block(1, njo, false, "observation row", at)[0];
            for (int a : jas) {
                for (int s2 : statesOf(p[1], at)) {
                    o[a][s2] = row.clone();
                }
            }
        } else if (p.length == 2 && p[1].isEmpty() || p.length == 1) {
            Rational[][] m = block(ns, njo, false, "observation matrix", at);
            for (int a : jas) {
                for (int s2 = 0; s2 < ns; s2++) {
                    o[a][s2] = m[s2].clone();
                }
            }
        } else {
            throw errorAt(at, "malformed O: statement (forms: 'O: a : s' : o : p', 'O: a : s' :' + row, "
                + "'O: a :' + matrix)");
        }
    }

    private void reward(String body, int at, Rational[][][][] r) {
        String[] p = parts(body);
        int ns = states.size();
        int njo = DecPomdp.jointCount(obsCounts);
        List<Integer> jas = joint(p[0], actions, actionCounts, "action", at);
        if (p.length == 5) {
            Rational v = number(p[4], at);
            List<Integer> jos = joint(p[3], observations, obsCounts, "observation", at);
            for (int s : statesOf(p[1], at)) {
                for (int a : jas) {
                    for (int s2 : statesOf(p[2], at)) {
                        for (int jo : jos) {
                            r[s][a][s2][jo] = v;
                        }
                    }
                }
            }
        } else if (p.length == 4 && p[3].isEmpty()) {
            Rational[] row = block(1, njo, false, "reward row", at)[0];
            for (int s : statesOf(p[1], at)) {
                for (int a : jas) {
                    for (int s2 : statesOf(p[2], at)) {
                        r[s][a][s2] = row.clone();
                    }
                }
            }
        } else if (p.length == 3 && p[2].isEmpty()) {
            Rational[][] m = block(ns, njo, false, "reward matrix", at);
            for (int s : statesOf(p[1], at)) {
                for (int a : jas) {
                    for (int s2 = 0; s2 < ns; s2++) {
                        r[s][a][s2] = m[s2].clone();
                    }
                }
            }
        } else {
            throw errorAt(at, "malformed R: statement (forms: 'R: a : s : s' : o : v', 'R: a : s : s' :' + row, "
                + "'R: a : s :' + matrix)");
        }
    }
}
