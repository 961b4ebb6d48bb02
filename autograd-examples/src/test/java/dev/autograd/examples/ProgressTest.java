package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

  @Test
  void bar_redraws_in_place_and_ends_with_a_newline() {
    try (Progress p = Progress.start(Progress.Style.BAR, "fit", 10, out, () -> now)) {
      for (int i = 1; i <= 10; i++) {
        now += 200_000_000L;
        p.update(i, "");
      }
    }
    String t = text();
    assertTrue(t.startsWith("\r  fit ["), t);
    assertTrue(t.contains("[##############################] 100%"), t);
    assertTrue(t.endsWith("\n"), t);
    assertEquals(1, t.split("\n").length, "a bar is one line");
  }

  @Test
  void bar_is_not_redrawn_more_than_ten_times_a_second() {
    try (Progress p = Progress.start(Progress.Style.BAR, "fast", 1000, out, () -> now)) {
      for (int i = 1; i <= 999; i++) {
        now += 10_000; // 10 µs per step
        p.update(i, "");
      }
    }
    // First draw, and the final one on close.
    assertEquals(2, text().chars().filter(c -> c == '\r').count(), text());
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
