package org.silkroad.gateway.shared;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chaincode's refusal as it reaches the client: the Fabric Gateway service only passes the chaincode's message
 * text, wrapped as {@code chaincode response 500, NOT_FOUND: ping 42 does not exist}. The chaincode puts a stable
 * code first, so the code is parsed from that text.
 *
 * @param code    the stable code, e.g. {@code NOT_FOUND}
 * @param message the chaincode's explanation after the code
 */
public record ChaincodeError(String code, String message) {

    private static final Pattern CHAINCODE_RESPONSE = Pattern.compile("chaincode response \\d{3}, (.*)", Pattern.DOTALL);
    private static final Pattern CODED = Pattern.compile("([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*):\\s*(.*)", Pattern.DOTALL);

    public ChaincodeError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** Whether a Fabric error message is a chaincode's response (as opposed to a peer or transport error). */
    public static boolean isChaincodeResponse(String fabricMessage) {
        return fabricMessage != null && CHAINCODE_RESPONSE.matcher(fabricMessage).find();
    }

    /**
     * The coded chaincode error inside a Fabric error message, if it holds one.
     *
     * @param fabricMessage a gRPC status description or an endorser's error detail
     * @return empty if the message is not a chaincode response, or the chaincode gave no code
     */
    public static Optional<ChaincodeError> parse(String fabricMessage) {
        if (fabricMessage == null) {
            return Optional.empty();
        }
        Matcher response = CHAINCODE_RESPONSE.matcher(fabricMessage);
        if (!response.find()) {
            return Optional.empty();
        }
        Matcher coded = CODED.matcher(response.group(1));
        if (!coded.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ChaincodeError(coded.group(1), coded.group(2).strip()));
    }
}
