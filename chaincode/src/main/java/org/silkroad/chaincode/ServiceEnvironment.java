package org.silkroad.chaincode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks the TLS environment of the chaincode service before the shim starts, because the shim checks it late.
 *
 * <p>fabric-chaincode-shim 2.5.8 serves TLS with the PEM files in {@code CORE_TLS_CLIENT_KEY_FILE} and
 * {@code CORE_TLS_CLIENT_CERT_FILE}, but each time a peer connects it also builds a client TLS context from
 * {@code CORE_TLS_CLIENT_KEY_PATH} and {@code CORE_TLS_CLIENT_CERT_PATH} (files holding the PEM <em>base64-encoded on
 * one line</em>, as a peer writes them for chaincode it launches) and {@code CORE_PEER_TLS_ROOTCERT_FILE} (PEM). When
 * any of those is missing or malformed, the shim logs an error and leaves the peer's stream hanging; the process keeps
 * listening as if healthy. Checked here, the same mistake stops the process at start with the variable's name.
 */
final class ServiceEnvironment {

    static final String SERVER_ADDRESS = "CHAINCODE_SERVER_ADDRESS";
    static final String TLS_ENABLED = "CORE_PEER_TLS_ENABLED";
    static final String KEY_FILE = "CORE_TLS_CLIENT_KEY_FILE";
    static final String CERT_FILE = "CORE_TLS_CLIENT_CERT_FILE";
    static final String KEY_PATH = "CORE_TLS_CLIENT_KEY_PATH";
    static final String CERT_PATH = "CORE_TLS_CLIENT_CERT_PATH";
    static final String ROOT_CERT_FILE = "CORE_PEER_TLS_ROOTCERT_FILE";

    private ServiceEnvironment() {}

    /**
     * Finds what is wrong with a service's TLS settings.
     *
     * @param env the process environment
     * @return one line per problem, naming the variable; empty when the settings are usable or TLS is off
     */
    static List<String> tlsProblems(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        boolean service = !blank(env.get(SERVER_ADDRESS));
        boolean tls = Boolean.parseBoolean(env.get(TLS_ENABLED));
        String clientCa = env.get(ChaincodeMain.CLIENT_CA_FILE);
        if (!blank(clientCa)) {
            if (!service) {
                problems.add(ChaincodeMain.CLIENT_CA_FILE + " applies to the chaincode service only; set "
                        + SERVER_ADDRESS + " as well");
            }
            if (!tls) {
                problems.add(ChaincodeMain.CLIENT_CA_FILE + " needs TLS: set " + TLS_ENABLED + "=true");
            }
            checkPem(problems, ChaincodeMain.CLIENT_CA_FILE, clientCa);
        }
        if (service && tls) {
            checkPem(problems, KEY_FILE, env.get(KEY_FILE));
            checkPem(problems, CERT_FILE, env.get(CERT_FILE));
            checkBase64Pem(problems, KEY_PATH, env.get(KEY_PATH));
            checkBase64Pem(problems, CERT_PATH, env.get(CERT_PATH));
            checkPem(problems, ROOT_CERT_FILE, env.get(ROOT_CERT_FILE));
        }
        return problems;
    }

    private static void checkPem(List<String> problems, String variable, String file) {
        String text = read(problems, variable, file);
        if (text != null && !text.contains("-----BEGIN ")) {
            problems.add(variable + "=" + file + " is not a PEM file");
        }
    }

    private static void checkBase64Pem(List<String> problems, String variable, String file) {
        String text = read(problems, variable, file);
        if (text == null) {
            return;
        }
        try {
            // The shim decodes with the basic decoder: one line, no line break even at the end.
            String decoded = new String(Base64.getDecoder().decode(text), ISO_8859_1);
            if (!decoded.contains("-----BEGIN ")) {
                problems.add(variable + "=" + file + " decodes from base64 but not to PEM");
            }
        } catch (IllegalArgumentException e) {
            problems.add(variable + "=" + file + " must hold the PEM base64-encoded on one line without a final line"
                    + " break (base64 -w0): " + e.getMessage());
        }
    }

    private static String read(List<String> problems, String variable, String file) {
        if (blank(file)) {
            problems.add(variable + " is not set");
            return null;
        }
        try {
            return Files.readString(Path.of(file), ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            problems.add(variable + "=" + file + " cannot be read: " + e);
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
