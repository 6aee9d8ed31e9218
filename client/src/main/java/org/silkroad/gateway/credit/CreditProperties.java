package org.silkroad.gateway.credit;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who endorses credit transactions that carry private details as transient data.
 *
 * <p>With transient data the Fabric Gateway sends a proposal only to members of the collections it writes; an
 * attestation about a business of the bank's own state writes only that state's collection, which alone cannot meet
 * the channel's majority policy. The gateway then names the endorsers itself: the states whose collections keep the
 * details, then trusted states from this list, then the channel's other member states, until a majority of the
 * member states is named (the chaincode's endorsement policy). Those extra states' peers execute the transaction and
 * so see the details in passing; they do not keep them.
 *
 * @param trustedEndorsers MSP IDs to add first, in order of preference (a state no longer a member is passed over)
 */
@Validated
@ConfigurationProperties("silkroad.credit")
record CreditProperties(@DefaultValue({}) @NotNull List<String> trustedEndorsers) {
}
