package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityDirectoryTest {

    @TempDir
    Path dir;

    private TestIdentities identities;

    @BeforeEach
    void writeStandardIdentities() {
        identities = TestIdentities.standard(dir);
    }

    @Test
    void loads_every_identity_with_its_msp_and_role_from_the_certificate() {
        IdentityDirectory loaded = identities.load();

        assertThat(loaded.identities()).extracting(FabricIdentity::name)
                .containsExactlyInAnyOrder("bank", "business-1", "gateway-probe");
        FabricIdentity business = loaded.identity("business-1").orElseThrow();
        assertThat(business.mspId()).isEqualTo("CNMSP");
        assertThat(business.role()).contains("business");
        assertThat(business.subject()).isEqualTo("CN=business-1,OU=client");
        assertThat(loaded.identity("gateway-probe").orElseThrow().role()).isEmpty();
    }

    @Test
    void authenticates_a_caller_by_the_hash_of_its_api_key() {
        IdentityDirectory loaded = identities.load();

        assertThat(loaded.authenticate(TestIdentities.BUSINESS_KEY)).map(FabricIdentity::name).contains("business-1");
        assertThat(loaded.authenticate(TestIdentities.BANK_KEY)).map(FabricIdentity::name).contains("bank");
    }

    @Test
    void refuses_unknown_empty_and_missing_api_keys() {
        IdentityDirectory loaded = identities.load();

        assertThat(loaded.authenticate("not-a-key")).isEmpty();
        assertThat(loaded.authenticate(TestIdentities.BUSINESS_KEY + " ")).isEmpty();
        assertThat(loaded.authenticate("")).isEmpty();
        assertThat(loaded.authenticate(null)).isEmpty();
    }

    @Test
    void identity_without_api_key_hash_cannot_be_used_by_a_caller_but_is_loaded() {
        IdentityDirectory loaded = identities.load();

        assertThat(loaded.identity("gateway-probe")).isPresent();
        assertThat(loaded.authenticate("gateway-probe")).isEmpty();
    }

    @Test
    void uses_only_the_stored_hash_never_the_raw_api_key_file() throws IOException {
        Files.writeString(dir.resolve("business-1/api-key"), "something-else");

        IdentityDirectory loaded = identities.load();

        assertThat(loaded.authenticate(TestIdentities.BUSINESS_KEY)).isPresent();
        assertThat(loaded.authenticate("something-else")).isEmpty();
    }

    @Test
    void accepts_sha256sum_output_as_hash_file() throws IOException {
        Files.writeString(dir.resolve("bank/api-key.sha256"),
                TestIdentities.sha256Hex(TestIdentities.BANK_KEY) + "  -\n");

        assertThat(identities.load().authenticate(TestIdentities.BANK_KEY)).isPresent();
    }

    @Test
    void hashes_api_keys_as_lowercase_hex_sha256() {
        assertThat(IdentityDirectory.apiKeySha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void refuses_to_start_with_a_malformed_hash() throws IOException {
        Files.writeString(dir.resolve("bank/api-key.sha256"), "BA7816BF");

        assertThatThrownBy(identities::load)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bank")
                .hasMessageContaining("api-key.sha256");
    }

    @Test
    void refuses_to_start_when_two_identities_share_an_api_key() {
        identities.add("business-2", "business", TestIdentities.BUSINESS_KEY);

        assertThatThrownBy(identities::load)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("business-1")
                .hasMessageContaining("business-2");
    }

    @Test
    void refuses_to_start_when_a_key_does_not_belong_to_its_certificate() throws IOException {
        Files.copy(dir.resolve("bank/key.pem"), dir.resolve("business-1/key.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(identities::load)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("business-1")
                .hasMessageContaining("key.pem does not belong to cert.pem");
    }

    @Test
    void refuses_to_start_when_an_identity_has_no_key() throws IOException {
        Files.delete(dir.resolve("bank/key.pem"));

        assertThatThrownBy(identities::load)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bank")
                .hasMessageContaining("key.pem is missing");
    }

    @Test
    void error_messages_never_contain_key_material() throws IOException {
        Path key = dir.resolve("bank/key.pem");
        String pem = Files.readString(key);
        Files.writeString(key, pem.replace("PRIVATE KEY-----\n", "PRIVATE KEY-----\nAAAA"));

        assertThatThrownBy(identities::load)
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pem.lines().skip(1).findFirst().orElseThrow()));
    }

    @Test
    void refuses_to_start_without_the_directory() {
        assertThatThrownBy(() -> IdentityDirectory.load(dir.resolve("absent"), "CNMSP"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void ignores_hidden_directories_and_plain_files() throws IOException {
        Files.createDirectories(dir.resolve(".tmp-enroll"));
        Files.writeString(dir.resolve("README"), "identities");

        assertThat(identities.load().identities()).hasSize(3);
    }

    @Test
    void a_role_file_that_disagrees_with_the_certificate_does_not_change_the_role() throws IOException {
        Files.writeString(dir.resolve("business-1/role"), "central-bank\n");

        assertThat(identities.load().identity("business-1").orElseThrow().role()).contains("business");
    }

    @Test
    void string_form_never_shows_the_key() {
        FabricIdentity business = identities.load().identity("business-1").orElseThrow();

        assertThat(business.toString()).isEqualTo("FabricIdentity[name=business-1, mspId=CNMSP]");
    }
}
