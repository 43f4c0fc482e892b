package org.equivariant.cli;

import java.util.List;
import java.util.Locale;

/**
 * A picture of a symmetry group acting on labelled points, written as SVG by the project itself ({@code symmetries
 * --plot}): rows of points (a game's players and their actions, a Dec-POMDP's or Markov game's agents and states),
 * each point filled with its orbit's colour (grey when the orbit is a single point), and for each generator (or
 * group element, as {@code arrows} says) one arrow from every point it moves to the point's image, in its colour,
 * listed in the legend.
 */
record OrbitPicture(String title, List<Row> rows, List<Generator> generators, String arrows) {
    /** Points shown per row; a longer row ends in "… n more". */
    static final int MAX_POINTS = 40;
    /** Generators drawn (the legend says when more exist). */
    static final int MAX_GENERATORS = 6;

    /** One row: its name and the points' labels. */
    record Row(String name, List<String> labels) {
        Row {
            labels = List.copyOf(labels);
        }
    }

    /**
     * A generator's name and the arrows it draws: {row, point, image row, image point} for each point it moves; with
     * the unmoved points fixed, a permutation of all the points.
     */
    record Generator(String name, List<int[]> moves) {
        Generator {
            moves = List.copyOf(moves);
        }
    }

    OrbitPicture {
        rows = List.copyOf(rows);
        generators = List.copyOf(generators);
    }

    private static final int LEFT = 150;
    private static final int STEP = 46;
    private static final int ROW = 130;
    private static final int TOP = 90;

    String svg() {
        int longest = 1;
        for (Row r : rows) {
            longest = Math.max(longest, Math.min(r.labels().size(), MAX_POINTS) + (r.labels().size() > MAX_POINTS
                ? 2 : 0));
        }
        int shownGenerators = Math.min(generators.size(), MAX_GENERATORS);
        int width = Math.max(LEFT + STEP * longest + 40, 680);
        int height = TOP + ROW * rows.size() + 30 + 18 * (shownGenerators + 1);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
            width, height, width, height));
        out.append("<defs>");
        for (int g = 0; g < shownGenerators; g++) {
            out.append(String.format(Locale.ROOT, "<marker id=\"head%d\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                + "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/>"
                + "</marker>", g, SvgPlot.colour(g)));
        }
        out.append("</defs>\n");
        int room = width - 20;
        out.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"14\"%s>%s</text>%n",
            title.length() * 7.5 > room ? " textLength=\"" + room + "\" lengthAdjust=\"spacingAndGlyphs\"" : "",
            SvgPlot.escape(title)));
        for (int g = 0; g < shownGenerators; g++) {
            for (int[] m : generators.get(g).moves()) {
                if (m[1] >= MAX_POINTS || m[3] >= MAX_POINTS) {
                    continue;
                }
                double x1 = x(m[1]);
                double y1 = y(m[0]);
                double x2 = x(m[3]);
                double y2 = y(m[2]);
                // within a row an arc above it, higher for farther points and offset per generator; across rows a
                // gently bent line; both end at the image's circle
                double mx = (x1 + x2) / 2;
                double my = m[0] == m[2] ? y1 - 22 - 0.35 * Math.abs(x2 - x1) - 6 * g : (y1 + y2) / 2;
                double cx = m[0] == m[2] ? mx : mx + 18 + 6 * g;
                double dx = x2 - cx;
                double dy = y2 - my;
                double len = Math.max(1e-9, Math.hypot(dx, dy));
                double sx = cx - x1;
                double sy = my - y1;
                double slen = Math.max(1e-9, Math.hypot(sx, sy));
                out.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" "
                    + "stroke=\"%s\" stroke-width=\"1.4\" marker-end=\"url(#head%d)\"/>%n", x1 + 13 * sx / slen,
                    y1 + 13 * sy / slen, cx, my, x2 - 14 * dx / len, y2 - 14 * dy / len, SvgPlot.colour(g), g));
            }
        }
        int[] offset = new int[rows.size() + 1];
        for (int r = 0; r < rows.size(); r++) {
            offset[r + 1] = offset[r] + rows.get(r).labels().size();
        }
        int[] orbit = orbits(offset);
        int[] size = new int[offset[rows.size()]];
        for (int o : orbit) {
            size[o]++;
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            out.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%.1f\">%s</text>%n", y(r) + 4,
                SvgPlot.escape(row.name())));
            int shown = Math.min(row.labels().size(), MAX_POINTS);
            for (int k = 0; k < shown; k++) {
                int o = orbit[offset[r] + k];
                String fill = size[o] == 1 ? "#cccccc" : SvgPlot.colour(o);
                // labels slanted below the point, so that long names do not run into each other
                out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"12\" fill=\"%s\" "
                    + "fill-opacity=\"0.35\" stroke=\"%s\"/>%n<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                    + "transform=\"rotate(35 %.1f %.1f)\">%s</text>%n", x(k), y(r), fill, fill, x(k) - 4, y(r) + 24,
                    x(k) - 4, y(r) + 24, SvgPlot.escape(shorten(row.labels().get(k), 14))));
            }
            if (row.labels().size() > shown) {
                out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">… %d more</text>%n", x(shown),
                    y(r) + 4, row.labels().size() - shown));
            }
        }
        double ly = TOP + ROW * rows.size() + 10;
        out.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%.1f\">points filled alike form one orbit (grey: "
            + "fixed by the whole group); arrows: %s</text>%n", ly, generators.isEmpty() ? "none (the group "
            + "moves none of these points)" : generators.size() > shownGenerators ? "the first " + shownGenerators + " of "
            + generators.size() + " " + arrows : "the " + arrows));
        for (int g = 0; g < shownGenerators; g++) {
            double y = ly + 18 * (g + 1);
            out.append(String.format(Locale.ROOT, "<line x1=\"10\" y1=\"%.1f\" x2=\"40\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"1.4\"/>%n<text x=\"48\" y=\"%.1f\">%s</text>%n", y - 4, y - 4, SvgPlot.colour(g),
                y, SvgPlot.escape(shorten(generators.get(g).name(), (width - 60) / 7))));
        }
        out.append("</svg>\n");
        return out.toString();
    }

    void write(java.nio.file.Path file) {
        Inputs.write(file, svg(), "plot");
    }

    /** Numbered labels "1" … "n". */
    static List<String> numbered(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(Integer::toString).toList();
    }

    /** The moves of a permutation of one row's points (fixed points omitted). */
    static void moves(List<int[]> out, int row, org.equivariant.symmetry.Permutation p) {
        for (int k = 0; k < p.degree(); k++) {
            if (p.apply(k) != k) {
                out.add(new int[] {row, k, row, p.apply(k)});
            }
        }
    }

    private static double x(int k) {
        return LEFT + STEP * k;
    }

    private static double y(int r) {
        return TOP + ROW * r;
    }

    private static String shorten(String label, int max) {
        return label.length() <= max ? label : label.substring(0, max - 1) + "…";
    }

    /**
     * Each point's orbit number (orbits numbered in order of their least point, rows in order) under the group the
     * generators generate, each generator's moves read as a permutation of the flattened points.
     */
    int[] orbits(int[] offset) {
        int n = offset[rows.size()];
        List<org.equivariant.symmetry.Permutation> perms = new java.util.ArrayList<>();
        for (Generator g : generators) {
            int[] image = new int[n];
            for (int k = 0; k < n; k++) {
                image[k] = k;
            }
            for (int[] m : g.moves()) {
                image[offset[m[0]] + m[1]] = offset[m[2]] + m[3];
            }
            perms.add(new org.equivariant.symmetry.Permutation(image));
        }
        int[] out = new int[n];
        List<List<Integer>> orbits = org.equivariant.symmetry.Permutation.orbits(n, perms);
        for (int o = 0; o < orbits.size(); o++) {
            for (int k : orbits.get(o)) {
                out[k] = o;
            }
        }
        return out;
    }
}
