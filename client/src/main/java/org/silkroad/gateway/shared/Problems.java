package org.silkroad.gateway.shared;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Problem details produced by the gateway itself (not by the ledger). Every problem carries a stable {@code code}. */
public final class Problems {

    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
    public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
    public static final String ENDPOINT_NOT_FOUND = "ENDPOINT_NOT_FOUND";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        return problem;
    }

    /** The code for a status when no more specific one applies: the status name, e.g. {@code METHOD_NOT_ALLOWED}. */
    public static String defaultCode(HttpStatusCode status) {
        if (status.is5xxServerError()) {
            return INTERNAL_ERROR;
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return "HTTP_" + status.value();
        }
        return switch (known) {
            case NOT_FOUND -> ENDPOINT_NOT_FOUND;
            case UNAUTHORIZED -> UNAUTHENTICATED;
            default -> known.name();
        };
    }
}
