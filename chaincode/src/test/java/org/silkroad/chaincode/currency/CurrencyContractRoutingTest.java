package org.silkroad.chaincode.currency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.silkroad.chaincode.testing.FakeStub;
import tools.jackson.databind.JsonNode;

/** The currency contract as the shim serves it: transaction names, intents, string arguments, error responses. */
class CurrencyContractRoutingTest {

    private static final List<Logger> QUIETED = new ArrayList<>();
    private static ContractRouter router;

    private final CurrencyWorld world = new CurrencyWorld();

    @BeforeAll
    static void startRouter() throws Exception {
        router = new ContractRouter(new String[] {"-i", "silkroad:test"});
        for (String name : List.of("", "org.hyperledger.fabric", "org.hyperledger.fabric.shim",
                "org.hyperledger.fabric.contract", "org.hyperledger")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.OFF);
            QUIETED.add(logger);
        }
        router.startRouterWithChaincodeServer(new ChaincodeServer() {
            @Override
            public void start() {}

            @Override
            public void stop() {}
        });
    }

    private Response invoke(CurrencyWorld.Who who, String... args) {
        FakeStub stub = world.ledger.propose(who.creator(), world.now, args);
        Response response = router.invoke(stub);
        if (response.getStatus() == Response.Status.SUCCESS) {
            world.ledger.commit(stub);
        }
        return response;
    }

    private JsonNode transaction(String name) {
        JsonNode transactions = CurrencyWorld.json(invoke(CurrencyWorld.ALICE, "org.hyperledger.fabric:GetMetadata")
                .getStringPayload()).path("contracts").path("currency").path("transactions");
        for (JsonNode tx : transactions) {
            if (tx.path("name").asString().equals(name)) {
                return tx;
            }
        }
        throw new AssertionError("no transaction " + name + " in " + transactions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"registerCurrency", "issue", "redeem", "openWallet", "registerDevice", "setTier",
        "assignTier", "freeze", "unfreeze", "recover", "pay", "crossBorderPay", "publishQuote", "closeQuote"})
    void marks_every_change_as_submit(String name) {
        assertThat(transaction(name).path("tags").toString()).contains("SUBMIT").doesNotContain("EVALUATE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"getCurrency", "listCurrencies", "getWallet", "unspentNotes", "balance", "getPayment",
        "getQuote", "audit", "holders"})
    void marks_every_query_as_evaluate(String name) {
        assertThat(transaction(name).path("tags").toString()).contains("EVALUATE").doesNotContain("SUBMIT");
    }

    @Test
    void takes_one_string_argument_or_none_and_returns_a_string() {
        assertThat(transaction("pay").path("parameters")).hasSize(1);
        assertThat(transaction("pay").path("parameters").get(0).path("schema").path("type").asString())
                .isEqualTo("string");
        assertThat(transaction("pay").path("returns").path("type").asString()).isEqualTo("string");
        assertThat(transaction("openWallet").path("parameters")).isEmpty();
        assertThat(transaction("listCurrencies").path("parameters")).isEmpty();
    }

    @Test
    void serves_transactions_by_name_and_answers_broken_rules_with_their_code() {
        Response registered = invoke(CurrencyWorld.PBOC, "currency:registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}");
        Response opened = invoke(CurrencyWorld.ALICE, "currency:openWallet");
        Response refused = invoke(CurrencyWorld.ALICE, "currency:issue",
                "{\"requestId\":\"i-1\",\"currency\":\"CNY\",\"wallet\":\"CNMSP/alice\",\"amount\":5}");

        assertThat(registered.getStatus()).isEqualTo(Response.Status.SUCCESS);
        assertThat(opened.getStringPayload()).contains("\"walletId\":\"CNMSP/alice\"");
        assertThat(refused.getStatus()).isEqualTo(Response.Status.INTERNAL_SERVER_ERROR);
        assertThat(refused.getMessage()).startsWith("NOT_ISSUER: CNY is issued by the central bank of CNMSP");
        assertThat(invoke(CurrencyWorld.ALICE, "currency:burn", "{}").getMessage())
                .isEqualTo("UNKNOWN_TRANSACTION: contract currency has no transaction currency:burn");
    }
}
