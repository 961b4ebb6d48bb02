package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.internal.Gemm;
import org.junit.jupiter.api.Test;

class RuntimeTest {

  @Test
  void the_report_names_the_kernel_that_matmul_uses() {
    assertEquals(Gemm.implementation(), Runtime.blas());
    assertEquals(Gemm.isNative(), Runtime.isNativeBlas());
    assertFalse(Runtime.blas().isBlank());
    assertEquals(dev.autograd.internal.Lapack.implementation(), Runtime.lapack());
    assertEquals(dev.autograd.internal.Lapack.isNative(), Runtime.isNativeLapack());
  }

  @Test
  void the_report_is_one_of_the_documented_forms() {
    String blas = Runtime.blas();
    assertTrue(blas.equals("native BLAS (dev.ludovic.netlib.blas.JNIBLAS)")
        || blas.startsWith("netlib dev.ludovic.netlib.blas.")
        || blas.equals("pure Java (autograd row kernel)"), blas);
    assertEquals(blas.startsWith("native BLAS"), Runtime.isNativeBlas(), blas);
    if (System.getProperty("autograd.blas", "auto").equals("java")) {
      assertEquals("pure Java (autograd row kernel)", blas);
    }
  }
}
