package org.silkroad.gateway.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} slice needs besides the controller: the real security configuration, identities loaded
 * by the real {@link IdentityDirectory} from a directory written like the network scripts write it (with the
 * {@link CallerStreams} that follow it), and the {@link FakeLedger} in place of the peer.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, CallerStreams.class})
public class WebSliceConfiguration {

    private static final TestIdentities IDENTITIES = TestIdentities.standard(freshDirectory());

    @Bean
    IdentityDirectory identityDirectory() {
        return IDENTITIES.load();
    }

    @Bean
    FakeLedger fakeLedger() {
        return new FakeLedger();
    }

    private static Path freshDirectory() {
        Path directory = Path.of("target", "test-identities");
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
