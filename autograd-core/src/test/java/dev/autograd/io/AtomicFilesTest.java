package dev.autograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  private static Set<PosixFilePermission> permissions(Path p) throws IOException {
    return Files.getPosixFilePermissions(p);
  }

  /** The temporary files of target {@code name} in {@code folder}, by their naming pattern. */
  private static List<Path> temporaries(Path folder, String name) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith("." + name + ".") && n.endsWith(".tmp");
      }).sorted().toList();
    }
  }

  @Test
  void a_written_file_has_the_permissions_of_any_new_file_of_the_process() throws IOException {
    Path plain = Files.createFile(dir.resolve("plain.txt"));
    Path saved = AtomicFiles.write(dir.resolve("saved.txt"), tmp -> Files.writeString(tmp, "one"));
    assertEquals(PosixFilePermissions.toString(permissions(plain)), PosixFilePermissions.toString(permissions(saved)));

    // Replacing it, and writing into a folder the save creates, give the same.
    AtomicFiles.write(saved, tmp -> Files.writeString(tmp, "two"));
    assertEquals("two", Files.readString(saved));
    assertEquals(permissions(plain), permissions(saved));
    Path nested = AtomicFiles.write(dir.resolve("a/b/nested.txt"), tmp -> Files.writeString(tmp, "x"));
    assertEquals(permissions(plain), permissions(nested));
    assertEquals(permissions(Files.createDirectory(dir.resolve("plain-dir"))), permissions(dir.resolve("a/b")));
  }

  @Test
  void a_failing_content_leaves_the_target_as_it_was_and_no_temporary_file() throws IOException {
    Path target = AtomicFiles.write(dir.resolve("t.bin"), tmp -> Files.writeString(tmp, "old"));
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
      Files.writeString(tmp, "half of the new");
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(), temporaries(dir, "t.bin"));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(target), s.toList());
    }
  }

  @Test
  void the_temporary_file_is_named_after_the_target_and_this_process() throws IOException {
    List<String> seen = new ArrayList<>();
    AtomicFiles.write(dir.resolve("m.txt"), tmp -> {
      seen.add(tmp.getFileName().toString());
      assertEquals(dir.toAbsolutePath(), tmp.getParent());
      assertTrue(Files.isRegularFile(tmp) && Files.size(tmp) == 0, "an empty file to fill");
      Files.writeString(tmp, "m");
    });
    String name = seen.get(0);
    String prefix = ".m.txt." + AtomicFiles.owner() + ".";
    assertTrue(name.startsWith(prefix) && name.endsWith(".tmp") && name.length() > prefix.length() + 4, name);
    assertTrue(AtomicFiles.owner().startsWith(ProcessHandle.current().pid() + "-"), AtomicFiles.owner());
    assertEquals(List.of(), temporaries(dir, "m.txt"));
  }

  @Test
  void a_save_removes_the_temporary_files_of_its_target_left_by_processes_that_no_longer_run() throws IOException {
    long self = ProcessHandle.current().pid();
    Path dead = Files.writeString(dir.resolve(".f.bin.999999999-1700000000000.k3j.tmp"), "no such process");
    Path reused = Files.writeString(dir.resolve(".f.bin." + self + "-1.zz.tmp"), "this id, another start");
    Path live = Files.writeString(dir.resolve(".f.bin." + AtomicFiles.owner() + ".a1.tmp"), "a running save");
    List<Path> others = new ArrayList<>();
    for (String n : List.of(".g.bin.999999999-1.k3j.tmp", ".f.bin.x.999999999-1.k3j.tmp", ".f.bin.123456.tmp",
        "f.bin.999999999-1.k3j.tmp", ".f.bin.999999999-1.k3j.tmp.keep", "f.bin.bak")) {
      others.add(Files.writeString(dir.resolve(n), "not a stale temporary of f.bin"));
    }

    Path target = AtomicFiles.write(dir.resolve("f.bin"), tmp -> Files.writeString(tmp, "new"));

    assertEquals("new", Files.readString(target));
    assertFalse(Files.exists(dead), "temporary file of a process that does not exist");
    assertFalse(Files.exists(reused), "temporary file of an earlier process with this process's id");
    assertTrue(Files.exists(live), "temporary file of a save in progress in this process");
    for (Path p : others) {
      assertTrue(Files.exists(p), "left alone: " + p.getFileName());
    }
    assertEquals(0, AtomicFiles.removeStale(dir, "f.bin"), "nothing stale is left");
  }

  /**
   * A child process saving a 20 MB file in a loop is killed 12 times while it writes. At any time at
   * most one temporary file of the target exists (the last child's), the target is absent or a
   * complete version, and the next save leaves no temporary file at all.
   */
  @Test
  void saves_killed_mid_write_leave_at_most_one_temporary_file_until_the_next_save() throws Exception {
    int size = 20 * 1024 * 1024;
    Path folder = Files.createDirectory(dir.resolve("out"));
    Path target = folder.resolve("big.bin");
    Path log = dir.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Random random = new Random(12);
    int leftBehind = 0;
    long lastVersion = -1;
    for (int run = 0; run < 12; run++) {
      long first = run * 1_000_000L;
      Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), KilledSaveWriter.class.getName(),
          target.toString(), Integer.toString(size), Long.toString(first))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(log.toFile())
          .start();
      try {
        // Wait until this child has a temporary file of its own, then kill it a little later.
        String mine = ".big.bin." + child.pid() + "-";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temporaries(folder, "big.bin").stream().noneMatch(p -> p.getFileName().toString().startsWith(mine))) {
          if (!child.isAlive()) {
            fail("the child ended with " + child.exitValue() + ": " + Files.readString(log));
          }
          if (System.nanoTime() > deadline) {
            fail("the child wrote no temporary file within 60 s");
          }
          Thread.sleep(1);
        }
        Thread.sleep(random.nextInt(60));
      } finally {
        child.destroyForcibly();
        child.waitFor(60, TimeUnit.SECONDS);
      }
      assertFalse(child.isAlive());

      List<Path> tmps = temporaries(folder, "big.bin");
      assertTrue(tmps.size() <= 1, "after kill " + (run + 1) + ": " + tmps);
      leftBehind += tmps.size();
      if (Files.exists(target)) {
        long version = KilledSaveWriter.check(Files.readAllBytes(target), size);
        assertNotEquals(-1, version, "after kill " + (run + 1) + " the target is not one complete version");
        assertTrue(version >= lastVersion && version <= first + 1_000_000L, "version " + version);
        lastVersion = version;
      } else {
        assertEquals(-1, lastVersion, "the target disappeared after kill " + (run + 1));
      }
    }
    assertTrue(leftBehind > 0, "no kill happened during a save");

    AtomicFiles.write(target, tmp -> {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        KilledSaveWriter.write(out, 777, size);
      }
    });
    assertEquals(List.of(), temporaries(folder, "big.bin"));
    assertEquals(777, KilledSaveWriter.check(Files.readAllBytes(target), size));
    try (Stream<Path> s = Files.list(folder)) {
      assertEquals(List.of(target), s.toList());
    }
  }
}
