package dev.autograd.examples.lecture;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import dev.autograd.examples.Context;
import dev.autograd.examples.Example;
import dev.autograd.examples.ExampleResult;
import dev.autograd.viz.Dot;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * Part 8: the computation graph of a small network, drawn like the lecture's backpropagation
 * diagrams. One input {@code x}, one hidden sigmoid unit and one sigmoid output, with the lecture's
 * squared error:
 *
 * <pre>
 *   a₁ = w₁·x + b₁,  z = σ(a₁),  a₂ = w₂·z + b₂,  ŷ = σ(a₂),  L = ½(y − ŷ)²
 * </pre>
 *
 * Each box shows a value from the forward pass and, in red, the gradient {@code ∂L/∂·} the backward
 * pass sends to it. The graph is written as Graphviz DOT and rendered to PNG where the {@code dot}
 * program is installed. The gradients are also checked against finite differences.
 */
@Command(name = "graph",
    description = "Part 8: the computation graph of a small network as Graphviz DOT (PNG where 'dot' is installed).")
public final class GraphExample extends Example {

  @Override
  public String name() {
    return "graph";
  }

  @Override
  public String title() {
    return "8. The computation graph, as in the backpropagation diagrams";
  }

  /** L(w₁, b₁, w₂, b₂) for input x = 1.5 and target y = 1. */
  static Tensor loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
    Tensor x = Tensor.scalar(1.5).label("x");
    Tensor y = Tensor.scalar(1).label("y");
    Tensor a1 = w1.mul(x).label("w₁·x").add(b1).label("a₁");
    Tensor z = a1.sigmoid().label("z = σ(a₁)");
    Tensor a2 = w2.mul(z).label("w₂·z").add(b2).label("a₂");
    Tensor yHat = a2.sigmoid().label("ŷ = σ(a₂)");
    Tensor error = y.sub(yHat).label("y − ŷ");
    return error.square().label("(y − ŷ)²").mul(0.5).label("L = ½(y − ŷ)²");
  }

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    Tensor w1 = Tensor.scalar(0.8).requiresGrad(true).label("w₁");
    Tensor b1 = Tensor.scalar(-0.5).requiresGrad(true).label("b₁");
    Tensor w2 = Tensor.scalar(1.2).requiresGrad(true).label("w₂");
    Tensor b2 = Tensor.scalar(0.3).requiresGrad(true).label("b₂");
    Tensor loss = loss(w1, b1, w2, b2);

    Path dotFile = Dot.of(loss).showGradients(true)
        .title("Backpropagation through  L = ½(y − σ(w₂·σ(w₁·x + b₁) + b₂))²   (values, and ∂L/∂· in red)")
        .write(ctx.file("8-graph.dot"));

    Gradients g = Autograd.gradients(loss, w1, b1, w2, b2);
    boolean checked = GradCheck.check(xs -> loss(xs[0], xs[1], xs[2], xs[3]),
        w1.detach(), b1.detach(), w2.detach(), b2.detach()).passed();

    ExampleResult.Builder r = result()
        .metric("loss", loss.item())
        .metric("dL_dw1", g.get(0).item())
        .metric("dL_db1", g.get(1).item())
        .metric("dL_dw2", g.get(2).item())
        .metric("dL_db2", g.get(3).item())
        .metric("gradient_check_passed", checked ? 1 : 0)
        .file(dotFile)
        .line(String.format(Locale.ROOT, "L = %.6f;  ∂L/∂w₁ = %.6f, ∂L/∂b₁ = %.6f, ∂L/∂w₂ = %.6f, ∂L/∂b₂ = %.6f",
            loss.item(), g.get(0).item(), g.get(1).item(), g.get(2).item(), g.get(3).item()))
        .line("gradients vs finite differences: " + (checked ? "agree" : "DISAGREE"));

    Path png = ctx.file("8-graph.png");
    String rendered = render(dotFile, png);
    if (rendered == null) {
      r.file(png).line("rendered with Graphviz");
    } else {
      r.line("wrote the DOT file only (" + rendered + "); render it with: dot -Tpng "
          + dotFile.getFileName() + " -o " + png.getFileName());
    }
    return r.build();
  }

  /** Renders a DOT file to PNG with Graphviz; returns null on success, else why not. */
  static String render(Path dotFile, Path png) throws InterruptedException {
    if (!onPath("dot")) {
      return "Graphviz 'dot' is not installed";
    }
    try {
      Process p = new ProcessBuilder("dot", "-Tpng", "-Gdpi=110", dotFile.toString(), "-o", png.toString())
          .redirectErrorStream(true).start();
      String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "dot did not finish within a minute";
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(png)) {
        return "dot failed: " + messages;
      }
      return null;
    } catch (java.io.IOException e) {
      return "could not run dot: " + e.getMessage();
    }
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
