package org.hengjie;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository's conformance vectors (tests/vectors/**.json), found from {@code -Dhengjie.root}. */
final class Vectors {
    private Vectors() {}

    static Path root() {
        return Paths.get(System.getProperty("hengjie.root", ".")).toAbsolutePath().normalize();
    }

    static List<Path> files() {
        Path dir = root().resolve("tests").resolve("vectors");
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
