package dev.autograd

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test

/** Tensor's operator-named methods, used as Kotlin operators: values and gradients after backward(). */
class KotlinOperatorsTest {

  @Test
  fun `arithmetic operators build the same graph as the named methods`() {
    val a = Tensor.vector(1.0, 2.0, 3.0).requiresGrad(true)
    val b = Tensor.vector(4.0, -5.0, 6.0).requiresGrad(true)
    val c = Tensor.vector(0.5, 0.25, -1.0).requiresGrad(true)
    val d = Tensor.vector(2.0, 3.0, 4.0).requiresGrad(true)
    val e = Tensor.vector(8.0, -2.0, 0.5).requiresGrad(true)

    val y = a * b + c - d / e
    val expected = DoubleArray(3) { i ->
      a.toArray()[i] * b.toArray()[i] + c.toArray()[i] - d.toArray()[i] / e.toArray()[i]
    }
    assertArrayEquals(expected, y.toArray(), 1e-12)

    y.sum().backward()
    assertArrayEquals(b.toArray(), a.grad().toArray(), 1e-12)            // ∂/∂a = b
    assertArrayEquals(a.toArray(), b.grad().toArray(), 1e-12)            // ∂/∂b = a
    assertArrayEquals(doubleArrayOf(1.0, 1.0, 1.0), c.grad().toArray(), 1e-12)
    assertArrayEquals(DoubleArray(3) { i -> -1 / e.toArray()[i] }, d.grad().toArray(), 1e-12)
    assertArrayEquals(DoubleArray(3) { i -> d.toArray()[i] / (e.toArray()[i] * e.toArray()[i]) },
        e.grad().toArray(), 1e-12)
  }

  @Test
  fun `unary minus negates and its gradient is minus one`() {
    val x = Tensor.vector(1.5, -2.0).requiresGrad(true)
    val y = -x
    assertArrayEquals(doubleArrayOf(-1.5, 2.0), y.toArray(), 0.0)
    (y * y * y).sum().backward()                                          // d(-x)³/dx = -3x²
    assertArrayEquals(doubleArrayOf(-3 * 1.5 * 1.5, -3 * 4.0), x.grad().toArray(), 1e-12)
  }

  @Test
  fun `operators with a plain number on the right`() {
    val x = Tensor.scalar(3.0).requiresGrad(true)
    val y = (x * 2.0 + 1.0 - 0.5) * x                                     // 2x² + 0.5x
    assertEquals(2 * 9 + 1.5, y.item(), 1e-12)
    y.backward()
    assertEquals(4 * 3 + 0.5, x.grad().item(), 1e-12)
  }

  @Test
  fun `compound assignment rebinds a var to a new tensor`() {
    val x = Tensor.vector(1.0, 2.0).requiresGrad(true)
    var acc = x
    acc += x                                                              // plus, then reassign
    acc *= x
    acc -= 1.0
    assertArrayEquals(doubleArrayOf(1.0, 7.0), acc.toArray(), 1e-12)     // 2x² − 1
    acc.sum().backward()
    assertArrayEquals(doubleArrayOf(4.0, 8.0), x.grad().toArray(), 1e-12)
  }

  @Test
  fun `a null operand from Java is rejected with the operator's name`() {
    val x = Tensor.scalar(1.0)
    val none: Tensor? = null
    val error = assertThrows(IllegalArgumentException::class.java) { x.plus(none) }
    assertEquals(true, error.message!!.startsWith("plus"), error.message)
  }
}
