package vigil.testing;

/** A small inventory that tells the incident: Dana's service account, her mailbox, a fragile alias. */
public final class Incident {
    public static final String INVENTORY = """
            people:
              - { email: dana@example.com, manager: lee@example.com }
              - { email: lee@example.com }
              - { email: sam@example.com }
            aliases:
              - { email: team@example.com, members: [lee@example.com, sam@example.com, dana@example.com] }
              - { email: finance@example.com, members: [dana@example.com] }
            credentials:
              - { id: svc-reporting, kind: service-account, system: Salesforce, owner: dana@example.com }
            workflows:
              - { id: crm-export, owner: team@example.com, schedule: "0 6 * * *", credentials: [svc-reporting], notify: [dana@example.com] }
              - { id: crm-sync, owner: team@example.com, every: 1h, credentials: [svc-reporting], notify: [dana@example.com] }
              - { id: ledger, owner: team@example.com, every: 1d, notify: [channel:team-chat] }
              - { id: invoices, owner: team@example.com, every: 1d, notify: [finance@example.com] }
            """;

    private Incident() {}
}
