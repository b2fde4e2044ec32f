package vigil.watchdog.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunLogTest {
    /** What runitor sends for a failing backup: progress first, the error and exit status last. */
    private static final String RUNITOR_BODY = IntStream.rangeClosed(1, 60)
                    .mapToObj(i -> "copying chunk " + i + " of 60")
                    .collect(Collectors.joining("\n"))
            + "\nerror: upload failed: 401 Unauthorized (token revoked)\n\nexit status 1\n";

    @Test
    void the_tail_keeps_the_error_at_the_end_and_says_how_much_was_cut() {
        RunLog.Tail tail = RunLog.tail(RUNITOR_BODY, 10, 2000);
        assertThat(tail.text()).endsWith("error: upload failed: 401 Unauthorized (token revoked)\n\nexit status 1");
        assertThat(tail.text().lines()).hasSize(10).first().isEqualTo("copying chunk 54 of 60");
        assertThat(tail.linesCut()).isEqualTo(53);
        assertThat(tail.note()).isEqualTo("… 53 earlier lines not shown");
    }

    @Test
    void the_tail_is_bounded_in_characters_by_whole_lines_and_a_short_log_is_whole() {
        RunLog.Tail tail = RunLog.tail(RUNITOR_BODY, 10, 80);
        assertThat(tail.text()).isEqualTo("error: upload failed: 401 Unauthorized (token revoked)\n\nexit status 1");
        assertThat(tail.linesCut()).isEqualTo(60);
        RunLog.Tail whole = RunLog.tail("  one line\n", 10, 80);
        assertThat(whole.text()).isEqualTo("one line");
        assertThat(whole.note()).isEmpty();
    }

    @Test
    void one_line_longer_than_the_budget_shows_its_end() {
        String line = "x".repeat(500) + " the cause";
        RunLog.Tail tail = RunLog.tail("start\n" + line, 10, 100);
        assertThat(tail.text()).hasSize(100).startsWith("…").endsWith(" the cause");
        assertThat(tail.linesCut()).isEqualTo(1);
    }

    @Test
    void the_last_meaningful_line_skips_blank_lines_and_the_exit_status() {
        assertThat(RunLog.lastMeaningfulLine(RUNITOR_BODY))
                .isEqualTo("error: upload failed: 401 Unauthorized (token revoked)");
        assertThat(RunLog.lastMeaningfulLine("exit status 2")).isEqualTo("exit status 2");
        assertThat(RunLog.lastMeaningfulLine(null)).isEmpty();
    }
}
