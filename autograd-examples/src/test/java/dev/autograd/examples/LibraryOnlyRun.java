package dev.autograd.examples;

import dev.autograd.Tensor;

/**
 * The child process of {@link QuietRunTest} that uses the library alone, without the examples'
 * command line: a product large enough to go to the chosen kernel, forward and backward. Prints the
 * kernel's name and a checksum on standard output; the library itself must print nothing.
 */
final class LibraryOnlyRun {
  private LibraryOnlyRun() {}

  public static void main(String[] args) {
    Tensor a = Tensor.randn(1, 128, 96).requiresGrad(true);
    Tensor b = Tensor.randn(2, 96, 64).requiresGrad(true);
    Tensor loss = a.matmul(b).sum();
    loss.backward();
    double g = 0;
    for (double v : a.grad().toArray()) {
      g += v;
    }
    System.out.println("kernel: " + dev.autograd.Runtime.blas());
    System.out.println("loss " + loss.item() + " gradient sum " + g);
  }
}
