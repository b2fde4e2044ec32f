package vigil.notifiers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/** TLS for notifiers: trusting a private CA, and saying in words why a handshake failed. */
public final class Tls {
    private Tls() {}

    /** The certificates in a PEM file; a file with none, or unreadable, is refused with the reason. */
    public static Collection<X509Certificate> certificates(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            @SuppressWarnings("unchecked")
            Collection<X509Certificate> certificates = (Collection<X509Certificate>)
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException(pem + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
            }
            return certificates;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(pem + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** A TLS context that trusts exactly the certificates in {@code pem}. */
    public static SSLContext trusting(Path pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate certificate : certificates(pem)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + pem + " as the CA to trust: " + e.getMessage(), e);
        }
    }

    /**
     * Why TLS with {@code host} failed, in words, when {@code failure} was a TLS failure (mail
     * says only "Could not convert socket to TLS"); null when it was not.
     */
    static String failure(Throwable failure, String host) {
        boolean tls = false;
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof CertificateExpiredException) {
                return "the server's certificate has expired";
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("PKIX path") || message.contains("unable to find valid certification path")) {
                return "the server's certificate is not signed by a CA this machine trusts"
                        + " (for a private CA, set mail.smtp.ca to its PEM file)";
            }
            if (message.contains("Can't verify identity of server")
                    || message.contains("No subject alternative")
                    || message.contains("No name matching")) {
                return "the server's certificate does not name " + host;
            }
            tls |= t instanceof SSLException || message.contains("convert socket to TLS");
        }
        if (!tls) {
            return null;
        }
        Throwable root = failure;
        while (next(root) != null) {
            root = next(root);
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof jakarta.mail.MessagingException m
                && m.getNextException() != null
                && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
