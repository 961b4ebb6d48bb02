package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe for a native BLAS library, on file trees laid out like a Linux system's. */
class NativeLibraryTest {

  @TempDir Path root;

  /** The start of an ELF shared object of this JVM's word size (the probe reads no further). */
  private static byte[] elf(boolean sixtyFour) {
    byte[] b = new byte[64];
    b[0] = 0x7f;
    b[1] = 'E';
    b[2] = 'L';
    b[3] = 'F';
    b[4] = (byte) (sixtyFour ? 2 : 1);
    return b;
  }

  private static final boolean JVM64 = !"32".equals(System.getProperty("sun.arch.data.model"));

  private Path library(String dir) throws IOException {
    Path d = Files.createDirectories(root.resolve(dir));
    return Files.write(d.resolve("libblas.so.3"), elf(JVM64));
  }

  private void conf(String relative, String text) throws IOException {
    Path f = root.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  private Optional<Path> probe(String ldLibraryPath) {
    return Gemm.NativeLibrary.find("libblas.so.3", Gemm.NativeLibrary.searchPath(root, ldLibraryPath, "amd64"));
  }

  /** A Debian-like tree: ld.so.conf includes ld.so.conf.d/*.conf, which lists the multiarch folders. */
  private void debianConf() throws IOException {
    conf("etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n\n");
    conf("etc/ld.so.conf.d/libc.conf", "# libc default configuration\n/usr/local/lib\n");
    conf("etc/ld.so.conf.d/x86_64-linux-gnu.conf", "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n"
        + "/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n");
    Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
    Files.createDirectories(root.resolve("usr/local/lib"));
  }

  @Test
  void not_found_when_no_folder_of_the_search_path_has_the_library() throws IOException {
    debianConf();
    Files.writeString(root.resolve("usr/lib/x86_64-linux-gnu/libopenblas.so.0"), "another library");
    assertEquals(Optional.empty(), probe(""));
    assertEquals(Optional.empty(), probe(root.resolve("nowhere") + ":" + root.resolve("usr/local/lib")));
  }

  @Test
  void found_in_a_folder_listed_by_an_included_conf_file() throws IOException {
    debianConf();
    conf("etc/ld.so.conf.d/zz-blas.conf", "/opt/blas/lib   # from a package\n");
    Path lib = library("opt/blas/lib");
    assertEquals(Optional.of(lib), probe(""));
    List<Path> path = Gemm.NativeLibrary.searchPath(root, "", "amd64");
    assertTrue(path.indexOf(root.resolve("usr/local/lib")) < path.indexOf(root.resolve("opt/blas/lib")),
        "conf files in sorted order: " + path);
  }

  @Test
  void found_in_the_multiarch_folder_without_any_conf_file() throws IOException {
    Path lib = library("usr/lib/x86_64-linux-gnu");
    assertEquals(Optional.of(lib), probe(""));
    assertEquals(Optional.empty(), Gemm.NativeLibrary.find("libblas.so.3",
        Gemm.NativeLibrary.searchPath(root, "", "no-such-arch")), "another architecture's folder is not searched");
    Path plain = library("usr/lib");
    assertEquals(Optional.of(plain), Gemm.NativeLibrary.find("libblas.so.3",
        Gemm.NativeLibrary.searchPath(root, "", "no-such-arch")));
  }

  @Test
  void ld_library_path_comes_first() throws IOException {
    debianConf();
    library("usr/lib/x86_64-linux-gnu");
    Path mine = library("home/me/lib");
    assertEquals(Optional.of(mine), probe(root.resolve("empty") + "::" + root.resolve("home/me/lib")));
    List<Path> path = Gemm.NativeLibrary.searchPath(root, root.resolve("home/me/lib").toString(), "amd64");
    assertEquals(root.resolve("home/me/lib"), path.get(0));
  }

  @Test
  void a_symbolic_link_counts_when_its_file_exists() throws IOException {
    Path real = library("usr/lib/x86_64-linux-gnu/openblas-pthread");
    Path dir = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
    Path link = Files.createSymbolicLink(dir.resolve("libblas.so.3"), root.resolve("etc/alternatives/libblas.so.3"));
    assertEquals(Optional.empty(), probe(""), "a dangling link (a broken alternatives entry)");
    Files.createDirectories(root.resolve("etc/alternatives"));
    Files.createSymbolicLink(root.resolve("etc/alternatives/libblas.so.3"), real);
    assertEquals(Optional.of(link), probe(""));
  }

  @Test
  void a_file_that_is_not_an_elf_object_of_this_word_size_does_not_count() throws IOException {
    Path dir = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
    Path lib = Files.writeString(dir.resolve("libblas.so.3"), "INPUT(libopenblas.so.0)\n");
    assertEquals(Optional.empty(), probe(""), "a linker script");
    Files.write(lib, new byte[] {0x7f, 'E'});
    assertEquals(Optional.empty(), probe(""), "a truncated file");
    Files.write(lib, elf(!JVM64));
    assertEquals(Optional.empty(), probe(""), "the other word size");
    Files.write(lib, elf(JVM64));
    assertEquals(Optional.of(lib), probe(""));
    assertTrue(Gemm.NativeLibrary.looksLoadable(lib));
    assertFalse(Gemm.NativeLibrary.looksLoadable(dir), "a folder");
  }

  @Test
  void include_cycles_and_relative_includes_are_followed_once() throws IOException {
    conf("etc/ld.so.conf", "include ld.so.conf.d/*.conf\ninclude /etc/ld.so.conf\n");
    conf("etc/ld.so.conf.d/a.conf", "include /etc/ld.so.conf\n/srv/lib,/srv/lib2:/srv/lib3\n");
    Files.createDirectories(root.resolve("srv/lib"));
    Path lib = library("srv/lib3");
    assertEquals(Optional.of(lib), probe(""));
    List<Path> path = Gemm.NativeLibrary.searchPath(root, "", "amd64");
    assertEquals(List.of(root.resolve("srv/lib"), root.resolve("srv/lib3")), path.subList(0, 2),
        "listed folders that exist, in order, each once: " + path);
  }

  @Test
  void a_name_with_a_slash_is_checked_as_a_path() throws IOException {
    Path lib = library("opt/custom");
    assertEquals(Optional.of(lib), Gemm.NativeLibrary.find(lib.toString(), List.of()));
    assertEquals(Optional.empty(), Gemm.NativeLibrary.find(root.resolve("opt/none.so").toString(), List.of(root)));
  }

  @Test
  void in_auto_mode_the_native_binding_is_used_only_when_the_probe_finds_the_library() {
    String wanted = System.getProperty("autograd.blas", "auto");
    if (wanted.equals("auto") && Gemm.NativeLibrary.probed()) {
      assertEquals(Gemm.NativeLibrary.find().isPresent(), Gemm.isNative(), Gemm.implementation());
    } else if (wanted.equals("java")) {
      assertEquals("pure Java (autograd row kernel)", Gemm.implementation());
    }
  }
}
