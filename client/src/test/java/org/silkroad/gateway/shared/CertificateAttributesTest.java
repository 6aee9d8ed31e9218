package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CertificateAttributesTest {

    private static final TestPki PKI = TestPki.newCa("ca.test");

    @Test
    void reads_role_and_other_attributes_written_by_a_fabric_ca() {
        TestPki.Issued issued = PKI.enrollment("business-1", "business");

        CertificateAttributes attributes = CertificateAttributes.of(issued.certificate());

        assertThat(attributes.role()).contains("business");
        assertThat(attributes.get("hf.EnrollmentID")).contains("business-1");
        assertThat(attributes.asMap()).containsEntry("hf.Type", "client");
    }

    @Test
    void certificate_without_attribute_extension_has_no_role() {
        TestPki.Issued issued = PKI.withExtension("plain", null);

        assertThat(CertificateAttributes.of(issued.certificate()).role()).isEmpty();
        assertThat(CertificateAttributes.of(issued.certificate()).asMap()).isEmpty();
    }

    @Test
    void attributes_without_silkroad_role_give_no_role() {
        TestPki.Issued issued = PKI.enrollment("gateway-probe", null);

        assertThat(CertificateAttributes.of(issued.certificate()).role()).isEmpty();
        assertThat(CertificateAttributes.of(issued.certificate()).get("hf.EnrollmentID")).contains("gateway-probe");
    }

    @Test
    void rejects_extension_that_is_not_json() {
        TestPki.Issued issued = PKI.withExtension("odd", "role=business".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> CertificateAttributes.of(issued.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CertificateAttributes.OID);
    }

    @Test
    void rejects_json_without_attrs_object() {
        TestPki.Issued issued = PKI.withExtension("odd", "{\"role\":\"business\"}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> CertificateAttributes.of(issued.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attrs");
    }

    @Test
    void rejects_attribute_value_that_is_not_a_string() {
        byte[] json = "{\"attrs\":{\"silkroad.role\":[\"business\",\"bank\"]}}".getBytes(StandardCharsets.UTF_8);
        TestPki.Issued issued = PKI.withExtension("odd", json);

        assertThatThrownBy(() -> CertificateAttributes.of(issued.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("silkroad.role");
    }
}
