package dev.autograd.check;

import dev.autograd.Primitive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable set of {@link OpSpec}s, by name: the ops that gradient property tests draw from.
 * {@link #builtIns()} covers every primitive in {@code dev.autograd.ops} (a test proves it by
 * reflection); add your own with {@link #with}.
 *
 * <pre>{@code
 * Catalog ops = Catalog.builtIns().with(OpSpec.unary("cube", x -> new Cube().apply(x), Domain.real()));
 * }</pre>
 */
public final class Catalog {
  private final Map<String, OpSpec> specs;

  private Catalog(Map<String, OpSpec> specs) {
    this.specs = Collections.unmodifiableMap(specs);
  }

  private static final Catalog BUILT_INS = of(BuiltInSpecs.all().toArray(new OpSpec[0]));

  /**
   * Specs for every built-in primitive. Several specs may exercise one primitive in different ways
   * (e.g. {@code pow} with integer, fractional and negative exponents; {@code matmul} with each pair
   * of transpose flags and with vectors).
   *
   * @return the one shared catalog of built-in specs
   */
  public static Catalog builtIns() {
    return BUILT_INS;
  }

  /**
   * A catalog of exactly these specs.
   *
   * @param specs the specs, in the order {@link #specs()} will list them; names unique
   * @return a new catalog
   * @throws IllegalArgumentException when a spec is null or two share a name
   */
  public static Catalog of(OpSpec... specs) {
    Map<String, OpSpec> m = new LinkedHashMap<>();
    for (OpSpec s : specs) {
      add(m, s);
    }
    return new Catalog(m);
  }

  private static void add(Map<String, OpSpec> m, OpSpec s) {
    if (s == null) {
      throw new IllegalArgumentException("catalog: a spec is null");
    }
    if (m.putIfAbsent(s.name(), s) != null) {
      throw new IllegalArgumentException("catalog: two specs are named '" + s.name() + "'; names must be unique");
    }
  }

  /**
   * This catalog plus more specs (names must be new).
   *
   * @param more the specs to add after this catalog's own, in order
   * @return a new catalog; this one is unchanged
   * @throws IllegalArgumentException when a spec is null or its name is already taken
   */
  public Catalog with(OpSpec... more) {
    Map<String, OpSpec> m = new LinkedHashMap<>(specs);
    for (OpSpec s : more) {
      add(m, s);
    }
    return new Catalog(m);
  }

  /**
   * This catalog without the named specs.
   *
   * @param names the names of specs in this catalog
   * @return a new catalog; this one is unchanged
   * @throws IllegalArgumentException when a name is not in this catalog (or is given twice)
   */
  public Catalog without(String... names) {
    Map<String, OpSpec> m = new LinkedHashMap<>(specs);
    for (String n : names) {
      if (m.remove(n) == null) {
        throw new IllegalArgumentException("catalog: no spec named '" + n + "'; known: " + specs.keySet());
      }
    }
    return new Catalog(m);
  }

  /**
   * The specs in the order they were added.
   *
   * @return an unmodifiable list
   */
  public List<OpSpec> specs() {
    return List.copyOf(specs.values());
  }

  /**
   * The spec with this name.
   *
   * @param name the spec's {@link OpSpec#name()}
   * @return the spec
   * @throws IllegalArgumentException when no spec has this name; the message lists the known names
   */
  public OpSpec get(String name) {
    OpSpec s = specs.get(name);
    if (s == null) {
      throw new IllegalArgumentException("catalog: no spec named '" + name + "'; known: " + specs.keySet());
    }
    return s;
  }

  /**
   * Number of specs.
   *
   * @return the number of specs, {@code ≥ 0}
   */
  public int size() {
    return specs.size();
  }

  /**
   * The distinct primitive classes the specs exercise.
   *
   * @return an unmodifiable set in the order first exercised; specs with no
   *     {@link OpSpec#primitive()} add nothing
   */
  public Set<Class<? extends Primitive>> primitives() {
    Set<Class<? extends Primitive>> s = new LinkedHashSet<>();
    for (OpSpec spec : specs.values()) {
      if (spec.primitive() != null) {
        s.add(spec.primitive());
      }
    }
    return Collections.unmodifiableSet(s);
  }

  @Override
  public String toString() {
    return "Catalog" + Arrays.toString(new ArrayList<>(specs.keySet()).toArray());
  }
}
