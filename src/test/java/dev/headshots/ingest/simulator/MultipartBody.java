package dev.headshots.ingest.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds {@code multipart/form-data} request bodies for tests, the way curl's {@code -F} does. */
final class MultipartBody {

    private final String boundary;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    MultipartBody(String boundary) {
        this.boundary = boundary;
    }

    MultipartBody field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n",
                value.getBytes(StandardCharsets.UTF_8));
    }

    MultipartBody file(String name, String filename, String contentType, byte[] content) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\nContent-Type: "
                + contentType + "\r\n", content);
    }

    byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(bytes.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return all.toByteArray();
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    private MultipartBody part(String headers, byte[] content) {
        bytes.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(content);
        bytes.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }
}
