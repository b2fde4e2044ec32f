package vigil.watchdog.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a poll interval cannot be met within a platform's hourly allowance (GitHub: 5,000 per token). */
class PollerPaceTest {
    @Test
    void a_round_within_the_allowance_says_nothing() {
        assertThat(Poller.overAllowance(400, 5_000, Duration.ofMinutes(5))).isNull(); // 4,800 an hour
        assertThat(Poller.overAllowance(400, 0, Duration.ofMinutes(1)))
                .as("no limit")
                .isNull();
        assertThat(Poller.overAllowance(-1, 5_000, Duration.ofMinutes(1)))
                .as("unknown")
                .isNull();
    }

    @Test
    void a_round_over_the_allowance_names_the_interval_that_would_fit() {
        assertThat(Poller.overAllowance(500, 5_000, Duration.ofMinutes(5)))
                .isEqualTo("a round sends 500 requests, 6000 an hour at this interval, more than the platform allows"
                        + " (5000 an hour): the interval cannot be met; set 'poll' to at least 360s");
    }
}
