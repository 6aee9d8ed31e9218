package org.silkroad.gateway.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * A request the gateway itself refuses, before or instead of the ledger (an amount with too many decimals, not
 * enough unlocked funds, a stream the caller may not read). It becomes a problem detail with a stable {@code code},
 * exactly like a chaincode's refusal; {@link #getMessage()} is the detail the caller sees, so it must hold only
 * facts of the caller's own request.
 */
public final class GatewayProblem extends RuntimeException {

    private final HttpStatusCode status;
    private final String code;
    private final boolean retryable;
    private final Map<String, Object> properties;

    private GatewayProblem(HttpStatusCode status, String code, String detail, boolean retryable,
                           Map<String, Object> properties) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
        this.retryable = retryable;
        this.properties = Map.copyOf(properties);
    }

    /** A refusal that the same request cannot overcome. */
    public static GatewayProblem of(HttpStatusCode status, String code, String detail) {
        return new GatewayProblem(status, code, detail, false, Map.of());
    }

    /** The same problem, marked as one that the same request may overcome later. */
    public GatewayProblem retryable() {
        return new GatewayProblem(status, code, getMessage(), true, properties);
    }

    /** The same problem with one more property in its problem detail (e.g. the field concerned). */
    public GatewayProblem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(properties);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new GatewayProblem(status, code, getMessage(), retryable, more);
    }

    public HttpStatusCode status() {
        return status;
    }

    public String code() {
        return code;
    }

    public boolean isRetryable() {
        return retryable;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = Problems.of(status, code, getMessage());
        problem.setProperty("retryable", retryable);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
