package org.silkroad.ops.evidence;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * What a channel configuration block says about trust: each member state's MSP (its CA root and intermediate
 * certificates) and the BFT consenters (ID, state, enrollment certificate). Signatures are checked with Bouncy Castle
 * against these only; nothing is fetched from a network.
 */
final class ChannelTrust {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final long configBlock;
    private final Map<String, Msp> msps;
    /** Certificates whose CA signature was already checked, with the CA that signed them: a bundle repeats the same
     *  few certificates (each peer, each orderer, each creator) hundreds of times. Validity dates are still checked at
     *  every use, as they depend on the transaction's time. */
    private final Map<X509Certificate, X509Certificate> issuedBy = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Integer, ConsenterIdentity> consenters;

    record Msp(String mspId, List<X509Certificate> roots, List<X509Certificate> intermediates) {
    }

    record ConsenterIdentity(int id, String mspId, X509Certificate certificate) {
    }

    private ChannelTrust(long configBlock, Map<String, Msp> msps, Map<Integer, ConsenterIdentity> consenters) {
        this.configBlock = configBlock;
        this.msps = msps;
        this.consenters = consenters;
    }

    /** @throws VerificationException if the block is not a configuration block or its MSPs cannot be read */
    static ChannelTrust of(Block block) {
        long number = block.getHeader().getNumber();
        try {
            if (block.getData().getDataCount() != 1) {
                throw new VerificationException("configuration block " + number + " must hold exactly one envelope");
            }
            Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
            if (ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getType() != HeaderType.CONFIG_VALUE) {
                throw new VerificationException("block " + number + " is not a configuration block");
            }
            ConfigGroup channel = ConfigEnvelope.parseFrom(payload.getData()).getConfig().getChannelGroup();
            Map<String, Msp> msps = new TreeMap<>();
            for (String section : List.of("Application", "Orderer")) {
                ConfigGroup group = channel.getGroupsMap().get(section);
                if (group == null) {
                    continue;
                }
                for (ConfigGroup org : group.getGroupsMap().values()) {
                    ConfigValue value = org.getValuesMap().get("MSP");
                    if (value != null) {
                        FabricMSPConfig msp = FabricMSPConfig.parseFrom(MSPConfig.parseFrom(value.getValue()).getConfig());
                        msps.putIfAbsent(msp.getName(), new Msp(msp.getName(), certificates(msp.getRootCertsList()),
                                certificates(msp.getIntermediateCertsList())));
                    }
                }
            }
            Map<Integer, ConsenterIdentity> consenters = new TreeMap<>();
            ConfigGroup orderer = channel.getGroupsMap().get("Orderer");
            if (orderer != null && orderer.getValuesMap().containsKey("Orderers")) {
                for (Consenter c : Orderers.parseFrom(orderer.getValuesMap().get("Orderers").getValue())
                        .getConsenterMappingList()) {
                    consenters.put(c.getId(), new ConsenterIdentity(c.getId(), c.getMspId(),
                            certificate(c.getIdentity().toByteArray())));
                }
            }
            return new ChannelTrust(number, msps, consenters);
        } catch (InvalidProtocolBufferException | CertificateException e) {
            throw new VerificationException("configuration block " + number + " is unreadable: " + e.getMessage());
        }
    }

    long configBlock() {
        return configBlock;
    }

    Map<String, Msp> msps() {
        return msps;
    }

    Map<Integer, ConsenterIdentity> consenters() {
        return consenters;
    }

    /** SmartBFT: f = (n-1)/3 faults tolerated among n consenters, ceil((n+f+1)/2) signatures make a quorum. */
    int tolerated() {
        return consenters.isEmpty() ? 0 : (consenters.size() - 1) / 3;
    }

    int quorum() {
        int n = consenters.size();
        return n == 0 ? 1 : (n + tolerated() + 2) / 2;
    }

    Map<String, List<String>> rootCertificatesPem() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        msps.forEach((id, msp) -> out.put(id, msp.roots().stream().map(ChannelTrust::pem).toList()));
        return out;
    }

    /**
     * Checks a serialized identity (MSP ID + certificate) against its MSP's CA certificates at {@code when}.
     *
     * @return the identity's certificate
     * @throws VerificationException naming the identity and what is wrong with it
     */
    X509Certificate identity(ByteString serializedIdentity, Instant when) {
        SerializedIdentity identity;
        X509Certificate certificate;
        try {
            identity = SerializedIdentity.parseFrom(serializedIdentity);
            certificate = certificate(identity.getIdBytes().toByteArray());
        } catch (InvalidProtocolBufferException | CertificateException e) {
            throw new VerificationException("identity is not an MSP ID with an X.509 certificate");
        }
        requireIssuedBy(identity.getMspid(), certificate, when);
        return certificate;
    }

    /** @throws VerificationException unless a CA certificate of {@code mspId} issued the certificate, valid at {@code when} */
    void requireIssuedBy(String mspId, X509Certificate certificate, Instant when) {
        Msp msp = msps.get(mspId);
        String who = mspId + "/" + commonName(certificate);
        if (msp == null) {
            throw new VerificationException(who + ": MSP " + mspId + " is not a member of the channel");
        }
        try {
            certificate.checkValidity(Date.from(when));
        } catch (CertificateException e) {
            throw new VerificationException(who + ": certificate not valid at " + when);
        }
        X509Certificate issuer = issuedBy.get(certificate);
        if (issuer == null || !(msp.roots().contains(issuer) || msp.intermediates().contains(issuer))) {
            issuer = findIssuer(msp, certificate);
            if (issuer == null) {
                throw new VerificationException(who + ": certificate not issued by a CA of " + mspId);
            }
            issuedBy.put(certificate, issuer);
        }
        if (!msp.roots().contains(issuer)) {
            requireIssuedBy(mspId, issuer, when); // an intermediate CA must chain to a root of the same MSP
        }
    }

    private static X509Certificate findIssuer(Msp msp, X509Certificate certificate) {
        List<X509Certificate> issuers = new ArrayList<>(msp.intermediates());
        issuers.addAll(msp.roots());
        for (X509Certificate issuer : issuers) {
            if (!issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            try {
                certificate.verify(issuer.getPublicKey(), BC);
                return issuer;
            } catch (GeneralSecurityException e) {
                // another CA with the same name; try the next
            }
        }
        return null;
    }

    /**
     * ECDSA (SHA-256) as Fabric signs: DER signature, and S in the lower half of the curve order (Fabric rejects the
     * other half, so a re-encoded signature must not pass here either).
     */
    static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
        try {
            if (key instanceof ECPublicKey ec) {
                BigInteger s = ASN1Integer.getInstance(ASN1Sequence.getInstance(signature).getObjectAt(1)).getValue();
                if (s.compareTo(ec.getParams().getOrder().shiftRight(1)) > 0) {
                    return false;
                }
            }
            Signature verifier = Signature.getInstance(key instanceof ECPublicKey ? "SHA256withECDSA" : "Ed25519", BC);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    static String commonName(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        for (String part : subject.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return subject;
    }

    private static List<X509Certificate> certificates(List<ByteString> pems) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        for (ByteString pem : pems) {
            out.add(certificate(pem.toByteArray()));
        }
        return out;
    }

    static X509Certificate certificate(byte[] pemOrDer) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pemOrDer));
    }

    static String pem(X509Certificate certificate) {
        try {
            String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
