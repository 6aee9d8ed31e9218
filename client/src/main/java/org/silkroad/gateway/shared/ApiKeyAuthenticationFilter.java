package org.silkroad.gateway.shared;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its {@value #HEADER} header. A missing or unknown key leaves the request anonymous;
 * the authorisation rules of {@link SecurityConfiguration} then answer 401 everywhere except the health endpoint.
 * The key itself is neither stored nor logged.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final IdentityDirectory identities;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeyAuthenticationFilter(IdentityDirectory identities) {
        this.identities = Objects.requireNonNull(identities, "identities");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String apiKey = request.getHeader(HEADER);
        if (apiKey != null) {
            identities.authenticate(apiKey).ifPresent(identity -> {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new CallerAuthentication(identity));
                contexts.setContext(context);
            });
        }
        chain.doFilter(request, response);
    }
}
