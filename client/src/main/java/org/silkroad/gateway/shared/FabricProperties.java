package org.silkroad.gateway.shared;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this gateway reaches its state's peer, and whose identities it may use.
 *
 * @param mspId         the member state's MSP ID (e.g. {@code CNMSP}); every identity in {@code identitiesDir} belongs to it
 * @param channel       the channel holding the ledger
 * @param chaincode     the chaincode (one, with several contracts)
 * @param peerEndpoint  {@code host:port} of the state's peer Gateway service
 * @param peerHostAlias TLS server name the peer's certificate is issued for (the endpoint is usually 127.0.0.1)
 * @param tlsCaCert     PEM of the CA that issued the peer's TLS certificate
 * @param identitiesDir directory with one sub-directory per identity ({@code cert.pem}, {@code key.pem}, ...)
 * @param identitiesRefresh how often the gateway looks for identities added, replaced or removed in
 *                      {@code identitiesDir} ({@link IdentityDirectory#refresh}); zero: never after start-up
 * @param probeIdentity the identity (without API key) the health check evaluates with, and the explorer and the
 *                      commit watch read blocks as
 * @param watchCommits  learn the commits of submits from one stream of filtered blocks ({@code CommitWatch}) rather
 *                      than a signed commit-status request per transaction
 * @param timeouts      gRPC deadlines of the Fabric calls
 */
@Validated
@ConfigurationProperties("silkroad.fabric")
public record FabricProperties(
        @NotBlank String mspId,
        @DefaultValue("silkroad") @NotBlank String channel,
        @DefaultValue("silkroad") @NotBlank String chaincode,
        @NotBlank @Pattern(regexp = "[^:\\s]+:\\d{1,5}", message = "must be host:port") String peerEndpoint,
        @NotBlank String peerHostAlias,
        @NotNull Path tlsCaCert,
        @NotNull Path identitiesDir,
        @DefaultValue("2s") @NotNull Duration identitiesRefresh,
        @DefaultValue("gateway-probe") @NotBlank String probeIdentity,
        @DefaultValue("true") boolean watchCommits,
        @DefaultValue @Valid @NotNull Timeouts timeouts) {

    /**
     * Deadlines for each step of a Fabric call. Submit waits for the commit, so {@code commitStatus} bounds the
     * longest request; {@code unconfirmedSubmit} is how long a submit the orderers did not confirm (unavailable, late)
     * still waits for the commit, since it may be ordered all the same; {@code health} is kept short so a dead peer
     * does not stall the health endpoint.
     */
    public record Timeouts(
            @DefaultValue("5s") @NotNull Duration evaluate,
            @DefaultValue("15s") @NotNull Duration endorse,
            @DefaultValue("5s") @NotNull Duration submit,
            @DefaultValue("60s") @NotNull Duration commitStatus,
            @DefaultValue("5s") @NotNull Duration unconfirmedSubmit,
            @DefaultValue("2s") @NotNull Duration health) {
    }
}
