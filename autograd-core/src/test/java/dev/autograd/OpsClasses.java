package dev.autograd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes of package {@code dev.autograd.ops}, found by listing its class files (so that no test
 * keeps a hand-written list of holder classes that a new holder could be missing from).
 */
public final class OpsClasses {
  private OpsClasses() {}

  /**
   * Every class of {@code dev.autograd.ops}, top-level and nested, in name order.
   *
   * @return the loaded classes
   */
  public static List<Class<?>> all() {
    ClassLoader loader = Primitive.class.getClassLoader();
    List<String> names = new ArrayList<>();
    try {
      Enumeration<URL> roots = loader.getResources("dev/autograd/ops");
      while (roots.hasMoreElements()) {
        URL url = roots.nextElement();
        if (url.getProtocol().equals("file")) {
          try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                .forEach(n -> names.add("dev.autograd.ops." + n.substring(0, n.length() - 6)));
          }
        } else if (url.getProtocol().equals("jar")) {
          String jar = url.getPath().substring("file:".length(), url.getPath().indexOf('!'));
          try (JarFile jf = new JarFile(jar)) {
            jf.stream().map(e -> e.getName())
                .filter(n -> n.startsWith("dev/autograd/ops/") && n.endsWith(".class") && n.indexOf('/', 17) < 0)
                .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    names.sort(null);
    List<Class<?>> out = new ArrayList<>();
    for (String name : names) {
      if (name.endsWith("module-info") || name.endsWith("package-info")) {
        continue;
      }
      try {
        out.add(Class.forName(name, false, loader));
      } catch (ClassNotFoundException e) {
        throw new AssertionError("listed but not loadable: " + name, e);
      }
    }
    return out;
  }

  /**
   * The public top-level classes of {@code dev.autograd.ops} (the holders of the primitives).
   *
   * @return the holders, in name order
   */
  public static List<Class<?>> holders() {
    return all().stream()
        .filter(c -> c.getEnclosingClass() == null && Modifier.isPublic(c.getModifiers()))
        .toList();
  }

  /**
   * Every concrete subclass of {@link Primitive} in {@code dev.autograd.ops}, top-level or nested.
   *
   * @return the primitive classes
   */
  @SuppressWarnings("unchecked")
  public static Set<Class<? extends Primitive>> primitives() {
    Set<Class<? extends Primitive>> out = new LinkedHashSet<>();
    for (Class<?> c : all()) {
      if (Primitive.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && !c.isInterface()) {
        out.add((Class<? extends Primitive>) c);
      }
    }
    return out;
  }
}
