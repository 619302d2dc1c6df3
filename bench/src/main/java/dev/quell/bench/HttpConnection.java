package dev.quell.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that POSTs bodies and reads the status of each answer, the
 * way wrk does: a socket, the request's bytes, the answer read just far enough to find where it
 * ends. The load generator shares the two cores with the service it measures, so what it costs
 * counts against the service (the JDK's {@code HttpClient}, with its selector thread and futures,
 * took a third of a core at 900 webhooks/s: docs/benchmarks.md). One thread uses a connection at
 * a time. The answer's body is skipped by its {@code Content-Length} or its chunks; an answer
 * with neither, or with {@code Connection: close}, ends the connection, and the next request
 * opens a new one.
 */
final class HttpConnection implements Closeable {

    private static final int MAX_HEAD_LINE = 8_192;

    private final InetSocketAddress address;
    private final byte[] head;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(URI uri, String contentType, Duration timeout) {
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        this.head = ("POST " + path + query + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + address.getPort()
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** Sends {@code body} and returns the answer's status code once the whole answer is read. */
    int post(byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] requestHead = Arrays.copyOf(head, head.length + length.length);
            System.arraycopy(length, 0, requestHead, head.length, length.length);
            out.write(requestHead); // the head in one write, the body in another: two segments, not three
            out.write(body);
            out.flush();
            return readAnswer();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.setSoTimeout(timeoutMillis);
            opened.connect(address, timeoutMillis);
            in = new BufferedInputStream(opened.getInputStream(), 16_384);
            out = opened.getOutputStream();
            socket = opened;
        } catch (IOException e) {
            opened.close();
            throw e;
        }
    }

    private int readAnswer() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean keepAlive = parts[0].equals("HTTP/1.1");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "connection" -> keepAlive = !value.contains("close") && (keepAlive || value.contains("keep-alive"));
                default -> { }
            }
        }
        if (chunked) {
            skipChunks();
        } else if (length >= 0) {
            skip(length);
        } else {
            while (in.read() >= 0) {
                // no length: the body ends with the connection
            }
            keepAlive = false;
        }
        if (!keepAlive) {
            close();
        }
        return status;
    }

    private void skipChunks() throws IOException {
        while (true) {
            String size = line();
            int extension = size.indexOf(';');
            long length = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
            if (length == 0) {
                while (!line().isEmpty()) {
                    // trailer fields, if any
                }
                return;
            }
            skip(length);
            line(); // the CRLF after the chunk's data
        }
    }

    private void skip(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the answer ended " + left + " bytes early");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** One line of the answer's head, without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the connection closed in the middle of an answer");
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == MAX_HEAD_LINE) {
                throw new IOException("an answer's head line is longer than " + MAX_HEAD_LINE + " bytes");
            }
            line.append((char) c);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
