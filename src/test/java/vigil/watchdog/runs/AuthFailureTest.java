package vigil.watchdog.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which failure evidence shows a refused credential: the platforms' and tools' own words. */
class AuthFailureTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            curl: (22) The requested URL returned error: 401                       | true
            n8n error: HTTP 401: Authorization failed - please check your credentials | true
            HTTP/1.1 403 Forbidden                                                 | true
            {"error":"invalid_grant","error_description":"Token has been expired or revoked."} | true
            GitHub: Bad credentials                                                | true
            [{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}] | true
            psql: error: FATAL:  password authentication failed for user "etl"     | true
            git@github.com: Permission denied (publickey).                         | true
            requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url  | true
            exit status 1                                                          | false
            processed 401 rows in 403 ms                                           | false
            ERROR: disk quota exceeded                                             | false
            permission denied: /var/backups                                        | false
            """)
    void a_failure_shows_a_refused_credential_only_in_those_words(String body, boolean auth) {
        assertThat(AuthFailure.in(body)).isEqualTo(auth);
    }
}
