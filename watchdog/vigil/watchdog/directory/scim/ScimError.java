package vigil.watchdog.directory.scim;

import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;

/**
 * A request the SCIM endpoint refuses, answered as a SCIM error body ({@code
 * urn:ietf:params:scim:api:messages:2.0:Error}). Unchecked, so that it can leave a directory
 * transaction and roll it back; its detail never repeats a value the client sent.
 */
final class ScimError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String scimType;

    ScimError(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    static ScimError of(ScimException e) {
        ErrorResponse error = e.getScimError();
        return new ScimError(error.getStatus(), error.getScimType(), error.getDetail());
    }

    static ScimError invalidValue(String detail) {
        return new ScimError(400, "invalidValue", detail);
    }

    static ScimError invalidSyntax(String detail) {
        return new ScimError(400, "invalidSyntax", detail);
    }

    static ScimError notFound(String detail) {
        return new ScimError(404, null, detail);
    }

    static ScimError uniqueness(String detail) {
        return new ScimError(409, "uniqueness", detail);
    }

    int status() {
        return status;
    }

    ErrorResponse body() {
        ErrorResponse body = new ErrorResponse(status);
        body.setScimType(scimType);
        body.setDetail(getMessage());
        return body;
    }
}
