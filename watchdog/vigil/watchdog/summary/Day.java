package vigil.watchdog.summary;

import java.time.LocalDate;

/** One day of one workflow: runs the schedule asked for, and what happened. */
public record Day(LocalDate date, int expected, int succeeded, int failed, int missed, int upcoming, boolean paused) {

    public Mark mark() {
        if (paused) {
            return Mark.PAUSED;
        }
        if (failed > 0) {
            return Mark.FAILED;
        }
        if (missed > 0) {
            return Mark.MISSED;
        }
        if (succeeded > 0) {
            return Mark.OK;
        }
        return upcoming > 0 ? Mark.UPCOMING : Mark.NONE;
    }

    /** Runs that reported, successful or not. */
    public int ran() {
        return succeeded + failed;
    }
}
