package dev.headshots.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener that counts the connections it accepts and closes each at once: it stands at an address a download must never
 * reach, so a count above zero means the downloader connected somewhere it had not vetted.
 */
public final class SsrfCanary implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    private SsrfCanary(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptAll, "ssrf-canary-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address} (a loopback address such as 127.0.0.2), on {@code port} or any free port if 0. */
    public static SsrfCanary listen(String address, int port) {
        try {
            return new SsrfCanary(new ServerSocket(port, 50, InetAddress.getByName(address)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connections.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
