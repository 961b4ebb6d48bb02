package dev.autograd.nn.module;

import dev.autograd.DType;
import dev.autograd.NN;
import dev.autograd.ops.Precision;
import dev.autograd.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A lookup table of vectors (PyTorch's {@code nn.Embedding}) by {@link NN#embedding(int[], int[], Tensor)}:
 * index {@code i} maps to row {@code i} of the weight {@code [V, D]}, named {@code "weight"}, which
 * starts as PyTorch's does, {@code N(0, 1)}, from a seeded generator.
 *
 * <p>{@link #forward} takes the indices as a tensor of whole numbers (of any shape {@code S}) and
 * returns {@code [S..., D]}; {@link #lookup(int...)} takes them as ints.
 */
public final class Embedding implements Module {
  private Tensor weight;

  /**
   * A table of {@code count} vectors of {@code dim} values, drawn from {@code N(0, 1)}.
   *
   * @param count the number of rows V (the indices run 0 … V − 1)
   * @param dim the length D of each vector
   * @param seed the seed of the initialisation
   */
  public Embedding(int count, int dim, long seed) {
    this(count, dim, new SplittableRandom(seed));
  }

  /**
   * A table of {@code count} vectors of {@code dim} values, drawn from {@code N(0, 1)} by {@code rng}.
   *
   * @param count the number of rows V
   * @param dim the length D of each vector
   * @param rng the generator of the initial values
   */
  public Embedding(int count, int dim, RandomGenerator rng) {
    if (count < 1 || dim < 1) {
      throw new IllegalArgumentException(
          "Embedding: needs at least one row and one column; got count = " + count + ", dim = " + dim);
    }
    if (rng == null) {
      throw new IllegalArgumentException("Embedding: rng is null");
    }
    this.weight = Tensor.normal(rng, 0, 1, count, dim).requiresGrad(true).label("weight");
  }

  /**
   * The number of rows V.
   *
   * @return the number of vectors
   */
  public int count() {
    return weight.dim(0);
  }

  /**
   * The length D of each vector.
   *
   * @return the embedding dimension
   */
  public int dim() {
    return weight.dim(1);
  }

  /**
   * The live table {@code [V, D]}.
   *
   * @return the weight tensor
   */
  public Tensor weight() {
    return weight;
  }

  /**
   * The rows for the indices in {@code indices}, a tensor of whole numbers in {@code 0 … V − 1}.
   *
   * @param indices the indices, of any shape S
   * @return {@code [S..., D]}
   */
  @Override
  public Tensor forward(Tensor indices) {
    double[] v = Precision.values(indices);
    int[] idx = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            toString() + ": indices must be whole numbers; got " + v[i] + " at position " + i);
      }
      idx[i] = (int) v[i];
    }
    return NN.embedding(idx, indices.shape(), weight);
  }

  /**
   * The rows for a vector of indices.
   *
   * @param indices row numbers in {@code 0 … V − 1}
   * @return {@code [indices.length, D]}
   */
  public Tensor lookup(int... indices) {
    return NN.embedding(indices, weight);
  }

  /**
   * Converts the table to {@code dtype} in place (see {@link Module#to(DType)}).
   *
   * @param dtype the precision of the parameters
   * @return this table
   */
  @Override
  public Embedding to(DType dtype) {
    weight = Layers.converted(weight, dtype);
    return this;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(new Parameter("weight", weight));
  }

  @Override
  public String toString() {
    return "Embedding(" + count() + ", " + dim() + ")";
  }
}
