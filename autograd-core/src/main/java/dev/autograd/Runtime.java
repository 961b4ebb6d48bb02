package dev.autograd;

import dev.autograd.internal.Gemm;

/**
 * What the library runs on, for reports and logs: which matrix-multiply kernel was chosen. The
 * choice is made once per JVM (see the system property {@code autograd.blas}: {@code auto},
 * {@code native} or {@code java}).
 */
public final class Runtime {
  private Runtime() {}

  /**
   * A description of the kernel used for large matrix products, e.g. {@code native BLAS (...)} or
   * {@code pure Java (autograd row kernel)}.
   */
  public static String blas() {
    return Gemm.implementation();
  }

  /** True when large matrix products go to a native BLAS library. */
  public static boolean isNativeBlas() {
    return Gemm.isNative();
  }
}
