package vigil.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny SMTP server that answers RCPT TO with a chosen reply (550 mailbox gone, 451 try later),
 * which GreenMail cannot do. Everything else is accepted.
 */
public final class FakeSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final String rcptReply;
    private final java.time.Duration dataReplyDelay;
    private final java.util.concurrent.atomic.AtomicInteger messagesReceived =
            new java.util.concurrent.atomic.AtomicInteger();
    private final Thread thread;

    private final javax.net.ssl.SSLContext tls;

    public FakeSmtpServer(String rcptReply) throws IOException {
        this(rcptReply, false);
    }

    /** With {@code hangAfterData}, a message is read in full and then never acknowledged. */
    public FakeSmtpServer(String rcptReply, boolean hangAfterData) throws IOException {
        this(rcptReply, hangAfterData ? java.time.Duration.ofDays(1) : java.time.Duration.ZERO, null);
    }

    /** Answers the end of every message's DATA only after {@code dataReplyDelay} (a scanning server). */
    public FakeSmtpServer(java.time.Duration dataReplyDelay) throws IOException {
        this("250 ok", dataReplyDelay, null);
    }

    /** Offering STARTTLS with {@code tls}'s key and certificate. */
    public FakeSmtpServer(javax.net.ssl.SSLContext tls) throws IOException {
        this("250 ok", java.time.Duration.ZERO, tls);
    }

    private FakeSmtpServer(String rcptReply, java.time.Duration dataReplyDelay, javax.net.ssl.SSLContext tls)
            throws IOException {
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.rcptReply = rcptReply;
        this.dataReplyDelay = dataReplyDelay;
        this.tls = tls;
        this.thread = new Thread(this::serve, "fake-smtp");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private final java.util.List<String> greetings = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The EHLO/HELO lines clients sent, in order. */
    public java.util.List<String> greetings() {
        return java.util.List.copyOf(greetings);
    }

    /** Messages whose DATA was read completely (acknowledged or not). */
    public int messagesReceived() {
        return messagesReceived.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> converse(client), "fake-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket connection) {
        try (Socket client = connection) {
            Socket secured = talk(client, true);
            if (secured != null) {
                try (Socket over = secured) {
                    talk(over, false);
                }
            }
        } catch (IOException e) {
            // closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One conversation on {@code client}; the TLS socket to go on with after STARTTLS, else null. */
    private Socket talk(Socket client, boolean greet) throws IOException, InterruptedException {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII);
        if (greet) {
            reply(out, "220 fake ESMTP");
        }
        String line;
        boolean data = false;
        while ((line = in.readLine()) != null) {
            if (data) {
                if (line.equals(".")) {
                    data = false;
                    messagesReceived.incrementAndGet();
                    Thread.sleep(dataReplyDelay.toMillis());
                    reply(out, "250 queued");
                }
                continue;
            }
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
            switch (verb) {
                case "EHLO", "HELO" -> {
                    greetings.add(line);
                    reply(out, tls != null && greet ? "250-fake\r\n250 STARTTLS" : "250 fake");
                }
                case "STAR" -> {
                    reply(out, "220 go ahead");
                    javax.net.ssl.SSLSocket secured = (javax.net.ssl.SSLSocket)
                            tls.getSocketFactory().createSocket(client, null, client.getPort(), false);
                    secured.setUseClientMode(false);
                    return secured;
                }
                case "MAIL" -> reply(out, "250 ok");
                case "RCPT" -> reply(out, rcptReply);
                case "DATA" -> {
                    data = true;
                    reply(out, "354 go ahead");
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return null;
                }
                default -> reply(out, "250 ok");
            }
        }
        return null;
    }

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
