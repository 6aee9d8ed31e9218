package org.silkroad.gateway.shared;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.CollectionHashedReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.HashedRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWriteHash;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Private data at a peer outside its collection, asked directly: a CN exporter registers a commercial invoice for a MY
 * importer through the REST gateway (content → the pairwise collection {@code CN_MY}); then the same caller, allowed by
 * the trade contract to read the content, sends the same {@code trade:getDocumentContent} proposal to each state's own
 * peer (a Fabric Gateway connection to that peer, evaluation pinned to its organization). The CN and MY peers answer
 * the content; the RW peer cannot: the contract's access rule passes (same caller), but Fabric's private data store on
 * a non-member peer holds only the hash of the value, so the chaincode's read fails there with Fabric's own refusal
 * ("private data matching public hash version is not available ... Private data version = nil", in the RW peer's log;
 * the Java shim passes the client only a 500). The RW peer's
 * copy of the registering transaction (system chaincode {@code qscc}) carries the collection's hashed write — the hash
 * of exactly the value the member peers return — and nowhere the content itself.
 *
 * <p>No chaincode read path is added for this: the production read ({@code getDocumentContent}, parties and their
 * states' customs and courts) is the one asked. That an RW caller is refused by the contract itself is
 * {@code ShipmentIT}'s; this test shows that the RW peer does not have the data to give.
 */
class PrivateDataAtNonMemberPeerIT {

    static final String EXPORTER = "CNMSP/business-1";
    static final String IMPORTER = "MYMSP/business-1";
    static final String COLLECTION = "CN_MY";
    static final Duration VISIBLE = Duration.ofSeconds(30);

    static LocalNetwork network;
    static LocalNetwork.State cn;
    static LocalNetwork.State my;
    static LocalNetwork.State rw;
    static String documentId;
    static String content;
    static String txId;

    @BeforeAll
    static void theCnExporterRegistersAnInvoiceForTheMyImporter() {
        network = LocalNetwork.load();
        cn = network.state("CN");
        my = network.state("MY");
        rw = network.state("RW");
        String run = UUID.randomUUID().toString().substring(0, 8);
        documentId = "PDC-" + run;
        content = "Commercial invoice " + documentId + ": 3 pallets of tea, CNY 4200.00, confidential terms " + run;

        JsonNode registered = LocalNetwork.ok(network.postJson(cn, "/api/v1/documents", cn.apiKey("business-1"), """
                {"documentId":"%s","type":"commercial-invoice","parties":["%s"],"mediaType":"text/plain",
                 "content":"%s","elements":{"currency":"CNY","amount":420000,
                 "lines":[{"hsCode":"090230","quantity":3,"value":420000}],"consignee":"%s"}}"""
                .formatted(documentId, IMPORTER, Base64.getEncoder().encodeToString(content.getBytes(UTF_8)),
                        IMPORTER)));
        assertThat(registered.path("collection").asString()).isEqualTo(COLLECTION);
        assertThat(registered.toString()).doesNotContain("tea");
        txId = registered.path("txId").asString();
        assertThat(txId).hasSize(64);
        // Every peer has committed the block (the RW peer too: it holds the public record).
        for (LocalNetwork.State state : List.of(cn, my, rw)) {
            await().atMost(VISIBLE).ignoreExceptions().until(() -> publicRecord(state).path("txId").asString()
                    .equals(txId));
        }
    }

    @Test
    void the_member_peers_answer_the_content_and_the_rw_peer_only_has_its_hash() throws Exception {
        for (LocalNetwork.State member : List.of(cn, my)) {
            JsonNode answer = LocalNetwork.json(new String(contentAt(member), UTF_8));
            assertThat(new String(Base64.getDecoder().decode(answer.path("content").asString()), UTF_8))
                    .as("the content as the %s peer has it", member.code()).isEqualTo(content);
        }
        JsonNode atRw = publicRecord(rw);
        assertThat(atRw.path("collection").asString()).isEqualTo(COLLECTION);
        assertThat(atRw.path("contentHash").asString()).as("the RW peer knows the document and its hash")
                .isEqualTo(sha256Hex(content.getBytes(UTF_8)));

        String[] asked = new String[1];
        assertThatThrownBy(() -> contentAt(rw, id -> asked[0] = id)).as("the same caller and proposal at the RW peer")
                .isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(said((GatewayException) e)).contains("chaincode response 500")
                        .doesNotContain("tea").doesNotContain("FORBIDDEN"));
        // The Java shim reports only "Unsuccessful response received" to the client; the RW peer logs why it refused
        // the chaincode's read: it has the key's hash at the registering block, and no value.
        Path log = network.log("peer-" + rw.code());
        await().atMost(VISIBLE).untilAsserted(() -> assertThat(Files.readAllLines(log)).as(log.toString())
                .anySatisfy(line -> assertThat(line).contains("[" + asked[0].substring(0, 8) + "]")
                        .contains("private data matching public hash version is not available")
                        .contains("Private data version = <nil>")));
    }

    @Test
    void the_rw_peers_copy_of_the_transaction_holds_the_hash_of_the_value_and_not_the_value() throws Exception {
        byte[] value = contentAt(cn);
        byte[] processed;
        try (LocalNetwork.PeerConnection connection = rw.connectAs("regulator")) {
            processed = connection.gateway().getNetwork(network.channel()).getContract("qscc")
                    .newProposal("GetTransactionByID").addArguments(network.channel(), txId)
                    .setEndorsingOrganizations(rw.mspId()).build().evaluate();
        }
        assertThat(new String(processed, UTF_8)).doesNotContain(content).doesNotContain("tea");
        assertThat(Base64.getEncoder().encodeToString(processed))
                .doesNotContain(Base64.getEncoder().encodeToString(content.getBytes(UTF_8)));

        List<KVWriteHash> writes = hashedWrites(ProcessedTransaction.parseFrom(processed), network.chaincode(),
                COLLECTION);
        assertThat(writes).as("the registration's hashed writes to %s on the RW peer", COLLECTION).isNotEmpty();
        String valueHash = sha256Hex(value);
        assertThat(writes).extracting(w -> HexFormat.of().formatHex(w.getValueHash().toByteArray()))
                .as("the hash of the value the CN peer returns").contains(valueHash);
    }

    /** {@code trade:getDocumentContent} as the CN exporter, evaluated by the given state's own peer. */
    static byte[] contentAt(LocalNetwork.State peer) throws GatewayException {
        return contentAt(peer, id -> { });
    }

    /** The same, telling {@code transactionId} the proposal's transaction ID before it is sent. */
    static byte[] contentAt(LocalNetwork.State peer, Consumer<String> transactionId) throws GatewayException {
        try (LocalNetwork.PeerConnection connection = peer.connect(new X509Identity(cn.mspId(),
                cn.certificate("business-1")), cn.privateKey("business-1"))) {
            Proposal proposal = connection.gateway().getNetwork(network.channel())
                    .getContract(network.chaincode(), "trade").newProposal("getDocumentContent")
                    .addArguments("{\"documentId\":\"" + documentId + "\"}")
                    .setEndorsingOrganizations(peer.mspId()).build();
            transactionId.accept(proposal.getTransactionId());
            return proposal.evaluate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code trade:getDocument} (the public record) as the state's regulator, at its own peer. */
    static JsonNode publicRecord(LocalNetwork.State peer) throws Exception {
        try (LocalNetwork.PeerConnection connection = peer.connectAs("regulator")) {
            byte[] record = connection.gateway().getNetwork(network.channel()).getContract(network.chaincode(), "trade")
                    .newProposal("getDocument").addArguments("{\"documentId\":\"" + documentId + "\"}")
                    .setEndorsingOrganizations(peer.mspId()).build().evaluate();
            JsonNode json = LocalNetwork.json(new String(record, UTF_8));
            return json.has("document") ? json.path("document") : json;
        }
    }

    /** What a refused evaluation says: its message and every endorser's detail. */
    static String said(GatewayException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        e.getDetails().forEach(d -> text.append(" | ").append(d.getMspId()).append(": ").append(d.getMessage()));
        return text.toString();
    }

    /** The hashed writes of one collection in a committed transaction, as the peer that returned it stores them. */
    static List<KVWriteHash> hashedWrites(ProcessedTransaction processed, String chaincode, String collection)
            throws Exception {
        Payload payload = Payload.parseFrom(processed.getTransactionEnvelope().getPayload());
        Transaction transaction = Transaction.parseFrom(payload.getData());
        List<KVWriteHash> writes = new ArrayList<>();
        for (TransactionAction action : transaction.getActionsList()) {
            ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(action.getPayload());
            ProposalResponsePayload response = ProposalResponsePayload.parseFrom(
                    actionPayload.getAction().getProposalResponsePayload());
            ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(response.getExtension());
            TxReadWriteSet rwset = TxReadWriteSet.parseFrom(chaincodeAction.getResults());
            for (NsReadWriteSet ns : rwset.getNsRwsetList()) {
                if (!ns.getNamespace().equals(chaincode)) {
                    continue;
                }
                for (CollectionHashedReadWriteSet hashed : ns.getCollectionHashedRwsetList()) {
                    if (hashed.getCollectionName().equals(collection)) {
                        writes.addAll(HashedRWSet.parseFrom(hashed.getHashedRwset()).getHashedWritesList());
                    }
                }
            }
        }
        return writes;
    }

    static String sha256Hex(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
