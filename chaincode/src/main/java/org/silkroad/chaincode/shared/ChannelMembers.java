package org.silkroad.chaincode.shared;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The member states of the channel, as the endorsing peer's own copy of the channel configuration names them: the MSP
 * IDs of the organisations in its application group.
 *
 * <p>A chaincode sees no configuration, and the configuration and query system chaincodes refuse calls from another
 * chaincode ({@code core/scc/cscc/configure.go}, {@code core/scc/qscc/query.go}). The lifecycle system chaincode does
 * not: its {@code QueryChaincodeDefinition} answers, for this chaincode's committed definition, whether each
 * organisation of the channel's application group approved it ({@code createOpaqueStates} in
 * {@code core/chaincode/lifecycle/scc.go}), one entry per organisation whether it approved or not. Those entries' MSP
 * IDs are the members. The peer checks the call against the channel's {@code _lifecycle/QueryChaincodeDefinition}
 * ACL (the channel's Writers) with the proposal's own signer.
 *
 * <p>Every endorsing peer reads its own copy: a majority of the states' peers agreeing is the majority's word on
 * membership. The configuration is not part of the read set, so a rule built on it must be one that a later
 * configuration block cannot turn around: here, that a state has left (a code that left never joins again; see
 * test-network/lib/leave.sh).
 */
public final class ChannelMembers {

    /** The lifecycle system chaincode. */
    static final String LIFECYCLE = "_lifecycle";
    /** Its function answering a committed definition with the channel's organisations' approvals. */
    static final String QUERY_DEFINITION = "QueryChaincodeDefinition";

    private ChannelMembers() {
    }

    /**
     * The MSP IDs of the channel's member organisations now, by this peer's configuration.
     *
     * @param stub the transaction's stub
     * @return the MSP IDs, sorted
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INTERNAL} when the peer refuses the
     *     call or answers with something that is not a chaincode definition
     */
    public static Set<String> of(ChaincodeStub stub) {
        byte[] query = QueryChaincodeDefinitionArgs.newBuilder().setName(invokedChaincode(stub.getSignedProposal()))
                .build().toByteArray();
        Chaincode.Response response = stub.invokeChaincode(LIFECYCLE, List.of(QUERY_DEFINITION.getBytes(UTF_8), query),
                "");
        if (response.getStatus() != Chaincode.Response.Status.SUCCESS) {
            throw LedgerError.INTERNAL.exception("the peer did not say which states are members (%s): %s",
                    response.getStatus(), LedgerError.excerpt(response.getMessage()));
        }
        return fromDefinition(response.getPayload());
    }

    /**
     * The MSP IDs a serialized {@code lifecycle.QueryChaincodeDefinitionResult} holds approvals for.
     *
     * @param definition the bytes {@code _lifecycle QueryChaincodeDefinition} returns
     * @return the MSP IDs, sorted
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INTERNAL} when the bytes do not parse
     */
    public static Set<String> fromDefinition(byte[] definition) {
        try {
            return new TreeSet<>(QueryChaincodeDefinitionResult.parseFrom(definition).getApprovalsMap().keySet());
        } catch (InvalidProtocolBufferException e) {
            throw LedgerError.INTERNAL.exception("the chaincode definition does not parse: %s", e.getMessage());
        }
    }

    /**
     * The name of the chaincode a proposal invokes: this chaincode's name on the channel, which the package does not
     * know (the operators choose it when they define the chaincode).
     */
    static String invokedChaincode(SignedProposal signed) {
        try {
            Proposal proposal = Proposal.parseFrom(signed.getProposalBytes());
            ChannelHeader channel = ChannelHeader.parseFrom(Header.parseFrom(proposal.getHeader()).getChannelHeader());
            return ChaincodeHeaderExtension.parseFrom(channel.getExtension()).getChaincodeId().getName();
        } catch (InvalidProtocolBufferException e) {
            throw LedgerError.INTERNAL.exception("the signed proposal does not parse: %s", e.getMessage());
        }
    }
}
