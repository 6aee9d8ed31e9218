package org.silkroad.fabric;

import java.time.Duration;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.client.Commit;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * The commit status of a transaction known only by its ID, for a submit whose outcome the orderers left open.
 *
 * <p>With BFT ordering the peer's Gateway sends a transaction to every orderer and needs a quorum of them to accept
 * it. An orderer that already has it, because another orderer forwarded it to the leader first, answers "request
 * already processed", which the peer counts as a refusal (hyperledger/fabric#4415): under load a submit then fails
 * with UNAVAILABLE although the transaction is ordered and commits. A submit that ran out of time may have reached the
 * orderers as well. The Fabric Gateway client gives no {@code SubmittedTransaction} for either, so this builds the
 * commit-status request itself; the gateway signs it with its identity when its status is asked for.
 */
public final class CommitStatuses {

    private CommitStatuses() {}

    /**
     * The commit status of a transaction whose submit failed, when the failure leaves its ordering open (the peer said
     * UNAVAILABLE, or the deadline passed) and it commits within {@code timeout}; otherwise the failure, rethrown
     * (with the commit-status failure, if one was asked, suppressed in it).
     *
     * @param gateway  the gateway that submitted it; its identity asks, unless the commit is seen on the watch
     * @param expected the transaction as expected on a {@link CommitWatch} before it was submitted
     * @param timeout  how long to wait for the commit
     */
    public static Status committedAnyway(Gateway gateway, String channel, CommitWatch.Expected expected,
                                         SubmitException failure, Duration timeout)
            throws SubmitException {
        io.grpc.Status.Code code = failure.getStatus().getCode();
        if (code != io.grpc.Status.Code.UNAVAILABLE && code != io.grpc.Status.Code.DEADLINE_EXCEEDED) {
            throw failure;
        }
        try {
            return expected.status(of(gateway, channel, expected.transactionId()), timeout);
        } catch (CommitStatusException e) {
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /**
     * A commit-status request for the transaction, asked as the gateway's identity; {@code getStatus} waits until the
     * transaction commits (bound it with a deadline).
     */
    static Commit of(Gateway gateway, String channel, String transactionId) {
        SerializedIdentity identity = SerializedIdentity.newBuilder()
                .setMspid(gateway.getIdentity().getMspId())
                .setIdBytes(ByteString.copyFrom(gateway.getIdentity().getCredentials()))
                .build();
        CommitStatusRequest request = CommitStatusRequest.newBuilder()
                .setChannelId(channel)
                .setTransactionId(transactionId)
                .setIdentity(identity.toByteString())
                .build();
        return gateway.newCommit(
                SignedCommitStatusRequest.newBuilder().setRequest(request.toByteString()).build().toByteArray());
    }
}
