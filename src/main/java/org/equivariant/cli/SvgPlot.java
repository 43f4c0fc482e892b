package org.equivariant.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart written as SVG by the project itself (no plotting library): series of (x, y) points, a linear x axis,
 * a linear or base-10 logarithmic y axis with labelled ticks, a legend. Used for flow convergence ({@code flow
 * --plot}) and NPG distances with the certified rate ({@code markov --plot}).
 */
record SvgPlot(String title, String xLabel, String yLabel, boolean logY, List<Series> series) {
    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f"};

    /** One line: its legend name, points, colour and whether it is dashed (bounds, rates). */
    record Series(String name, double[] x, double[] y, String colour, boolean dashed) {
    }

    SvgPlot {
        series = List.copyOf(series);
    }

    String svg() {
        int left = 80;
        int top = 40;
        int plotW = 600;
        int plotH = 340;
        int width = left + plotW + 40;
        int height = top + plotH + 60 + 18 * series.size();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int k = 0; k < s.x().length; k++) {
                double y = transform(s.y()[k]);
                if (Double.isFinite(y) && Double.isFinite(s.x()[k])) {
                    xMin = Math.min(xMin, s.x()[k]);
                    xMax = Math.max(xMax, s.x()[k]);
                    yMin = Math.min(yMin, y);
                    yMax = Math.max(yMax, y);
                }
            }
        }
        if (!(xMax > xMin)) {
            xMin = Double.isFinite(xMin) ? xMin - 1 : 0;
            xMax = xMin + 2;
        }
        if (!(yMax > yMin)) {
            yMin = Double.isFinite(yMin) ? yMin - 1 : 0;
            yMax = yMin + 2;
        }
        if (logY) {
            yMin = Math.floor(yMin);
            yMax = Math.ceil(yMax);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
            width, height, width, height));
        // a title wider than the picture (about 7.5 px per character at 14 px) is squeezed to fit, not cut off
        int room = width - left - 10;
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\"%s>%s</text>%n", left,
            title.length() * 7.5 > room ? " textLength=\"" + room + "\" lengthAdjust=\"spacingAndGlyphs\"" : "",
            escape(title)));
        out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
            + "stroke=\"black\"/>%n", left, top, plotW, plotH));
        for (int k = 0; k <= 4; k++) {
            double v = xMin + (xMax - xMin) * k / 4;
            double x = left + plotW * k / 4.0;
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                top + plotH + 16, number(v)));
        }
        // log scale: a tick every whole number of decades, at most about ten
        double step = logY ? Math.max(1, Math.ceil((yMax - yMin) / 10)) : (yMax - yMin) / 4;
        for (double v = yMin; v <= yMax + 1e-9 * Math.abs(step); v += step) {
            double y = top + plotH * (1 - (v - yMin) / (yMax - yMin));
            String label = logY ? String.format(Locale.ROOT, "1e%d", Math.round(v)) : number(v);
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n"
                + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n", left - 6, y + 4, label,
                left, y, left + plotW, y));
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            StringBuilder points = new StringBuilder();
            for (int j = 0; j < s.x().length; j++) {
                double y = transform(s.y()[j]);
                if (!Double.isFinite(y) || !Double.isFinite(s.x()[j])) {
                    continue;
                }
                points.append(String.format(Locale.ROOT, "%.2f,%.2f ", left + plotW * (s.x()[j] - xMin)
                    / (xMax - xMin), top + plotH * (1 - (y - yMin) / (yMax - yMin))));
            }
            out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s "
                + "points=\"%s\"/>%n", s.colour(), s.dashed() ? " stroke-dasharray=\"6 4\"" : "",
                points.toString().trim()));
            double ly = top + plotH + 58 + 18 * k;
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"1.5\"%s/>%n<text x=\"%d\" y=\"%.1f\">%s</text>%n", left, ly - 4, left + 30, ly - 4,
                s.colour(), s.dashed() ? " stroke-dasharray=\"6 4\"" : "", left + 38, ly, escape(s.name())));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            left + plotW / 2, top + plotH + 36, escape(xLabel)));
        out.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 "
            + "18 %d)\">%s</text>%n", top + plotH / 2, top + plotH / 2, escape(yLabel + (logY ? " (log scale)" : ""))));
        out.append("</svg>\n");
        return out.toString();
    }

    /** A tick label: whole numbers plainly, others to four significant digits. */
    private static String number(double v) {
        if (Math.abs(v) < 1e6 && Math.abs(v - Math.rint(v)) < 1e-9 * Math.max(1, Math.abs(v))) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private double transform(double y) {
        return logY ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
    }

    /** Writes the chart, or an InputException naming the file. */
    void write(Path file) {
        Inputs.write(file, svg(), "plot");
    }

    static String escape(String x) {
        return x.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The series' colours in order. */
    static String colour(int k) {
        return COLOURS[k % COLOURS.length];
    }

    /** Points as arrays. */
    static Series series(String name, List<double[]> points, String colour, boolean dashed) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int k = 0; k < points.size(); k++) {
            x[k] = points.get(k)[0];
            y[k] = points.get(k)[1];
        }
        return new Series(name, x, y, colour, dashed);
    }

    static List<double[]> points() {
        return new ArrayList<>();
    }
}
