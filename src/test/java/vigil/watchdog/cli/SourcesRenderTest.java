package vigil.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vigil.watchdog.http.Json;

/** What `vigil sources` prints from the API's answer: the table, and a source's notes under its line. */
class SourcesRenderTest {
    @Test
    void workflows_the_platform_does_not_know_and_an_interval_that_cannot_be_met_are_said_under_the_source()
            throws Exception {
        String text = SourcesCommand.render(Json.MAPPER.readTree("""
                { "sources": [
                  { "name": "gh", "kind": "github", "poll": "PT5M", "polled": true, "workflows": 2000,
                    "last_success": "2026-12-02T03:00:00Z", "failures": 0, "last_error": null,
                    "not_found": "nightly (acme/reports/.github/workflows/nightly.yml)",
                    "pace": "a round sends 2000 requests, 24000 an hour at this interval, more than the platform allows (5000 an hour): the interval cannot be met; set 'poll' to at least 1440s" },
                  { "name": "crm-n8n", "kind": "n8n", "poll": "PT2M", "polled": true, "workflows": 1,
                    "last_success": null, "failures": 2,
                    "last_error": "n8n at https://n8n.example.com refused Vigil's credentials (HTTP 401)",
                    "not_found": null, "pace": null } ] }
                """));
        assertThat(text.lines().toList())
                .containsExactly(
                        "SOURCE           KIND        POLLED    WORKFLOWS  LAST SUCCESS           LAST ERROR",
                        "gh               github      every 5m       2000  2026-12-02T03:00:00Z   -",
                        "  not on the platform: nightly (acme/reports/.github/workflows/nightly.yml)",
                        "  a round sends 2000 requests, 24000 an hour at this interval, more than the platform allows"
                                + " (5000 an hour): the interval cannot be met; set 'poll' to at least 1440s",
                        "crm-n8n          n8n         every 2m          1  never                  n8n at"
                                + " https://n8n.example.com refused Vigil's credentials (HTTP 401) (2 in a row)");
    }
}
