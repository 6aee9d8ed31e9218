package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallerStreamsTest {

    @TempDir
    Path dir;

    private TestIdentities files;
    private IdentityDirectory identities;
    private CallerStreams streams;

    @BeforeEach
    void load() {
        files = TestIdentities.standard(dir);
        identities = files.load();
        streams = new CallerStreams(identities);
    }

    @Test
    void the_streams_of_a_revoked_identity_end_when_the_directory_drops_it_and_no_others() throws IOException {
        FabricIdentity business = identities.identity("business-1").orElseThrow();
        FabricIdentity bank = identities.identity("bank").orElseThrow();
        AtomicInteger businessEnded = new AtomicInteger();
        AtomicInteger bankEnded = new AtomicInteger();
        streams.track(business, businessEnded::incrementAndGet);
        streams.track(business, businessEnded::incrementAndGet);
        streams.track(bank, bankEnded::incrementAndGet);

        Files.move(dir.resolve("business-1"), dir.resolve(".revoked-business-1"));
        identities.refresh();

        assertThat(businessEnded).hasValue(2);
        assertThat(bankEnded).hasValue(0);
        assertThat(streams.openAs(business)).isZero();
        assertThat(streams.openAs(bank)).isOne();
    }

    @Test
    void the_streams_of_a_re_keyed_identity_end_too() {
        FabricIdentity business = identities.identity("business-1").orElseThrow();
        AtomicInteger ended = new AtomicInteger();
        streams.track(business, ended::incrementAndGet);

        files.add("business-1", "business", "a-new-api-key");
        identities.refresh();

        assertThat(ended).hasValue(1);
    }

    @Test
    void a_stream_that_ended_on_its_own_is_not_ended_again() throws IOException {
        FabricIdentity business = identities.identity("business-1").orElseThrow();
        AtomicInteger ended = new AtomicInteger();
        Runnable untrack = streams.track(business, ended::incrementAndGet);

        untrack.run();
        Files.move(dir.resolve("business-1"), dir.resolve(".revoked-business-1"));
        identities.refresh();

        assertThat(ended).hasValue(0);
        assertThat(streams.openAs(business)).isZero();
    }

    @Test
    void a_stream_opened_as_an_identity_retired_a_moment_before_ends_at_once() throws IOException {
        FabricIdentity business = identities.identity("business-1").orElseThrow();
        Files.move(dir.resolve("business-1"), dir.resolve(".revoked-business-1"));
        identities.refresh();
        AtomicInteger ended = new AtomicInteger();

        streams.track(business, ended::incrementAndGet);

        assertThat(ended).hasValue(1);
        assertThat(streams.openAs(business)).isZero();
    }
}
