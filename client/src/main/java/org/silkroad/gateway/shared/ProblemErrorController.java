package org.silkroad.gateway.shared;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel/JSON error page for errors that never reached a controller (the servlet
 * container's own errors, {@code sendError} from filters): they too become problem details, without stack traces,
 * exception messages or paths.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:/error}", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatusCode status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatusCode.valueOf(code)
                : HttpStatus.NOT_FOUND;
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setProperty("code", Problems.defaultCode(status));
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            problem.setInstance(java.net.URI.create(uri.replace(" ", "%20")));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
