package org.silkroad.ops.evidence;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.silkroad.ops.evidence.EvidenceBundle.BlockContent;
import org.silkroad.ops.evidence.EvidenceBundle.Listed;
import org.silkroad.ops.shared.BlockHashes;

/**
 * Checks an evidence bundle with nothing but the bundle: no network, no peer, no gateway.
 *
 * <ol>
 *   <li>Trust comes from the configuration block(s) in the bundle: its member states' CA certificates and its BFT
 *       consenters. Its hash is reported, for comparison with the channel's published configuration/genesis hash:
 *       a bundle is only as trustworthy as that anchor.</li>
 *   <li>Headers: consecutive numbers, each {@code previous_hash} the hash of the header before; every configuration
 *       block's header is in that chain.</li>
 *   <li>Each block with evidence: its envelopes hash to its header's {@code data_hash}; its orderer signatures (over
 *       the signature metadata value, the signer's identifier header and the header's DER bytes, as SmartBFT signs)
 *       verify against the consenters' certificates, from distinct consenters, at least a BFT quorum of them.</li>
 *   <li>Each listed transaction: its envelope is where the bundle says; the creator's signature over the payload and
 *       every endorser's signature over the proposal response verify, with certificates issued by their states' CAs
 *       and valid at the transaction's time (the evidence stays checkable after certificates expire).</li>
 * </ol>
 * Each failure is collected with what it concerns, so one report says everything that is wrong.
 */
final class BundleVerifier {

    private static final HexFormat HEX = HexFormat.of();

    /** The outcome: every failed check (empty when the bundle verifies) and what was verified. */
    record Result(List<String> failures, List<String> verified, String trustAnchor) {
        boolean ok() {
            return failures.isEmpty();
        }
    }

    Result verify(EvidenceBundle bundle) {
        List<String> failures = new ArrayList<>();
        List<String> verified = new ArrayList<>();

        // 1. Header chain.
        Map<Long, BlockHeader> headers = new TreeMap<>();
        List<BlockHeader> list = bundle.headers();
        if (list.isEmpty()) {
            failures.add("headers: the bundle holds no block header");
        }
        for (int i = 0; i < list.size(); i++) {
            BlockHeader header = list.get(i);
            if (i > 0) {
                BlockHeader previous = list.get(i - 1);
                if (header.getNumber() != previous.getNumber() + 1) {
                    failures.add("header chain: block out of order: position " + i + " holds block "
                            + header.getNumber() + ", expected block " + (previous.getNumber() + 1));
                } else if (!header.getPreviousHash().equals(ByteString.copyFrom(BlockHashes.headerHash(previous)))) {
                    failures.add("header chain: block " + header.getNumber() + "'s previous hash "
                            + hex(header.getPreviousHash()) + " is not the hash of block " + previous.getNumber());
                }
            }
            if (headers.put(header.getNumber(), header) != null) {
                failures.add("header chain: block " + header.getNumber() + " appears twice");
            }
        }
        if (failures.isEmpty() && !list.isEmpty()) {
            verified.add("header chain: blocks " + list.get(0).getNumber() + ".." + list.get(list.size() - 1).getNumber()
                    + " linked by previous hash");
        }

        // 2. Configuration blocks: the trust anchors.
        Map<Long, ChannelTrust> trusts = new TreeMap<>();
        String anchor = null;
        for (Block config : bundle.configBlocks()) {
            long number = config.getHeader().getNumber();
            String where = "configuration block " + number;
            BlockHeader chained = headers.get(number);
            if (chained == null || !chained.equals(config.getHeader())) {
                failures.add(where + ": its header is not the one in the header chain");
                continue;
            }
            if (!ByteString.copyFrom(BlockHashes.dataHash(config.getData())).equals(config.getHeader().getDataHash())) {
                failures.add(where + ": its content does not match its header's data hash");
                continue;
            }
            try {
                trusts.put(number, ChannelTrust.of(config));
                String hash = hex(BlockHashes.headerHash(config.getHeader()));
                anchor = anchor == null ? "configuration block " + number + " hash " + hash
                        : anchor + "; configuration block " + number + " hash " + hash;
            } catch (VerificationException e) {
                failures.add(where + ": " + e.getMessage());
            }
        }
        if (trusts.isEmpty()) {
            failures.add("configuration: the bundle holds no readable configuration block, so nothing can be trusted");
            return new Result(List.copyOf(failures), List.copyOf(verified), anchor);
        }
        ChannelTrust latest = trusts.get(((TreeMap<Long, ChannelTrust>) trusts).lastKey());
        checkDeclaredTrust(bundle, latest, failures);
        verified.add("states and CA certificates from " + "configuration block " + latest.configBlock() + ": "
                + String.join(", ", latest.msps().keySet()) + "; consenters " + latest.consenters().keySet()
                + ", BFT quorum " + latest.quorum() + " of " + latest.consenters().size());

        // 3. Blocks holding evidence.
        for (BlockContent block : bundle.blocks().values()) {
            verifyBlock(block, headers.get(block.number()), trusts, failures, verified);
        }

        // 4. Transactions.
        for (Listed listed : bundle.transactions()) {
            verifyTransaction(listed, bundle, trusts, failures, verified);
        }
        return new Result(List.copyOf(failures), List.copyOf(verified), anchor);
    }

    /** The bundle's plain-JSON copies of the CA certificates and quorum must say what the configuration block says. */
    private static void checkDeclaredTrust(EvidenceBundle bundle, ChannelTrust trust, List<String> failures) {
        Map<String, List<String>> declared = bundle.certificates();
        if (!declared.keySet().equals(trust.msps().keySet())) {
            failures.add("certificates: the bundle lists states " + declared.keySet()
                    + " but its configuration block defines " + trust.msps().keySet());
        } else {
            for (Map.Entry<String, List<String>> entry : declared.entrySet()) {
                Set<X509Certificate> listedCerts = new HashSet<>();
                try {
                    for (String pem : entry.getValue()) {
                        listedCerts.add(ChannelTrust.certificate(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                    }
                } catch (CertificateException e) {
                    failures.add("certificates: " + entry.getKey() + " lists an unreadable certificate");
                    continue;
                }
                if (!listedCerts.equals(new HashSet<>(trust.msps().get(entry.getKey()).roots()))) {
                    failures.add("certificates: the CA certificates listed for " + entry.getKey()
                            + " differ from the configuration block's");
                }
            }
        }
        EvidenceBundle.Quorum q = bundle.quorum();
        if (q.consenters() != trust.consenters().size() || q.tolerated() != trust.tolerated()
                || q.required() != (trust.consenters().isEmpty() ? 0 : trust.quorum())) {
            failures.add("quorum: the bundle states " + q.required() + " of " + q.consenters()
                    + " but the configuration's consenters make " + trust.quorum() + " of " + trust.consenters().size());
        }
    }

    private static void verifyBlock(BlockContent block, BlockHeader header, Map<Long, ChannelTrust> trusts,
                                    List<String> failures, List<String> verified) {
        String where = "block " + block.number();
        if (header == null) {
            failures.add(where + ": its header is not in the header chain");
            return;
        }
        if (!ByteString.copyFrom(BlockHashes.dataHash(block.data())).equals(header.getDataHash())) {
            failures.add(where + ": its transactions do not match the header's data hash (a transaction was changed, "
                    + "removed, added or reordered)");
        }
        if (block.metadata().getMetadataCount() <= BlockMetadataIndex.SIGNATURES_VALUE) {
            failures.add(where + ": no orderer signatures in its metadata");
            return;
        }
        try {
            Metadata signatures = Metadata.parseFrom(block.metadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
            long lastConfig = OrdererBlockMetadata.parseFrom(signatures.getValue()).getLastConfig().getIndex();
            ChannelTrust trust = trusts.get(lastConfig);
            if (trust == null) {
                failures.add(where + ": signed under configuration block " + lastConfig + ", which the bundle lacks");
                return;
            }
            byte[] headerBytes = BlockHashes.headerBytes(header);
            Set<String> valid = new TreeSet<>();
            List<String> invalid = new ArrayList<>();
            for (MetadataSignature signature : signatures.getSignaturesList()) {
                verifyOrdererSignature(signature, signatures.getValue(), headerBytes, trust, valid, invalid);
            }
            int required = trust.quorum();
            if (valid.size() < required) {
                failures.add(where + ": " + valid.size() + " valid orderer signature(s) " + valid + ", the BFT quorum is "
                        + required + " of " + trust.consenters().size()
                        + (invalid.isEmpty() ? "" : "; rejected: " + String.join("; ", invalid)));
            } else {
                verified.add(where + ": data hash matches; signed by " + valid + " (quorum " + required + ")"
                        + (invalid.isEmpty() ? "" : "; also rejected: " + String.join("; ", invalid)));
            }
        } catch (InvalidProtocolBufferException e) {
            failures.add(where + ": its signature metadata is unreadable");
        }
    }

    /**
     * SmartBFT (Fabric v3) names the signer by consenter ID in an identifier header, and the certificate comes from the
     * configuration's consenter list; a signature header with the signer's certificate (Raft, older blocks) is
     * accepted when that certificate belongs to an orderer of a member state.
     */
    private static void verifyOrdererSignature(MetadataSignature signature, ByteString value, byte[] headerBytes,
                                               ChannelTrust trust, Set<String> valid, List<String> invalid)
            throws InvalidProtocolBufferException {
        ByteString signerHeader;
        X509Certificate certificate;
        String signer;
        if (signature.getSignatureHeader().isEmpty() && !signature.getIdentifierHeader().isEmpty()) {
            int id = IdentifierHeader.parseFrom(signature.getIdentifierHeader()).getIdentifier();
            ChannelTrust.ConsenterIdentity consenter = trust.consenters().get(id);
            if (consenter == null) {
                invalid.add("signer " + id + " is not a consenter");
                return;
            }
            signer = "consenter " + id + " (" + consenter.mspId() + ")";
            certificate = consenter.certificate();
            try {
                // The consenter's certificate must come from its own state's CA (as Fabric's MSP checks it), not
                // merely be listed in the configuration.
                trust.requireIssuedBy(consenter.mspId(), certificate, certificate.getNotBefore().toInstant());
            } catch (VerificationException e) {
                invalid.add(signer + ": " + e.getMessage());
                return;
            }
            signerHeader = signature.getIdentifierHeader();
        } else {
            SignatureHeader header = SignatureHeader.parseFrom(signature.getSignatureHeader());
            SerializedIdentity identity = SerializedIdentity.parseFrom(header.getCreator());
            try {
                certificate = ChannelTrust.certificate(identity.getIdBytes().toByteArray());
            } catch (CertificateException e) {
                invalid.add("a signer's certificate is unreadable");
                return;
            }
            signer = identity.getMspid() + "/" + ChannelTrust.commonName(certificate);
            try {
                trust.requireIssuedBy(identity.getMspid(), certificate, certificate.getNotBefore().toInstant());
            } catch (VerificationException e) {
                invalid.add(e.getMessage());
                return;
            }
            signerHeader = signature.getSignatureHeader();
        }
        byte[] message = value.concat(signerHeader).concat(ByteString.copyFrom(headerBytes)).toByteArray();
        if (!ChannelTrust.verifies(certificate.getPublicKey(), message, signature.getSignature().toByteArray())) {
            invalid.add(signer + ": signature does not verify");
        } else if (!valid.add(signer)) {
            invalid.add(signer + ": signed twice (counted once)");
        }
    }

    private static void verifyTransaction(Listed listed, EvidenceBundle bundle, Map<Long, ChannelTrust> trusts,
                                          List<String> failures, List<String> verified) {
        String where = "transaction " + listed.txId();
        BlockContent block = bundle.blocks().get(listed.blockNumber());
        if (block == null) {
            failures.add(where + ": its block " + listed.blockNumber() + " is not in the bundle");
            return;
        }
        if (listed.index() >= block.data().getDataCount()) {
            failures.add(where + ": block " + listed.blockNumber() + " has no transaction at position " + listed.index()
                    + " (it holds " + block.data().getDataCount() + ")");
            return;
        }
        try {
            Envelope envelope = Envelope.parseFrom(block.data().getData(listed.index()));
            Payload payload = Payload.parseFrom(envelope.getPayload());
            ChannelHeader channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (!channelHeader.getTxId().equals(listed.txId())) {
                failures.add(where + ": block " + listed.blockNumber() + " position " + listed.index()
                        + " holds transaction " + channelHeader.getTxId() + " instead");
                return;
            }
            if (!channelHeader.getChannelId().equals(bundle.channel())) {
                failures.add(where + ": belongs to channel " + channelHeader.getChannelId() + ", the bundle is about "
                        + bundle.channel());
            }
            Instant when = Instant.ofEpochSecond(channelHeader.getTimestamp().getSeconds(),
                    channelHeader.getTimestamp().getNanos());
            ChannelTrust trust = trustFor(block, trusts);
            if (trust == null) {
                failures.add(where + ": no configuration block in the bundle governs block " + listed.blockNumber());
                return;
            }
            SignatureHeader signatureHeader = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
            String creator = describe(signatureHeader.getCreator());
            try {
                X509Certificate certificate = trust.identity(signatureHeader.getCreator(), when);
                if (!ChannelTrust.verifies(certificate.getPublicKey(), envelope.getPayload().toByteArray(),
                        envelope.getSignature().toByteArray())) {
                    failures.add(where + ": the creator's signature (" + creator + ") does not verify: the transaction "
                            + "or its signature was changed");
                    return;
                }
            } catch (VerificationException e) {
                failures.add(where + ": creator " + e.getMessage());
                return;
            }
            Set<String> endorsingStates = new LinkedHashSet<>();
            List<String> endorsers = new ArrayList<>();
            Transaction transaction = Transaction.parseFrom(payload.getData());
            for (TransactionAction action : transaction.getActionsList()) {
                ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(action.getPayload());
                ByteString response = actionPayload.getAction().getProposalResponsePayload();
                for (Endorsement endorsement : actionPayload.getAction().getEndorsementsList()) {
                    String endorser = describe(endorsement.getEndorser());
                    try {
                        X509Certificate certificate = trust.identity(endorsement.getEndorser(), when);
                        if (!ChannelTrust.verifies(certificate.getPublicKey(),
                                response.concat(endorsement.getEndorser()).toByteArray(),
                                endorsement.getSignature().toByteArray())) {
                            failures.add(where + ": the endorsement by " + endorser + " does not verify: the "
                                    + "transaction's results or the endorsement were changed");
                            return;
                        }
                    } catch (VerificationException e) {
                        failures.add(where + ": endorser " + e.getMessage());
                        return;
                    }
                    endorsers.add(endorser);
                    endorsingStates.add(SerializedIdentity.parseFrom(endorsement.getEndorser()).getMspid());
                }
            }
            if (endorsers.isEmpty()) {
                failures.add(where + ": carries no endorsement");
                return;
            }
            String code = validationCode(block, listed.index());
            if (listed.validationCode() != null && !listed.validationCode().equals(code)) {
                failures.add(where + ": listed as " + listed.validationCode() + " but the block's transaction filter says "
                        + code);
            }
            verified.add(where + " (block " + listed.blockNumber() + " #" + listed.index() + ", " + when + "): created by "
                    + creator + "; endorsed by " + String.join(", ", endorsers) + " (" + endorsingStates.size() + " of "
                    + trust.msps().size() + " states); peers' validation code " + code);
        } catch (InvalidProtocolBufferException e) {
            failures.add(where + ": its envelope is unreadable");
        }
    }

    private static ChannelTrust trustFor(BlockContent block, Map<Long, ChannelTrust> trusts) {
        try {
            Metadata signatures = Metadata.parseFrom(block.metadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
            return trusts.get(OrdererBlockMetadata.parseFrom(signatures.getValue()).getLastConfig().getIndex());
        } catch (InvalidProtocolBufferException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** The committing peers' verdict; it is not covered by the orderers' signatures, so it is reported, not proven. */
    private static String validationCode(BlockContent block, int index) {
        if (block.metadata().getMetadataCount() <= BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) {
            return "UNKNOWN";
        }
        ByteString filter = block.metadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
        if (index >= filter.size()) {
            return "UNKNOWN";
        }
        TxValidationCode code = TxValidationCode.forNumber(Byte.toUnsignedInt(filter.byteAt(index)));
        return code == null ? "CODE_" + Byte.toUnsignedInt(filter.byteAt(index)) : code.name();
    }

    private static String describe(ByteString serializedIdentity) {
        try {
            SerializedIdentity identity = SerializedIdentity.parseFrom(serializedIdentity);
            return identity.getMspid() + "/" + ChannelTrust.commonName(
                    ChannelTrust.certificate(identity.getIdBytes().toByteArray()));
        } catch (InvalidProtocolBufferException | CertificateException e) {
            return "(unreadable identity)";
        }
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
