/**
 * Reverse-mode automatic differentiation: tensors and the recording engine ({@code dev.autograd}),
 * the primitives with their derivative rules ({@code dev.autograd.ops}), gradient checking and
 * property-based gradient testing ({@code dev.autograd.check}), graph drawing ({@code
 * dev.autograd.viz}) and safe file writing ({@code dev.autograd.io}). The kernels in {@code
 * dev.autograd.internal} are not exported; {@link dev.autograd.Runtime} reports which one runs.
 */
module dev.autograd {
  requires dev.ludovic.netlib.blas;
  requires dev.ludovic.netlib.lapack;
  // LAPACK's calls return their status in org.netlib.util.intW, from netlib's f2j jar (no module
  // name in its manifest: the name is derived from the file name arpack_combined_all-0.1.jar).
  requires arpack.combined.all;

  exports dev.autograd;
  exports dev.autograd.ops;
  exports dev.autograd.check;
  exports dev.autograd.viz;
  exports dev.autograd.io;
}
