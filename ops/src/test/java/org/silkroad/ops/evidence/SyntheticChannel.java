package org.silkroad.ops.evidence;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.silkroad.ops.shared.BlockHashes;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small channel built in the test: one CA per state, consenters with their own enrollment certificates, a
 * configuration block, and blocks of one endorsed transaction each, signed by chosen consenters the way SmartBFT signs
 * (identifier header, no certificate). Lets the tests vary what a recorded bundle cannot: the number of consenters,
 * who signs, expired or foreign certificates.
 */
final class SyntheticChannel {

    static final String CHANNEL = "synthetic";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    record Party(String mspId, X509Certificate certificate, PrivateKey key) {
        ByteString serialized() {
            return SerializedIdentity.newBuilder().setMspid(mspId)
                    .setIdBytes(ByteString.copyFromUtf8(ChannelTrust.pem(certificate))).build().toByteString();
        }
    }

    record Ca(String mspId, X509Certificate certificate, PrivateKey key) {
        Party issue(String name, Instant notBefore, Instant notAfter) {
            KeyPair pair = keyPair();
            return new Party(mspId, SyntheticChannel.certificate(new X500Name("CN=" + name + ",O=" + mspId), pair,
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), key, notBefore, notAfter,
                    false), pair.getPrivate());
        }

        Party issue(String name) {
            return issue(name, NOW.minusSeconds(86_400), NOW.plusSeconds(86_400 * 365));
        }
    }

    final Map<String, Ca> cas = new LinkedHashMap<>();
    final List<Party> consenters = new ArrayList<>();
    final List<Block> blocks = new ArrayList<>();

    /** States {@code mspIds}, and {@code consenterCount} consenters spread over them in turn. */
    SyntheticChannel(List<String> mspIds, int consenterCount) {
        for (String mspId : mspIds) {
            cas.put(mspId, newCa(mspId));
        }
        for (int i = 0; i < consenterCount; i++) {
            String mspId = mspIds.get(i % mspIds.size());
            consenters.add(cas.get(mspId).issue("orderer" + i + "." + mspId.toLowerCase()));
        }
        blocks.add(configBlock());
    }

    static Ca newCa(String mspId) {
        KeyPair pair = keyPair();
        X500Name name = new X500Name("CN=ca." + mspId.toLowerCase() + ",O=" + mspId);
        return new Ca(mspId, certificate(name, pair, name, pair.getPrivate(), NOW.minusSeconds(86_400 * 30),
                NOW.plusSeconds(86_400 * 3650), true), pair.getPrivate());
    }

    private Block configBlock() {
        ConfigGroup.Builder application = ConfigGroup.newBuilder();
        for (Ca ca : cas.values()) {
            FabricMSPConfig msp = FabricMSPConfig.newBuilder().setName(ca.mspId())
                    .addRootCerts(ByteString.copyFromUtf8(ChannelTrust.pem(ca.certificate()))).build();
            application.putGroups(ca.mspId(), ConfigGroup.newBuilder().putValues("MSP", ConfigValue.newBuilder()
                    .setValue(MSPConfig.newBuilder().setType(0).setConfig(msp.toByteString()).build().toByteString())
                    .build()).build());
        }
        Orderers.Builder orderers = Orderers.newBuilder();
        for (int i = 0; i < consenters.size(); i++) {
            Party consenter = consenters.get(i);
            orderers.addConsenterMapping(Consenter.newBuilder().setId(i + 1).setMspId(consenter.mspId())
                    .setHost("orderer" + i).setPort(7050)
                    .setIdentity(ByteString.copyFromUtf8(ChannelTrust.pem(consenter.certificate()))));
        }
        ConfigGroup channel = ConfigGroup.newBuilder().putGroups("Application", application.build())
                .putGroups("Orderer", ConfigGroup.newBuilder().putValues("Orderers",
                        ConfigValue.newBuilder().setValue(orderers.build().toByteString()).build()).build()).build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(ChannelHeader.newBuilder()
                        .setType(HeaderType.CONFIG_VALUE).setChannelId(CHANNEL).build().toByteString()))
                .setData(ConfigEnvelope.newBuilder().setConfig(Config.newBuilder().setChannelGroup(channel)).build()
                        .toByteString())
                .build();
        BlockData data = BlockData.newBuilder()
                .addData(Envelope.newBuilder().setPayload(payload.toByteString()).build().toByteString()).build();
        BlockHeader header = BlockHeader.newBuilder().setNumber(0)
                .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(data))).build();
        return Block.newBuilder().setHeader(header).setData(data).setMetadata(emptyMetadata()).build();
    }

    /**
     * Appends a block holding one transaction by {@code creator}, endorsed by {@code endorsers}, signed by the
     * consenters with the given IDs (1-based, as in the configuration).
     *
     * @return the transaction ID
     */
    String addTransaction(Party creator, List<Party> endorsers, Instant time, int... signerIds) {
        String txId = "tx-" + blocks.size();
        ByteString responsePayload = ByteString.copyFromUtf8("{\"amount\":1234,\"tx\":\"" + txId + "\"}");
        ChaincodeEndorsedAction.Builder action = ChaincodeEndorsedAction.newBuilder()
                .setProposalResponsePayload(responsePayload);
        for (Party endorser : endorsers) {
            action.addEndorsements(Endorsement.newBuilder().setEndorser(endorser.serialized())
                    .setSignature(sign(endorser.key(), responsePayload.concat(endorser.serialized()).toByteArray())));
        }
        Transaction transaction = Transaction.newBuilder().addActions(TransactionAction.newBuilder()
                .setPayload(ChaincodeActionPayload.newBuilder().setAction(action).build().toByteString())).build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(ChannelHeader.newBuilder().setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                                .setChannelId(CHANNEL).setTxId(txId)
                                .setTimestamp(Timestamp.newBuilder().setSeconds(time.getEpochSecond())).build()
                                .toByteString())
                        .setSignatureHeader(SignatureHeader.newBuilder().setCreator(creator.serialized()).build()
                                .toByteString()))
                .setData(transaction.toByteString()).build();
        Envelope envelope = Envelope.newBuilder().setPayload(payload.toByteString())
                .setSignature(sign(creator.key(), payload.toByteArray())).build();
        BlockData data = BlockData.newBuilder().addData(envelope.toByteString()).build();
        Block previous = blocks.get(blocks.size() - 1);
        BlockHeader header = BlockHeader.newBuilder().setNumber(blocks.size())
                .setPreviousHash(ByteString.copyFrom(BlockHashes.headerHash(previous.getHeader())))
                .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(data))).build();
        ByteString value = OrdererBlockMetadata.newBuilder().setLastConfig(LastConfig.newBuilder().setIndex(0)).build()
                .toByteString();
        Metadata.Builder signatures = Metadata.newBuilder().setValue(value);
        for (int id : signerIds) {
            ByteString identifier = IdentifierHeader.newBuilder().setIdentifier(id)
                    .setNonce(ByteString.copyFromUtf8("nonce-" + id)).build().toByteString();
            byte[] message = value.concat(identifier).concat(ByteString.copyFrom(BlockHashes.headerBytes(header)))
                    .toByteArray();
            signatures.addSignatures(MetadataSignature.newBuilder().setIdentifierHeader(identifier)
                    .setSignature(sign(consenters.get(id - 1).key(), message)));
        }
        BlockMetadata metadata = emptyMetadata().toBuilder()
                .setMetadata(0, signatures.build().toByteString())
                .setMetadata(2, ByteString.copyFrom(new byte[] {0})).build();
        blocks.add(Block.newBuilder().setHeader(header).setData(data).setMetadata(metadata).build());
        return txId;
    }

    /** The bundle the explorer would export for every transaction of the channel. */
    ObjectNode bundle() {
        ObjectNode out = JSON.createObjectNode();
        out.put("format", EvidenceBundle.FORMAT);
        out.put("channel", CHANNEL);
        out.putArray("configBlocks").addObject().put("number", 0).put("block", b64(blocks.get(0).toByteArray()));
        ObjectNode certificates = out.putObject("certificates");
        cas.values().forEach(ca -> certificates.putArray(ca.mspId()).add(ChannelTrust.pem(ca.certificate())));
        int n = consenters.size();
        int f = (n - 1) / 3;
        out.putObject("quorum").put("consenters", n).put("tolerated", f).put("required", (n + f + 2) / 2);
        ArrayNode headers = out.putArray("headers");
        ArrayNode blockNodes = out.putArray("blocks");
        ArrayNode transactions = out.putArray("transactions");
        for (Block block : blocks) {
            long number = block.getHeader().getNumber();
            headers.addObject().put("number", number).put("header", b64(block.getHeader().toByteArray()));
            if (number > 0) {
                blockNodes.addObject().put("number", number).put("data", b64(block.getData().toByteArray()))
                        .put("metadata", b64(block.getMetadata().toByteArray()));
                transactions.addObject().put("blockNumber", number).put("index", 0).put("txId", "tx-" + number)
                        .put("validationCode", "VALID");
            }
        }
        return out;
    }

    static Instant now() {
        return NOW;
    }

    private static BlockMetadata emptyMetadata() {
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i < 5; i++) {
            metadata.addMetadata(ByteString.EMPTY);
        }
        return metadata.build();
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(X500Name subject, KeyPair pair, X500Name issuer, PrivateKey issuerKey,
                                               Instant notBefore, Instant notAfter, boolean ca) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter), subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** ECDSA over SHA-256 with S in the lower half, as Fabric's signers produce. */
    static ByteString sign(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(message);
            ASN1Sequence der = ASN1Sequence.getInstance(signer.sign());
            BigInteger r = ASN1Integer.getInstance(der.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(der.getObjectAt(1)).getValue();
            BigInteger order = ((ECPrivateKey) key).getParams().getOrder();
            if (s.compareTo(order.shiftRight(1)) > 0) {
                s = order.subtract(s);
            }
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(new ASN1Integer(r));
            v.add(new ASN1Integer(s));
            return ByteString.copyFrom(new DERSequence(v).getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
