package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The service speaks HTTP/1.1 only ({@code quarkus.http.http2=false}). A callback from a client that asks for HTTP/2 is still
 * accepted, over HTTP/1.1: with HTTP/2 on, it was answered 500, because the webhook routes read the body before RESTEasy
 * Reactive pauses the request, which Vert.x refuses on an HTTP/2 stream.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class HttpVersionTest {

    private static final URI CALLBACKS = URI.create("http://localhost:8081" + Callbacks.PATH);

    @Test
    void aCallbackFromAClientAskingForHttp2IsAcceptedOverHttp11() throws Exception {
        UUID id = UUID.randomUUID();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest request = HttpRequest.newBuilder(CALLBACKS)
                .header("Content-Type", "application/json")
                .header("X-Webhook-Secret", Callbacks.SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(Callbacks.body(id, List.of("http://localhost:1/img/1.jpg"))))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.body()).contains("\"accepted\"", id.toString());
    }

    @Test
    void anHttp2PriorKnowledgeConnectionIsClosedWithoutA500() throws Exception {
        try (Socket socket = new Socket("localhost", 8081)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).doesNotContain(" 500 ");
        }
    }
}
