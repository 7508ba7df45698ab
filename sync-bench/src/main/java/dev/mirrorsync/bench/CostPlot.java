package dev.mirrorsync.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws cost against repository size as a PNG with Java2D (headless; nothing to install): wall time and bytes
 * on the wire for a fast-forward, and wall time for "nothing changed", each approach one line, log scales.
 */
final class CostPlot {
    private static final int PANEL_W = 520;
    private static final int PANEL_H = 420;
    private static final Map<Approach, Color> COLORS = Map.of(
            Approach.SEED, new Color(0xd62728),
            Approach.GIT_BEST, new Color(0x1f77b4),
            Approach.MS_COLD, new Color(0xff7f0e),
            Approach.MS_WARM_REF, new Color(0x2ca02c),
            Approach.MS_WARM_FILE, new Color(0x9467bd),
            Approach.MS_CLI, new Color(0x8c564b),
            Approach.GIT_LS_REMOTE_X2, new Color(0x7f7f7f),
            Approach.JGIT_LS_REMOTE_X2, new Color(0x17becf));

    private CostPlot() {}

    static void write(Report report, Path file) throws IOException {
        List<Panel> panels = new ArrayList<>();
        String ahead = report.scenarios().stream()
                .filter(s -> s.equals("ahead-10"))
                .findFirst()
                .or(() -> report.scenarios().stream()
                        .filter(s -> s.startsWith("ahead-"))
                        .findFirst())
                .orElse(report.scenarios().get(0));
        List<Approach> main = List.of(
                Approach.SEED, Approach.GIT_BEST, Approach.MS_COLD, Approach.MS_WARM_REF, Approach.MS_WARM_FILE);
        panels.add(new Panel("wall time, " + ahead + " (ms)", ahead, main, Report.Summary::wallMillis));
        panels.add(new Panel("bytes on the wire, " + ahead, ahead, main, Report.Summary::bytes));
        if (report.scenarios().contains("nothing")) {
            panels.add(new Panel(
                    "wall time, nothing changed (ms)",
                    "nothing",
                    List.of(
                            Approach.SEED,
                            Approach.GIT_BEST,
                            Approach.MS_WARM_REF,
                            Approach.MS_WARM_FILE,
                            Approach.GIT_LS_REMOTE_X2,
                            Approach.JGIT_LS_REMOTE_X2),
                    Report.Summary::wallMillis));
        }
        BufferedImage image = new BufferedImage(PANEL_W * panels.size(), PANEL_H + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(
                "mirror-sync vs the seed's jobs vs plain git: cost against repository size (medians; log scales)",
                12,
                22);
        for (int i = 0; i < panels.size(); i++) {
            draw(g, report, panels.get(i), i * PANEL_W, 40);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private record Panel(
            String title, String scenario, List<Approach> approaches, ToDoubleFunction<Report.Summary> metric) {}

    private static void draw(Graphics2D g, Report report, Panel panel, int x0, int y0) {
        int left = x0 + 70;
        int right = x0 + PANEL_W - 20;
        int top = y0 + 30;
        int bottom = y0 + PANEL_H - 130;
        List<String> sizes = report.sizes();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Approach approach : panel.approaches()) {
            for (String size : sizes) {
                Optional<Report.Summary> s = report.summary(size, panel.scenario(), approach);
                if (s.isPresent() && panel.metric().applyAsDouble(s.get()) > 0) {
                    double v = panel.metric().applyAsDouble(s.get());
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max == 0) {
            return;
        }
        double lo = Math.floor(Math.log10(min));
        double hi = Math.ceil(Math.log10(max));
        if (hi <= lo) {
            hi = lo + 1;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), left, y0 + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double p = lo; p <= hi; p++) {
            int y = yFor(Math.pow(10, p), lo, hi, top, bottom);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label(Math.pow(10, p)), x0 + 8, y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);
        for (int i = 0; i < sizes.size(); i++) {
            int x = xFor(i, sizes.size(), left, right);
            String size = sizes.get(i);
            int commits = report.measurements().stream()
                    .filter(m -> m.size().equals(size))
                    .findFirst()
                    .map(Measurement::commits)
                    .orElse(0);
            g.drawString(sizes.get(i), x - 15, bottom + 16);
            g.drawString(String.format(Locale.ROOT, "%,d commits", commits), x - 30, bottom + 30);
        }
        int legendY = bottom + 50;
        for (int a = 0; a < panel.approaches().size(); a++) {
            Approach approach = panel.approaches().get(a);
            g.setColor(COLORS.get(approach));
            g.setStroke(new BasicStroke(2.2f));
            int px = -1;
            int py = -1;
            for (int i = 0; i < sizes.size(); i++) {
                Optional<Report.Summary> s = report.summary(sizes.get(i), panel.scenario(), approach);
                if (s.isEmpty() || panel.metric().applyAsDouble(s.get()) <= 0) {
                    px = -1;
                    continue;
                }
                int x = xFor(i, sizes.size(), left, right);
                int y = yFor(panel.metric().applyAsDouble(s.get()), lo, hi, top, bottom);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            int lx = left + (a % 2) * 220;
            int ly = legendY + (a / 2) * 16;
            g.fillRect(lx, ly - 8, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(approach.label, lx + 20, ly - 3);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static int xFor(int i, int n, int left, int right) {
        return n == 1 ? (left + right) / 2 : left + 40 + i * (right - left - 80) / (n - 1);
    }

    private static int yFor(double v, double lo, double hi, int top, int bottom) {
        double t = (Math.log10(v) - lo) / (hi - lo);
        return (int) Math.round(bottom - t * (bottom - top));
    }

    private static String label(double v) {
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.0fG", v / 1e9);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.0fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
