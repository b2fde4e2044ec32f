package vigil.inventory.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Debian's crontab refuses is refused here too, with a message that says how to write it;
 * what it takes, Vigil takes.
 */
class CronSyntaxTest {
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        Named.of("a step after a single value", "5/15 * * * *"),
                        "minute step '5/15' needs a range: write 5-59/15 or */15"),
                Arguments.of(Named.of("a value with a plus sign", "+5 * * * *"), "minute value '+5' is not a number"),
                Arguments.of(Named.of("a value with a minus sign", "-0 * * * *"), "minute value '-0' is not a number"),
                Arguments.of(
                        Named.of("digits of another script", "\u0665 * * * *"),
                        "minute value '\u0665' is not a number"),
                Arguments.of(
                        Named.of("@reboot, which no deadline follows", "@reboot"),
                        "@reboot runs once when the machine starts, so no deadline follows from it; write every:"
                                + " DURATION for how often the job should report instead"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void what_debian_cron_refuses_is_refused(String expression, String message) {
        assertThatThrownBy(() -> CronExpression.parse(expression))
                .isInstanceOf(InvalidCronException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5-59/15 * * * *", "*/15 * * * *", "0 6 * * 1-5", "0,30 8-18 * JAN-MAR mon", "@daily"})
    void what_it_takes_is_taken(String expression) throws Exception {
        assertThat(CronExpression.parse(expression).source()).isEqualTo(expression);
    }
}
