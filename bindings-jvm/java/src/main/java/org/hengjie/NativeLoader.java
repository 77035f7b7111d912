package org.hengjie;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads {@code libhengjie_jvm} once, on first use: from the path in the system property
 * {@code hengjie.lib} or else the environment variable {@code HENGJIE_JNI_LIB} when either is set,
 * otherwise from the jar ({@code /native/<os>-<arch>/libhengjie_jvm.so}), copied to a temporary
 * file that is deleted once loaded.
 */
final class NativeLoader {
    static final String PROPERTY = "hengjie.lib";
    static final String ENVIRONMENT = "HENGJIE_JNI_LIB";

    private static volatile boolean loaded;
    private static String source;
    private static HengjieException failure;

    private NativeLoader() {}

    /** Loads the library if it is not yet loaded; throws a HengjieException saying why it cannot be. */
    static void ensure() {
        if (!loaded) {
            load();
        }
    }

    /** Where the library was loaded from: a file path, or {@code jar:<resource>}. */
    static synchronized String source() {
        ensure();
        return source;
    }

    private static synchronized void load() {
        if (loaded) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            String override = System.getProperty(PROPERTY);
            if (override == null || override.isEmpty()) {
                override = System.getenv(ENVIRONMENT);
            }
            if (override != null && !override.isEmpty()) {
                System.load(Path.of(override).toAbsolutePath().toString());
                source = override;
            } else {
                source = "jar:" + loadFromJar();
            }
            loaded = true;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            failure = new HengjieException("cannot load the hengjie native library: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    /** The platform directory in the jar: linux-x86_64, linux-aarch64, ... */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osPart = os.startsWith("linux") ? "linux"
                : os.startsWith("mac") || os.startsWith("darwin") ? "macos"
                : os.startsWith("windows") ? "windows" : os.replace(' ', '_');
        String archPart = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
        return osPart + "-" + archPart;
    }

    private static String loadFromJar() throws IOException {
        String name = System.mapLibraryName("hengjie_jvm");
        String resource = "/native/" + platform() + "/" + name;
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("this jar has no native library for " + platform() + " (" + resource
                        + "); build one (docs/java.md, \"Other platforms\") or set -D" + PROPERTY
                        + " or " + ENVIRONMENT + " to its path");
            }
            Path file = Files.createTempFile("hengjie_jvm-", "-" + name);
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            } finally {
                // Once loaded the mapping stays valid on Linux and macOS; Windows keeps the file locked.
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            }
        }
        return resource;
    }
}
