package dev.autograd.nn.module;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A chain of modules: {@code y = fₖ(… f₂(f₁(x)))}.
 *
 * <p>Parameters are named by position: the {@code weight} of the first module is {@code "0.weight"},
 * the {@code bias} of the third {@code "2.bias"}; buffers likewise ({@code "1.running_mean"}).
 * {@link #train(boolean)} and {@link #eval()} set the mode of the chain and of every module in it.
 */
public final class Sequential implements Module {
  private final List<Module> layers;
  private boolean training = true;

  /**
   * A chain of the given modules, applied in order.
   *
   * @param layers the modules, at least one
   */
  public Sequential(Module... layers) {
    this(List.of(layers));
  }

  /**
   * A chain of the given modules, applied in order.
   *
   * @param layers the modules, at least one
   */
  public Sequential(List<? extends Module> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("Sequential: needs at least one module");
    }
    this.layers = List.copyOf(layers);
  }

  /**
   * The modules in order.
   *
   * @return an unmodifiable list of the modules
   */
  public List<Module> layers() {
    return layers;
  }

  /**
   * The i-th module.
   *
   * @param i the position, from 0
   * @return the module at position i
   */
  public Module layer(int i) {
    if (i < 0 || i >= layers.size()) {
      throw new IndexOutOfBoundsException(
          "Sequential: layer " + i + " does not exist; there are " + layers.size() + " layers");
    }
    return layers.get(i);
  }

  /**
   * Number of modules.
   *
   * @return the number of modules
   */
  public int size() {
    return layers.size();
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor h = x;
    for (Module m : layers) {
      h = m.forward(h);
    }
    return h;
  }

  /**
   * The output of every module in turn: element {@code i} is the output of module {@code i} (the
   * last element is {@link #forward}'s result). Useful for looking at hidden features.
   *
   * @param x the input
   * @return the output of each module, in order
   */
  public List<Tensor> activations(Tensor x) {
    List<Tensor> out = new ArrayList<>(layers.size());
    Tensor h = x;
    for (Module m : layers) {
      h = m.forward(h);
      out.add(h);
    }
    return List.copyOf(out);
  }

  /**
   * The parameters of every module, prefixed by its position.
   *
   * @return the named parameters of all modules, in order
   *
   * @throws IllegalArgumentException when one parameter tensor appears twice (the same module instance
   *     added twice): an optimizer would update it twice per step
   */
  @Override
  public List<Parameter> parameters() {
    List<Parameter> ps = new ArrayList<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < layers.size(); i++) {
      for (Parameter p : layers.get(i).parameters()) {
        Parameter named = p.prefixed(Integer.toString(i));
        if (!seen.add(p.value())) {
          throw new IllegalArgumentException(
              "Sequential: the parameter tensor of '" + named.name() + "' is shared with an earlier module; "
                  + "each module instance may appear only once");
        }
        ps.add(named);
      }
    }
    return List.copyOf(ps);
  }

  /**
   * The buffers of every module, prefixed by its position (such as {@code "1.running_mean"}).
   *
   * @return the named buffers of all modules, in order
   */
  @Override
  public List<Buffer> buffers() {
    List<Buffer> bs = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Buffer b : layers.get(i).buffers()) {
        bs.add(b.prefixed(Integer.toString(i)));
      }
    }
    return List.copyOf(bs);
  }

  /**
   * Converts every module of the chain to {@code dtype} in place, in order (see {@link
   * Module#to(DType)}).
   *
   * @param dtype the precision of the parameters and buffers
   * @return this chain
   * @throws UnsupportedOperationException when a module cannot be converted (the modules before it
   *     are converted)
   */
  @Override
  public Sequential to(DType dtype) {
    for (Module m : layers) {
      m.to(dtype);
    }
    return this;
  }

  /**
   * Sets the mode of this chain and of every module in it.
   *
   * @param on true for training mode, false for evaluation mode
   * @return this chain
   */
  @Override
  public Sequential train(boolean on) {
    training = on;
    for (Module m : layers) {
      m.train(on);
    }
    return this;
  }

  @Override
  public Sequential train() {
    return train(true);
  }

  @Override
  public Sequential eval() {
    return train(false);
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Sequential(");
    for (int i = 0; i < layers.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(layers.get(i));
    }
    return b.append(')').toString();
  }
}
