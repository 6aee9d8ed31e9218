package org.silkroad.gateway.shared;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The event streams open at this gateway, by the identity they were opened as. When the state's operator revokes or
 * replaces an identity ({@code silkroad.sh revoke}, {@code rekey}) and the {@link IdentityDirectory} drops it, its
 * streams end at once with a 401 {@code UNAUTHENTICATED} problem as their last event, rather than go on delivering to
 * a caller whose API key no longer opens anything.
 */
@Component
public final class CallerStreams {

    private static final Logger log = LoggerFactory.getLogger(CallerStreams.class);

    private final IdentityDirectory identities;
    private final ConcurrentMap<FabricIdentity, Set<Runnable>> open = new ConcurrentHashMap<>();

    public CallerStreams(IdentityDirectory identities) {
        this.identities = Objects.requireNonNull(identities, "identities");
        identities.onRetired(this::retired);
    }

    /**
     * Ends {@code stream} (with {@code end}) if its caller is retired, now or later, until the returned handle is run.
     *
     * @return deregisters the stream; run it when the stream ends for any other reason
     */
    public Runnable track(FabricIdentity caller, Runnable end) {
        Objects.requireNonNull(end, "end");
        open.computeIfAbsent(caller, ignored -> ConcurrentHashMap.newKeySet()).add(end);
        Runnable untrack = () -> open.computeIfPresent(caller, (ignored, ends) -> {
            ends.remove(end);
            return ends.isEmpty() ? null : ends;
        });
        // Retired between authentication and this call: the listener has run already.
        if (!identities.isCurrent(caller)) {
            untrack.run();
            end.run();
        }
        return untrack;
    }

    /** How many streams are open as this identity. */
    int openAs(FabricIdentity caller) {
        Set<Runnable> ends = open.get(caller);
        return ends == null ? 0 : ends.size();
    }

    private void retired(FabricIdentity identity) {
        Set<Runnable> ends = open.remove(identity);
        if (ends == null) {
            return;
        }
        log.info("Ending {} event streams of {}: its identity was revoked or replaced", ends.size(), identity.name());
        ends.forEach(Runnable::run);
    }
}
