package dev.autograd.internal;

import java.util.Arrays;

/**
 * The two convolution kernels on row-major arrays: {@link #unfold} (im2col), which copies every
 * sliding window of an NCHW image into a column, and its adjoint {@link #fold} (col2im), which adds
 * columns back into an image. Geometry is given as plain ints and trusted (the primitives check it).
 * Not part of the public API, and dependent on nothing else in the project.
 *
 * <p>Column layout (PyTorch's {@code F.unfold}): {@code cols[n, (c·kh + i)·kw + j, y·ow + x] =
 * img[n, c, y·sh − ph + i·dh, x·sw − pw + j·dw]}, or {@code pad} where that position lies outside
 * the image.
 */
public final class Im2col {
  private Im2col() {}

  /** Output length of a sliding window along one axis: {@code ⌊(size + 2·pad − dil·(k − 1) − 1) / stride⌋ + 1}. */
  public static int outputSize(int size, int kernel, int stride, int pad, int dilation) {
    return Math.floorDiv(size + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
  }

  /**
   * Writes the columns of {@code img} (shape {@code [n, c, h, w]}) into {@code cols} (shape
   * {@code [n, c·kh·kw, oh·ow]}), every element of it.
   */
  public static void unfold(double[] img, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
      int ph, int pw, int dh, int dw, int oh, int ow, double pad, double[] cols) {
    int l = oh * ow;
    int p = 0;
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        int plane = (b * c + ch) * h * w;
        for (int i = 0; i < kh; i++) {
          for (int j = 0; j < kw; j++) {
            for (int y = 0; y < oh; y++) {
              int iy = y * sh - ph + i * dh;
              if (iy < 0 || iy >= h) {
                Arrays.fill(cols, p, p + ow, pad);
                p += ow;
                continue;
              }
              int row = plane + iy * w;
              int ix = -pw + j * dw;
              for (int x = 0; x < ow; x++, ix += sw) {
                cols[p++] = ix >= 0 && ix < w ? img[row + ix] : pad;
              }
            }
          }
        }
      }
    }
    assert p == n * c * kh * kw * l;
  }

  /**
   * Adds the columns {@code cols} (shape {@code [n, c·kh·kw, oh·ow]}) back into {@code img} (shape
   * {@code [n, c, h, w]}): each column element goes to the image position it was copied from in
   * {@link #unfold}; elements from outside the image are dropped.
   */
  public static void fold(double[] cols, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
      int ph, int pw, int dh, int dw, int oh, int ow, double[] img) {
    int p = 0;
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        int plane = (b * c + ch) * h * w;
        for (int i = 0; i < kh; i++) {
          for (int j = 0; j < kw; j++) {
            for (int y = 0; y < oh; y++) {
              int iy = y * sh - ph + i * dh;
              if (iy < 0 || iy >= h) {
                p += ow;
                continue;
              }
              int row = plane + iy * w;
              int ix = -pw + j * dw;
              for (int x = 0; x < ow; x++, ix += sw) {
                if (ix >= 0 && ix < w) {
                  img[row + ix] += cols[p];
                }
                p++;
              }
            }
          }
        }
      }
    }
  }

  // The same two loops for float32 arrays.

  /** {@link #unfold(double[], int, int, int, int, int, int, int, int, int, int, int, int, int, int, double, double[])} for float32. */
  public static void unfold(float[] img, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
      int ph, int pw, int dh, int dw, int oh, int ow, float pad, float[] cols) {
    int l = oh * ow;
    int p = 0;
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        int plane = (b * c + ch) * h * w;
        for (int i = 0; i < kh; i++) {
          for (int j = 0; j < kw; j++) {
            for (int y = 0; y < oh; y++) {
              int iy = y * sh - ph + i * dh;
              if (iy < 0 || iy >= h) {
                Arrays.fill(cols, p, p + ow, pad);
                p += ow;
                continue;
              }
              int row = plane + iy * w;
              int ix = -pw + j * dw;
              for (int x = 0; x < ow; x++, ix += sw) {
                cols[p++] = ix >= 0 && ix < w ? img[row + ix] : pad;
              }
            }
          }
        }
      }
    }
    assert p == n * c * kh * kw * l;
  }

  /** {@link #fold(double[], int, int, int, int, int, int, int, int, int, int, int, int, int, int, double[])} for float32. */
  public static void fold(float[] cols, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
      int ph, int pw, int dh, int dw, int oh, int ow, float[] img) {
    int p = 0;
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        int plane = (b * c + ch) * h * w;
        for (int i = 0; i < kh; i++) {
          for (int j = 0; j < kw; j++) {
            for (int y = 0; y < oh; y++) {
              int iy = y * sh - ph + i * dh;
              if (iy < 0 || iy >= h) {
                p += ow;
                continue;
              }
              int row = plane + iy * w;
              int ix = -pw + j * dw;
              for (int x = 0; x < ow; x++, ix += sw) {
                if (ix >= 0 && ix < w) {
                  img[row + ix] += cols[p];
                }
                p++;
              }
            }
          }
        }
      }
    }
  }
}
