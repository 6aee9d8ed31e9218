package org.silkroad.gateway.shared;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * API-key authentication with Spring Security: stateless (no session, no cookies, so no CSRF exposure), one
 * filter that maps the key to a caller's Fabric identity, and every endpoint but {@code /actuator/health/**}
 * closed to anonymous requests. Spring Security rather than a hand-written servlet filter, because it brings the
 * authorisation rules, the error dispatch handling and the security headers that a hand-written filter would have
 * to re-implement.
 *
 * <p>401 and 403 are handed to Spring MVC's exception resolvers, so they come out of
 * {@link ProblemDetailsAdvice} exactly like every other problem.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /**
     * Spring Security's firewall, except that a request with a method it does not know (e.g. {@code QUERY}) goes on
     * to authentication and then to Spring MVC, which answers {@code 405} with {@code Allow} as for any other method an
     * endpoint lacks, instead of the firewall's bare {@code 400}. Found by the fuzzer (test-network/fuzz.sh). Every
     * request is authenticated whatever its method, so the method check guarded nothing here; the firewall's other
     * checks (encoded slashes, path traversal, non-printable characters, ...) stay.
     */
    @Bean
    WebSecurityCustomizer anyMethodReachesMvc() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        return web -> web.httpFirewall(firewall);
    }

    /**
     * No Micrometer observations of Spring Security's own steps (the filter chain, each filter, authentication,
     * authorisation). With an observation registry present, Spring Security otherwise wraps every filter of the chain
     * in an observation of its own: under payment load that wrapping was the largest single cost of the gateway's
     * request handling, and nothing reads those observations. The {@code http.server.requests} timer of each request
     * (Spring MVC's own observation filter, outside the security chain) and the gateway's own ledger metrics stay.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, IdentityDirectory identities,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, failure) -> {
            if (resolver.resolveException(request, response, null, failure) == null) {
                response.sendError(401);
            }
        };
        AccessDeniedHandler forbidden = (request, response, failure) -> {
            if (resolver.resolveException(request, response, null, failure) == null) {
                response.sendError(403);
            }
        };
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(identities), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // Error dispatches render a problem for a request that was already authorised (or refused);
                        // async dispatches finish a request (e.g. a server-sent event stream) authorised when it began.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // The explorer's static pages hold no ledger data (they fetch it with the caller's API key);
                        // its API is for courts and regulators only, whatever their state.
                        .requestMatchers("/explorer", "/explorer/", "/explorer/**").permitAll()
                        .requestMatchers("/api/v1/explorer/**").hasAnyRole("court", "regulator")
                        .anyRequest().authenticated())
                // The explorer UI keeps the API key in sessionStorage: only same-origin scripts, no inline script or
                // style, no framing, so markup injected through ledger data could neither run nor read it.
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .build();
    }
}
