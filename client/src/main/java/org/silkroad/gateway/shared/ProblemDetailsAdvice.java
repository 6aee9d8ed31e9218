package org.silkroad.gateway.shared;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every error into an RFC 9457 problem detail with a stable {@code code}, and logs it — once, here.
 * Spring MVC's own exceptions (bad JSON, validation, 404/405/415, ...) come through {@link ResponseEntityExceptionHandler};
 * Spring Security's 401/403 are routed here by {@link SecurityConfiguration}.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<ProblemDetail> ledgerFailure(LedgerException failure, HttpServletRequest request) {
        ProblemDetail problem = LedgerProblems.toProblemDetail(failure);
        String transactionId = failure.transactionId().orElse("-");
        if (HttpStatusCode.valueOf(problem.getStatus()).is5xxServerError()) {
            log.warn("{} {} as {} failed: tx {} {} {}", request.getMethod(), request.getRequestURI(), callerName(),
                    transactionId, problem.getProperties().get("code"), failure.getMessage());
        } else {
            log.info("{} {} as {} refused: tx {} {} {}", request.getMethod(), request.getRequestURI(), callerName(),
                    transactionId, problem.getProperties().get("code"), failure.getMessage());
        }
        HttpHeaders headers = new HttpHeaders();
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            headers.set(HttpHeaders.RETRY_AFTER, "2");
        }
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    @ExceptionHandler(GatewayProblem.class)
    ResponseEntity<ProblemDetail> gatewayProblem(GatewayProblem failure, HttpServletRequest request) {
        log.info("{} {} as {} refused: {} {}", request.getMethod(), request.getRequestURI(), callerName(),
                failure.code(), failure.getMessage());
        return ResponseEntity.status(failure.status()).body(failure.toProblemDetail());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException failure, HttpServletRequest request) {
        log.debug("{} {} unauthenticated: {}", request.getMethod(), request.getRequestURI(), failure.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED,
                "A valid API key is required in the X-API-Key header.");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"X-API-Key\"")
                .body(problem);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException failure, HttpServletRequest request) {
        log.info("{} {} as {} forbidden", request.getMethod(), request.getRequestURI(), callerName());
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "This caller may not do this."));
    }

    /**
     * Tomcat parses the query string lazily and throws when it is malformed (e.g. {@code ?=1}: a value without a
     * name); that is the caller's mistake, not a gateway failure. Found by the fuzzer (test-network/fuzz.sh).
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> malformedQuery(Exception failure, HttpServletRequest request) {
        log.debug("{} {} malformed query string: {}", request.getMethod(), request.getRequestURI(), failure.getMessage());
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST,
                "The query string is malformed."));
    }

    /**
     * A constraint on a path variable or parameter of a controller validated through {@code @Validated} (method
     * validation by proxy, which throws this rather than Spring MVC's own HandlerMethodValidationException): the
     * caller's mistake, answered like any other invalid request. Found by the fuzzer, where it was a 500.
     */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> invalidParameter(ConstraintViolationException failure, HttpServletRequest request) {
        log.debug("{} {} invalid: {}", request.getMethod(), request.getRequestURI(), failure.getMessage());
        List<Map<String, String>> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : failure.getConstraintViolations()) {
            String path = violation.getPropertyPath().toString();
            errors.add(Map.of("field", path.substring(path.lastIndexOf('.') + 1), "message", violation.getMessage()));
        }
        errors.sort(Comparator.comparing((Map<String, String> error) -> error.get("field"))
                .thenComparing(error -> error.get("message")));
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED, "The request is invalid.");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure, HttpServletRequest request) {
        log.error("{} {} as {} failed unexpectedly", request.getMethod(), request.getRequestURI(), callerName(),
                failure);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                Problems.INTERNAL_ERROR, "The gateway failed to process the request."));
    }

    /** Adds {@code code} (and field errors for validation) to the problems Spring MVC creates for its exceptions. */
    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception failure, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail existing
                ? existing
                : ProblemDetail.forStatus(status);
        if (failure instanceof MethodArgumentNotValidException invalid) {
            problem.setProperty("code", Problems.VALIDATION_FAILED);
            problem.setDetail("The request body is invalid.");
            problem.setProperty("errors", fieldErrors(invalid.getBindingResult().getFieldErrors()));
        } else if (failure instanceof HandlerMethodValidationException invalid) {
            problem.setProperty("code", Problems.VALIDATION_FAILED);
            problem.setDetail("The request is invalid.");
            List<Map<String, String>> errors = new ArrayList<>();
            invalid.getParameterValidationResults().forEach(result -> {
                String name = result.getMethodParameter().getParameterName();
                // A body's field errors (a @Valid body beside constrained path variables) name the field, not the
                // parameter that holds the body.
                result.getResolvableErrors().forEach(error -> errors.add(Map.of("field",
                        error instanceof FieldError field ? field.getField() : name == null ? "" : name,
                        "message", message(error))));
            });
            problem.setProperty("errors", errors);
        } else if (failure instanceof MissingServletRequestParameterException missing) {
            problem.setProperty("code", Problems.VALIDATION_FAILED);
            problem.setDetail("The request is invalid.");
            problem.setProperty("errors", List.of(Map.of("field", missing.getParameterName(), "message",
                    "is required")));
        } else if (failure instanceof HttpMessageNotReadableException) {
            problem.setProperty("code", Problems.MALFORMED_REQUEST);
            // Jackson's message can quote internal class names; say only what is wrong.
            problem.setDetail("The request body is missing or is not valid JSON for this endpoint.");
        } else if (failure instanceof NoResourceFoundException notFound) {
            problem.setProperty("code", Problems.ENDPOINT_NOT_FOUND);
            problem.setDetail("No endpoint " + notFound.getHttpMethod() + " /" + notFound.getResourcePath() + ".");
        } else {
            problem.setProperty("code", Problems.defaultCode(status));
        }
        if (status.is5xxServerError()) {
            log.error("{} failed", request.getDescription(false), failure);
        } else {
            log.debug("{} refused: {} {}", request.getDescription(false), status.value(), failure.getMessage());
        }
        return super.handleExceptionInternal(failure, problem, headers, status, request);
    }

    private static List<Map<String, String>> fieldErrors(List<FieldError> errors) {
        return errors.stream().map(error -> Map.of("field", error.getField(), "message", message(error))).toList();
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String callerName() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof CallerAuthentication caller ? caller.getName() : "anonymous";
    }
}
