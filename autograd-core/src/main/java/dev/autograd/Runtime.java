package dev.autograd;

import dev.autograd.internal.Gemm;
import dev.autograd.internal.Lapack;

/**
 * What the library runs on, for reports and logs: which matrix-multiply kernel and which LAPACK
 * (for {@link Linalg}) were chosen. The
 * choice is made once per JVM (see the system property {@code autograd.blas}: {@code auto},
 * {@code native} or {@code java}) and prints nothing: in {@code auto} mode the native BLAS binding
 * is loaded only when its library ({@code libblas.so.3} on Linux) is found on the dynamic linker's
 * search path. The choice and its reason are also logged once on the {@link System.Logger} named
 * {@code dev.autograd} at DEBUG level (with the default java.util.logging backend: level {@code
 * FINE} on logger {@code dev.autograd}).
 */
public final class Runtime {
  private Runtime() {}

  /**
   * A description of the kernel used for large matrix products: {@code native BLAS
   * (dev.ludovic.netlib.blas.JNIBLAS)}, {@code netlib dev.ludovic.netlib.blas.VectorBLAS} (with
   * {@code --add-modules jdk.incubator.vector}) or {@code pure Java (autograd row kernel)}; an
   * {@code autograd.blas} value that is not understood is named after it.
   *
   * @return the description, the same for the whole life of the JVM
   */
  public static String blas() {
    return Gemm.implementation();
  }

  /**
   * True when large matrix products go to a native BLAS library.
   *
   * @return true for the native binding (JNIBLAS); false for VectorBLAS and the pure-Java kernel
   */
  public static boolean isNativeBlas() {
    return Gemm.isNative();
  }

  /**
   * The number of threads long elementwise kernels are split over (loops of more than 32,768
   * elements; reductions never are): the system property {@code autograd.threads}, else the
   * environment variable {@code OPENBLAS_NUM_THREADS}, else the number of available processors.
   * Fixed for the life of the JVM.
   *
   * @return at least 1
   */
  public static int threads() {
    return dev.autograd.internal.Parallel.threads();
  }

  /**
   * The LAPACK that {@link Linalg} runs on: {@code native LAPACK (dev.ludovic.netlib.lapack.JNILAPACK)}
   * when {@code liblapack.so.3} is on the dynamic linker's search path (and {@code autograd.blas} is
   * not {@code java}), else {@code pure Java (dev.ludovic.netlib.lapack.F2jLAPACK)}. Chosen once per
   * JVM, quietly, like the BLAS kernel.
   *
   * @return the LAPACK implementation's description, as above
   */
  public static String lapack() {
    return Lapack.implementation();
  }

  /**
   * True when {@link Linalg} runs in a native LAPACK library.
   *
   * @return whether LAPACK calls run in native code
   */
  public static boolean isNativeLapack() {
    return Lapack.isNative();
  }
}
