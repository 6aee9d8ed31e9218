package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status.Code;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@link FabricLedger} against a scripted peer over TLS. */
class FabricLedgerTest {

    private static final String HOST_ALIAS = "peer0.cn.silkroad.test";

    @TempDir
    Path dir;

    private FakePeer peer;
    private IdentityDirectory identities;
    private SimpleMeterRegistry meters;
    private FabricLedger ledger;

    @BeforeEach
    void start() {
        peer = FakePeer.start(HOST_ALIAS, dir);
        identities = TestIdentities.standard(dir.resolve("identities")).load();
        meters = new SimpleMeterRegistry();
        ledger = FabricLedger.connect(properties("127.0.0.1:" + peer.port(), HOST_ALIAS, Duration.ofSeconds(5)), meters);
    }

    @AfterEach
    void stop() throws InterruptedException {
        ledger.close();
        peer.close();
    }

    private FabricProperties properties(String endpoint, String alias, Duration evaluate) {
        return new FabricProperties("CNMSP", "silkroad", "silkroad", endpoint, alias, peer.tlsCaCert(),
                dir.resolve("identities"), Duration.ZERO, "gateway-probe", false,
                new FabricProperties.Timeouts(evaluate, Duration.ofSeconds(5), Duration.ofSeconds(5),
                        Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    private FabricIdentity caller(String name) {
        return identities.identity(name).orElseThrow();
    }

    @Nested
    class ChaincodeEvents {

        private org.hyperledger.fabric.protos.gateway.ChaincodeEventsRequest request(int index) throws Exception {
            return org.hyperledger.fabric.protos.gateway.ChaincodeEventsRequest.parseFrom(
                    peer.eventRequests.get(index).getRequest());
        }

        @Test
        void delivers_each_event_with_its_block_and_transaction_signed_as_the_caller() throws Exception {
            peer.onChaincodeEvents = request -> java.util.List.of(
                    FakePeer.events(7, "txa", "currency.Payment", "txb", "currency.Payment"),
                    FakePeer.events(9, "txc", "system.Pinged"));

            java.util.List<Ledger.ChaincodeEvent> events = new java.util.ArrayList<>();
            try (Ledger.EventStream stream = ledger.chaincodeEvents(caller("business-1"),
                    Ledger.EventPosition.fromBlock(7))) {
                stream.forEachRemaining(events::add);
            } catch (LedgerException endOfStream) {
                // The scripted peer ends the stream after its events; a real one keeps it open.
            }

            assertThat(events).extracting(Ledger.ChaincodeEvent::blockNumber, Ledger.ChaincodeEvent::transactionId,
                    Ledger.ChaincodeEvent::name).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(7L, "txa", "currency.Payment"),
                    org.assertj.core.groups.Tuple.tuple(7L, "txb", "currency.Payment"),
                    org.assertj.core.groups.Tuple.tuple(9L, "txc", "system.Pinged"));
            assertThat(new String(events.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"tx\":\"txa\"}");
            var sent = request(0);
            assertThat(sent.getChannelId()).isEqualTo("silkroad");
            assertThat(sent.getChaincodeId()).isEqualTo("silkroad");
            assertThat(sent.getStartPosition().getSpecified().getNumber()).isEqualTo(7);
            assertThat(sent.getAfterTransactionId()).isEmpty();
            assertThat(SerializedIdentity.parseFrom(sent.getIdentity()).getIdBytes().toStringUtf8())
                    .contains("BEGIN CERTIFICATE");
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(caller("business-1").certificate().getPublicKey());
            verifier.update(peer.eventRequests.get(0).getRequest().toByteArray());
            assertThat(verifier.verify(peer.eventRequests.get(0).getSignature().toByteArray())).isTrue();
        }

        @Test
        void resumes_after_a_transaction_of_a_block_and_by_default_starts_at_the_next_commit() throws Exception {
            peer.onChaincodeEvents = request -> java.util.List.of();

            try (Ledger.EventStream stream = ledger.chaincodeEvents(caller("business-1"),
                    Ledger.EventPosition.after(12, "txz"))) {
                assertThat(stream.hasNext()).isFalse();
            } catch (LedgerException endOfStream) {
                // as above
            }
            try (Ledger.EventStream stream = ledger.chaincodeEvents(caller("business-1"),
                    Ledger.EventPosition.nextCommit())) {
                assertThat(stream.hasNext()).isFalse();
            } catch (LedgerException endOfStream) {
                // as above
            }

            assertThat(request(0).getStartPosition().getSpecified().getNumber()).isEqualTo(12);
            assertThat(request(0).getAfterTransactionId()).isEqualTo("txz");
            assertThat(request(1).getStartPosition().hasNextCommit()).isTrue();
        }

        @Test
        void a_refusal_by_the_peer_surfaces_as_a_ledger_exception_from_the_stream() {
            peer.onChaincodeEvents = request -> {
                throw FakePeer.error(Code.PERMISSION_DENIED, "access denied");
            };

            try (Ledger.EventStream stream = ledger.chaincodeEvents(caller("business-1"),
                    Ledger.EventPosition.fromBlock(0))) {
                assertThatThrownBy(stream::hasNext).isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LedgerException.Kind.ACCESS_DENIED));
            }
        }

        @Test
        void closing_the_stream_ends_it_quietly() {
            peer.onChaincodeEvents = request -> {
                FakePeer.hangUntilClientGivesUp();
                return java.util.List.of();
            };
            Ledger.EventStream stream = ledger.chaincodeEvents(caller("business-1"), Ledger.EventPosition.nextCommit());
            java.util.concurrent.CompletableFuture<Boolean> waiting =
                    java.util.concurrent.CompletableFuture.supplyAsync(stream::hasNext);

            stream.close();

            assertThat(waiting).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(false);
        }
    }

    @Nested
    class Submit {

        @Test
        void returns_result_transaction_id_and_commit_block() {
            peer.onEndorse = request -> FakePeer.endorsed(request, "{\"requestId\":\"r-1\"}");
            peer.onCommitStatus = request -> FakePeer.committed(42);

            Ledger.Committed committed = ledger.submit(caller("business-1"), "system", "ping", "{\"requestId\":\"r-1\"}");

            assertThat(new String(committed.result(), StandardCharsets.UTF_8)).isEqualTo("{\"requestId\":\"r-1\"}");
            assertThat(committed.blockNumber()).isEqualTo(42);
            assertThat(committed.transactionId()).isEqualTo(peer.endorsements.get(0).getTransactionId()).hasSize(64);
            assertThat(peer.endorsements.get(0).getChannelId()).isEqualTo("silkroad");
        }

        @Test
        void carries_transient_data_in_the_proposal_and_never_in_its_arguments() throws Exception {
            peer.onEndorse = request -> FakePeer.endorsed(request, "{}");

            ledger.prepare(caller("business-1"), "trade", "registerDocument",
                    java.util.Map.of("content", "secret invoice".getBytes(StandardCharsets.UTF_8)),
                    "{\"documentId\":\"INV-1\"}").submit();

            var proposal = org.hyperledger.fabric.protos.peer.Proposal.parseFrom(peer.proposals.get(0).getProposalBytes());
            var payload = org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload.parseFrom(proposal.getPayload());
            assertThat(payload.getTransientMapMap().get("content").toStringUtf8()).isEqualTo("secret invoice");
            assertThat(payload.getInput().toStringUtf8()).doesNotContain("secret invoice");
        }

        @Test
        void names_the_endorsing_organisations_it_is_given() {
            peer.onEndorse = request -> FakePeer.endorsed(request, "{}");

            ledger.prepare(caller("bank"), "credit", "attest",
                    java.util.Map.of("details", "{}".getBytes(StandardCharsets.UTF_8)),
                    java.util.List.of("CNMSP", "MYMSP"), "{\"attestationId\":\"A-1\"}").submit();
            ledger.submit(caller("bank"), "system", "ping", "{}");

            assertThat(peer.endorsements.get(0).getEndorsingOrganizationsList()).containsExactlyInAnyOrder("CNMSP", "MYMSP");
            assertThat(peer.endorsements.get(1).getEndorsingOrganizationsList()).isEmpty();
        }

        @Test
        void is_signed_by_each_callers_own_identity() throws Exception {
            peer.onEndorse = request -> FakePeer.endorsed(request, "{}");

            ledger.submit(caller("business-1"), "system", "ping", "{}");
            ledger.submit(caller("bank"), "system", "ping", "{}");

            assertSignedBy(peer.proposals.get(0), caller("business-1"));
            assertSignedBy(peer.proposals.get(1), caller("bank"));
        }

        @Test
        void invalidated_transaction_is_commit_failed_with_validation_code_and_transaction_id() {
            peer.onEndorse = request -> FakePeer.endorsed(request, "{}");
            peer.onCommitStatus = request -> FakePeer.commitStatus(TxValidationCode.MVCC_READ_CONFLICT, 43);

            assertThatThrownBy(() -> ledger.submit(caller("business-1"), "system", "ping", "{}"))
                    .isInstanceOfSatisfying(LedgerException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(LedgerException.Kind.COMMIT_FAILED);
                        assertThat(failure.code()).contains("MVCC_READ_CONFLICT");
                        assertThat(failure.transactionId()).contains(peer.endorsements.get(0).getTransactionId());
                    });
        }

        @Test
        void chaincode_refusal_in_an_endorsers_detail_is_rejected_with_its_code() {
            peer.onEndorse = request -> {
                throw FakePeer.error(Code.ABORTED, "failed to endorse transaction, see attached details for more info",
                        FakePeer.detail("CNMSP", "peer0.cn.silkroad.test:7051",
                                "chaincode response 500, CONFLICT: request r-1 was made by another caller"));
            };

            assertThatThrownBy(() -> ledger.submit(caller("business-1"), "system", "ping", "{}"))
                    .isInstanceOfSatisfying(LedgerException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(LedgerException.Kind.REJECTED);
                        assertThat(failure.code()).contains("CONFLICT");
                        assertThat(failure.getMessage()).isEqualTo("request r-1 was made by another caller");
                        assertThat(failure.transactionId()).contains(peer.endorsements.get(0).getTransactionId());
                    });
        }

        @Test
        void endorsers_that_disagree_are_asked_again_with_the_same_proposal() {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            peer.onEndorse = request -> {
                if (calls.incrementAndGet() == 1) {
                    throw FakePeer.error(Code.ABORTED, "failed to collect enough transaction endorsements, see "
                            + "attached details for more info", FakePeer.detail("MYMSP", "127.0.0.1:8051",
                            "ProposalResponsePayloads do not match"));
                }
                return FakePeer.endorsed(request, "{}");
            };
            peer.onCommitStatus = request -> FakePeer.committed(7);

            Ledger.Committed committed = ledger.submit(caller("business-1"), "system", "ping", "{}");

            assertThat(committed.blockNumber()).isEqualTo(7);
            assertThat(peer.endorsements).hasSize(2);
            assertThat(peer.endorsements.get(1).getTransactionId()).isEqualTo(peer.endorsements.get(0).getTransactionId());
        }

        @Test
        void endorsers_that_keep_disagreeing_fail_after_the_last_attempt() {
            peer.onEndorse = request -> {
                throw FakePeer.error(Code.ABORTED, "failed to collect enough transaction endorsements",
                        FakePeer.detail("RWMSP", "127.0.0.1:9051", "ProposalResponsePayloads do not match"));
            };

            assertThatThrownBy(() -> ledger.submit(caller("business-1"), "system", "ping", "{}"))
                    .isInstanceOf(LedgerException.class);
            assertThat(peer.endorsements).hasSize(FabricLedger.ENDORSE_ATTEMPTS);
        }

        @Test
        void a_connection_closed_mid_call_is_unavailable_so_the_caller_retries_with_the_same_id() {
            LedgerException failure = FabricLedger.translate(io.grpc.Status.UNKNOWN.withDescription("channel closed"),
                    java.util.List.of(), "tx-1", "submit currency:pay", null);

            assertThat(failure.kind()).isEqualTo(LedgerException.Kind.UNAVAILABLE);
            assertThat(failure.transactionId()).contains("tx-1");
            assertThat(LedgerProblems.of(failure).retryable()).isTrue();
        }

        @Test
        void too_few_endorsers_reachable_is_unavailable() {
            peer.onEndorse = request -> {
                throw FakePeer.error(Code.FAILED_PRECONDITION, "no combination of peers can be derived which "
                        + "satisfy the endorsement policy: no peer combination can satisfy the endorsement policy");
            };

            assertThatThrownBy(() -> ledger.submit(caller("business-1"), "system", "ping", "{}"))
                    .isInstanceOfSatisfying(LedgerException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(LedgerException.Kind.UNAVAILABLE);
                        assertThat(LedgerProblems.of(failure).retryable()).isTrue();
                    });
        }

        @Test
        void orderer_unavailable_is_unavailable_with_transaction_id_when_it_never_commits() {
            peer.onEndorse = request -> FakePeer.endorsed(request, "{}");
            peer.onSubmit = request -> {
                throw FakePeer.error(Code.UNAVAILABLE, "no orderers could successfully process transaction");
            };
            peer.onCommitStatus = request -> {
                throw FakePeer.error(Code.DEADLINE_EXCEEDED, "context deadline exceeded");
            };

            assertThatThrownBy(() -> ledger.submit(caller("business-1"), "system", "ping", "{}"))
                    .isInstanceOfSatisfying(LedgerException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(LedgerException.Kind.UNAVAILABLE);
                        assertThat(failure.transactionId()).isPresent();
                    });
        }

        @Test
        void a_submit_the_orderers_did_not_confirm_but_that_commits_is_committed() throws Exception {
            // BFT: the peer counts an orderer's "request already processed" as a refusal (hyperledger/fabric#4415).
            peer.onEndorse = request -> FakePeer.endorsed(request, "{\"requestId\":\"r-9\"}");
            peer.onSubmit = request -> {
                throw FakePeer.error(Code.UNAVAILABLE,
                        "insufficient number of orderers could successfully process transaction to satisfy quorum "
                                + "requirement");
            };
            java.util.List<SignedCommitStatusRequest> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
            peer.onCommitStatus = request -> {
                asked.add(request);
                return FakePeer.committed(44);
            };

            Ledger.Committed committed = ledger.submit(caller("business-1"), "system", "ping", "{\"requestId\":\"r-9\"}");

            assertThat(new String(committed.result(), StandardCharsets.UTF_8)).isEqualTo("{\"requestId\":\"r-9\"}");
            assertThat(committed.blockNumber()).isEqualTo(44);
            assertThat(asked).hasSize(1);
            CommitStatusRequest request = CommitStatusRequest.parseFrom(asked.get(0).getRequest());
            assertThat(request.getTransactionId()).isEqualTo(committed.transactionId())
                    .isEqualTo(peer.endorsements.get(0).getTransactionId());
            assertThat(request.getChannelId()).isEqualTo("silkroad");
            SerializedIdentity identity = SerializedIdentity.parseFrom(request.getIdentity());
            assertThat(identity.getMspid()).isEqualTo("CNMSP");
            assertThat(identity.getIdBytes().toStringUtf8())
                    .isEqualTo(Identities.toPemString(caller("business-1").certificate()));
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(caller("business-1").certificate().getPublicKey());
            verifier.update(asked.get(0).getRequest().toByteArray());
            assertThat(verifier.verify(asked.get(0).getSignature().toByteArray())).isTrue();
        }

        @Test
        void a_late_submit_that_commits_invalid_is_commit_failed() {
            peer.onEndorse = request -> FakePeer.endorsed(request, "{}");
            peer.onSubmit = request -> {
                throw FakePeer.error(Code.DEADLINE_EXCEEDED, "submit timeout expired while broadcasting");
            };
            peer.onCommitStatus = request -> FakePeer.commitStatus(TxValidationCode.MVCC_READ_CONFLICT, 45);

            assertThatThrownBy(() -> ledger.submit(caller("business-1"), "system", "ping", "{}"))
                    .isInstanceOfSatisfying(LedgerException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(LedgerException.Kind.COMMIT_FAILED);
                        assertThat(failure.code()).contains("MVCC_READ_CONFLICT");
                    });
        }

        @Test
        void an_orderer_refusal_is_not_waited_for() {
            peer.onEndorse = request -> FakePeer.endorsed(request, "{}");
            peer.onSubmit = request -> {
                throw FakePeer.error(Code.PERMISSION_DENIED, "access denied: /Channel/Writers");
            };
            AtomicInteger asked = new AtomicInteger();
            peer.onCommitStatus = request -> {
                asked.incrementAndGet();
                return FakePeer.committed(46);
            };

            assertThatThrownBy(() -> ledger.submit(caller("business-1"), "system", "ping", "{}"))
                    .isInstanceOfSatisfying(LedgerException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(LedgerException.Kind.ACCESS_DENIED));
            assertThat(asked).hasValue(0);
        }

        @Test
        void is_timed_by_outcome() {
            peer.onEndorse = request -> FakePeer.endorsed(request, "{}");
            ledger.submit(caller("business-1"), "system", "ping", "{}");

            assertThat(meters.get("silkroad.ledger.calls")
                    .tags("mode", "submit", "transaction", "system:ping", "outcome", "ok").timer().count())
                    .isEqualTo(1);
        }
    }

    @Nested
    class WatchedCommits {

        private void watchUntilLive() throws InterruptedException {
            ledger.watchCommits(caller("gateway-probe"));
            peer.filteredBlocks.add(FakePeer.filteredBlock(7));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!ledger.watchingCommits() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(ledger.watchingCommits()).as("the stream delivered a block").isTrue();
        }

        private double learnt(String how) {
            var counter = meters.find("silkroad.ledger.commits").tag("learnt", how).counter();
            return counter == null ? 0 : counter.count();
        }

        @Test
        void a_submit_learns_its_commit_valid_or_not_from_the_block_stream_without_asking() throws Exception {
            watchUntilLive();
            peer.onEndorse = request -> FakePeer.endorsed(request, "{\"requestId\":\"r-1\"}");
            AtomicInteger block = new AtomicInteger(8);
            java.util.Map<Integer, TxValidationCode> codes = java.util.Map.of(8, TxValidationCode.VALID,
                    9, TxValidationCode.MVCC_READ_CONFLICT);
            peer.onSubmit = request -> {
                int number = block.getAndIncrement();
                peer.filteredBlocks.add(FakePeer.filteredBlock(number, "someone-else", TxValidationCode.VALID,
                        request.getTransactionId(), codes.get(number)));
                return org.hyperledger.fabric.protos.gateway.SubmitResponse.getDefaultInstance();
            };
            peer.onCommitStatus = request -> {
                throw FakePeer.error(Code.UNIMPLEMENTED, "the commit status was asked for");
            };

            Ledger.Committed committed = ledger.submit(caller("business-1"), "system", "ping", "{\"requestId\":\"r-1\"}");
            assertThat(committed.blockNumber()).isEqualTo(8);
            assertThat(new String(committed.result(), StandardCharsets.UTF_8)).isEqualTo("{\"requestId\":\"r-1\"}");

            assertThatThrownBy(() -> ledger.submit(caller("business-1"), "system", "ping", "{}"))
                    .isInstanceOfSatisfying(LedgerException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(LedgerException.Kind.COMMIT_FAILED);
                        assertThat(failure.code()).contains("MVCC_READ_CONFLICT");
                    });
            assertThat(learnt("stream")).isEqualTo(2);
            assertThat(learnt("request")).isZero();
        }

        @Test
        void until_the_stream_has_delivered_a_block_a_submit_asks_for_its_commit_status() {
            ledger.watchCommits(caller("gateway-probe"));
            peer.onEndorse = request -> FakePeer.endorsed(request, "{}");
            peer.onCommitStatus = request -> FakePeer.committed(42);

            assertThat(ledger.submit(caller("business-1"), "system", "ping", "{}").blockNumber()).isEqualTo(42);
            assertThat(ledger.watchingCommits()).isFalse();
            assertThat(learnt("request")).isEqualTo(1);
            assertThat(learnt("stream")).isZero();
        }
    }

    @Nested
    class MemberStates {

        private org.hyperledger.fabric.protos.common.ConfigGroup groups(String... names) {
            org.hyperledger.fabric.protos.common.ConfigGroup.Builder group =
                    org.hyperledger.fabric.protos.common.ConfigGroup.newBuilder();
            for (String name : names) {
                group.putGroups(name, org.hyperledger.fabric.protos.common.ConfigGroup.getDefaultInstance());
            }
            return group.build();
        }

        @Test
        void are_the_application_organisations_of_the_channel_configuration_the_peer_returns() throws Exception {
            org.hyperledger.fabric.protos.common.Config config = org.hyperledger.fabric.protos.common.Config
                    .newBuilder().setChannelGroup(groups().toBuilder()
                            .putGroups("Application", groups("RWMSP", "CNMSP", "BEMSP", "MYMSP"))
                            .putGroups("Orderer", groups("CNMSP", "MYMSP", "RWMSP"))).build();
            peer.onEvaluate = request -> org.hyperledger.fabric.protos.gateway.EvaluateResponse.newBuilder()
                    .setResult(org.hyperledger.fabric.protos.peer.Response.newBuilder().setStatus(200)
                            .setPayload(config.toByteString())).build();

            assertThat(ledger.memberStates(caller("bank"))).containsExactly("BEMSP", "CNMSP", "MYMSP", "RWMSP");

            org.hyperledger.fabric.protos.peer.Proposal proposal = org.hyperledger.fabric.protos.peer.Proposal
                    .parseFrom(peer.proposals.get(0).getProposalBytes());
            org.hyperledger.fabric.protos.peer.ChaincodeSpec spec = org.hyperledger.fabric.protos.peer
                    .ChaincodeInvocationSpec.parseFrom(org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload
                            .parseFrom(proposal.getPayload()).getInput()).getChaincodeSpec();
            assertThat(spec.getChaincodeId().getName()).isEqualTo("cscc");
            assertThat(spec.getInput().getArgsList()).extracting(arg -> arg.toStringUtf8())
                    .containsExactly("GetChannelConfig", "silkroad");
            assertSignedBy(peer.proposals.get(0), caller("bank"));
        }

        @Test
        void a_configuration_without_an_application_group_or_unreadable_is_a_failure() {
            peer.onEvaluate = request -> FakePeer.evaluated("not a configuration");
            assertThatThrownBy(() -> ledger.memberStates(caller("bank")))
                    .isInstanceOfSatisfying(LedgerException.class,
                            e -> assertThat(e.kind()).isEqualTo(LedgerException.Kind.FAILED));

            peer.onEvaluate = request -> org.hyperledger.fabric.protos.gateway.EvaluateResponse.newBuilder()
                    .setResult(org.hyperledger.fabric.protos.peer.Response.newBuilder().setStatus(200)
                            .setPayload(org.hyperledger.fabric.protos.common.Config.newBuilder()
                                    .setChannelGroup(groups()).build().toByteString())).build();
            assertThatThrownBy(() -> ledger.memberStates(caller("bank")))
                    .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.getMessage())
                            .contains("no application group"));
        }
    }

    @Nested
    class Evaluate {

        @Test
        void returns_the_chaincode_result() {
            peer.onEvaluate = request -> FakePeer.evaluated("{\"version\":\"0.1.0\"}");

            byte[] result = ledger.evaluate(caller("business-1"), "system", "version");

            assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo("{\"version\":\"0.1.0\"}");
            assertSignedBy(peer.proposals.get(0), caller("business-1"));
        }

        @Test
        void an_identity_re_keyed_in_the_directory_signs_with_its_new_key_from_the_next_request_on() throws Exception {
            peer.onEvaluate = request -> FakePeer.evaluated("{}");
            TestIdentities files = new TestIdentities(TestPki.newCa("ca.cn.silkroad.test"), dir.resolve("live"));
            files.add("business-1", "business", "key-before");
            IdentityDirectory live = files.load();
            live.onRetired(ledger::forget);
            FabricIdentity before = live.identity("business-1").orElseThrow();
            ledger.evaluate(before, "system", "version");

            files.add("business-1", "business", "key-after");
            assertThat(live.refresh().replaced()).containsExactly("business-1");
            FabricIdentity after = live.authenticate("key-after").orElseThrow();
            ledger.evaluate(after, "system", "version");

            assertThat(after.certificate()).isNotEqualTo(before.certificate());
            assertSignedBy(peer.proposals.get(0), before);
            assertSignedBy(peer.proposals.get(1), after);
        }

        @Test
        void chaincode_refusal_is_rejected_with_its_code_and_no_transaction_id() {
            peer.onEvaluate = request -> {
                throw FakePeer.error(Code.UNKNOWN, "evaluate call to endorser returned error: "
                        + "chaincode response 500, NOT_FOUND: no ping r-9");
            };

            assertThatThrownBy(() -> ledger.evaluate(caller("business-1"), "system", "readPing", "r-9"))
                    .isInstanceOfSatisfying(LedgerException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(LedgerException.Kind.REJECTED);
                        assertThat(failure.code()).contains("NOT_FOUND");
                        assertThat(failure.getMessage()).isEqualTo("no ping r-9");
                        assertThat(failure.transactionId()).isEmpty();
                    });
        }

        @Test
        void chaincode_failure_without_code_is_chaincode_failed() {
            peer.onEvaluate = request -> {
                throw FakePeer.error(Code.UNKNOWN, "evaluate call to endorser returned error: "
                        + "chaincode response 500, Undefined contract method called");
            };

            assertThatThrownBy(() -> ledger.evaluate(caller("business-1"), "system", "nope"))
                    .isInstanceOfSatisfying(LedgerException.class, failure ->
                            assertThat(failure.kind()).isEqualTo(LedgerException.Kind.CHAINCODE_FAILED));
        }

        @Test
        void identity_refused_by_the_peer_is_access_denied() {
            peer.onEvaluate = request -> {
                throw FakePeer.error(Code.FAILED_PRECONDITION,
                        "evaluate call to endorser returned error: error validating proposal: access denied");
            };

            assertThatThrownBy(() -> ledger.evaluate(caller("business-1"), "system", "version"))
                    .isInstanceOfSatisfying(LedgerException.class, failure ->
                            assertThat(failure.kind()).isEqualTo(LedgerException.Kind.ACCESS_DENIED));
        }

        @Test
        void other_gateway_refusals_are_failed() {
            peer.onEvaluate = request -> {
                throw FakePeer.error(Code.FAILED_PRECONDITION, "no peers available to evaluate chaincode silkroad");
            };

            assertThatThrownBy(() -> ledger.evaluate(caller("business-1"), "system", "version"))
                    .isInstanceOfSatisfying(LedgerException.class, failure ->
                            assertThat(failure.kind()).isEqualTo(LedgerException.Kind.FAILED));
        }

        @Test
        void slow_peer_is_a_timeout() {
            ledger.close();
            ledger = FabricLedger.connect(properties("127.0.0.1:" + peer.port(), HOST_ALIAS, Duration.ofMillis(300)),
                    meters);
            peer.onEvaluate = request -> {
                FakePeer.hangUntilClientGivesUp();
                return FakePeer.evaluated("{}");
            };

            assertThatThrownBy(() -> ledger.evaluate(caller("business-1"), "system", "version"))
                    .isInstanceOfSatisfying(LedgerException.class, failure ->
                            assertThat(failure.kind()).isEqualTo(LedgerException.Kind.TIMEOUT));
        }

        @Test
        void own_deadline_overrides_the_configured_one() {
            peer.onEvaluate = request -> {
                FakePeer.hangUntilClientGivesUp();
                return FakePeer.evaluated("{}");
            };

            assertThatThrownBy(() -> ledger.evaluate(caller("gateway-probe"), Duration.ofMillis(200), "system", "version"))
                    .isInstanceOfSatisfying(LedgerException.class, failure ->
                            assertThat(failure.kind()).isEqualTo(LedgerException.Kind.TIMEOUT));
        }
    }

    @Nested
    class Connection {

        @Test
        void closed_port_is_unavailable() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            ledger.close();
            ledger = FabricLedger.connect(properties("127.0.0.1:" + closedPort, HOST_ALIAS, Duration.ofSeconds(5)),
                    meters);

            assertThatThrownBy(() -> ledger.evaluate(caller("business-1"), "system", "version"))
                    .isInstanceOfSatisfying(LedgerException.class, failure ->
                            assertThat(failure.kind()).isEqualTo(LedgerException.Kind.UNAVAILABLE));
        }

        @Test
        void peer_certificate_for_another_host_name_is_refused() {
            ledger.close();
            ledger = FabricLedger.connect(properties("127.0.0.1:" + peer.port(), "peer0.my.silkroad.test",
                    Duration.ofSeconds(5)), meters);
            peer.onEvaluate = request -> FakePeer.evaluated("{}");

            assertThatThrownBy(() -> ledger.evaluate(caller("business-1"), "system", "version"))
                    .isInstanceOfSatisfying(LedgerException.class, failure ->
                            assertThat(failure.kind()).isEqualTo(LedgerException.Kind.UNAVAILABLE));
            assertThat(peer.proposals).isEmpty();
        }

        @Test
        void unreadable_tls_ca_certificate_fails_at_start() {
            FabricProperties broken = new FabricProperties("CNMSP", "silkroad", "silkroad", "127.0.0.1:1", HOST_ALIAS,
                    dir.resolve("missing.pem"), dir, Duration.ZERO, "gateway-probe", false,
                    new FabricProperties.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));

            assertThatThrownBy(() -> FabricLedger.connect(broken, meters))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("TLS CA certificate");
        }
    }

    private static void assertSignedBy(SignedProposal signed, FabricIdentity expected) {
        SerializedIdentity creator = FakePeer.creator(signed);
        assertThat(creator.getMspid()).isEqualTo("CNMSP");
        assertThat(creator.getIdBytes().toStringUtf8()).isEqualTo(Identities.toPemString(expected.certificate()));
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(expected.certificate().getPublicKey());
            verifier.update(signed.getProposalBytes().toByteArray());
            assertThat(verifier.verify(signed.getSignature().toByteArray()))
                    .as("proposal signed with %s's key", expected.name()).isTrue();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
