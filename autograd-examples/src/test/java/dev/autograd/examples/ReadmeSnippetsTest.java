package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the root README.md compiles against the test class path (core, nn,
 * JUnit), and runs. The convention, stated at the top of the README's API tour:
 *
 * <ul>
 *   <li>a block's {@code import} lines are the imports of a generated class;
 *   <li>classes declared at the left margin (such as {@code Cube}) become top-level classes, and
 *       stay visible to every later block;
 *   <li>a block whose code starts with a method (a line starting with {@code @} or {@code static},
 *       or a method header) gives members of the generated class, and its {@code @Test} methods
 *       are run; any other block is the body of a method, which is run;
 *   <li>a block starting with {@code // continues the previous block} is appended to that block
 *       (imports and code), so it may use its variables;
 *   <li>a block with a {@code main} method is a complete program: compiled as it stands and run.
 * </ul>
 */
class ReadmeSnippetsTest {
  static final Path README = Path.of("..", "README.md");
  static final String CONTINUES = "// continues the previous block";

  private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?[\\w.*]+\\s*;\\s*$");
  private static final Pattern TYPE = Pattern.compile(
      "^(?:(?:public|final|abstract|sealed|static)\\s+)*(?:class|record|interface|enum)\\s+(\\w+).*");
  private static final Pattern METHOD = Pattern.compile(
      "^(?:(?:public|private|protected|static|final)\\s+)*[\\w<>\\[\\], ?]+\\s+\\w+\\s*\\([^;]*\\)\\s*"
          + "(?:throws\\s+[\\w., ]+)?\\{\\s*$");
  private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public\\s+(?:final\\s+)?class\\s+(\\w+)");

  /** One {@code ```java} block: its first line of code in the README (1-based) and its lines. */
  record Block(int line, List<String> lines) {
    boolean continues() {
      return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("").startsWith(CONTINUES);
    }

    boolean isProgram() {
      return String.join("\n", lines).matches("(?s).*\\bstatic\\s+void\\s+main\\s*\\(\\s*String.*");
    }
  }

  /** Source lines with the README line each came from (0 for generated lines). */
  static final class Source {
    final List<String> text = new ArrayList<>();
    final List<Integer> origin = new ArrayList<>();

    void add(String line, int readmeLine) {
      text.add(line);
      origin.add(readmeLine);
    }

    String readmeLine(long generatedLine) {
      int i = (int) generatedLine - 1;
      return i >= 0 && i < origin.size() && origin.get(i) > 0 ? "README.md line " + origin.get(i)
          : "generated line " + generatedLine;
    }

    @Override
    public String toString() {
      return String.join("\n", text) + "\n";
    }
  }

  /** The blocks of {@code ```java} fences in {@code markdown}, in order. */
  static List<Block> blocks(List<String> markdown) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < markdown.size(); i++) {
      if (markdown.get(i).strip().equals("```java")) {
        int start = i + 1;
        int end = start;
        while (end < markdown.size() && !markdown.get(end).strip().equals("```")) {
          end++;
        }
        if (end == markdown.size()) {
          throw new AssertionError("README.md line " + (i + 1) + ": a ```java block is never closed");
        }
        blocks.add(new Block(start + 1, List.copyOf(markdown.subList(start, end))));
        i = end;
      }
    }
    return blocks;
  }

  /** A compilation unit for {@code blocks.get(index)}, with every earlier block's classes. */
  static Source generate(List<Block> blocks, int index, String className) {
    Block block = blocks.get(index);
    Source out = new Source();
    if (block.isProgram()) {
      for (int k = 0; k < block.lines().size(); k++) {
        out.add(block.lines().get(k), block.line() + k);
      }
      return out;
    }
    // The block and the ones it continues, earliest first.
    int first = index;
    while (blocks.get(first).continues()) {
      if (first == 0) {
        throw new AssertionError("README.md line " + block.line() + ": the first block cannot continue another");
      }
      first--;
    }
    Map<String, Integer> imports = new LinkedHashMap<>();   // each import with its README line
    List<Fragment> types = new ArrayList<>();
    List<Fragment> members = new ArrayList<>();
    List<Fragment> statements = new ArrayList<>();
    for (int b = 0; b <= index; b++) {
      Split split = split(blocks.get(b));
      types.addAll(split.types);   // classes of every earlier block are visible
      if (b >= first) {
        split.imports.forEach(imports::putIfAbsent);
        (split.members ? members : statements).add(split.rest);
      } else if (!split.types.isEmpty()) {
        split.imports.forEach(imports::putIfAbsent);   // what those classes need
      }
    }
    imports.forEach(out::add);
    for (Fragment t : types) {
      t.appendTo(out);
    }
    out.add("public class " + className + " {", 0);
    for (Fragment m : members) {
      m.appendTo(out);
    }
    out.add("  public void run() throws Exception {", 0);
    for (Fragment s : statements) {
      s.appendTo(out);
    }
    out.add("  }", 0);
    out.add("}", 0);
    return out;
  }

  /** Lines of a block with the README line of the first one. */
  record Fragment(List<String> lines, List<Integer> origins) {
    void appendTo(Source out) {
      for (int k = 0; k < lines.size(); k++) {
        out.add(lines.get(k), origins.get(k));
      }
    }
  }

  /** A block taken apart: imports, top-level classes, and the rest (members or statements). */
  record Split(Map<String, Integer> imports, List<Fragment> types, Fragment rest, boolean members) {}

  static Split split(Block block) {
    Map<String, Integer> imports = new LinkedHashMap<>();
    List<Fragment> types = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    List<Integer> restOrigins = new ArrayList<>();
    List<String> lines = block.lines();
    for (int k = 0; k < lines.size(); k++) {
      String line = lines.get(k);
      if (IMPORT.matcher(line).matches()) {
        imports.putIfAbsent(line.strip(), block.line() + k);
      } else if (TYPE.matcher(line).matches()) {
        // A class at the left margin, up to the closing brace at the left margin.
        List<String> body = new ArrayList<>();
        List<Integer> origins = new ArrayList<>();
        int end = k;
        while (end < lines.size() && !(end > k && lines.get(end).equals("}"))) {
          end++;
        }
        if (end == lines.size()) {
          throw new AssertionError("README.md line " + (block.line() + k) + ": no closing '}' at the left margin "
              + "for this class");
        }
        for (int j = k; j <= end; j++) {
          body.add(lines.get(j));
          origins.add(block.line() + j);
        }
        types.add(new Fragment(body, origins));
        k = end;
      } else {
        rest.add(line);
        restOrigins.add(block.line() + k);
      }
    }
    String firstCode = rest.stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("//") && !l.startsWith("/*") && !l.startsWith("*"))
        .findFirst().orElse("");
    boolean members = firstCode.startsWith("@") || firstCode.startsWith("static ")
        || METHOD.matcher(firstCode).matches();
    return new Split(imports, types, new Fragment(rest, restOrigins), members);
  }

  /** The outcome of compiling one source: the class loader for its classes, or the errors. */
  record Compiled(ClassLoader loader, List<String> errors) {}

  static Compiled compile(String className, Source source, Path outDir) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK's compiler (javax.tools) is needed");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source.toString();
      }
    };
    List<String> options = List.of("--release", "17", "-proc:none", "-encoding", "UTF-8",
        "-classpath", System.getProperty("java.class.path"), "-d", outDir.toString());
    boolean ok;
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      ok = javac.getTask(null, files, diagnostics, options, null, List.of(file)).call();
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(source.readmeLine(d.getLineNumber()) + ": " + d.getMessage(Locale.ROOT).replaceAll("\\s*\\R\\s*", " "));
      }
    }
    if (!ok && errors.isEmpty()) {
      errors.add("the compiler failed without a message");
    }
    return new Compiled(ok ? new URLClassLoader(new URL[] {outDir.toUri().toURL()}, ReadmeSnippetsTest.class.getClassLoader())
        : null, errors);
  }

  /** Runs what the block holds: {@code main}, or the generated {@code run()} and {@code @Test} methods. */
  static int run(Class<?> cls, boolean program) throws Throwable {
    int ran = 0;
    try {
      if (program) {
        Method main = cls.getMethod("main", String[].class);
        main.invoke(null, (Object) new String[0]);
        return 1;
      }
      Object instance = cls.getDeclaredConstructor().newInstance();
      for (Method m : cls.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Test.class)) {
          m.setAccessible(true);
          m.invoke(Modifier.isStatic(m.getModifiers()) ? null : instance);
          ran++;
        }
      }
      cls.getMethod("run").invoke(instance);
      return ran + 1;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  static List<String> readme() throws IOException {
    return Files.readAllLines(README, StandardCharsets.UTF_8);
  }

  @TestFactory
  Stream<DynamicTest> every_java_block_of_the_readme_compiles_and_runs(@TempDir Path dir) throws IOException {
    List<Block> blocks = blocks(readme());
    assertTrue(blocks.size() >= 8, "README.md has " + blocks.size() + " ```java blocks");
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      int index = i;
      Block block = blocks.get(i);
      tests.add(DynamicTest.dynamicTest("README.md line " + block.line(), () -> {
        String className = className(blocks, index);
        Source source = generate(blocks, index, className);
        Compiled compiled = compile(className, source, Files.createDirectories(dir.resolve("b" + index)));
        if (!compiled.errors().isEmpty()) {
          fail("the ```java block at README.md line " + block.line() + " does not compile:\n  "
              + String.join("\n  ", compiled.errors()) + "\ngenerated source:\n" + source);
        }
        int ran;
        try {
          ran = run(compiled.loader().loadClass(className), block.isProgram());
        } catch (Throwable e) {
          throw new AssertionError("the ```java block at README.md line " + block.line() + " compiles but fails: " + e,
              e);
        }
        long testMethods = block.lines().stream().filter(l -> l.strip().equals("@Test")).count();
        assertTrue(block.isProgram() || ran >= testMethods + 1, ran + " methods run for " + testMethods + " @Test methods");
      }));
    }
    return tests.stream();
  }

  static String className(List<Block> blocks, int index) {
    Block block = blocks.get(index);
    if (block.isProgram()) {
      Matcher m = PUBLIC_CLASS.matcher(String.join("\n", block.lines()));
      return m.find() ? m.group(1) : "Main";
    }
    return "ReadmeBlockAtLine" + block.line();
  }

  // ------------------------------------------------------------- the checker checks something

  @Test
  void a_block_with_a_broken_import_does_not_compile(@TempDir Path dir) throws IOException {
    List<Block> blocks = blocks(readme());
    int index = -1;
    for (int i = 0; i < blocks.size() && index < 0; i++) {
      if (blocks.get(i).lines().stream().anyMatch(l -> l.startsWith("import dev.autograd.nn."))) {
        index = i;
      }
    }
    assertTrue(index >= 0, "a block imports from dev.autograd.nn");
    Block original = blocks.get(index);
    String className = className(blocks, index);

    Compiled good = compile(className, generate(blocks, index, className), Files.createDirectories(dir.resolve("good")));
    assertEquals(List.of(), good.errors(), "the block as written compiles");

    List<String> lines = new ArrayList<>(original.lines());
    int at = -1;
    for (int k = 0; k < lines.size() && at < 0; k++) {
      if (lines.get(k).startsWith("import dev.autograd.nn.")) {
        at = k;
      }
    }
    String broken = lines.get(at).replace("import dev.autograd.nn.", "import dev.autograd.nnn.");
    lines.set(at, broken);
    List<Block> copy = new ArrayList<>(blocks);
    copy.set(index, new Block(original.line(), lines));
    Compiled bad = compile(className, generate(copy, index, className), Files.createDirectories(dir.resolve("bad")));
    assertFalse(bad.errors().isEmpty(), "a broken import is a compile error");
    int readmeLine = original.line() + at;
    assertTrue(bad.errors().stream().anyMatch(e -> e.startsWith("README.md line " + readmeLine + ": ")),
        "the error points at the README line of the import: " + bad.errors());

    List<String> dropped = new ArrayList<>(original.lines());
    dropped.remove(at);
    copy.set(index, new Block(original.line(), dropped));
    assertFalse(compile(className, generate(copy, index, className), Files.createDirectories(dir.resolve("dropped")))
        .errors().isEmpty(), "a missing import is a compile error");
  }

  @Test
  void a_block_that_throws_fails_its_run(@TempDir Path dir) throws Exception {
    List<Block> blocks = List.of(new Block(1, List.of("import dev.autograd.Tensor;", "",
        "Tensor.vector(1, 2).matmul(Tensor.vector(1, 2, 3));")));
    String className = className(blocks, 0);
    Compiled compiled = compile(className, generate(blocks, 0, className), dir);
    assertEquals(List.of(), compiled.errors());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> run(compiled.loader().loadClass(className), false));
    assertTrue(e.getMessage().startsWith("matmul"), e.getMessage());
  }

  @Test
  void a_continued_block_sees_the_previous_ones_variables_and_classes_stay_visible(@TempDir Path dir)
      throws Throwable {
    List<Block> blocks = List.of(
        new Block(1, List.of("import dev.autograd.Tensor;", "final class Twice {", "  static Tensor of(Tensor t) {"
            + " return t.mul(2); }", "}", "Tensor x = Tensor.vector(1, 2);")),
        new Block(10, List.of(CONTINUES, "if (Twice.of(x).sum().item() != 6) throw new AssertionError(\"sum\");")),
        new Block(20, List.of("import dev.autograd.Tensor;", "Tensor y = Twice.of(Tensor.scalar(1));")),
        new Block(30, List.of("import dev.autograd.Tensor;", "Tensor z = x;")));
    for (int i = 0; i < 3; i++) {
      String className = className(blocks, i);
      Compiled compiled = compile(className, generate(blocks, i, className), Files.createDirectories(dir.resolve("" + i)));
      assertEquals(List.of(), compiled.errors(), "block " + i);
      run(compiled.loader().loadClass(className), false);
    }
    Compiled notContinued = compile(className(blocks, 3), generate(blocks, 3, className(blocks, 3)),
        Files.createDirectories(dir.resolve("3")));
    assertTrue(notContinued.errors().stream().anyMatch(e -> e.startsWith("README.md line 31: ") && e.contains("x")),
        "without the marker, the previous block's variables are unknown: " + notContinued.errors());
  }
}
