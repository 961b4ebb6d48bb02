package dev.autograd.examples;

import java.util.Locale;

/** Counts in words for the examples' messages: {@code "1 epoch"}, {@code "2 epochs"}. */
public final class Words {
  private Words() {}

  /** {@code n} and the noun, with an {@code s} added unless {@code n} is 1 (or −1). */
  public static String count(long n, String singular) {
    return count(n, singular, singular + "s");
  }

  /** {@code n} and the noun, singular when {@code n} is 1 (or −1), otherwise {@code plural}. */
  public static String count(long n, String singular, String plural) {
    return String.format(Locale.ROOT, "%d %s", n, Math.abs(n) == 1 ? singular : plural);
  }

  /** The noun alone, singular for 1 (or −1) and {@code plural} otherwise. */
  public static String noun(long n, String singular, String plural) {
    return Math.abs(n) == 1 ? singular : plural;
  }
}
