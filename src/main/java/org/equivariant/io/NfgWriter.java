package org.equivariant.io;

import java.util.List;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;

/**
 * Writer of the .nfg payoff body. Strategy counts are written when every label is the default "1".."m" (the form
 * OpenSpiel reads too), labels otherwise. Payoffs are exact ("n" or "n/d").
 */
public final class NfgWriter {
    private NfgWriter() {
    }

    public static String write(NormalFormGame g) {
        StringBuilder sb = new StringBuilder("NFG 1 R ").append(quote(g.title())).append(" {");
        for (String p : g.players()) {
            sb.append(' ').append(quote(p));
        }
        sb.append(" }");
        if (defaultLabels(g)) {
            sb.append(" {");
            for (List<String> a : g.actions()) {
                sb.append(' ').append(a.size());
            }
            sb.append(" }\n\n");
        } else {
            sb.append("\n{");
            for (List<String> a : g.actions()) {
                sb.append(" {");
                for (String s : a) {
                    sb.append(' ').append(quote(s));
                }
                sb.append(" }");
            }
            sb.append(" }\n\"\"\n\n");
        }
        int[] dims = g.dims();
        int[] index = new int[dims.length];
        do {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < dims.length; i++) {
                line.append(i == 0 ? "" : " ").append(g.payoff(i, index));
            }
            sb.append(line).append('\n');
        } while (RationalTensor.next(dims, index));
        return sb.toString();
    }

    private static boolean defaultLabels(NormalFormGame g) {
        for (List<String> a : g.actions()) {
            for (int k = 0; k < a.size(); k++) {
                if (!a.get(k).equals(Integer.toString(k + 1))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
