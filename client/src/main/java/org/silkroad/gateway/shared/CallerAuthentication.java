package org.silkroad.gateway.shared;

import java.util.List;
import java.util.Objects;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated REST caller: the Fabric identity its API key belongs to. It holds no credentials (the API key
 * is not kept once checked). Controllers receive the identity with {@code @AuthenticationPrincipal FabricIdentity}.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final FabricIdentity identity;

    public CallerAuthentication(FabricIdentity identity) {
        super(identity.role().map(role -> List.of(new SimpleGrantedAuthority("ROLE_" + role))).orElse(List.of()));
        this.identity = Objects.requireNonNull(identity, "identity");
        setAuthenticated(true);
    }

    @Override
    public FabricIdentity getPrincipal() {
        return identity;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return identity.name();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallerAuthentication that && super.equals(that) && identity.equals(that.identity);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + identity.hashCode();
    }
}
