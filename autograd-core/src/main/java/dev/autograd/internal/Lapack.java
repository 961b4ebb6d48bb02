package dev.autograd.internal;

import dev.ludovic.netlib.lapack.LAPACK;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.netlib.util.intW;

/**
 * Row-major double-precision factorisations through LAPACK: LU (with partial pivoting) and what
 * it gives (solves, inverses, determinants), Cholesky, and triangular solves. Not part of the
 * public API.
 *
 * <h2>Layout</h2>
 *
 * LAPACK stores matrices column-major, and a row-major {@code double[]} read column-major is the
 * transpose. Each kernel therefore either copies its matrix transposed into a column-major work
 * array (which it needs anyway, since LAPACK overwrites its input), or asks LAPACK for the
 * transposed operation:
 *
 * <ul>
 *   <li>LU ({@code dgetrf}) factors a column-major copy of A itself, {@code A = P·L·U}, so that the
 *       pivots and the index of a zero pivot are those of A (as PyTorch reports them); right-hand
 *       sides are copied column-major, solved by {@code dgetrs} ({@code op(A) = A} or {@code Aᵀ})
 *       and copied back.
 *   <li>Cholesky ({@code dpotrf}) reads the row-major array as it is: the lower triangle of a
 *       row-major matrix is the upper triangle of its column-major reading, so {@code dpotrf("U")}
 *       computes {@code Uᵀ·U} of it, and U read back row-major is L with {@code L·Lᵀ = A}.
 *   <li>Triangular solves ({@code dtrtrs}) read the row-major array as {@code Aᵀ}: the triangle
 *       flips (upper becomes lower) and the transpose flag flips; only the right-hand side is
 *       copied.
 * </ul>
 *
 * <h2>Which implementation</h2>
 *
 * Chosen once, like {@link Gemm}'s kernel, by the same system property {@code autograd.blas}
 * ({@code auto}, {@code native}, {@code java}): in {@code auto} mode netlib's native binding
 * ({@code JNILAPACK}) is loaded only when the library it opens ({@code liblapack.so.3}, or what
 * {@code dev.ludovic.netlib.lapack.nativeLib} / {@code nativeLibPath} name) is found on the
 * dynamic linker's search path, so that its loader never prints; otherwise netlib's pure-Java
 * translation ({@code F2jLAPACK}) runs. netlib's factory ({@code LAPACK.getInstance()}), which
 * logs its choice on {@code java.util.logging}, is not used. The choice is logged on the {@link
 * System.Logger} {@code dev.autograd} at DEBUG level and reported by {@link #implementation()}.
 *
 * <h2>The native factorisations' stack</h2>
 *
 * OpenBLAS's threaded LU ({@code getrf_parallel}, used from {@code m·n >= 10000}) and, in some
 * builds, its Cholesky keep their per-thread job tables on the calling thread's stack, recursively:
 * Debian's build overflows the JVM's default 1 MB thread stack from n = 100 and kills the process
 * (OpenBLAS issues 1082 and 3229, netlib issue 2). So native {@code dgetrf} and {@code dpotrf} calls
 * of order {@value #LARGE_STACK_ORDER} or more run on a short-lived thread of our own with a
 * {@value #STACK_MB} MB stack, while the caller waits; smaller ones, and the pure-Java
 * implementation, run on the caller's thread.
 */
public final class Lapack {
  private Lapack() {}

  /** Name prefix of netlib's LAPACK classes and properties. */
  private static final String NETLIB = "dev.ludovic.netlib.lapack.";

  /** The library netlib's native LAPACK binding opens by default. */
  static final String DEFAULT_NAME = "liblapack.so.3";

  /** Native factorisations of this order or more run on a thread with a large stack. */
  static final int LARGE_STACK_ORDER = 64;

  /** That thread's stack size, in MB (reserved, committed only as it is used). */
  static final int STACK_MB = 32;

  /**
   * Runs a native factorisation of order n: on the caller's thread when it is small or the
   * implementation is not native, else on a new thread with a {@value #STACK_MB} MB stack, waiting
   * for it (an interrupt is kept for the caller, not lost).
   */
  static void factorise(LAPACK lib, int n, Runnable call) {
    if (n < LARGE_STACK_ORDER || !isNative(lib)) {
      call.run();
      return;
    }
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(null, () -> {
      try {
        call.run();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "autograd-lapack", (long) STACK_MB << 20);
    t.setDaemon(true);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    } else if (failure[0] instanceof Error e) {
      throw e;
    } else if (failure[0] != null) {
      throw new IllegalStateException(failure[0]);
    }
  }

  private static boolean isNative(LAPACK lib) {
    return lib.getClass().getSimpleName().equals("JNILAPACK");
  }

  /** The implementation chosen for this JVM. */
  private static final class Choice {
    static final LAPACK LIBRARY;
    static final String NAME;

    static {
      String property = System.getProperty("autograd.blas", "auto");
      String wanted = property.trim().toLowerCase(Locale.ROOT);
      if (!wanted.equals("java") && !wanted.equals("native") && !wanted.equals("auto")) {
        wanted = "auto";
      }
      LAPACK chosen = null;
      String why;
      if (wanted.equals("java")) {
        why = "autograd.blas=java";
      } else {
        boolean tryNative;
        if (wanted.equals("native")) {
          tryNative = true;
          why = "autograd.blas=native";
        } else if (Gemm.NativeLibrary.probed()) {
          String name = Gemm.NativeLibrary.wantedName(NETLIB, DEFAULT_NAME);
          Optional<Path> found = Gemm.NativeLibrary.find(name);
          tryNative = found.isPresent();
          why = found.map(p -> "found " + p).orElse("no " + name + " in the dynamic linker's search path");
        } else {
          tryNative = true;
          why = "no library probe on " + System.getProperty("os.name");
        }
        if (tryNative) {
          chosen = netlib("JNILAPACK");
          if (chosen == null) {
            why += "; netlib's native binding did not load";
          }
        }
      }
      if (chosen == null) {
        chosen = pureJava();
      }
      LIBRARY = chosen;
      NAME = isNative(chosen)
          ? "native LAPACK (" + chosen.getClass().getName() + ")"
          : "pure Java (" + chosen.getClass().getName() + ")";
      String reason = why;
      System.getLogger("dev.autograd").log(System.Logger.Level.DEBUG,
          () -> "LAPACK: " + NAME + " (" + reason + ")");
    }
  }

  /** netlib's pure-Java LAPACK (the f2j translation of the reference implementation). */
  static LAPACK pureJava() {
    LAPACK f2j = netlib("F2jLAPACK");
    if (f2j == null) {
      throw new IllegalStateException("netlib's pure-Java LAPACK (" + NETLIB + "F2jLAPACK) could not be loaded");
    }
    return f2j;
  }

  /** netlib's implementation {@code simpleName} through its own {@code getInstance()}; null when it cannot load. */
  private static LAPACK netlib(String simpleName) {
    try {
      Class<?> cls = Class.forName(NETLIB + simpleName, true, LAPACK.class.getClassLoader());
      Method get = cls.getMethod("getInstance");
      get.setAccessible(true);
      Object instance = get.invoke(null);
      return instance instanceof LAPACK l ? l : null;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** The implementation in use: {@code native LAPACK (...JNILAPACK)} or {@code pure Java (...F2jLAPACK)}. */
  public static String implementation() {
    return Choice.NAME;
  }

  /** True when the factorisations run in a native LAPACK library. */
  public static boolean isNative() {
    return Choice.NAME.startsWith("native");
  }

  static LAPACK library() {
    return Choice.LIBRARY;
  }

  // ================================================================ layout

  /** The transpose of a row-major [rows×cols] array: the same matrix column-major. */
  static double[] transpose(double[] a, int rows, int cols) {
    double[] t = new double[a.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = a[i * cols + j];
      }
    }
    return t;
  }

  // ================================================================ LU

  /**
   * The LU factorisation {@code A = P·L·U} of a square matrix, column-major as LAPACK leaves it
   * ({@code lu[i + j·n]}; L below the diagonal with a unit diagonal, U on and above it) with
   * LAPACK's 1-based row interchanges. {@code zeroPivot} is 0, or the 1-based index i of the first
   * exactly zero {@code U[i,i]} (the matrix is singular).
   */
  public record Lu(int n, double[] lu, int[] pivots, int zeroPivot) {
    /** {@code U[i,i]} for a 0-based i. */
    public double diagonal(int i) {
      return lu[i + i * n];
    }

    /** The determinant's sign from the row interchanges alone: +1 or -1. */
    public int permutationSign() {
      int s = 1;
      for (int i = 0; i < n; i++) {
        if (pivots[i] != i + 1) {
          s = -s;
        }
      }
      return s;
    }

    /** {@code det A = sign(P)·Πᵢ U[i,i]}. */
    public double det() {
      double d = permutationSign();
      for (int i = 0; i < n; i++) {
        d *= diagonal(i);
      }
      return d == 0 ? 0.0 : d;   // no -0.0
    }

    /** The sign of det A (-1, 0 or +1; NaN when a pivot is NaN). */
    public double detSign() {
      double s = permutationSign();
      for (int i = 0; i < n; i++) {
        s *= Math.signum(diagonal(i));
      }
      return s == 0 ? 0.0 : s;
    }

    /** {@code log|det A| = Σᵢ log|U[i,i]|}, without the overflow of the product (-∞ when singular). */
    public double logAbsDet() {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += Math.log(Math.abs(diagonal(i)));
      }
      return s;
    }
  }

  /** The LU factorisation of a row-major [n×n] matrix ({@code a} is not modified). */
  public static Lu lu(double[] a, int n) {
    return lu(library(), a, n);
  }

  static Lu lu(LAPACK lib, double[] a, int n) {
    double[] lu = transpose(a, n, n);
    int[] pivots = new int[n];
    intW info = new intW(0);
    factorise(lib, n, () -> lib.dgetrf(n, n, lu, n, pivots, info));
    if (info.val < 0) {
      throw new IllegalStateException("dgetrf: argument " + -info.val + " is invalid");
    }
    return new Lu(n, lu, pivots, info.val);
  }

  /**
   * {@code X = op(A)⁻¹·B} from a non-singular LU of A, for a row-major [n×k] B; {@code op(A)} is
   * {@code Aᵀ} when {@code transpose}. Returns X row-major.
   */
  public static double[] solve(Lu f, double[] b, int k, boolean transpose) {
    return solve(library(), f, b, k, transpose);
  }

  static double[] solve(LAPACK lib, Lu f, double[] b, int k, boolean transpose) {
    int n = f.n();
    double[] x = k == 1 ? b.clone() : transpose(b, n, k);
    intW info = new intW(0);
    lib.dgetrs(transpose ? "T" : "N", n, k, f.lu(), n, f.pivots(), x, n, info);
    if (info.val < 0) {
      throw new IllegalStateException("dgetrs: argument " + -info.val + " is invalid");
    }
    return k == 1 ? x : transpose(x, k, n);
  }

  /** {@code A⁻¹} row-major from a non-singular LU of A. */
  public static double[] inverse(Lu f) {
    return inverse(library(), f);
  }

  static double[] inverse(LAPACK lib, Lu f) {
    int n = f.n();
    double[] eye = new double[n * n];
    for (int i = 0; i < n; i++) {
      eye[i * n + i] = 1;
    }
    // Solving op(A)·X = I column-major with op(A) = Aᵀ gives X = A⁻ᵀ column-major: A⁻¹ row-major.
    intW info = new intW(0);
    lib.dgetrs("T", n, n, f.lu(), n, f.pivots(), eye, n, info);
    if (info.val < 0) {
      throw new IllegalStateException("dgetrs: argument " + -info.val + " is invalid");
    }
    return eye;
  }

  // ================================================================ Cholesky

  /**
   * The Cholesky factor of a row-major [n×n] matrix, reading its lower triangle only: writes L
   * (lower triangular, zeros above the diagonal, {@code L·Lᵀ = A}) row-major into {@code out}.
   * Returns 0, or the 1-based order of the first leading minor that is not positive (then
   * {@code out} is unspecified).
   */
  public static int cholesky(double[] a, int n, double[] out) {
    return cholesky(library(), a, n, out);
  }

  static int cholesky(LAPACK lib, double[] a, int n, double[] out) {
    System.arraycopy(a, 0, out, 0, n * n);
    intW info = new intW(0);
    factorise(lib, n, () -> lib.dpotrf("U", n, out, n, info));
    if (info.val < 0) {
      throw new IllegalStateException("dpotrf: argument " + -info.val + " is invalid");
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        out[i * n + j] = 0;
      }
    }
    return info.val;
  }

  // ================================================================ triangular solve

  /**
   * {@code X = op(T)⁻¹·B} for the triangle T of a row-major [n×n] {@code a} (upper or lower; with a
   * unit diagonal, not read, when {@code unit}) and a row-major [n×k] B; {@code op(T) = Tᵀ} when
   * {@code transpose}. Writes X row-major into {@code out}. Returns 0, or the 1-based index i of an
   * exactly zero {@code T[i,i]} (then {@code out} is unspecified).
   */
  public static int triangularSolve(
      double[] a, int n, boolean upper, boolean transpose, boolean unit, double[] b, int k, double[] out) {
    return triangularSolve(library(), a, n, upper, transpose, unit, b, k, out);
  }

  static int triangularSolve(LAPACK lib,
      double[] a, int n, boolean upper, boolean transpose, boolean unit, double[] b, int k, double[] out) {
    // Read column-major, the row-major a is Tᵀ: its triangle is the other one and op flips.
    double[] x = k == 1 ? b.clone() : transpose(b, n, k);
    intW info = new intW(0);
    lib.dtrtrs(upper ? "L" : "U", transpose ? "N" : "T", unit ? "U" : "N", n, k, a, n, x, n, info);
    if (info.val < 0) {
      throw new IllegalStateException("dtrtrs: argument " + -info.val + " is invalid");
    }
    if (info.val == 0) {
      System.arraycopy(k == 1 ? x : transpose(x, k, n), 0, out, 0, n * k);
    }
    return info.val;
  }
}
