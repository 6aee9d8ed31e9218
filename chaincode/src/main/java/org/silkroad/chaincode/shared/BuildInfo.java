package org.silkroad.chaincode.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Name and version of this chaincode build; the version is written into the jar by the Maven build. */
public final class BuildInfo {

    /** The name the chaincode is deployed under on the channel. */
    public static final String CHAINCODE_NAME = "silkroad";

    private static final String RESOURCE = "/silkroad-chaincode.properties";
    private static final String VERSION = load("version");

    private BuildInfo() {}

    /**
     * The Maven project version of this build.
     *
     * @return e.g. {@code "0.1.0-SNAPSHOT"}
     */
    public static String version() {
        return VERSION;
    }

    private static String load(String name) {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the chaincode jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String value = properties.getProperty(name);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException(RESOURCE + " has no built " + name + ": " + value);
        }
        return value;
    }
}
