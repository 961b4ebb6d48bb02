package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.autograd.internal.Gemm;
import org.junit.jupiter.api.Test;

class RuntimeTest {

  @Test
  void the_report_names_the_kernel_that_matmul_uses() {
    assertEquals(Gemm.implementation(), Runtime.blas());
    assertEquals(Gemm.isNative(), Runtime.isNativeBlas());
    assertFalse(Runtime.blas().isBlank());
  }
}
