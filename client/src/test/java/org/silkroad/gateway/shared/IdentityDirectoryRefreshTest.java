package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identities directory changed under a running gateway, as {@code silkroad.sh enroll}, {@code rekey} and
 * {@code revoke} change it.
 */
class IdentityDirectoryRefreshTest {

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private TestIdentities files;
    private IdentityDirectory identities;
    private final List<FabricIdentity> retired = new ArrayList<>();

    @BeforeEach
    void load() {
        files = TestIdentities.standard(dir);
        identities = files.load();
        identities.onRetired(retired::add);
    }

    @Test
    void nothing_changed_nothing_read_again() {
        FabricIdentity business = identities.identity("business-1").orElseThrow();

        assertThat(identities.refresh().isEmpty()).isTrue();
        assertThat(identities.identity("business-1")).containsSame(business);
        assertThat(identities.isCurrent(business)).isTrue();
        assertThat(retired).isEmpty();
    }

    @Test
    void an_identity_enrolled_on_the_running_network_is_a_caller_from_the_next_refresh() throws IOException {
        files.write(".staging-importer", files.pki().enrollment("importer", "business"), "business", "key-importer");
        Files.move(dir.resolve(".staging-importer"), dir.resolve("importer"));
        assertThat(identities.authenticate("key-importer")).isEmpty();

        IdentityDirectory.Changes changes = identities.refresh();

        assertThat(changes.added()).containsExactly("importer");
        assertThat(identities.authenticate("key-importer")).map(FabricIdentity::role).contains(java.util.Optional.of(
                "business"));
        assertThat(identities.authenticate(TestIdentities.BUSINESS_KEY)).isPresent();
        assertThat(retired).isEmpty();
    }

    @Test
    void a_re_key_written_file_by_file_never_serves_a_mismatched_pair_and_ends_the_old_api_key_first()
            throws IOException {
        FabricIdentity before = identities.identity("business-1").orElseThrow();
        Path staging = files.write(".rekey-business-1", files.pki().enrollment("business-1", "business"), "business",
                "key-business-1-new");
        Path home = dir.resolve("business-1");

        // The order silkroad.sh rekey uses: the API key's hash, then the key, then the certificate.
        move(staging, home, "api-key.sha256");
        identities.refresh();
        FabricIdentity newKeyOldCertificate = identities.authenticate("key-business-1-new").orElseThrow();
        assertThat(newKeyOldCertificate.certificate()).isEqualTo(before.certificate());
        assertThat(identities.authenticate(TestIdentities.BUSINESS_KEY)).isEmpty();

        move(staging, home, "key.pem");
        IdentityDirectory.Changes mismatched = identities.refresh();
        assertThat(mismatched.refused()).containsExactly("business-1");
        assertThat(identities.authenticate("key-business-1-new")).containsSame(newKeyOldCertificate);
        assertThat(identities.refresh().isEmpty()).as("refused files are not read again").isTrue();

        move(staging, home, "cert.pem");
        IdentityDirectory.Changes complete = identities.refresh();
        assertThat(complete.replaced()).containsExactly("business-1");
        FabricIdentity after = identities.authenticate("key-business-1-new").orElseThrow();
        assertThat(after.certificate()).isNotEqualTo(before.certificate());
        assertThat(after.certificate().getPublicKey()).isNotEqualTo(before.certificate().getPublicKey());
        assertThat(retired).containsExactly(before, newKeyOldCertificate);
        assertThat(identities.isCurrent(before)).isFalse();
        assertThat(identities.isCurrent(after)).isTrue();
    }

    @Test
    void an_identity_moved_out_of_the_directory_is_dropped() throws IOException {
        FabricIdentity business = identities.identity("business-1").orElseThrow();
        Files.move(dir.resolve("business-1"), elsewhere.resolve("business-1"));

        IdentityDirectory.Changes changes = identities.refresh();

        assertThat(changes.dropped()).containsExactly("business-1");
        assertThat(identities.authenticate(TestIdentities.BUSINESS_KEY)).isEmpty();
        assertThat(identities.identity("business-1")).isEmpty();
        assertThat(identities.identities()).extracting(FabricIdentity::name)
                .containsExactlyInAnyOrder("bank", "gateway-probe");
        assertThat(retired).containsExactly(business);
    }

    @Test
    void an_incomplete_new_identity_is_refused_until_complete_and_the_others_stay() throws IOException {
        Path home = Files.createDirectories(dir.resolve("importer"));
        TestPki.Issued issued = files.pki().enrollment("importer", "business");
        Files.writeString(home.resolve("cert.pem"), issued.certificatePem());
        Files.writeString(home.resolve("api-key.sha256"), TestIdentities.sha256Hex("key-importer"));

        assertThat(identities.refresh().refused()).containsExactly("importer");
        assertThat(identities.authenticate("key-importer")).isEmpty();
        assertThat(identities.authenticate(TestIdentities.BANK_KEY)).isPresent();

        Files.writeString(home.resolve("key.pem"), issued.privateKeyPem());
        assertThat(identities.refresh().added()).containsExactly("importer");
        assertThat(identities.authenticate("key-importer")).isPresent();
    }

    @Test
    void a_new_identity_with_the_api_key_of_another_is_refused_and_the_other_keeps_it() {
        files.add("business-2", "business", TestIdentities.BUSINESS_KEY);

        IdentityDirectory.Changes changes = identities.refresh();

        assertThat(changes.refused()).containsExactly("business-2");
        assertThat(identities.authenticate(TestIdentities.BUSINESS_KEY)).map(FabricIdentity::name)
                .contains("business-1");
        assertThat(identities.identity("business-2")).isEmpty();
    }

    @Test
    void an_identity_whose_files_are_rewritten_in_place_is_read_again() {
        FabricIdentity before = identities.identity("bank").orElseThrow();

        files.add("bank", "bank", "key-bank-rotated");

        assertThat(identities.refresh().replaced()).containsExactly("bank");
        assertThat(identities.authenticate("key-bank-rotated")).isPresent();
        assertThat(identities.authenticate(TestIdentities.BANK_KEY)).isEmpty();
        assertThat(retired).containsExactly(before);
    }

    @Test
    void watching_takes_changes_in_without_being_asked() throws Exception {
        identities.watch(Duration.ofMillis(50));
        try {
            files.add("importer", "business", "key-importer");

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (identities.authenticate("key-importer").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(identities.authenticate("key-importer")).isPresent();
        } finally {
            identities.close();
        }
    }

    private static void move(Path from, Path to, String file) throws IOException {
        Files.move(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
