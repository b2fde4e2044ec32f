package vigil.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium from Debian's packages, for what only a browser can say: how wide a page lays
 * out. {@code VIGIL_TEST_CHROMIUM} names the binary ({@code .ci/run} installs it and sets it, so
 * there the tests always run); without it, /usr/bin/chromium is used when present.
 */
public final class Chromium {
    public static final String ENV = "VIGIL_TEST_CHROMIUM";
    private static final Pattern WIDTH = Pattern.compile("<title>width=(\\d+)</title>");

    private Chromium() {}

    /** The binary, or the test is aborted saying how to get one. */
    public static Path binary() {
        Optional<Path> found = Optional.ofNullable(System.getenv(ENV))
                .map(Path::of)
                .or(() -> Optional.of(Path.of("/usr/bin/chromium")).filter(Files::isExecutable));
        Assumptions.assumeTrue(
                found.isPresent(), "no Chromium: install Debian's chromium package or set " + ENV + " (.ci/run does)");
        return found.get();
    }

    /**
     * How far right, in CSS pixels, anything in {@code html} reaches when its body is {@code width}
     * wide: more than {@code width} means the page overflows a window that narrow. (The body is
     * narrowed rather than the window: headless Chromium will not make a window under 500 px.)
     */
    public static int layoutWidth(String html, int width, Path dir) throws IOException, InterruptedException {
        String narrow = "<style>body{width:" + width + "px !important}</style>";
        String probe = "<script>document.title='width='+Math.ceil(Math.max(0,...Array.from("
                + "document.querySelectorAll('body *')).map(e=>e.getBoundingClientRect().right)))</script>";
        Path page = dir.resolve("page.html");
        Files.writeString(page, html.replace("</head>", narrow + "</head>").replace("</body>", probe + "</body>"));
        List<String> command = List.of(
                binary().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=800,2000",
                "--virtual-time-budget=2000",
                "--dump-dom",
                page.toUri().toString());
        Process process = new ProcessBuilder(command)
                .redirectError(dir.resolve("chromium.log").toFile())
                .start();
        String dom = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("chromium did not finish in 60 s");
        }
        Matcher m = WIDTH.matcher(dom);
        if (!m.find()) {
            throw new IOException("chromium printed no width (exit " + process.exitValue() + "): "
                    + Files.readString(dir.resolve("chromium.log")));
        }
        return Integer.parseInt(m.group(1));
    }
}
