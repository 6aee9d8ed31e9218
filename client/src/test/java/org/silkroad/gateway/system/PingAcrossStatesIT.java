package org.silkroad.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * A ping submitted through the CN gateway by {@code business-1} is one committed transaction that every state sees:
 * retried, read back through the MY peer, and found in its block with endorsements from several states.
 * Runs against {@code test-network/} ({@code mvn -pl client verify -Pnetwork}).
 */
class PingAcrossStatesIT {

    private static LocalNetwork network;
    private static LocalNetwork.State cn;
    private static String requestId;
    private static JsonNode first;
    private static JsonNode retry;

    @BeforeAll
    static void pingThroughTheCnGateway() {
        network = LocalNetwork.load();
        cn = network.state("CN");
        requestId = "it-ping-" + UUID.randomUUID();
        String body = "{\"requestId\":\"" + requestId + "\"}";
        String apiKey = cn.apiKey("business-1");

        first = ok(network.postJson(cn, "/api/v1/system/pings", apiKey, body));
        retry = ok(network.postJson(cn, "/api/v1/system/pings", apiKey, body));
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("status of %s: %s", response.uri(), response.body()).isEqualTo(200);
        return LocalNetwork.json(response.body());
    }

    @Test
    void first_ping_is_recorded_as_business_1_of_cn_in_its_own_committed_transaction() {
        JsonNode record = first.path("record");

        assertThat(record.path("requestId").asString()).isEqualTo(requestId);
        assertThat(record.path("creatorMspId").asString()).isEqualTo("CNMSP");
        assertThat(record.path("creatorRole").asString()).isEqualTo("business");
        assertThat(record.path("txId").asString()).isEqualTo(first.path("transactionId").asString()).hasSize(64);
        assertThat(record.path("timestamp").asString()).isNotBlank();
        assertThat(first.path("blockNumber").asLong()).isPositive();
    }

    @Test
    void retry_with_the_same_request_id_returns_the_first_record_and_txid() {
        assertThat(retry.path("record")).isEqualTo(first.path("record"));
        assertThat(retry.path("transactionId").asString()).isNotEqualTo(first.path("transactionId").asString());
    }

    @Test
    void the_cn_gateway_reads_the_same_record_back() {
        JsonNode read = ok(network.get(cn, "/api/v1/system/pings/" + requestId, cn.apiKey("business-2")));

        assertThat(read).isEqualTo(first.path("record"));
    }

    @Test
    void a_my_identity_reads_the_same_record_directly_from_the_my_peer() throws Exception {
        LocalNetwork.State my = network.state("MY");
        try (LocalNetwork.PeerConnection connection = my.connectAs("business-1")) {
            var system = connection.gateway().getNetwork(network.channel()).getContract(network.chaincode(), "system");

            // The MY peer commits the block on its own schedule; give it a moment.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> {
                        byte[] result = system.evaluateTransaction("readPing", requestId);
                        assertThat(LocalNetwork.json(new String(result, StandardCharsets.UTF_8)))
                                .isEqualTo(first.path("record"));
                    });
        }
    }

    @Test
    void the_block_holds_the_transaction_created_by_cn_and_endorsed_by_at_least_two_states() throws Exception {
        String txId = first.path("transactionId").asString();
        Block block;
        try (LocalNetwork.PeerConnection connection = cn.connectAs("business-1")) {
            byte[] bytes = connection.gateway().getNetwork(network.channel()).getContract("qscc")
                    .evaluateTransaction("GetBlockByTxID", network.channel(), txId);
            block = Block.parseFrom(bytes);
        }

        assertThat(block.getHeader().getNumber()).isEqualTo(first.path("blockNumber").asLong());
        int index = indexOf(block, txId);
        Payload payload = payload(block.getData().getData(index));

        SerializedIdentity creator = SerializedIdentity.parseFrom(
                SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader()).getCreator());
        assertThat(creator.getMspid()).isEqualTo("CNMSP");
        X509Certificate creatorCertificate = Identities.readX509Certificate(creator.getIdBytes().toStringUtf8());
        assertThat(creatorCertificate).as("signed as the caller's own identity, not a gateway identity")
                .isEqualTo(cn.certificate("business-1"));

        Transaction transaction = Transaction.parseFrom(payload.getData());
        ChaincodeActionPayload action = ChaincodeActionPayload.parseFrom(transaction.getActions(0).getPayload());
        Set<String> endorsingMsps = new TreeSet<>();
        for (Endorsement endorsement : action.getAction().getEndorsementsList()) {
            endorsingMsps.add(SerializedIdentity.parseFrom(endorsement.getEndorser()).getMspid());
        }
        assertThat(endorsingMsps).as("endorsing MSPs").hasSizeGreaterThanOrEqualTo(2)
                .isSubsetOf("CNMSP", "MYMSP", "RWMSP");

        ByteString validation = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
        assertThat(TxValidationCode.forNumber(validation.byteAt(index))).isEqualTo(TxValidationCode.VALID);
    }

    private static int indexOf(Block block, String txId) throws InvalidProtocolBufferException {
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            Payload payload = payload(block.getData().getData(i));
            if (ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId().equals(txId)) {
                return i;
            }
        }
        throw new AssertionError("transaction " + txId + " is not in block " + block.getHeader().getNumber());
    }

    private static Payload payload(ByteString envelope) throws InvalidProtocolBufferException {
        return Payload.parseFrom(Envelope.parseFrom(envelope).getPayload());
    }
}
