package dev.runneriq.sim.report;

import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG, for self-contained HTML reports (the simulator's, {@code runneriq
 * report}'s): line charts with axes, ticks, one polyline per series and a legend; horizontal bar
 * charts. No scripts.
 */
public final class SvgChart {
  /** One line: points (x, y) in data units, in x order. */
  public record Series(String name, double[] x, double[] y) {}

  static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  private static final int W = 640;
  private static final int H = 300;
  private static final int L = 60;
  private static final int R = 150;
  private static final int T = 30;
  private static final int B = 40;

  private SvgChart() {}

  public static String lines(String title, String xLabel, String yLabel, List<Series> series) {
    double maxX = 0;
    double maxY = 0;
    for (var s : series) {
      for (double v : s.x()) {
        maxX = Math.max(maxX, v);
      }
      for (double v : s.y()) {
        maxY = Math.max(maxY, v);
      }
    }
    maxX = maxX <= 0 ? 1 : maxX;
    maxY = maxY <= 0 ? 1 : maxY;
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'"
                + " font-size='11'><text x='%d' y='18' font-size='13' font-weight='bold'>%s</text>",
            W,
            H,
            L,
            esc(title)));
    int pw = W - L - R;
    int ph = H - T - B;
    sb.append(
        String.format(
            Locale.ROOT,
            "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>",
            L,
            T,
            pw,
            ph));
    for (int i = 0; i <= 4; i++) {
      double fx = maxX * i / 4;
      double fy = maxY * i / 4;
      int px = L + pw * i / 4;
      int py = T + ph - ph * i / 4;
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x='%d' y='%d' text-anchor='middle'>%s</text>"
                  + "<text x='%d' y='%d' text-anchor='end'>%s</text>"
                  + "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#eee'/>",
              px,
              T + ph + 14,
              num(fx),
              L - 4,
              py + 4,
              num(fy),
              L,
              py,
              L + pw,
              py));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x='%d' y='%d' text-anchor='middle'>%s</text>"
                + "<text x='12' y='%d' transform='rotate(-90 12 %d)' text-anchor='middle'>%s</text>",
            L + pw / 2,
            H - 6,
            esc(xLabel),
            T + ph / 2,
            T + ph / 2,
            esc(yLabel)));
    for (int k = 0; k < series.size(); k++) {
      var s = series.get(k);
      String color = COLORS[k % COLORS.length];
      sb.append("<polyline fill='none' stroke='")
          .append(color)
          .append("' stroke-width='1.5' points='");
      for (int i = 0; i < s.x().length; i++) {
        double px = L + pw * s.x()[i] / maxX;
        double py = T + ph - ph * s.y()[i] / maxY;
        sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      }
      sb.append("'/>");
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d'>%s</text>",
              W - R + 10,
              T + 16 * k,
              color,
              W - R + 24,
              T + 16 * k + 9,
              esc(s.name())));
    }
    return sb.append("</svg>").toString();
  }

  /** Horizontal bars, one per label, with the value written at the end of each. */
  public static String bars(String title, String unit, List<String> labels, double[] values) {
    int rowH = 22;
    int h = T + rowH * labels.size() + 20;
    int left = 130;
    int pw = W - left - 90;
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    max = max <= 0 ? 1 : max;
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'"
                + " font-size='11'><text x='%d' y='18' font-size='13' font-weight='bold'>%s</text>",
            W,
            h,
            left,
            esc(title)));
    for (int i = 0; i < labels.size(); i++) {
      int y = T + rowH * i;
      double bw = pw * Math.max(0, values[i]) / max; // a negative value: no bar, its label says it
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x='%d' y='%d' text-anchor='end'>%s</text>"
                  + "<rect x='%d' y='%d' width='%.1f' height='%d' fill='%s'/>"
                  + "<text x='%.1f' y='%d'>%s %s</text>",
              left - 6,
              y + 14,
              esc(labels.get(i)),
              left,
              y + 3,
              bw,
              rowH - 6,
              COLORS[i % COLORS.length],
              left + bw + 4,
              y + 14,
              String.format(Locale.ROOT, "%.2f", values[i]),
              esc(unit)));
    }
    return sb.append("</svg>").toString();
  }

  private static String num(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2g", v);
  }

  /** {@code s} escaped for HTML text and single-quoted attributes. */
  public static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
