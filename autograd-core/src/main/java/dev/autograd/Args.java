package dev.autograd;

/**
 * Argument checks with one message format for the whole library, so that a caller's mistake names
 * the method and the argument: {@code matmul: other is null}, {@code concat: parts[1] is null}.
 *
 * <p>Public so that every package of the library (ops, nn, ...) reports nulls the same way. Each
 * check returns its argument, so it can be used inline: {@code this.x = Args.notNull(x, "op", "x")}.
 */
public final class Args {
  private Args() {}

  /**
   * Returns {@code value}, or throws when it is null.
   *
   * @param <T> the argument's type
   * @param value the argument to check
   * @param method the public method (or constructor, by its class's simple name) being called
   * @param name the parameter's name as declared
   * @return {@code value}, never null
   * @throws IllegalArgumentException with the message {@code "method: name is null"}
   */
  public static <T> T notNull(T value, String method, String name) {
    if (value == null) {
      throw new IllegalArgumentException(nullMessage(method, name));
    }
    return value;
  }

  /**
   * Returns {@code array} when neither it nor any of its elements is null.
   *
   * @param <T> the element type
   * @param array the argument to check; may be empty
   * @param method the public method (or constructor, by its class's simple name) being called
   * @param name the parameter's name as declared
   * @return {@code array} itself, not copied
   * @throws IllegalArgumentException with {@code "method: name is null"} for a null array, or
   *     {@code "method: name[i] is null"} for the first null element
   */
  public static <T> T[] noNulls(T[] array, String method, String name) {
    notNull(array, method, name);
    for (int i = 0; i < array.length; i++) {
      if (array[i] == null) {
        throw new IllegalArgumentException(nullMessage(method, name + "[" + i + "]"));
      }
    }
    return array;
  }

  /**
   * The message for a null argument: {@code "method: name is null"}.
   *
   * @param method the public method (or constructor, by its class's simple name) being called
   * @param name the parameter's name as declared, e.g. {@code parts[1]} for an element
   * @return the message, without a trailing period
   */
  public static String nullMessage(String method, String name) {
    return method + ": " + name + " is null";
  }
}
