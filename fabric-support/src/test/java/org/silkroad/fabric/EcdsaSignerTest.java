package org.silkroad.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.hyperledger.fabric.client.identity.Signer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EcdsaSignerTest {

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1"})
    void signs_digests_that_the_jdk_verifies_always_with_the_low_s_fabric_requires(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = generator.generateKeyPair();
        Signer signer = EcdsaSigner.of(pair.getPrivate());
        assertThat(signer).isInstanceOf(EcdsaSigner.class);
        BigInteger order = ((ECPublicKey) pair.getPublic()).getParams().getOrder();

        for (int i = 0; i < 50; i++) {
            byte[] message = ("proposal " + i).getBytes(StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
            byte[] signature = signer.sign(digest);

            Signature verifier = Signature.getInstance("NONEwithECDSA");
            verifier.initVerify(pair.getPublic());
            verifier.update(digest);
            assertThat(verifier.verify(signature)).as("signature %d verifies", i).isTrue();
            BigInteger s = ((ASN1Integer) ASN1Sequence.getInstance(signature).getObjectAt(1)).getValue();
            assertThat(s.compareTo(order.shiftRight(1))).as("low S").isLessThanOrEqualTo(0);
            // RFC 6979: the same digest gives the same signature
            assertThat(signer.sign(digest)).isEqualTo(signature);
        }
    }

    @Test
    void leaves_keys_on_other_curves_to_the_fabric_gateway_signer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp521r1"));
        KeyPair pair = generator.generateKeyPair();

        Signer signer = EcdsaSigner.of(pair.getPrivate());

        assertThat(signer).isNotInstanceOf(EcdsaSigner.class);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("proposal".getBytes(StandardCharsets.UTF_8));
        Signature verifier = Signature.getInstance("NONEwithECDSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(digest);
        assertThat(verifier.verify(signer.sign(digest))).isTrue();
    }
}
