package dev.autograd.internal;

import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Row-major double-precision matrix multiply, {@code c = op(a)·op(b)} where {@code op} is the
 * identity or the transpose. Not part of the public API.
 *
 * <p>Which kernel runs is decided once, on the first large product (or the first call of {@link
 * #implementation()}):
 *
 * <ul>
 *   <li>native BLAS (OpenBLAS through dev.ludovic.netlib's JNI binding) when the machine has it —
 *       on Debian, {@code apt-get install libopenblas0-pthread};
 *   <li>else netlib's Vector-API kernel when the JVM runs with {@code --add-modules
 *       jdk.incubator.vector};
 *   <li>else a pure-Java row kernel of our own (below), which HotSpot vectorises and which is faster
 *       than netlib's scalar Java fallback.
 * </ul>
 *
 * <p>The choice is quiet. On Linux the native binding is only loaded after {@link NativeLibrary}
 * has found the library it would open ({@code libblas.so.3}, or what netlib's own properties
 * {@code dev.ludovic.netlib.blas.nativeLib} / {@code nativeLibPath} name) in the dynamic linker's
 * search path, so netlib's native loader never gets to print its {@code dlopen ... failed} line.
 * netlib's implementation classes are instantiated directly rather than through its factory
 * ({@code BLAS.getInstance()}), which announces its choice on {@code java.util.logging} at INFO
 * level; the logging configuration of the process is left alone. The choice is reported on the
 * {@link System.Logger} {@code dev.autograd} at DEBUG level and by {@link #implementation()}.
 *
 * <p>The system property {@code autograd.blas} ({@code auto}, {@code native}, {@code java})
 * overrides the choice; {@code java} forces the row kernel, {@code native} loads netlib's native
 * binding without looking for the library first (so netlib's loader may print if it is missing) and
 * otherwise takes netlib's best Java kernel. Small products (fewer than {@value #SMALL}
 * multiply-adds) always use a plain loop, which costs less than a library call.
 */
public final class Gemm {
  private Gemm() {}

  /** Products with fewer multiply-adds than this use the plain loop. */
  static final long SMALL = 8 * 1024;

  /** Name prefix of netlib's implementation classes. */
  private static final String NETLIB = "dev.ludovic.netlib.blas.";

  /** The kernel chosen for large products. */
  private static final class Choice {
    static final BLAS LIBRARY;
    static final String NAME;

    static {
      String property = System.getProperty("autograd.blas", "auto");
      String wanted = property.trim().toLowerCase(Locale.ROOT);
      String note = "";
      if (!wanted.equals("java") && !wanted.equals("native") && !wanted.equals("auto")) {
        note = "; autograd.blas=" + property + " is not one of java, native, auto: used auto";
        wanted = "auto";
      }
      BLAS chosen = null;
      String why;
      if (wanted.equals("java")) {
        why = "autograd.blas=java";
      } else {
        Optional<Path> found = Optional.empty();
        boolean tryNative;
        if (wanted.equals("native")) {
          tryNative = true;
          why = "autograd.blas=native";
        } else if (NativeLibrary.probed()) {
          found = NativeLibrary.find();
          tryNative = found.isPresent();
          why = found.map(p -> "found " + p)
              .orElse("no " + NativeLibrary.wantedName() + " in the dynamic linker's search path");
        } else {
          // No probe for this system: let netlib try, as before.
          tryNative = true;
          why = "no library probe on " + System.getProperty("os.name");
        }
        if (tryNative) {
          chosen = netlib("JNIBLAS");
          if (chosen == null) {
            why += "; netlib's native binding did not load";
          }
        }
        if (chosen == null) {
          chosen = netlib("VectorBLAS");
        }
        if (chosen == null && wanted.equals("native")) {
          chosen = netlib("Java11BLAS");
        }
      }
      LIBRARY = chosen;
      String name = chosen == null
          ? "pure Java (autograd row kernel)"
          : chosen.getClass().getSimpleName().equals("JNIBLAS")
              ? "native BLAS (" + chosen.getClass().getName() + ")"
              : "netlib " + chosen.getClass().getName();
      NAME = name + note;
      String reason = why;
      System.getLogger("dev.autograd").log(System.Logger.Level.DEBUG,
          () -> "matrix-multiply kernel: " + NAME + " (" + reason + ")");
    }

    /**
     * netlib's implementation {@code simpleName}, created through its own {@code getInstance()}
     * (the classes are not public); null when it cannot be loaded here.
     */
    private static BLAS netlib(String simpleName) {
      try {
        Class<?> cls = Class.forName(NETLIB + simpleName, true, BLAS.class.getClassLoader());
        Method get = cls.getMethod("getInstance");
        get.setAccessible(true);
        Object instance = get.invoke(null);
        return instance instanceof BLAS b ? b : null;
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        // Not available here (no native library, no Vector API, another netlib version): next choice.
        return null;
      }
    }
  }

  /**
   * Whether the shared library netlib's JNI binding would {@code dlopen} can be found, without
   * loading anything and without running a process: the directories the Linux dynamic linker
   * searches ({@code LD_LIBRARY_PATH}, those listed in {@code /etc/ld.so.conf} and the files it
   * includes, then the multiarch and standard {@code lib} folders) are looked through for a file of
   * that name that starts like an ELF object of the JVM's word size. It is a cheap approximation of
   * the linker (which reads its cache, {@code /etc/ld.so.cache}); when it errs, the cost is a
   * slower kernel or the loader's message, never a wrong result.
   */
  static final class NativeLibrary {
    private NativeLibrary() {}

    /** The library netlib's binding opens by default. */
    static final String DEFAULT_NAME = "libblas.so.3";

    /** Whether this system has a probe (only Linux: the binding's library names are Linux's). */
    static boolean probed() {
      return System.getProperty("os.name", "").startsWith("Linux");
    }

    /** The name netlib's binding will open: its property {@code dev.ludovic.netlib.blas.nativeLib}, or libblas.so.3. */
    static String wantedName() {
      return wantedName(NETLIB, DEFAULT_NAME);
    }

    /**
     * The name one of netlib's bindings will open: its properties {@code <prefix>nativeLibPath} or
     * {@code <prefix>nativeLib} (prefix e.g. {@code dev.ludovic.netlib.lapack.}), or {@code defaultName}.
     */
    static String wantedName(String prefix, String defaultName) {
      String path = System.getProperty(prefix + "nativeLibPath", "");
      if (!path.isEmpty()) {
        return path;
      }
      String name = System.getProperty(prefix + "nativeLib", "");
      return name.isEmpty() ? defaultName : name;
    }

    /** The library netlib's binding would open on this machine, if it can be found. */
    static Optional<Path> find() {
      return find(wantedName());
    }

    /** The library called {@code name} (or at that path), if the linker's search path has it. */
    static Optional<Path> find(String name) {
      String env = System.getenv("LD_LIBRARY_PATH");
      return find(name, searchPath(Path.of("/"), env == null ? "" : env, System.getProperty("os.arch", "")));
    }

    /**
     * The first file called {@code name} in {@code dirs} that looks like a loadable ELF object; a
     * name with a slash is a path and is checked as it is, like {@code dlopen} does.
     */
    static Optional<Path> find(String name, List<Path> dirs) {
      try {
        if (name.contains("/")) {
          Path p = Path.of(name);
          return looksLoadable(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir : dirs) {
          Path p = dir.resolve(name);
          if (looksLoadable(p)) {
            return Optional.of(p);
          }
        }
      } catch (InvalidPathException e) {
        // A name no file can have.
      }
      return Optional.empty();
    }

    /**
     * The directories the dynamic linker searches, in its order, for a file system whose root is
     * {@code root} (tests pass a folder): {@code ldLibraryPath} (colon- or semicolon-separated), the
     * directories of {@code root/etc/ld.so.conf} and its {@code include}s, then {@code
     * /lib/<multiarch>}, {@code /usr/lib/<multiarch>}, {@code /lib64}, {@code /usr/lib64}, {@code
     * /lib}, {@code /usr/lib}.
     */
    static List<Path> searchPath(Path root, String ldLibraryPath, String osArch) {
      Set<Path> dirs = new LinkedHashSet<>();
      for (String d : ldLibraryPath.split("[:;]")) {
        if (!d.isBlank()) {
          try {
            addDir(dirs, Path.of(d.trim()));
          } catch (InvalidPathException e) {
            // not a directory name on this system
          }
        }
      }
      readConf(root, root.resolve("etc/ld.so.conf"), dirs, new TreeSet<>(), 0);
      String triplet = multiarch(osArch);
      List<String> standard = new ArrayList<>();
      if (triplet != null) {
        standard.add("lib/" + triplet);
        standard.add("usr/lib/" + triplet);
      }
      standard.addAll(List.of("lib64", "usr/lib64", "lib", "usr/lib"));
      for (String d : standard) {
        addDir(dirs, root.resolve(d));
      }
      return List.copyOf(dirs);
    }

    private static void addDir(Set<Path> dirs, Path dir) {
      if (Files.isDirectory(dir)) {
        dirs.add(dir);
      }
    }

    /** Adds the directories listed in one ld.so.conf file, following {@code include} lines. */
    private static void readConf(Path root, Path conf, Set<Path> dirs, Set<Path> seen, int depth) {
      if (depth > 8 || !seen.add(conf.toAbsolutePath().normalize()) || !Files.isRegularFile(conf)) {
        return;
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(conf, StandardCharsets.ISO_8859_1);
      } catch (IOException | RuntimeException e) {
        return;   // unreadable: the linker would not use it either
      }
      for (String raw : lines) {
        int hash = raw.indexOf('#');
        String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
        if (line.isEmpty() || line.startsWith("hwcap")) {
          continue;
        }
        if (line.startsWith("include") && line.length() > 7 && Character.isWhitespace(line.charAt(7))) {
          for (String pattern : line.substring(8).trim().split("\\s+")) {
            for (Path included : expand(root, conf, pattern)) {
              readConf(root, included, dirs, seen, depth + 1);
            }
          }
          continue;
        }
        for (String d : line.split("[\\s,:=]+")) {
          if (d.startsWith("/")) {
            try {
              addDir(dirs, under(root, d));
            } catch (InvalidPathException e) {
              // not a directory name on this system
            }
          }
        }
      }
    }

    /** The files an include pattern names, sorted; a relative pattern is relative to the including file. */
    private static List<Path> expand(Path root, Path conf, String pattern) {
      List<Path> files = new ArrayList<>();
      Path p;
      try {
        p = pattern.startsWith("/") ? under(root, pattern) : conf.resolveSibling(pattern);
      } catch (InvalidPathException e) {
        return files;
      }
      Path dir = p.getParent();
      String glob = p.getFileName() == null ? "" : p.getFileName().toString();
      if (dir == null || !Files.isDirectory(dir)) {
        return files;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
        ds.forEach(files::add);
      } catch (IOException | RuntimeException e) {
        return files;
      }
      files.sort(null);
      return files;
    }

    /** An absolute path of the probed system as a path under {@code root}. */
    private static Path under(Path root, String absolute) {
      return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    /** Debian's multiarch triplet for a JVM {@code os.arch}, or null. */
    static String multiarch(String osArch) {
      return switch (osArch) {
        case "amd64", "x86_64" -> "x86_64-linux-gnu";
        case "aarch64", "arm64" -> "aarch64-linux-gnu";
        case "riscv64" -> "riscv64-linux-gnu";
        case "ppc64le" -> "powerpc64le-linux-gnu";
        case "s390x" -> "s390x-linux-gnu";
        case "x86", "i386", "i486", "i586", "i686" -> "i386-linux-gnu";
        case "arm" -> "arm-linux-gnueabihf";
        default -> null;
      };
    }

    /** A readable file (after symbolic links) starting with the ELF magic and this JVM's word size. */
    static boolean looksLoadable(Path file) {
      if (!Files.isRegularFile(file)) {
        return false;
      }
      byte[] head = new byte[5];
      try (InputStream in = Files.newInputStream(file)) {
        if (in.readNBytes(head, 0, 5) < 5) {
          return false;
        }
      } catch (IOException | RuntimeException e) {
        return false;
      }
      if (head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
        return false;
      }
      String model = System.getProperty("sun.arch.data.model", "");
      int elfClass = head[4];   // 1: 32-bit, 2: 64-bit
      return model.equals("64") ? elfClass == 2 : !model.equals("32") || elfClass == 1;
    }
  }

  /** A description of the kernel used for large products, e.g. {@code native BLAS (...JNIBLAS)}. */
  public static String implementation() {
    return Choice.NAME;
  }

  /** True when large products go to a native BLAS library. */
  public static boolean isNative() {
    return Choice.LIBRARY != null && Choice.NAME.startsWith("native");
  }

  /**
   * {@code c[m×n] = op(a)·op(b)} with {@code op(a)} of shape [m×k] and {@code op(b)} of shape
   * [k×n]. {@code a} is stored [m×k], or [k×m] when {@code transA}; {@code b} is stored [k×n], or
   * [n×k] when {@code transB}. {@code c} is overwritten.
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
    gemm(transA, transB, m, n, k, a, b, c, false);
  }

  /**
   * {@code c = op(a)·op(b)}, or {@code c += op(a)·op(b)} when {@code accumulate}; shapes as in
   * {@link #gemm(boolean, boolean, int, int, int, double[], double[], double[])}.
   */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0, accumulate);
  }

  /**
   * {@code c = op(a)·op(b)}, or {@code c += op(a)·op(b)} when {@code accumulate}, for matrices
   * stored contiguously from offsets {@code aOff}, {@code bOff} and {@code cOff} of their arrays
   * (one slice of a batch); shapes as in
   * {@link #gemm(boolean, boolean, int, int, int, double[], double[], double[])}.
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, double[] b,
      int bOff, double[] c, int cOff, boolean accumulate) {
    if ((long) m * n * k < SMALL) {
      small(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    } else if (Choice.LIBRARY != null) {
      // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the operands.
      int lda = transA ? m : k;
      int ldb = transB ? k : n;
      Choice.LIBRARY.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1.0, b, bOff, ldb, a, aOff, lda,
          accumulate ? 1.0 : 0.0, c, cOff, n);
    } else {
      rows(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }
  }

  /**
   * Plain loops for small products, in an order that walks the operands contiguously where the
   * shapes allow: dot products for {@code A·Bᵀ} and for a single output column, p-i-j otherwise.
   */
  static void small(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
    small(transA, transB, m, n, k, a, b, c, false);
  }

  static void small(
      boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    small(transA, transB, m, n, k, a, 0, b, 0, c, 0, accumulate);
  }

  static void small(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
      double[] c, int co, boolean accumulate) {
    if (!transA && (n == 1 || transB && k >= 8)) {
      // c[i,j] = Σₚ a[i,p]·op(b)[p,j] as dot products of contiguous rows (with n = 1 both
      // layouts of b are the same vector).
      for (int i = 0; i < m; i++) {
        int ai = ao + i * k;
        for (int j = 0; j < n; j++) {
          int bj = bo + j * k;
          double s = 0;
          for (int p = 0; p < k; p++) {
            s += a[ai + p] * b[bj + p];
          }
          c[co + i * n + j] = accumulate ? c[co + i * n + j] + s : s;
        }
      }
      return;
    }
    if (!accumulate) {
      Arrays.fill(c, co, co + m * n, 0.0);
    }
    if (transA && n == 1) {
      // c[i] = Σₚ a[p,i]·b[p]: rows of the stored a are contiguous in i.
      for (int p = 0; p < k; p++) {
        double bv = b[bo + p];
        int ap = ao + p * m;
        for (int i = 0; i < m; i++) {
          c[co + i] += a[ap + i] * bv;
        }
      }
      return;
    }
    // i-p-j (or p-i-j for a transposed a): the innermost loop runs along a row of c; a transposed
    // b is read with stride k, which is contiguous for the outer products (k = 1) of a backward pass.
    int bStep = transB ? k : 1;
    for (int p = 0; p < k; p++) {
      int bp = bo + (transB ? p : p * n);
      for (int i = 0; i < m; i++) {
        double av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
        int ci = co + i * n;
        if (bStep == 1) {
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        } else {
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j * bStep];
          }
        }
      }
    }
  }

  /** Rows of op(B) handled per block, so a block of B stays in cache while it is reused. */
  private static final int K_BLOCK = 128;

  /**
   * The pure-Java kernel: each row of C is accumulated as {@code Σₚ op(A)[i,p]·op(B)[p,:]} in a
   * private row array. The rows of op(B) are first copied into arrays of their own: HotSpot
   * vectorises the update {@code row[j] += a·brow[j]} over two arrays from index 0, but not the same
   * loop over one flat array at two offsets. The copy costs k·n against m·n·k multiply-adds.
   */
  static void rows(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
    rows(transA, transB, m, n, k, a, b, c, false);
  }

  static void rows(
      boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    rows(transA, transB, m, n, k, a, 0, b, 0, c, 0, accumulate);
  }

  static void rows(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
      double[] c, int co, boolean accumulate) {
    double[][] brows = new double[k][n];
    for (int p = 0; p < k; p++) {
      double[] row = brows[p];
      if (transB) {
        for (int j = 0; j < n; j++) {
          row[j] = b[bo + j * k + p];
        }
      } else {
        System.arraycopy(b, bo + p * n, row, 0, n);
      }
    }
    double[] crow = new double[n];
    for (int i = 0; i < m; i++) {
      if (accumulate) {
        System.arraycopy(c, co + i * n, crow, 0, n);
      } else {
        Arrays.fill(crow, 0.0);
      }
      for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
        int p1 = Math.min(k, p0 + K_BLOCK);
        for (int p = p0; p < p1; p++) {
          double av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          if (av != 0.0) {
            axpy(crow, av, brows[p], n);
          }
        }
      }
      System.arraycopy(crow, 0, c, co + i * n, n);
    }
  }

  private static void axpy(double[] y, double alpha, double[] x, int n) {
    for (int j = 0; j < n; j++) {
      y[j] += alpha * x[j];
    }
  }

  // ---------------------------------------------------------------- single precision
  // The same three kernels for float[] (BLAS sgemm, the small loops, the row kernel).

  /**
   * {@code c[m×n] = op(a)·op(b)} in single precision; shapes as in
   * {@link #gemm(boolean, boolean, int, int, int, double[], double[], double[])}.
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
    gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0, false);
  }

  /**
   * The single-precision product (BLAS {@code sgemm}): {@code c = op(a)·op(b)}, or {@code c +=
   * op(a)·op(b)} when {@code accumulate}, accumulated in float as BLAS does, for matrices
   * stored contiguously from offsets {@code aOff}, {@code bOff} and {@code cOff} of their arrays
   * (one slice of a batch); shapes as in
   * {@link #gemm(boolean, boolean, int, int, int, float[], float[], float[])}.
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, float[] b,
      int bOff, float[] c, int cOff, boolean accumulate) {
    if ((long) m * n * k < SMALL) {
      small(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    } else if (Choice.LIBRARY != null) {
      // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the operands.
      int lda = transA ? m : k;
      int ldb = transB ? k : n;
      Choice.LIBRARY.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1f, b, bOff, ldb, a, aOff, lda,
          accumulate ? 1f : 0f, c, cOff, n);
    } else {
      rows(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }
  }

  static void small(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
      float[] c, int co, boolean accumulate) {
    if (!transA && (n == 1 || transB && k >= 8)) {
      // c[i,j] = Σₚ a[i,p]·op(b)[p,j] as dot products of contiguous rows (with n = 1 both
      // layouts of b are the same vector).
      for (int i = 0; i < m; i++) {
        int ai = ao + i * k;
        for (int j = 0; j < n; j++) {
          int bj = bo + j * k;
          float s = 0;
          for (int p = 0; p < k; p++) {
            s += a[ai + p] * b[bj + p];
          }
          c[co + i * n + j] = accumulate ? c[co + i * n + j] + s : s;
        }
      }
      return;
    }
    if (!accumulate) {
      Arrays.fill(c, co, co + m * n, 0f);
    }
    if (transA && n == 1) {
      // c[i] = Σₚ a[p,i]·b[p]: rows of the stored a are contiguous in i.
      for (int p = 0; p < k; p++) {
        float bv = b[bo + p];
        int ap = ao + p * m;
        for (int i = 0; i < m; i++) {
          c[co + i] += a[ap + i] * bv;
        }
      }
      return;
    }
    // i-p-j (or p-i-j for a transposed a): the innermost loop runs along a row of c; a transposed
    // b is read with stride k, which is contiguous for the outer products (k = 1) of a backward pass.
    int bStep = transB ? k : 1;
    for (int p = 0; p < k; p++) {
      int bp = bo + (transB ? p : p * n);
      for (int i = 0; i < m; i++) {
        float av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
        int ci = co + i * n;
        if (bStep == 1) {
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        } else {
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j * bStep];
          }
        }
      }
    }
  }

  static void rows(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
      float[] c, int co, boolean accumulate) {
    float[][] brows = new float[k][n];
    for (int p = 0; p < k; p++) {
      float[] row = brows[p];
      if (transB) {
        for (int j = 0; j < n; j++) {
          row[j] = b[bo + j * k + p];
        }
      } else {
        System.arraycopy(b, bo + p * n, row, 0, n);
      }
    }
    float[] crow = new float[n];
    for (int i = 0; i < m; i++) {
      if (accumulate) {
        System.arraycopy(c, co + i * n, crow, 0, n);
      } else {
        Arrays.fill(crow, 0f);
      }
      for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
        int p1 = Math.min(k, p0 + K_BLOCK);
        for (int p = p0; p < p1; p++) {
          float av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          if (av != 0f) {
            axpy(crow, av, brows[p], n);
          }
        }
      }
      System.arraycopy(crow, 0, c, co + i * n, n);
    }
  }

  private static void axpy(float[] y, float alpha, float[] x, int n) {
    for (int j = 0; j < n; j++) {
      y[j] += alpha * x[j];
    }
  }
}
