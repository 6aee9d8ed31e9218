package org.silkroad.ops.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");

    @TempDir
    Path run;

    @Test
    void lists_the_network_s_certificates_the_first_to_expire_first_with_their_status() throws Exception {
        write("CN/ca/ca-cert.pem", "ca.cn.silkroad.test", Duration.ofDays(3650));
        write("CN/peer0/tls/server.crt", "peer0.cn.silkroad.test", Duration.ofDays(10));
        write("CN/peer0/msp/signcerts/cert.pem", "peer0.cn.silkroad.test", Duration.ofDays(-1));
        write("CN/identities/bank/cert.pem", "bank", Duration.ofDays(365));
        write("CN/identities/bank/msp/signcerts/cert.pem", "bank", Duration.ofDays(365));
        write("CN/retired-identities/bank/1a2b.pem", "bank", Duration.ofDays(-30));
        Files.writeString(run.resolve("CN/identities/bank/key.pem"), "-----BEGIN PRIVATE KEY-----\n");

        Report.Certificates certificates = new CertificateCheck(run, NOW).check(List.of("CN", "MY"));

        assertThat(certificates.warningDays()).isEqualTo(30);
        assertThat(certificates.certificates()).extracting(Report.CertificateEntry::path,
                Report.CertificateEntry::status, Report.CertificateEntry::daysLeft).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CN/peer0/msp/signcerts/cert.pem", "expired", -1L),
                org.assertj.core.groups.Tuple.tuple("CN/peer0/tls/server.crt", "expiring", 10L),
                org.assertj.core.groups.Tuple.tuple("CN/identities/bank/cert.pem", "ok", 365L),
                org.assertj.core.groups.Tuple.tuple("CN/ca/ca-cert.pem", "ok", 3650L));
        assertThat(certificates.certificates().get(2).subject()).isEqualTo("CN=bank");
        assertThat(certificates.certificates().get(2).state()).isEqualTo("CN");
    }

    @Test
    void a_file_that_holds_no_certificate_is_unreadable() throws Exception {
        Files.createDirectories(run.resolve("MY/osn0/tls"));
        Files.writeString(run.resolve("MY/osn0/tls/server.crt"), "not a certificate");

        Report.Certificates certificates = new CertificateCheck(run, NOW).check(List.of("MY"));

        assertThat(certificates.certificates()).singleElement().satisfies(entry -> {
            assertThat(entry.path()).isEqualTo("MY/osn0/tls/server.crt");
            assertThat(entry.status()).isEqualTo("unreadable");
            assertThat(entry.problem()).isNotBlank();
            assertThat(entry.notAfter()).isNull();
        });
    }

    @Test
    void knows_which_files_of_a_state_folder_are_the_network_s_certificates() {
        for (String yes : List.of("ca/ca-cert.pem", "ca/tls-cert.pem", "peer0/msp/signcerts/cert.pem",
                "osn1/tls/server.crt", "registrar/msp/signcerts/cert.pem", "chaincode/tls/server.crt",
                "identities/business-1/cert.pem")) {
            assertThat(CertificateCheck.isCertificate(Path.of(yes))).as(yes).isTrue();
        }
        for (String no : List.of("identities/business-1/msp/signcerts/cert.pem", "identities/business-1/key.pem",
                "retired-identities/business-1/1a2b.pem", "peer0/tls/ca.crt", "msp/cacerts/ca.pem",
                "peer0/msp/keystore/key_sk")) {
            assertThat(CertificateCheck.isCertificate(Path.of(no))).as(no).isFalse();
        }
    }

    private void write(String path, String commonName, Duration validFor) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + commonName);
        Instant notAfter = NOW.plus(validFor).plusSeconds(60);
        var certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(System.nanoTime()), Date.from(notAfter.minus(Duration.ofDays(4000))),
                Date.from(notAfter), subject, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(certificate);
        }
        Path file = run.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, pem.toString());
    }
}
