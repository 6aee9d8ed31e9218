package org.silkroad.gateway.shared;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ledger} health component: evaluates {@code system:version} on the state's peer as the probe identity
 * (an identity without API key or role), with a short deadline. DOWN says why, in words an operator can act on;
 * the peer's own message goes to the log when the state changes, not on every poll.
 */
@Component
class LedgerHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(LedgerHealthIndicator.class);

    private final FabricLedger ledger;
    private final IdentityDirectory identities;
    private final FabricProperties properties;
    private final JsonMapper json;
    private final AtomicReference<Status> last = new AtomicReference<>();

    LedgerHealthIndicator(FabricLedger ledger, IdentityDirectory identities, FabricProperties properties,
            JsonMapper json) {
        this.ledger = ledger;
        this.identities = identities;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Health health() {
        Optional<FabricIdentity> probe = identities.identity(properties.probeIdentity());
        if (probe.isEmpty()) {
            return changed(Health.down()
                    .withDetail("reason", "probe identity '" + properties.probeIdentity()
                            + "' is not in the identities directory")
                    .build(), null);
        }
        try {
            byte[] result = ledger.evaluate(probe.get(), properties.timeouts().health(), "system", "version");
            JsonNode version = json.readTree(result);
            return changed(Health.up()
                    .withDetail("mspId", properties.mspId())
                    .withDetail("channel", properties.channel())
                    .withDetail("chaincode", properties.chaincode())
                    .withDetail("chaincodeVersion", version.path("version").asString("unknown"))
                    .withDetail("commitsLearntFrom",
                            ledger.watchingCommits() ? "block stream" : "commit-status requests")
                    .build(), null);
        } catch (LedgerException e) {
            return changed(Health.down()
                    .withDetail("reason", reason(e))
                    .withDetail("code", LedgerProblems.of(e).code())
                    .build(), e);
        } catch (JacksonException e) {
            return changed(Health.down().withDetail("reason", "system:version did not return JSON").build(), e);
        }
    }

    private String reason(LedgerException e) {
        return switch (e.kind()) {
            case UNAVAILABLE -> "peer " + properties.peerHostAlias() + " cannot be reached";
            case TIMEOUT -> "peer " + properties.peerHostAlias() + " did not answer within "
                    + properties.timeouts().health().toMillis() + " ms";
            case ACCESS_DENIED -> "peer refused the probe identity";
            case REJECTED, CHAINCODE_FAILED -> "chaincode " + properties.chaincode() + " refused system:version";
            default -> "peer could not evaluate system:version";
        };
    }

    private Health changed(Health health, Exception cause) {
        Status previous = last.getAndSet(health.getStatus());
        if (!health.getStatus().equals(previous)) {
            if (Status.UP.equals(health.getStatus())) {
                log.info("Ledger is UP: {}", health.getDetails());
            } else {
                log.warn("Ledger is DOWN: {}{}", health.getDetails().get("reason"),
                        cause == null ? "" : " (" + cause.getMessage() + ")");
            }
        }
        return health;
    }
}
