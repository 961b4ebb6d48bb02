package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private long now;

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void lines_are_printed_at_each_quarter_without_control_characters() {
    try (Progress p = Progress.start(Progress.Style.LINES, "train", 100, out, () -> now)) {
      for (int i = 1; i <= 100; i++) {
        now += 1_000_000; // 1 ms per step
        p.update(i, "loss " + i);
      }
    }
    String[] lines = text().split("\n");
    assertEquals(4, lines.length, text());
    assertTrue(lines[0].contains("train:  25% (25/100") && lines[0].contains("loss 25"), lines[0]);
    assertTrue(lines[3].contains("100% (100/100"), lines[3]);
    assertFalse(text().contains("\r"), "no carriage returns in plain lines");
    assertFalse(text().contains("\u001b"), "no escape codes in plain lines");
  }

  @Test
  void lines_also_appear_every_few_seconds_of_a_slow_quarter() {
    try (Progress p = Progress.start(Progress.Style.LINES, "slow", 1000, out, () -> now)) {
      for (int i = 1; i <= 20; i++) {
        now += 1_000_000_000L; // one second per step: 20 steps are 2% of the work
        p.update(i, "");
      }
    }
    // Lines at 5 s, 10 s, 15 s and 20 s, and none for a quarter.
    assertEquals(4, text().split("\n").length, text());
  }

  @Test
  void stopping_early_says_where() {
    try (Progress p = Progress.start(Progress.Style.LINES, "early", 100, out, () -> now)) {
      p.update(10, "converged");
    }
    assertTrue(text().contains("early:  10% (10/100") && text().contains("converged"), text());
  }

  /** The frames a bar drew: the text between carriage returns, without the final newline. */
  private List<String> frames() {
    return Arrays.stream(text().split("\r")).map(f -> f.replace("\n", "")).filter(f -> !f.isEmpty()).toList();
  }

  @Test
  void bar_is_redrawn_in_place_within_its_width_with_time_taken_and_time_left() throws Exception {
    try (Progress p = new Progress.Bar("fit", 10, out, System::nanoTime, 72, false)) {
      for (int i = 1; i <= 10; i++) {
        Thread.sleep(15);
        p.update(i, "loss " + (1.0 / i));
      }
    }
    List<String> frames = frames();
    assertFalse(frames.isEmpty(), text());
    for (String f : frames) {
      assertTrue(f.length() <= 72, f.length() + " characters: " + f);
    }
    String last = frames.get(frames.size() - 1);
    assertTrue(last.startsWith("fit 100%") && last.contains("10/10"), last);
    assertTrue(Pattern.compile("\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)").matcher(last).find(),
        "elapsed / estimated time left: " + last);
    assertTrue(last.contains("loss 0.1"), last);
    assertTrue(text().endsWith("\n"), text());
    assertEquals(1, text().split("\n").length, "a bar is one line");
    assertFalse(text().contains("\u001b"), "no colour codes");
  }

  @Test
  void a_narrow_terminal_gets_a_narrow_bar() {
    try (Progress p = new Progress.Bar("a long task name", 1000, out, System::nanoTime, 40, false)) {
      p.update(500, "with a status far too long to fit in forty columns");
    }
    for (String f : frames()) {
      assertTrue(f.length() <= 40, f.length() + " characters: " + f);
    }
  }

  @Test
  void the_bar_is_chosen_only_on_a_terminal() {
    assertEquals(Progress.Style.BAR, Progress.Style.auto(true, "xterm-256color"));
    assertEquals(Progress.Style.LINES, Progress.Style.auto(false, "xterm-256color"), "output is a file or a pipe");
    assertEquals(Progress.Style.LINES, Progress.Style.auto(true, null), "TERM is not set");
    assertEquals(Progress.Style.LINES, Progress.Style.auto(true, "dumb"));
  }

  @Test
  void silent_progress_prints_nothing() {
    try (Progress p = Progress.start(Progress.Style.NONE, "quiet", 10, out)) {
      p.update(10, "done");
    }
    assertEquals("", text());
  }

  @Test
  void a_total_below_one_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Progress.start(Progress.Style.LINES, "nothing", 0, out));
    assertTrue(e.getMessage().contains("nothing") && e.getMessage().contains("0"), e.getMessage());
  }
}
