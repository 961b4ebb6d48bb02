package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The architecture, read from the compiled classes by {@code jdeps}: the kernels in
 * {@code dev.autograd.internal} depend on nothing else in the project, so no cycle runs through
 * them; the tensor facade and the primitives ({@code dev.autograd} and {@code dev.autograd.ops})
 * know each other, as a facade and what it fronts do, and nothing else between the engine's
 * packages.
 *
 * <p>By hand: {@code jdeps --module-path <netlib's blas, lapack and arpack_combined_all jars> -verbose:package
 * autograd-core/target/classes}.
 */
class PackageStructureTest {

  /** Every dependency between two of the project's packages, as {@code "from -> to"}. */
  static Set<String> packageEdges() throws Exception {
    Path classes = Path.of(Primitive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String modulePath = String.join(java.io.File.pathSeparator,
        jarOf(dev.ludovic.netlib.blas.BLAS.class), jarOf(dev.ludovic.netlib.lapack.LAPACK.class),
        jarOf(org.netlib.util.intW.class));
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int code = jdeps.run(new PrintWriter(out), new PrintWriter(out),
        "--module-path", modulePath, "-verbose:package", classes.toString());
    assertEquals(0, code, out.toString());
    Set<String> edges = new TreeSet<>();
    Matcher m = Pattern.compile("^\\s+(dev\\.autograd[\\w.]*)\\s+->\\s+(dev\\.autograd[\\w.]*)\\s", Pattern.MULTILINE)
        .matcher(out.toString());
    while (m.find()) {
      if (!m.group(1).equals(m.group(2))) {
        edges.add(m.group(1) + " -> " + m.group(2));
      }
    }
    assertTrue(!edges.isEmpty(), "jdeps reported no package dependencies:\n" + out);
    return edges;
  }

  private static String jarOf(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void the_kernels_depend_on_nothing_else_in_the_project() throws Exception {
    for (String edge : packageEdges()) {
      assertTrue(!edge.startsWith("dev.autograd.internal "), "internal must not depend on the project: " + edge);
    }
  }

  @Test
  void the_engine_packages_depend_on_each_other_only_as_the_layers_say() throws Exception {
    Set<String> engine = new TreeSet<>();
    for (String edge : packageEdges()) {
      String[] ends = edge.split(" -> ");
      if (isEngine(ends[0]) && isEngine(ends[1])) {
        engine.add(edge);
      }
    }
    assertEquals(Set.of(
        "dev.autograd -> dev.autograd.internal",      // Runtime reports the kernel
        "dev.autograd -> dev.autograd.ops",           // the Tensor facade applies the primitives
        "dev.autograd.ops -> dev.autograd",           // primitives are written against Tensor, Node, Primitive
        "dev.autograd.ops -> dev.autograd.internal"), // and compute with the kernels
        engine);
  }

  private static boolean isEngine(String pkg) {
    return pkg.equals("dev.autograd") || pkg.equals("dev.autograd.ops") || pkg.equals("dev.autograd.internal");
  }
}
