package org.silkroad.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application with the explorer switched off ({@code silkroad.explorer.enabled=false}, e.g. for a gateway that
 * should not index blocks): it must start, serve the business API and answer the explorer's paths 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "silkroad.explorer.enabled=false")
class ExplorerDisabledTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void fabric(DynamicPropertyRegistry registry) throws IOException {
        GatewayApplicationTest.fabric(registry);
    }

    @Autowired
    ApplicationContext context;

    @Test
    void starts_without_the_explorer_and_serves_the_rest() throws Exception {
        assertThat(context.containsBean("explorerController")).isFalse();
        HttpRequest liveness = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness")).build();
        assertThat(HTTP.send(liveness, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
