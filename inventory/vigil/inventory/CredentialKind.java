package vigil.inventory;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What kind of secret a credential is; the inventory records the kind, never the secret. */
public enum CredentialKind {
    SERVICE_ACCOUNT("service-account"),
    API_KEY("api-key"),
    OAUTH_CLIENT("oauth-client"),
    PERSONAL_ACCOUNT("personal-account"),
    SSH_KEY("ssh-key"),
    CERTIFICATE("certificate"),
    OTHER("other");

    private final String yamlName;

    CredentialKind(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<CredentialKind> fromYaml(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(CredentialKind::yamlName).toList();
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
