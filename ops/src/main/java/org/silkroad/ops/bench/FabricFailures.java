package org.silkroad.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.Status;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Names a failed Fabric Gateway call by one stable code, for the failure counts: the chaincode's own code when it
 * refused ({@code NOTE_SPENT}), else the step and the gRPC status ({@code ENDORSE_ABORTED},
 * {@code COMMIT_STATUS_DEADLINE_EXCEEDED}). The Gateway service passes only the chaincode's message text,
 * {@code chaincode response 500, NOTE_SPENT: ...}, in the status or in an endorser's error detail.
 */
final class FabricFailures {

    private static final Pattern CHAINCODE_RESPONSE = Pattern.compile("chaincode response \\d{3}, (.*)", Pattern.DOTALL);
    private static final Pattern CODED = Pattern.compile("([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*):\\s*(.*)", Pattern.DOTALL);

    private FabricFailures() {
    }

    /**
     * @param step {@code ENDORSE}, {@code SUBMIT}, {@code COMMIT_STATUS} or {@code EVALUATE}
     */
    static String code(String step, Status status, List<ErrorDetail> details) {
        List<String> messages = new ArrayList<>();
        if (status.getDescription() != null) {
            messages.add(status.getDescription());
        }
        details.forEach(d -> messages.add(d.getMessage()));
        for (String message : messages) {
            Optional<String> code = chaincodeCode(message);
            if (code.isPresent()) {
                return code.get();
            }
        }
        return step + "_" + status.getCode().name();
    }

    /** The stable code at the start of a chaincode's refusal, if the message is one. */
    static Optional<String> chaincodeCode(String fabricMessage) {
        if (fabricMessage == null) {
            return Optional.empty();
        }
        Matcher response = CHAINCODE_RESPONSE.matcher(fabricMessage);
        if (!response.find()) {
            return Optional.empty();
        }
        Matcher coded = CODED.matcher(response.group(1));
        return coded.matches() ? Optional.of(coded.group(1)) : Optional.of("CHAINCODE_ERROR");
    }

    /** A one-line description for an operator: status, then each endorser's message. */
    static String describe(Status status, List<ErrorDetail> details) {
        StringBuilder text = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null) {
            text.append(": ").append(status.getDescription());
        }
        for (ErrorDetail d : details) {
            text.append("; [").append(d.getMspId()).append(' ').append(d.getAddress()).append("] ")
                    .append(d.getMessage());
        }
        return text.toString();
    }
}
