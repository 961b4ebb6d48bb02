package dev.autograd.examples;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * One part of the lecture, runnable on its own as a subcommand and as a step of the tour. A part's
 * settings (epochs, learning rate, ...) are picocli options with defaults, so a test can create the
 * part, change a setting and call {@link #run(Context)} directly.
 */
public abstract class Example implements Callable<Integer> {
  @ParentCommand Main main;

  /** The subcommand's name, e.g. {@code "xor"}. */
  public abstract String name();

  /** The lecture part's title, e.g. {@code "5. XOR: by hand, then learned"}. */
  public abstract String title();

  /** Runs the part: trains, writes its pictures into {@link Context#outDir()} and reports its numbers. */
  public abstract ExampleResult run(Context ctx) throws Exception;

  /** Runs this part alone from the command line. */
  @Override
  public Integer call() throws Exception {
    return main.runAll(List.of(this));
  }

  /** Starts a result for this part. */
  protected ExampleResult.Builder result() {
    return new ExampleResult.Builder(name(), title());
  }
}
