package dev.autograd.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows how far a long-running task (usually training) has got. On a terminal it is a bar redrawn
 * in place; when the output is a file or a pipe it is a plain line every so often, so that logs
 * stay readable; it can also be silent.
 *
 * <pre>{@code
 * try (Progress p = ctx.progress("XOR, 2 layers", epochs)) {
 *   for (int epoch = 1; epoch <= epochs; epoch++) {
 *     ...
 *     p.update(epoch, "loss " + loss);
 *   }
 * }
 * }</pre>
 */
public abstract class Progress implements AutoCloseable {
  /** How progress is displayed. */
  public enum Style {
    /** A bar redrawn in place with carriage returns (for terminals). */
    BAR,
    /** A plain line at each quarter and at least every few seconds (for logs). */
    LINES,
    /** Nothing. */
    NONE;

    /** {@link #BAR} when a terminal is attached, otherwise {@link #LINES}. */
    public static Style auto() {
      return System.console() != null ? BAR : LINES;
    }
  }

  protected final String task;
  protected final long total;
  protected final PrintStream out;
  protected final LongSupplier clock;
  protected final long startNanos;

  Progress(String task, long total, PrintStream out, LongSupplier clock) {
    if (total < 1) {
      throw new IllegalArgumentException("progress of '" + task + "': total must be at least 1; got " + total);
    }
    this.task = task;
    this.total = total;
    this.out = out;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
  }

  /** Starts showing progress of {@code task}, which takes {@code total} steps, in the given style. */
  public static Progress start(Style style, String task, long total, PrintStream out) {
    return start(style, task, total, out, System::nanoTime);
  }

  static Progress start(Style style, String task, long total, PrintStream out, LongSupplier clock) {
    switch (style) {
      case BAR:
        return new Bar(task, total, out, clock);
      case LINES:
        return new Lines(task, total, out, clock);
      default:
        return new Silent(task, total, out, clock);
    }
  }

  /** Reports that {@code done} of the total steps are finished; {@code status} is a short note (may be empty). */
  public abstract void update(long done, String status);

  /** Ends the display (a bar is finished with a newline). */
  @Override
  public abstract void close();

  protected double seconds() {
    return (clock.getAsLong() - startNanos) / 1e9;
  }

  protected int percent(long done) {
    return (int) Math.min(100, Math.max(0, done * 100 / total));
  }

  /** A bar redrawn at most ten times a second: {@code XOR [#########.........]  45%  loss 0.31}. */
  static final class Bar extends Progress {
    private static final int WIDTH = 30;
    private long lastDraw = Long.MIN_VALUE;
    private long lastDone;
    private String lastStatus = "";
    private int lastLength;

    Bar(String task, long total, PrintStream out, LongSupplier clock) {
      super(task, total, out, clock);
    }

    @Override
    public void update(long done, String status) {
      lastDone = done;
      lastStatus = status == null ? "" : status;
      long now = clock.getAsLong();
      if (done >= total || lastDraw == Long.MIN_VALUE || now - lastDraw >= 100_000_000L) {
        lastDraw = now;
        draw();
      }
    }

    private void draw() {
      int filled = (int) (WIDTH * Math.min(1.0, (double) lastDone / total));
      String line = String.format(Locale.ROOT, "  %s [%s%s] %3d%%  %s",
          task, "#".repeat(filled), ".".repeat(WIDTH - filled), percent(lastDone), lastStatus);
      int pad = Math.max(0, lastLength - line.length());
      lastLength = line.length();
      out.print("\r" + line + " ".repeat(pad));
      out.flush();
    }

    @Override
    public void close() {
      if (lastDraw != Long.MIN_VALUE) {
        draw();
      }
      out.printf(Locale.ROOT, "  (%.1f s)%n", seconds());
      out.flush();
    }
  }

  /** A line at 25%, 50%, 75% and 100%, and at least every five seconds in between. */
  static final class Lines extends Progress {
    private static final long INTERVAL_NANOS = 5_000_000_000L;
    private long lastLine;
    private int lastQuarter;
    private long printed = -1;
    private long latest = -1;
    private String status = "";

    Lines(String task, long total, PrintStream out, LongSupplier clock) {
      super(task, total, out, clock);
      this.lastLine = startNanos;
    }

    @Override
    public void update(long done, String note) {
      latest = done;
      status = note == null ? "" : note;
      int quarter = percent(done) / 25;
      long now = clock.getAsLong();
      if (quarter > lastQuarter || now - lastLine >= INTERVAL_NANOS) {
        lastQuarter = quarter;
        lastLine = now;
        line();
      }
    }

    private void line() {
      printed = latest;
      out.printf(Locale.ROOT, "  %s: %3d%% (%d/%d, %.1f s)%s%n", task, percent(latest), latest, total, seconds(),
          status.isEmpty() ? "" : "  " + status);
      out.flush();
    }

    @Override
    public void close() {
      if (latest >= 0 && printed != latest) {
        line(); // stopped between lines (for example early): say where
      }
    }
  }

  /** Shows nothing. */
  static final class Silent extends Progress {
    Silent(String task, long total, PrintStream out, LongSupplier clock) {
      super(task, total, out, clock);
    }

    @Override
    public void update(long done, String status) {}

    @Override
    public void close() {}
  }
}
