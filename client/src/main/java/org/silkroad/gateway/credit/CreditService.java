package org.silkroad.gateway.credit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.silkroad.gateway.currency.ContractFunding;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.silkroad.gateway.shared.Ledger;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Credit attestations and trade records. Private details travel only as transient data: the gateway draws the salt of
 * a new attestation, reads the details as the subject before passing them on for a consent, and hands a presented
 * attestation to the chaincode for verification. Credit limits are decimal strings here, minor units on the ledger.
 */
@Service
class CreditService {

    static final String CONTRACT = "credit";
    /** The transient key the chaincode reads the details from. */
    static final String DETAILS = "details";

    /** How long the member states read from the channel's configuration are used before it is read again. */
    static final long MEMBERS_FRESH_FOR = TimeUnit.SECONDS.toNanos(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ledger ledger;
    private final JsonMapper json;
    private final ContractFunding money;
    private final CreditProperties properties;
    private final LongSupplier nanoTime;
    private volatile Members members;

    /** The channel's member states (MSP IDs) and when they were read (by {@code nanoTime}). */
    private record Members(List<String> states, long readAt) {
    }

    @Autowired
    CreditService(Ledger ledger, JsonMapper json, ContractFunding money, CreditProperties properties) {
        this(ledger, json, money, properties, System::nanoTime);
    }

    /** With {@code nanoTime} as the clock the member states' freshness is judged by. */
    CreditService(Ledger ledger, JsonMapper json, ContractFunding money, CreditProperties properties,
                  LongSupplier nanoTime) {
        this.ledger = ledger;
        this.json = json;
        this.money = money;
        this.properties = properties;
        this.nanoTime = nanoTime;
    }

    /** The chaincode's form of the details: the credit limit in minor units. */
    record LedgerDetails(String attestationId, String subject, String attester, String validFrom, String validUntil,
                         String ratingBand, long creditLimit, String currency, String basis, String salt) {
    }

    record NewDetails(String ratingBand, long creditLimit, String currency, String basis, String salt) {
    }

    record AttestationArgument(String attestationId, String subject, String validFrom, String validUntil) {
    }

    JsonNode registerBusiness(FabricIdentity caller) {
        return submit(caller, "registerBusiness", Map.of(), List.of());
    }

    /**
     * Attests with a fresh salt. A retry (same attester, same details but the salt) returns the attestation already on
     * the ledger, since a new salt would make a different hash.
     */
    JsonNode attest(FabricIdentity caller, CreditRequests.Attest request) {
        long limit = money.minorUnits(caller, "creditLimit", request.creditLimit(), request.currency());
        Optional<JsonNode> existing = findAttestation(caller, request.attestationId());
        if (existing.isPresent() && existing.get().path("attester").asString().equals(money.ownWallet(caller))) {
            LedgerDetails stored = ledgerDetails(evaluate(caller, "getDetails",
                    Map.of("attestationId", request.attestationId()), Map.of()));
            boolean same = stored.subject().equals(request.subject()) && stored.ratingBand().equals(request.ratingBand())
                    && stored.creditLimit() == limit && stored.currency().equals(request.currency())
                    && stored.basis().equals(request.basis())
                    && instant(stored.validFrom()).equals(instant(request.validFrom()))
                    && instant(stored.validUntil()).equals(instant(request.validUntil()));
            if (!same) {
                throw GatewayProblem.of(HttpStatus.CONFLICT, "CONFLICT",
                        "Attestation ID %s is already used for another attestation.".formatted(request.attestationId()));
            }
            return existing.get();
        }
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        NewDetails details = new NewDetails(request.ratingBand(), limit, request.currency(), request.basis(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(salt));
        return submit(caller, "attest", Map.of(DETAILS, json.writeValueAsBytes(details)),
                endorsers(caller, caller.mspId(), state(request.subject())), new AttestationArgument(request.attestationId(), request.subject(), request.validFrom(),
                        request.validUntil()));
    }

    JsonNode getAttestation(FabricIdentity caller, String attestationId) {
        return evaluate(caller, "getAttestation", Map.of("attestationId", attestationId), Map.of());
    }

    /** The details as the caller may read them, the credit limit as a decimal string. */
    JsonNode details(FabricIdentity caller, String attestationId) {
        LedgerDetails details = ledgerDetails(evaluate(caller, "getDetails", Map.of("attestationId", attestationId),
                Map.of()));
        ObjectNode view = json.valueToTree(details);
        view.put("creditLimit", money.decimal(caller, details.currency(), details.creditLimit()));
        return view;
    }

    /** The subject's consent: its own copy of the details goes along, and the chaincode checks them against the hash. */
    JsonNode grantConsent(FabricIdentity caller, String attestationId, String lender) {
        byte[] details = ledger.evaluate(caller, CONTRACT, "getDetails",
                json.writeValueAsString(Map.of("attestationId", attestationId)));
        String attester = read(details, "getDetails", null).path("attester").asString();
        return submit(caller, "grantConsent", Map.of(DETAILS, details),
                endorsers(caller, caller.mspId(), state(attester), state(lender)),
                Map.of("attestationId", attestationId, "lender", lender));
    }

    JsonNode withdrawConsent(FabricIdentity caller, String attestationId, String lender) {
        return submit(caller, "withdrawConsent", Map.of(), List.of(), Map.of("attestationId", attestationId, "lender", lender));
    }

    JsonNode revoke(FabricIdentity caller, String attestationId, String reason) {
        return submit(caller, "revoke", Map.of(), List.of(), Map.of("attestationId", attestationId, "reason", reason));
    }

    JsonNode verify(FabricIdentity caller, CreditRequests.Presented presented) {
        long limit = money.minorUnits(caller, "creditLimit", presented.creditLimit(), presented.currency());
        LedgerDetails details = new LedgerDetails(presented.attestationId(), presented.subject(), presented.attester(),
                presented.validFrom(), presented.validUntil(), presented.ratingBand(), limit, presented.currency(),
                presented.basis(), presented.salt());
        return evaluate(caller, "verify", Map.of("attestationId", presented.attestationId()),
                Map.of(DETAILS, json.writeValueAsBytes(details)));
    }

    /** The trade record, settled volumes and escrow amounts as decimal strings. */
    JsonNode tradeRecord(FabricIdentity caller, String business) {
        JsonNode record = evaluate(caller, "tradeRecord", Map.of("business", business), Map.of());
        JsonNode volume = record.path("escrows").path("settledVolume");
        if (volume instanceof ObjectNode volumes) {
            for (Iterator<String> codes = volumes.propertyNames().iterator(); codes.hasNext(); ) {
                String code = codes.next();
                volumes.put(code, money.decimal(caller, code, volumes.get(code).asLong()));
            }
        }
        for (JsonNode entry : record.path("escrows").path("entries")) {
            ((ObjectNode) entry).put("amount", money.decimal(caller, entry.path("currency").asString(),
                    entry.path("amount").asLong()));
        }
        return record;
    }

    JsonNode contest(FabricIdentity caller, CreditRequests.Contest request) {
        return submit(caller, "contest", Map.of(), List.of(), request);
    }

    private Optional<JsonNode> findAttestation(FabricIdentity caller, String attestationId) {
        try {
            return Optional.of(getAttestation(caller, attestationId));
        } catch (LedgerException e) {
            if (e.kind() == LedgerException.Kind.REJECTED && e.code().filter("NOT_FOUND"::equals).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static java.time.Instant instant(String text) {
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Instant.EPOCH;
        }
    }

    private LedgerDetails ledgerDetails(JsonNode node) {
        try {
            return json.treeToValue(node, LedgerDetails.class);
        } catch (JacksonException e) {
            throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                    "credit:getDetails returned details this gateway cannot read", null, e);
        }
    }

    /**
     * The states that endorse a transaction carrying details: the given ones (the caller's and those whose collections
     * keep the details), then trusted states, then the other member states, until a majority of the member states is
     * named (see {@link CreditProperties}). The member states are the channel's, read again once
     * {@link #MEMBERS_FRESH_FOR} has passed, so a state that joins counts without a restart.
     */
    List<String> endorsers(FabricIdentity caller, String... states) {
        List<String> members = memberStates(caller);
        int majority = members.size() / 2 + 1;
        Set<String> named = new LinkedHashSet<>(List.of(states));
        Iterator<String> candidates = Stream.concat(properties.trustedEndorsers().stream(),
                members.stream()).filter(members::contains).iterator();
        while (named.size() < majority && candidates.hasNext()) {
            named.add(candidates.next());
        }
        return List.copyOf(named);
    }

    private List<String> memberStates(FabricIdentity caller) {
        Members known = members;
        long now = nanoTime.getAsLong();
        if (known == null || now - known.readAt() > MEMBERS_FRESH_FOR) {
            known = new Members(ledger.memberStates(caller), now);
            members = known;
        }
        return known.states();
    }

    private static String state(String wallet) {
        int slash = wallet.indexOf('/');
        return slash < 0 ? wallet : wallet.substring(0, slash);
    }

    private JsonNode submit(FabricIdentity caller, String transaction, Map<String, byte[]> transientData,
                            List<String> endorsers, Object... argument) {
        String[] arguments = argument.length == 0 ? new String[0]
                : new String[] {json.writeValueAsString(argument[0])};
        Ledger.Committed committed = ledger.prepare(caller, CONTRACT, transaction, transientData, endorsers, arguments)
                .submit();
        return read(committed.result(), transaction, committed.transactionId());
    }

    private JsonNode evaluate(FabricIdentity caller, String transaction, Object argument,
                              Map<String, byte[]> transientData) {
        return read(ledger.evaluate(caller, CONTRACT, transaction, transientData, json.writeValueAsString(argument)),
                transaction, null);
    }

    private JsonNode read(byte[] result, String transaction, String transactionId) {
        try {
            return json.readTree(new String(result, UTF_8));
        } catch (JacksonException e) {
            throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                    CONTRACT + ":" + transaction + " returned a result that is not JSON", transactionId, e);
        }
    }
}
