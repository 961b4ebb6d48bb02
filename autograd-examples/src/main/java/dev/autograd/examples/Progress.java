package dev.autograd.examples;

import java.io.Console;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how far a long-running task (usually training) has got. On a terminal it is a bar redrawn
 * in place (drawn by the {@code me.tongfei:progressbar} library, as wide as the terminal, with the
 * time taken and the estimated time left); when the output is a file or a pipe it is a plain line
 * every so often, so that logs stay readable; it can also be silent.
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

    /**
     * {@link #BAR} when a terminal is attached (a console, and {@code TERM} set to anything but
     * {@code dumb}), otherwise {@link #LINES}: the bar's carriage returns and escape codes would
     * clutter a log file or a pipe.
     */
    public static Style auto() {
      return auto(System.console() != null, System.getenv("TERM"));
    }

    /** {@link #auto()} for a given situation: whether there is a console, and the value of {@code TERM}. */
    static Style auto(boolean console, String term) {
      return console && term != null && !term.isBlank() && !term.equals("dumb") ? BAR : LINES;
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
        return new Bar(task, total, out, clock, Bar.TERMINAL_WIDTH, Bar.unicode());
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

  /**
   * A bar redrawn in place at most ten times a second by the progressbar library, for example
   * {@code XOR 45% [=========>          ] 450/1000 (0:00:02 / 0:00:03) loss 0.31}: the numbers in
   * brackets are the time taken and the estimated time left. It is never wider than the terminal.
   */
  static final class Bar extends Progress {
    /** Width argument meaning "as wide as the terminal" (the library asks the terminal). */
    static final int TERMINAL_WIDTH = -1;

    private final ProgressBar bar;

    /**
     * A bar of at most {@code width} characters ({@link #TERMINAL_WIDTH}: the terminal's width), in
     * Unicode block characters or, when {@code unicode} is false, in ASCII.
     */
    Bar(String task, long total, PrintStream out, LongSupplier clock, int width, boolean unicode) {
      super(task, total, out, clock);
      this.bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(total)
          .setStyle(unicode ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)   // no colour codes
          .setUpdateIntervalMillis(100)
          .setConsumer(new ConsoleProgressBarConsumer(out, width))
          .build();
    }

    /** Whether the console can show the Unicode block characters (otherwise the bar is ASCII). */
    static boolean unicode() {
      Console console = System.console();
      return console != null && StandardCharsets.UTF_8.equals(console.charset());
    }

    @Override
    public void update(long done, String status) {
      bar.setExtraMessage(status == null ? "" : status);
      bar.stepTo(Math.max(0, Math.min(total, done)));
    }

    @Override
    public void close() {
      bar.close();   // draws the final state and ends the line
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
